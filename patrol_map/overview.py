"""What the overview page and the briefing say first: the week shown and the commune in figures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from patrol_map.plan.demand import LOOKBACK_DAYS
from patrol_map.plan.shifts import parse_week, week_of
from patrol_map.plan.store import planned_weeks
from patrol_map.risk.select import select_incidents
from patrol_map.workspace import Workspace

#: Layers a commune needs before it can plan, in the order to import them.
NEEDED_LAYERS = ("villages", "roads", "places", "people")


@dataclass(frozen=True)
class Overview:
    """The commune in figures, for the week shown (the last planned one, else the current one)."""

    week: str
    start: date
    end: date
    villages: int
    road_km: float
    incidents: int
    police: int
    militia: int
    synthetic: bool
    missing: list[str] = field(default_factory=list)


def summarise(ws: Workspace, today: date | None = None) -> Overview:
    """Return the overview of a workspace.

    Parameters
    ----------
    ws
        The workspace; missing layers count as empty and are listed in ``missing``.
    today
        The day that picks the current week when nothing is planned yet.

    Returns
    -------
    Overview
        The week shown, the incident window before it (``start`` to ``end``, both included) and
        the counts; ``synthetic`` when any layer holds generated sample data.

    """
    weeks = planned_weeks(ws)
    week = max(weeks, default=week_of(today or date.today()))
    monday = parse_week(week)
    start, end = monday - timedelta(days=LOOKBACK_DAYS), monday - timedelta(days=1)
    present = {name: ws.read(name) for name in (*NEEDED_LAYERS, "incidents") if ws.has(name)}
    people = present.get("people")
    forces: Mapping[str, int] = people["force"].value_counts().to_dict() if people is not None else {}
    incidents = present.get("incidents")
    return Overview(
        week=week,
        start=start,
        end=end,
        villages=len(present.get("villages", ())),
        road_km=float(present["roads"].length.sum() / 1000) if "roads" in present else 0.0,
        incidents=len(select_incidents(incidents, start, end)) if incidents is not None else 0,
        police=int(forces.get("police", 0)),
        militia=int(forces.get("militia", 0)),
        synthetic=any(bool(frame["is_synthetic"].any()) for frame in present.values()),
        missing=[name for name in NEEDED_LAYERS if name not in present],
    )
