"""patrol-map: plan joint militia–police patrols and review incident hotspots for a commune.

The public API, for use from Python as the command line and the app use it::

    from patrol_map import Workspace, import_file, plan_week, save_plan, export_plan

    ws = Workspace("nam_trach.gpkg")
    import_file(ws, "incidents", "thang11.csv")
    plan = plan_week(ws, "2026-W48", seed=0)
    save_plan(ws, plan)
    export_plan(plan, "patrols.geojson", "geojson")

The names are loaded when first used, so ``import patrol_map.text`` stays light.
"""

from __future__ import annotations

import importlib

from patrol_map._version import __version__

_EXPORTS = {
    "InputFileError": "patrol_map.errors",
    "PatrolMapError": "patrol_map.errors",
    "PlanningError": "patrol_map.errors",
    "WorkspaceError": "patrol_map.errors",
    "Workspace": "patrol_map.workspace",
    "create_workspace": "patrol_map.importing",
    "import_file": "patrol_map.importing",
    "WeeklyPlan": "patrol_map.plan.store",
    "load_plan": "patrol_map.plan.store",
    "plan_week": "patrol_map.plan.schedule",
    "save_plan": "patrol_map.plan.store",
    "export_plan": "patrol_map.report.exports",
    "village_counts": "patrol_map.risk.counts",
    "kde_grid": "patrol_map.risk.kde",
    "select_incidents": "patrol_map.risk.select",
}
__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> object:
    """Load a public name from its module on first use."""
    if name not in _EXPORTS:
        msg = f"module 'patrol_map' has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(importlib.import_module(_EXPORTS[name]), name)
