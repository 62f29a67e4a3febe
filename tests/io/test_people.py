"""People CSV import: forces, weekdays and refusals."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from patrol_map.errors import InputFileError
from patrol_map.io.people import (
    SHIFT_CODES,
    availability_text,
    leave_ranges,
    leave_text,
    parse_availability,
    parse_leave,
    parse_yes_no,
    read_people,
)
from patrol_map.model import WEEKDAY_CODES
from patrol_map.plan.roster import RosterRules, form_teams
from patrol_map.plan.shifts import DEFAULT_SHIFTS, week_shifts


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
        ("Thứ Hai, thứ Bảy", "mon,sat"),
        ("2, 4, 6", "mon,wed,fri"),
        ("T7 CN", "sat,sun"),
        ("mon,tue,", "mon,tue"),
        ("T2-T6", "mon,tue,wed,thu,fri"),
        ("Thứ 2 - Thứ 4", "mon,tue,wed"),
        ("mon..wed", "mon,tue,wed"),
        ("T7 đến T2", "mon,sat,sun"),
        ("evening,night", "evening,night"),
        ("Tối, Đêm", "evening,night"),
        ("Ca tối", "evening"),
        ("buổi sáng", "morning"),
        ("sáng tối đêm", "all"),
        ("mon,tue,evening", "mon,tue,evening"),
        ("T2-T6 tối", "mon,tue,wed,thu,fri,evening"),
        ("tối T2-T6", "mon,tue,wed,thu,fri,evening"),
    ],
)
def test_availability_words(text: str, expected: str) -> None:
    assert parse_availability(text) == expected


@pytest.mark.parametrize("text", ["funday", "T2-", "T2-tối", "24/11/2026", "thứ tám", "T2-T3-T4"])
def test_availability_refusals_say_what_to_write(text: str) -> None:
    with pytest.raises(InputFileError) as caught:
        parse_availability(text)
    assert "is not a weekday or a shift" in caught.value.en
    assert "morning, evening, night" in caught.value.en
    assert "không phải là thứ trong tuần hay ca trực" in caught.value.vi


def test_shift_words_are_the_default_shifts() -> None:
    assert tuple(t.name for t in DEFAULT_SHIFTS) == SHIFT_CODES
    assert parse_availability(",".join(t.vi for t in DEFAULT_SHIFTS[:2])) == "morning,evening"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("2026-11-24", "2026-11-24"),
        ("24/11/2026", "2026-11-24"),
        ("2026-11-24..2026-11-26", "2026-11-24..2026-11-26"),
        ("24/11/2026 - 26/11/2026", "2026-11-24..2026-11-26"),
        ("24-11-2026 – 26-11-2026", "2026-11-24..2026-11-26"),
        ("24/11/2026 đến 26/11/2026", "2026-11-24..2026-11-26"),
        ("30/11/2026; 2026-11-24", "2026-11-24;2026-11-30"),
        ("2026-11-24..2026-11-25, 26/11/2026", "2026-11-24..2026-11-26"),  # touching ranges merge
        ("2026-11-24..2026-11-28; 2026-11-25", "2026-11-24..2026-11-28"),
        ("2026-12-31..2027-01-01", "2026-12-31..2027-01-01"),
    ],
)
def test_leave_dates_and_ranges(text: str, expected: str) -> None:
    assert parse_leave(text) == expected


def test_leave_ranges_are_dates() -> None:
    assert leave_ranges("24/11/2026..25/11/2026; 2026-11-30") == [
        (date(2026, 11, 24), date(2026, 11, 25)),
        (date(2026, 11, 30), date(2026, 11, 30)),
    ]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("24/11", "The leave '24/11' is not valid"),
        ("2026-11-31", "The leave '2026-11-31' is not valid"),
        ("mon", "The leave 'mon' is not valid"),
        ("2026-11-24..2026-11-25..2026-11-26", "is not valid"),
        ("2026-11-26..2026-11-24", "The leave '2026-11-26..2026-11-24' ends before it starts"),
    ],
)
def test_leave_refusals(text: str, words: str) -> None:
    with pytest.raises(InputFileError) as caught:
        parse_leave(text)
    assert words in caught.value.en
    assert "Ngày nghỉ" in caught.value.vi or "Khoảng ngày nghỉ" in caught.value.vi


def test_leave_and_shift_availability_columns(tmp_path: Path) -> None:
    people = read_people(
        write(
            tmp_path,
            "Họ tên,Lực lượng,Ngày trực,Nghỉ phép\n"
            "An,Công an,,24/11/2026..26/11/2026\n"
            'Bình,Dân quân,"T2-T6 tối, đêm",\n',
        )
    )
    assert list(people.columns) == [
        "person_id", "name", "force", "rank", "phone", "availability", "leave", "is_synthetic",
    ]  # fmt: skip
    assert list(people["availability"]) == ["all", "mon,tue,wed,thu,fri,evening,night"]
    assert list(people["leave"]) == ["2026-11-24..2026-11-26", ""]
    without = read_people(write(tmp_path, "name,force\nAn,police\n"))
    assert list(without["leave"]) == [""]


@pytest.mark.parametrize(
    ("text", "row", "column", "words"),
    [
        ("name\nAn\n", 1, "force", "Column 'force' is missing"),
        ("name,force\nAn,police\nBình,army\n", 3, "force", "Force 'army' is not valid"),
        ("name,force,availability\nAn,police,mon;funday\n", 2, "availability", "'funday' is not a weekday"),
        (
            "name,force,ngày nghỉ\nAn,police,\nBình,militia,32/11/2026\n",
            3,
            "ngày nghỉ",
            "'32/11/2026' is not valid",
        ),
        ("name,force,leave\nAn,police,2026-11-26..2026-11-24\n", 2, "leave", "ends before it starts"),
        ("person_id,name,force\nX1,An,police\nX1,Bình,militia\n", 3, "person_id", "appears twice"),
        ("name,force\n,police\n", 2, "name", "The name is empty"),
        (
            "name,force,Tổ trưởng\nAn,police,x\nBình,police,maybe\n",
            3,
            "Tổ trưởng",
            "'maybe' is not a yes or a no",
        ),
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Có", True), ("có", True), ("co", True), ("x", True), ("X", True), ("1", True), ("true", True),
        ("Yes", True), ("được", True), ("✓", True),
        ("Không", False), ("khong", False), ("", False), ("  ", False), ("0", False), ("FALSE", False),
        ("no", False),
    ],
)  # fmt: skip
def test_yes_no_words(text: str, expected: bool) -> None:
    assert parse_yes_no(text) is expected


@pytest.mark.parametrize("text", ["maybe", "2", "có thể"])
def test_yes_no_refusals_say_what_to_write(text: str) -> None:
    with pytest.raises(InputFileError) as caught:
        parse_yes_no(text)
    assert caught.value.en == (
        f"'{text}' is not a yes or a no; write yes, no, x (empty means no), 1/0 or true/false (có/không in "
        "Vietnamese)."
    )
    assert caught.value.vi.startswith(f"'{text}' không phải là có hay không; ghi có, không, x")


@pytest.mark.parametrize("header", ["can_lead", "Được làm tổ trưởng", "Tổ trưởng", "Chỉ huy", "lead"])
def test_can_lead_column_and_its_vietnamese_names(tmp_path: Path, header: str) -> None:
    people = read_people(
        write(
            tmp_path, f"Họ tên,Lực lượng,{header}\nAn,Công an,Có\nBình,Công an,\nChi,Công an,x\nDũng,DQ,0\n"
        )
    )
    assert people["can_lead"].tolist() == [True, False, True, False]
    assert people["can_lead"].dtype == bool


def test_only_marked_police_officers_lead_the_teams(tmp_path: Path) -> None:
    people = read_people(
        write(
            tmp_path,
            "Mã,Họ tên,Lực lượng,Tổ trưởng\nCA1,An,Công an,không\nCA2,Bình,Công an,x\n"
            "DQ1,Chi,Dân quân,\nDQ2,Dũng,Dân quân,\n",
        )
    )
    teams = form_teams(people, week_shifts("2026-W48", ["evening"]), RosterRules(1, min_team_size=2))
    assert {team.members[0] for team in teams} == {"CA2"}


@given(
    days=st.lists(st.sampled_from(WEEKDAY_CODES), unique=True),
    shifts=st.lists(st.sampled_from(SHIFT_CODES), unique=True),
    lang=st.sampled_from(["vi", "en"]),
)
def test_availability_written_for_a_reader_reads_back_the_same(days: list, shifts: list, lang: str) -> None:
    stored = parse_availability(", ".join(days + shifts))
    shown = availability_text(stored, lang)
    assert parse_availability(shown) == stored
    if lang == "vi":  # no English code left for a Vietnamese reader
        assert not set(shown.replace(",", " ").split()) & {*WEEKDAY_CODES, *SHIFT_CODES, "all"}


@given(
    firsts=st.lists(st.dates(date(2025, 1, 1), date(2027, 12, 31)), max_size=4),
    lengths=st.lists(st.integers(0, 5), min_size=4, max_size=4),
    lang=st.sampled_from(["vi", "en"]),
)
def test_leave_written_for_a_reader_reads_back_the_same(firsts: list, lengths: list, lang: str) -> None:
    text = "; ".join(f"{d}..{d + timedelta(days=n)}" for d, n in zip(firsts, lengths, strict=False))
    stored = parse_leave(text)
    assert parse_leave(leave_text(stored, lang)) == stored


def test_availability_and_leave_in_vietnamese_words() -> None:
    assert availability_text("mon,tue,wed,thu,fri,evening") == "T2, T3, T4, T5, T6, tối"
    assert availability_text("all") == "tất cả"
    assert leave_text("2026-11-24..2026-11-26;2026-11-30") == "24/11/2026..26/11/2026; 30/11/2026"
