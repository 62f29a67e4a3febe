"""The bundled sample commune (Nam Trạch, Quảng Trị): building its workspace from the package's ``geodata/``.

The sample data ship inside the package (``patrol_map/geodata``, also reached as ``geodata/`` at the
top of a source checkout) and are found with :mod:`importlib.resources`, so an installed wheel
builds the sample as a checkout does. Workspaces go to the user's data folder (``platformdirs``:
``~/.local/share/patrol-map/workspaces`` on Linux) unless a path is given.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from platformdirs import user_data_path

from patrol_map.errors import WorkspaceError
from patrol_map.geo.bundled import geodata_dir
from patrol_map.importing import create_workspace, import_file
from patrol_map.io.vector import Notice
from patrol_map.plan.schedule import plan_week
from patrol_map.plan.store import load_plan, save_plan
from patrol_map.recording import import_record
from patrol_map.results import refresh
from patrol_map.sample.records import write_week_records
from patrol_map.workspace import Workspace, workspace_name

#: Files of the sample commune in ``geodata/``, in import order.
SAMPLE_FILES = {
    "villages": "nam_trach_villages.geojson",
    "roads": "nam_trach_roads.geojson",
    "places": "nam_trach_places.geojson",
    "incidents": "nam_trach_incidents.csv",
    "people": "nam_trach_people.csv",
}
SAMPLE_BOUNDARY = "nam_trach_boundary.geojson"
#: The week the sample's incidents lead up to; the demo plans it.
SAMPLE_WEEK = "2026-W48"
#: The week before it: planned, and patrolled as synthetic tracks and check-in sheets tell, so the
#: coverage page has a week to show and the demo's plan carries the stops it missed.
RECORDED_WEEK = "2026-W47"


#: Where workspaces go when no path is given: the user's data folder.
WORKSPACES_DIR = user_data_path("patrol-map", appauthor=False) / "workspaces"
#: Where the app keeps the sample workspace when no other is chosen.
SAMPLE_WORKSPACE = WORKSPACES_DIR / "nam_trach.gpkg"


def chosen_workspace() -> str | Path | None:
    """Return the workspace named by ``$PATROL_MAP_WORKSPACE`` (a file or a server address), or ``None``."""
    value = os.environ.get("PATROL_MAP_WORKSPACE", "").strip()
    return workspace_name(value) if value else None


def build_demo(
    path: str | Path, overwrite: bool = False, week: str = SAMPLE_WEEK
) -> tuple[Workspace, list[Notice]]:
    """Build the sample workspace through the same imports a user runs, and plan one week.

    The week before is planned too, and its synthetic records (:mod:`patrol_map.sample.records`)
    are imported as a user imports a phone's GPX file and a check-in sheet.

    Parameters
    ----------
    path
        The workspace file to create.
    overwrite
        Replace an existing file.
    week
        The ISO week to plan.

    Returns
    -------
    (Workspace, list of Notice)
        The workspace and what each import reported.

    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise WorkspaceError(
            f"Tệp '{path}' đã tồn tại; không ghi đè (dùng --force để tạo lại).",
            f"The file '{path}' already exists; it was not overwritten (use --force to build it again).",
        )
    folder = geodata_dir()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Built beside its final place and moved there whole: a failed build leaves no half-built sample.
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=f".{path.name}.tmp-") as scratch:
        draft = Path(scratch) / path.name
        ws, notices = create_workspace(draft, folder / SAMPLE_BOUNDARY)
        for kind, name in SAMPLE_FILES.items():
            notices += import_file(ws, kind, folder / name, strict=True).notices
        save_plan(ws, plan_week(ws, RECORDED_WEEK, seed=0))
        records = write_week_records(load_plan(ws, RECORDED_WEEK).patrols, ws.crs, Path(scratch))
        for kind, record in records.items():
            notices += import_record(ws, kind, record, strict=True).notices
        save_plan(ws, plan_week(ws, week, seed=0))
        refresh(ws)  # the hotspot page's results, stored: its first visit only reads them
        os.replace(draft, path)
    return Workspace(path), notices
