"""The weekly plan: shifts -> joint teams -> a circuit per team, stored in the workspace."""

from __future__ import annotations

import json
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
from shapely import LineString

from patrol_map.errors import PlanningError
from patrol_map.io.places import BASE_KINDS
from patrol_map.io.timetable import day_numbers
from patrol_map.model import VIETNAM_TZ, Shift, Team
from patrol_map.network.graph import build_graph, path_geometry
from patrol_map.network.snap import nearest_nodes
from patrol_map.plan.demand import candidate_stops, recent_incidents, shift_risk, visit_windows
from patrol_map.plan.edits import Edits
from patrol_map.plan.roster import RosterRules, check_roster, form_teams, is_night
from patrol_map.plan.roster_check import NIGHT_CAP_DAYS
from patrol_map.plan.routes import Circuit, plan_circuits
from patrol_map.plan.shifts import (
    WEEKDAYS_EN,
    WEEKDAYS_VI,
    describe_shift,
    iso_week,
    local_iso,
    parse_week,
    week_shifts,
)
from patrol_map.plan.spread import (
    DEFAULT_UNPREDICTABILITY,
    Predictability,
    Visit,
    earlier_weeks,
    offered,
    perturb,
    predictability,
    visits,
)
from patrol_map.workspace import Workspace

#: Travel-time edge attribute for each way of patrolling.
MODES = {"moto": "time_moto_s", "foot": "time_foot_s"}
#: Stop length at each place, minutes (hotspot policing: 10–15 minutes, Koper 1995).
DEFAULT_STOP_MINUTES = 12.0
#: A base farther than this from the road network (metres) is an error in the data.
BASE_ROAD_DISTANCE_M = 300.0
#: A place farther than this from any road (metres) is not patrolled from the road; it is reported.
PLACE_ROAD_DISTANCE_M = 500.0


@dataclass
class WeeklyPlan:
    """A week's patrols: one row per team and shift, with its circuit on the roads."""

    week: str
    patrols: gpd.GeoDataFrame
    #: Stops no road joins to the base, or too far from any road, as "name (id)".
    unreachable: list[str] = field(default_factory=list)
    #: The commander's changes the plan keeps.
    edits: Edits = field(default_factory=Edits)
    #: How much the plan repeats the previous weeks.
    predictability: Predictability = field(default_factory=lambda: Predictability(0.0, 0.0, 0))
    #: The options it was planned with (the arguments of :func:`plan_week`), to plan it again.
    settings: dict[str, object] = field(default_factory=dict)

    @property
    def risk_covered(self) -> float:
        """Share of the week's risk (all stops of all shifts) that the circuits visit, 0 to 1."""
        if self.patrols.empty or "shift_risk" not in self.patrols.columns:  # a plan made before 0.2
            return 0.0
        total = self.patrols.drop_duplicates("shift_id")["shift_risk"].sum()
        return float(self.patrols["risk"].sum() / total) if total > 0 else 0.0


def plan_week(
    ws: Workspace,
    week: str,
    seed: int = 0,
    shifts: list[str] | None = None,
    teams_per_shift: int = 2,
    team_size: int | tuple[int, int] = (3, 5),
    stop_minutes: float = DEFAULT_STOP_MINUTES,
    mode: str = "moto",
    *,
    unpredictability: float = DEFAULT_UNPREDICTABILITY,
    edits: Edits | None = None,
) -> WeeklyPlan:
    """Plan a week of joint patrols from the workspace's data.

    Parameters
    ----------
    ws
        A workspace with commune, roads, places, incidents and people.
    week
        ISO week, e.g. ``"2026-W48"``.
    seed
        The same inputs and seed give the same plan.
    shifts
        Shift names to plan (``morning``, ``evening``, ``night``); all by default.
    teams_per_shift
        Teams in each shift.
    team_size
        People in each team, or the least and most (at least one police officer and one militia
        member in every team).
    stop_minutes
        Length of each stop, minutes (10–15 recommended).
    mode
        ``moto`` (motorbike) or ``foot``.
    unpredictability
        From 0 (always the riskiest places) to 1 (places drawn in proportion to their risk, and
        last weeks' visits avoided); see :mod:`patrol_map.plan.spread`.
    edits
        The commander's changes to keep (locked teams and stops, moved people, removed stops).

    Returns
    -------
    WeeklyPlan
        ``patrols`` has one row per team and shift: ``patrol_id``, ``week``, ``shift_id``,
        ``shift_name``, ``shift_start``, ``shift_end`` (ISO), ``team_id``, ``members``,
        ``names`` and ``forces`` (JSON lists, leader first), ``depart_time`` (local ISO time the
        team leaves the base), ``stops``, ``stop_names``, ``stop_times`` (local ISO time each
        stop begins) and ``stop_xy`` (the road point of each
        stop, workspace CRS) as JSON lists, ``stop_minutes``, ``length_m``, ``duration_s``, ``risk``
        (true risk of its stops), ``shift_risk`` (risk of all stops of the shift), ``edits`` and
        ``settings`` (JSON, the same on every row) and the circuit as a LineString.

    Raises
    ------
    PlanningError
        When no roster or no circuits keep every rule, saying why.

    """
    if mode not in MODES:
        msg = f"mode must be one of {sorted(MODES)}"
        raise ValueError(msg)
    if seed < 0:
        raise PlanningError(
            f"Số ngẫu nhiên (seed) phải ≥ 0, không phải {seed}.", f"The seed must be ≥ 0, not {seed}."
        )
    if not 0 <= unpredictability <= 1:
        raise PlanningError(
            f"Mức khó đoán phải từ 0 đến 1, không phải {unpredictability}.",
            f"Unpredictability must lie between 0 and 1, not {unpredictability}.",
        )
    edits = edits or Edits()
    week = iso_week(week)
    monday = parse_week(week)
    week_list = week_shifts(week, shifts)
    plans = ws.read("plans") if ws.has("plans") else None
    earlier = earlier_weeks(plans, monday)
    people = ws.read("people")
    smallest, largest = (team_size, team_size) if isinstance(team_size, int) else team_size
    rules = RosterRules(teams_per_shift=teams_per_shift, min_team_size=smallest, max_team_size=largest)
    _check_edits_apply(edits, week_list, teams_per_shift)
    history = _members(earlier)
    worked = _worked(plans, week, week_list, rules.min_rest_hours)
    teams = form_teams(
        people, week_list, rules, seed=seed, history=history, locked=edits.members, worked=worked
    )
    _check_teams(teams, people, week_list, rules, worked)
    context = _context(ws, monday, stop_minutes * 60, MODES[mode], unpredictability, visits(earlier))
    names = dict(zip(people["person_id"], people["name"], strict=True))
    rows, unreachable = [], set(context.off_road)
    for shift in week_list:
        shift_teams = [t for t in teams if t.shift_id == shift.shift_id]
        circuits, demand, lost = _plan_shift(context, shift, shift_teams, edits, _shift_seed(seed, shift))
        unreachable.update(f"{context.stop_names[p]} ({p})" for p in lost)
        rows += [
            _patrol_row(context, week, shift, team, circuit, names, demand)
            for team, circuit in zip(shift_teams, circuits, strict=True)
        ]
    patrols = gpd.GeoDataFrame(rows, geometry="geometry", crs=ws.crs)
    # Every row of the week carries the week's unreachable stops and edits, so a stored plan keeps them.
    patrols["unreachable"] = json.dumps(sorted(unreachable), ensure_ascii=False)
    patrols["edits"] = edits.to_json()
    settings = {
        "seed": seed,
        "shifts": shifts,
        "teams_per_shift": teams_per_shift,
        "team_size": [smallest, largest],
        "stop_minutes": stop_minutes,
        "mode": mode,
        "unpredictability": unpredictability,
    }
    patrols["settings"] = json.dumps(settings)
    return WeeklyPlan(week, patrols, sorted(unreachable), edits, predictability(patrols, earlier), settings)


def _check_edits_apply(edits: Edits, shifts: list[Shift], teams_per_shift: int) -> None:
    """Refuse edits that name a team or a shift this plan will not have (never drop them silently)."""
    shift_ids = {shift.shift_id for shift in shifts}
    team_ids = {f"{sid}-T{k + 1}" for sid in shift_ids for k in range(teams_per_shift)}
    lost = sorted((set(edits.members) | set(edits.stops)) - team_ids) + sorted(set(edits.removed) - shift_ids)
    if lost:
        raise PlanningError(
            f"Các chỉnh sửa đã lưu nói tới {', '.join(lost)}, nhưng kế hoạch này không có (số tổ mỗi ca "
            f"là {teams_per_shift}, hoặc ca đó không được chọn); hãy bỏ các chỉnh sửa đó hoặc lập lại "
            "với số tổ và các ca như trước.",
            f"The stored edits name {', '.join(lost)}, which this plan does not have ({teams_per_shift} "
            "teams per shift, or that shift is not chosen); drop those edits or plan again with the "
            "earlier teams and shifts.",
        )


def plan_history(ws: Workspace, week: str) -> list[tuple[str, ...]]:
    """Return the members of every team of the four weeks before ``week``, oldest first."""
    plans = ws.read("plans") if ws.has("plans") else None
    return _members(earlier_weeks(plans, parse_week(iso_week(week))))


def _members(patrols: pd.DataFrame) -> list[tuple[str, ...]]:
    return [tuple(json.loads(m)) for m in patrols["members"]] if len(patrols) else []


def _worked(
    plans: pd.DataFrame | None, week: str, shifts: list[Shift], rest_hours: float
) -> dict[str, list[Shift]]:
    """Return, per person, their shifts in the stored plans of other weeks, before or after ``week``.

    Only shifts that end less than the rest before the first of ``shifts`` or begin less than the
    rest after the last can break the rest rule (the Sunday night before, the Monday morning after),
    and only night shifts within the night cap's days of ``shifts`` count towards it; the others
    are left out. The week's own stored plan is the one being made again: left out too.
    """
    if plans is None or plans.empty or not shifts:
        return {}
    rest = timedelta(hours=rest_hours)
    first, last = min(s.start for s in shifts) - rest, max(s.end for s in shifts) + rest
    reach = timedelta(days=NIGHT_CAP_DAYS - 1)
    nights_from = min(s.start.date() for s in shifts) - reach
    nights_to = max(s.start.date() for s in shifts) + reach
    worked: dict[str, list[Shift]] = defaultdict(list)
    other = plans[plans["week"] != week]
    for name, start, end, members in zip(
        other["shift_name"], other["shift_start"], other["shift_end"], other["members"], strict=True
    ):
        shift = Shift(str(name), _local_time(start), _local_time(end))
        near_night = is_night(shift) and nights_from <= shift.start.date() <= nights_to
        if (shift.end > first and shift.start < last) or near_night:
            for person in dict.fromkeys(str(m).strip() for m in json.loads(members)):
                worked[person].append(shift)
    return dict(worked)


def _local_time(text: object) -> datetime:
    """Read a stored shift time (``2026-11-22T23:00+07:00``) as the naive local time shifts use."""
    moment = datetime.fromisoformat(str(text))
    return moment.astimezone(VIETNAM_TZ).replace(tzinfo=None) if moment.tzinfo else moment


def _check_teams(
    teams: list[Team],
    people: pd.DataFrame,
    shifts: list[Shift],
    rules: RosterRules,
    worked: dict[str, list[Shift]],
) -> None:
    """Check the roster again with the independent checker: a fault here is a bug, never kept silent."""
    faults = check_roster(teams, people, shifts, rules, worked=worked)
    if faults:
        more_vi = f" (và {len(faults) - 1} lỗi khác)" if len(faults) > 1 else ""
        more_en = f" (and {len(faults) - 1} more)" if len(faults) > 1 else ""
        raise PlanningError(
            f"Lỗi của chương trình: lịch trực vừa lập phạm quy tắc: {faults[0].vi}{more_vi} "
            "Hãy báo lỗi này cho người phát triển.",
            f"A bug in the planner: the roster it formed breaks a rule: {faults[0].en}{more_en} "
            "Please report this to the developers.",
        )


def replan(ws: Workspace, plan: WeeklyPlan, edits: Edits) -> WeeklyPlan:
    """Plan a stored plan's week again with the same settings and the given edits.

    Raises
    ------
    PlanningError
        When an edit breaks a rule, saying which.

    """
    settings = {**plan.settings, "team_size": tuple(plan.settings.get("team_size", (3, 5)))}
    return plan_week(ws, plan.week, **settings, edits=edits)


@dataclass(frozen=True)
class _Context:
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


def _context(
    ws: Workspace, monday: date, stop_s: float, weight: str, unpredictability: float, earlier: Counter[Visit]
) -> _Context:
    graph = build_graph(ws.read("roads"))
    places = ws.read("places")
    incidents = recent_incidents(ws.read_optional("incidents"), before=monday)
    stops = candidate_stops(places, incidents, ws.read("commune"), ws.read_optional("villages"), graph)
    far = stops["snap_m"] > PLACE_ROAD_DISTANCE_M
    off_road = [f"{n} ({p}, {m:.0f} m)" for n, p, m in stops[far][["name", "place_id", "snap_m"]].to_numpy()]
    stops = stops[~far].reset_index(drop=True)
    return _Context(
        graph=graph,
        base_node=_base_node(places, graph),
        stops=stops,
        incidents=incidents,
        stop_names=dict(zip(stops["place_id"], stops["name"], strict=True)),
        stop_xy={
            pid: [round(graph.nodes[node]["x"], 1), round(graph.nodes[node]["y"], 1)]
            for pid, node in zip(stops["place_id"], stops["node"], strict=True)
        },
        stop_s=stop_s,
        weight=weight,
        unpredictability=unpredictability,
        earlier_visits=earlier,
        off_road=off_road,
    )


def _plan_shift(
    context: _Context, shift: Shift, teams: list[Team], edits: Edits, seed: int
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
            "node": stops["node"],
            "risk": shift_risk(stops, context.incidents, shift),
            "windows": windows["windows"],
        }
    )[windows["available"].to_numpy()]
    u, rng = context.unpredictability, np.random.default_rng(seed)
    keep = offered(demand["risk"].to_numpy(), u, rng, at_least=len(teams))
    keep |= demand["place_id"].isin(locked).to_numpy()
    keep &= ~demand["place_id"].isin(removed).to_numpy()
    repeats = [context.earlier_visits[(p, shift.start.weekday(), shift.name)] for p in demand["place_id"]]
    # Places left out this week keep their row with risk 0: not visited, still checked for reach.
    perturbed = perturb(demand["risk"].to_numpy(), u, rng, repeats)
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
    context: _Context, shift: Shift, windows: pd.DataFrame, locked: dict[str, int]
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


def _patrol_row(
    context: _Context,
    week: str,
    shift: Shift,
    team: Team,
    circuit: Circuit,
    names: dict[str, str],
    demand: pd.DataFrame,
) -> dict[str, object]:
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
        "members": json.dumps(list(team.members)),
        "names": json.dumps([names[m] for m in team.members], ensure_ascii=False),
        "forces": json.dumps([f.value for f in team.forces]),
        "stops": json.dumps(list(circuit.stops)),
        "stop_names": json.dumps([context.stop_names[s] for s in circuit.stops], ensure_ascii=False),
        "depart_time": local_iso(shift.start + timedelta(seconds=circuit.departure_s)),
        "stop_times": json.dumps([local_iso(shift.start + timedelta(seconds=t)) for t in circuit.arrivals_s]),
        "stop_xy": json.dumps([context.stop_xy[s] for s in circuit.stops]),
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


def _shift_seed(seed: int, shift: Shift) -> int:
    """Derive a shift's seed from the plan's and the shift's own id.

    A shift's circuits then do not depend on which other shifts are planned with it.
    """
    return int(np.random.SeedSequence([seed, zlib.crc32(shift.shift_id.encode())]).generate_state(1)[0])


def save_plan(ws: Workspace, plan: WeeklyPlan) -> None:
    """Store a plan in the workspace's ``plans`` layer, replacing any earlier plan of the same week.

    Parameters
    ----------
    ws
        The workspace.
    plan
        A plan from :func:`plan_week`.

    """
    patrols = plan.patrols
    with ws.locked():  # no other week's plan, stored meanwhile by another program, is lost
        if ws.has("plans"):
            earlier = ws.read("plans")
            patrols = pd.concat([earlier[earlier["week"] != plan.week], patrols], ignore_index=True)
        ws.write({"plans": gpd.GeoDataFrame(patrols, geometry="geometry", crs=ws.crs)})


def load_plan(ws: Workspace, week: str) -> WeeklyPlan:
    """Read the stored plan of a week (``week`` as :func:`~patrol_map.plan.shifts.iso_week` reads it).

    Raises
    ------
    PlanningError
        When no plan of that week is stored.

    """
    week = iso_week(week)
    plans = ws.read("plans") if ws.has("plans") else None
    if plans is None or not (plans["week"] == week).any():
        raise PlanningError(
            f"Chưa có kế hoạch cho tuần {week}; hãy lập bằng: patrol-map plan {ws.path} --week {week}.",
            f"No plan for week {week} yet; make one with: patrol-map plan {ws.path} --week {week}.",
        )
    patrols = plans[plans["week"] == week].reset_index(drop=True)
    return WeeklyPlan(
        week=week,
        patrols=patrols,
        unreachable=json.loads(_stored_text(patrols, "unreachable") or "[]"),
        edits=Edits.from_json(_stored_text(patrols, "edits")),
        predictability=predictability(patrols, earlier_weeks(plans, parse_week(week))),
        settings=json.loads(_stored_text(patrols, "settings") or "{}"),
    )


def _stored_text(patrols: pd.DataFrame, column: str) -> str | None:
    """Return the JSON text a week's rows store in ``column``; None for older plans stored without it.

    A plan stored before a column existed has no such column, or empty cells when newer weeks'
    rows beside it brought the column into the layer.
    """
    text = patrols[column].iloc[0] if column in patrols.columns else None
    return text if isinstance(text, str) and text else None


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
