"""A province's communes side by side: incidents, hotspots, plans and what the patrols did, by commune.

The figures of the province page and of its tables, one row per commune of the 2025 list, on its
real boundary, its incidents by category, and its hot cells. Each is read from the commune's
workspace on the server as it stands; nothing heavy is computed here (the hotspots are those a
province run stored: ``patrol-map batch forecast``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import geopandas as gpd
import pandas as pd

from patrol_map.errors import WorkspaceError
from patrol_map.geo.admin import province_communes, province_of
from patrol_map.geo.crs import WGS84
from patrol_map.model import INCIDENT_CATEGORIES
from patrol_map.plan.store import NoPlanError
from patrol_map.recording import week_coverage
from patrol_map.results import stored_hot_cells
from patrol_map.workspace import Workspace
from patrol_map.workspace.postgis import ServerAddress, server_communes

#: The columns of :attr:`ProvinceView.communes`, after ``ma_xa``, ``ten_xa``, ``loai``.
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


@dataclass(frozen=True)
class ProvinceView:
    """What the province page shows, read in one pass over the communes on the server.

    Attributes
    ----------
    communes
        One row per 2025 commune of the province: ``ma_xa``, ``ten_xa``, ``loai``, then
        :data:`FIGURES` (``on_server`` False and the rest missing for a commune the server does not
        hold; ``hot_cells`` missing where no forecast run stored them; ``visited_share`` missing
        where nothing was recorded), on the boundaries in EPSG:4326.
    categories
        One row per commune on the server: ``ma_xa``, ``ten_xa``, the incidents of the year by
        category (keys of :data:`patrol_map.model.INCIDENT_CATEGORIES`, in that order), ``total``.
    hot_cells
        Every commune's cells that its latest stored Gi* finds hot at 95 % or more (``ma_xa``,
        ``hotspot``, ``count``, ``z``, ``q``), in EPSG:4326.

    """

    communes: gpd.GeoDataFrame
    categories: pd.DataFrame
    hot_cells: gpd.GeoDataFrame


def province_view(server: ServerAddress, province: str, week: str, today: date) -> ProvinceView:
    """Return the communes of ``province`` side by side, as each one's workspace on the server holds them.

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
    ProvinceView
        The communes' figures, their incidents by category and their hot cells.

    """
    communes = province_communes(province)
    stored = set(province_codes(server, province))
    area = communes.to_crs(communes.estimate_utm_crs()).area / 1e6
    rows: list[dict[str, object]] = []
    by_category: list[dict[str, object]] = []
    hot: list[gpd.GeoDataFrame] = []
    for code, name in zip(communes["ma_xa"], communes["ten_xa"], strict=True):
        if code not in stored:
            rows.append({"on_server": False})
            continue
        ws = Workspace(server.of(code).where)
        figures, categories, cells = _commune(ws, week, today)
        rows.append(figures)
        by_category.append({"ma_xa": code, "ten_xa": name, **categories})
        if cells is not None and not cells.empty:
            hot.append(cells.to_crs(WGS84).assign(ma_xa=code))
    table = pd.DataFrame(rows, columns=list(FIGURES))
    table["area_km2"] = area.round(2).to_numpy()
    table["incidents_per_km2"] = (table["incidents_year"] / table["area_km2"]).round(2)
    summary = gpd.GeoDataFrame(
        pd.concat([communes[["ma_xa", "ten_xa", "loai"]], table], axis=1),
        geometry=communes.geometry.to_numpy(),
        crs=communes.crs,
    )
    columns = ["ma_xa", "ten_xa", *INCIDENT_CATEGORIES, "total"]
    hot_columns = ["ma_xa", "hotspot", "count", "z", "q", "geometry"]
    hot_cells = (
        gpd.GeoDataFrame(pd.concat(hot, ignore_index=True), crs=WGS84)[hot_columns]
        if hot
        else gpd.GeoDataFrame({c: [] for c in hot_columns[:-1]}, geometry=[], crs=WGS84)
    )
    return ProvinceView(summary, pd.DataFrame(by_category, columns=columns), hot_cells)


def _commune(
    ws: Workspace, week: str, today: date
) -> tuple[dict[str, object], dict[str, int], gpd.GeoDataFrame | None]:
    """Return a commune's figures, its incidents of the year by category, and its stored hot cells."""
    figures: dict[str, object] = {"on_server": True}
    figures["villages"] = len(ws.read("villages", columns=["village_id"])) if ws.has("villages") else 0
    incidents = (
        ws.read("incidents", columns=["date", "category"])
        if ws.has("incidents")
        else pd.DataFrame({"date": [], "category": []})
    )
    days = pd.to_datetime(incidents["date"], errors="coerce").dt.date
    of_year = incidents[((days > today - timedelta(days=365)) & (days <= today)).to_numpy()]
    counts = of_year["category"].value_counts()
    categories = {key: int(counts.get(key, 0)) for key in INCIDENT_CATEGORIES}
    categories["total"] = len(of_year)
    figures["incidents_year"] = len(of_year)
    cells = stored_hot_cells(ws)
    figures["hot_cells"] = None if cells is None else len(cells)
    try:
        done = week_coverage(ws, week).totals
    except NoPlanError:
        figures.update(patrols=0, stops_planned=0, stops_visited=0)
        return figures, categories, cells
    figures.update(
        patrols=done["patrols"], stops_planned=done["stops_planned"], stops_visited=done["stops_visited"]
    )
    recorded = ws.has("tracks") or ws.has("checkins")
    if recorded and done["stops_planned"]:
        figures["visited_share"] = round(done["stops_visited"] / done["stops_planned"], 3)
    return figures, categories, cells
