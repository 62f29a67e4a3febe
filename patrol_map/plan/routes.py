"""Patrol circuits on the road graph: each team's closed walk from the base through its stops.

Shortest-path times between the base and the candidate places come from the road graph
(``scipy.sparse.csgraph`` Dijkstra); :mod:`patrol_map.plan.orienteering` chooses each team's stops
and their order on that matrix; each leg is then expanded into graph nodes, so a circuit follows
the roads. Places no road joins to the base are reported, never dropped silently.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra

from patrol_map.errors import PlanningError
from patrol_map.network.graph import path_length
from patrol_map.plan.orienteering import EPS, Infeasible, Problem, Window, solve

_CHUNK = 64  # Dijkstra sources per call, to bound memory on large graphs
#: The search counts time in tenths of a second (each leg rounded up).
TIME_SCALE = 10.0
#: Iterations without improvement that end each phase of the search.
DEFAULT_PATIENCE = 100


@dataclass(frozen=True)
class Circuit:
    """One team's closed walk from the base through its stops and back.

    ``departure_s`` is when the team leaves the base and ``arrivals_s``, for each stop, when the
    team begins it, in seconds from the start of the shift (a team early for a place's time
    window waits there).
    """

    team_index: int
    stops: tuple[str, ...]
    nodes: tuple[int, ...]
    length_m: float
    duration_s: float
    risk: float
    arrivals_s: tuple[float, ...] = ()
    departure_s: float = 0.0


def plan_circuits(
    graph: nx.Graph,
    base_node: int,
    places: pd.DataFrame,
    n_teams: int,
    budget_s: float,
    stop_s: float = 720.0,
    weight: str = "time_moto_s",
    seed: int = 0,
    *,
    locked: Mapping[str, int] | None = None,
    patience: int = DEFAULT_PATIENCE,
    timing_spread: float = 0.0,
) -> tuple[list[Circuit], list[str]]:
    """Plan one circuit per team that maximises the total risk of the places visited.

    Parameters
    ----------
    graph
        Undirected road graph; every edge has ``length_m`` and the ``weight`` attribute.
    base_node
        Node the teams leave from and return to.
    places
        Columns ``place_id``, ``node`` (a graph node) and ``risk`` (>= 0); places of risk 0
        are not visited unless locked. Optional column ``windows``: for each place, the
        ``(open_s, close_s)`` pairs, in seconds from the start of the shift, in which a visit may
        begin (earliest and latest start); the visit begins in one of them, and the place is
        visited at most once. Empty (or missing) for a place any time will do. Optional column
        ``name``: what a message calls the place.
    n_teams
        Number of teams, hence of circuits.
    budget_s
        Longest circuit, travel, waiting and stops, in seconds.
    stop_s
        Time spent at each visited place, in seconds.
    weight
        Edge attribute holding travel time in seconds (``time_moto_s`` or ``time_foot_s``).
    seed
        Seed of the search; the same inputs and seed give the same circuits.
    locked
        Places a given team must visit (place id -> team index): a commander's manual stop.
    patience
        Iterations without improvement after which the search stops.
    timing_spread
        From 0 to 1: how much each circuit's direction and departure are drawn at random (seeded)
        within what keeps it feasible, so that the same stops are not met in the same order at
        the same hour every week. 0 leaves every team at the start of the shift.

    Returns
    -------
    circuits : list of Circuit
        ``n_teams`` circuits; without locks the riskiest first, with locks circuit ``k`` is team
        ``k``'s. A team with nothing in reach gets no stop and ``nodes == (base_node,)``.
    unreachable : list of str
        Ids of places no road joins to the base, in the order of ``places``.

    Raises
    ------
    PlanningError
        If the base or a place is not on the graph, a risk is negative, a size is invalid, or
        the locked stops cannot all be visited within the shift and their time windows.

    """
    locked = dict(locked or {})
    if n_teams < 1 or budget_s < 0 or stop_s < 0:
        raise PlanningError(
            "Số tổ, thời gian tối đa và thời gian dừng phải hợp lệ (số tổ ≥ 1, thời gian ≥ 0).",
            "Teams, time budget and stop time must be valid (teams >= 1, times >= 0).",
        )
    if base_node not in graph:
        raise PlanningError(
            f"Điểm xuất phát {base_node} không nằm trên mạng đường.",
            f"The base node {base_node} is not on the road graph.",
        )
    table = _read_places(places, graph, locked, n_teams)
    order = {node: i for i, node in enumerate(graph.nodes)}
    matrix = _sparse(graph, order, weight)
    from_base = dijkstra(matrix, directed=False, indices=order[base_node])
    to_place = from_base[[order[n] for n in table.nodes]] if table.ids else np.empty(0)
    unreachable = [pid for pid, t in zip(table.ids, to_place, strict=True) if not np.isfinite(t)]
    chosen = [
        i
        for i, t in enumerate(to_place)
        if (table.risks[i] > 0 or table.ids[i] in locked)
        and any(
            max(t, early) <= late + EPS and max(t, early) + stop_s + t <= budget_s + EPS
            for early, late in table.windows[i] or ((0.0, budget_s),)
        )
    ]
    _check_locked_in_reach(table, locked, {table.ids[i] for i in chosen})
    points = [base_node] + [table.nodes[i] for i in chosen]
    problem = Problem(
        times=_point_times(matrix, order, points, budget_s),
        prize=np.array([0.0] + [table.risks[i] for i in chosen]),
        service=float(stop_s),
        budget=float(budget_s),
        n_routes=n_teams,
        windows=[((0.0, budget_s),), *(table.windows[i] or ((0.0, budget_s),) for i in chosen)]
        if any(table.windows[i] for i in chosen)
        else None,
        required=frozenset(1 + chosen.index(table.ids.index(p)) for p in locked),
        route_of={1 + chosen.index(table.ids.index(p)): k for p, k in locked.items()},
        scale=TIME_SCALE,
        xy=np.array([[graph.nodes[n]["x"], graph.nodes[n]["y"]] for n in points]),
    )
    try:
        routes = solve(problem, seed, patience=patience)
    except Infeasible:
        raise _locked_do_not_fit(table, locked) from None
    if not locked:
        routes.sort(key=lambda r: (-float(problem.prize[r].sum()), problem.schedule(r)[-1]))
    rng = np.random.default_rng(seed)
    timed = [_vary_timing(problem, r, timing_spread, rng) for r in routes]
    routes, departures = [route for route, _ in timed], [departure for _, departure in timed]
    walks = _expand(matrix, order, [[points[p] for p in r] for r in routes], base_node, budget_s)
    circuits = []
    for k, (route, departure, walk) in enumerate(zip(routes, departures, walks, strict=True)):
        edges = [graph.edges[u, v] for u, v in itertools.pairwise(walk)]
        starts = problem.schedule(route, departure)
        circuits.append(
            Circuit(
                team_index=k,
                stops=tuple(table.ids[chosen[p - 1]] for p in route),
                nodes=tuple(walk),
                length_m=path_length(graph, walk),
                duration_s=max(
                    float(sum(e[weight] for e in edges)) + stop_s * len(route), starts[-1] - departure
                ),
                risk=float(problem.prize[route].sum()),
                arrivals_s=tuple(starts[:-1]),
                departure_s=departure,
            )
        )
    return circuits, unreachable


def _vary_timing(
    problem: Problem, route: list[int], spread: float, rng: np.random.Generator
) -> tuple[list[int], float]:
    """Draw a direction and a departure for ``route``, keeping it within the budget and its windows.

    With probability ``spread / 2`` the route runs backwards (when that keeps its windows); it leaves
    at a uniform time from 0 to ``spread`` times its latest feasible departure.
    """
    if spread <= 0 or not route:
        return route, 0.0
    if rng.random() < spread / 2 and problem.is_feasible(route[::-1]):
        route = route[::-1]
    return route, float(rng.uniform(0.0, spread * _latest_departure(problem, route)))


def _latest_departure(problem: Problem, route: list[int]) -> float:
    """Return the latest departure that keeps ``route`` feasible (0 if only leaving at once does).

    Leaving later never makes a visit begin earlier, so the feasible departures form an interval
    from 0; bisection finds its end to a second.
    """
    low, high = 0.0, problem.budget
    if problem.is_feasible(route, high):
        return high
    while high - low > 1.0:
        middle = (low + high) / 2
        low, high = (middle, high) if problem.is_feasible(route, middle) else (low, middle)
    return low


@dataclass(frozen=True)
class _Places:
    ids: list[str]
    nodes: list[int]
    risks: list[float]
    #: Per place, its windows sorted and merged; empty for any time.
    windows: list[tuple[Window, ...]]
    #: Per place, its name as people say it (its id when the table has no ``name``).
    names: list[str]

    def named(self, place_id: str) -> str:
        """Name a place for a message: its name, and its id when that is not the name."""
        name = self.names[self.ids.index(place_id)]
        return f"'{name}'" if name == place_id else f"'{name}' ({place_id})"


def _check_locked_in_reach(table: _Places, locked: Mapping[str, int], in_reach: set[str]) -> None:
    for place_id, team in locked.items():
        if place_id not in in_reach:
            raise PlanningError(
                f"Tổ {team + 1} được giao điểm {table.named(place_id)} nhưng không thể tới đó và về trụ sở "
                "trong ca (hoặc trong khung giờ của điểm).",
                f"Team {team + 1} is given stop {table.named(place_id)} but cannot reach it and return to "
                "the base within the shift (or within the place's time window).",
            )


def _locked_do_not_fit(table: _Places, locked: Mapping[str, int]) -> PlanningError:
    given = sorted(locked.items(), key=lambda item: (item[1], item[0]))
    stops_vi = ", ".join(f"{table.named(p)} (tổ {k + 1})" for p, k in given)
    stops_en = ", ".join(f"{table.named(p)} (team {k + 1})" for p, k in given)
    return PlanningError(
        f"Các điểm được giao cố định {stops_vi} không thể cùng đi hết trong ca; hãy bỏ bớt một điểm "
        "hoặc giao cho tổ khác.",
        f"The fixed stops {stops_en} cannot all be visited within the shift; remove one or give it "
        "to another team.",
    )


def _read_places(places: pd.DataFrame, graph: nx.Graph, locked: Mapping[str, int], n_teams: int) -> _Places:
    missing = [c for c in ("place_id", "node", "risk") if c not in places.columns]
    if missing:
        raise PlanningError(
            f"Bảng địa điểm thiếu cột: {', '.join(missing)}.",
            f"The places table lacks the column(s): {', '.join(missing)}.",
        )
    ids = [str(p) for p in places["place_id"]]
    if len(set(ids)) < len(ids):
        twice = next(p for p in ids if ids.count(p) > 1)
        raise PlanningError(f"Mã địa điểm '{twice}' có hai lần.", f"Place id '{twice}' appears twice.")
    if places["node"].isna().any():
        pid = ids[int(np.flatnonzero(places["node"].isna().to_numpy())[0])]
        raise PlanningError(
            f"Địa điểm '{pid}' chưa gắn với nút nào của mạng đường.",
            f"Place '{pid}' is not attached to any node of the road graph.",
        )
    nodes = [int(n) for n in places["node"]]
    risks = [float(r) for r in places["risk"]]
    for pid, node, risk in zip(ids, nodes, risks, strict=True):
        if node not in graph:
            raise PlanningError(
                f"Địa điểm '{pid}' gắn với nút {node}, không có trên mạng đường.",
                f"Place '{pid}' is at node {node}, which is not on the road graph.",
            )
        if not risk >= 0:
            raise PlanningError(
                f"Địa điểm '{pid}' có mức rủi ro {risk}; rủi ro phải là số ≥ 0.",
                f"Place '{pid}' has risk {risk}; risk must be a number >= 0.",
            )
    for pid, team in locked.items():
        if pid not in ids or not 0 <= team < n_teams:
            raise PlanningError(
                f"Điểm cố định '{pid}' của tổ {team + 1}: không có điểm này trong danh sách, "
                "hoặc không có tổ này.",
                f"Fixed stop '{pid}' of team {team + 1}: no such place in the list, or no such team.",
            )
    cells = places["windows"] if "windows" in places.columns else [()] * len(ids)
    windows = [_read_windows(pid, cell) for pid, cell in zip(ids, cells, strict=True)]
    names = [str(n) for n in places["name"]] if "name" in places.columns else ids
    return _Places(ids, nodes, risks, windows, names)


def _read_windows(place_id: str, cell: object) -> tuple[Window, ...]:
    """Return a place's windows sorted, those that overlap merged; empty for any time."""
    if cell is None or (isinstance(cell, float) and np.isnan(cell)):
        return ()
    pairs = []
    for pair in cell:  # type: ignore[attr-defined]
        early, late = (float(v) for v in pair)
        if not early <= late:
            raise PlanningError(
                f"Địa điểm '{place_id}' có khung giờ từ {early:g} đến {late:g} giây: mở sau khi đóng.",
                f"Place '{place_id}' has a window from {early:g} to {late:g} s: it opens after it closes.",
            )
        pairs.append((early, late))
    merged: list[Window] = []
    for early, late in sorted(pairs):
        if merged and early <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], late))
        else:
            merged.append((early, late))
    return tuple(merged)


def _sparse(graph: nx.Graph, order: dict[int, int], weight: str) -> csr_array:
    rows, cols, vals = [], [], []
    for u, v, w in graph.edges(data=weight):
        if w is None or not float(w) >= 0:
            raise ValueError(f"edge ({u}, {v}) has no non-negative '{weight}' attribute")
        if u != v:
            rows.append(order[u])
            cols.append(order[v])
            vals.append(float(w))
    n = len(order)
    return csr_array((np.array(vals, dtype=float), (rows, cols)), shape=(n, n))


def _point_times(matrix: csr_array, order: dict[int, int], points: list[int], limit: float) -> np.ndarray:
    """Return the symmetric matrix of shortest travel times between points (inf beyond limit)."""
    cols = [order[p] for p in points]
    rows = [
        dijkstra(matrix, directed=False, indices=cols[i : i + _CHUNK], limit=limit)[:, cols]
        for i in range(0, len(cols), _CHUNK)
    ]
    times = np.vstack(rows)
    return np.minimum(times, times.T)


def _expand(
    matrix: csr_array, order: dict[int, int], routes: list[list[int]], base: int, limit: float
) -> list[list[int]]:
    """Turn each route (graph nodes of its stops) into a closed walk of graph nodes."""
    starts = sorted({base} | {n for r in routes for n in r}, key=order.__getitem__)
    node_of = list(order)
    walks = []
    _, pred = dijkstra(
        matrix,
        directed=False,
        indices=[order[s] for s in starts],
        limit=limit,
        return_predecessors=True,
    )
    row = {s: i for i, s in enumerate(starts)}
    for route in routes:
        walk = [base]
        for u, v in zip([base, *route], [*route, base], strict=True):
            leg, i = [], order[v]
            while i != order[u]:
                leg.append(node_of[i])
                i = int(pred[row[u], i])
            walk.extend(reversed(leg))
        walks.append(walk)
    return walks
