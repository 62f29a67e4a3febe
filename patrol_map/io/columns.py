"""Matching the column names users write (Vietnamese or English) to canonical names."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from patrol_map.errors import InputFileError
from patrol_map.text import fold

#: Coordinate columns of tables: longitude/latitude (WGS 84) or x/y in a CRS the user names.
COORDINATE_ALIASES = {
    "lon": ("lng", "long", "longitude", "kinh_do"),
    "lat": ("latitude", "vi_do"),
    "x": ("toa_do_x", "easting"),
    "y": ("toa_do_y", "northing"),
}


def match_columns(
    columns: Iterable[str],
    aliases: Mapping[str, Iterable[str]],
    chosen: Mapping[str, str] | None = None,
    path: str | Path | None = None,
) -> dict[str, str]:
    """Map canonical column names to the names used in a file.

    Parameters
    ----------
    columns
        The column names as they appear in the file.
    aliases
        Canonical name -> accepted names (compared after :func:`fold`).
    chosen
        Columns a user chose for fields (``{"date": "Ngày báo"}``): they are read for those
        fields whatever their names, and no other field is read from them; a field chosen as
        ``""`` is not read at all. Fields not in ``aliases`` are left to another call.
    path
        The file, for the message.

    Returns
    -------
    dict
        Canonical name -> the file's column name, for every canonical name found.

    Raises
    ------
    InputFileError
        When a chosen column is not in the file, or one column is chosen for two fields.

    """
    columns = list(columns)
    # A column typed in a shell may come decomposed (NFD): named as the file's own spelling.
    spelled = {unicodedata.normalize("NFC", column): column for column in columns}
    chosen = {field: spelled.get(unicodedata.normalize("NFC", c), c) for field, c in (chosen or {}).items()}
    mine = {field: column for field, column in chosen.items() if field in aliases}
    found = {field: column for field, column in mine.items() if column}
    _check_chosen(columns, chosen or {}, found, path)
    taken = set((chosen or {}).values())
    folded = {fold(col): col for col in columns if col not in taken}
    for canonical, names in aliases.items():
        if canonical in mine:
            continue
        for name in (canonical, *names):
            if fold(name) in folded:
                found[canonical] = folded[fold(name)]
                break
    return found


def _check_chosen(
    columns: list[str], chosen: Mapping[str, str], mine: Mapping[str, str], path: str | Path | None
) -> None:
    for field, column in mine.items():
        if column not in columns:
            raise InputFileError(
                f"Tệp không có cột '{column}' (được chọn cho '{field}').",
                f"The file has no column '{column}' (chosen for '{field}').",
                file=path,
                row=1,
                column=column,
            )
    values = list(chosen.values())
    for column in mine.values():
        if values.count(column) > 1:
            raise InputFileError(
                f"Cột '{column}' được chọn cho hai thông tin; mỗi cột chỉ cho một.",
                f"The column '{column}' is chosen for two fields; a column gives one field.",
                file=path,
                row=1,
                column=column,
            )


def refuse_unknown_fields(chosen: Mapping[str, str] | None, fields: Iterable[str], path: str | Path) -> None:
    """Refuse a column chosen for a field the file's kind does not have.

    Raises
    ------
    InputFileError
        Naming the first such field and the fields there are.

    """
    fields = tuple(fields)
    unknown = sorted(set(chosen or {}) - set(fields))
    if unknown:
        listed = ", ".join(fields) or "-"
        raise InputFileError(
            f"Không có thông tin '{unknown[0]}' để chọn cột cho loại này; có: {listed}.",
            f"There is no field '{unknown[0]}' to choose a column for in this kind; there are: {listed}.",
            file=path,
        )


def require_columns(
    found: Mapping[str, str],
    required: Iterable[str],
    aliases: Mapping[str, Iterable[str]],
    path: str | Path,
) -> None:
    """Raise :class:`InputFileError` naming the first required column the file lacks."""
    for canonical in required:
        if canonical not in found:
            accepted = ", ".join((canonical, *aliases.get(canonical, ())))
            raise InputFileError(
                f"Thiếu cột '{canonical}'. Tên cột được chấp nhận: {accepted}.",
                f"Column '{canonical}' is missing. Accepted column names: {accepted}.",
                file=path,
                row=1,
                column=canonical,
            )


_TRUE_WORDS = {"true", "1", "yes", "y", "co", "x"}


def synthetic_flags(frame: pd.DataFrame) -> np.ndarray:
    """Return the ``is_synthetic`` column as booleans (``False`` where the file has none).

    Accepts booleans and the words true/false, 1/0, yes/no, có/không.
    """
    if "is_synthetic" not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    return np.array([fold(str(v)) in _TRUE_WORDS for v in frame["is_synthetic"]], dtype=bool)
