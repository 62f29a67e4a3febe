"""A commander's edits: kept through a re-plan, and refused with the rule they break."""

from __future__ import annotations

import shutil
from datetime import datetime, time
from pathlib import Path

import pytest

from patrol_map.errors import PlanningError
from patrol_map.plan.edits import Edits
from patrol_map.plan.schedule import plan_week
from patrol_map.workspace import Workspace

WEEK = "2026-W49"
EVENINGS = ["evening"]


@pytest.fixture(scope="module")
def planned(sample_workspace: Path, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("edits") / "ws.gpkg"
    shutil.copy(sample_workspace, path)
    ws = Workspace(path)
    return ws, plan_week(ws, WEEK, seed=1, shifts=EVENINGS)


def members(plan, team_id: str) -> list[str]:
    return plan.patrols.set_index("team_id").loc[team_id, "members"]


def stops(plan, team_id: str) -> list[str]:
    return plan.patrols.set_index("team_id").loc[team_id, "stops"]


def test_locked_team_keeps_members_and_stops_under_another_seed(planned) -> None:
    ws, plan = planned
    team = plan.patrols["team_id"].iloc[0]
    edits = Edits().lock_team(plan.patrols, team)
    again = plan_week(ws, WEEK, seed=2, shifts=EVENINGS, edits=edits)
    assert members(again, team) == members(plan, team)
    assert set(stops(again, team)) == set(stops(plan, team))
    assert again.edits == edits
    assert Edits().lock_team(plan.patrols, team).unlock_team(team) == Edits()


def test_moved_person_lands_in_the_team_and_nowhere_else_that_shift(planned) -> None:
    ws, plan = planned
    shift = plan.patrols["shift_id"].iloc[0]
    t1, t2 = plan.patrols.loc[plan.patrols["shift_id"] == shift, "team_id"].iloc[:2]
    person = members(plan, t1)[-1]
    again = plan_week(ws, WEEK, seed=1, shifts=EVENINGS, edits=Edits().move_person(plan.patrols, person, t2))
    assert person in members(again, t2)
    assert person not in members(again, t1)
    with pytest.raises(PlanningError, match="already in team"):
        Edits().move_person(plan.patrols, members(plan, t2)[0], t2)


def test_added_stop_is_visited_by_that_team_and_removed_one_by_none(planned) -> None:
    ws, plan = planned
    shift = plan.patrols["shift_id"].iloc[0]
    t1, t2 = plan.patrols.loc[plan.patrols["shift_id"] == shift, "team_id"].iloc[:2]
    moved, dropped = stops(plan, t1)[0], stops(plan, t2)[0]
    edits = Edits().add_stop(plan.patrols, t2, moved).remove_stop(plan.patrols, shift, dropped)
    again = plan_week(ws, WEEK, seed=1, shifts=EVENINGS, edits=edits)
    assert moved in stops(again, t2)
    shift_stops = [s for t in (t1, t2) for s in stops(again, t)]
    assert dropped not in shift_stops


def test_stop_outside_its_hours_is_refused_with_the_reason(planned) -> None:
    ws, plan = planned
    school = ws.read("places").query("kind == 'school'")["place_id"].iloc[0]
    team = plan.patrols["team_id"].iloc[0]
    with pytest.raises(PlanningError) as err:
        plan_week(ws, WEEK, seed=1, shifts=EVENINGS, edits=Edits().add_stop(plan.patrols, team, school))
    assert "counts only at 06:30-07:15;16:30-17:15" in err.value.en
    assert "chỉ tính vào giờ" in err.value.vi


def test_locked_team_without_militia_is_refused(planned) -> None:
    ws, plan = planned
    team = plan.patrols["team_id"].iloc[0]
    people = ws.read("people")
    police = tuple(people.loc[people["force"] == "police", "person_id"].iloc[:3])
    with pytest.raises(PlanningError) as err:
        plan_week(ws, WEEK, seed=1, shifts=EVENINGS, edits=Edits(members={team: police}))
    assert "militia" in err.value.en and "dân quân" in err.value.vi


def test_edits_name_unknown_teams_and_shifts(planned) -> None:
    _, plan = planned
    with pytest.raises(PlanningError, match="no team"):
        Edits().lock_team(plan.patrols, "nope")
    with pytest.raises(PlanningError, match="no shift"):
        Edits().remove_stop(plan.patrols, "nope", "P01")


def test_plan_reports_risk_covered_and_predictability(planned) -> None:
    _, plan = planned
    assert 0 < plan.risk_covered <= 1
    assert plan.predictability.weeks == 2  # the sample workspace holds the plans of 2026-W47 and W48
    assert 0 <= plan.predictability.score <= 1


def test_an_added_stop_can_be_taken_back_without_banning_the_place(planned) -> None:
    _, plan = planned
    shift = plan.patrols["shift_id"].iloc[0]
    t1, t2 = plan.patrols.loc[plan.patrols["shift_id"] == shift, "team_id"].iloc[:2]
    place, other = stops(plan, t1)[:2]
    added = Edits().add_stop(plan.patrols, t2, place).add_stop(plan.patrols, t2, other)
    assert added.drop_added_stop(t2, place) == Edits(stops={t2: (other,)})
    assert added.drop_added_stop(t2, place).drop_added_stop(t2, other) == Edits()
    assert not added.drop_added_stop(t2, place).removed  # the place may still be planned in the shift
    locked = Edits().lock_team(plan.patrols, t1)
    assert locked.drop_added_stop(t1, place).members == locked.members
    assert Edits().drop_added_stop(t1, place) == Edits()


def test_removing_a_stop_does_not_raise_the_risk_covered(planned) -> None:
    ws, plan = planned
    shift = plan.patrols["shift_id"].iloc[0]
    place = stops(plan, plan.patrols["team_id"].iloc[0])[0]
    again = plan_week(
        ws, WEEK, seed=1, shifts=EVENINGS, edits=Edits().remove_stop(plan.patrols, shift, place)
    )
    # The removed place's risk still counts in the shift's risk: left unvisited, it is not covered.
    assert again.patrols["shift_risk"].tolist() == plan.patrols["shift_risk"].tolist()


def test_edits_of_a_team_the_plan_will_not_have_are_refused(planned) -> None:
    ws, plan = planned
    edits = Edits().lock_team(plan.patrols, plan.patrols["team_id"].iloc[1])  # team T2 of its shift
    with pytest.raises(PlanningError) as err:
        plan_week(ws, WEEK, seed=1, shifts=EVENINGS, teams_per_shift=1, edits=edits)
    assert plan.patrols["team_id"].iloc[1] in err.value.en and "1 teams per shift" in err.value.en
    assert "kế hoạch này không có" in err.value.vi


def test_a_place_with_two_windows_in_the_evening_is_visited_once_inside_one(planned, tmp_path: Path) -> None:
    ws, plan = planned
    path = tmp_path / "ws.gpkg"
    shutil.copy(ws.path, path)
    copy = Workspace(path)
    # The place most visited in the week (a place, not a hotspot's stop: only places have hours),
    # made to count only 19:00-19:40 and 21:30-22:15.
    places = copy.read("places")
    visited = [s for team in plan.patrols["team_id"] for s in stops(plan, team)]
    place = max(sorted(set(visited) & set(places["place_id"])), key=visited.count)
    places.loc[places["place_id"] == place, "hours"] = "19:00-19:40;21:30-22:15"
    copy.write({"places": places})
    windows = [(time(19, 0), time(19, 28)), (time(21, 30), time(22, 3))]  # a 12-minute stop must fit

    def visits(week_plan) -> list[tuple[str, str, datetime]]:
        rows = week_plan.patrols
        return [
            (shift, team, datetime.fromisoformat(at))
            for shift, team, names, times in zip(
                rows["shift_id"], rows["team_id"], rows["stops"], rows["stop_times"], strict=True
            )
            for stop, at in zip(names, times, strict=True)
            if stop == place
        ]

    again = plan_week(copy, WEEK, seed=1, shifts=EVENINGS)
    found = visits(again)
    assert found, "the place is still worth visiting"
    assert len({shift for shift, _, _ in found}) == len(found)  # at most once a shift
    assert all(any(a <= at.time() <= b for a, b in windows) for _, _, at in found)
    # Given to a team by hand, it is visited by that team, once, inside a window.
    shift, team = again.patrols["shift_id"].iloc[0], again.patrols["team_id"].iloc[1]
    edited = plan_week(
        copy, WEEK, seed=1, shifts=EVENINGS, edits=Edits().add_stop(again.patrols, team, place)
    )
    [(_, by, at)] = [v for v in visits(edited) if v[0] == shift]
    assert by == team and any(a <= at.time() <= b for a, b in windows)


def test_an_edit_routes_again_only_the_shift_it_touches(planned) -> None:
    """replan keeps the other shifts' circuits, which are those a whole new plan gives them."""
    from patrol_map.plan.schedule import plan_with, replan

    ws, plan = planned
    shift = plan.patrols["shift_id"].iloc[2]
    t1, t2 = plan.patrols.loc[plan.patrols["shift_id"] == shift, "team_id"].iloc[:2]
    edits = Edits().add_stop(plan.patrols, t2, stops(plan, t1)[0])
    quick = replan(ws, plan, edits)
    whole = plan_with(ws, plan.week, plan.settings, edits)
    assert stops(plan, t1)[0] in stops(quick, t2)
    for team in plan.patrols["team_id"]:  # every circuit and team as a whole new plan has them
        assert stops(quick, team) == stops(whole, team), team
        assert members(quick, team) == members(whole, team), team
    assert quick.patrols.geometry.geom_equals(whole.patrols.geometry).all()
    assert quick.risk_covered == pytest.approx(whole.risk_covered)
    moved = Edits().move_person(plan.patrols, members(plan, t1)[-1], t2)  # members only: no routing
    kept = replan(ws, plan, moved)
    assert all(stops(kept, team) == stops(plan, team) for team in plan.patrols["team_id"])
    assert members(plan, t1)[-1] in members(kept, t2)
