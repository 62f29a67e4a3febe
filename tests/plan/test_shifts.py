from datetime import date, datetime, time

import pytest

from patrol_map.errors import PlanningError
from patrol_map.plan.shifts import (
    DEFAULT_SHIFTS,
    ShiftTemplate,
    describe_shift,
    iso_week,
    parse_week,
    week_shifts,
)


def test_week_has_21_default_shifts_in_time_order():
    shifts = week_shifts("2026-W48")
    assert len(shifts) == 21
    assert [s.start for s in shifts] == sorted(s.start for s in shifts)
    first, last = shifts[0], shifts[-1]
    assert (first.name, first.start, first.end) == (
        "morning",
        datetime(2026, 11, 23, 6),
        datetime(2026, 11, 23, 10),
    )
    assert (last.name, last.start, last.end) == (
        "night",
        datetime(2026, 11, 29, 23),
        datetime(2026, 11, 30, 3),
    )
    assert first.shift_id == "2026-11-23-morning"


def test_night_shift_crosses_midnight():
    night = [s for s in week_shifts("2026-W48") if s.name == "night"]
    assert len(night) == 7
    for shift in night:
        assert shift.start.time() == time(23)
        assert shift.end.date() == date.fromordinal(shift.start.date().toordinal() + 1)
        assert shift.seconds == 4 * 3600


def test_names_select_templates():
    shifts = week_shifts("2026-W48", ["evening", "night"])
    assert len(shifts) == 14
    assert {s.name for s in shifts} == {"evening", "night"}
    assert shifts[0].start == datetime(2026, 11, 23, 19)
    assert week_shifts("2026-W48", []) == []


def test_custom_template():
    dawn = ShiftTemplate("dawn", time(4, 30), 1.5, "rạng sáng")
    shifts = week_shifts("2026-W48", templates=(*DEFAULT_SHIFTS, dawn), names=["dawn"])
    assert shifts[0].start == datetime(2026, 11, 23, 4, 30)
    assert shifts[0].end == datetime(2026, 11, 23, 6)


@pytest.mark.parametrize(
    ("week", "monday"),
    [
        ("2026-W48", date(2026, 11, 23)),
        ("2026-W01", date(2025, 12, 29)),  # week 1 starts in the previous year
        ("2026-W53", date(2026, 12, 28)),  # 2026 starts on a Thursday: it has 53 weeks
        ("2020-W53", date(2020, 12, 28)),
        (" 2026-w48 ", date(2026, 11, 23)),
    ],
)
def test_parse_week(week, monday):
    assert parse_week(week) == monday


@pytest.mark.parametrize("week", ["2025-W53", "2026-W54", "2026-W00", "2026-48", "2026-W5", "W48", ""])
def test_bad_week_is_a_planning_error(week):
    with pytest.raises(PlanningError):
        week_shifts(week)


def test_bad_week_message_in_both_languages():
    with pytest.raises(PlanningError) as err:
        week_shifts("2026-48")
    assert err.value.vi.startswith("Tuần '2026-48' không hợp lệ; hãy viết dạng 2026-W48")
    assert err.value.en.startswith("Week '2026-48' is not valid; write it as 2026-W48")


def test_unknown_shift_name():
    with pytest.raises(PlanningError) as err:
        week_shifts("2026-W48", ["evening", "afternoon"])
    assert "'afternoon'" in err.value.en
    assert "morning (sáng), evening (tối), night (đêm)" in err.value.en
    assert "'afternoon'" in err.value.vi


def test_vietnamese_shift_names():
    assert {s.name for s in week_shifts("2026-W48", ["tối"])} == {"evening"}
    assert {s.name for s in week_shifts("2026-W48", ["Ca đêm"])} == {"night"}
    assert [s.name for s in week_shifts("2026-W48", ["tối", "Đêm", "sang"])[:3]] == [
        "morning",
        "evening",
        "night",
    ]


def test_describe_shift():
    shifts = week_shifts("2026-W48")
    tuesday_evening = next(s for s in shifts if s.shift_id == "2026-11-24-evening")
    assert describe_shift(tuesday_evening) == "Ca tối thứ Ba 24/11"
    assert describe_shift(tuesday_evening, "en") == "Tuesday 24/11 evening shift"
    sunday_night = shifts[-1]
    assert describe_shift(sunday_night) == "Ca đêm Chủ nhật 29/11"
    assert describe_shift(shifts[0]) == "Ca sáng thứ Hai 23/11"
    assert describe_shift(week_shifts("2026-W49")[0], "en") == "Monday 30/11 morning shift"
    assert describe_shift(week_shifts("2026-W50")[0], "en") == "Monday 07/12 morning shift"


def test_basic_iso_week_form_and_spacing_are_canonicalised():
    assert iso_week("2026W48") == iso_week(" 2026-w48 ") == "2026-W48"
