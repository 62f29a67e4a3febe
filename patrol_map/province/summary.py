"""A province's communes side by side: incidents, hotspots, plans and what the patrols did, by commune.

The figures of the province page and of its table, one row per commune of the 2025 list, on its real
boundary. Each is read from the commune's workspace on the server as it stands; nothing heavy is
computed here (the hotspots are those a province run stored: ``patrol-map batch forecast``).
"""

from __future__ import annotations

from datetime import date, timedelta

import geopandas as gpd
import pandas as pd

from patrol_map.errors import WorkspaceError
from patrol_map.geo.admin import province_communes, province_of
from patrol_map.plan.store import NoPlanError
from patrol_map.recording import week_coverage
from patrol_map.results import stored_hot_cells
from patrol_map.workspace import Workspace
from patrol_map.workspace.postgis import ServerAddress, server_communes

#: The columns of :func:`province_summary`, after ``ma_xa``, ``ten_xa``, ``loai``.
FIGURES = (
    "on_server",
    "villages",
    "area_km2",
    "incidents_year",
    "incidents_per_km2",
    "hot_cells",
    "patrols",
    "stops_planned",
    "stops_visited",
    "visited_share",
)


def province_codes(server: ServerAddress, province: str) -> list[str]:
    """Return the codes of the province's communes stored on the server (the 2025 list says whose)."""
    codes = [code for code in server_communes(server) if province_of(code) == province]
    if not codes:
        raise WorkspaceError(
            f"Máy chủ '{server.shown}' chưa có xã nào của tỉnh {province}; tạo bằng: "
            "patrol-map province demo.",
            f"The server '{server.shown}' holds no commune of province {province}; make them with: "
            "patrol-map province demo.",
        )
    return codes


def province_summary(server: ServerAddress, province: str, week: str, today: date) -> gpd.GeoDataFrame:
    """Return one row per 2025 commune of ``province``: its boundary and its figures.

    Parameters
    ----------
    server
        The province server (no ``?commune=``).
    province
        The province's code (``44``).
    week
        The ISO week whose plan and coverage are counted.
    today
        The incidents of the year to ``today`` are counted (none after it).

    Returns
    -------
    geopandas.GeoDataFrame
        ``ma_xa``, ``ten_xa``, ``loai``, then :data:`FIGURES` (``on_server`` False and the rest
        missing for a commune the server does not hold; ``hot_cells`` missing where no forecast run
        stored them; ``visited_share`` missing where nothing was recorded), on the boundaries in
        EPSG:4326.

    """
    communes = province_communes(province)
    stored = set(province_codes(server, province))
    area = communes.to_crs(communes.estimate_utm_crs()).area / 1e6
    rows = [
        _figures(Workspace(server.of(code).where), week, today) if code in stored else {"on_server": False}
        for code in communes["ma_xa"]
    ]
    table = pd.DataFrame(rows, columns=list(FIGURES))
    table["area_km2"] = area.round(2).to_numpy()
    table["incidents_per_km2"] = (table["incidents_year"] / table["area_km2"]).round(2)
    return gpd.GeoDataFrame(
        pd.concat([communes[["ma_xa", "ten_xa", "loai"]], table], axis=1),
        geometry=communes.geometry.to_numpy(),
        crs=communes.crs,
    )


def _figures(ws: Workspace, week: str, today: date) -> dict[str, object]:
    figures: dict[str, object] = {"on_server": True}
    figures["villages"] = len(ws.read("villages", columns=["village_id"])) if ws.has("villages") else 0
    if ws.has("incidents"):
        days = pd.to_datetime(ws.read("incidents", columns=["date"])["date"], errors="coerce").dt.date
        figures["incidents_year"] = int(((days > today - timedelta(days=365)) & (days <= today)).sum())
    else:
        figures["incidents_year"] = 0
    figures["hot_cells"] = stored_hot_cells(ws)
    try:
        done = week_coverage(ws, week).totals
    except NoPlanError:
        figures.update(patrols=0, stops_planned=0, stops_visited=0)
        return figures
    figures.update(
        patrols=done["patrols"], stops_planned=done["stops_planned"], stops_visited=done["stops_visited"]
    )
    recorded = ws.has("tracks") or ws.has("checkins")
    if recorded and done["stops_planned"]:
        figures["visited_share"] = round(done["stops_visited"] / done["stops_planned"], 3)
    return figures
