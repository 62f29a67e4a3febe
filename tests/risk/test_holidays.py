"""Vietnamese holidays on dates known from the official calendars."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from patrol_map.risk.holidays import HOLIDAY_KINDS, holiday_calendar, holiday_kind, mark_holidays


def days_of(kind: str, start: date, end: date) -> list[str]:
    table = holiday_calendar(start, end)
    return list(table.loc[table["kind"] == kind, "date"].dt.strftime("%Y-%m-%d"))


@pytest.mark.parametrize(
    ("year", "first_day"),
    [
        (2025, "2025-01-29"),
        (2026, "2026-02-17"),
        # The Vietnamese calendar (UTC+7) differs from the Chinese one (UTC+8) in these years:
        # China kept 1985-02-20 and 2007-02-18.
        (1985, "1985-01-21"),
        (2007, "2007-02-17"),
    ],
)
def test_tet_follows_the_vietnamese_lunar_calendar(year: int, first_day: str) -> None:
    table = holiday_calendar(date(year, 1, 1), date(year, 12, 31))
    assert first_day in set(table.loc[table["name_en"] == "Lunar New Year", "date"].dt.strftime("%Y-%m-%d"))
    tet = days_of("tet", date(year, 1, 1), date(year, 12, 31))
    eve = (pd.Timestamp(first_day) - pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    assert eve in tet and first_day in tet


def test_tet_2026_break_and_the_other_fixed_days() -> None:
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    assert days_of("tet", start, end) == [f"2026-02-{d}" for d in range(16, 21)]
    assert days_of("hung_kings", start, end) == ["2026-04-26", "2026-04-27"]  # 10/3 lunar is a Sunday
    assert days_of("reunification", start, end) == ["2026-04-30"]
    assert days_of("labour_day", start, end) == ["2026-05-01"]
    assert "2026-09-02" in days_of("national_day", start, end)
    assert days_of("new_year", start, end) == ["2026-01-01"]


def test_hung_kings_day_is_the_tenth_of_the_third_lunar_month() -> None:
    # 10/3 Ất Tỵ = 2025-04-07; 10/3 Giáp Thìn = 2024-04-18.
    assert days_of("hung_kings", date(2025, 1, 1), date(2025, 12, 31)) == ["2025-04-07"]
    assert days_of("hung_kings", date(2024, 1, 1), date(2024, 12, 31)) == ["2024-04-18"]


def test_vietnamese_and_english_names_and_range_limits() -> None:
    table = holiday_calendar(date(2025, 1, 28), date(2025, 1, 29))
    assert list(table["name_vi"]) == ["Giao thừa Tết Nguyên Đán", "Tết Nguyên Đán"]
    assert list(table["name_en"]) == ["Lunar New Year's Eve", "Lunar New Year"]
    assert set(table["kind"]) <= set(HOLIDAY_KINDS)


def test_festivals_are_marked_and_a_day_with_two_kinds_keeps_both_names() -> None:
    festivals = {
        date(2026, 2, 17): ("Lễ hội đầu xuân", "Spring festival"),
        date(2026, 3, 3): ("Lễ hội đình làng", "Village temple festival"),
        date(2027, 3, 3): ("Lễ hội đình làng", "Village temple festival"),  # outside the range
    }
    marks = mark_holidays(["2026-03-03", "2026-02-17", "2026-03-04"], festivals)
    assert list(marks["holiday"]) == ["festival", "tet", ""]
    assert list(marks["holiday_vi"]) == ["Lễ hội đình làng", "Tết Nguyên Đán; Lễ hội đầu xuân", ""]
    assert marks.loc[1, "holiday_en"] == "Lunar New Year; Spring festival"
    calendar = holiday_calendar(date(2026, 3, 1), date(2026, 3, 31), festivals)
    assert list(calendar["kind"]) == ["festival"]


def test_mark_holidays_keeps_order_and_repeats() -> None:
    marks = mark_holidays([date(2025, 9, 2), pd.Timestamp("2025-09-03"), "2025-09-02"])
    assert list(marks["date"].dt.strftime("%m-%d")) == ["09-02", "09-03", "09-02"]
    assert list(marks["holiday"]) == ["national_day", "", "national_day"]
    assert mark_holidays([]).empty


def test_unknown_holiday_names_are_other_public_holidays() -> None:
    assert holiday_kind("Second Day of Lunar New Year (estimated)") == "tet"
    assert holiday_kind("New Year's Day (observed)") == "new_year"
    assert holiday_kind("Day off (substituted from 04/26/2025)") == "day_off"
    assert holiday_kind("Some New Holiday") == "public_holiday"
