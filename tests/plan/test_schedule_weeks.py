"""Weeks planned one after another: the rest and the night cap hold across the week boundary."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import datetime, timedelta

import pandas as pd
import pytest

import patrol_map.plan.schedule as schedule
from patrol_map.demo import SAMPLE_WEEK
from patrol_map.errors import PlanningError
from patrol_map.plan.schedule import plan_week
from patrol_map.plan.shifts import week_shifts
from patrol_map.plan.store import save_plan, stored_patrols
from patrol_map.workspace import Workspace

REST = timedelta(hours=8)  # the default rest of RosterRules


@pytest.fixture
def sample(sample_copy: Workspace) -> Workspace:
    """A copy of the sample workspace, its week 2026-W48 planned with 2 teams a shift."""
    return sample_copy


def test_rest_holds_across_consecutive_weeks(sample: Workspace) -> None:
    assert SAMPLE_WEEK == "2026-W48"
    # The week after the stored one, then the week before it (a later week planned first), with 3
    # teams a shift: without the rest across weeks, Sunday night people took Monday mornings.
    for week in ("2026-W49", "2026-W47"):
        save_plan(sample, plan_week(sample, week, seed=0, teams_per_shift=3))
    plans = stored_patrols(sample)
    assert sorted(set(plans["week"])) == ["2026-W47", "2026-W48", "2026-W49"]
    shifts = defaultdict(set)
    for start, end, members in zip(plans["shift_start"], plans["shift_end"], plans["members"], strict=True):
        for person in members:
            shifts[person].add((datetime.fromisoformat(start), datetime.fromisoformat(end)))
    gaps = []
    for person, worked in shifts.items():
        for (before, end), (start, _) in itertools.pairwise(sorted(worked)):
            gaps.append((start - end, person, before))
    assert len(gaps) > 100
    assert [g for g in gaps if g[0] < REST] == []
    # People on both Sunday nights worked again the next week: the rule was tested, not avoided.
    for sunday in ("2026-11-22", "2026-11-29"):
        assert any(before == datetime.fromisoformat(f"{sunday}T23:00+07:00") for _, _, before in gaps)
    # Nobody works more than 3 nights (the default cap) in any 7 days in a row, across the weeks.
    for person, worked in shifts.items():
        nights = sorted(start.date() for start, _ in worked if start.hour == 23)
        assert all(sum(0 <= (d - first).days < 7 for d in nights) <= 3 for first in nights), person


def test_other_weeks_shifts_that_bear_on_the_rest_or_the_night_cap() -> None:
    def row(week: str, name: str, start: str, hours: int, members: list[str]) -> dict[str, object]:
        begin = datetime.fromisoformat(start)
        end = (begin + timedelta(hours=hours)).isoformat()
        return {
            "week": week,
            "shift_name": name,
            "shift_start": start,
            "shift_end": end,
            "members": members,
        }

    plans = pd.DataFrame(
        [
            row("2026-W47", "night", "2026-11-16T23:00+07:00", 4, ["A"]),  # 7 days before Monday 23/11
            row("2026-W47", "night", "2026-11-17T23:00+07:00", 4, ["B"]),  # 6 days before: counts
            row("2026-W47", "evening", "2026-11-20T19:00+07:00", 4, ["C"]),  # neither
            row("2026-W47", "evening", "2026-11-22T19:00+07:00", 4, ["D"]),  # within 8 h of Monday 06:00
            row("2026-W48", "night", "2026-11-23T23:00+07:00", 4, ["E"]),  # the week planned again
            row("2026-W49", "night", "2026-12-05T23:00+07:00", 4, ["F"]),  # 6 days after Sunday 29/11
            row("2026-W49", "night", "2026-12-06T23:00+07:00", 4, ["G"]),  # 7 days after
        ]
    )
    worked = schedule._worked(plans, "2026-W48", week_shifts("2026-W48"), 8.0)
    assert {person: [s.start for s in days] for person, days in worked.items()} == {
        "B": [datetime(2026, 11, 17, 23)],
        "D": [datetime(2026, 11, 22, 19)],
        "F": [datetime(2026, 12, 5, 23)],
    }


def test_a_roster_that_breaks_a_rule_is_a_bug_never_kept(
    sample: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A roster maker that forgets the shifts of other weeks, as the planner once did.
    forgetful = schedule.form_teams
    monkeypatch.setattr(
        schedule, "form_teams", lambda *args, worked=None, **kwargs: forgetful(*args, **kwargs)
    )
    with pytest.raises(PlanningError) as err:
        plan_week(sample, "2026-W49", seed=0, teams_per_shift=3)
    assert err.value.en.startswith("A bug in the planner: the roster it formed breaks a rule: ")
    assert "(another week's plan)" in err.value.en
    assert err.value.vi.startswith("Lỗi của chương trình: lịch trực vừa lập phạm quy tắc: ")
