"""``patrol-map sync`` of a commune with 10,000 incidents to a real PostGIS server.

The commune is the sample (real Nam Trạch boundary, synthetic data) with its incidents repeated,
each with an id of its own, to 10,000. Times the first sync (the commune made on the server, every
layer pushed) and a second one with nothing new.

The server is ``$PATROL_MAP_BENCH_DB``, else a throwaway one (``scripts/postgis-server``).

Run: ``.venv/bin/python bench/sync.py`` (or ``make bench``). Targets: under 10 s, and under 1 s.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
from server import server  # bench/server.py

from patrol_map.demo import build_demo
from patrol_map.province.sync import sync
from patrol_map.workspace import Workspace

INCIDENTS = 10_000


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, server() as address:
        path = Path(folder) / "ws.gpkg"
        ws, _ = build_demo(path)
        incidents = ws.read("incidents")
        copies = -(-INCIDENTS // len(incidents))
        many = gpd.GeoDataFrame(
            pd.concat([incidents] * copies, ignore_index=True).iloc[:INCIDENTS], crs=ws.crs
        )
        many["incident_id"] = [f"B{k:05d}" for k in range(len(many))]
        ws.write({"incidents": many})
        target = f"{address}?commune=bench_sync"
        started = time.perf_counter()
        first = sync(Workspace(path), target)
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        second = sync(Workspace(path), target)
        second_s = time.perf_counter() - started
        print(
            f"first sync, {len(many)} incidents ({len(first.pushed)} layers pushed) {first_s:6.2f} s (< 10)"
        )
        print(f"second sync, nothing new ({len(second.same)} layers level)      {second_s:6.2f} s (< 1)")


if __name__ == "__main__":
    main()
