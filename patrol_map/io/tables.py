"""A table file, CSV or spreadsheet, read as text: the one entry point of the table readers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from patrol_map.errors import InputFileError
from patrol_map.io.csvfile import read_csv_text
from patrol_map.io.spreadsheet import SPREADSHEET, SPREADSHEET_SUFFIXES, read_sheet_text
from patrol_map.io.vector import Notice
from patrol_map.io.vntext import UTF8, UTF16


def read_table(path: str | Path, sheet: str | None = None) -> pd.DataFrame:
    """Read a CSV file or one sheet of a spreadsheet with every cell as a stripped string.

    Parameters
    ----------
    path
        A ``.xlsx``, ``.xlsm``, ``.xls`` or ``.ods`` spreadsheet (see
        :func:`patrol_map.io.spreadsheet.read_sheet_text`), else a CSV file (see
        :func:`patrol_map.io.csvfile.read_csv_text`).
    sheet
        The sheet of a spreadsheet; its first sheet when None.

    Returns
    -------
    pandas.DataFrame
        The records, indexed by their row number in the file; ``attrs["encoding"]`` says how
        the text was read, ``attrs["header"]`` the columns as the file names them.

    Raises
    ------
    InputFileError
        When the file cannot be read, or a sheet is named for a CSV file.

    """
    if Path(path).suffix.lower() in SPREADSHEET_SUFFIXES:
        frame = read_sheet_text(path, sheet)
    elif sheet is not None:
        raise InputFileError(
            "Chỉ bảng tính (.xlsx) mới có trang tính; bỏ tùy chọn --sheet.",
            "Only a spreadsheet has sheets (.xlsx); leave out --sheet.",
            file=path,
        )
    else:
        frame = read_csv_text(path)
    frame.attrs["header"] = [str(column) for column in frame.columns]
    return frame


def table_header(path: str | Path, sheet: str | None = None) -> list[str]:
    """Return a table's columns as the file names them (for a user to choose which to read).

    Raises
    ------
    InputFileError
        As :func:`read_table`.

    """
    return read_table(path, sheet).attrs["header"]


def encoding_notice(encoding: str) -> list[Notice]:
    """Tell the user what was converted from a legacy encoding (nothing for Unicode text as it was).

    Parameters
    ----------
    encoding
        A table's ``attrs["encoding"]``, as :func:`read_table` sets it.

    Returns
    -------
    list of Notice
        None, or one saying which encoding or font was converted to Unicode.

    """
    if encoding in (UTF8, UTF16, SPREADSHEET):
        return []
    if encoding.startswith(SPREADSHEET):
        fonts = encoding.removeprefix(SPREADSHEET + ", ")
        return [
            Notice(
                f"Một số ô được gõ bằng phông {fonts}; đã chuyển sang Unicode. Hãy xem lại vài tên có dấu.",
                f"Some cells were typed in a {fonts} font; they were converted to Unicode. Check a few "
                "accented names.",
            )
        ]
    return [
        Notice(
            f"Tệp ở mã {encoding}; đã chuyển sang Unicode. Hãy xem lại vài tên có dấu.",
            f"The file is in {encoding}; it was converted to Unicode. Check a few accented names.",
        )
    ]
