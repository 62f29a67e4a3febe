"""Plans as the first versions stored them, written straight into a workspace's ``plans`` layer."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyogrio

from patrol_map.plan.store import WeeklyPlan

#: Columns the first versions did not store.
LATER_COLUMNS = (
    "stop_times",
    "stop_xy",
    "stop_risks",
    "carried",
    "depart_time",
    "unreachable",
    "edits",
    "settings",
)


def store_older(path: Path, plan: WeeklyPlan, week: str) -> None:
    """Add ``plan`` to the workspace at ``path`` as week ``week``, in the layout of the first versions.

    Lists as JSON text and none of :data:`LATER_COLUMNS`; beside a newer week in the same layer its
    cells there are null, as a workspace of those days holds them.
    """
    rows = plan.patrols.drop(columns=[c for c in LATER_COLUMNS if c in plan.patrols]).assign(week=week)
    for column in ("members", "names", "forces", "stops", "stop_names"):
        rows[column] = [json.dumps(list(v), ensure_ascii=False) for v in rows[column]]
    layer = pyogrio.read_dataframe(path, layer="plans")
    both = pd.concat([layer[layer["week"] != week], rows.to_crs(layer.crs)], ignore_index=True)
    pyogrio.write_dataframe(both, path, layer="plans", driver="GPKG")
