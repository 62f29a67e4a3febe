"""Hours and weekdays as commanders write them."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from patrol_map.io.timetable import day_numbers, days_text, hours_windows, parse_days, parse_hours
from patrol_map.model import WEEKDAY_CODES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06:30-07:15", "06:30-07:15"),
        ("6h30 - 7h15; 16:30-17:15", "06:30-07:15;16:30-17:15"),
        ("6g30 đến 7g15", "06:30-07:15"),
        ("22:00-02:00", "22:00-02:00"),
        ("7h-8h", "07:00-08:00"),
        ("", ""),
    ],
)
def test_hours(text: str, expected: str) -> None:
    assert parse_hours(text) == expected


@pytest.mark.parametrize("text", ["sáng", "25:00-26:00", "06:00-06:00", "06:30", "06:61-07:00"])
def test_bad_hours(text: str) -> None:
    with pytest.raises(ValueError, match=text.split("-")[0][:2]):
        parse_hours(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("T2-T6", "mon,tue,wed,thu,fri"),
        ("Thứ 2, Thứ 4; CN", "mon,wed,sun"),
        ("mon-sat", "mon,tue,wed,thu,fri,sat"),
        ("", "all"),
        ("Tất cả", "all"),
    ],
)
def test_days(text: str, expected: str) -> None:
    assert parse_days(text) == expected


@pytest.mark.parametrize("text", ["T8", "T6-T2", "monday"])
def test_bad_days(text: str) -> None:
    with pytest.raises(ValueError):
        parse_days(text)


@given(st.lists(st.tuples(st.integers(0, 23), st.integers(0, 59), st.integers(1, 600)), max_size=4))
def test_hours_round_trip(spans: list[tuple[int, int, int]]) -> None:
    text = "; ".join(f"{h}:{m:02d}-{(h * 60 + m + d) // 60 % 24}:{(m + d) % 60:02d}" for h, m, d in spans)
    windows = hours_windows(parse_hours(text))
    assert windows == [(time(h, m), time((h * 60 + m + d) // 60 % 24, (m + d) % 60)) for h, m, d in spans]


def test_day_numbers() -> None:
    assert day_numbers("all") == frozenset(range(7))
    assert day_numbers("mon,sun") == {0, 6}


@given(days=st.lists(st.sampled_from(WEEKDAY_CODES), unique=True), lang=st.sampled_from(["vi", "en"]))
def test_days_written_for_a_reader_read_back_the_same(days: list, lang: str) -> None:
    stored = parse_days(", ".join(days))
    shown = days_text(stored, lang)
    assert parse_days(shown) == stored
    if lang == "vi":
        assert not set(shown.replace(",", " ").split()) & {*WEEKDAY_CODES, "all"}
