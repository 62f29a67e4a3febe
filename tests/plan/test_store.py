"""The plan store: round trips, older layouts, a workspace of the previous release, damaged plans."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pyogrio
import pytest
from geopandas.testing import assert_geodataframe_equal

from patrol_map.cli import main
from patrol_map.errors import WorkspaceError
from patrol_map.plan.edits import Edits
from patrol_map.plan.schedule import plan_week, replan
from patrol_map.plan.settings import PlanSettings
from patrol_map.plan.store import (
    NoPlanError,
    find_plan,
    load_plan,
    plan_history,
    planned_weeks,
    save_plan,
    stored_patrols,
)
from patrol_map.report.exports import FORMATS, export_bytes
from patrol_map.workspace import SCHEMA_VERSION, Workspace
from tests.older_layout import store_older

PREVIOUS_RELEASE = Path(__file__).parents[1] / "data" / "workspace-0.1.0.gpkg"


@pytest.fixture
def previous(tmp_path: Path) -> Workspace:
    """A copy of a workspace written by patrol-map 0.1.0: the tiny commune, weeks 2026-W48 and W49."""
    return Workspace(shutil.copy(PREVIOUS_RELEASE, tmp_path / PREVIOUS_RELEASE.name))


def test_edits_survive_the_stored_form() -> None:
    edits = Edits(members={"T": ("CA01", "DQ01")}, stops={"T": ("P03",)}, removed={"S": ("P04",)})
    assert Edits.from_dict(edits.to_dict()) == edits
    assert Edits.from_dict({}) == Edits() and not Edits()
    with pytest.raises(ValueError, match="edits must map"):
        Edits.from_dict({"members": ["not", "a", "mapping"]})


def test_settings_merge_stored_and_given() -> None:
    stored = PlanSettings(seed=4, shifts=("evening",), teams_per_shift=1, team_size=(2, 3), mode="foot")
    merged = PlanSettings.for_week(stored, seed=5, shifts=None, team_size=4, unpredictability=None)
    assert merged == PlanSettings(
        seed=5, shifts=("evening",), teams_per_shift=1, team_size=(4, 4), mode="foot"
    )
    assert PlanSettings.for_week(None, teams_per_shift=3) == PlanSettings(teams_per_shift=3)
    assert PlanSettings.from_stored(stored.to_stored()) == stored
    assert PlanSettings.from_stored({"seed": 1, "team_size": 3, "unknown": True}) == PlanSettings(
        seed=1, team_size=(3, 3)
    )
    with pytest.raises(WorkspaceError, match="stored options"):
        PlanSettings.from_stored({"seed": "x"} | {"team_size": "wrong"})


def test_a_workspace_of_the_previous_release_opens_exports_and_plans_again(previous: Workspace) -> None:
    assert previous.meta["schema_version"] == "1" and planned_weeks(previous) == ["2026-W48", "2026-W49"]
    plan = load_plan(previous, "2026-W48")
    assert (
        len(plan.patrols) == 28 and plan.settings.seed == 3 and plan.settings.shifts == ("evening", "night")
    )
    assert "2026-11-23-night-T1" in plan.edits.members  # the lock made with 0.1.0
    assert all(isinstance(m, list) for m in plan.patrols["members"])
    for fmt in FORMATS:
        assert export_bytes(plan, fmt).data
    again = replan(previous, plan, plan.edits)
    locked = again.patrols.set_index("team_id").loc["2026-11-23-night-T1", "members"]
    assert tuple(locked) == plan.edits.members["2026-11-23-night-T1"]
    save_plan(previous, again)
    assert Workspace(previous.path).meta["schema_version"] == str(SCHEMA_VERSION) == "2"
    assert planned_weeks(previous) == ["2026-W48", "2026-W49"]  # the other week is kept


def test_a_plan_comes_back_as_it_was_stored(previous: Workspace) -> None:
    plan = plan_week(previous, "2026-W50", seed=1, shifts=["night"], teams_per_shift=1, team_size=(2, 4))
    save_plan(previous, plan)
    back = load_plan(Workspace(previous.path), "2026-W50")
    assert_geodataframe_equal(back.patrols, plan.patrols, check_less_precise=True)
    for _, row in back.patrols.iterrows():
        assert sum(row["stop_risks"]) == pytest.approx(row["risk"], abs=1e-2)
    assert (back.settings, back.edits, back.unreachable) == (plan.settings, plan.edits, plan.unreachable)
    assert back.predictability.weeks == 2  # W48 and W49 before it


def test_an_older_layout_beside_newer_weeks_is_upgraded_as_it_is_read(previous: Workspace) -> None:
    store_older(previous.path, load_plan(previous, "2026-W49"), "2026-W40")
    older = load_plan(Workspace(previous.path), "2026-W40")
    assert older.edits == Edits() and older.settings == PlanSettings() and older.unreachable == []
    for _, row in older.patrols.iterrows():
        assert row["depart_time"] == row["shift_start"]
        times = [datetime.fromisoformat(t) for t in row["stop_times"]]
        assert times == sorted(times) and len(times) == len(row["stops"]) == len(row["stop_xy"])
        start, end = datetime.fromisoformat(row["shift_start"]), datetime.fromisoformat(row["shift_end"])
        assert all(start <= t <= end for t in times)
        # Each stop's risk was not kept then: the patrol's risk is shared equally by its stops.
        assert row["stop_risks"] == pytest.approx(
            [row["risk"] / len(row["stops"])] * len(row["stops"]), abs=1e-3
        )
    for fmt in FORMATS:
        assert export_bytes(older, fmt).data


def test_no_plan_and_a_damaged_plan_are_told_apart(
    previous: Workspace, capsys: pytest.CaptureFixture
) -> None:
    assert find_plan(previous, "2026-W30") is None
    with pytest.raises(NoPlanError, match="No plan for week 2026-W30"):
        load_plan(previous, "2026-W30")
    layer = pyogrio.read_dataframe(previous.path, layer="plans")
    layer.loc[layer["week"] == "2026-W49", "settings"] = '{"seed": '
    pyogrio.write_dataframe(layer, previous.path, layer="plans", driver="GPKG")
    with pytest.raises(WorkspaceError, match="week 2026-W49 cannot be read"):
        load_plan(Workspace(previous.path), "2026-W49")
    assert load_plan(Workspace(previous.path), "2026-W48").week == "2026-W48"  # the other week still reads
    assert (
        main(["export", str(previous.path), "--week", "2026-W49", "--format", "kml", "--out", "x.kml"]) == 1
    )
    err = capsys.readouterr().err
    assert "tuần 2026-W49" in err and "week 2026-W49" in err


def test_history_and_every_stored_patrol_come_parsed(previous: Workspace) -> None:
    history = plan_history(previous, "2026-W50")
    assert len(history) == 28 + 14 and all(isinstance(team, tuple) for team in history)
    every = stored_patrols(previous)
    assert every is not None and all(isinstance(s, list) for s in every["stops"])
