"""Time profiles on records small enough to count by hand."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from patrol_map.errors import WorkspaceError
from patrol_map.risk.temporal import (
    HOURS,
    UNKNOWN,
    daily_counts,
    holiday_table,
    hour_profile,
    incident_parts_of_day,
    month_profile,
    weekday_part_profile,
)


def records(*rows: tuple[str, str, str, str], part_of_day: list[str] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "incident_id": [f"VV{i:03d}" for i in range(1, len(rows) + 1)],
            "date": [r[0] for r in rows],
            "time": [r[1] for r in rows],
            "category": [r[2] for r in rows],
            "village": [r[3] for r in rows],
        }
    )
    return frame if part_of_day is None else frame.assign(part_of_day=part_of_day)


# 2026-11-23 is a Monday, 2026-11-29 a Sunday.
WEEK = (
    ("2026-11-23", "07:30", "theft", "A"),  # Monday morning
    ("2026-11-23", "23:10", "theft", "B"),  # Monday night
    ("2026-11-24", "", "theft", "A"),  # Tuesday, time unknown
    ("2026-11-24", "05:59", "fight", "A"),  # Tuesday night (22:00-05:59)
    ("2026-11-29", "12:00", "fight", "B"),  # Sunday afternoon
    ("2026-11-29", "", "fight", ""),  # Sunday, no time; "evening" when part_of_day says so
)


def cell(table: pd.DataFrame, column: str, **where: str) -> float:
    row = table
    for key, value in where.items():
        row = row[row[key] == value]
    assert len(row) == 1
    return row[column].iloc[0]


def test_weekday_by_part_of_day_counts_every_record() -> None:
    table = weekday_part_profile(records(*WEEK))
    assert list(table.columns) == ["weekday", "morning", "afternoon", "evening", "night", UNKNOWN, "total"]
    assert list(table["weekday"]) == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert list(table["total"]) == [2, 2, 0, 0, 0, 0, 2]
    assert cell(table, "morning", weekday="mon") == 1 and cell(table, "night", weekday="mon") == 1
    assert cell(table, "night", weekday="tue") == 1 and cell(table, UNKNOWN, weekday="tue") == 1
    assert cell(table, "afternoon", weekday="sun") == 1 and cell(table, UNKNOWN, weekday="sun") == 1
    assert table.drop(columns="weekday").to_numpy().sum() == 2 * len(WEEK)  # cells + total


def test_part_of_day_column_wins_where_filled_and_time_fills_the_rest() -> None:
    frame = records(*WEEK, part_of_day=["", "", "", "", "", "evening"])
    assert list(incident_parts_of_day(frame)) == [
        "morning",
        "night",
        UNKNOWN,
        "night",
        "afternoon",
        "evening",
    ]
    table = weekday_part_profile(frame)
    assert cell(table, "evening", weekday="sun") == 1 and cell(table, UNKNOWN, weekday="sun") == 0


def test_profiles_per_category_and_village_and_their_shares() -> None:
    by_category = weekday_part_profile(records(*WEEK), by="category", normalize=True)
    assert list(by_category["category"].unique()) == ["theft", "fight"]  # model order
    theft = by_category[by_category["category"] == "theft"]
    assert theft["total"].sum() == pytest.approx(1.0)
    assert cell(theft, "morning", weekday="mon") == pytest.approx(1 / 3)
    assert cell(theft, UNKNOWN, weekday="tue") == pytest.approx(1 / 3)
    by_village = weekday_part_profile(records(*WEEK), by="village")
    assert list(by_village["village"].unique()) == ["", "A", "B"]
    assert by_village.groupby("village")["total"].sum().to_dict() == {"": 1, "A": 3, "B": 2}


def test_hour_profile_keeps_unknown_times() -> None:
    table = hour_profile(records(*WEEK))
    assert list(table.columns) == [*HOURS, UNKNOWN, "total"]
    row = table.iloc[0]
    assert {h: row[h] for h in HOURS if row[h]} == {"05": 1, "07": 1, "12": 1, "23": 1}
    assert row[UNKNOWN] == 2 and row["total"] == 6
    shares = hour_profile(records(*WEEK), by="category", normalize=True).set_index("category")
    assert shares.loc["fight", UNKNOWN] == pytest.approx(1 / 3)
    assert shares.loc["theft", "07"] == pytest.approx(1 / 3)


def test_month_profile_averages_over_covered_months_and_marks_holidays() -> None:
    frame = records(
        ("2025-03-20", "10:00", "theft", "A"),
        ("2025-03-20", "", "theft", "A"),
        ("2025-04-30", "20:00", "fight", "B"),
        ("2025-06-01", "20:00", "fight", "B"),  # after the period: left out
    )
    festivals = {date(2025, 3, 15): ("Lễ hội đình làng", "Village temple festival")}
    table = month_profile(frame, date(2025, 3, 10), date(2025, 5, 31), festivals=festivals).set_index("month")
    assert table.loc[3, "covered_months"] == pytest.approx(22 / 31)  # 10-31 March
    assert table.loc[3, "per_month"] == pytest.approx(2 / (22 / 31))
    assert table.loc[4, "per_month"] == 1 and table.loc[5, "per_month"] == 0
    assert not table.loc[6, "covered"] and np.isnan(table.loc[6, "per_month"]) and table.loc[6, "count"] == 0
    assert table["count"].sum() == 3
    assert table.loc[3, "holidays"] == "festival" and table.loc[3, "holiday_days"] == 1
    assert table.loc[4, "holidays"] == "hung_kings, reunification" and table.loc[4, "holiday_days"] == 2
    assert table.loc[5, "holidays"] == "labour_day, day_off"  # 1/5, and 2/5 given for 26/4
    per_category = month_profile(frame, date(2025, 3, 10), date(2025, 5, 31), by="category")
    assert len(per_category) == 24
    assert cell(per_category, "count", category="theft", month=3) == 2


def test_month_profile_over_two_years_counts_each_month_twice() -> None:
    frame = records(("2025-02-03", "", "theft", "A"), ("2026-02-10", "", "theft", "A"))
    table = month_profile(frame, date(2024, 11, 23), date(2026, 11, 22)).set_index("month")
    assert table.loc[2, "covered_months"] == pytest.approx(2.0)
    assert table.loc[2, "per_month"] == pytest.approx(1.0)
    assert table.loc[11, "covered_months"] == pytest.approx(8 / 30 + 1 + 22 / 30)
    assert "tet" in table.loc[1, "holidays"] and "tet" in table.loc[2, "holidays"]  # Tết 2025, 2026


def test_daily_counts_include_empty_days_and_mark_tet() -> None:
    frame = records(("2025-01-29", "08:00", "theft", "A"), ("2025-01-29", "", "fight", "B"))
    table = daily_counts(frame, date(2025, 1, 25), date(2025, 1, 30))
    assert list(table["count"]) == [0, 0, 0, 0, 2, 0]
    assert list(table["weekday"]) == ["sat", "sun", "mon", "tue", "wed", "thu"]
    assert list(table["holiday"]) == ["", "", "tet", "tet", "tet", "tet"]
    assert table["holiday_vi"].iloc[4] == "Tết Nguyên Đán"
    assert list(daily_counts(frame)["date"].dt.strftime("%F")) == ["2025-01-29"]


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [("date", "2026-13-01", "YYYY-MM-DD"), ("time", "25:00", "HH:MM"), ("part_of_day", "noon", "morning")],
)
def test_bad_values_name_the_record_and_column(column: str, value: str, words: str) -> None:
    frame = records(*WEEK, part_of_day=[""] * len(WEEK))
    frame.loc[3, column] = value
    with pytest.raises(WorkspaceError) as error:
        weekday_part_profile(frame)
    assert error.value.column == column
    assert "VV004" in error.value.en and "VV004" in error.value.vi and words in error.value.en


days = st.dates(date(2024, 1, 1), date(2026, 12, 31)).map(date.isoformat)
times = st.one_of(st.just(""), st.times().map(lambda t: t.strftime("%H:%M")))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(days, times, st.sampled_from(["theft", "drugs", "zzz"]), st.sampled_from("ABC"))))
def test_every_record_is_counted_once(rows: list[tuple[str, str, str, str]]) -> None:
    frame = records(*rows)
    for by in (None, "category", "village"):
        assert weekday_part_profile(frame, by=by)["total"].sum() == len(rows)
        assert hour_profile(frame, by=by)["total"].sum() == len(rows)
        if rows:
            assert month_profile(frame, by=by)["count"].sum() == len(rows)
            shares = weekday_part_profile(frame, by=by, normalize=True)
            assert shares["total"].sum() == pytest.approx(1 if by is None else frame[by].nunique())


def test_holiday_table_counts_per_day_by_kind() -> None:
    daily = pd.DataFrame(
        {
            "count": [3, 1, 0, 2, 0, 1, 2],
            "holiday": ["tet", "tet", "", "", "", "", "national_day"],
        }
    )
    table = holiday_table(daily)
    assert list(table["holiday"]) == ["tet", "national_day", ""]
    assert list(table["days"]) == [2, 1, 4] and list(table["incidents"]) == [4, 2, 3]
    np.testing.assert_allclose(table["per_day"], [2.0, 2.0, 0.75])


def test_holiday_table_of_days_without_holidays() -> None:
    table = holiday_table(pd.DataFrame({"count": [1, 1], "holiday": ["", ""]}))
    assert table.to_dict("list") == {"holiday": [""], "days": [2], "incidents": [2], "per_day": [1.0]}
