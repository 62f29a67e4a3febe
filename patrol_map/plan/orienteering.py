"""Team orienteering with time windows: which points each route visits, and in what order.

Every route leaves the start point (0) and ends at the end point (the base again for a patrol
circuit) within a time budget, spending a service time at each visited point and beginning each
visit inside one of the point's time windows; together the routes collect the most prize, no
point twice. Among plans of equal prize the one of least total time wins, so circuits do not
wander.

Engine: PyVRP's iterated local search on a prize-collecting vehicle routing problem. Travel time
costs 1 a unit and prizes are scaled so that a step of prize outweighs all routes' time: the
most prize first, then the least time, and PyVRP's neighbourhoods (which rank a client's
neighbours by the cost of the edge between them) keep their sense of place. Without windows the
budget is PyVRP's distance limit (travel plus service); with windows it is its duration limit.
A point with several windows in the budget (a school gate morning and afternoon) is one client
per window in a mutually exclusive group, so it is visited at most once, in one of them. Points
no route could reach alone are left out of the search. The search itself is PyVRP's strongest
plain configuration found on the TOP benchmark (:mod:`patrol_map.benchmarks.engines` lists what
was tried): :data:`_NEIGHBOURS` neighbours per client, a restart from the best plan after
:data:`_RESTART` iterations without improvement. After the search, points that still fit in real
time (the search rounds times up to integers) are added, and stops are moved from the longest
route to shorter ones (:func:`fill`, :func:`balance`). When the search found no plan within every limit
(its penalties are capped), its best is repaired first (:func:`repair`).

Locks (a point only one route may take) are expressed with one vehicle type per route and a
routing profile per type in which the points locked to other routes cannot be reached.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from pyvrp import Model, Solution, SolveParams
    from pyvrp.stop import StoppingCriterion

#: A window in which a visit may begin: its earliest and latest start, from the start of the routes.
Window = tuple[float, float]

#: Prizes are counted in steps of the least positive prize divided by this (whole prizes: in ones).
_PRIZE_RESOLUTION = 1000
#: Neighbours of each client in PyVRP's granular search (its default: 50).
_NEIGHBOURS = 30
#: Iterations without improvement after which PyVRP goes back to its best plan (its default: 150,000).
_RESTART = 2000
#: At PyVRP's highest penalty, an excess over the budget of this share of it costs the largest prize.
_EXCESS_WORTH_A_PRIZE = 0.01
#: Longest an untimed search may run, seconds (a guard on slow machines).
MAX_SECONDS = 30.0
EPS = 1e-9
#: PyVRP's value for "no limit" (its default time window end, shift duration and distance).
_UNLIMITED = int(np.iinfo(np.int64).max)


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
        Optional: for each point, the windows in which a visit may begin (earliest and latest
        start, counted from the start of the routes), earliest first and not overlapping; a visit
        begins in one of them. A point with several windows (a school gate morning and
        afternoon) is still visited at most once. ``None`` lets every visit begin at any time
        within the budget.
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
    windows: Sequence[Sequence[Window]] | None = None
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

    def windows_of(self, point: int) -> Sequence[Window]:
        """Return the windows in which a visit to ``point`` may begin, earliest first."""
        return ((0.0, self.budget),) if self.windows is None else self.windows[point]

    def begin(self, point: int, arrival: float) -> float:
        """Return when a visit to ``point`` reached at ``arrival`` begins (``inf``: no window is left).

        The visit begins at once inside a window, else when the next window opens: beginning
        as early as possible never delays a later visit, so this is the schedule to check.
        """
        for early, late in self.windows_of(point):
            if arrival <= late + EPS:
                return max(arrival, float(early))
        return math.inf

    def schedule(self, route: list[int], departure: float = 0.0) -> list[float]:
        """Return when each visit of ``route`` begins (waiting for a window to open), and the end time.

        The route leaves the start at ``departure`` (0: as soon as the routes begin). A visit that
        no window admits begins at ``inf``, and so does everything after it.
        """
        clock, here, starts = departure, 0, []
        for point in route:
            clock = self.begin(point, clock + float(self.times[here, point]))
            starts.append(clock)
            clock += self.service_of(point)
            here = point
        starts.append(clock + float(self.times[here, self.end]))
        return starts

    def excess(self, route: list[int]) -> float:
        """Return by how much ``route`` breaks its windows and the budget (0: it keeps them).

        A visit reached after its last window closes counts the lateness and goes on as if it
        had begun then (PyVRP's time warp); an end after the budget counts what is over.
        """
        clock, here, excess = 0.0, 0, 0.0
        for point in route:
            arrival = clock + float(self.times[here, point])
            begin = self.begin(point, arrival)
            if math.isinf(begin):
                latest = float(self.windows_of(point)[-1][1])
                excess += arrival - latest
                begin = latest
            clock, here = begin + self.service_of(point), point
        return excess + max(clock + float(self.times[here, self.end]) - self.budget, 0.0)

    def is_feasible(self, route: list[int], departure: float = 0.0) -> bool:
        """Return True if ``route``, leaving at ``departure``, keeps the budget and a window per visit."""
        return self.schedule(route, departure)[-1] <= self.budget + EPS


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
        When given, the solve takes about this long, the building of the model included (the
        result then depends on the machine); otherwise the search stops after ``patience``
        iterations without improvement.
    patience
        Iterations without improvement that end the search when ``seconds`` is not given.

    Returns
    -------
    list of list of int
        ``n_routes`` routes of point indices (start and end left out), route ``k`` being the one
        that locked points name as ``k``; each route is feasible in real time.

    Raises
    ------
    Infeasible
        If the required points cannot all be visited.

    """
    started = time.perf_counter()
    lengths = _lengths(problem)
    clients = _clients(problem, lengths)
    if not problem.required <= {point for point, _ in clients}:
        raise Infeasible(sorted(problem.required - {point for point, _ in clients}))
    model = _model(problem, lengths, clients)
    # A timed solve counts the building of the model in its time.
    left = None if seconds is None else max(seconds - (time.perf_counter() - started), 0.0)
    with warnings.catch_warnings():
        # PyVRP warns when its penalty reaches the cap; a plan that still breaks a limit is repaired.
        from pyvrp.exceptions import PenaltyBoundWarning

        warnings.simplefilter("ignore", PenaltyBoundWarning)
        result = model.solve(
            stop=_stop(left, patience), seed=seed, collect_stats=False, display=False, params=_params(problem)
        )
    routes = _routes(result.best, clients, problem.n_routes, bool(problem.route_of))
    if not result.best.is_feasible():
        routes = repair(problem, routes)
    return balance(problem, fill(problem, routes))


def repair(problem: Problem, routes: list[list[int]]) -> list[list[int]]:
    """Make every route keep the budget and its windows, dropping points that do not fit.

    PyVRP returns its best plan that breaks a limit when it found none that keeps them all:
    its penalty per unit of excess is capped (:func:`_params`), so a small excess may cost less
    than the prize it buys. A required point that no route visits, or one on a route it is
    locked away from, is first put where it adds the least excess on a route it may take. Each
    broken route then loses, one at a time, the optional point whose removal leaves the least
    excess (:meth:`Problem.excess`), the smallest prize breaking ties; :func:`fill` may then add
    back what fits elsewhere.

    Parameters
    ----------
    problem
        The problem the routes are for.
    routes
        One route per route of the problem, perhaps breaking the budget or a window.

    Returns
    -------
    list of list of int
        The routes, each feasible.

    Raises
    ------
    Infeasible
        If a route cannot be made feasible without dropping a required point.

    """
    routes = [list(r) for r in routes]
    for k, route in enumerate(routes):
        for point in [p for p in route if problem.route_of.get(p, k) != k]:
            route.remove(point)
    visited = {p for r in routes for p in r}
    for point in sorted(problem.required - visited):
        allowed = [problem.route_of[point]] if point in problem.route_of else range(len(routes))
        _, k, i = min(
            (problem.excess([*routes[k][:i], point, *routes[k][i:]]), k, i)
            for k in allowed
            for i in range(len(routes[k]) + 1)
        )
        routes[k].insert(i, point)
    for route in routes:
        while problem.excess(route) > EPS:
            optional = [p for p in route if p not in problem.required]
            if not optional:
                raise Infeasible(sorted(problem.required))
            drop = min(
                optional,
                key=lambda p: (problem.excess([q for q in route if q != p]), problem.prize[p]),
            )
            route.remove(drop)
    return routes


def fill(problem: Problem, routes: list[list[int]]) -> list[list[int]]:
    """Add the points no route visits where they still fit in real time, most prize first.

    The search counts time in rounded-up integers, so a route may have room left in real time
    for one more point; each is put where it lengthens a route least.

    Parameters
    ----------
    problem
        The problem the routes solve.
    routes
        Feasible routes, one per route of the problem.

    Returns
    -------
    list of list of int
        The routes with the points added, each still feasible.

    """
    routes = [list(r) for r in routes]
    ends = [problem.schedule(r)[-1] for r in routes]
    visited = {p for r in routes for p in r}
    left = sorted(
        (p for p in problem.points() if p not in visited and problem.prize[p] > 0),
        key=lambda p: -problem.prize[p],
    )
    for point in left:
        best: tuple[float, int, int] | None = None
        for k, route in enumerate(routes):
            if problem.route_of.get(point, k) != k:
                continue
            with_point = _ends_with(problem, route, point, ends[k])
            position = int(np.argmin(with_point))
            end = float(with_point[position])
            if end <= problem.budget + EPS and (best is None or end - ends[k] < best[0]):
                best = (end - ends[k], k, position)
        if best is not None:
            _, k, position = best
            routes[k].insert(position, point)
            ends[k] = problem.schedule(routes[k])[-1]
    return routes


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
            with_point = _ends_with(problem, route, point, ends[target])
            position = int(np.argmin(with_point))
            end = max(end_without, float(with_point[position]))
            if end < best_end and with_point[position] <= problem.budget + EPS:
                best, best_end = (point, target, position), end
    return best


def _ends_with(problem: Problem, route: list[int], point: int, end: float) -> np.ndarray:
    """Return when ``route`` (ending at ``end``) ends with ``point`` inserted at each position.

    Without windows a route's time is the sum of its legs and stops, so each insertion adds
    its detour and stop; with windows each insertion is scheduled again.
    """
    if problem.windows is not None:
        return np.array(
            [problem.schedule([*route[:i], point, *route[i:]])[-1] for i in range(len(route) + 1)]
        )
    legs = [0, *route, problem.end]
    before, after = np.array(legs[:-1]), np.array(legs[1:])
    detour = problem.times[before, point] + problem.times[point, after] - problem.times[before, after]
    return end + problem.service_of(point) + detour


class Infeasible(Exception):
    """The required points cannot all be visited within the budget and their windows."""

    def __init__(self, points: list[int]) -> None:
        super().__init__(f"required points {points} cannot all be visited")
        self.points = points


def _params(problem: Problem) -> SolveParams:
    """Return PyVRP's solver parameters: neighbours, restarts, penalties scaled to the prizes.

    PyVRP explores plans that break the budget or a window, paying a penalty per unit of excess
    that it adapts between bounds to keep about two thirds of its plans feasible. Its default
    bounds (0.1 to 100,000) suit costs of the size of a route; prizes worth more than all routes'
    time can be far larger, and would then pay for any excess. The upper bound is raised, when
    need be, so that an excess of :data:`_EXCESS_WORTH_A_PRIZE` of the budget costs the largest
    prize, the lower one keeping the default ratio; on the TOP sets the defaults stand.
    """
    from pyvrp import IteratedLocalSearchParams, PenaltyParams, SolveParams
    from pyvrp.search import NeighbourhoodParams

    default = PenaltyParams()
    budget = max(_integer(problem.budget * problem.scale, math.floor), 1)
    largest = _prize_weight(problem) * float(problem.prize.max(initial=0.0))
    most = max(largest / (_EXCESS_WORTH_A_PRIZE * budget), default.max_penalty)
    least = most * default.min_penalty / default.max_penalty
    return SolveParams(
        ils=IteratedLocalSearchParams(num_iters_no_improvement=_RESTART),
        penalty=PenaltyParams(min_penalty=least, max_penalty=most),
        neighbourhood=NeighbourhoodParams(num_neighbours=_NEIGHBOURS),
    )


def _clients(problem: Problem, lengths: np.ndarray) -> list[tuple[int, tuple[int, int]]]:
    """Return PyVRP's clients: a point and one of its windows in integer time.

    A window is kept when a route visiting that point alone, in that window, keeps the budget;
    the others would only crowd PyVRP's neighbourhoods. A window narrower than the time
    resolution may vanish in integers. A point left with no window cannot be visited.
    """
    by_time = problem.windows is not None
    budget = _integer(problem.budget * problem.scale, math.floor)
    clients = []
    for point in problem.points():
        there, back = int(lengths[0, point]), int(lengths[point, problem.end])
        service = _integer(problem.service_of(point) * problem.scale, math.ceil) if by_time else 0
        for first, last in _integer_windows(problem, point):
            begin = max(there, first)
            if begin <= last and begin + service + back <= budget:
                clients.append((point, (first, last)))
    return clients


def _integer_windows(problem: Problem, point: int) -> list[tuple[int, int]]:
    """Return a point's windows in integer time, rounded inwards, the empty ones left out."""
    budget = _integer(problem.budget * problem.scale, math.floor)
    windows = []
    for early, late in problem.windows_of(point):
        first = _integer(max(float(early), 0.0) * problem.scale, math.ceil)
        last = min(_integer(min(float(late), problem.budget) * problem.scale, math.floor), budget)
        if first <= last:
            windows.append((first, last))
    return windows


def _prize_weight(problem: Problem) -> float:
    """Return what a unit of prize is worth in the search: a prize step outweighs all routes' time.

    Prizes are counted in steps (1 when every prize is a whole number, as TOP scores are, else
    the least positive prize over :data:`_PRIZE_RESOLUTION`); a step is worth one more than all
    routes' time together, so the most prize comes first and the least time only breaks ties.
    """
    prizes = problem.prize[problem.points()]
    positive = prizes[prizes > 0]
    if positive.size == 0:
        return 1.0
    whole = bool(np.all(positive == np.round(positive)))
    step = 1.0 if whole else float(positive.min()) / _PRIZE_RESOLUTION
    all_time = problem.n_routes * (_integer(problem.budget * problem.scale, math.floor) + 1)
    # Capped so that the sum of all prizes stays well within PyVRP's 64-bit costs.
    return min((all_time + 1) / step, 1e17 / float(positive.sum()))


def _model(problem: Problem, lengths: np.ndarray, clients: list[tuple[int, tuple[int, int]]]) -> Model:
    """Build the PyVRP model; client ``i`` is ``clients[i]``.

    Without windows the budget is PyVRP's distance limit, each edge's distance being the travel
    time plus the service at its tail, and nothing is said of time (PyVRP then searches about
    twice as fast: on the TOP set 4, 4,400 iterations in 3 s against 2,500 with time windows set
    to the budget). With windows the budget is the duration limit, with time windows and service
    durations. A point with several windows is a client per window, the clients in a mutually
    exclusive group (at most one is visited; exactly one for a required point).
    """
    from pyvrp import Model

    by_time = problem.windows is not None
    budget = _integer(problem.budget * problem.scale, math.floor)
    weight = _prize_weight(problem)
    xy = problem.xy if problem.xy is not None else np.zeros((problem.n, 2))
    model = Model()
    used = [0, *([problem.end] if problem.end else []), *dict.fromkeys(point for point, _ in clients)]
    locations = {p: model.add_location(x=float(xy[p, 0]), y=float(xy[p, 1])) for p in used}
    # Without windows, PyVRP's own defaults: no limit on time.
    latest = budget if by_time else _UNLIMITED
    start = model.add_depot(locations[0], tw_late=latest)
    end = model.add_depot(locations[problem.end], tw_late=latest) if problem.end else start
    count = {point: sum(p == point for p, _ in clients) for point, _ in clients}
    groups = {
        point: model.add_client_group(required=point in problem.required)
        for point, k in count.items()
        if k > 1
    }
    for point, (early, late) in clients:
        model.add_client(
            locations[point],
            service_duration=_integer(problem.service_of(point) * problem.scale, math.ceil) if by_time else 0,
            tw_early=early if by_time else 0,
            tw_late=late if by_time else _UNLIMITED,
            prize=round(float(problem.prize[point]) * weight),
            required=point in problem.required and point not in groups,
            group=groups.get(point),
        )
    per_route = bool(problem.route_of)
    for k in range(problem.n_routes if per_route else 1):
        profile = model.add_profile() if per_route else None
        model.add_vehicle_type(
            num_available=1 if per_route else problem.n_routes,
            start_depot=start,
            end_depot=end,
            tw_late=latest,
            shift_duration=budget if by_time else _UNLIMITED,
            max_distance=_UNLIMITED if by_time else budget,
            unit_distance_cost=0 if by_time else 1,
            unit_duration_cost=1 if by_time else 0,
            profile=profile,
        )
        barred = {p for p, route in problem.route_of.items() if route != k}
        for a in used:
            for b in used:
                cost = budget + 1 if b in barred and a != b else int(lengths[a, b])
                if by_time:
                    model.add_edge(locations[a], locations[b], distance=0, duration=cost, profile=profile)
                else:
                    model.add_edge(locations[a], locations[b], distance=cost, profile=profile)
    return model


def _lengths(problem: Problem) -> np.ndarray:
    """Return the integer length of every edge, rounded up: what PyVRP's edges hold.

    Travel time, and without windows (the budget a distance) the service at the tail too;
    beyond the budget where there is no path; 0 from a point to itself.
    """
    beyond = _integer(problem.budget * problem.scale, math.floor) + 1
    times = np.array(problem.times, dtype=float)
    if problem.windows is None:
        service = np.broadcast_to(np.asarray(problem.service, dtype=float), (problem.n,)).copy()
        service[0] = 0.0
        times = times + service[:, None]
    finite = np.isfinite(times)
    scaled = np.ceil(np.where(finite, times, 0.0) * problem.scale - EPS)
    lengths = np.where(finite, np.minimum(scaled, beyond), beyond).astype(np.int64)
    np.fill_diagonal(lengths, 0)
    return lengths


def _integer(value: float, rounding: Callable[[float], int]) -> int:
    return int(rounding(value - EPS if rounding is math.ceil else value + EPS))


def _routes(
    solution: Solution, clients: list[tuple[int, tuple[int, int]]], n_routes: int, per_route: bool
) -> list[list[int]]:
    """Return the routes of a PyVRP solution as point indices, route ``k`` on vehicle type ``k``."""
    routes: list[list[int]] = [[] for _ in range(n_routes)]
    for k, route in enumerate(solution.routes()):
        # With one vehicle type per route (locks), the type is the route; otherwise any order does.
        k = route.vehicle_type() if per_route else k
        routes[k] = [clients[a.idx][0] for a in route.schedule() if a.is_client()]
    return routes


def _stop(seconds: float | None, patience: int) -> StoppingCriterion:
    from pyvrp.stop import MaxRuntime, MultipleCriteria, NoImprovement

    if seconds is not None:
        return MaxRuntime(seconds)
    return MultipleCriteria([NoImprovement(patience), MaxRuntime(MAX_SECONDS)])
