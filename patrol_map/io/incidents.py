"""Incident records from a CSV file: date, time of day, category, source and a location.

A location is either coordinates (lon/lat in WGS 84, or x/y in a CRS the user names) or only a
village name, as many commune logs have. A record with only a village name is placed at a point
inside its village and marked ``location = "village"``: it counts for its village, but it is not
a precise location and the density grid leaves it out.

The category is read from the words of the log (:mod:`patrol_map.io.incident_words`) and the text
as written is kept in ``category_text``; a text naming no known category is ``other``, not an error
(the import summary counts them), while an empty category cell is an error. The time of day is a
clock time when known, else a part of the day (buổi: sáng, chiều, tối, đêm), from the time column or
a column of its own.

Records keep the id the file gives them; a file without an id column gets ids made from each
record's content, so importing the same file twice updates rather than duplicates, and importing
another month's file adds to what is stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import CRS

from patrol_map.errors import InputFileError
from patrol_map.geo.admin import commune_key, names_of
from patrol_map.geo.geocode import VillageNames, village_of
from patrol_map.io.cells import (
    Refusals,
    content_ids,
    parse_cells,
    parse_number,
    refuse_repeats,
    rows_left,
    screen_cells,
    screen_repeats,
)
from patrol_map.io.columns import COORDINATE_ALIASES, match_columns, require_columns, synthetic_flags
from patrol_map.io.incident_words import match_category, match_clock, match_part_of_day, match_source
from patrol_map.io.tables import read_table
from patrol_map.io.vector import parse_crs
from patrol_map.model import BOUNDARY_TOLERANCE_M, INCIDENT_SOURCES, part_of_day
from patrol_map.text import fold

INCIDENT_ALIASES = {
    "incident_id": ("id", "ma_vu", "ma_vu_viec", "so_hieu"),
    "date": ("ngay", "ngay_xay_ra", "ngay_vu_viec", "ngay_thang"),
    "time": ("gio", "gio_xay_ra", "thoi_gian", "hour"),
    "part_of_day": ("buoi", "buoi_trong_ngay", "thoi_diem", "khoang_thoi_gian", "period"),
    "category": ("loai", "loai_vu_viec", "phan_loai", "type", "tinh_chat"),
    "source": ("nguon", "nguon_tin", "nguon_bao", "nguon_tin_bao", "tiep_nhan", "hinh_thuc_tiep_nhan"),
    "village": ("thon", "thon_xom", "ten_thon", "dia_ban", "khu_dan_cu"),
    "commune": ("xa", "xa_phuong", "ten_xa", "ma_xa", "phuong", "don_vi_hanh_chinh"),
    # Confidential: stored only sealed (patrol_map.importing), never shown but to the commander.
    "suspect": (
        "doi_tuong",
        "ten_doi_tuong",
        "ho_ten_doi_tuong",
        "nghi_pham",
        "nguoi_vi_pham",
        "suspect_name",
    ),
    **COORDINATE_ALIASES,
}
#: The words (folded) by which versions before the eight-category model read ``burglary``.
_OLD_BREAK_IN_WORDS = ("burglary", "trom_dot_nhap", "dot_nhap", "trom_nha")
DATE_FORMATS = (
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d/%m/%y",
    "%d-%m-%y",
    "%Y-%m-%d %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
)
#: Day 0 of Excel's date serials (1900 system, its leap-year error included).
EXCEL_EPOCH = date(1899, 12, 30)
#: Serials read as dates: 1954 to 2119. Outside, a bare number is no date.
EXCEL_SERIALS = range(20_000, 80_001)
#: The earliest year a record may bear; an earlier one is a typing error (``0001``, ``1026``).
FIRST_YEAR = 1950


def parse_date(text: str) -> date:
    """Read a date as clerks write it, day first.

    ``2026-11-23``, ``23/11/2026``, ``23-11-2026``, ``23.11.2026``, ``23/11/26``, Excel's
    ``2026-11-23 00:00:00``, or an Excel serial (``46349``, a date cell saved as a number).

    Raises
    ------
    InputFileError
        For a text that is no date, or a date before :data:`FIRST_YEAR`.

    """
    found = _read_date(text.strip())
    if found is None:
        raise InputFileError(
            f"Ngày '{text}' không hợp lệ; viết dạng 2026-11-23 hoặc 23/11/2026.",
            f"Date '{text}' is not valid; write it as 2026-11-23 or 23/11/2026.",
        )
    if found.year < FIRST_YEAR:
        raise InputFileError(
            f"Năm {found.year} của ngày '{text}' không thể đúng; kiểm tra lại năm.",
            f"The year {found.year} of the date '{text}' cannot be right; check the year.",
        )
    return found


def _read_date(text: str) -> date | None:
    """Read a date in one of :data:`DATE_FORMATS`, or an Excel serial (``46349`` or ``46349.0``)."""
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    whole = text.removesuffix(".0")
    if whole.isdigit() and int(whole) in EXCEL_SERIALS:
        return EXCEL_EPOCH + timedelta(days=int(whole))
    return None


def _parse_when(text: str) -> tuple[str, str]:
    """Read a time cell or a part-of-day cell: a clock time, a part of the day, or nothing.

    Returns the time (``HH:MM`` or ``""``) and its part of the day (a key of ``PARTS_OF_DAY`` or ``""``).
    """
    if not text.strip():
        return "", ""
    clock = match_clock(text)
    if clock is not None:
        hhmm = clock.strftime("%H:%M")
        return hhmm, part_of_day(hhmm)
    part = match_part_of_day(text)
    if part is not None:
        return "", part
    raise InputFileError(
        f"Giờ '{text}' không hợp lệ; viết dạng 21:30 hoặc 9h tối, hoặc ghi buổi (sáng, chiều, tối, đêm), "
        "hoặc để trống nếu không rõ.",
        f"Time '{text}' is not valid; write it as 21:30 or 9h tối, or give the part of the day (sáng, "
        "chiều, tối, đêm: morning, afternoon, evening, night), or leave it empty when unknown.",
    )


def _parse_category(text: str) -> str:
    """Return the category key a text names; ``other`` for a text naming none; refuse an empty cell."""
    if not text.strip():
        raise InputFileError(
            "Ô loại vụ việc bị trống; ghi loại vụ việc (ví dụ Trộm cắp tài sản, Đánh nhau, Tai nạn giao "
            "thông) hoặc 'Vi phạm khác'.",
            "The category is empty; write the category (e.g. theft, fight, traffic) or 'other'.",
        )
    return match_category(text) or "other"


def _parse_source(text: str) -> str:
    """Return the source key a text names; ``unknown`` for an empty cell; refuse unclear words."""
    key = match_source(text)
    if key is None:
        allowed_vi = ", ".join(f"{vi.lower()} ({k})" for k, (vi, _) in INCIDENT_SOURCES.items())
        allowed_en = ", ".join(f"{k} ({vi.lower()})" for k, (vi, _) in INCIDENT_SOURCES.items())
        raise InputFileError(
            f"Nguồn tin '{text}' không rõ; ghi một trong: {allowed_vi}, hoặc để trống.",
            f"Source '{text}' is not clear; write one of: {allowed_en}, or leave it empty.",
        )
    return key


def read_incidents(
    path: str | Path,
    commune: gpd.GeoDataFrame,
    villages: gpd.GeoDataFrame,
    xy_crs: str | None = None,
    sheet: str | None = None,
    refused: Refusals | None = None,
    aliases: Mapping[str, str] | None = None,
    columns: Mapping[str, str] | None = None,
) -> gpd.GeoDataFrame:
    """Read, check and place incident records.

    Parameters
    ----------
    path
        A CSV file or a spreadsheet (see :func:`patrol_map.io.tables.read_table`) with columns
        date and category (Vietnamese names accepted: ``ngày``, ``loại``...),
        and a location: ``lon``/``lat`` (WGS 84), ``x``/``y`` (in ``xy_crs``) or ``village``
        (``thôn``), or several of them; optional ``time`` (``giờ``: ``21:30``, ``9h tối``, or a part of
        the day), ``part_of_day`` (``buổi``: ``sáng``, ``chiều``, ``tối``, ``đêm``...) and ``source``
        (``nguồn tin``: ``người dân báo``, ``tuần tra phát hiện``, ``cơ quan khác chuyển đến``...).
    commune
        The commune boundary (one row), in the workspace's metric CRS.
    villages
        Village polygons (``name``) in the same CRS.
    xy_crs
        The CRS of the ``x``/``y`` columns (e.g. ``"EPSG:3405"`` for VN-2000 / UTM 48N).
    sheet
        The sheet of a spreadsheet; its first when None.
    refused
        When given, a row with a bad value is added to it and left out, instead of refusing the
        file; the file is still refused for what concerns it all (a missing column, no row left).
    aliases
        Village names a user confirmed (as written -> stored name), see
        :class:`patrol_map.geo.geocode.VillageNames`.
    columns
        Columns the user chose for fields (``{"date": "Ngày báo"}``), read in preference to those
        the column names would give (see :func:`patrol_map.io.columns.match_columns`).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``incident_id``, ``date`` (ISO text), ``time`` (``HH:MM`` or empty), ``part_of_day``
        (a key of :data:`patrol_map.model.PARTS_OF_DAY`, from the time when it is known; empty when
        neither is), ``category`` (a key of :data:`patrol_map.model.INCIDENT_CATEGORIES`),
        ``category_text`` (as written), ``source`` (a key of
        :data:`patrol_map.model.INCIDENT_SOURCES`, ``unknown`` when not given), ``village``,
        ``location`` (``point`` or ``village``), ``is_synthetic`` and a point geometry in the
        commune's CRS; and ``suspect`` (the names, in clear, for the importer to seal) when the file
        has such a column (``đối tượng``, ``nghi phạm``). ``attrs`` holds ``encoding`` (see
        :func:`patrol_map.io.tables.read_table`),
        ``rows_read`` (records in the file), ``columns`` (field -> the file's column read for it),
        ``header`` (the file's columns) and ``crs`` (of the coordinates read; None when rows
        are placed only by village).

    Raises
    ------
    InputFileError
        Naming the file, row and column of the first bad value: a missing column, a bad date,
        time or part of the day, an empty category, an unclear source, an unknown or ambiguous
        village, coordinates outside the commune, a row with no location at all, or an id given
        twice.

    """
    path = Path(path)
    frame = read_table(path, sheet)
    found = match_columns(frame.columns, INCIDENT_ALIASES, columns, path)
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

    rows_read = len(frame)
    if refused is not None:
        frame = _screen(frame, found, commune, VillageNames(villages["name"], aliases), xy_crs, path, refused)
    if "commune" in found:
        old_names = parse_cells(frame, found["commune"], _commune_reader(commune), path)
    else:
        old_names = []
    dates = parse_cells(frame, found["date"], parse_date, path)
    times, parts = _times_of_day(frame, found, path)
    categories = parse_cells(frame, found["category"], _parse_category, path)
    sources = parse_cells(frame, found["source"], _parse_source, path) if "source" in found else "unknown"
    if "village" in found:
        names = parse_cells(frame, found["village"], VillageNames(villages["name"], aliases).match, path)
    else:
        names = [""] * len(frame)
    points, exact = _locate(frame, found, commune, villages, names, xy_crs, path)
    inside = village_of(points, villages)
    names = [name or inside[i] for i, name in enumerate(names)]
    incidents = gpd.GeoDataFrame(
        {
            "date": [d.isoformat() for d in dates],
            "time": times,
            "part_of_day": parts,
            "category": categories,
            "category_text": frame[found["category"]].str.strip().to_numpy(),
            "source": sources,
            "village": names,
            "location": np.where(exact, "point", "village"),
            "is_synthetic": synthetic_flags(frame),
        },
        geometry=points.to_numpy(),
        crs=commune.crs,
    )
    incidents.insert(0, "incident_id", _record_ids(frame, found, incidents, path))
    if "suspect" in found:  # after the ids: they never depend on a suspect's name
        incidents["suspect"] = frame[found["suspect"]].str.strip().to_numpy()
    placed = _coordinates(found, xy_crs, path)
    incidents.attrs |= {
        "encoding": frame.attrs["encoding"],
        "rows_read": rows_read,
        "columns": dict(found),
        "header": frame.attrs["header"],
        "old_communes": dict(Counter(name for name in old_names if name)),
        "crs": None if placed is None else placed[1].to_string(),
    }
    return incidents


def _times_of_day(frame: pd.DataFrame, found: dict[str, str], path: Path) -> tuple[list[str], list[str]]:
    """Return each row's time (``HH:MM`` or ``""``) and part of the day.

    The time column may hold a part of the day ("tối") and the part-of-day column a time: a clock
    time in either wins, and its part is the part of that time (so ``21:30`` is ``evening`` even
    where the log says ``đêm``); without one, the part written in the time column, else the one in
    the part-of-day column.
    """
    empty = [("", "")] * len(frame)
    in_time = parse_cells(frame, found["time"], _parse_when, path) if "time" in found else empty
    in_part = parse_cells(frame, found["part_of_day"], _parse_when, path) if "part_of_day" in found else empty
    times = [a[0] or b[0] for a, b in zip(in_time, in_part, strict=True)]
    parts = [part_of_day(t) if t else a[1] or b[1] for t, a, b in zip(times, in_time, in_part, strict=True)]
    return times, parts


def _record_ids(
    frame: pd.DataFrame, found: dict[str, str], incidents: gpd.GeoDataFrame, path: Path
) -> np.ndarray:
    """Return the file's ids, or ids made from what each record says; refuse an id given twice.

    A made id depends only on the record as written (its date, time and category, its village as
    typed and its coordinates as typed), not on the workspace's villages, so importing the same
    file again after new village boundaries still updates rather than duplicates. A part of the day
    without a time, the words of a category read as ``other`` and a source count only where given,
    and a break-in counts under its retired key ``burglary``, so a file of the earlier columns keeps
    the ids it had.
    """
    given = frame[found["incident_id"]].to_numpy() if "incident_id" in found else np.full(len(frame), "")
    other = incidents["category"] == "other"
    category = incidents["category"].where(~other, "other:" + incidents["category_text"].map(fold))
    # Break-ins were the category ``burglary`` before they became theft; their ids keep the old key.
    break_in = (incidents["category"] == "theft") & incidents["category_text"].map(_named_a_break_in)
    category = category.where(~break_in, "burglary")
    part = incidents["part_of_day"].where(incidents["time"] == "", "")
    written = incidents["date"] + "|" + incidents["time"] + "|" + category
    written = written + np.where(part != "", "|" + part, "")
    for column in ("source", "village", "lon", "lat", "x", "y"):
        if column in found:
            written = written + "|" + frame[found[column]].map(fold).to_numpy()
    ids = pd.Series(np.where(given != "", given, content_ids("V", written)), index=frame.index)
    refuse_repeats(ids, found.get("incident_id", "incident_id"), path)
    return ids.to_numpy()


def _named_a_break_in(text: str) -> bool:
    """Return True for a category text that earlier versions read as the retired key ``burglary``."""
    folded = f"_{fold(text)}_"
    return any(f"_{word}_" in folded for word in _OLD_BREAK_IN_WORDS)


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
    placed = _coordinates(found, xy_crs, path)
    given = np.zeros(len(frame), dtype=bool)
    if placed is not None:
        columns = placed[0]
        given = ((frame[columns[0]] != "") & (frame[columns[1]] != "")).to_numpy()
    for position in np.flatnonzero(~given & (np.array(village_names) == "")):
        raise _no_location(path, int(frame.index[position]), found.get("village", "village"))
    village_points = dict(zip(villages["name"], villages.geometry.representative_point(), strict=True))
    points = gpd.GeoSeries([village_points.get(name) for name in village_names], crs=commune.crs)
    if placed is not None and given.any():
        columns, source = placed
        a = parse_cells(frame[given], columns[0], parse_number, path)
        b = parse_cells(frame[given], columns[1], parse_number, path)
        exact, inside = _in_commune(a, b, source, commune)
        outside = ~inside
        if outside.any():
            first = int(np.flatnonzero(outside)[0])
            raise _outside(a[first], b[first], path, int(frame.index[given][first]), columns[0])
        points[given] = exact.to_numpy()
    return points, given


def _commune_reader(commune: gpd.GeoDataFrame) -> Callable[[str], str | None]:
    """Return a reader of a commune cell: None for this commune (or empty), the old unit for an old name.

    Names and codes of the 2025 commune and of the old communes merged into it are accepted;
    another commune's row is refused.
    """
    code, name = str(commune["ma_xa"].iloc[0]), str(commune["ten_xa"].iloc[0])
    names = {**names_of(code), fold(name): None}

    def read(text: str) -> str | None:
        written = text.strip()
        if not written:
            return None
        key = written if written.isdigit() else commune_key(written)
        if key in names:
            return names[key]
        raise InputFileError(
            f"Dòng này của xã '{written}', không phải xã {name}; nhập nó vào tệp dữ liệu của xã đó.",
            f"This row is of the commune '{written}', not {name}; import it into that commune's workspace.",
        )

    return read


def _in_commune(
    xs: list[float], ys: list[float], source: CRS, commune: gpd.GeoDataFrame
) -> tuple[gpd.GeoSeries, np.ndarray]:
    """Return coordinates as points in the commune's CRS, and which lie in it (within the tolerance)."""
    points = gpd.GeoSeries.from_xy(xs, ys, crs=source).to_crs(commune.crs)
    area = commune.geometry.iloc[0].buffer(BOUNDARY_TOLERANCE_M)
    return points, points.within(area).to_numpy()


def _coordinates(found: dict[str, str], xy_crs: str | None, path: Path) -> tuple[tuple[str, str], CRS] | None:
    """Return the coordinate columns the rows are placed by and their CRS, if any."""
    if "lon" in found and "lat" in found:
        return (found["lon"], found["lat"]), CRS.from_epsg(4326)
    if "x" in found and "y" in found and xy_crs is not None:  # without a CRS, refused by the caller
        return (found["x"], found["y"]), parse_crs(xy_crs, path)
    return None


def _screen(
    frame: pd.DataFrame,
    found: dict[str, str],
    commune: gpd.GeoDataFrame,
    names: VillageNames,
    xy_crs: str | None,
    path: Path,
    refused: Refusals,
) -> pd.DataFrame:
    """Refuse every row a strict read would stop at, and return the rows left.

    The same checks as the strict read, in its order: each cell, then the place (coordinates or a
    village), then an id given twice (its later rows).
    """
    checks = {
        "commune": _commune_reader(commune),
        "date": parse_date,
        "time": _parse_when,
        "part_of_day": _parse_when,
        "category": _parse_category,
        "source": _parse_source,
        "village": names.match,
    }
    for key, parse in checks.items():
        if key in found:
            screen_cells(frame, found[key], parse, refused)
    placed = _coordinates(found, xy_crs, path)
    given = pd.Series(False, index=frame.index)
    if placed is not None:
        (a, b), source = placed
        given = (frame[a] != "") & (frame[b] != "")
        screen_cells(frame[given], a, parse_number, refused)
        screen_cells(frame[given], b, parse_number, refused)
    village = frame[found["village"]] if "village" in found else pd.Series("", index=frame.index)
    for row in frame.index[~given & (village == "")]:
        refused.add(int(row), found.get("village", "village"), _no_location(path, int(row), None))
    if placed is not None:
        rows = [row for row in frame.index[given] if row not in refused.rows]
        xs = [parse_number(frame.at[row, a]) for row in rows]
        ys = [parse_number(frame.at[row, b]) for row in rows]
        _, inside = _in_commune(xs, ys, source, commune)
        for row, x, y, within in zip(rows, xs, ys, inside, strict=True):
            if not within:
                refused.add(int(row), a, _outside(x, y, path, int(row), a))
    if "incident_id" in found:
        screen_repeats(frame[found["incident_id"]], found["incident_id"], refused)
    return rows_left(frame, refused, path)


def _no_location(path: Path, row: int, column: str | None) -> InputFileError:
    return InputFileError(
        "Dòng này không có tọa độ và cũng không có tên thôn; cần một trong hai.",
        "This row has neither coordinates nor a village name; it needs one of them.",
        file=path,
        row=row,
        column=column,
    )


def _outside(x: float, y: float, path: Path, row: int, column: str) -> InputFileError:
    return InputFileError(
        f"Tọa độ ({x}, {y}) nằm ngoài địa bàn xã. Kiểm tra lại (kinh độ và vĩ độ có bị đảo không?).",
        f"The coordinates ({x}, {y}) lie outside the commune. Check them (are longitude and latitude "
        "swapped?).",
        file=path,
        row=row,
        column=column,
    )
