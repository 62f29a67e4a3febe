"""The commune's settings (patrol_map.commune_settings): stored, checked, used by the plan and hotspots."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from patrol_map.commune_settings import CommuneSettings, Festival, read_settings, save_settings
from patrol_map.errors import InputFileError, PatrolMapError, PlanningError, SettingError, WorkspaceError
from patrol_map.plan.schedule import plan_with
from patrol_map.plan.settings import PlanSettings
from patrol_map.plan.shifts import DEFAULT_SHIFTS, parse_span, shift_times
from patrol_map.results import default_view
from patrol_map.workspace import Workspace
from tests.stored import everything_stored

EVENING_EARLY = shift_times(
    [("morning", time(6), 4), ("evening", time(18, 30), 4), ("night", time(22, 30), 4.5)]
)


@pytest.fixture
def ws(sample_copy: Workspace) -> Workspace:
    return sample_copy


def test_a_workspace_without_settings_has_the_defaults(ws: Workspace) -> None:
    assert read_settings(ws) == CommuneSettings()
    assert read_settings(ws).plan.shift_times == DEFAULT_SHIFTS


def test_settings_are_stored_and_read_back(ws: Workspace) -> None:
    wanted = CommuneSettings(
        plan=PlanSettings(
            seed=7,
            teams_per_shift=3,
            team_size=(2, 4),
            stop_minutes=15.0,
            mode="foot",
            unpredictability=0.8,
            shifts=("evening", "night"),
            shift_times=EVENING_EARLY,
        ),
        patrol_weight=0.3,
        festivals=(
            Festival(date(2027, 3, 2), " Lễ hội đua thuyền\n", "Boat race"),
            Festival(date(2027, 2, 20), "Lễ hội đình làng"),
        ),
    )
    stored = save_settings(ws, wanted)
    assert read_settings(Workspace(ws.where)) == stored
    assert stored.plan.seed == 0  # a seed is a week's choice
    assert [f.day for f in stored.festivals] == [date(2027, 2, 20), date(2027, 3, 2)]
    assert stored.festivals[1].vi == "Lễ hội đua thuyền"  # trimmed, the line break dropped
    assert stored.festival_days()[date(2027, 2, 20)] == ("Lễ hội đình làng", "Lễ hội đình làng")


@pytest.mark.parametrize(
    ("change", "error", "words"),
    [
        ({"plan": PlanSettings(teams_per_shift=0)}, SettingError, "Teams per shift"),
        ({"plan": PlanSettings(team_size=(5, 3))}, SettingError, "least size"),
        ({"plan": PlanSettings(team_size=(1, 3))}, SettingError, "People per team"),
        ({"plan": PlanSettings(stop_minutes=float("nan"))}, SettingError, "Minutes at each stop"),
        ({"plan": PlanSettings(stop_minutes=0)}, SettingError, "Minutes at each stop"),
        ({"plan": PlanSettings(unpredictability=1.5)}, SettingError, "Unpredictability"),
        ({"plan": PlanSettings(mode="car")}, SettingError, "way of patrolling"),
        ({"patrol_weight": -0.1}, SettingError, "Patrol-find weight"),
        ({"festivals": (Festival(date(2027, 1, 1), "  "),)}, SettingError, "has no name"),
        ({"festivals": (Festival(date(2027, 1, 1), "x" * 121),)}, SettingError, "over 120"),
        (
            {"festivals": (Festival(date(2027, 1, 1), "A"), Festival(date(2027, 1, 1), "B"))},
            SettingError,
            "make them one",
        ),
        ({"basemap": "/etc/hostname"}, InputFileError, "basemap"),
        ({"basemap": "/no/such/file.mbtiles"}, InputFileError, "no such basemap"),
    ],
)
def test_a_bad_setting_is_refused_in_both_languages_and_nothing_is_stored(
    ws: Workspace, change: dict[str, object], error: type[PatrolMapError], words: str
) -> None:
    before = everything_stored(ws)
    with pytest.raises(error) as caught:
        save_settings(ws, replace(CommuneSettings(), **change))
    assert words in caught.value.message("en")
    assert caught.value.message("vi") != caught.value.message("en")
    assert everything_stored(ws) == before


def test_overlapping_shift_times_are_refused(ws: Workspace) -> None:
    overlapping = (*DEFAULT_SHIFTS[:2], replace(DEFAULT_SHIFTS[2], start=time(22, 0)))
    with pytest.raises(PlanningError, match="overlaps the"):
        save_settings(ws, CommuneSettings(plan=PlanSettings(shift_times=overlapping)))


def test_damaged_stored_settings_are_named_not_taken_for_the_defaults(ws: Workspace) -> None:
    import pandas as pd

    ws.write({"settings": pd.DataFrame({"key": ["plan"], "value": ['{"team_size": "big"']})})
    with pytest.raises(WorkspaceError, match="settings cannot be read"):
        read_settings(ws)


@pytest.mark.parametrize(
    ("text", "start", "hours"),
    [
        ("19:00-23:00", time(19), 4.0),
        ("23:00–03:00", time(23), 4.0),
        ("6h30-10h00", time(6, 30), 3.5),
        ("00:00-00:00", time(0), 24.0),
    ],
)
def test_shift_hours_are_read_as_commanders_write_them(text: str, start: time, hours: float) -> None:
    assert parse_span(text) == (start, hours)


@pytest.mark.parametrize("text", ["19-23", "25:00-03:00", "19:00", "tối", ""])
def test_shift_hours_that_do_not_read_are_refused(text: str) -> None:
    with pytest.raises(PlanningError, match="19:00-23:00"):
        parse_span(text)


@given(
    starts=st.lists(st.integers(0, 24 * 4 - 1), min_size=3, max_size=3),
    lengths=st.lists(st.integers(4, 48), min_size=3, max_size=3),
)
def test_shift_times_are_accepted_exactly_when_no_two_shifts_of_any_days_overlap(
    starts: list[int], lengths: list[int]
) -> None:
    """Quarter-hour starts, lengths of 1 to 12 hours; the overlap judged on shifts laid on ten days."""
    times = [
        (t.name, time(q // 4, q % 4 * 15), n / 4)
        for t, q, n in zip(DEFAULT_SHIFTS, starts, lengths, strict=True)
    ]
    monday = datetime(2026, 11, 23)
    laid = sorted(
        (begin, begin + timedelta(hours=hours))
        for day in range(10)
        for _, start, hours in times
        for begin in [monday + timedelta(days=day, hours=start.hour, minutes=start.minute)]
    )
    overlap = any(first_end > second_start for (_, first_end), (second_start, _) in itertools.pairwise(laid))
    try:
        shift_times(times)
        accepted = True
    except PlanningError:
        accepted = False
    assert accepted == (not overlap)


def test_a_new_plan_takes_the_communes_shift_hours_and_stop_minutes(ws: Workspace) -> None:
    save_settings(
        ws,
        CommuneSettings(plan=PlanSettings(stop_minutes=15.0, shift_times=EVENING_EARLY, shifts=("evening",))),
    )
    settings = PlanSettings.for_week(read_settings(ws).plan, teams_per_shift=1)
    plan = plan_with(ws, "2026-W51", settings)
    assert set(plan.patrols["shift_start"].str[11:16]) == {"18:30"}
    assert set(plan.patrols["shift_end"].str[11:16]) == {"22:30"}
    assert set(plan.patrols["stop_minutes"]) == {15.0}
    assert plan.settings.shift_times == EVENING_EARLY  # kept with the plan: an edit re-plans the same hours


def test_the_hotspot_page_opens_on_the_communes_patrol_weight(ws: Workspace) -> None:
    assert default_view(ws).weight == 0.5
    save_settings(ws, CommuneSettings(patrol_weight=0.2))
    assert default_view(ws).weight == 0.2


def test_the_shifts_planned_are_stored_by_their_keys_whatever_name_was_given(ws: Workspace) -> None:
    stored = save_settings(ws, CommuneSettings(plan=PlanSettings(shifts=("tối", "Ca đêm"))))
    assert stored.plan.shifts == ("evening", "night") == read_settings(ws).plan.shifts
    assert (
        save_settings(ws, CommuneSettings(plan=PlanSettings(shifts=("đêm", "sáng", "tối")))).plan.shifts
        is None
    )
    with pytest.raises(PlanningError, match="There is no shift 'foo'"):
        save_settings(ws, CommuneSettings(plan=PlanSettings(shifts=("foo",))))
