"""Roster refusals against a brute force: on small cases form_teams refuses exactly when no roster exists.

The brute force knows nothing of the CP-SAT model: it lists every team of each shift, tries every
combination across the shifts and asks the independent :func:`check_roster` whether one keeps
every rule. A feasible roster that the solver wrongly refuses (a rule written too strictly in
the model, a diagnosis that gives up early) fails here, and so does one it returns that breaks a rule.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from patrol_map.errors import PlanningError
from patrol_map.model import Force, Shift, Team
from patrol_map.plan.roster import RosterRules, check_roster, form_teams

from .test_roster import make_people


def _shift(day: int, hour: int, hours: int, name: str) -> Shift:
    start = datetime(2026, 11, 23 + day, hour)
    return Shift(name, start, start + timedelta(hours=hours))


#: Shifts close together (rest), nights on following days (night cap), mornings and evenings (availability).
POOL = (
    _shift(0, 18, 4, "evening"),  # Monday 18:00-22:00
    _shift(0, 23, 4, "night"),  # Monday 23:00-03:00: 1 h after Monday evening
    _shift(1, 6, 4, "morning"),  # Tuesday 06:00-10:00: 3 h after Monday night
    _shift(1, 23, 4, "night"),
    _shift(2, 23, 4, "night"),
    _shift(3, 18, 4, "evening"),
)
#: "all" thrice: about half the cases have a roster, half do not.
AVAILABILITY = ("all", "all", "all", "evening", "night", "morning,evening", "mon,tue", "wed,thu,fri,sat,sun")
#: A shift some people worked in last week's plan (Sunday night), for the rest and night rules.
LAST_SUNDAY_NIGHT = Shift("night", datetime(2026, 11, 22, 23), datetime(2026, 11, 23, 3))


def shift_teams(people: pd.DataFrame, shift: Shift, rules: RosterRules) -> Iterator[tuple[Team, ...]]:
    """Every way to staff one shift with ``rules.teams(shift)`` disjoint teams of ``min_team_size``."""
    force_of = dict(zip(people["person_id"], people["force"], strict=True))
    size, n_teams = rules.min_team_size, rules.teams(shift)

    def team(number: int, members: tuple[str, ...]) -> Team | None:
        police = [m for m in members if force_of[m] == "police"]
        militia = [m for m in members if force_of[m] == "militia"]
        if len(police) < rules.police_per_team or not militia:
            return None
        ordered = (*police, *militia)  # any police officer may lead: no can_lead column
        return Team(
            f"{shift.shift_id}-T{number}", shift.shift_id, ordered, tuple(Force(force_of[m]) for m in ordered)
        )

    candidates = list(itertools.combinations(people["person_id"], size))
    for chosen in itertools.combinations(candidates, n_teams):
        if len({m for members in chosen for m in members}) < size * n_teams:
            continue
        teams = tuple(team(number, members) for number, members in enumerate(chosen, start=1))
        if all(t is not None for t in teams):
            yield teams  # type: ignore[misc]


def roster_exists(
    people: pd.DataFrame, shifts: list[Shift], rules: RosterRules, worked: dict[str, list[Shift]]
) -> bool:
    """Try every combination of each shift's valid staffing; True when one keeps every rule."""
    per_shift = []
    for shift in shifts:
        # the shift alone (its own team count only): prunes what breaks a rule within one shift
        own = replace(
            rules, teams_by_shift={k: n for k, n in rules.teams_by_shift.items() if k == shift.shift_id}
        )
        alone = [
            teams
            for teams in shift_teams(people, shift, rules)
            if not check_roster(list(teams), people, [shift], own, worked=worked)
        ]
        if not alone:
            return False
        per_shift.append(alone)
    return any(
        not check_roster([t for teams in combination for t in teams], people, shifts, rules, worked=worked)
        for combination in itertools.product(*per_shift)
    )


@st.composite
def small_cases(draw: st.DrawFn) -> tuple[pd.DataFrame, list[Shift], RosterRules, dict[str, list[Shift]]]:
    n_police = draw(st.integers(1, 3))
    n_militia = draw(st.integers(1, 4))
    availability = draw(
        st.lists(st.sampled_from(AVAILABILITY), min_size=n_police + n_militia, max_size=n_police + n_militia)
    )
    people = make_people(n_police, n_militia, availability)
    shifts = [POOL[i] for i in sorted(draw(st.sets(st.integers(0, len(POOL) - 1), min_size=2, max_size=4)))]
    rules = RosterRules(
        teams_per_shift=1,
        teams_by_shift={
            s.shift_id: draw(st.sampled_from([0, 2])) for s in shifts if draw(st.integers(0, 3)) == 0
        },
        min_team_size=2,
        max_team_size=2,
        min_rest_hours=draw(st.sampled_from([0.0, 2.0, 8.0])),
        max_night_shifts=draw(st.integers(1, 3)),
    )
    tired = draw(st.sets(st.sampled_from(list(people["person_id"])), max_size=2))
    return people, shifts, rules, {person: [LAST_SUNDAY_NIGHT] for person in sorted(tired)}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=small_cases())
def test_refused_exactly_when_no_roster_exists(
    case: tuple[pd.DataFrame, list[Shift], RosterRules, dict[str, list[Shift]]],
) -> None:
    people, shifts, rules, worked = case
    exists = roster_exists(people, shifts, rules, worked)
    try:
        teams = form_teams(people, shifts, rules, worked=worked, seconds=2.0)
    except PlanningError as refusal:
        assert not exists, f"refused although a roster exists: {refusal}"
        assert refusal.vi and refusal.en
    else:
        assert exists
        assert check_roster(teams, people, shifts, rules, worked=worked) == []


@pytest.mark.parametrize(
    ("rest", "nights", "worked", "exists"),
    [
        (8.0, 3, {}, True),  # one police officer takes every shift, hours apart
        (8.0, 1, {}, False),  # Monday and Tuesday nights within 7 days: the lone police officer can take one
        (0.0, 2, {"P01": [LAST_SUNDAY_NIGHT]}, False),  # last Sunday's night makes three nights in seven days
        (0.0, 3, {"P01": [LAST_SUNDAY_NIGHT]}, True),
    ],
)
def test_brute_force_itself_on_known_answers(rest: float, nights: int, worked: dict, exists: bool) -> None:
    people = make_people(1, 2)
    shifts = [POOL[1], POOL[3]]  # Monday and Tuesday nights
    rules = RosterRules(
        teams_per_shift=1, min_team_size=2, max_team_size=2, min_rest_hours=rest, max_night_shifts=nights
    )
    assert roster_exists(people, shifts, rules, worked) is exists
