"""Patrol circuits on the road graph: each team's closed walk from the base through its stops.

Shortest-path times between the base and the candidate places come from the road graph
(``scipy.sparse.csgraph`` Dijkstra); :mod:`patrol_map.plan.orienteering` chooses each team's stops
and their order on that matrix; each leg is then expanded into graph nodes, so a circuit follows
the roads. Places no road joins to the base are reported, never dropped silently.
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
from patrol_map.network.graph import path_length
from patrol_map.plan.orienteering import EPS, Problem, search

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
    chosen = [i for i, t in enumerate(to_place) if risks[i] > 0 and 2 * t + stop_s <= budget_s + EPS]
    points = [base_node] + [nodes[i] for i in chosen]
    problem = Problem(
        times=_point_times(matrix, order, points, budget_s),
        risk=np.array([0.0] + [risks[i] for i in chosen]),
        stop_s=float(stop_s),
        budget_s=float(budget_s),
    )
    best = search(problem, n_teams, np.random.default_rng(seed), restarts)
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
                length_m=path_length(graph, walk),
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
