"""The unpredictability knob on the sample commune: risk covered against predictability.

For each setting of the knob, four weeks are planned one after another (each scored against the
weeks before it) and the last week's figures are printed, with how often each place was visited
over the four weeks compared with its risk.

    .venv/bin/python bench/knob.py
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from patrol_map.demo import build_demo
from patrol_map.plan.schedule import plan_week
from patrol_map.plan.spread import visits
from patrol_map.plan.store import save_plan
from patrol_map.workspace import Workspace

WEEKS = ("2026-W45", "2026-W46", "2026-W47", "2026-W48")
KNOB = (0.0, 0.5, 1.0)


def main() -> None:
    """Print, per knob setting, the last week's risk covered and predictability."""
    with tempfile.TemporaryDirectory() as folder:
        sample = Path(folder) / "sample.gpkg"
        build_demo(sample)
        header = (
            ("knob", 5),
            ("risk covered", 13),
            ("predictability", 15),
            ("same stops", 11),
            ("same roads", 11),
            ("stops", 6),
            ("places", 7),
        )
        print(" ".join(f"{name:>{width}}" for name, width in header), f"{'s/week':>7}")
        print("(the last of four weeks; stops and places visited over the four weeks)")
        for u in KNOB:
            path = Path(folder) / f"knob-{u}.gpkg"
            shutil.copy(sample, path)
            ws = Workspace(path)  # holds the sample's plan of 2026-W48, replaced below
            started = time.perf_counter()
            for week in WEEKS:
                plan = plan_week(ws, week, seed=7, shifts=["evening", "night"], unpredictability=u)
                save_plan(ws, plan)
            seconds = (time.perf_counter() - started) / len(WEEKS)
            counts = visits(ws.read("plans"))
            places = len({place for place, _, _ in counts})
            score = plan.predictability
            print(
                f"{u:5.1f} {plan.risk_covered:13.0%} {score.score:15.0%} {score.repeated_stops:11.0%} "
                f"{score.repeated_roads:11.0%} "
                f"{int(np.sum(list(counts.values()))):6d} {places:7d} {seconds:7.1f}"
            )


if __name__ == "__main__":
    main()
