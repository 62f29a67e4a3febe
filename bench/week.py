"""Time and memory of planning a whole week for a large commune: 300 places, 10 teams, 21 shifts.

The commune is the sample (real Nam Trạch boundary, synthetic roads), with 300 patrol places
(the sample's and more at seeded random road points, a tenth of them with school-gate hours) and
60 police officers and 120 militia members. The plan runs in a fresh process so that its peak
memory is its own.

Run: ``.venv/bin/python bench/week.py`` (or ``make bench``). Target: under 60 s and 2 GiB.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from patrol_map.demo import SAMPLE_WEEK, build_demo
from patrol_map.network.graph import build_graph
from patrol_map.workspace import Workspace

PLACES = 300
TEAMS_PER_SHIFT = 10
POLICE, MILITIA = 60, 120
SEED = 2026


def prepare(path: Path) -> None:
    """Build the large commune's workspace at ``path``."""
    ws, _ = build_demo(path)
    rng = np.random.default_rng(SEED)
    places = ws.read("places")
    graph = build_graph(ws.read("roads"))
    nodes = rng.choice(np.array(list(graph.nodes)), PLACES - len(places), replace=False)
    extra = gpd.GeoDataFrame(
        {
            "place_id": [f"X{i:03d}" for i in range(len(nodes))],
            "name": [f"Điểm {i + 1}" for i in range(len(nodes))],
            "kind": "other",
            "priority": rng.integers(1, 4, len(nodes)),
            "hours": np.where(rng.random(len(nodes)) < 0.1, "06:30-07:15;16:30-17:15", ""),
            "days": "all",
            "is_synthetic": True,
        },
        geometry=gpd.points_from_xy(
            [graph.nodes[n]["x"] for n in nodes], [graph.nodes[n]["y"] for n in nodes]
        ),
        crs=ws.crs,
    )
    days = ("all", "mon,tue,wed,thu,fri", "mon,wed,fri,sat,sun", "tue,thu,sat,sun")
    people = pd.DataFrame(
        {
            "person_id": [f"CA{i:03d}" for i in range(POLICE)] + [f"DQ{i:03d}" for i in range(MILITIA)],
            "name": [f"Công an {i + 1}" for i in range(POLICE)]
            + [f"Dân quân {i + 1}" for i in range(MILITIA)],
            "force": ["police"] * POLICE + ["militia"] * MILITIA,
            "rank": "",
            "phone": "",
            "availability": rng.choice(days, POLICE + MILITIA),
            "is_synthetic": True,
        }
    )
    ws.write({"places": pd.concat([places, extra], ignore_index=True), "people": people})


def plan(path: Path) -> None:
    """Plan the week in this process and print time, memory and what the plan covers."""
    from patrol_map.plan.schedule import plan_week

    start = time.perf_counter()
    week = plan_week(Workspace(path), SAMPLE_WEEK, seed=1, teams_per_shift=TEAMS_PER_SHIFT)
    seconds = time.perf_counter() - start
    patrols = week.patrols
    stops = sum(len(json.loads(s)) for s in patrols["stops"])
    print(f"{'plan one week (300 places, 10 teams x 21 shifts)':<52} {seconds:8.1f} s")
    km = patrols["length_m"].sum() / 1e3
    print(f"{'  patrols / stops visited / km':<52} {len(patrols)} / {stops} / {km:.0f}")
    print(f"{'  risk covered':<52} {week.risk_covered:8.1%}")
    print(f"{'peak memory of the planning process (max RSS)':<52} {_max_rss_mb():8.0f} MB")


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "large.gpkg"
        prepare(path)
        subprocess.run([sys.executable, __file__, "plan", str(path)], check=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "plan":
        plan(Path(sys.argv[2]))
    else:
        main()
