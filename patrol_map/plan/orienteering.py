"""Team orienteering with time windows: which points each route visits, and in what order.

Every route leaves the start point (0) and ends at the end point (the base again for a patrol
circuit) within a time budget, spending a service time at each visited point and beginning each
visit inside the point's time window; together the routes collect the most prize, no point twice.
Among plans of equal prize the one of least total time wins, so circuits do not wander.

Engine: PyVRP's iterated local search on a prize-collecting vehicle routing problem, in two
phases. The *guided* phase gives travel time a cost and scales prizes so that an average prize is
worth an average leg: PyVRP ranks each client's neighbours by the cost of the edge between them,
and with travel free (the plain orienteering objective) every edge costs the same and the search
loses its sense of place. The *exact* phase starts from the guided plan with prizes scaled so
that the least prize outweighs all travel, and a lateness penalty above any prize: the most
prize first, then the least time. Chosen by ``patrol-map bench top`` on the Chao TOP sets 1-4
(207 instances, mean score / best-known, every route checked by ``check_top.py``; the table is in
README.md and the runs in ``bench/results/top-10s/``). At 10 s per instance on one core this
two-phase PyVRP reaches 0.9972 (sets 1-4: 0.9979, 0.9991, 1.0000, 0.9927), OR-Tools routing with
guided local search 0.9679 (0.9813, 0.9991, 0.9810, 0.9254) and plain prize-collecting PyVRP
0.9521 (0.9962, 0.9991, 0.9958, 0.8429: on set 4 it loses its sense of place, as said above).
At 1 s the figures were 0.980 for the first hand-written search, 0.965 for OR-Tools and 0.937
for plain PyVRP, so PyVRP, guided, is the engine and the hand-written search was retired.

Locks (a point only one route may take) are expressed with one vehicle type per route and a
routing profile per type in which the points locked to other routes cannot be reached.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from pyvrp import Model, ProblemData, Solution, SolveParams
    from pyvrp.stop import StoppingCriterion

#: Smallest prize difference the exact phase tells apart, as a share of the smallest prize.
_PRIZE_RESOLUTION = 1000
#: Share of the time given to the guided phase when the solve is timed.
_GUIDED_SHARE = 0.8
#: Longest a solve may run, seconds, whatever the iteration limit (a guard on slow machines).
MAX_SECONDS = 30.0
EPS = 1e-9


@dataclass(frozen=True)
class Problem:
    """A team orienteering problem with time windows on a travel-time matrix.

    Parameters
    ----------
    times
        Travel time between points (square; ``inf`` where no path); point 0 is the start.
    prize
        Prize collected at each point (``>= 0``; 0 for the start and the end).
    service
        Time spent at each visited point (one value for all, or one per point).
    budget
        Longest route, travel, waiting and service included.
    n_routes
        Number of routes.
    end
        The point every route ends at: the start (0) for a patrol circuit, another point for
        the TOP benchmark, whose paths run from a start to an end.
    windows
        Optional ``(n, 2)`` array: earliest and latest start of each visit, counted from the start
        of the routes; ``None`` lets every visit begin at any time within the budget.
    required
        Points that must be visited.
    route_of
        Points that only one route may visit (point -> route index).
    scale
        Times are multiplied by this and rounded up to integers (rounded down for the budget), so
        a route within the integer budget is also within the real one.
    xy
        Optional ``(n, 2)`` coordinates, which PyVRP uses to tell routes apart geometrically.

    """

    times: np.ndarray
    prize: np.ndarray
    service: float | np.ndarray
    budget: float
    n_routes: int
    end: int = 0
    windows: np.ndarray | None = None
    required: frozenset[int] = frozenset()
    route_of: Mapping[int, int] = field(default_factory=dict)
    scale: float = 1.0
    xy: np.ndarray | None = None

    @property
    def n(self) -> int:
        """Number of points, start and end included."""
        return len(self.prize)

    def points(self) -> list[int]:
        """Return the points a route may visit (all but the start and the end)."""
        return [p for p in range(1, self.n) if p != self.end]

    def service_of(self, point: int) -> float:
        """Return the service time at ``point``."""
        return float(np.broadcast_to(self.service, (self.n,))[point])

    def schedule(self, route: list[int], departure: float = 0.0) -> list[float]:
        """Return when each visit of ``route`` begins (waiting for a window to open), and the end time.

        The route leaves the start at ``departure`` (0: as soon as the routes begin).
        """
        clock, here, starts = departure, 0, []
        for point in [*route, self.end]:
            clock += float(self.times[here, point])
            if point != self.end and self.windows is not None:
                clock = max(clock, float(self.windows[point, 0]))
            starts.append(clock)
            clock += self.service_of(point) if point != self.end else 0.0
            here = point
        return starts

    def is_feasible(self, route: list[int], departure: float = 0.0) -> bool:
        """Return True if ``route``, leaving at ``departure``, keeps the budget and every window."""
        starts = self.schedule(route, departure)
        if starts[-1] > self.budget + EPS:
            return False
        if self.windows is None:
            return True
        return all(starts[i] <= self.windows[p, 1] + EPS for i, p in enumerate(route))


def solve(
    problem: Problem, seed: int = 0, *, seconds: float | None = None, patience: int = 2000
) -> list[list[int]]:
    """Find routes that collect the most prize, then take the least time.

    Parameters
    ----------
    problem
        The problem.
    seed
        Seed of PyVRP's search; with ``seconds`` left out, the same problem and seed give the
        same routes.
    seconds
        When given, the two phases share this time (80 % guided, 20 % exact; the result then
        depends on the machine); otherwise a phase stops after ``patience`` iterations without
        improvement.
    patience
        Iterations without improvement that end a phase when ``seconds`` is not given.

    Returns
    -------
    list of list of int
        ``n_routes`` routes of point indices (start and end left out), route ``k`` being the one
        that locked points name as ``k``; each route is feasible.

    Raises
    ------
    Infeasible
        If the required points cannot all be visited.

    """
    times = _integer_times(problem)
    # A window narrower than the time resolution may vanish in integers; such a point cannot be kept.
    clients = [
        p for p in problem.points() if _integer_window(problem, p)[0] <= _integer_window(problem, p)[1]
    ]
    if not problem.required <= set(clients):
        raise Infeasible(sorted(problem.required - set(clients)))
    per_route = bool(problem.route_of)
    guided = _model(problem, times, clients, _guide_scale(problem, times))
    first = None if seconds is None else seconds * _GUIDED_SHARE
    result = guided.solve(stop=_stop(first, patience), seed=seed, display=False)
    exact_scale = _exact_scale(problem, times)
    exact = _model(problem, times, clients, exact_scale)
    start = _solution(exact.data(), clients, _routes(result.best, clients, problem.n_routes, per_route))
    rest = None if seconds is None else seconds - first
    result = exact.solve(
        stop=_stop(rest, patience),
        seed=seed,
        display=False,
        initial_solution=start,
        params=_feasible_only(exact_scale * float(problem.prize.max())),
    )
    if not result.best.is_feasible():
        raise Infeasible(sorted(problem.required))
    return balance(problem, _routes(result.best, clients, problem.n_routes, per_route))


def balance(problem: Problem, routes: list[list[int]]) -> list[list[int]]:
    """Move stops from the longest route to shorter ones while that shortens the longest.

    Written here because PyVRP minimises the sum of route times, never the longest one: when
    there is time to spare it may give one team every stop and leave another at the base. The
    prize collected is unchanged; a point locked to a route stays on it.

    Parameters
    ----------
    problem
        The problem the routes solve.
    routes
        Feasible routes, one per team.

    Returns
    -------
    list of list of int
        The routes after balancing, each still feasible.

    """
    routes = [list(r) for r in routes]
    ends = [problem.schedule(r)[-1] for r in routes]
    for _ in range(4 * sum(map(len, routes)) + 1):
        longest = max(range(len(routes)), key=ends.__getitem__)
        move = _best_move(problem, routes, ends, longest)
        if move is None:
            break
        point, target, position = move
        routes[longest].remove(point)
        routes[target].insert(position, point)
        ends[longest], ends[target] = (problem.schedule(routes[k])[-1] for k in (longest, target))
    return routes


def _best_move(
    problem: Problem, routes: list[list[int]], ends: list[float], longest: int
) -> tuple[int, int, int] | None:
    """Return the (point, target route, position) that most shortens the longest route, if any."""
    best, best_end = None, ends[longest] - EPS
    for point in routes[longest]:
        if point in problem.route_of:
            continue
        shorter = [p for p in routes[longest] if p != point]
        end_without = problem.schedule(shorter)[-1]
        for target, route in enumerate(routes):
            # Only a route at least one stop shorter can take a stop and end sooner than the longest.
            if target == longest or ends[target] + problem.service_of(point) >= best_end:
                continue
            for position in range(len(route) + 1):
                candidate = [*route[:position], point, *route[position:]]
                end = max(end_without, problem.schedule(candidate)[-1])
                if end < best_end and problem.is_feasible(candidate):
                    best, best_end = (point, target, position), end
    return best


class Infeasible(Exception):
    """The required points cannot all be visited within the budget and their windows."""

    def __init__(self, points: list[int]) -> None:
        super().__init__(f"required points {points} cannot all be visited")
        self.points = points


def _feasible_only(penalty: float) -> SolveParams:
    """Return solver parameters whose penalty on lateness outweighs any prize, and stays so.

    PyVRP explores infeasible plans, paying a penalty per unit of lateness that it adapts between
    bounds; the bounds are set here so that no prize ever pays for being late.
    """
    from pyvrp import PenaltyParams, SolveParams

    return SolveParams(penalty=PenaltyParams(min_penalty=penalty, max_penalty=penalty))


def _integer_times(problem: Problem) -> np.ndarray:
    """Return the travel times scaled and rounded up, a time beyond the budget where there is no path."""
    beyond = _integer(problem.budget * problem.scale, math.floor) + 1
    scaled = np.ceil(np.where(np.isfinite(problem.times), problem.times, 0) * problem.scale - EPS)
    return np.where(np.isfinite(problem.times), np.minimum(scaled, beyond), beyond).astype(np.int64)


def _guide_scale(problem: Problem, times: np.ndarray) -> float:
    """Return the prize scale of the guided phase: an average prize worth an average leg.

    PyVRP's granular neighbourhood ranks a client's neighbours by the cost of the edge between
    them; with travel costing nothing (the pure orienteering objective) every edge costs the same
    and the neighbourhood loses its geometry, which on the Chao TOP set 4 left PyVRP at 0.79 of the
    best-known scores at 1 s. Travel is therefore given a cost, and prizes a scale at which the
    search weighs a detour against a prize.
    """
    prizes = problem.prize[problem.points()]
    positive = prizes[prizes > 0]
    legs = times[np.isfinite(problem.times) & (times > 0)]
    if positive.size == 0 or legs.size == 0:
        return 1.0
    return float(legs.mean() / positive.mean())


def _exact_scale(problem: Problem, times: np.ndarray) -> float:
    """Return the prize scale of the exact phase: the least prize outweighs all routes' travel.

    Prize then comes strictly first and travel time only breaks ties: the orienteering objective.
    """
    prizes = problem.prize[problem.points()]
    positive = prizes[prizes > 0]
    if positive.size == 0:
        return 1.0
    all_travel = problem.n_routes * (_integer(problem.budget * problem.scale, math.floor) + 1)
    # Capped so that the sum of all scaled prizes stays well within PyVRP's 64-bit costs.
    return min(float(all_travel / positive.min()) * _PRIZE_RESOLUTION, 1e17 / positive.sum())


def _model(problem: Problem, times: np.ndarray, clients: list[int], prize_scale: float) -> Model:
    """Build the PyVRP model; client ``i`` is point ``clients[i]``."""
    from pyvrp import Model

    budget = _integer(problem.budget * problem.scale, math.floor)
    xy = problem.xy if problem.xy is not None else np.zeros((problem.n, 2))
    model = Model()
    used = [0, *([problem.end] if problem.end else []), *clients]
    locations = {p: model.add_location(x=float(xy[p, 0]), y=float(xy[p, 1])) for p in used}
    start = model.add_depot(locations[0], tw_late=budget)
    end = model.add_depot(locations[problem.end], tw_late=budget) if problem.end else start
    for point in clients:
        early, late = _integer_window(problem, point)
        model.add_client(
            locations[point],
            service_duration=_integer(problem.service_of(point) * problem.scale, math.ceil),
            tw_early=early,
            tw_late=late,
            prize=round(float(problem.prize[point]) * prize_scale),
            required=point in problem.required,
        )
    per_route = bool(problem.route_of)
    for k in range(problem.n_routes if per_route else 1):
        profile = model.add_profile() if per_route else None
        model.add_vehicle_type(
            num_available=1 if per_route else problem.n_routes,
            start_depot=start,
            end_depot=end,
            tw_late=budget,
            shift_duration=budget,
            unit_distance_cost=0,
            unit_duration_cost=1,
            profile=profile,
        )
        barred = {p for p, route in problem.route_of.items() if route != k}
        for a in used:
            for b in used:
                cost = budget + 1 if b in barred and a != b else int(times[a, b])
                model.add_edge(locations[a], locations[b], distance=0, duration=int(cost), profile=profile)
    return model


def _integer_window(problem: Problem, point: int) -> tuple[int, int]:
    """Return a point's window in integer time, rounded inwards (it may come out empty)."""
    early, late = (0.0, problem.budget) if problem.windows is None else problem.windows[point]
    return (
        _integer(max(float(early), 0.0) * problem.scale, math.ceil),
        _integer(min(float(late), problem.budget) * problem.scale, math.floor),
    )


def _integer(value: float, rounding: Callable[[float], int]) -> int:
    return int(rounding(value - EPS if rounding is math.ceil else value + EPS))


def _routes(solution: Solution, clients: list[int], n_routes: int, per_route: bool) -> list[list[int]]:
    """Return the routes of a PyVRP solution as point indices, route ``k`` on vehicle type ``k``."""
    routes: list[list[int]] = [[] for _ in range(n_routes)]
    for k, route in enumerate(solution.routes()):
        # With one vehicle type per route (locks), the type is the route; otherwise any order does.
        k = route.vehicle_type() if per_route else k
        routes[k] = [clients[a.idx] for a in route.schedule() if a.is_client()]
    return routes


def _solution(data: ProblemData, clients: list[int], routes: list[list[int]]) -> Solution:
    """Return the PyVRP solution of ``routes`` (point indices) on ``data`` built from ``clients``."""
    from pyvrp import Route, Solution

    client_of = {point: i for i, point in enumerate(clients)}
    per_route = data.num_vehicle_types > 1
    return Solution(
        data,
        [Route(data, [client_of[p] for p in r], k if per_route else 0) for k, r in enumerate(routes) if r],
    )


def _stop(seconds: float | None, patience: int) -> StoppingCriterion:
    from pyvrp.stop import MaxRuntime, MultipleCriteria, NoImprovement

    if seconds is not None:
        return MaxRuntime(seconds)
    return MultipleCriteria([NoImprovement(patience), MaxRuntime(MAX_SECONDS)])
