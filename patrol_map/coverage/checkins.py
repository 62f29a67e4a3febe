"""Paper check-in sheets: which place each team signed at, and when, read against the plan.

A sheet names the patrol by its id (``2026-11-23-evening-T1``) or by its date, shift and team
number; the place by its name or id (matched like hamlet names: case, diacritics, spacing and
small typos do not matter); the time as written (``21:30``, ``21h30``, ``9 giờ tối``), read within
the patrol's shift, so 00:30 of a night shift that began at 23:00 is the next calendar day.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pandas as pd

from patrol_map.errors import InputFileError
from patrol_map.geo.geocode import VillageNames
from patrol_map.io.cells import Refusals, rows_left
from patrol_map.io.columns import match_columns, require_columns
from patrol_map.io.incident_words import match_clock
from patrol_map.io.incidents import parse_date
from patrol_map.io.tables import read_table
from patrol_map.text import fold

CHECKIN_ALIASES = {
    "patrol_id": ("ma_tuan_tra", "ma_luot", "luot_tuan_tra", "ma_luot_tuan_tra", "patrol"),
    "date": ("ngay", "ngay_tuan_tra"),
    "shift": ("ca", "ca_tuan_tra", "ca_truc"),
    "team": ("to", "to_so", "so_to", "to_tuan_tra", "team_no"),
    "place": ("diem", "dia_diem", "noi", "diem_dung", "diem_ky", "ten_dia_diem", "place_id"),
    "time": ("gio", "thoi_gian", "gio_den", "gio_ky", "luc"),
}
#: The words for each shift (folded), as sheets write them ("Ca tối", "tối", "evening").
SHIFT_WORDS = {
    "morning": ("sang", "ca_sang", "morning"),
    "evening": ("toi", "ca_toi", "evening"),
    "night": ("dem", "ca_dem", "night"),
}
T = TypeVar("T")
#: A check-in this far outside its patrol's shift is refused: a time of another shift or day.
SHIFT_SLACK = timedelta(hours=1)


def read_checkins(
    path: str | Path,
    patrols: pd.DataFrame,
    places: Mapping[str, str],
    sheet: str | None = None,
    refused: Refusals | None = None,
    columns: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Read a check-in sheet.

    Parameters
    ----------
    path
        A CSV file or a spreadsheet with ``place`` and ``time`` columns and either ``patrol_id``
        or ``date``, ``shift`` and ``team`` (Vietnamese names accepted: ``địa điểm``, ``giờ``,
        ``ngày``, ``ca``, ``tổ``).
    patrols
        The stored patrols (``patrol_id``, ``shift_start``, ``shift_end``, ``stops``).
    places
        The workspace's places: place id -> name. A team may sign at one of them, or at one of
        its own stops (hotspots included, numbered afresh each week, so read from its plan row).
    sheet
        The sheet of a spreadsheet; its first when None.
    refused
        When given, a row that cannot be read is added to it and left out, instead of refusing
        the file.
    columns
        Columns the user chose for fields (see :func:`patrol_map.io.columns.match_columns`).

    Returns
    -------
    pandas.DataFrame
        ``checkin_id``, ``patrol_id``, ``place_id``, ``time`` (local ISO) and ``file``, one row
        per line read, indexed by the sheet's row; ``attrs`` holds ``encoding``, ``rows_read``,
        ``columns`` and ``header``.

    Raises
    ------
    InputFileError
        For a missing column, no row left, or (without ``refused``) the first bad row: a patrol
        not planned, a place not known, a time not read or outside the patrol's shift.

    """
    path = Path(path)
    table = read_table(path, sheet)
    found = match_columns(table.columns, CHECKIN_ALIASES, columns, path)
    require_columns(found, ("place", "time"), CHECKIN_ALIASES, path)
    if "patrol_id" not in found:
        require_columns(found, ("date", "shift", "team"), CHECKIN_ALIASES, path)
    by_id = patrols.set_index("patrol_id")
    matcher = _PlaceMatcher(places)
    rows = []
    for row, cells in table.iterrows():
        try:
            rows.append(_read_row(cells, found, by_id, matcher, path.name) | {"row": row})
        except _CellError as bad:
            error = InputFileError(bad.error.vi, bad.error.en, file=path, row=int(row), column=bad.column)
            if refused is None:
                raise error from None
            refused.add(int(row), bad.column, error)
    if refused is not None:
        rows_left(table, refused, path)
    frame = pd.DataFrame(rows, columns=["checkin_id", "patrol_id", "place_id", "time", "file", "row"])
    frame = frame.set_index("row")
    frame.attrs |= {
        "encoding": table.attrs["encoding"],
        "rows_read": len(table),
        "columns": dict(found),
        "header": table.attrs["header"],
    }
    return frame


class _CellError(Exception):
    """A bad cell: the error and the column it is in."""

    def __init__(self, error: InputFileError, column: str) -> None:
        super().__init__(error.en)
        self.error, self.column = error, column


def _read_row(
    cells: pd.Series, found: dict[str, str], patrols: pd.DataFrame, matcher: _PlaceMatcher, file: str
) -> dict[str, str]:
    patrol_id = _patrol_of(cells, found, patrols)
    patrol = patrols.loc[patrol_id]
    own = dict(zip(patrol["stops"], patrol["stop_names"], strict=True))
    place = _cell(cells, found, "place", lambda text: matcher.match(text, own))
    when = _cell(cells, found, "time", lambda text: _time_in_shift(text, patrol))
    time = when.isoformat(timespec="minutes")
    checkin = "C" + hashlib.sha1(f"{patrol_id}|{place}|{time}".encode()).hexdigest()[:12]
    return {"checkin_id": checkin, "patrol_id": patrol_id, "place_id": place, "time": time, "file": file}


def _cell(cells: pd.Series, found: dict[str, str], field: str, parse: Callable[[str], T]) -> T:
    try:
        return parse(str(cells[found[field]]).strip())
    except InputFileError as exc:
        raise _CellError(exc, found[field]) from None


def _patrol_of(cells: pd.Series, found: dict[str, str], patrols: pd.DataFrame) -> str:
    """Return the patrol a row names, by its id or by its date, shift and team number."""
    if "patrol_id" in found:
        return _cell(cells, found, "patrol_id", lambda text: _known_patrol(text, patrols))
    day = _cell(cells, found, "date", parse_date)
    shift = _cell(cells, found, "shift", _shift_name)
    team = _cell(cells, found, "team", _team_number)
    made = f"{day.isoformat()}-{shift}-T{team}"
    return _cell(cells, found, "team", lambda _: _known_patrol(made, patrols))


def _known_patrol(text: str, patrols: pd.DataFrame) -> str:
    if text not in patrols.index:
        raise InputFileError(
            f"Không có lượt tuần tra '{text}' trong kế hoạch đã lưu (kiểm tra ngày, ca và số tổ).",
            f"There is no planned patrol '{text}' (check the date, shift and team number).",
        )
    return text


def _shift_name(text: str) -> str:
    folded = fold(text)
    for name, words in SHIFT_WORDS.items():
        if folded in words:
            return name
    raise InputFileError(
        f"Ca '{text}' không rõ; ghi sáng, tối hoặc đêm.",
        f"Shift '{text}' is not clear; write morning, evening or night (sáng, tối, đêm).",
    )


def _team_number(text: str) -> int:
    digits = re.fullmatch(r"\D*(\d+)\s*", text)
    if digits is None:
        raise InputFileError(
            f"Số tổ '{text}' không rõ; ghi như 1, Tổ 1 hoặc T1.",
            f"Team number '{text}' is not clear; write it like 1, Tổ 1 or T1.",
        )
    return int(digits[1])


def _time_in_shift(text: str, patrol: pd.Series) -> datetime:
    """Read a clock time as the moment within the patrol's shift (00:30 of a night shift: the next day)."""
    clock = match_clock(text)
    if clock is None:
        raise InputFileError(
            f"Giờ '{text}' không hợp lệ; viết dạng 21:30, 21h30 hoặc 9 giờ tối.",
            f"Time '{text}' is not valid; write it as 21:30, 21h30 or 9 giờ tối.",
        )
    start, end = datetime.fromisoformat(patrol["shift_start"]), datetime.fromisoformat(patrol["shift_end"])
    for day in (start.date(), start.date() + timedelta(days=1)):
        moment = datetime.combine(day, clock, tzinfo=start.tzinfo)
        if start - SHIFT_SLACK <= moment <= end + SHIFT_SLACK:
            return moment
    raise InputFileError(
        f"Giờ {clock:%H:%M} nằm ngoài ca của lượt này ({start:%d/%m %H:%M} – {end:%H:%M}).",
        f"The time {clock:%H:%M} lies outside this patrol's shift ({start:%d/%m %H:%M} – {end:%H:%M}).",
    )


class _PlaceMatcher:
    """Match a written place to a place id: its id, else its name, the patrol's own stops first."""

    def __init__(self, places: Mapping[str, str]) -> None:
        self._ids = {fold(pid): pid for pid in places}
        self._by_name: dict[str, str] = {}
        for pid, name in places.items():
            self._by_name.setdefault(name, pid)
        self._all = VillageNames(self._by_name)

    def match(self, text: str, own: Mapping[str, str]) -> str:
        """Return the id of the place ``text`` names: one of ``own`` (id -> name) first, else a place.

        Raises
        ------
        InputFileError
            When no place has that id or name.

        """
        if not text:
            raise InputFileError("Thiếu tên địa điểm.", "The place is missing.")
        own_ids = {fold(pid): pid for pid in own}
        if fold(text) in own_ids:
            return own_ids[fold(text)]
        if fold(text) in self._ids:
            return self._ids[fold(text)]
        by_name = {name: pid for pid, name in own.items()}
        try:
            return by_name[VillageNames(by_name).match(text)]
        except InputFileError:
            pass
        try:
            return self._by_name[self._all.match(text)]
        except InputFileError:
            raise InputFileError(
                f"Không có địa điểm '{text}' trong danh sách địa điểm và điểm dừng của kế hoạch.",
                f"There is no place '{text}' among the places and the plan's stops.",
            ) from None
