"""People CSV import: forces, weekdays and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from patrol_map.errors import InputFileError
from patrol_map.io.people import parse_availability, read_people


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_vietnamese_headers_and_values(tmp_path: Path) -> None:
    people = read_people(
        write(
            tmp_path,
            "Mã,Họ tên,Lực lượng,Cấp bậc,SĐT,Ngày trực\n"
            "CA1,Nguyễn Văn An,Công an,Thiếu úy,0900000001,T2; T4;CN\n"
            "DQ1,Trần Thị Bình,Dân quân,Chiến sĩ,,\n",
        )
    )
    assert list(people["person_id"]) == ["CA1", "DQ1"]
    assert list(people["force"]) == ["police", "militia"]
    assert list(people["availability"]) == ["mon,wed,sun", "all"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("all", "all"),
        ("", "all"),
        ("Tất cả", "all"),
        ("mon,tue", "mon,tue"),
        ("Thứ 2, Chủ nhật", "mon,sun"),
        ("t2,t3,t4,t5,t6,t7,cn", "all"),
        ("sun,mon", "mon,sun"),
    ],
)
def test_availability_words(text: str, expected: str) -> None:
    assert parse_availability(text) == expected


@pytest.mark.parametrize(
    ("text", "row", "column", "words"),
    [
        ("name\nAn\n", 1, "force", "Column 'force' is missing"),
        ("name,force\nAn,police\nBình,army\n", 3, "force", "Force 'army' is not valid"),
        ("name,force,availability\nAn,police,mon;funday\n", 2, "availability", "'funday' is not a weekday"),
        ("person_id,name,force\nX1,An,police\nX1,Bình,militia\n", 3, "person_id", "appears twice"),
        ("name,force\n,police\n", 2, "name", "The name is empty"),
    ],
)
def test_refusals_name_row_and_column(tmp_path: Path, text: str, row: int, column: str, words: str) -> None:
    with pytest.raises(InputFileError) as caught:
        read_people(write(tmp_path, text))
    assert (caught.value.row, caught.value.column) == (row, column)
    assert words in caught.value.en and caught.value.vi


def test_namesakes_without_ids_are_two_people_and_ids_survive_a_resort(tmp_path: Path) -> None:
    rows = [
        "name,force,phone",
        "Nguyễn Văn An,police,0912 345 678",
        "Lê Văn Bình,militia,",
        "Lê Văn Bình,militia,",
    ]
    first = read_people(write(tmp_path, "\n".join(rows) + "\n")).set_index("name")
    resorted = read_people(write(tmp_path, "\n".join([rows[0], rows[2], rows[1], rows[3]]) + "\n"))
    assert first["person_id"].is_unique
    assert (
        resorted.set_index("name").loc["Nguyễn Văn An", "person_id"]
        == first.loc["Nguyễn Văn An", "person_id"]
    )
    spaced = read_people(write(tmp_path, "name,force,phone\nNguyễn Văn An,police,0912345678\n"))
    assert spaced["person_id"][0] == first.loc["Nguyễn Văn An", "person_id"]  # phone digits only


def test_phones_keep_the_zero_excel_drops_and_cong_an_vien_is_police(tmp_path: Path) -> None:
    people = read_people(
        write(tmp_path, "name,force,phone\nAn,Công an viên,912345678\nBình,DQ,0912 345 679\n")
    )
    assert list(people["phone"]) == ["0912345678", "0912345679"]
    assert list(people["force"]) == ["police", "militia"]
