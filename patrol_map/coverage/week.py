"""A week's planned patrols against the records stored for them, and what is carried into the next week."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

import geopandas as gpd
import pandas as pd

from patrol_map.coverage.compare import MISSED, PatrolResult, compare_patrols
from patrol_map.coverage.store import stored_checkins, stored_tracks
from patrol_map.coverage.tracks import usable_fixes
from patrol_map.workspace import Workspace


class Records(NamedTuple):
    """The records stored for some patrols: usable GPS fixes (no jumps) and check-ins."""

    fixes: gpd.GeoDataFrame
    checkins: pd.DataFrame


def records_of(ws: Workspace, patrols: pd.DataFrame) -> Records:
    """Read the usable fixes and the check-ins stored for the given patrols (once, for every use)."""
    fixes = usable_fixes(stored_tracks(ws))
    checkins = stored_checkins(ws)
    return Records(
        fixes[fixes["patrol_id"].isin(patrols["patrol_id"])],
        checkins[checkins["patrol_id"].isin(patrols["patrol_id"])],
    )


def compare_week(ws: Workspace, patrols: pd.DataFrame, records: Records | None = None) -> list[PatrolResult]:
    """Compare planned patrols (plan rows, of one week or several) with the records stored for them.

    Each week is compared with its own stops: hotspot stops are numbered afresh every week.
    ``records`` are read (:func:`records_of`) when not given.
    """
    fixes, checkins = records if records is not None else records_of(ws, patrols)
    found: dict[str, PatrolResult] = {}
    for _, week in patrols.groupby("week", sort=False):
        compared = compare_patrols(week, fixes, checkins, watched_places(ws, week))
        found.update(zip(week["patrol_id"], compared, strict=True))
    return [found[pid] for pid in patrols["patrol_id"]]


def watched_places(ws: Workspace, patrols: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """Return where each place a track may cover lies: one week's stops (on the road), then the places."""
    where: dict[str, tuple[float, float]] = {}
    for stops, xy in zip(patrols["stops"], patrols["stop_xy"], strict=True):
        where.update({stop: (float(p[0]), float(p[1])) for stop, p in zip(stops, xy, strict=True)})
    if ws.has("places"):
        places = ws.read("places").to_crs(ws.crs)
        for pid, point in zip(places["place_id"], places.geometry, strict=True):
            where.setdefault(pid, (point.x, point.y))
    return where


class MissedPlace(NamedTuple):
    """A place a week planned and missed: where (its road point), and the share of its visits missed."""

    xy: tuple[float, float]
    share: float


def missed_places(ws: Workspace, patrols: pd.DataFrame) -> list[MissedPlace]:
    """Return the places a week missed, when the week has any record at all.

    A place planned four times and missed once was missed a quarter of the time; a pass of a track
    off its plan counts as one visit more. A week without a single track or check-in gives nothing:
    the commune does not record (yet), and every stop carried would only make next week repeat this one.
    """
    results = compare_week(ws, patrols)
    if not any(result.went_out for result in results):
        return []
    planned: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    where: dict[str, tuple[float, float]] = {}
    for stop in (stop for result in results for stop in result.stops):
        planned[stop.place_id] += 1
        missed[stop.place_id] += stop.state == MISSED
        where[stop.place_id] = stop.xy
    missed.subtract(Counter(place for result in results for place in result.off_plan))
    return [MissedPlace(where[p], missed[p] / planned[p]) for p in planned if missed[p] > 0]


def reached_points(
    ws: Workspace, patrols: pd.DataFrame, records: Records
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Return where the patrols were: their usable GPS fixes, and the places they signed at (points)."""
    fixes, checkins = records.fixes[["patrol_id", "geometry"]], records.checkins
    where = watched_places(ws, patrols)
    known = checkins[checkins["place_id"].isin(where)]
    signed = gpd.GeoDataFrame(
        {"patrol_id": known["patrol_id"].to_numpy()},
        geometry=gpd.points_from_xy(
            [where[p][0] for p in known["place_id"]], [where[p][1] for p in known["place_id"]]
        ),
        crs=ws.crs,
    )
    return gpd.GeoDataFrame(fixes, geometry="geometry", crs=ws.crs), signed


def stop_points(results: list[PatrolResult], crs: str) -> gpd.GeoDataFrame:
    """Return every planned stop as a point with ``name``, ``state``, ``planned`` (HH:MM) and ``team``."""
    rows = [
        (stop.name, stop.state, stop.planned[11:16], result.patrol_id, stop.xy)
        for result in results
        for stop in result.stops
    ]
    return gpd.GeoDataFrame(
        {
            "name": [r[0] for r in rows],
            "state": [r[1] for r in rows],
            "planned": [r[2] for r in rows],
            "team": [r[3] for r in rows],
        },
        geometry=gpd.points_from_xy([r[4][0] for r in rows], [r[4][1] for r in rows]),
        crs=crs,
    )
