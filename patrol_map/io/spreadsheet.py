"""Reading a spreadsheet (.xlsx, .xlsm, .xls, .ods) as text, every cell a string, rows as Excel numbers them.

Read by calamine (``python-calamine``): a Rust reader, twice as fast as openpyxl in read-only mode
on a 100,000-row log (``bench/spreadsheet.py``: 2.8 s against 5.5 s, cells turned into text
included for calamine), and it reads the old ``.xls`` and OpenDocument too. Cells become the text the CSV
reader would give: a date cell ``2026-11-23``, a date and time ``2026-11-23 21:30:00``, a time
cell ``21:30``, a whole number without ``.0``; text typed in a TCVN3 or VNI font (stored by Excel
as Western letters) is converted to Unicode (:func:`patrol_map.io.vntext.repair_text`).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pandas as pd

from patrol_map.errors import InputFileError
from patrol_map.io.table_rows import records_to_frame
from patrol_map.io.vntext import repair_text

#: File name endings read as spreadsheets.
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
#: ``attrs["encoding"]`` of a spreadsheet read as it is.
SPREADSHEET = "spreadsheet"


def read_sheet_text(path: str | Path, sheet: str | None = None) -> pd.DataFrame:
    """Read one sheet of a spreadsheet with every cell as a stripped string.

    Parameters
    ----------
    path
        The spreadsheet.
    sheet
        The sheet's name; the first sheet when None.

    Returns
    -------
    pandas.DataFrame
        One row per record below the header (the first row with a value), empty cells as
        ``""``, empty rows left out; the index is the row number Excel shows.
        ``attrs["encoding"]`` is ``"spreadsheet"``, or ``"spreadsheet, TCVN3"`` (or VNI-Windows)
        when cells typed in that font were converted.

    Raises
    ------
    InputFileError
        When the file is missing, is no spreadsheet calamine can read, has no such sheet, or
        holds no record.

    """
    from python_calamine import CalamineError, CalamineWorkbook

    path = Path(path)
    if not path.is_file():
        raise InputFileError("Không tìm thấy tệp.", "The file does not exist.", file=path)
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = book.sheet_names
        if sheet is not None and sheet not in names:
            raise InputFileError(
                f"Không có trang tính '{sheet}'; các trang có: {', '.join(names)}.",
                f"No sheet '{sheet}'; the sheets are: {', '.join(names)}.",
                file=path,
            )
        if not names:
            raise InputFileError("Bảng tính không có trang nào.", "The spreadsheet has no sheet.", file=path)
        table = book.get_sheet_by_name(sheet if sheet is not None else names[0])
        cells = table.to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError) as exc:
        raise InputFileError(
            f"Không đọc được bảng tính ({exc}). Hãy mở và lưu lại bằng Excel.",
            f"The spreadsheet cannot be read ({exc}). Open it and save it again in Excel.",
            file=path,
        ) from exc
    try:
        return _records(cells, path)
    except InputFileError as exc:
        if sheet is not None or len(names) < 2:
            raise
        others = ", ".join(names[1:])
        raise InputFileError(
            f"{exc.vi} (trang đầu '{names[0]}'; các trang khác: {others}; hãy chọn trang có bảng)",
            f"{exc.en} (the first sheet, '{names[0]}'; the other sheets: {others}; choose the one with "
            "the table)",
            file=path,
            row=exc.row,
            column=exc.column,
        ) from None


def sheet_names(path: str | Path) -> list[str]:
    """Return a spreadsheet's sheet names, first to last (none for a file calamine cannot read)."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except (CalamineError, ValueError, OSError):
        return []


def _records(cells: Sequence[Sequence[object]], path: Path) -> pd.DataFrame:
    """Return a sheet's records below its header, as :func:`read_sheet_text` describes."""
    converted: set[str] = set()
    records = [[_cell_text(value, converted) for value in row] for row in cells]
    first = next((i for i, row in enumerate(records) if any(records[i])), None)
    if first is None:
        raise InputFileError("Bảng tính trống.", "The spreadsheet is empty.", file=path)
    encoding = ", ".join([SPREADSHEET, *sorted(converted)])
    # Read from A1, so record i is Excel's row i + 1; a table that begins in column B or later
    # loses its empty columns on the left.
    left = min(next(j for j, cell in enumerate(row) if cell) for row in records if any(row))
    return records_to_frame([row[left:] for row in records[first:]], first + 1, path, encoding)


def _cell_text(value: object, converted: set[str]) -> str:
    """Return a cell as the text a CSV file would hold; note a legacy font's name in ``converted``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d" if value.time() == time(0) else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, timedelta):  # a time cell past 24:00, or a duration
        minutes = round(value.total_seconds() / 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}" if 0 <= minutes < 24 * 60 else str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, int):
        return str(value)
    text, font = repair_text(unicodedata.normalize("NFC", str(value).strip()))
    if font is not None:
        converted.add(font)
    return text
