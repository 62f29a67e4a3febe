"""The circuits of one shift: its stops and their risk, the teams' circuits on the roads, a row per patrol.

:func:`week_context` reads what every shift of a week is planned from (the road graph, the base, the
candidate stops with their road points, the recent incidents, last weeks' visits); :func:`plan_shift`
draws the places a shift offers (unpredictability), plans the teams' circuits
(:func:`patrol_map.plan.routes.plan_circuits`) and :func:`patrol_row` turns each into the row a
:class:`patrol_map.plan.store.WeeklyPlan` holds.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
from shapely import LineString

from patrol_map.coverage.week import MissedPlace
from patrol_map.errors import PlanningError
from patrol_map.io.places import BASE_KINDS
from patrol_map.io.timetable import day_numbers
from patrol_map.model import Shift, Team
from patrol_map.network.graph import build_graph, path_geometry
from patrol_map.network.snap import nearest_nodes
from patrol_map.plan.demand import candidate_stops, recent_incidents, shift_risk, visit_windows
from patrol_map.plan.edits import Edits
from patrol_map.plan.routes import Circuit, plan_circuits
from patrol_map.plan.shifts import WEEKDAYS_EN, WEEKDAYS_VI, describe_shift, local_iso
from patrol_map.plan.spread import Visit, offered, perturb
from patrol_map.workspace import Workspace

#: Travel-time edge attribute for each way of patrolling.
MODES = {"moto": "time_moto_s", "foot": "time_foot_s"}
#: A base farther than this from the road network (metres) is an error in the data.
BASE_ROAD_DISTANCE_M = 300.0
#: The routes weigh a place the previous week missed every time it was planned this much more (twice
#: its risk); a place missed one time in four, a quarter of that.
MISSED_WEIGHT = 1.0
#: A stop this close (metres, on the road) to where a stop was missed the week before is carried over:
#: the same place, or the same hotspot found again a little aside.
CARRY_RADIUS_M = 150.0
#: A place farther than this from any road (metres) is not patrolled from the road; it is reported.
PLACE_ROAD_DISTANCE_M = 500.0


@dataclass(frozen=True)
class WeekContext:
    """What every shift of a week is planned from."""

    graph: nx.Graph
    base_node: int
    stops: gpd.GeoDataFrame
    incidents: gpd.GeoDataFrame
    stop_names: dict[str, str]
    stop_xy: dict[str, list[float]]
    stop_s: float
    weight: str
    unpredictability: float
    earlier_visits: Counter[Visit]
    #: Places left out for lying farther than :data:`PLACE_ROAD_DISTANCE_M` from a road, as reported.
    off_road: list[str]
    #: Stops near a place the previous week missed, with the share of its visits missed: weighted
    #: ``1 + MISSED_WEIGHT * share``.
    carried: Mapping[str, float] = field(default_factory=dict)


def week_context(
    ws: Workspace,
    monday: date,
    stop_s: float,
    weight: str,
    unpredictability: float,
    earlier: Counter[Visit],
    missed: Sequence[MissedPlace] = (),
) -> WeekContext:
    """Read what every shift of the week starting ``monday`` is planned from.

    Parameters
    ----------
    ws
        The workspace (roads, places, incidents, commune, villages).
    monday
        First day of the week: incidents before it count.
    stop_s
        Length of a stop, seconds.
    weight
        The travel-time edge attribute (:data:`MODES`).
    unpredictability
        The knob of :mod:`patrol_map.plan.spread`.
    earlier
        Last weeks' visits by place, weekday and shift.
    missed
        The places the previous week missed (road points, workspace CRS, with the share missed).

    """
    graph = build_graph(ws.read("roads"))
    places = ws.read("places")
    incidents = recent_incidents(ws.read_optional("incidents"), before=monday)
    stops = candidate_stops(places, incidents, ws.read("commune"), ws.read_optional("villages"), graph)
    far = stops["snap_m"] > PLACE_ROAD_DISTANCE_M
    off_road = [f"{n} ({p}, {m:.0f} m)" for n, p, m in stops[far][["name", "place_id", "snap_m"]].to_numpy()]
    stops = stops[~far].reset_index(drop=True)
    stop_xy = {
        pid: [round(graph.nodes[node]["x"], 1), round(graph.nodes[node]["y"], 1)]
        for pid, node in zip(stops["place_id"], stops["node"], strict=True)
    }
    carried = {
        pid: max(place.share for place in near)
        for pid, (x, y) in stop_xy.items()
        if (near := [p for p in missed if (x - p.xy[0]) ** 2 + (y - p.xy[1]) ** 2 <= CARRY_RADIUS_M**2])
    }
    return WeekContext(
        graph=graph,
        base_node=_base_node(places, graph),
        stops=stops,
        incidents=incidents,
        stop_names=dict(zip(stops["place_id"], stops["name"], strict=True)),
        stop_xy=stop_xy,
        stop_s=stop_s,
        weight=weight,
        unpredictability=unpredictability,
        earlier_visits=earlier,
        off_road=off_road,
        carried=carried,
    )


def plan_shift(
    context: WeekContext, shift: Shift, teams: list[Team], edits: Edits, seed: int
) -> tuple[list[Circuit], pd.DataFrame, list[str]]:
    """Plan one shift's circuits; return them, the shift's demand (true risk) and unreachable stops."""
    stops = context.stops
    windows = visit_windows(stops, shift, context.stop_s)
    removed = set(edits.removed.get(shift.shift_id, ()))
    locked = {place: k for k, team in enumerate(teams) for place in edits.stops.get(team.team_id, ())}
    _check_locked_places(context, shift, windows, locked)
    demand = pd.DataFrame(
        {
            "place_id": stops["place_id"],
            "name": stops["name"],
            "node": stops["node"],
            "risk": shift_risk(stops, context.incidents, shift),
            "windows": windows["windows"],
        }
    )[windows["available"].to_numpy()]
    u, rng = context.unpredictability, np.random.default_rng(seed)
    # What the routes weigh: the true risk, more for a place the previous week missed.
    weights = demand["risk"].to_numpy() * (
        1.0 + MISSED_WEIGHT * demand["place_id"].map(context.carried).fillna(0.0).to_numpy()
    )
    keep = offered(weights, u, rng, at_least=len(teams))
    keep |= demand["place_id"].isin(locked).to_numpy()
    keep &= ~demand["place_id"].isin(removed).to_numpy()
    repeats = [context.earlier_visits[(p, shift.start.weekday(), shift.name)] for p in demand["place_id"]]
    # Places left out this week keep their row with risk 0: not visited, still checked for reach.
    perturbed = perturb(weights, u, rng, repeats)
    chosen = demand.assign(risk=np.where(keep, perturbed, 0.0))
    try:
        circuits, lost = plan_circuits(
            context.graph,
            context.base_node,
            chosen,
            n_teams=len(teams),
            budget_s=shift.seconds,
            stop_s=context.stop_s,
            weight=context.weight,
            seed=seed,
            locked=locked,
            timing_spread=u,
        )
    except PlanningError as exc:  # a locked stop out of reach: say in which shift
        raise PlanningError(
            f"{describe_shift(shift, 'vi')}: {exc.vi}",
            f"{describe_shift(shift, 'en')}: {exc.en}",
        ) from exc
    return circuits, demand, lost


def _check_locked_places(
    context: WeekContext, shift: Shift, windows: pd.DataFrame, locked: dict[str, int]
) -> None:
    available = dict(zip(context.stops["place_id"], windows["available"], strict=True))
    for place in locked:
        if place not in available:
            raise PlanningError(
                f"Không có điểm '{place}' trong danh sách địa điểm tuần tra.",
                f"There is no place '{place}' among the patrol places.",
            )
        if not available[place]:
            row = context.stops[context.stops["place_id"] == place].iloc[0]
            days_vi, days_en = _days_text(row["days"], "vi"), _days_text(row["days"], "en")
            raise PlanningError(
                f"'{row['name']}' chỉ tính vào giờ {row['hours'] or 'cả ngày'}, {days_vi}; "
                f"không thể ghé trong {describe_shift(shift, 'vi')}.",
                f"'{row['name']}' counts only at {row['hours'] or 'any hour'}, {days_en}; "
                f"it cannot be visited in {describe_shift(shift, 'en')}.",
            )


def _days_text(days: str, lang: str) -> str:
    """Name a place's days in words: ``thứ Hai, thứ Ba`` or ``Monday, Tuesday``; every day as such."""
    numbers = sorted(day_numbers(str(days or "all")))
    if len(numbers) == 7:
        return "mọi ngày" if lang == "vi" else "every day"
    names = WEEKDAYS_VI if lang == "vi" else WEEKDAYS_EN
    return ", ".join(names[n] for n in numbers)


def patrol_row(
    context: WeekContext,
    week: str,
    shift: Shift,
    team: Team,
    circuit: Circuit,
    names: dict[str, str],
    demand: pd.DataFrame,
) -> dict[str, object]:
    """Return a patrol's row of the plan: its shift, team, circuit, stops and their times, its risk."""
    true_risk = dict(zip(demand["place_id"], demand["risk"], strict=True))
    graph, base = context.graph, context.base_node
    base_xy = (graph.nodes[base]["x"], graph.nodes[base]["y"])
    return {
        "patrol_id": team.team_id,
        "week": week,
        "shift_id": shift.shift_id,
        "shift_name": shift.name,
        "shift_start": local_iso(shift.start),
        "shift_end": local_iso(shift.end),
        "team_id": team.team_id,
        "members": list(team.members),
        "names": [names[m] for m in team.members],
        "forces": [f.value for f in team.forces],
        "stops": list(circuit.stops),
        "stop_names": [context.stop_names[s] for s in circuit.stops],
        "depart_time": local_iso(shift.start + timedelta(seconds=circuit.departure_s)),
        "stop_times": [local_iso(shift.start + timedelta(seconds=t)) for t in circuit.arrivals_s],
        "stop_xy": [context.stop_xy[s] for s in circuit.stops],
        "stop_risks": [round(float(true_risk[s]), 3) for s in circuit.stops],
        "carried": [s for s in circuit.stops if s in context.carried],
        "stop_minutes": context.stop_s / 60,
        "length_m": round(circuit.length_m, 1),
        "duration_s": round(circuit.duration_s, 1),
        "risk": round(sum(true_risk[s] for s in circuit.stops), 3),
        "shift_risk": round(float(demand["risk"].sum()), 3),
        # A team with no stop in reach keeps watch at the base: a circuit of length 0.
        "geometry": path_geometry(graph, circuit.nodes)
        if len(circuit.nodes) > 1
        else LineString([base_xy, base_xy]),
    }


def shift_seed(seed: int, shift: Shift) -> int:
    """Derive a shift's seed from the plan's and the shift's own id.

    A shift's circuits then do not depend on which other shifts are planned with it.
    """
    return int(np.random.SeedSequence([seed, zlib.crc32(shift.shift_id.encode())]).generate_state(1)[0])


def _base_node(places: gpd.GeoDataFrame, graph: nx.Graph) -> int:
    """Return the road node nearest to the base (the police post first, else the military command)."""
    for kind in BASE_KINDS:
        bases = places[places["kind"] == kind]
        if not bases.empty:
            # The base joins the largest connected part of the network, not a stray piece of lane.
            largest = max(nx.connected_components(graph), key=len)
            x, y = bases.geometry.x.to_numpy()[:1], bases.geometry.y.to_numpy()[:1]
            node, distance = nearest_nodes(graph.subgraph(largest), x, y)
            if distance[0] > BASE_ROAD_DISTANCE_M:
                raise PlanningError(
                    f"Trụ sở '{bases['name'].iloc[0]}' cách đường gần nhất {distance[0]:.0f} m; hãy kiểm tra "
                    "vị trí trụ sở hoặc nhập đường tới trụ sở.",
                    f"The base '{bases['name'].iloc[0]}' is {distance[0]:.0f} m from the nearest road; check "
                    "its position or import the road to it.",
                )
            return int(node[0])
    raise PlanningError(
        "Chưa có trụ sở (công an xã hoặc ban chỉ huy quân sự) trong danh sách địa điểm.",
        "The places hold no base (commune police post or military command).",
    )
