"""What was done against what was planned: each stop visited, late or missed; each patrol and the week.

A planned stop is **visited** when the patrol's phone track stays within :data:`VISIT_RADIUS_M`
of the stop for at least :data:`VISIT_MINUTES` minutes (or the planned stop, when shorter), or
when the team signed the sheet there; **late** when that visit begins more than
:data:`LATE_MINUTES` after the planned time; **missed** otherwise, and every stop of a patrol with
no record at all is missed. A track passing within :data:`VISIT_RADIUS_M` of a place that was not
one of its stops covers that place off the plan (a hotspot patrolled on the way counts). A stop
signed on the sheet that the patrol's own track never came near is counted, and marked
``unconfirmed``: the signature is to be checked.

A patrol counts as a round (``đợt tuần tra``) when a record shows it went out (a track, or a
check-in), and its members as person-turns (``lượt người``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from patrol_map.coverage.tracks import SHIFT_MARGIN, epoch_seconds

#: A fix this close to a stop (metres) is at it.
VISIT_RADIUS_M = 100.0
#: Minutes at a stop that make a visit (the planned stop's own length when shorter).
VISIT_MINUTES = 5.0
#: A visit beginning more than this many minutes after the planned time is late.
LATE_MINUTES = 15.0
#: Longest time between two fixes at a stop counted as presence, seconds (a phone logging by
#: distance records little while the team stands still; beyond this the gap is not presence).
MAX_GAP_S = 30 * 60.0

VISITED, LATE, MISSED = "visited", "late", "missed"
STOP_STATES = (VISITED, LATE, MISSED)
#: The figures :func:`totals` counts, besides ``by_force``.
COUNTED = (
    "patrols", "rounds", "stops_planned", "stops_visited", "stops_late", "stops_missed", "stops_unconfirmed",
    "risk_planned", "risk_covered", "person_turns", "distance_km", "hours",
)  # fmt: skip


@dataclass(frozen=True)
class StopResult:
    """One planned stop and what became of it."""

    place_id: str
    name: str
    planned: str
    risk: float
    state: str
    xy: tuple[float, float] = (0.0, 0.0)
    began: str | None = None
    source: str | None = None
    #: Signed on the sheet, yet the patrol's own track never came near: a signature to check.
    unconfirmed: bool = False

    def to_dict(self) -> dict[str, object]:
        """Return the stop as the JSON report writes it."""
        return {
            "place_id": self.place_id,
            "name": self.name,
            "planned": self.planned,
            "risk": self.risk,
            "state": self.state,
            "xy": list(self.xy),
            "began": self.began,
            "source": self.source,
            "unconfirmed": self.unconfirmed,
        }


@dataclass(frozen=True)
class PatrolResult:
    """One planned patrol and what its records show."""

    patrol_id: str
    shift_start: str
    members: tuple[str, ...]
    forces: tuple[str, ...]
    source: str
    stops: tuple[StopResult, ...]
    distance_km: float
    hours: float
    off_plan: tuple[str, ...] = field(default_factory=tuple)

    def count(self, state: str) -> int:
        """Return how many stops are in ``state``."""
        return sum(stop.state == state for stop in self.stops)

    @property
    def went_out(self) -> bool:
        """True when a record shows the patrol went out (a round)."""
        return self.source != "none"

    @property
    def risk_planned(self) -> float:
        """The risk of its planned stops."""
        return float(sum(stop.risk for stop in self.stops))

    @property
    def risk_covered(self) -> float:
        """The risk of its stops visited, on time or late."""
        return float(sum(stop.risk for stop in self.stops if stop.state != MISSED))

    def to_dict(self) -> dict[str, object]:
        """Return the patrol as ``coverage --json`` writes it."""
        return {
            "patrol_id": self.patrol_id,
            "shift_start": self.shift_start,
            "members": list(self.members),
            "forces": list(self.forces),
            "source": self.source,
            "stops_planned": len(self.stops),
            "stops_visited": self.count(VISITED),
            "stops_late": self.count(LATE),
            "stops_missed": self.count(MISSED),
            "risk_planned": round(self.risk_planned, 3),
            "risk_covered": round(self.risk_covered, 3),
            "distance_km": round(self.distance_km, 2),
            "hours": round(self.hours, 2),
            "off_plan": list(self.off_plan),
            "stops": [stop.to_dict() for stop in self.stops],
        }


def compare_patrols(
    patrols: pd.DataFrame,
    fixes: gpd.GeoDataFrame,
    checkins: pd.DataFrame,
    places: Mapping[str, tuple[float, float]],
) -> list[PatrolResult]:
    """Compare each planned patrol with its records.

    Parameters
    ----------
    patrols
        Planned patrols (:class:`patrol_map.plan.store.WeeklyPlan` rows: ``patrol_id``,
        ``shift_start``, ``members``, ``forces``, ``stops``, ``stop_names``, ``stop_times``,
        ``stop_xy``, ``stop_risks``, ``stop_minutes``).
    fixes
        Usable GPS fixes (no jumps) in a metric CRS, with ``patrol_id`` and ``time`` (UTC).
    checkins
        Check-ins: ``patrol_id``, ``place_id``, ``time`` (ISO with offset).
    places
        Every place a track may cover off the plan: place id -> ``(x, y)`` in the fixes' CRS.

    Returns
    -------
    list of PatrolResult
        One per patrol, in the order given.

    """
    by_patrol = {pid: group for pid, group in fixes.groupby("patrol_id")} if len(fixes) else {}
    signed = {pid: group for pid, group in checkins.groupby("patrol_id")} if len(checkins) else {}
    results = []
    for _, patrol in patrols.iterrows():
        track = by_patrol.get(patrol["patrol_id"])
        sheet = signed.get(patrol["patrol_id"])
        results.append(_compare_one(patrol, track, sheet, places))
    return results


def _compare_one(
    patrol: pd.Series,
    track: gpd.GeoDataFrame | None,
    sheet: pd.DataFrame | None,
    places: Mapping[str, tuple[float, float]],
) -> PatrolResult:
    if track is not None:
        track = _in_shift(track, patrol)
    xy = np.column_stack([track.geometry.x, track.geometry.y]) if track is not None else np.empty((0, 2))
    seconds = epoch_seconds(track["time"]) if track is not None else np.empty(0)
    needed = min(VISIT_MINUTES, float(patrol["stop_minutes"])) * 60
    stops = []
    for k, place in enumerate(patrol["stops"]):
        planned = datetime.fromisoformat(patrol["stop_times"][k])
        where = np.asarray(patrol["stop_xy"][k], dtype=float)
        gps = _gps_visit(xy, seconds, where, needed)
        signed = _signed_at(sheet, place)
        began, source = _earliest(gps, signed, planned.tzinfo)
        unconfirmed = signed is not None and len(xy) > 0 and not _passes(xy, where)
        state = MISSED
        if began is not None:
            late = (began - planned).total_seconds() > LATE_MINUTES * 60
            state = LATE if late else VISITED
        stops.append(
            StopResult(
                place_id=place,
                name=patrol["stop_names"][k],
                planned=patrol["stop_times"][k],
                risk=float(patrol["stop_risks"][k]),
                state=state,
                xy=(float(patrol["stop_xy"][k][0]), float(patrol["stop_xy"][k][1])),
                began=began.isoformat(timespec="minutes") if began is not None else None,
                source=source,
                unconfirmed=unconfirmed,
            )
        )
    own = set(patrol["stops"])
    off_plan = tuple(
        pid for pid, (x, y) in places.items() if pid not in own and _passes(xy, np.array([x, y]))
    )
    source = "gps" if track is not None and len(track) else "checkin" if sheet is not None else "none"
    return PatrolResult(
        patrol_id=patrol["patrol_id"],
        shift_start=patrol["shift_start"],
        members=tuple(patrol["members"]),
        forces=tuple(patrol["forces"]),
        source=source,
        stops=tuple(stops),
        distance_km=_distance_km(track) if track is not None else 0.0,
        hours=float(seconds.max() - seconds.min()) / 3600 if len(seconds) > 1 else 0.0,
        off_plan=off_plan,
    )


def _in_shift(track: gpd.GeoDataFrame, patrol: pd.Series) -> gpd.GeoDataFrame:
    """Return the fixes within the patrol's shift (give or take :data:`SHIFT_MARGIN`), in time order.

    A phone left recording before or after the shift records no patrolling.
    """
    start = pd.Timestamp(patrol["shift_start"]) - SHIFT_MARGIN
    end = pd.Timestamp(patrol["shift_end"]) + SHIFT_MARGIN
    inside = (track["time"] >= start) & (track["time"] <= end)
    return track[inside.to_numpy()].sort_values("time", kind="stable")


def _distance_km(track: gpd.GeoDataFrame) -> float:
    """Return the length of a patrol's tracks, each phone's track measured on its own."""
    total = 0.0
    for _, one in track.groupby("track_id") if "track_id" in track else [(None, track)]:
        xy = np.column_stack([one.geometry.x, one.geometry.y])
        total += float(np.hypot(*np.diff(xy, axis=0).T).sum()) if len(xy) > 1 else 0.0
    return total / 1000


def _gps_visit(xy: np.ndarray, seconds: np.ndarray, stop: np.ndarray, needed_s: float) -> float | None:
    """Return when the first stay at ``stop`` of at least ``needed_s`` began (epoch seconds), if any.

    A stay is a run of consecutive fixes at the stop (within :data:`VISIT_RADIUS_M`); the time
    between two of them counts as presence up to :data:`MAX_GAP_S`, and a longer gap ends the run.
    Passing by twice is two short stays, not one visit.
    """
    if len(xy) == 0:
        return None
    near = np.hypot(*(xy - stop).T) <= VISIT_RADIUS_M
    start, present = None, 0.0
    for i in range(len(near)):
        if not near[i]:
            start, present = None, 0.0
            continue
        if start is None or seconds[i] - seconds[i - 1] > MAX_GAP_S:
            start, present = i, 0.0
        else:
            present += float(seconds[i] - seconds[i - 1])
        if present >= needed_s:
            return float(seconds[start])
    return None


def _signed_at(sheet: pd.DataFrame | None, place: str) -> datetime | None:
    """Return the earliest check-in at ``place``, if any."""
    if sheet is None:
        return None
    times = sheet.loc[sheet["place_id"] == place, "time"]
    return min(datetime.fromisoformat(t) for t in times) if len(times) else None


def _earliest(
    gps: float | None, signed: datetime | None, zone: tzinfo | None
) -> tuple[datetime | None, str | None]:
    """Return the earliest of a GPS visit (epoch seconds) and a check-in, and which it was."""
    found: list[tuple[datetime, str]] = []
    if gps is not None:
        found.append((datetime.fromtimestamp(gps, tz=zone), "gps"))
    if signed is not None:
        found.append((signed, "checkin"))
    return min(found) if found else (None, None)


def _passes(xy: np.ndarray, point: np.ndarray) -> bool:
    return bool(len(xy)) and bool((np.hypot(*(xy - point).T) <= VISIT_RADIUS_M).any())


def totals(results: list[PatrolResult]) -> dict[str, Any]:
    """Return the totals of some patrols: stops, risk, rounds, person-turns, kilometres and hours, by force.

    Returns
    -------
    dict
        ``patrols``, ``rounds`` (patrols that went out), ``stops_planned``, ``stops_visited``,
        ``stops_late``, ``stops_missed``, ``stops_unconfirmed`` (signed where the patrol's own
        track never came), ``risk_planned``, ``risk_covered``, ``person_turns``,
        ``distance_km``, ``hours`` and ``by_force``: for each force, its ``rounds`` (rounds it took
        part in) and ``person_turns``.

    """
    out = [r for r in results if r.went_out]
    forces = sorted({force for r in results for force in r.forces})
    return {
        "patrols": len(results),
        "rounds": len(out),
        "stops_planned": sum(len(r.stops) for r in results),
        "stops_visited": sum(r.count(VISITED) for r in results),
        "stops_late": sum(r.count(LATE) for r in results),
        "stops_missed": sum(r.count(MISSED) for r in results),
        "stops_unconfirmed": sum(s.unconfirmed for r in results for s in r.stops),
        "risk_planned": round(sum(r.risk_planned for r in results), 3),
        "risk_covered": round(sum(r.risk_covered for r in results), 3),
        "person_turns": sum(len(r.members) for r in out),
        "distance_km": round(sum(r.distance_km for r in out), 2),
        "hours": round(sum(r.hours for r in out), 2),
        "by_force": {
            force: {
                "rounds": sum(force in r.forces for r in out),
                "person_turns": sum(r.forces.count(force) for r in out),
            }
            for force in forces
        },
    }
