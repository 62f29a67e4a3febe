"""Time the walking skeleton on the sample commune: build the workspace, plan a week, render the map.

Run: ``.venv/bin/python bench/walking_skeleton.py`` (or ``make bench``). Prints one line per step.
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path

from patrol_map.demo import SAMPLE_WEEK, build_demo
from patrol_map.maps.views import overview_map
from patrol_map.overview import summarise
from patrol_map.plan.schedule import plan_week
from patrol_map.plan.store import load_plan
from patrol_map.risk.kde import kde_grid
from patrol_map.risk.select import select_incidents


def timed(label: str, work):
    start = time.perf_counter()
    result = work()
    print(f"{label:<44} {time.perf_counter() - start:8.2f} s")
    return result


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "nam_trach.gpkg"
        ws, _ = timed("build sample workspace (imports + 1 plan)", lambda: build_demo(path))
        plan = timed(
            f"plan one week ({SAMPLE_WEEK}, 21 shifts x 2 teams)", lambda: plan_week(ws, SAMPLE_WEEK, seed=1)
        )
        patrols = plan.patrols
        with_stops = int((patrols["stops"] != "[]").sum())
        label = "  patrols / with stops / total km"
        print(f"{label:<44} {len(patrols)} / {with_stops} / {patrols['length_m'].sum() / 1000:.0f}")

        def render_map() -> int:
            summary = summarise(ws)
            incidents = select_incidents(ws.read("incidents"), summary.start, summary.end)
            grid = kde_grid(incidents, ws.read("commune"))
            fmap = overview_map(ws, grid, load_plan(ws, summary.week).patrols, "vi")
            return len(fmap.get_root().render())

        size = timed("render the overview map to HTML", render_map)
        print(f"{'  map HTML size':<44} {size / 1e6:8.2f} MB")
    print(
        f"{'peak memory (max RSS)':<44} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:8.0f} MB"
    )


if __name__ == "__main__":
    main()
