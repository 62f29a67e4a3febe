"""Patrol circuits on the road graph: team orienteering, first version.

Each team leaves the base, visits places and comes back within a time budget; together the teams
visit the riskiest set of places they can, none twice; among plans of equal risk the one whose
longest circuit is shortest (then the next longest...) wins, so teams share the work.

Method: shortest-path times between the base and the candidate places (``scipy.sparse.csgraph``
Dijkstra); a greedy insertion by risk per added second, improved by 2-opt, relocate, insertion and
replacement moves; then ruin-and-recreate restarts (drop half the stops of the best plan, insert
again with seeded random noise on the ratios, improve) keeping the best plan; finally each leg is
expanded into graph nodes. A later issue benchmarks PyVRP and OR-Tools routing as the engine on
team-orienteering instances; this module keeps the interface and the walk expansion.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra

from patrol_map.errors import PlanningError

_NOISE = 0.5  # a restart scales each risk-per-second ratio by a random factor in [0.5, 1.5]
_RUIN = 0.5  # share of the best plan's stops a restart removes before inserting again
_EPS = 1e-9
_CHUNK = 64  # Dijkstra sources per call, to bound memory on large graphs


@dataclass(frozen=True)
class Circuit:
    """One team's closed walk from the base through its stops and back."""

    team_index: int
    stops: tuple[str, ...]
    nodes: tuple[int, ...]
    length_m: float
    duration_s: float
    risk: float


@dataclass(frozen=True)
class _Problem:
    times: np.ndarray  # travel seconds between points; point 0 is the base
    risk: np.ndarray  # risk of each point (0 for the base)
    stop_s: float
    budget_s: float

    def cost(self, route: list[int]) -> float:
        seq = [0, *route, 0]
        return float(self.times[seq[:-1], seq[1:]].sum()) + self.stop_s * len(route)


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
    restarts: int = 8,
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
        are not visited.
    n_teams
        Number of teams, hence of circuits.
    budget_s
        Longest circuit, travel plus stops, in seconds.
    stop_s
        Time spent at each visited place, in seconds.
    weight
        Edge attribute holding travel time in seconds (``time_moto_s`` or ``time_foot_s``).
    seed
        Seed of the randomised restarts; the same inputs and seed give the same circuits.
    restarts
        Constructions tried; the first is the plain greedy one.

    Returns
    -------
    circuits : list of Circuit
        ``n_teams`` circuits, the riskiest first; a team with nothing in reach gets no stop
        and ``nodes == (base_node,)``.
    unreachable : list of str
        Ids of places no road joins to the base, in the order of ``places``.

    Raises
    ------
    PlanningError
        If the base or a place is not on the graph, a risk is negative, or a size is invalid.

    """
    if n_teams < 1 or budget_s < 0 or stop_s < 0 or restarts < 1:
        raise PlanningError(
            "Số tổ, thời gian tối đa, thời gian dừng và số lần thử phải hợp lệ (số tổ ≥ 1, thời gian ≥ 0).",
            "Teams, time budget, stop time and restarts must be valid (teams >= 1, times >= 0).",
        )
    if base_node not in graph:
        raise PlanningError(
            f"Điểm xuất phát {base_node} không nằm trên mạng đường.",
            f"The base node {base_node} is not on the road graph.",
        )
    ids, nodes, risks = _read_places(places, graph)
    order = {node: i for i, node in enumerate(graph.nodes)}
    matrix = _sparse(graph, order, weight)
    from_base = dijkstra(matrix, directed=False, indices=order[base_node])
    to_place = from_base[[order[n] for n in nodes]] if nodes else np.empty(0)
    unreachable = [pid for pid, t in zip(ids, to_place, strict=True) if not np.isfinite(t)]
    chosen = [i for i, t in enumerate(to_place) if risks[i] > 0 and 2 * t + stop_s <= budget_s + _EPS]
    points = [base_node] + [nodes[i] for i in chosen]
    problem = _Problem(
        times=_point_times(matrix, order, points, budget_s),
        risk=np.array([0.0] + [risks[i] for i in chosen]),
        stop_s=float(stop_s),
        budget_s=float(budget_s),
    )
    best = _search(problem, n_teams, np.random.default_rng(seed), restarts)
    best.sort(key=lambda r: (-float(problem.risk[r].sum()), problem.cost(r)))
    walks = _expand(matrix, order, [[points[p] for p in r] for r in best], base_node, budget_s)
    circuits = []
    for k, (route, walk) in enumerate(zip(best, walks, strict=True)):
        edges = [graph.edges[u, v] for u, v in itertools.pairwise(walk)]
        circuits.append(
            Circuit(
                team_index=k,
                stops=tuple(ids[chosen[p - 1]] for p in route),
                nodes=tuple(walk),
                length_m=float(sum(e["length_m"] for e in edges)),
                duration_s=float(sum(e[weight] for e in edges)) + problem.stop_s * len(route),
                risk=float(problem.risk[route].sum()),
            )
        )
    return circuits, unreachable


def _read_places(places: pd.DataFrame, graph: nx.Graph) -> tuple[list[str], list[int], list[float]]:
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
    return ids, nodes, risks


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


def _search(problem: _Problem, n_teams: int, rng: np.random.Generator, restarts: int) -> list[list[int]]:
    """Greedy plan, then ruin-and-recreate restarts from the best plan so far."""
    best: list[list[int]] = [[] for _ in range(n_teams)]
    _insert(problem, best, None)
    _improve(problem, best)
    for _ in range(restarts - 1):
        routes = [[p for p in r if rng.random() >= _RUIN] for r in best]
        _insert(problem, routes, rng)
        _improve(problem, routes)
        if _score(problem, routes) > _score(problem, best):
            best = routes
    return best


def _insert(problem: _Problem, routes: list[list[int]], rng: np.random.Generator | None) -> None:
    """Insert unvisited points by best risk per added second until none fits."""
    visited = {p for r in routes for p in r}
    todo = np.array([p for p in range(1, len(problem.risk)) if p not in visited], dtype=int)
    costs = [problem.cost(r) for r in routes]
    times = problem.times
    while todo.size:
        added = np.full((len(routes), todo.size), np.inf)
        where = np.zeros((len(routes), todo.size), dtype=int)
        for k, route in enumerate(routes):
            seq = np.array([0, *route, 0])
            a, b = seq[:-1], seq[1:]
            extra = times[a][:, todo] + times[todo][:, b].T - times[a, b][:, None]
            where[k] = extra.argmin(axis=0)
            added[k] = extra[where[k], np.arange(todo.size)] + problem.stop_s
            added[k][costs[k] + added[k] > problem.budget_s + _EPS] = np.inf
        team = added.argmin(axis=0)
        best = added[team, np.arange(todo.size)]
        ratio = np.where(np.isfinite(best), problem.risk[todo] / np.maximum(best, _EPS), -1.0)
        if ratio.max() < 0:
            return
        if rng is not None:
            ratio *= rng.uniform(1 - _NOISE, 1 + _NOISE, ratio.size)
        j = int(ratio.argmax())
        k = int(team[j])
        routes[k].insert(int(where[k, j]), int(todo[j]))
        costs[k] += float(best[j])
        todo = np.delete(todo, j)


def _improve(problem: _Problem, routes: list[list[int]]) -> None:
    """Apply 2-opt, relocate, insertion and replacement until none improves the score."""
    while True:
        before = _score(problem, routes)
        for route in routes:
            _two_opt(problem.times, route)
        _relocate(problem, routes)
        _insert(problem, routes, None)
        _replace(problem, routes)
        if _score(problem, routes) <= before:
            return


def _profile(costs: list[float]) -> tuple[float, ...]:
    """Circuit durations, longest first: a smaller profile is a better balanced plan."""
    return tuple(sorted((round(c, 6) for c in costs), reverse=True))


def _score(problem: _Problem, routes: list[list[int]]) -> tuple[float, tuple[float, ...]]:
    """Total risk first; among equal risks, the shorter longest circuit, and so on."""
    risk = round(sum(float(problem.risk[r].sum()) for r in routes), 9)
    return risk, tuple(-c for c in _profile([problem.cost(r) for r in routes]))


def _two_opt(times: np.ndarray, route: list[int]) -> None:
    seq = [0, *route, 0]
    improved = True
    while improved:
        improved = False
        for i in range(1, len(seq) - 2):
            for j in range(i + 1, len(seq) - 1):
                gain = (
                    times[seq[i - 1], seq[i]]
                    + times[seq[j], seq[j + 1]]
                    - times[seq[i - 1], seq[j]]
                    - times[seq[i], seq[j + 1]]
                )
                if gain > _EPS:
                    seq[i : j + 1] = seq[i : j + 1][::-1]
                    improved = True
    route[:] = seq[1:-1]


def _best_position(problem: _Problem, route: list[int], point: int) -> tuple[int, float]:
    seq = np.array([0, *route, 0])
    t = problem.times
    extra = t[seq[:-1], point] + t[point, seq[1:]] - t[seq[:-1], seq[1:]]
    i = int(extra.argmin())
    return i, float(extra[i]) + problem.stop_s


def _savings(problem: _Problem, route: list[int]) -> np.ndarray:
    """Return the time saved by removing each stop of a route."""
    seq, t = np.array([0, *route, 0]), problem.times
    return t[seq[:-2], seq[1:-1]] + t[seq[1:-1], seq[2:]] - t[seq[:-2], seq[2:]] + problem.stop_s


def _relocate(problem: _Problem, routes: list[list[int]]) -> None:
    """Move single stops to where they best shorten the longest circuits (then the others)."""
    for k in range(len(routes)):
        for point in list(routes[k]):
            rest = [p for p in routes[k] if p != point]
            costs = [problem.cost(r) for r in routes]
            best, move = _profile(costs), None
            costs[k] = problem.cost(rest)
            for m, other in enumerate(routes):
                target = rest if m == k else other
                pos, added = _best_position(problem, target, point)
                new = [*costs[:m], costs[m] + added, *costs[m + 1 :]]
                if new[m] <= problem.budget_s + _EPS and _profile(new) < best:
                    best, move = _profile(new), (m, pos)
            if move is not None:
                routes[k] = rest
                routes[move[0]].insert(move[1], point)


def _replace(problem: _Problem, routes: list[list[int]]) -> None:
    """Make room for a riskier unvisited point by dropping the stops worth least per second."""
    visited = {p for r in routes for p in r}
    todo = [p for p in range(1, len(problem.risk)) if p not in visited]
    risk = problem.risk
    for point in sorted(todo, key=lambda p: (-risk[p], p)):
        best: tuple[float, float, int, list[int]] | None = None
        for k, route in enumerate(routes):
            rest, lost = list(route), 0.0
            pos, added = _best_position(problem, rest, point)
            while problem.cost(rest) + added > problem.budget_s + _EPS and lost < risk[point]:
                i = int(np.argmin(risk[rest] / np.maximum(_savings(problem, rest), _EPS)))
                lost += risk[rest.pop(i)]
                pos, added = _best_position(problem, rest, point)
            cost = problem.cost(rest) + added
            gain = float(risk[point]) - lost
            if cost <= problem.budget_s + _EPS and gain > _EPS and (best is None or (gain, -cost) > best[:2]):
                best = (gain, -cost, k, [*rest[:pos], point, *rest[pos:]])
        if best is not None:
            routes[best[2]] = best[3]


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
