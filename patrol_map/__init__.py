"""patrol-map: plan joint militia–police patrols and review incident hotspots for a commune.

The public API, for use from Python as the command line and the app use it::

    from patrol_map import Workspace, import_file, plan_week, save_plan, export_plan

    ws = Workspace("nam_trach.gpkg")
    import_file(ws, "incidents", "thang11.csv")
    plan = plan_week(ws, "2026-W48", seed=0)
    save_plan(ws, plan)
    export_plan(plan, "patrols.geojson", "geojson")
"""

__version__ = "0.1.0"

from patrol_map.errors import InputFileError, PatrolMapError, PlanningError, WorkspaceError
from patrol_map.importing import create_workspace, import_file
from patrol_map.plan.schedule import WeeklyPlan, load_plan, plan_week, save_plan
from patrol_map.report.exports import export_plan
from patrol_map.risk.counts import village_counts
from patrol_map.risk.kde import kde_grid
from patrol_map.risk.select import select_incidents
from patrol_map.workspace import Workspace

__all__ = [
    "InputFileError",
    "PatrolMapError",
    "PlanningError",
    "WeeklyPlan",
    "Workspace",
    "WorkspaceError",
    "create_workspace",
    "export_plan",
    "import_file",
    "kde_grid",
    "load_plan",
    "plan_week",
    "save_plan",
    "select_incidents",
    "village_counts",
]
