"""Time coverage on a full week: every patrol of the sample's plan with a phone track.

Run: ``.venv/bin/python bench/coverage.py``. Builds the sample workspace, writes a synthetic GPX
track for each of the week's 42 patrols (a fix every 30 s, 8 m of GPS noise, three jumps each,
one stop in four left out), then prints:

- importing the 42 files one by one (``import_record``): seconds in all, and fixes stored;
- comparing the week (``week_coverage``): seconds, and the stops visited, late and missed (about
  three in four visited: the check that the comparison finds what the tracks did);
- the totals of the month (``coverage_by_period``): seconds.
"""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

from patrol_map.demo import SAMPLE_WEEK, build_demo
from patrol_map.plan.store import load_plan
from patrol_map.recording import coverage_by_period, import_record, week_coverage
from patrol_map.sample.tracks import follow, noisy, write_gpx


def main() -> None:
    """Build, import, compare and print the figures."""
    with tempfile.TemporaryDirectory() as folder:
        ws, _ = build_demo(Path(folder) / "ws.gpkg")
        patrols = load_plan(ws, SAMPLE_WEEK).patrols
        rng = np.random.default_rng(0)
        files = []
        for _, patrol in patrols.iterrows():
            skipped = tuple(k for k in range(len(patrol["stops"])) if k % 4 == 3)
            fixes = noisy(follow(patrol, skip=skipped), rng)
            files.append(
                (patrol["patrol_id"], write_gpx(Path(folder) / f"{patrol['patrol_id']}.gpx", [fixes], ws.crs))
            )
        started = time.perf_counter()
        for patrol_id, path in files:
            import_record(ws, "tracks", path, patrol=patrol_id)
        imported = time.perf_counter() - started
        fixes = len(ws.read("tracks"))
        print(
            f"import: {len(files)} tracks, {fixes} fixes in {imported:.1f} s "
            f"({imported / len(files):.2f} s a file)"
        )
        started = time.perf_counter()
        week = week_coverage(ws, SAMPLE_WEEK)
        compared = time.perf_counter() - started
        totals = week.totals
        print(
            f"week_coverage: {compared:.2f} s; stops visited {totals['stops_visited']}, late "
            f"{totals['stops_late']}, missed {totals['stops_missed']} of {totals['stops_planned']}"
        )
        started = time.perf_counter()
        months = coverage_by_period(ws, date(2026, 11, 1), date(2026, 11, 30), by="month")
        print(
            f"coverage_by_period (month): {time.perf_counter() - started:.2f} s; "
            f"rounds {months['rounds'].sum()}"
        )


if __name__ == "__main__":
    main()
