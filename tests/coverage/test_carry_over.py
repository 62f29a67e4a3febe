"""Closing the loop: places a week missed weigh more in the next week's plan, and the plan says so."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from patrol_map.coverage.week import missed_places
from patrol_map.plan.circuits import CARRY_RADIUS_M
from patrol_map.plan.schedule import plan_week
from patrol_map.plan.store import load_plan
from patrol_map.recording import import_record
from patrol_map.workspace import Workspace

OPTIONS = {"seed": 5, "shifts": ["evening"], "team_size": (2, 4)}


@pytest.fixture(scope="module")
def recorded(sample_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The sample with week 2026-W48's first evening patrol signed at its first two stops only."""
    ws = Workspace(shutil.copy(sample_workspace, tmp_path_factory.mktemp("carry") / "ws.gpkg"))
    patrols = load_plan(ws, "2026-W48").patrols
    patrol = patrols[patrols["patrol_id"] == "2026-11-23-evening-T1"].iloc[0]
    sheet = tmp_path_factory.mktemp("sheet") / "so.csv"
    lines = [f"{patrol['patrol_id']},{patrol['stops'][k]},{patrol['stop_times'][k][11:16]}" for k in (0, 1)]
    sheet.write_text("patrol_id,place,time\n" + "\n".join(lines) + "\n", encoding="utf-8")
    import_record(ws, "checkins", sheet)
    return ws


def test_a_week_without_any_record_carries_nothing(sample_workspace: Path) -> None:
    ws = Workspace(sample_workspace)
    assert missed_places(ws, load_plan(ws, "2026-W48").patrols) == []
    assert all(carried == [] for carried in plan_week(ws, "2026-W49", **OPTIONS).patrols["carried"])


def test_missed_places_are_carried_into_the_next_week(recorded: Workspace) -> None:
    places = missed_places(recorded, load_plan(recorded, "2026-W48").patrols)
    assert len(places) > 20  # every place planned that week (the two signed were planned again)
    assert all(0 < place.share <= 1 for place in places)
    missed = np.array([place.xy for place in places])
    plan = plan_week(recorded, "2026-W49", **OPTIONS)
    carried = [
        (stop, xy)
        for _, row in plan.patrols.iterrows()
        for stop, xy in zip(row["stops"], row["stop_xy"], strict=True)
        if stop in row["carried"]
    ]
    assert carried, "some stops of the next week are there because they were missed"
    for _, (x, y) in carried:
        assert np.hypot(missed[:, 0] - x, missed[:, 1] - y).min() <= CARRY_RADIUS_M + 1e-6
    for _, row in plan.patrols.iterrows():
        assert set(row["carried"]) <= set(row["stops"])
    assert plan.settings.carry_missed
    off = plan_week(recorded, "2026-W49", **OPTIONS, carry_missed=False)
    assert all(c == [] for c in off.patrols["carried"]) and not off.settings.carry_missed


def test_a_place_missed_in_part_carries_the_share_missed(recorded: Workspace) -> None:
    """The two places signed were planned again that week: they carry the share of those visits missed."""
    patrols = load_plan(recorded, "2026-W48").patrols
    signed = patrols.set_index("patrol_id").loc["2026-11-23-evening-T1"]
    planned = Counter(stop for stops in patrols["stops"] for stop in stops)
    shares = {tuple(place.xy): place.share for place in missed_places(recorded, patrols)}
    for k in (0, 1):
        n = planned[signed["stops"][k]]
        assert shares.get(tuple(signed["stop_xy"][k]), 0.0) == pytest.approx((n - 1) / n)
    assert max(shares.values()) == 1.0  # places planned only for the patrols that signed nothing


def test_the_weight_draws_the_missed_places_in(sample_workspace: Path, tmp_path: Path) -> None:
    """A week signed everywhere but at a few places: the next week visits those places more."""
    ws = Workspace(shutil.copy(sample_workspace, tmp_path / "ws.gpkg"))
    patrols = load_plan(ws, "2026-W48").patrols
    evenings = patrols[patrols["shift_name"] == "evening"]
    counts = Counter(stop for stops in evenings["stops"] for stop in stops if stop.startswith("P"))
    skipped = {stop for stop, n in counts.items() if n <= 3}  # places the evenings seldom reach
    lines = [
        f"{row['patrol_id']},{stop},{time[11:16]}"
        for _, row in patrols.iterrows()
        for stop, time in zip(row["stops"], row["stop_times"], strict=True)
        if stop not in skipped
    ]
    sheet = tmp_path / "so.csv"
    sheet.write_text("patrol_id,place,time\n" + "\n".join(lines) + "\n", encoding="utf-8")
    import_record(ws, "checkins", sheet)

    def visits(carry: bool) -> int:
        plans = [
            plan_week(ws, "2026-W49", **{**OPTIONS, "seed": s, "unpredictability": 0.0}, carry_missed=carry)
            for s in range(2)
        ]
        return sum(stop in skipped for plan in plans for stops in plan.patrols["stops"] for stop in stops)

    with_weight, without = visits(True), visits(False)
    print(f"visits to the {len(skipped)} places missed: {with_weight} with the weight, {without} without")
    assert with_weight >= without * 1.15


def test_the_plan_page_and_the_command_line_say_which_stops_were_carried(
    recorded: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    from patrol_map.cli import main
    from patrol_map.plan.store import find_plan
    from patrol_map.report.tables import carried_stops

    assert main(["plan", str(recorded.path), "--week", "2026-W49", "--shifts", "evening", "--seed", "5"]) == 0
    plan = load_plan(Workspace(recorded.path), "2026-W49")
    named = carried_stops(plan, "en")
    assert named and all(text.endswith(" visits)") for text in named)
    assert len(named) == len(set(named))  # a place once, however many patrols stop there
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(recorded.path))
    at = AppTest.from_string("from patrol_map.ui import plan\nplan.render()", default_timeout=60)
    at.session_state["lang"] = "en"
    at.session_state["plan_week"] = "2026-W49"
    at.run()
    assert not at.exception
    assert any(
        e.label == f"{len(named)} places weighted up because they were missed last week" for e in at.expander
    )
    assert any(named[0] in text.value for text in at.markdown)
    assert at.checkbox(key="plan_carry_missed").value is True
    assert (
        main(["plan", str(recorded.path), "--week", "2026-W49", "--shifts", "evening", "--no-carry-missed"])
        == 0
    )
    again = find_plan(Workspace(recorded.path), "2026-W49")
    assert again is not None and not again.settings.carry_missed and carried_stops(again) == []
