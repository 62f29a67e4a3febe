"""Incident records from a CSV file: date, time, category and a location.

A location is either coordinates (lon/lat in WGS 84, or x/y in a CRS the user names) or only a
village name, as many commune logs have. A record with only a village name is placed at a point
inside its village and marked ``location = "village"``: it counts for its village, but it is not
a precise location and the density grid leaves it out.

Records keep the id the file gives them; a file without an id column gets ids made from each
record's content, so importing the same file twice updates rather than duplicates, and importing
another month's file adds to what is stored.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import CRS

from patrol_map.errors import InputFileError
from patrol_map.geo.geocode import VillageNames, village_of
from patrol_map.io.cells import content_ids, parse_cells, parse_number, refuse_repeats
from patrol_map.io.columns import COORDINATE_ALIASES, match_columns, require_columns, synthetic_flags
from patrol_map.io.csvfile import read_csv_text
from patrol_map.io.vector import parse_crs
from patrol_map.model import BOUNDARY_TOLERANCE_M, INCIDENT_CATEGORIES
from patrol_map.text import fold

INCIDENT_ALIASES = {
    "incident_id": ("id", "ma_vu", "ma_vu_viec", "so_hieu"),
    "date": ("ngay", "ngay_xay_ra", "ngay_vu_viec", "ngay_thang"),
    "time": ("gio", "gio_xay_ra", "thoi_gian", "hour"),
    "category": ("loai", "loai_vu_viec", "phan_loai", "type", "tinh_chat"),
    "village": ("thon", "thon_xom", "ten_thon", "dia_ban", "khu_dan_cu"),
    **COORDINATE_ALIASES,
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M:%S")
TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%Hh%M", "%Hh")

#: Everyday words for the categories, as commune logs write them (folded).
CATEGORY_SYNONYMS = {
    "trom": "theft", "trom_cap": "theft", "trom_tai_san": "theft", "mat_trom": "theft",
    "trom_dot_nhap": "burglary", "dot_nhap": "burglary", "trom_nha": "burglary",
    "danh_bac": "gambling", "co_bac": "gambling", "lo_de": "gambling", "ghi_lo_de": "gambling",
    "ma_tuy": "drugs", "su_dung_ma_tuy": "drugs", "mua_ban_ma_tuy": "drugs", "tang_tru_ma_tuy": "drugs",
    "danh_nhau": "fight", "co_y_gay_thuong_tich": "fight", "gay_thuong_tich": "fight", "xo_xat": "fight",
    "gay_roi": "public_order", "gay_roi_trat_tu": "public_order", "gay_mat_trat_tu": "public_order",
    "tai_nan_giao_thong": "traffic", "tngt": "traffic", "vi_pham_giao_thong": "traffic",
    "dua_xe": "traffic", "trat_tu_an_toan_giao_thong": "traffic",
}  # fmt: skip
_CATEGORY_WORDS = (
    {fold(key): key for key in INCIDENT_CATEGORIES}
    | {fold(vi): key for key, (vi, _) in INCIDENT_CATEGORIES.items()}
    | {fold(en): key for key, (_, en) in INCIDENT_CATEGORIES.items()}
    | CATEGORY_SYNONYMS
)


def parse_date(text: str) -> date:
    """Read a date as clerks write it (``2026-11-23``, ``23/11/2026``, Excel's ``2026-11-23 00:00:00``).

    Raises
    ------
    InputFileError
        For a text that is no date.

    """
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise InputFileError(
        f"Ngày '{text}' không hợp lệ; viết dạng 2026-11-23 hoặc 23/11/2026.",
        f"Date '{text}' is not valid; write it as 2026-11-23 or 23/11/2026.",
    )


def _parse_time(text: str) -> time | None:
    if not text:
        return None
    for fmt in TIME_FORMATS:
        try:
            return datetime.strptime(text.lower(), fmt).time()
        except ValueError:
            continue
    raise InputFileError(
        f"Giờ '{text}' không hợp lệ; viết dạng 21:30 (hoặc để trống nếu không rõ).",
        f"Time '{text}' is not valid; write it as 21:30 (or leave it empty when unknown).",
    )


def _parse_category(text: str) -> str:
    folded = fold(text)
    key = _CATEGORY_WORDS.get(folded)
    if key is None:
        # A longer description ("Tàng trữ trái phép chất ma túy") names one category by its words.
        inside = {k for words, k in _CATEGORY_WORDS.items() if f"_{words}_" in f"_{folded}_"}
        key = inside.pop() if len(inside) == 1 else None
    if key is None:
        allowed = ", ".join(f"{k} ({vi})" for k, (vi, _) in INCIDENT_CATEGORIES.items())
        raise InputFileError(
            f"Loại vụ việc '{text}' không có trong danh mục: {allowed}.",
            f"Category '{text}' is not one of: {allowed}.",
        )
    return key


def read_incidents(
    path: str | Path,
    commune: gpd.GeoDataFrame,
    villages: gpd.GeoDataFrame,
    xy_crs: str | None = None,
) -> gpd.GeoDataFrame:
    """Read, check and place incident records.

    Parameters
    ----------
    path
        UTF-8 CSV with columns date, category and time (Vietnamese names accepted: ``ngày``,
        ``loại``, ``giờ``...), and a location: ``lon``/``lat`` (WGS 84), ``x``/``y`` (in
        ``xy_crs``) or ``village`` (``thôn``), or several of them.
    commune
        The commune boundary (one row), in the workspace's metric CRS.
    villages
        Village polygons (``name``) in the same CRS.
    xy_crs
        The CRS of the ``x``/``y`` columns (e.g. ``"EPSG:3405"`` for VN-2000 / UTM 48N).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``incident_id``, ``date`` (ISO text), ``time`` (``HH:MM`` or empty), ``category``,
        ``village``, ``location`` (``point`` or ``village``), ``is_synthetic`` and a point
        geometry in the commune's CRS.

    Raises
    ------
    InputFileError
        Naming the file, row and column of the first bad value: a missing column, a bad date
        or time, an unknown category, an unknown or ambiguous village, coordinates outside the
        commune, a row with no location at all, or an id given twice.

    """
    path = Path(path)
    frame = read_csv_text(path)
    found = match_columns(frame.columns, INCIDENT_ALIASES)
    require_columns(found, ("date", "category"), INCIDENT_ALIASES, path)
    has_lonlat = "lon" in found and "lat" in found
    has_xy = "x" in found and "y" in found
    if not (has_lonlat or has_xy or "village" in found):
        require_columns(found, ("village",), INCIDENT_ALIASES, path)
    if has_xy and xy_crs is None and not has_lonlat:
        raise InputFileError(
            "Tệp có cột x/y; hãy cho biết hệ tọa độ của chúng (ví dụ --crs EPSG:3405 cho VN-2000).",
            "The file has x/y columns; give their coordinate reference system (e.g. --crs EPSG:3405 "
            "for VN-2000).",
            file=path,
            row=1,
            column=found["x"],
        )

    dates = parse_cells(frame, found["date"], parse_date, path)
    times = parse_cells(frame, found["time"], _parse_time, path) if "time" in found else [None] * len(frame)
    categories = parse_cells(frame, found["category"], _parse_category, path)
    if "village" in found:
        names = parse_cells(frame, found["village"], VillageNames(villages["name"]).match, path)
    else:
        names = [""] * len(frame)
    points, exact = _locate(frame, found, commune, villages, names, xy_crs, path)
    inside = village_of(points, villages)
    names = [name or inside[i] for i, name in enumerate(names)]
    times_text = [t.strftime("%H:%M") if t else "" for t in times]
    incidents = gpd.GeoDataFrame(
        {
            "date": [d.isoformat() for d in dates],
            "time": times_text,
            "category": categories,
            "village": names,
            "location": np.where(exact, "point", "village"),
            "is_synthetic": synthetic_flags(frame),
        },
        geometry=points.to_numpy(),
        crs=commune.crs,
    )
    incidents.insert(0, "incident_id", _record_ids(frame, found, incidents, path))
    return incidents


def _record_ids(
    frame: pd.DataFrame, found: dict[str, str], incidents: gpd.GeoDataFrame, path: Path
) -> np.ndarray:
    """Return the file's ids, or ids made from what each record says; refuse an id given twice.

    A made id depends only on the record as written (its date, time and category, its village as
    typed and its coordinates as typed), not on the workspace's villages, so importing the same
    file again after new village boundaries still updates rather than duplicates.
    """
    given = frame[found["incident_id"]].to_numpy() if "incident_id" in found else np.full(len(frame), "")
    written = incidents[["date", "time", "category"]].agg("|".join, axis=1)
    for column in ("village", "lon", "lat", "x", "y"):
        if column in found:
            written = written + "|" + frame[found[column]].map(fold).to_numpy()
    ids = pd.Series(np.where(given != "", given, content_ids("V", written)), index=frame.index)
    refuse_repeats(ids, found.get("incident_id", "incident_id"), path)
    return ids.to_numpy()


def _locate(
    frame: pd.DataFrame,
    found: dict[str, str],
    commune: gpd.GeoDataFrame,
    villages: gpd.GeoDataFrame,
    village_names: list[str],
    xy_crs: str | None,
    path: Path,
) -> tuple[gpd.GeoSeries, np.ndarray]:
    """Place each row: at its coordinates when given, else at a point inside its village.

    Returns the points (in the commune's CRS) and a mask of the rows placed by coordinates.
    """
    if "lon" in found and "lat" in found:
        columns, source = (found["lon"], found["lat"]), CRS.from_epsg(4326)
    elif "x" in found and "y" in found:
        columns, source = (found["x"], found["y"]), parse_crs(xy_crs, path)
    else:
        columns, source = None, None
    given = np.zeros(len(frame), dtype=bool)
    if columns is not None:
        given = ((frame[columns[0]] != "") & (frame[columns[1]] != "")).to_numpy()
    for position in np.flatnonzero(~given & (np.array(village_names) == "")):
        raise InputFileError(
            "Dòng này không có tọa độ và cũng không có tên thôn; cần một trong hai.",
            "This row has neither coordinates nor a village name; it needs one of them.",
            file=path,
            row=int(frame.index[position]),
            column=found.get("village", "village"),
        )
    village_points = dict(zip(villages["name"], villages.geometry.representative_point(), strict=True))
    points = gpd.GeoSeries([village_points.get(name) for name in village_names], crs=commune.crs)
    if given.any():
        a = parse_cells(frame[given], columns[0], parse_number, path)
        b = parse_cells(frame[given], columns[1], parse_number, path)
        exact = gpd.GeoSeries.from_xy(a, b, crs=source).to_crs(commune.crs)
        area = commune.geometry.iloc[0].buffer(BOUNDARY_TOLERANCE_M)
        outside = ~exact.within(area).to_numpy()
        if outside.any():
            first = int(np.flatnonzero(outside)[0])
            raise InputFileError(
                f"Tọa độ ({a[first]}, {b[first]}) nằm ngoài địa bàn xã. Kiểm tra lại (kinh độ và vĩ độ "
                "có bị đảo không?).",
                f"The coordinates ({a[first]}, {b[first]}) lie outside the commune. Check them (are "
                "longitude and latitude swapped?).",
                file=path,
                row=int(frame.index[given][first]),
                column=columns[0],
            )
        points[given] = exact.to_numpy()
    return points, given
