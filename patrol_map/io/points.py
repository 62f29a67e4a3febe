"""Dated points for forecast back-tests (``patrol-map backtest``): a CSV of ``date, x, y`` and a study area.

The coordinates are taken as they are, in whatever projected CRS the file uses (metres or feet): a
back-test needs only distances within one file, and the study area must be in the same CRS.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from patrol_map.errors import InputFileError
from patrol_map.io.csvfile import read_csv_text

REQUIRED = ("date", "x", "y")


def read_points(path: str | Path) -> pd.DataFrame:
    """Read a CSV file of incidents with columns ``date``, ``x``, ``y`` (others are ignored).

    Parameters
    ----------
    path
        UTF-8 CSV; ``date`` as ``2026-11-23`` (a time after it is ignored) or ``23/11/2026``;
        ``x``, ``y`` numbers in a projected CRS (metres or feet).

    Returns
    -------
    pandas.DataFrame
        ``date`` (datetime64), ``x``, ``y`` (float), indexed by spreadsheet row.

    Raises
    ------
    InputFileError
        Naming the file, row and column of a missing column, a bad date or a bad number.

    """
    table = read_csv_text(path)
    table.columns = [name.strip().lower() for name in table.columns]
    for name in REQUIRED:
        if name not in table:
            raise InputFileError(
                f"Thiếu cột '{name}'. Tệp cần các cột date, x, y.",
                f"The column '{name}' is missing. The file needs the columns date, x, y.",
                file=path,
                row=1,
                column=name,
            )
    text = table["date"]
    iso = text.str.fullmatch(r"\d{4}-\d{2}-\d{2}([ T].*)?")
    dates = pd.to_datetime(text.str[:10].where(iso), format="%Y-%m-%d", errors="coerce")
    dates = dates.fillna(pd.to_datetime(text.where(~iso), format="%d/%m/%Y", errors="coerce"))
    _refuse(
        path,
        dates.isna(),
        text,
        "date",
        "ngày không đúng dạng 2026-11-23 hoặc 23/11/2026",
        "not a date like 2026-11-23 or 23/11/2026",
    )
    frame = pd.DataFrame({"date": dates}, index=table.index)
    for name in ("x", "y"):
        numbers = pd.to_numeric(table[name], errors="coerce")
        _refuse(path, ~np.isfinite(numbers), table[name], name, "không phải là số", "not a number")
        frame[name] = numbers.astype(float)
    return frame


def _refuse(path: str | Path, bad: pd.Series, text: pd.Series, column: str, vi: str, en: str) -> None:
    if bad.any():
        row = bad.idxmax()
        value = text[row]
        raise InputFileError(f"'{value}': {vi}.", f"'{value}': {en}.", file=path, row=int(row), column=column)


def read_boundary(path: str | Path) -> gpd.GeoDataFrame:
    """Read a study-area polygon file (any format geopandas reads), coordinates as they are.

    Raises
    ------
    InputFileError
        When the file cannot be read or holds no polygon.

    """
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise InputFileError(
            f"Không đọc được tệp ranh giới: {exc}.", f"The boundary file cannot be read: {exc}.", file=path
        ) from exc
    polygons = frame[frame.geometry.notna() & frame.geom_type.isin(["Polygon", "MultiPolygon"])]
    if polygons.empty:
        raise InputFileError(
            "Tệp ranh giới không có vùng (polygon) nào.", "The boundary file holds no polygon.", file=path
        )
    return polygons
