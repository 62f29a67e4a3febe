"""CSV files as spreadsheets save them: delimiters, byte-order marks, blank rows, encodings."""

from __future__ import annotations

from pathlib import Path

import pytest

from patrol_map.errors import InputFileError
from patrol_map.io.csvfile import read_csv_text


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_delimiters_bom_and_blank_rows_keep_spreadsheet_row_numbers(tmp_path: Path, sep: str) -> None:
    path = tmp_path / "x.csv"
    lines = ["Ngày,Loại,Thôn", "23/11/2026,theft,A", "", ",,", "24/11/2026,fight,B", ",,"]
    path.write_bytes(("\ufeff" + "\n".join(line.replace(",", sep) for line in lines) + "\n").encode())
    frame = read_csv_text(path)
    assert list(frame.columns) == ["Ngày", "Loại", "Thôn"]
    assert list(frame.index) == [2, 5]
    assert list(frame["Thôn"]) == ["A", "B"]


def test_trailing_separators_and_short_rows(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(
        'date,category,village,\n2026-11-01,theft,"Tây, B",\n2026-11-02,fight\n', encoding="utf-8"
    )
    frame = read_csv_text(path)
    assert list(frame.columns) == ["date", "category", "village"]
    assert list(frame["village"]) == ["Tây, B", ""]


def test_values_are_stripped_text(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(" id , value \n 007 ,  1.50 \n", encoding="utf-8")
    frame = read_csv_text(path)
    assert frame.loc[2, "id"] == "007" and frame.loc[2, "value"] == "1.50"


@pytest.mark.parametrize(
    ("content", "words", "row"),
    [
        (b"", "The file is empty", None),
        (b"a,b\n", "holds no record", None),
        ("a,b\n1,2\nThôn,".encode() + b"\xff3\n", "not readable text", 3),  # damaged UTF-8
        (bytes(range(1, 256)) * 3, "not readable text", 2),  # the first byte beyond ASCII is on line 2
        (b"a,b\n1,2,\n3,4,5\n", "more cells than the header (extra '5')", 3),
        (b"a,b,a\n1,2,3\n", "column name 'a' appears twice", 1),
    ],
)
def test_refusals(tmp_path: Path, content: bytes, words: str, row: int | None) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(InputFileError) as caught:
        read_csv_text(path)
    assert words in caught.value.en and caught.value.row == row


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="does not exist"):
        read_csv_text(tmp_path / "none.csv")


@pytest.mark.parametrize(
    ("text", "first_row"),
    [
        ("sep=;\nHọ tên;Lực lượng\nAn;police\n", 3),  # Excel's delimiter line
        ("\n\nHọ tên,Lực lượng\nAn,police\n", 4),  # blank lines before the header
        ('"Họ, tên";Lực lượng\nAn;police\n', 2),  # a quoted comma does not make the comma the delimiter
    ],
)
def test_header_found_as_spreadsheets_write_it(tmp_path: Path, text: str, first_row: int) -> None:
    path = tmp_path / "x.csv"
    path.write_text(text, encoding="utf-8")
    frame = read_csv_text(path)
    assert len(frame.columns) == 2 and frame.columns[1] == "Lực lượng"
    assert list(frame.index) == [first_row] and frame.iloc[0, 0] == "An"


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        ("Thôn,Loại\nThôn Tây,trộm\n".encode(), "UTF-8"),
        ("Thôn,Loại\nThôn Tây,trộm\n".encode("utf-16"), "UTF-16"),
        (b"Th\xf4n,Loa\xf2i\nTh\xf4n T\xe2y,tr\xf4\xf2m\n", "Windows-1258"),  # combining tones
        (b"Th\xabn,Lo\xb9i\nTh\xabn T\xa9y,tr\xe9m\n", "TCVN3"),
        ("Thoân,Loaïi\nThoân Taây,troäm\n".encode("cp1252"), "VNI-Windows"),
    ],
)
def test_legacy_encodings_are_read_and_named(tmp_path: Path, content: bytes, encoding: str) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    frame = read_csv_text(path)
    assert list(frame.columns) == ["Thôn", "Loại"]
    assert frame.loc[2].tolist() == ["Thôn Tây", "trộm"]
    assert frame.attrs["encoding"] == encoding
