"""Reading a CSV file as text, every cell a string, with a clear error when it cannot be read.

Spreadsheets save CSV with a comma, a semicolon (where the comma is the decimal mark) or a tab
between cells, with or without a byte-order mark; all are accepted. Rows keep the numbers a
spreadsheet shows them with (the header is row 1), even around blank rows, so that an error
names the row the user sees.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from patrol_map.errors import InputFileError
from patrol_map.io.table_rows import records_to_frame
from patrol_map.io.vntext import decode_bytes

DELIMITERS = (",", ";", "\t")


class _RecordError(Exception):
    """A CSV error, and the line (in the file) where it was found."""

    def __init__(self, reason: str, row: int) -> None:
        super().__init__(reason)
        self.reason, self.row = reason, row


def _records(text: str) -> tuple[list[list[str]], int]:
    """Split CSV text into records, and return the spreadsheet row number of the header.

    Excel's ``sep=;`` first line names the delimiter; otherwise the delimiter is the one that
    splits the header into the most cells (a quoted "Họ, tên" does not count). Blank lines before
    the header are skipped.
    """
    lines = text.splitlines()
    skipped = 0
    if lines and lines[0].strip().lower().startswith("sep=") and len(lines[0].strip()) == 5:
        delimiter, skipped = lines[0].strip()[4], 1
    else:
        header = next((line for line in lines if line.strip()), "")
        delimiter = max(DELIMITERS, key=lambda d: len(next(csv.reader([header], delimiter=d))))
    reader = csv.reader(io.StringIO("\n".join(lines[skipped:])), delimiter=delimiter, strict=True)
    records = []
    while True:
        start = reader.line_num + 1  # the line the next record begins on
        try:
            records.append(next(reader))
        except StopIteration:
            break
        except csv.Error as exc:
            raise _RecordError(str(exc), skipped + start) from exc
    while records and not any(cell.strip() for cell in records[0]):
        records.pop(0)
        skipped += 1
    return records, skipped + 1


def read_csv_text(path: str | Path) -> pd.DataFrame:
    """Read a CSV file with every cell as a stripped string, in whichever Vietnamese encoding it is.

    Parameters
    ----------
    path
        The CSV file: UTF-8 (a byte-order mark is allowed), UTF-16 with a byte-order mark,
        Windows-1258, TCVN3 or VNI (see :func:`patrol_map.io.vntext.decode_bytes`), cells
        separated by commas, semicolons or tabs.

    Returns
    -------
    pandas.DataFrame
        One row per record, empty cells as ``""``, rows whose cells are all empty left out;
        the index is the spreadsheet row number; ``attrs["encoding"]`` names the encoding found.

    Raises
    ------
    InputFileError
        When the file is missing, not text in one of those encodings, malformed, or holds no
        record.

    """
    path = Path(path)
    if not path.is_file():
        raise InputFileError("Không tìm thấy tệp.", "The file does not exist.", file=path)
    data = path.read_bytes()
    try:
        # Composed (NFC) text, whatever the file used: "ô" is one character, as in the rest of the project.
        text, encoding = decode_bytes(data)
    except UnicodeDecodeError as exc:
        raise InputFileError(
            "Tệp không phải văn bản đọc được (UTF-8, Windows-1258, TCVN3 hay VNI) hoặc đã hỏng ở dòng "
            "này. Nếu là bảng tính, hãy nhập thẳng tệp .xlsx; nếu không, lưu lại dưới dạng 'CSV UTF-8'.",
            "The file is not readable text (UTF-8, Windows-1258, TCVN3 or VNI) or is damaged at this "
            "row. If it is a spreadsheet, import the .xlsx file itself; otherwise save it again as "
            "'CSV UTF-8'.",
            file=path,
            row=_line_of(data, exc.start),
        ) from exc
    if not text.strip():
        raise InputFileError("Tệp trống.", "The file is empty.", file=path)
    try:
        records, header_row = _records(text)
    except _RecordError as exc:
        if "field larger than field limit" in exc.reason:
            vi, en = "Một ô dài quá mức (hơn 128 KB)", "A cell is far too long (over 128 KB)"
        elif "unexpected end of data" in exc.reason or "EOF" in exc.reason:
            vi, en = 'Một dấu ngoặc kép (") mở mà không đóng', 'A quote (") is opened and never closed'
        else:
            vi, en = f"Không đọc được dòng CSV ({exc.reason})", f"The CSV line cannot be read ({exc.reason})"
        raise InputFileError(
            f"{vi}; kiểm tra dòng này.", f"{en}; check this row.", file=path, row=exc.row
        ) from exc
    return records_to_frame(records, header_row, path, encoding)


def _line_of(data: bytes, offset: int) -> int:
    """Return the 1-based line number of byte ``offset`` in ``data``."""
    return data.count(b"\n", 0, offset) + 1
