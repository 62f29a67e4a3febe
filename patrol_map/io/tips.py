"""Citizens' tips (tin báo) from a CSV file or a spreadsheet, read and checked, still in clear.

A tip has a date, the village it concerns, what was reported (``content``), who reported it
(``informant_name``, ``informant_phone``: either may be empty, for a tip given without a name) and
whether it proved valuable (``valuable``: có/không; empty while nobody has judged it). The commune's
report counts the tips received and the valuable ones.

This module only reads: the confidential fields are sealed before anything is stored
(:mod:`patrol_map.tips`). A refused row is named by its file, row and column, and the cell's text
is quoted only for the columns that are not confidential (date, village, valuable).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from patrol_map.errors import InputFileError
from patrol_map.geo.geocode import VillageNames
from patrol_map.io.cells import Refusals, parse_cells, refuse_repeats, screen_rows
from patrol_map.io.columns import match_columns, require_columns, synthetic_flags
from patrol_map.io.incidents import parse_date
from patrol_map.io.people import parse_yes_no, phone_digits
from patrol_map.io.tables import read_table

TIP_ALIASES = {
    "tip_id": ("id", "ma_tin", "so_tin", "so_hieu", "stt_tin"),
    "date": ("ngay", "ngay_bao", "ngay_nhan", "ngay_tiep_nhan", "ngay_nhan_tin"),
    "village": ("thon", "thon_xom", "ten_thon", "dia_ban", "khu_dan_cu"),
    "content": ("noi_dung", "noi_dung_tin", "noi_dung_tin_bao", "tin_bao", "text"),
    "informant_name": (
        "nguoi_bao",
        "nguoi_bao_tin",
        "nguoi_cung_cap",
        "nguoi_cung_cap_tin",
        "ho_ten_nguoi_bao",
        "ten_nguoi_bao",
        "informant",
    ),
    "informant_phone": (
        "sdt_nguoi_bao",
        "so_dien_thoai",
        "so_dien_thoai_nguoi_bao",
        "dien_thoai",
        "sdt",
        "phone",
    ),
    "valuable": ("co_gia_tri", "tin_co_gia_tri", "gia_tri", "danh_gia", "value"),
}
#: The columns every tips file has (an informant's cells may be empty, the columns may not).
REQUIRED = ("date", "village", "content", "informant_name", "informant_phone")
#: The columns whose text is confidential: never quoted in a message.
CONFIDENTIAL = ("content", "informant_name", "informant_phone")


def parse_valuable(text: str) -> str:
    """Read a ``valuable`` cell: ``"yes"``, ``"no"``, or ``""`` for an empty cell (not judged yet).

    Raises
    ------
    InputFileError
        Without a location, for a text that is no yes or no.

    """
    if not text.strip():
        return ""
    return "yes" if parse_yes_no(text) else "no"


def read_tips(
    path: str | Path,
    villages: pd.DataFrame,
    sheet: str | None = None,
    refused: Refusals | None = None,
    aliases: Mapping[str, str] | None = None,
    columns: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Read and check a tips file.

    Parameters
    ----------
    path
        A CSV file or a spreadsheet (:func:`patrol_map.io.tables.read_table`) with the columns of
        :data:`REQUIRED` (Vietnamese names accepted: ``Ngày``, ``Thôn``, ``Nội dung``, ``Người báo``,
        ``Số điện thoại``) and optionally ``valuable`` (``Có giá trị``) and ``tip_id``.
    villages
        The stored villages (``name``): a tip's village is matched to one of them; an empty cell
        is a tip about no one village.
    sheet
        The sheet of a spreadsheet; its first when None.
    refused
        When given, a row with a bad date, village or ``valuable`` cell is added to it and left out.
    aliases
        Village names a user confirmed (as written -> stored name).
    columns
        Columns the user chose for fields (``{"content": "Tin"}``).

    Returns
    -------
    pandas.DataFrame
        Columns ``tip_id`` (as the file gives it, else empty), ``date`` (ISO text), ``village``,
        ``content``, ``informant_name``, ``informant_phone`` (its digits), ``valuable`` (``yes``,
        ``no`` or empty) and ``is_synthetic``, in clear; ``attrs`` as
        :func:`patrol_map.io.incidents.read_incidents` gives them.

    Raises
    ------
    InputFileError
        Naming the file, row and column of the first bad value, or a missing column; a tip
        whose content is empty.

    """
    path = Path(path)
    frame = read_table(path, sheet)
    found = match_columns(frame.columns, TIP_ALIASES, columns, path)
    require_columns(found, REQUIRED, TIP_ALIASES, path)
    names = VillageNames(villages["name"], aliases)

    def village(text: str) -> str:
        return names.match(text) if text.strip() else ""

    checks = {"date": parse_date, "village": village, "content": _parse_content, "valuable": parse_valuable}
    rows_read = len(frame)
    if refused is not None:
        frame = screen_rows(frame, found, checks, "tip_id", refused, path)
    parse_cells(frame, found["content"], _parse_content, path)
    if "tip_id" in found:
        refuse_repeats(frame[found["tip_id"]], found["tip_id"], path)

    def column(name: str) -> pd.Series:
        return frame[found[name]] if name in found else pd.Series("", index=frame.index)

    tips = pd.DataFrame(
        {
            "tip_id": column("tip_id").str.strip().to_numpy(),
            "date": [day.isoformat() for day in parse_cells(frame, found["date"], parse_date, path)],
            "village": parse_cells(frame, found["village"], village, path),
            "content": frame[found["content"]].str.strip().to_numpy(),
            "informant_name": frame[found["informant_name"]].str.strip().to_numpy(),
            "informant_phone": frame[found["informant_phone"]].map(phone_digits).to_numpy(),
            "valuable": parse_cells(frame, found["valuable"], parse_valuable, path)
            if "valuable" in found
            else [""] * len(frame),
            "is_synthetic": synthetic_flags(frame),
        }
    )
    tips.attrs |= {
        "encoding": frame.attrs["encoding"],
        "rows_read": rows_read,
        "columns": dict(found),
        "header": frame.attrs["header"],
    }
    return tips


def _parse_content(text: str) -> str:
    if not text.strip():
        raise InputFileError(
            "Tin báo không có nội dung.", "The tip has no content (what was reported is empty)."
        )
    return text
