"""The independent roster check: each fault on a hand-made roster, night shifts, and a property test."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from patrol_map.errors import PlanningError
from patrol_map.model import Force, Shift, Team
from patrol_map.plan.roster import RosterRules, check_roster, form_teams, is_night
from patrol_map.plan.shifts import week_shifts
from tests.plan.test_roster import make_people

P, M = Force.POLICE, Force.MILITIA
MON_EVENING, MON_NIGHT, TUE_EVENING, TUE_NIGHT = week_shifts("2026-W48", ["evening", "night"])[:4]
SHIFTS = [MON_EVENING, MON_NIGHT, TUE_EVENING]
RULES = RosterRules(teams_per_shift=1, min_team_size=2, max_team_size=3, max_night_shifts=1)
PEOPLE = make_people(3, 4, availability=["all", "all", "tue", "all", "all", "all", "evening"])
#: A roster that keeps every rule: P01 rests 20 hours between Monday's and Tuesday's evenings.
VALID = [
    Team("2026-11-23-evening-T1", "2026-11-23-evening", ("P01", "M01"), (P, M)),
    Team("2026-11-23-night-T1", "2026-11-23-night", ("P02", "M02"), (P, M)),
    Team("2026-11-24-evening-T1", "2026-11-24-evening", ("P01", "M03"), (P, M)),
]


def with_team(k: int, members: tuple[str, ...], forces: tuple[Force, ...] | None = None) -> list[Team]:
    force_of = dict(zip(PEOPLE["person_id"], PEOPLE["force"], strict=True))
    forces = forces or tuple(Force(force_of.get(m, "police")) for m in members)
    return [replace(team, members=members, forces=forces) if i == k else team for i, team in enumerate(VALID)]


def faults(teams: list[Team], people: pd.DataFrame = PEOPLE, rules: RosterRules = RULES) -> list[str]:
    return [fault.en for fault in check_roster(teams, people, SHIFTS, rules)]


def test_a_valid_roster_has_no_fault() -> None:
    assert check_roster(VALID, PEOPLE, SHIFTS, RULES) == []


@pytest.mark.parametrize(
    ("teams", "expected"),
    [
        (
            VALID[:2],
            ["Tuesday 24/11 evening shift needs 1 team; team 2026-11-24-evening-T1 is missing."],
        ),
        (
            [*VALID, Team("2026-11-23-evening-T2", "2026-11-23-evening", ("P03", "M04"), (P, M))],
            [
                "Team 2026-11-23-evening-T2 (shift 2026-11-23-evening) is not a team of this plan.",
                "Team 2026-11-23-evening-T2 (Monday 23/11 evening shift): Người police 3 (P03) is not "
                "available "
                "(available on Tuesday only).",
            ],
        ),
        (
            [*VALID, VALID[0]],
            [
                "Team 2026-11-23-evening-T1 appears twice.",
                "Người police 1 (P01) is in two shifts at once: team 2026-11-23-evening-T1 (Monday 23/11 "
                "evening "
                "shift) and team 2026-11-23-evening-T1 (Monday 23/11 evening shift).",
                "Người militia 1 (M01) is in two shifts at once: team 2026-11-23-evening-T1 (Monday 23/11 "
                "evening "
                "shift) and team 2026-11-23-evening-T1 (Monday 23/11 evening shift).",
            ],
        ),
        (
            with_team(2, ("P01", "M03", "M01", "M02")),
            ["Team 2026-11-24-evening-T1 (Tuesday 24/11 evening shift) has 4 members; a team needs 2 to 3."],
        ),
        (
            with_team(2, ("P01", "P03")),
            [
                "Team 2026-11-24-evening-T1 (Tuesday 24/11 evening shift) has no militia member; every team "
                "needs at least 1."
            ],
        ),
        (
            with_team(2, ("M03", "M01")),
            [
                "Team 2026-11-24-evening-T1 (Tuesday 24/11 evening shift) has 0 police officers; a team "
                "needs at least 1.",
                "Team 2026-11-24-evening-T1 (Tuesday 24/11 evening shift): the leader Người militia 3 (M03) "
                "is not a "
                "police officer; a leader must be a police officer allowed to lead.",
            ],
        ),
        (
            with_team(2, ("P01", "M03", "X9")),
            ["Team 2026-11-24-evening-T1 (Tuesday 24/11 evening shift): no person has the id 'X9'."],
        ),
        (
            with_team(2, ("P01", "M03", "M03")),
            [
                "Team 2026-11-24-evening-T1 (Tuesday 24/11 evening shift): Người militia 3 (M03) is listed "
                "twice."
            ],
        ),
        (
            with_team(2, ("P01", "M03"), (P, P)),
            [
                "Team 2026-11-24-evening-T1 (Tuesday 24/11 evening shift): the force of Người militia 3 "
                "(M03) does "
                "not match the people table (militia member)."
            ],
        ),
        (
            with_team(1, ("P02", "M04")),
            [
                "Team 2026-11-23-night-T1 (Monday 23/11 night shift): Người militia 4 (M04) is not available "
                "(available for evening shifts only)."
            ],
        ),
        (
            with_team(1, ("P01", "M02")),
            [
                "Người police 1 (P01) rests only 0 hours between team 2026-11-23-evening-T1 (Monday 23/11 "
                "evening "
                "shift) and team 2026-11-23-night-T1 (Monday 23/11 night shift); the rest must be at least 8 "
                "hours."
            ],
        ),
    ],
)
def test_each_fault_is_named(teams: list[Team], expected: list[str]) -> None:
    assert faults(teams) == expected


def test_faults_are_in_vietnamese_too() -> None:
    (fault,) = check_roster(with_team(2, ("P01", "P03")), PEOPLE, SHIFTS, RULES)
    assert (
        fault.vi
        == "Tổ 2026-11-24-evening-T1 (ca tối thứ Ba 24/11) không có dân quân; mỗi tổ cần ít nhất 1 dân quân."
    )
    (fault,) = check_roster(with_team(1, ("P01", "M02")), PEOPLE, SHIFTS, RULES)
    assert fault.vi.startswith("Người police 1 (P01) chỉ được nghỉ 0 giờ giữa tổ 2026-11-23-evening-T1")


def test_leave_and_can_lead() -> None:
    people = PEOPLE.assign(
        leave=["", "", "", "2026-11-24", "", "", ""], can_lead=[True, False, True, *[False] * 4]
    )
    assert faults(VALID, people) == [
        "Team 2026-11-23-night-T1 (Monday 23/11 night shift): the leader Người police 2 (P02) is not "
        "allowed to "
        "lead (can_lead); a leader must be a police officer allowed to lead.",
    ]
    assert faults(with_team(2, ("P01", "M01")), people) == [
        "Team 2026-11-23-night-T1 (Monday 23/11 night shift): the leader Người police 2 (P02) is not "
        "allowed to "
        "lead (can_lead); a leader must be a police officer allowed to lead.",
        "Team 2026-11-24-evening-T1 (Tuesday 24/11 evening shift): Người militia 1 (M01) is not available "
        "(on "
        "leave 24/11).",
    ]


def test_night_cap_and_overlap() -> None:
    shifts = [
        MON_NIGHT,
        TUE_NIGHT,
        Shift("late", MON_NIGHT.start - timedelta(hours=2), MON_NIGHT.start + timedelta(hours=1)),
    ]
    teams = [
        Team("2026-11-23-night-T1", "2026-11-23-night", ("P01", "M01"), (P, M)),
        Team("2026-11-24-night-T1", "2026-11-24-night", ("P01", "M02"), (P, M)),
        Team("2026-11-23-late-T1", "2026-11-23-late", ("P02", "M01"), (P, M)),
    ]
    found = [f.en for f in check_roster(teams, PEOPLE, shifts, RULES)]
    assert found == [
        "Người militia 1 (M01) is in two shifts at once: team 2026-11-23-late-T1 (Monday 23/11 late shift) "
        "and "
        "team 2026-11-23-night-T1 (Monday 23/11 night shift).",
        "Người police 1 (P01) works 2 night shifts in the 7 days from Monday 23/11 to Sunday 29/11; at most "
        "1 is allowed.",
    ]


def night_team(day: str, *members: str) -> Team:
    return Team(f"{day}-night-T1", f"{day}-night", members, tuple(P if m[0] == "P" else M for m in members))


def test_night_cap_over_seven_days_in_a_row_across_weeks() -> None:
    nights = week_shifts("2026-W48", ["night"])
    rules = replace(RULES, max_night_shifts=3, min_rest_hours=0)
    people = make_people(3, 7)
    # P01 works Monday to Wednesday of week 48, P02 Thursday to Saturday, P03 Sunday. After Friday to
    # Sunday of week 47, P01 works 3 nights in each ISO week but 6 in the 7 days from Friday 20/11.
    police = ["P01"] * 3 + ["P02"] * 3 + ["P03"]
    teams = [night_team(s.shift_id[:10], police[i], f"M0{i + 1}") for i, s in enumerate(nights)]
    assert check_roster(teams, people, nights, rules) == []
    worked = {"P01": week_shifts("2026-W47", ["night"])[4:]}
    (fault,) = check_roster(teams, people, nights, rules, worked=worked)
    assert fault.en == (
        "Người police 1 (P01) works 6 night shifts in the 7 days from Friday 20/11 to Thursday 26/11 (3 of "
        "them in the plans of earlier weeks); at most 3 are allowed."
    )
    assert fault.vi == (
        "Người police 1 (P01) trực 6 ca đêm trong 7 ngày từ thứ Sáu 20/11 đến thứ Năm 26/11 (3 ca trong kế "
        "hoạch các tuần trước); tối đa 3 ca."
    )
    # Nights of a later week's plan count too; nights 7 days or more away do not.
    later = {"P02": week_shifts("2026-W49", ["night"])[:2], "P01": week_shifts("2026-W49", ["night"])[3:]}
    (fault,) = check_roster(teams, people, nights, rules, worked=later)
    assert fault.en == (
        "Người police 2 (P02) works 5 night shifts in the 7 days from Thursday 26/11 to Wednesday 02/12 (2 "
        "of them in the plans of later weeks); at most 3 are allowed."
    )
    # One roster over two weeks: Friday 20/11 to Wednesday 25/11 for P01 is one fault, not two.
    both = [*week_shifts("2026-W47", ["night"])[4:], *nights]
    teams47 = [night_team(s.shift_id[:10], "P01", "M07") for s in both[:3]]
    (fault,) = check_roster(teams47 + teams, people, both, rules)
    assert fault.en.startswith("Người police 1 (P01) works 6 night shifts in the 7 days from Friday 20/11")


#: A shift of last week's plan: Sunday 22/11 22:00 to Monday 23/11 03:00.
SUNDAY_NIGHT_BEFORE = Shift("night", datetime(2026, 11, 22, 22), datetime(2026, 11, 23, 3))


def test_rest_and_overlap_with_shifts_of_other_weeks() -> None:
    morning = Shift("morning", datetime(2026, 11, 23, 6), datetime(2026, 11, 23, 10))
    shifts = [morning, *SHIFTS]
    rules = replace(RULES, teams_by_shift={"2026-11-23-morning": 1})
    teams = [Team("2026-11-23-morning-T1", "2026-11-23-morning", ("P01", "M01"), (P, M)), *VALID]
    assert check_roster(teams, PEOPLE, shifts, rules) == []
    # Stand-ins for other weeks: one ends 2 h before P01's Tuesday evening, one overlaps M02's night.
    later = Shift("late", datetime(2026, 11, 24, 13), datetime(2026, 11, 24, 17))
    overlapping = Shift("late", datetime(2026, 11, 23, 22), datetime(2026, 11, 24, 0))
    worked = {"P01": [SUNDAY_NIGHT_BEFORE, later], "M02": [overlapping], "P03": [SUNDAY_NIGHT_BEFORE]}
    found = check_roster(teams, PEOPLE, shifts, rules, worked=worked)
    assert [f.en for f in found] == [
        "Người police 1 (P01) rests only 3 hours between Sunday 22/11 night shift (another week's plan) and "
        "team 2026-11-23-morning-T1 (Monday 23/11 morning shift); the rest must be at least 8 hours.",
        "Người police 1 (P01) rests only 2 hours between Tuesday 24/11 late shift (another week's plan) and "
        "team 2026-11-24-evening-T1 (Tuesday 24/11 evening shift); the rest must be at least 8 hours.",
        "Người militia 2 (M02) is in two shifts at once: team 2026-11-23-night-T1 (Monday 23/11 night "
        "shift) and Monday 23/11 late shift (another week's plan).",
        # The late shift starts at 22:00: a night, before M02's night of the roster.
        "Người militia 2 (M02) works 2 night shifts in the 7 days from Monday 23/11 to Sunday 29/11 (1 of "
        "them in the plans of earlier weeks); at most 1 is allowed.",
    ]
    assert found[0].vi == (
        "Người police 1 (P01) chỉ được nghỉ 3 giờ giữa ca đêm Chủ nhật 22/11 (kế hoạch tuần khác) và tổ "
        "2026-11-23-morning-T1 (ca sáng thứ Hai 23/11); cần ít nhất 8 giờ."
    )
    assert found[2].vi.startswith("Người militia 2 (M02) ở hai ca trùng giờ: tổ 2026-11-23-night-T1")
    # A shift of the roster before one of a later week: the roster's comes first in the message.
    (fault,) = check_roster(
        teams,
        PEOPLE,
        shifts,
        rules,
        worked={"M03": [Shift("x", datetime(2026, 11, 25), datetime(2026, 11, 25, 2))]},
    )
    assert fault.en.startswith(
        "Người militia 3 (M03) rests only 1 hour between team 2026-11-24-evening-T1 (Tuesday 24/11 evening "
        "shift) and Wednesday 25/11 x shift (another week's plan)"
    )
    # Enough rest, or a smaller rule: no fault.
    assert (
        check_roster(teams, PEOPLE, shifts, replace(rules, min_rest_hours=2), worked={"P01": worked["P01"]})
        == []
    )


def test_check_refuses_malformed_rules() -> None:
    with pytest.raises(PlanningError, match="cannot be negative"):
        check_roster(VALID, PEOPLE, SHIFTS, replace(RULES, min_rest_hours=-1))


@pytest.mark.parametrize(
    ("start", "hours", "night"),
    [
        ("23:00", 4, True),
        ("22:00", 1, True),
        ("21:00", 4, True),
        ("02:00", 4, True),
        ("00:00", 1, True),
        ("06:00", 24, True),
        ("19:00", 4, False),
        ("20:00", 4, False),  # ends at midnight
        ("04:00", 4, False),
        ("06:00", 4, False),
        ("21:59", 2, False),  # ends 23:59
    ],
)
def test_night_shift_definition(start: str, hours: float, night: bool) -> None:
    begin = datetime(2026, 11, 23, *map(int, start.split(":")))
    assert is_night(Shift("x", begin, begin + timedelta(hours=hours))) is night


# --- property: a roster, when there is one, keeps every rule ------------------------------------

AVAILABILITY = ["all"] * 6 + ["mon", "tue", "mon,tue", "evening", "night", "evening,night", "tue,night"]
LEAVE = [""] * 6 + ["2026-11-23", "2026-11-24", "2026-11-22..2026-11-23"]
DAYS = [*week_shifts("2026-W48")[:6], Shift("late", datetime(2026, 11, 23, 21), datetime(2026, 11, 24, 1))]
#: Shifts of other weeks' plans: the Sunday night before, Friday's and Saturday's before it, and two
#: that stand in for a later week's.
ELSEWHERE = [
    SUNDAY_NIGHT_BEFORE,
    *week_shifts("2026-W47", ["night"])[4:6],
    Shift("x", datetime(2026, 11, 23, 14), datetime(2026, 11, 23, 16)),
    Shift("y", datetime(2026, 11, 24, 12), datetime(2026, 11, 24, 15)),
]


@st.composite
def rosters(
    draw: st.DrawFn,
) -> tuple[pd.DataFrame, list[Shift], RosterRules, dict[str, list[str]], dict[str, list[Shift]]]:
    """Small random cases, most with a roster: people, shifts, rules, perhaps a locked team, other weeks."""
    n_police, n_militia = draw(st.integers(2, 6)), draw(st.integers(2, 9))
    n = n_police + n_militia
    people = make_people(
        n_police,
        n_militia,
        availability=draw(st.lists(st.sampled_from(AVAILABILITY), min_size=n, max_size=n)),
        leave=draw(st.lists(st.sampled_from(LEAVE), min_size=n, max_size=n)),
    )
    if draw(st.booleans()):
        people["can_lead"] = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    shifts = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=5, unique=True))
    police_per_team = draw(st.sampled_from([1, 1, 1, 2]))
    size = police_per_team + 1 + draw(st.integers(0, 1))
    rules = RosterRules(
        teams_per_shift=draw(st.integers(1, 2)),
        teams_by_shift={shifts[-1].shift_id: draw(st.integers(0, 3))} if len(shifts) > 1 else {},
        min_team_size=size,
        max_team_size=size + draw(st.integers(0, 1)),
        min_rest_hours=draw(st.sampled_from([0, 4, 8])),
        max_night_shifts=draw(st.integers(0, 2)),
        police_per_team=police_per_team,
    )
    locked = {}
    staffed = [s for s in shifts if rules.teams(s) > 0]
    if staffed and draw(st.booleans()):
        ids = list(people["person_id"])
        police = draw(st.lists(st.sampled_from(ids[:n_police]), min_size=1, max_size=2, unique=True))
        count = min(max(1, size - len(police)), n_militia)
        militia = draw(st.lists(st.sampled_from(ids[n_police:]), min_size=count, max_size=count, unique=True))
        locked[f"{draw(st.sampled_from(staffed)).shift_id}-T1"] = police + militia
    resting = draw(st.lists(st.sampled_from(list(people["person_id"])), max_size=3, unique=True))
    worked = {pid: draw(st.lists(st.sampled_from(ELSEWHERE), min_size=1, max_size=2)) for pid in resting}
    return people, shifts, rules, locked, worked


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rosters(), st.integers(0, 3))
def test_a_roster_keeps_every_rule_or_an_error_says_why(case: tuple, seed: int) -> None:
    people, shifts, rules, locked, worked = case
    try:
        teams = form_teams(people, shifts, rules, seed, locked=locked, worked=worked, seconds=1)
    except PlanningError as error:
        assert error.vi and error.en and "infeasible" not in error.en.lower()
        return
    assert check_roster(teams, people, shifts, rules, worked=worked) == []
    assert len(teams) == sum(rules.teams(s) for s in shifts)
    by_id = {team.team_id: team for team in teams}
    for team_id, members in locked.items():
        assert by_id[team_id].members == tuple(members)
