"""Phone tracks: GPS jumps, matching a track to its patrol, and what a track shows of a patrol."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from patrol_map.cli import main
from patrol_map.coverage.tracks import MAX_SPEED_MS, mark_jumps
from patrol_map.errors import InputFileError
from patrol_map.plan.store import load_plan
from patrol_map.recording import import_record, week_coverage
from patrol_map.sample.tracks import follow, noisy, write_gpx
from patrol_map.workspace import Workspace
from tests.stored import everything_stored

WEEK = "2026-W48"


@pytest.fixture
def ws(sample_copy: Workspace) -> Workspace:
    return sample_copy


def patrol(ws: Workspace, patrol_id: str):
    patrols = load_plan(ws, WEEK).patrols
    return patrols[patrols["patrol_id"] == patrol_id].iloc[0]


def test_a_spike_and_a_jump_at_the_start_are_marked() -> None:
    # 10 m a second along a line; fix 3 is 2 km off, and fix 0 is a jump too (the track starts wrong).
    xy = np.array([[5000.0, 0], [10, 0], [20, 0], [2000, 2000], [40, 0], [50, 0]])
    seconds = np.arange(6, dtype=float)
    assert mark_jumps(xy, seconds).tolist() == [True, False, False, True, False, False]
    # A good first fix followed by a jump is kept.
    xy = np.array([[0.0, 0], [3000, 0], [20, 0], [30, 0], [40, 0]])
    assert mark_jumps(xy, np.arange(5, dtype=float)).tolist() == [False, True, False, False, False]
    # A long pause then a far fix is no jump: 1.8 km in 10 minutes is 3 m/s.
    assert not mark_jumps(np.array([[0.0, 0], [1800, 0]]), np.array([0.0, 600])).any()


@settings(max_examples=100)
@given(st.lists(st.tuples(st.floats(-5000, 5000), st.floats(-5000, 5000), st.floats(0, 120)), min_size=2))
def test_the_kept_fixes_are_each_within_reach_of_the_last(points) -> None:
    xy = np.array([(x, y) for x, y, _ in points])
    seconds = np.cumsum([dt for *_, dt in points])
    kept = np.flatnonzero(~mark_jumps(xy, seconds))
    for a, b in itertools.pairwise(kept):
        assert np.hypot(*(xy[b] - xy[a])) <= MAX_SPEED_MS * (seconds[b] - seconds[a]) + 1e-6


def test_a_track_that_follows_its_patrol_visits_every_stop_through_noise_and_jumps(
    ws: Workspace, tmp_path: Path
) -> None:
    planned = patrol(ws, "2026-11-23-evening-T1")
    fixes = noisy(follow(planned), np.random.default_rng(4))
    path = write_gpx(tmp_path / "toi.gpx", [fixes], ws.crs)
    # Two teams patrol that evening: the track passes T1's planned stops, so it is T1's.
    report = import_record(ws, "tracks", path)
    assert (
        "3 GPS jumps left out" in report.notices[0].en
        and "records patrol 2026-11-23-evening-T1" in report.notices[0].en
    )
    result = next(r for r in week_coverage(ws, WEEK).patrols if r.patrol_id == "2026-11-23-evening-T1")
    assert result.source == "gps" and result.count("visited") == len(planned["stops"]) > 5
    assert result.risk_covered == pytest.approx(result.risk_planned)

    # The kilometres of the cleaned track: the whole circuit ridden, without the jumps' 6-18 km out and back.
    def km(xy: np.ndarray) -> float:
        return float(np.hypot(*np.diff(xy, axis=0).T).sum()) / 1000

    xy = np.array([(x, y) for _, x, y in fixes])
    jumped = np.array([x for _, x, _ in fixes]) != np.array(
        [x for _, x, _ in noisy(follow(planned), np.random.default_rng(4), jumps=0)]
    )
    assert planned["length_m"] / 1000 < result.distance_km == pytest.approx(km(xy[~jumped]), rel=0.02)
    assert km(xy) - result.distance_km > 5
    # The other team of the evening, with no record, missed every stop; its track now goes to it unasked.
    other = next(r for r in week_coverage(ws, WEEK).patrols if r.patrol_id == "2026-11-23-evening-T2")
    assert other.source == "none" and other.count("missed") == len(other.stops)
    second = write_gpx(tmp_path / "toi2.gpx", [follow(patrol(ws, "2026-11-23-evening-T2"))], ws.crs)
    import_record(ws, "tracks", second)
    other = next(r for r in week_coverage(ws, WEEK).patrols if r.patrol_id == "2026-11-23-evening-T2")
    assert other.count("visited") == len(other.stops)


def test_a_track_that_tells_no_team_apart_needs_the_patrol_named(ws: Workspace, tmp_path: Path) -> None:
    planned = patrol(ws, "2026-11-23-evening-T1")
    start = datetime.fromisoformat(planned["shift_start"]).astimezone(UTC)
    x, y = planned.geometry.coords[0]  # the base: no team's stop
    fixes = [(start + timedelta(minutes=m), x, y) for m in range(0, 200, 2)]
    path = write_gpx(tmp_path / "tram.gpx", [fixes], ws.crs)
    with pytest.raises(InputFileError, match="may be any of several teams") as caught:
        import_record(ws, "tracks", path)
    assert "2026-11-23-evening-T1" in caught.value.en and "2026-11-23-evening-T2" in caught.value.en
    assert import_record(ws, "tracks", path, patrol="2026-11-23-evening-T2").rows_imported == len(fixes)
    second = write_gpx(
        tmp_path / "tram2.gpx", [[(t + timedelta(seconds=1), x, y) for t, x, y in fixes]], ws.crs
    )
    report = import_record(ws, "tracks", second)  # the one team of the shift without a track
    assert "records patrol 2026-11-23-evening-T1" in report.notices[0].en


def test_the_same_track_imported_again_adds_nothing(ws: Workspace, tmp_path: Path) -> None:
    path = write_gpx(tmp_path / "t.gpx", [follow(patrol(ws, "2026-11-24-morning-T1"))], ws.crs)
    before = len(ws.read("tracks"))  # the demo's week before has tracks
    first = import_record(ws, "tracks", path, patrol="2026-11-24-morning-T1")
    stored = len(ws.read("tracks"))
    again = import_record(ws, "tracks", path)
    assert first.rows_imported == stored - before and again.rows_imported == 0
    assert len(ws.read("tracks")) == stored and "nothing added" in again.notices[-1].en


@pytest.mark.parametrize(("late_min", "state"), [(20, "late"), (10, "visited")])
def test_late_and_skipped_stops(ws: Workspace, tmp_path: Path, late_min: float, state: str) -> None:
    planned = patrol(ws, "2026-11-25-evening-T2")
    path = write_gpx(tmp_path / "t.gpx", [follow(planned, late_min=late_min, skip=(1,))], ws.crs)
    import_record(ws, "tracks", path, patrol="2026-11-25-evening-T2")
    result = next(r for r in week_coverage(ws, WEEK).patrols if r.patrol_id == "2026-11-25-evening-T2")
    # 20 minutes behind the plan is late (over 15), 10 is not; the stop left out is missed.
    assert [s.state for s in result.stops] == [state, "missed", *[state] * (len(planned["stops"]) - 2)]
    assert result.risk_covered == pytest.approx(result.risk_planned - planned["stop_risks"][1], abs=1e-6)


def test_a_track_across_midnight_belongs_to_its_night_shift(ws: Workspace, tmp_path: Path) -> None:
    planned = patrol(ws, "2026-11-26-night-T1")
    fixes = follow(planned)
    vietnam = timezone(timedelta(hours=7))
    assert fixes[0][0].astimezone(vietnam).day == 26 and fixes[-1][0].astimezone(vietnam).day == 27
    assert any(datetime.fromisoformat(t).day == 27 for t in planned["stop_times"])  # stops after midnight
    path = write_gpx(tmp_path / "dem.gpx", [fixes], ws.crs)
    import_record(ws, "tracks", path, patrol="2026-11-26-night-T1")
    result = next(r for r in week_coverage(ws, WEEK).patrols if r.patrol_id == "2026-11-26-night-T1")
    assert result.count("visited") == len(planned["stops"])


def test_a_track_of_another_day_is_refused(ws: Workspace, tmp_path: Path) -> None:
    fixes = [(t - timedelta(days=10), x, y) for t, x, y in follow(patrol(ws, "2026-11-23-evening-T1"))]
    path = write_gpx(tmp_path / "cu.gpx", [fixes], ws.crs)  # 13 November: no plan that week
    before = everything_stored(ws)
    with pytest.raises(InputFileError, match="in no planned patrol's shift") as caught:
        import_record(ws, "tracks", path)
    assert caught.value.row == 1 and "ngày khác" in caught.value.vi
    with pytest.raises(InputFileError, match="outside the shift of patrol 2026-11-23-evening-T1"):
        import_record(ws, "tracks", path, patrol="2026-11-23-evening-T1")
    assert everything_stored(ws) == before


def test_cli_imports_a_track_and_writes_the_coverage_json(ws: Workspace, tmp_path: Path) -> None:
    path = write_gpx(tmp_path / "t.gpx", [follow(patrol(ws, "2026-11-27-morning-T1"))], ws.crs)
    assert main(["import", ws.where, "tracks", str(path), "--patrol", "2026-11-27-morning-T1"]) == 0
    out = tmp_path / "coverage.json"
    assert main(["coverage", ws.where, "--week", WEEK, "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    row = next(p for p in report["patrols"] if p["patrol_id"] == "2026-11-27-morning-T1")
    assert {"patrol_id", "stops_planned", "stops_visited", "stops_late", "stops_missed", "source"} <= set(row)
    assert row["source"] == "gps" and row["stops_visited"] == row["stops_planned"]
    totals = report["totals"]
    assert {"stops_planned", "stops_visited", "risk_planned", "risk_covered"} <= set(totals)
    assert totals["rounds"] == 1 and totals["person_turns"] == len(row["members"])
    assert totals["stops_visited"] == row["stops_planned"] and totals["stops_missed"] > 0
    assert main(["import", ws.where, "places", str(path), "--patrol", "X"]) == 1  # tracks only


def test_totals_by_month_and_quarter_count_rounds_and_person_turns_by_force(
    ws: Workspace, tmp_path: Path
) -> None:
    from datetime import date

    from patrol_map.recording import coverage_by_period

    recorded_before = coverage_by_period(ws, date(2026, 11, 1), date(2026, 12, 31), by="month")
    for pid in ("2026-11-23-evening-T1", "2026-11-24-morning-T2"):
        path = write_gpx(tmp_path / f"{pid}.gpx", [follow(patrol(ws, pid))], ws.crs)
        import_record(ws, "tracks", path, patrol=pid)
    months = coverage_by_period(ws, date(2026, 11, 1), date(2026, 12, 31), by="month")
    assert list(months["period"]) == ["2026-11"]
    row = months.iloc[0] - recorded_before.iloc[0].drop("period")  # what these two tracks added
    members = [patrol(ws, pid)["forces"] for pid in ("2026-11-23-evening-T1", "2026-11-24-morning-T2")]
    assert (months.iloc[0]["patrols"], row["rounds"]) == (84, 2)  # the demo plans two weeks of November
    assert row["person_turns"] == sum(len(m) for m in members) == row["police_turns"] + row["militia_turns"]
    assert row["police_turns"] == sum(m.count("police") for m in members)
    quarters = coverage_by_period(ws, date(2026, 10, 1), date(2026, 12, 31), by="quarter")
    assert list(quarters["period"]) == ["2026-Q4"]
    assert quarters.iloc[0]["rounds"] == recorded_before.iloc[0]["rounds"] + 2
    weeks = coverage_by_period(ws, date(2026, 11, 24), date(2026, 11, 24), by="week")
    assert list(weeks["period"]) == ["2026-W48"] and weeks.iloc[0]["patrols"] == 6  # one day's shifts
    assert coverage_by_period(ws, date(2025, 1, 1), date(2025, 12, 31)).empty
