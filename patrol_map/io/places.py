"""Places that matter to patrols: the bases, markets, school gates, crossings, village centres."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd

from patrol_map.errors import InputFileError
from patrol_map.geo.crs import WGS84
from patrol_map.io.cells import (
    Refusals,
    parse_cells,
    parse_number,
    refuse_repeats,
    rows_left,
    screen_cells,
    screen_rows,
)
from patrol_map.io.columns import (
    COORDINATE_ALIASES,
    match_columns,
    require_columns,
    synthetic_flags,
)
from patrol_map.io.spreadsheet import SPREADSHEET_SUFFIXES
from patrol_map.io.tables import encoding_notice, read_table
from patrol_map.io.timetable import parse_days, parse_hours
from patrol_map.io.vector import Notice, parse_crs, read_vector
from patrol_map.text import fold

#: Place kinds: key -> (Vietnamese, English). The bases are where circuits start and end.
PLACE_KINDS: dict[str, tuple[str, str]] = {
    "police_post": ("Trụ sở Công an xã", "Commune police post"),
    "military_command": ("Ban Chỉ huy Quân sự xã", "Commune military command"),
    "market": ("Chợ", "Market"),
    "school": ("Trường học", "School"),
    "pagoda": ("Chùa", "Pagoda"),
    "church": ("Nhà thờ", "Church"),
    "ferry": ("Bến đò", "Ferry landing"),
    "bridge": ("Cầu", "Bridge"),
    "village_centre": ("Trung tâm thôn", "Village centre"),
    "checkpoint": ("Chốt", "Checkpoint"),
    "other": ("Khác", "Other"),
}
BASE_KINDS = ("police_post", "military_command")
PLACE_ALIASES = {
    "place_id": ("id", "ma", "ma_dia_diem"),
    "name": ("ten", "ten_dia_diem"),
    "kind": ("loai", "loai_dia_diem", "type"),
    "priority": ("uu_tien", "muc_uu_tien"),
    "hours": ("gio", "khung_gio", "gio_tuan_tra", "opening_hours", "time_window"),
    "days": ("ngay", "thu", "ngay_trong_tuan", "weekdays"),
}
#: Everyday words for the kinds (folded).
KIND_SYNONYMS = {
    "cong_an": "police_post", "cong_an_xa": "police_post", "tru_so_cong_an": "police_post",
    "ban_chqs": "military_command", "ban_chi_huy_quan_su": "military_command", "quan_su": "military_command",
    "truong": "school", "cong_truong": "school", "chua": "pagoda", "den": "pagoda", "dinh": "pagoda",
    "nha_tho": "church", "ben_do": "ferry", "ben_pha": "ferry", "ben_thuyen": "ferry", "cau": "bridge",
    "nha_van_hoa": "village_centre", "trung_tam_thon": "village_centre", "chot_chan": "checkpoint",
}  # fmt: skip
_KIND_WORDS = (
    {fold(k): k for k in PLACE_KINDS} | {fold(vi): k for k, (vi, _) in PLACE_KINDS.items()} | KIND_SYNONYMS
)
#: Files of points marked on a phone or in Google Earth: their kind may be read from their names.
WAYPOINT_SUFFIXES = (".gpx", ".kml", ".kmz")


def read_places(
    path: str | Path,
    assume_crs: str | None = None,
    sheet: str | None = None,
    refused: Refusals | None = None,
    columns: Mapping[str, str] | None = None,
) -> tuple[gpd.GeoDataFrame, list[Notice]]:
    """Read places (points) with a name, a kind and a priority from 1 (low) to 3 (high).

    Parameters
    ----------
    path
        A point file (GeoJSON, GeoPackage, Shapefile; GPX waypoints, KML or KMZ points, whose kind
        is read from the first words of their names when they have no kind: "Chợ Đồng" a market,
        "Trường THCS" a school, else ``other``), or a table (CSV or spreadsheet) with ``lon``/``lat``
        (``kinh độ``/``vĩ độ``, WGS 84) or ``x``/``y`` columns (in ``assume_crs``).
    assume_crs
        The CRS of the coordinates, replacing what the file states.
    sheet
        The sheet of a spreadsheet; its first when None.
    refused
        When given, a row that cannot be read (coordinates that are not numbers, a kind, priority,
        hours or days not understood, an id given again) is added to it and left out, instead of
        refusing the file.
    columns
        Columns the user chose for fields (``{"date": "Ngày báo"}``), read in preference to those
        the column names would give (see :func:`patrol_map.io.columns.match_columns`).

    Returns
    -------
    (geopandas.GeoDataFrame, list of Notice)
        Columns ``place_id``, ``name``, ``kind`` (a key of :data:`PLACE_KINDS`), ``priority``
        (int; 2 where the cell is empty), ``hours`` (windows such as ``06:30-07:15;16:30-17:15``
        in which a visit counts, empty for any time), ``days`` (weekday codes or ``all``),
        ``is_synthetic`` and the point, in the file's CRS, indexed by row (as a spreadsheet numbers
        it; a map file's features from 1), with ``attrs`` ``rows_read`` (the refused rows counted),
        ``encoding`` (of a table) and ``columns`` (which column was read as what); and what the
        reading changed.

    Raises
    ------
    InputFileError
        For a file that cannot be read, a missing column, no base left, or (without ``refused``)
        the first bad cell, naming the file, row and column.

    """
    if Path(path).suffix.lower() in (".csv", *SPREADSHEET_SUFFIXES):
        frame = _point_table(Path(path), assume_crs, sheet, refused, columns)
        notices = encoding_notice(frame.attrs["encoding"])
    else:
        frame, notices = read_vector(path, assume_crs=assume_crs)
        frame.index = range(1, len(frame) + 1)  # features numbered from 1, as QGIS shows them
        frame.attrs["header"] = [str(c) for c in frame.columns if c != frame.geometry.name]
    rows_read = len(frame) + (len(refused.rows) if refused is not None else 0)
    found = match_columns(frame.columns, PLACE_ALIASES, columns, path)
    if "name" in found and Path(path).suffix.lower() in WAYPOINT_SUFFIXES:
        notices += _kinds_from_names(frame, found)
    require_columns(found, ("name", "kind"), PLACE_ALIASES, path)
    if not set(frame.geom_type) <= {"Point"}:
        raise InputFileError("Địa điểm phải là điểm (Point).", "Places must be points.", file=path)
    cells = pd.DataFrame({column: _texts(frame[column]) for column in found.values()}, index=frame.index)
    parsers: dict[str, Callable[[str], object]] = {
        "kind": _kind_cell,
        "priority": _priority_cell,
        "hours": _hours_cell,
        "days": _days_cell,
    }
    # Made ids follow the file's order, refused rows counted: a refused row shifts no later id.
    made = pd.Series([f"P{i + 1:02d}" for i in range(len(frame))], index=frame.index)
    if refused is not None:
        cells = screen_rows(cells, found, parsers, "place_id", refused, path)
        frame = frame.loc[cells.index]
    values = {
        key: parse_cells(cells, found[key], parse, path) if key in found else [parse("")] * len(cells)
        for key, parse in parsers.items()
    }
    require_base(values["kind"], path, found["kind"])
    made = made.loc[frame.index]
    if "place_id" in found:  # an id cell left blank (a KML placemark without id) gets a made one
        written = cells[found["place_id"]]
        refuse_repeats(written[written != ""], found["place_id"], path)
        ids = written.where(written != "", made)
    else:
        ids = made
    places = gpd.GeoDataFrame(
        {"place_id": ids, "name": cells[found["name"]], **values, "is_synthetic": synthetic_flags(frame)},
        geometry=frame.geometry,
        crs=frame.crs,
        index=frame.index,
    )
    places.attrs.update(
        rows_read=rows_read,
        encoding=frame.attrs.get("encoding"),
        columns=found | frame.attrs.get("coordinates", {}),
        header=frame.attrs["header"],
    )
    return places, notices


def require_base(kinds: Iterable[object], path: str | Path, column: str | None = None) -> None:
    """Refuse places among which there is no base (a police post or the military command).

    Raises
    ------
    InputFileError
        When none of ``kinds`` is one of :data:`BASE_KINDS`.

    """
    if not set(kinds) & set(BASE_KINDS):
        raise InputFileError(
            "Cần ít nhất một trụ sở (police_post hoặc military_command) làm nơi xuất phát tuần tra.",
            "At least one base (police_post or military_command) is needed as the patrols' start.",
            file=path,
            column=column,
        )


def _texts(column: pd.Series) -> pd.Series:
    """Return a column's cells as stripped text, an empty cell (None, NaN, blank) as ``""``."""
    return column.astype(object).where(column.notna(), "").astype(str).str.strip()


def _kinds_from_names(frame: gpd.GeoDataFrame, found: dict[str, str]) -> list[Notice]:
    """Fill the empty kinds of waypoints from their names (a GPX type seldom says the kind)."""
    given = _texts(frame[found["kind"]]) if "kind" in found else pd.Series("", index=frame.index)
    blank = given == ""
    found["kind"] = found.get("kind", "kind")
    named = [kind_from_name(str(name)) for name in frame.loc[blank, found["name"]]]
    frame[found["kind"]] = given.where(~blank, pd.Series(named, index=frame.index[blank], dtype=object))
    if not blank.any():
        return []
    others = named.count("other")
    return [
        Notice(
            f"Loại của {int(blank.sum())} địa điểm được đọc từ tên ({others} là 'khác'); hãy xem lại.",
            f"The kind of {int(blank.sum())} places was read from their names ({others} as 'other'); "
            "check them.",
        )
    ]


def _kind_cell(text: str) -> str:
    key = _KIND_WORDS.get(fold(text))
    if key is None:
        raise InputFileError(
            f"Loại địa điểm '{text}' không hợp lệ; dùng một trong: {', '.join(PLACE_KINDS)}.",
            f"Place kind '{text}' is not valid; use one of: {', '.join(PLACE_KINDS)}.",
        )
    return key


def _priority_cell(text: str) -> int:
    """Read a priority: 1, 2 or 3 (``2.0`` as a spreadsheet may write it); empty is 2."""
    if not text:
        return 2
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = math.nan
    if value not in (1.0, 2.0, 3.0):
        raise InputFileError(
            f"Mức ưu tiên '{text}' không hợp lệ; dùng 1, 2 hoặc 3.",
            f"Priority '{text}' is not valid; use 1, 2 or 3.",
        )
    return int(value)


def _hours_cell(text: str) -> str:
    try:
        return parse_hours(text)
    except ValueError:
        raise InputFileError(
            f"Khung giờ '{text}' không hợp lệ; ghi như 06:30-07:15, nhiều khung cách nhau bằng dấu ;.",
            f"Time window '{text}' is not valid; write it like 06:30-07:15, several separated by ;.",
        ) from None


def _days_cell(text: str) -> str:
    try:
        return parse_days(text)
    except ValueError:
        raise InputFileError(
            f"Ngày '{text}' không hợp lệ; ghi như T2-T6, CN hoặc mon,tue, hoặc để trống cho mọi ngày.",
            f"Days '{text}' are not valid; write them like T2-T6, CN or mon,tue, or leave the cell "
            "empty for every day.",
        ) from None


def kind_from_name(name: str) -> str:
    """Return the kind a place's name begins with ("Chợ Đồng": market; "UBND xã": other).

    The longest word group of :data:`_KIND_WORDS` at the start of the folded name wins.
    """
    folded = fold(name)
    starts = [w for w in _KIND_WORDS if folded == w or folded.startswith(w + "_")]
    return _KIND_WORDS[max(starts, key=len)] if starts else "other"


def _point_table(
    path: Path,
    crs: str | None,
    sheet: str | None,
    refused: Refusals | None,
    columns: Mapping[str, str] | None,
) -> gpd.GeoDataFrame:
    """Read a table of points (CSV or spreadsheet): its cells, and a point from its lon/lat or x/y columns.

    With ``refused``, a row whose coordinates are not numbers is refused and left out.
    """
    table = read_table(path, sheet)
    found = match_columns(table.columns, COORDINATE_ALIASES, columns, path)
    pairs = [("lon", "lat", WGS84), ("x", "y", crs)]
    for first, second, source in pairs:
        a, b = found.get(first), found.get(second)
        if a and b and source:
            if refused is not None:
                screen_cells(table, a, parse_number, refused)
                screen_cells(table, b, parse_number, refused)
                table = rows_left(table, refused, path)
            xs, ys = parse_cells(table, a, parse_number, path), parse_cells(table, b, parse_number, path)
            points = gpd.points_from_xy(xs, ys, crs=parse_crs(source, path))
            located = gpd.GeoDataFrame(table, geometry=points, index=table.index)
            located.attrs.update(table.attrs, coordinates={first: a, second: b})
            return located
    raise InputFileError(
        "Bảng địa điểm cần cột kinh độ và vĩ độ (hoặc x, y cùng --crs).",
        "A table of places needs longitude and latitude columns (or x and y with --crs).",
        file=path,
        row=1,
        column="lon",
    )
