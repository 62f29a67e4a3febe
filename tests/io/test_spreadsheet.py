"""Spreadsheets read as text: date and time cells, rows as Excel numbers them, legacy fonts, refusals."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest

from patrol_map.errors import InputFileError
from patrol_map.io.spreadsheet import read_sheet_text
from patrol_map.io.tables import read_table


def workbook(path: Path, sheets: dict[str, dict[str, object]]) -> Path:
    """Write an .xlsx file with openpyxl: sheet name -> {cell: value}."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, cells in sheets.items():
        sheet = book.create_sheet(name)
        for cell, value in cells.items():
            sheet[cell] = value
    book.save(path)
    return path


LOG = {
    "B3": "Ngày",
    "C3": "Giờ",
    "D3": "Thôn",
    "E3": "Kinh độ",
    "B4": date(2026, 11, 3),
    "C4": time(21, 30),
    "D4": "Thôn Tây",
    "E4": 106.123456789,
    "B6": "05/11/2026",  # a date typed as text
    "C6": "21h30",
    "D6": "Th«n §«ng",  # typed in .VnTime (TCVN3): Excel keeps the Western letters
    "E6": 106,
    "B7": datetime(2026, 11, 7, 2, 15),
}


def test_cells_become_the_text_a_csv_would_hold(tmp_path: Path) -> None:
    frame = read_sheet_text(workbook(tmp_path / "log.xlsx", {"Sổ": LOG}))
    assert list(frame.columns) == ["Ngày", "Giờ", "Thôn", "Kinh độ"]
    assert frame.index.tolist() == [4, 6, 7]  # Excel's row numbers, the empty row 5 left out
    assert frame.loc[4].tolist() == ["2026-11-03", "21:30", "Thôn Tây", "106.123456789"]
    assert frame.loc[6].tolist() == ["05/11/2026", "21h30", "Thôn Đông", "106"]
    assert frame.loc[7, "Ngày"] == "2026-11-07 02:15:00"
    assert frame.attrs["encoding"] == "spreadsheet, TCVN3"


def test_the_first_sheet_or_the_one_named(tmp_path: Path) -> None:
    path = workbook(tmp_path / "two.xlsx", {"Tháng 10": {"A1": "Thôn", "A2": "Một"}, "Tháng 11": LOG})
    assert read_sheet_text(path).loc[2, "Thôn"] == "Một"
    assert read_sheet_text(path, "Tháng 11").loc[4, "Thôn"] == "Thôn Tây"
    with pytest.raises(InputFileError, match="No sheet 'Tháng 12'; the sheets are: Tháng 10, Tháng 11"):
        read_sheet_text(path, "Tháng 12")
    assert read_table(path, sheet="Tháng 11").loc[4, "Thôn"] == "Thôn Tây"


@pytest.mark.parametrize(
    ("cells", "words", "row"),
    [
        ({}, "The spreadsheet is empty", None),
        ({"A1": "Thôn"}, "holds no record", None),
        ({"A1": "Thôn", "A3": "Tây", "C3": "lạc"}, "more cells than the header (extra 'lạc')", 3),
        ({"A1": "Thôn", "B1": "Thôn", "A2": "Tây"}, "column name 'Thôn' appears twice", 1),
    ],
)
def test_refusals_name_the_row(tmp_path: Path, cells: dict, words: str, row: int | None) -> None:
    path = workbook(tmp_path / "x.xlsx", {"Sheet": cells})
    with pytest.raises(InputFileError) as caught:
        read_sheet_text(path)
    assert words in caught.value.en and caught.value.row == row


def test_a_file_that_is_no_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "log.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputFileError, match="The spreadsheet cannot be read"):
        read_sheet_text(path)
    with pytest.raises(InputFileError, match="does not exist"):
        read_sheet_text(tmp_path / "none.xlsx")
    csv = tmp_path / "log.csv"
    csv.write_text("Thôn\nTây\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="Only a spreadsheet has sheets"):
        read_table(csv, sheet="Sheet1")
