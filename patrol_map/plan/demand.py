"""Risk by place and shift: where patrols should stop, and how much each stop is worth.

Candidate stops are the commander's places (markets, schools, village centres...) and the
peaks of the incident density, each snapped to the nearest road node. A stop's risk for a
shift sums the incidents around it (Gaussian in distance), weighted by whether they happened
at the shift's hours and by how recent they are, plus a small amount for the place's priority
so that an important place with no incident yet still gets an occasional visit. An incident
known only by its village (no coordinates) is shared equally among the stops in that village.

A place may count only at some hours and on some days (a school gate 06:30–07:15 on school
days): :func:`visit_windows` turns those into the windows in which a visit must begin, per shift;
a place with two windows in one shift may be visited in either.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd

from patrol_map.geo.geocode import village_of
from patrol_map.io.places import BASE_KINDS
from patrol_map.io.timetable import day_numbers, hours_windows
from patrol_map.model import Shift
from patrol_map.network.snap import nearest_nodes
from patrol_map.risk.kde import DEFAULT_CELL_M, kde_grid
from patrol_map.risk.peaks import density_peaks, expected_count_density

#: Incidents are weighed over this many days before the planned week.
LOOKBACK_DAYS = 365
#: Half-life of an incident's weight, days.
HALF_LIFE_DAYS = 120.0
#: Spatial reach of an incident, metres (standard deviation of the Gaussian weight).
REACH_M = 300.0
#: Weight of an incident whose time is unknown, and of one at another time of day.
UNKNOWN_TIME_WEIGHT = 0.35
OTHER_TIME_WEIGHT = 0.1
#: Risk given per priority level (1–3), in incident-equivalents.
PRIORITY_RISK = 0.25
#: Number of density peaks added as candidate stops, and their minimum spacing in metres.
HOTSPOT_COUNT = 12
HOTSPOT_SPACING_M = 600.0


def recent_incidents(
    incidents: gpd.GeoDataFrame, before: date, days: int = LOOKBACK_DAYS
) -> gpd.GeoDataFrame:
    """Return the incidents of the ``days`` days before ``before`` (excluded)."""
    first = (before - timedelta(days=days)).isoformat()
    return incidents[(incidents["date"] >= first) & (incidents["date"] < before.isoformat())]


def candidate_stops(
    places: gpd.GeoDataFrame,
    incidents: gpd.GeoDataFrame,
    commune: gpd.GeoDataFrame,
    villages: gpd.GeoDataFrame,
    graph: nx.Graph,
    hotspots: int = HOTSPOT_COUNT,
) -> gpd.GeoDataFrame:
    """Return the places a patrol may stop at, each snapped to the road graph.

    Parameters
    ----------
    places
        The workspace's places; the bases (police post, military command) are left out.
    incidents
        The incidents that define density peaks (already limited to the look-back period).
    commune
        The commune boundary.
    villages
        The villages, to name each hotspot after the village it lies in.
    graph
        The road graph.
    hotspots
        At most how many density peaks (each holding at least one incident's worth of density,
        :data:`HOTSPOT_SPACING_M` apart) to add as ``hotspot`` stops.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``place_id``, ``name``, ``kind``, ``priority``, ``hours``, ``days``, ``node``
        (road node), ``snap_m`` (distance to it) and ``village`` (name, empty outside any),
        points in the workspace CRS.

    """
    columns = ["place_id", "name", "kind", "priority", "hours", "days", "geometry"]
    stops = places[~places["kind"].isin(BASE_KINDS)].reindex(columns=columns)
    stops = stops.fillna({"hours": "", "days": "all"})
    peaks = _hotspot_stops(incidents, commune, villages, hotspots).assign(hours="", days="all")
    stops = gpd.GeoDataFrame(pd.concat([stops, peaks], ignore_index=True), crs=places.crs)
    node, distance = nearest_nodes(graph, stops.geometry.x.to_numpy(), stops.geometry.y.to_numpy())
    return stops.assign(node=node, snap_m=distance, village=village_of(stops.geometry, villages))


def _hotspot_stops(
    incidents: gpd.GeoDataFrame, commune: gpd.GeoDataFrame, villages: gpd.GeoDataFrame, count: int
) -> gpd.GeoDataFrame:
    """Turn the ``count`` highest density peaks into stops named after the village holding them."""
    grid = kde_grid(incidents, commune, bandwidth_m=REACH_M)
    peaks = density_peaks(grid, DEFAULT_CELL_M, HOTSPOT_SPACING_M, expected_count_density(REACH_M)).head(
        count
    )
    points = gpd.GeoSeries(gpd.points_from_xy(peaks["x"], peaks["y"]), crs=commune.crs)
    village = village_of(points, villages)
    return gpd.GeoDataFrame(
        {
            "place_id": [f"H{i + 1:02d}" for i in range(len(peaks))],
            "name": [f"Điểm nóng {i + 1}" + (f" ({v})" if v else "") for i, v in enumerate(village)],
            "kind": "hotspot",
            "priority": 0,
        },
        geometry=points.to_numpy(),
        crs=commune.crs,
    )


def shift_risk(stops: gpd.GeoDataFrame, incidents: gpd.GeoDataFrame, shift: Shift) -> np.ndarray:
    """Return each stop's risk for one shift, in incident-equivalents.

    Parameters
    ----------
    stops
        Candidate stops (points with a ``priority``).
    incidents
        Past incidents (points with ``date`` and ``time`` text).
    shift
        The shift; an incident counts fully when its time of day falls within the shift's hours.

    Returns
    -------
    numpy.ndarray
        One value per stop, ≥ 0.

    """
    base = PRIORITY_RISK * stops["priority"].to_numpy(dtype=float)
    if incidents.empty:
        return base
    weight = _time_weight(incidents["time"], shift) * _recency_weight(incidents["date"], shift.start)
    dx = stops.geometry.x.to_numpy()[:, None] - incidents.geometry.x.to_numpy()[None, :]
    dy = stops.geometry.y.to_numpy()[:, None] - incidents.geometry.y.to_numpy()[None, :]
    nearness = np.exp(-(dx**2 + dy**2) / (2 * REACH_M**2))
    if {"location", "village"} <= set(incidents.columns) and "village" in stops.columns:
        by_village = _village_shares(stops["village"].to_numpy(), incidents["village"].to_numpy())
        spread = (incidents["location"] == "village").to_numpy() & by_village.any(axis=0)
        nearness[:, spread] = by_village[:, spread]
    return base + nearness @ weight


def _village_shares(stop_villages: np.ndarray, incident_villages: np.ndarray) -> np.ndarray:
    """Return each stop's share of each incident's village: 1/k for the k stops of that village."""
    same = (stop_villages[:, None] == incident_villages[None, :]) & (stop_villages[:, None] != "")
    counts = same.sum(axis=0)
    return np.divide(same, counts, out=np.zeros(same.shape), where=counts > 0)


def visit_windows(stops: pd.DataFrame, shift: Shift, stop_s: float) -> pd.DataFrame:
    """Return when, within ``shift``, a visit to each stop may begin.

    Parameters
    ----------
    stops
        Candidate stops; optional columns ``hours`` (``06:30-07:15;16:30-17:15``, empty for any
        time) and ``days`` (weekday codes or ``all``), as :func:`patrol_map.io.places.read_places`
        gives them.
    shift
        The shift.
    stop_s
        Length of a stop, seconds: a visit begins early enough to end inside its window.

    Returns
    -------
    pandas.DataFrame
        Column ``windows``: for each stop, the ``(open_s, close_s)`` pairs (seconds from the
        shift's start) in which a visit may begin, earliest first and not overlapping; empty
        when any time of the shift will do. Column ``available``: False when none of the stop's
        windows meets the shift, or the shift falls on none of its days. Aligned with ``stops``.

    """
    hours = stops["hours"] if "hours" in stops.columns else pd.Series("", index=stops.index)
    days = stops["days"] if "days" in stops.columns else pd.Series("all", index=stops.index)
    rows = [_windows(str(h or ""), str(d or "all"), shift, stop_s) for h, d in zip(hours, days, strict=True)]
    return pd.DataFrame(rows, columns=["windows", "available"], index=stops.index)


def _windows(
    hours: str, days: str, shift: Shift, stop_s: float
) -> tuple[tuple[tuple[float, float], ...], bool]:
    """Return the windows of a place that meet the shift, relative to its start, and whether any does.

    Windows that overlap or touch (Monday's whole day and Tuesday's) are one window.
    """
    allowed = day_numbers(days)
    if not hours and len(allowed) == 7:
        return (), True
    spans = hours_windows(hours) or [(time(0, 0), time(0, 0))]  # no hours: the whole day
    found = []
    for offset in (-1, 0, 1):  # a window may start the day before (past midnight) or the day after
        day = shift.start.date() + timedelta(days=offset)
        if day.weekday() in allowed:
            for first, last in spans:
                end = datetime.combine(day, last) + timedelta(days=1 if last <= first else 0)
                found.append((datetime.combine(day, first), end))
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    windows = []
    for start, end in merged:
        begin, finish = max(start, shift.start), min(end - timedelta(seconds=stop_s), shift.end)
        if begin <= finish:
            windows.append(((begin - shift.start).total_seconds(), (finish - shift.start).total_seconds()))
    return tuple(windows), bool(windows)


def _time_weight(times: pd.Series, shift: Shift) -> np.ndarray:
    minutes_start = shift.start.hour * 60 + shift.start.minute
    length = shift.seconds / 60
    weight = np.full(len(times), UNKNOWN_TIME_WEIGHT)
    known = times.fillna("").str.len() > 0
    clock = pd.to_datetime(times[known], format="%H:%M")
    minutes = (clock.dt.hour * 60 + clock.dt.minute).to_numpy()
    inside = (minutes - minutes_start) % (24 * 60) < length
    weight[known.to_numpy()] = np.where(inside, 1.0, OTHER_TIME_WEIGHT)
    return weight


def _recency_weight(dates: pd.Series, when: datetime) -> np.ndarray:
    age_days = (pd.Timestamp(when) - pd.to_datetime(dates)).dt.days.to_numpy(dtype=float)
    return 0.5 ** (np.clip(age_days, 0, None) / HALF_LIFE_DAYS)
