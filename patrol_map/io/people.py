"""The commune's police officers and militia members from a CSV file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from patrol_map.errors import InputFileError
from patrol_map.io.cells import content_ids, refuse_repeats
from patrol_map.io.columns import match_columns, require_columns, synthetic_flags
from patrol_map.io.csvfile import read_csv_text
from patrol_map.model import WEEKDAY_CODES, Force
from patrol_map.text import fold

PEOPLE_ALIASES = {
    "person_id": ("id", "ma", "ma_so", "ma_can_bo"),
    "name": ("ho_ten", "ho_va_ten", "ten", "full_name"),
    "force": ("luc_luong", "don_vi", "unit"),
    "rank": ("cap_bac", "chuc_vu", "cap_bac_chuc_vu"),
    "phone": ("so_dien_thoai", "dien_thoai", "sdt", "dt"),
    "availability": ("ngay_truc", "ngay_san_sang", "lich", "san_sang", "available"),
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
    "t2": "mon",
    "t3": "tue",
    "t4": "wed",
    "t5": "thu",
    "t6": "fri",
    "t7": "sat",
    "cn": "sun",
    "thu_2": "mon",
    "thu_3": "tue",
    "thu_4": "wed",
    "thu_5": "thu",
    "thu_6": "fri",
    "thu_7": "sat",
    "chu_nhat": "sun",
}
_ALL_WORDS = {"all", "", "tat_ca", "ca_tuan", "hang_ngay"}


def phone_digits(text: str) -> str:
    """Return a phone number as its digits, with the leading 0 a spreadsheet drops put back.

    Vietnamese numbers have 10 digits from 0 (``0912 345 678``); Excel stores ``912345678``.
    """
    digits = "".join(ch for ch in text if ch.isdigit())
    return "0" + digits if len(digits) == 9 and not digits.startswith("0") else digits


def parse_availability(text: str) -> str:
    """Normalise an availability cell to ``"all"`` or weekday codes like ``"mon,wed,sat"``.

    Accepts English codes (``mon``…``sun``), Vietnamese (``T2``…``T7``, ``CN``, ``Thứ 2``,
    ``Chủ nhật``) separated by commas or semicolons, and ``all``/``tất cả``/empty for every day.

    Raises
    ------
    ValueError
        For a word that is not a weekday.

    """
    if fold(text) in _ALL_WORDS:
        return "all"
    days = set()
    for word in text.replace(";", ",").split(","):
        day = _DAY_WORDS.get(fold(word))
        if day is None:
            raise ValueError(word.strip())
        days.add(day)
    return "all" if len(days) == len(WEEKDAY_CODES) else ",".join(d for d in WEEKDAY_CODES if d in days)


def read_people(path: str | Path) -> pd.DataFrame:
    """Read the people who may patrol.

    Parameters
    ----------
    path
        UTF-8 CSV with columns name and force (``police``/``công an`` or ``militia``/``dân quân``),
        and optionally person_id, rank, phone and availability (weekdays; empty = every day).

    Returns
    -------
    pandas.DataFrame
        Columns ``person_id``, ``name``, ``force``, ``rank``, ``phone``, ``availability``,
        ``is_synthetic``.

    Raises
    ------
    InputFileError
        Naming the file, row and column of the first bad value.

    """
    path = Path(path)
    frame = read_csv_text(path)
    found = match_columns(frame.columns, PEOPLE_ALIASES)
    require_columns(found, ("name", "force"), PEOPLE_ALIASES, path)

    def column(name: str) -> pd.Series:
        return frame[found[name]] if name in found else pd.Series("", index=frame.index)

    forces, availability = [], []
    for row in frame.index:
        if not frame.at[row, found["name"]]:
            raise InputFileError(
                "Thiếu họ tên.", "The name is empty.", file=path, row=row, column=found["name"]
            )
        force = FORCE_WORDS.get(fold(frame.at[row, found["force"]]))
        if force is None:
            raise InputFileError(
                f"Lực lượng '{frame.at[row, found['force']]}' không hợp lệ; ghi 'công an' hoặc 'dân quân'.",
                f"Force '{frame.at[row, found['force']]}' is not valid; write 'police' or 'militia'.",
                file=path,
                row=row,
                column=found["force"],
            )
        forces.append(force.value)
        try:
            availability.append(parse_availability(column("availability")[row]))
        except ValueError as exc:
            raise InputFileError(
                f"'{exc}' không phải là thứ trong tuần; dùng T2…T7, CN (hoặc mon…sun), cách nhau dấu phẩy.",
                f"'{exc}' is not a weekday; use mon…sun (or T2…T7, CN), separated by commas.",
                file=path,
                row=row,
                column=found["availability"],
            ) from None
    # Without an id column, ids come from name and phone: a re-sorted roster keeps everyone's id.
    digits = column("phone").map(phone_digits)
    made = content_ids("N", frame[found["name"]].map(fold) + "|" + digits)
    ids = column("person_id").where(column("person_id") != "", made)
    refuse_repeats(ids, found.get("person_id", "person_id"), path)
    return pd.DataFrame(
        {
            "person_id": ids.to_numpy(),
            "name": frame[found["name"]].to_numpy(),
            "force": forces,
            "rank": column("rank").to_numpy(),
            "phone": digits.to_numpy(),
            "availability": availability,
            "is_synthetic": synthetic_flags(frame),
        }
    )
