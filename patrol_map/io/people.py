"""The commune's police officers and militia members from a CSV file.

Two cells say when a person can patrol. ``availability`` names weekdays and shifts (a person with a
day job patrols only in the evening and at night: ``tối, đêm``); ``leave`` names dates and ranges of
dates on which the person is away (``2026-11-24..2026-11-26; 30/11/2026``). An optional ``can_lead``
column (``Được làm tổ trưởng``: có/không, x) marks the police officers who may lead a team.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from patrol_map.errors import InputFileError
from patrol_map.io.cells import (
    Refusals,
    content_ids,
    parse_cells,
    refuse_repeats,
    screen_rows,
)
from patrol_map.io.columns import match_columns, require_columns, synthetic_flags
from patrol_map.io.incidents import DATE_FORMATS
from patrol_map.io.tables import read_table
from patrol_map.io.timetable import VI_DAY_NAMES, VI_EVERY_DAY
from patrol_map.model import WEEKDAY_CODES, Force
from patrol_map.text import fold

PEOPLE_ALIASES = {
    "person_id": ("id", "ma", "ma_so", "ma_can_bo"),
    "name": ("ho_ten", "ho_va_ten", "ten", "full_name"),
    "force": ("luc_luong", "don_vi", "unit"),
    "rank": ("cap_bac", "chuc_vu", "cap_bac_chuc_vu"),
    "phone": ("so_dien_thoai", "dien_thoai", "sdt", "dt"),
    "availability": ("ngay_truc", "ngay_san_sang", "lich", "san_sang", "available"),
    "leave": ("nghi_phep", "ngay_nghi", "nghi", "vang", "ngay_vang", "days_off"),
    "can_lead": ("duoc_lam_to_truong", "lam_to_truong", "to_truong", "duoc_chi_huy", "chi_huy", "lead"),
}
FORCE_WORDS = {
    "police": Force.POLICE,
    "cong_an": Force.POLICE,
    "ca": Force.POLICE,
    "cong_an_xa": Force.POLICE,
    "cong_an_vien": Force.POLICE,
    "ca_xa": Force.POLICE,
    "canh_sat": Force.POLICE,
    "militia": Force.MILITIA,
    "dan_quan": Force.MILITIA,
    "dq": Force.MILITIA,
    "dan_quan_tu_ve": Force.MILITIA,
    "dan_quan_thuong_truc": Force.MILITIA,
    "dqtt": Force.MILITIA,
    "dqtv": Force.MILITIA,
}
_DAY_WORDS = {day: day for day in WEEKDAY_CODES} | {
    f"{prefix}{number}": WEEKDAY_CODES[number - 2] for prefix in ("", "t", "thu_") for number in range(2, 8)
}
_DAY_WORDS |= {"cn": "sun", "chu_nhat": "sun"}
_DAY_WORDS |= {
    f"thu_{word}": code
    for word, code in zip(("hai", "ba", "tu", "nam", "sau", "bay"), WEEKDAY_CODES, strict=False)
}
#: Shift names an availability cell may restrict a person to: the names of
#: ``patrol_map.plan.shifts.DEFAULT_SHIFTS`` (io knows nothing of plans, so they are repeated here).
SHIFT_CODES = ("morning", "evening", "night")
_SHIFT_WORDS = {code: code for code in SHIFT_CODES} | {
    f"{prefix}{word}": code
    for word, code in (("sang", "morning"), ("toi", "evening"), ("dem", "night"))
    for prefix in ("", "ca_", "buoi_")
}
_ALL_WORDS = {"all", "", "tat_ca", "ca_tuan", "hang_ngay"}
#: Words of a yes/no cell, folded; an empty cell is no (``nan`` and ``none`` are how pandas writes one).
YES_WORDS = frozenset({"true", "1", "yes", "y", "x", "co", "c", "duoc"})
NO_WORDS = frozenset({"false", "0", "no", "n", "khong", "k", "", "nan", "none"})
#: Tick marks, which fold to nothing, read as yes.
_TICKS = frozenset("✓✔☑")
#: Between the two ends of a range of days (``T2-T6``) or of dates (``24/11/2026..26/11/2026``).
_DAY_RANGE = re.compile(r"\s*(?:\.\.|-|–|—|\bđến\b|\bden\b|\bto\b)\s*", re.IGNORECASE)
_DATE_RANGE = re.compile(r"\s*(?:\.\.|–|—|\s-\s|\bđến\b|\bden\b|\bto\b)\s*", re.IGNORECASE)


def phone_digits(text: str) -> str:
    """Return a phone number as its digits, with the leading 0 a spreadsheet drops put back.

    Vietnamese numbers have 10 digits from 0 (``0912 345 678``); Excel stores ``912345678``.
    """
    digits = "".join(ch for ch in text if ch.isdigit())
    return "0" + digits if len(digits) == 9 and not digits.startswith("0") else digits


def parse_availability(text: str) -> str:
    """Normalise an availability cell: the weekdays and the shifts a person can patrol.

    Days are English codes (``mon``…``sun``) or Vietnamese (``T2``…``T7``, ``CN``, ``Thứ 2``,
    ``Thứ Hai``, ``Chủ nhật``, or the bare numbers 2…7), alone or as ranges (``T2-T6``, ``mon..fri``,
    ``T7 đến CN``). Shifts are ``morning``/``sáng``, ``evening``/``tối``, ``night``/``đêm`` (``Ca tối``
    too). Words are separated by commas, semicolons or spaces; ``all``/``tất cả``/empty is every day.
    A cell naming only shifts means those shifts every day; one naming only days, every shift of those
    days; one naming both (``T2,T3,tối``), those shifts on those days. The day is the day a shift
    starts.

    Parameters
    ----------
    text
        The cell as written.

    Returns
    -------
    str
        ``"all"``, or codes separated by commas: the weekdays (in week order, left out when all seven
        are named), then the shifts (in :data:`SHIFT_CODES` order, left out when all are named), e.g.
        ``"mon,wed,sat"``, ``"evening,night"``, ``"mon,tue,evening"``.

    Raises
    ------
    InputFileError
        Without a location, for a word that is neither a weekday nor a shift.

    """
    if fold(text) in _ALL_WORDS:
        return "all"
    days: set[str] = set()
    shifts: set[str] = set()
    for part in re.split(r"[,;]", text):
        for code in _part_codes(part.strip()):
            (days if code in WEEKDAY_CODES else shifts).add(code)
    codes = [d for d in WEEKDAY_CODES if d in days and len(days) < len(WEEKDAY_CODES)]
    codes += [s for s in SHIFT_CODES if s in shifts and len(shifts) < len(SHIFT_CODES)]
    return ",".join(codes) or "all"


def _codes(part: str) -> list[str]:
    """Return the day and shift codes of one comma-free piece of a cell (``"T7 CN"``, ``"Ca tối"``)."""
    words = fold(part).split("_") if fold(part) else []
    codes, i = [], 0
    while i < len(words):
        # Two words first: "thu_2" is Monday, "thu" alone is Thursday's code.
        pair, one = "_".join(words[i : i + 2]), words[i]
        word = pair if i + 1 < len(words) and pair in _DAY_WORDS | _SHIFT_WORDS else one
        code = _DAY_WORDS.get(word) or _SHIFT_WORDS.get(word)
        if code is None:
            raise _not_a_day(part.strip())
        codes.append(code)
        i += word.count("_") + 1
    return codes


def _part_codes(part: str) -> list[str]:
    """Return the codes of one piece between commas, a range of days expanded (``T2-T6 tối``)."""
    ends = [_codes(end) for end in _DAY_RANGE.split(part)]
    if len(ends) == 1:
        return ends[0]
    # The range runs from the last word before the dash to the first after it ("tối T2-T6").
    if len(ends) > 2 or not (ends[0] and ends[1]) or not {ends[0][-1], ends[1][0]} <= set(WEEKDAY_CODES):
        raise _not_a_day(part)
    start, stop = WEEKDAY_CODES.index(ends[0][-1]), WEEKDAY_CODES.index(ends[1][0])
    days = [WEEKDAY_CODES[(start + k) % 7] for k in range((stop - start) % 7 + 1)]  # T7-T2 wraps
    return ends[0][:-1] + days + ends[1][1:]


def _not_a_day(word: str) -> InputFileError:
    return InputFileError(
        f"'{word}' không phải là thứ trong tuần hay ca trực; dùng T2…T7, CN (hoặc mon…sun, khoảng "
        "T2-T6) và các ca sáng, tối, đêm, cách nhau dấu phẩy.",
        f"'{word}' is not a weekday or a shift; use mon…sun (or T2…T7, CN, ranges like mon-fri) "
        "and the shifts morning, evening, night, separated by commas.",
    )


def leave_ranges(text: str) -> list[tuple[date, date]]:
    """Read a leave cell: the days a person is away, as sorted, merged ranges of dates.

    Parameters
    ----------
    text
        Dates (``2026-11-24``, ``24/11/2026``) and ranges (``2026-11-24..2026-11-26``,
        ``24/11/2026 - 26/11/2026``, ``24/11/2026 đến 26/11/2026``) separated by ``;`` or ``,``;
        empty when the person takes no leave.

    Returns
    -------
    list of (datetime.date, datetime.date)
        First and last day of each range (both on leave), sorted; overlapping or touching
        ranges are merged.

    Raises
    ------
    InputFileError
        Without a location, for a piece that is no date or range, or a range that ends before
        it starts.

    """
    ranges = []
    for part in filter(None, (p.strip() for p in re.split(r"[;,]", text))):
        ends = _DATE_RANGE.split(part)
        if len(ends) > 2:
            raise _not_a_date(part)
        first, last = _leave_date(ends[0], part), _leave_date(ends[-1], part)
        if last < first:
            raise InputFileError(
                f"Khoảng ngày nghỉ '{part}' kết thúc trước khi bắt đầu; viết ngày đầu trước.",
                f"The leave '{part}' ends before it starts; write the first day first.",
            )
        ranges.append((first, last))
    merged: list[tuple[date, date]] = []
    for first, last in sorted(ranges):
        if merged and (first - merged[-1][1]).days <= 1:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return merged


def parse_leave(text: str) -> str:
    """Normalise a leave cell to ISO dates and ranges, e.g. ``"2026-11-24..2026-11-26;2026-11-30"``.

    Raises
    ------
    InputFileError
        As :func:`leave_ranges`.

    """
    return ";".join(str(a) if a == b else f"{a}..{b}" for a, b in leave_ranges(text))


#: How a cell of stored codes is written for a Vietnamese reader (words :func:`parse_availability` reads).
_VI_CODES = VI_DAY_NAMES | {"morning": "sáng", "evening": "tối", "night": "đêm", "all": VI_EVERY_DAY}


def availability_text(stored: str, lang: str = "vi") -> str:
    """Write a stored availability (:func:`parse_availability`) for a reader: ``"T2, T3, tối"``.

    In English the stored codes themselves (``"mon, tue, evening"``). Either reads back as the same
    stored value.
    """
    codes = [code for code in str(stored).split(",") if code]
    return ", ".join(_VI_CODES.get(code, code) if lang == "vi" else code for code in codes)


def leave_text(stored: str, lang: str = "vi") -> str:
    """Write a stored leave (:func:`parse_leave`) for a reader: ``"24/11/2026..26/11/2026; 30/11/2026"``.

    In English the stored ISO dates. Either reads back as the same stored value.
    """
    if lang != "vi":
        return str(stored)
    return re.sub(r"(\d{4})-(\d{2})-(\d{2})", r"\3/\2/\1", str(stored)).replace(";", "; ")


def _leave_date(text: str, part: str) -> date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise _not_a_date(part)


def _not_a_date(part: str) -> InputFileError:
    return InputFileError(
        f"Ngày nghỉ '{part}' không hợp lệ; viết ngày dạng 2026-11-24 hoặc 24/11/2026, khoảng ngày dạng "
        "2026-11-24..2026-11-26, cách nhau dấu chấm phẩy.",
        f"The leave '{part}' is not valid; write days as 2026-11-24 or 24/11/2026 and ranges as "
        "2026-11-24..2026-11-26, separated by semicolons.",
    )


def parse_yes_no(text: str) -> bool:
    """Read a yes/no cell, such as the mark of the people who may lead a team.

    Parameters
    ----------
    text
        ``có``/``không``, ``x``, ``yes``/``no``, ``true``/``false``, ``1``/``0`` (any case, with or
        without diacritics; also ``c``, ``k``, ``y``, ``n``, ``được`` and a tick ✓); empty is no.

    Returns
    -------
    bool
        True for yes.

    Raises
    ------
    InputFileError
        Without a location, for any other text.

    """
    if text.strip() in _TICKS:
        return True
    word = fold(text)
    if word in YES_WORDS | NO_WORDS:
        return word in YES_WORDS
    raise InputFileError(
        f"'{text}' không phải là có hay không; ghi có, không, x (để trống là không), 1/0 hoặc true/false.",
        f"'{text}' is not a yes or a no; write yes, no, x (empty means no), 1/0 or true/false "
        "(có/không in Vietnamese).",
    )


def read_people(
    path: str | Path,
    sheet: str | None = None,
    refused: Refusals | None = None,
    columns: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Read the people who may patrol.

    Parameters
    ----------
    path
        A CSV file or a spreadsheet (see :func:`patrol_map.io.tables.read_table`) with columns
        name and force (``police``/``công an`` or ``militia``/``dân quân``),
        and optionally person_id, rank, phone, availability (weekdays and shifts, see
        :func:`parse_availability`; empty = always), leave (dates away, see :func:`leave_ranges`)
        and can_lead (who may lead a team, see :func:`parse_yes_no`; ``Tổ trưởng``, ``Được làm tổ
        trưởng`` and the other :data:`PEOPLE_ALIASES` name it too).
    sheet
        The sheet of a spreadsheet; its first when None.
    refused
        When given, a row with a bad value (or a person id given again) is added to it and left
        out, instead of refusing the file; the file is still refused when no row is left.
    columns
        Columns the user chose for fields (``{"date": "Ngày báo"}``), read in preference to those
        the column names would give (see :func:`patrol_map.io.columns.match_columns`).

    Returns
    -------
    pandas.DataFrame
        Columns ``person_id``, ``name``, ``force``, ``rank``, ``phone``, ``availability``, ``leave``
        (normalised by :func:`parse_availability` and :func:`parse_leave`; ``""`` = no leave),
        ``is_synthetic``, and ``can_lead`` (booleans) when the file has that column: without it any
        police officer may lead. ``attrs`` holds ``encoding``, ``rows_read``, ``columns`` (field ->
        the file's column) and ``header`` (the file's columns).

    Raises
    ------
    InputFileError
        Naming the file, row and column of the first bad value.

    """
    path = Path(path)
    frame = read_table(path, sheet)
    found = match_columns(frame.columns, PEOPLE_ALIASES, columns, path)
    require_columns(found, ("name", "force"), PEOPLE_ALIASES, path)

    rows_read = len(frame)
    if refused is not None:
        frame = _screen(frame, found, path, refused)

    def column(name: str) -> pd.Series:
        return frame[found[name]] if name in found else pd.Series("", index=frame.index)

    parse_cells(frame, found["name"], _parse_name, path)
    forces = [force.value for force in parse_cells(frame, found["force"], _parse_force, path)]
    availability, leave = (
        parse_cells(frame, found[name], parse, path) if name in found else [parse("")] * len(frame)
        for name, parse in (("availability", parse_availability), ("leave", parse_leave))
    )
    # Without an id column, ids come from name and phone: a re-sorted roster keeps everyone's id.
    digits = column("phone").map(phone_digits)
    made = content_ids("N", frame[found["name"]].map(fold) + "|" + digits)
    ids = column("person_id").where(column("person_id") != "", made)
    refuse_repeats(ids, found.get("person_id", "person_id"), path)
    people = pd.DataFrame(
        {
            "person_id": ids.to_numpy(),
            "name": frame[found["name"]].to_numpy(),
            "force": forces,
            "rank": column("rank").to_numpy(),
            "phone": digits.to_numpy(),
            "availability": availability,
            "leave": leave,
            "is_synthetic": synthetic_flags(frame),
        }
    )
    if "can_lead" in found:
        people["can_lead"] = parse_cells(frame, found["can_lead"], parse_yes_no, path)
    people.attrs |= {"encoding": frame.attrs["encoding"], "columns": dict(found), "rows_read": rows_read}
    people.attrs["header"] = frame.attrs["header"]
    return people


def _parse_name(text: str) -> str:
    if not text.strip():
        raise InputFileError("Thiếu họ tên.", "The name is empty.")
    return text


def _parse_force(text: str) -> Force:
    force = FORCE_WORDS.get(fold(text))
    if force is None:
        raise InputFileError(
            f"Lực lượng '{text}' không hợp lệ; ghi 'công an' hoặc 'dân quân'.",
            f"Force '{text}' is not valid; write 'police' or 'militia'.",
        )
    return force


def _screen(frame: pd.DataFrame, found: dict[str, str], path: Path, refused: Refusals) -> pd.DataFrame:
    """Refuse every row a strict read would stop at (a bad cell, an id given again); return the others."""
    checks = {
        "name": _parse_name,
        "force": _parse_force,
        "availability": parse_availability,
        "leave": parse_leave,
        "can_lead": parse_yes_no,
    }
    return screen_rows(frame, found, checks, "person_id", refused, path)
