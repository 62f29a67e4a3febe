"""Team orienteering on a travel-time matrix: which stops each team visits, and in what order.

Point 0 is the base; every route leaves it and comes back within the time budget, with a fixed
stop time at each point; together the routes collect the most risk, no point twice. Among plans
of equal risk the one whose longest route is shortest (then the next longest...) wins, so teams
share the work.

Method: a greedy insertion by risk per added second, improved by 2-opt, relocate, insertion and
replacement moves; then ruin-and-recreate restarts (drop half the stops of the best plan, insert
again with seeded random noise on the ratios, improve), keeping the best plan. Written here
because the planner needs this exact objective and tie-break; a later issue benchmarks PyVRP and
OR-Tools routing on published team-orienteering instances against it.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass

import numpy as np

_NOISE = 0.5  # a restart scales each risk-per-second ratio by a random factor in [0.5, 1.5]
_RUIN = 0.5  # share of the best plan's stops a restart removes before inserting again
EPS = 1e-9


@dataclass(frozen=True)
class Problem:
    """A team orienteering problem on a matrix.

    Parameters
    ----------
    times
        Travel seconds between points (square, symmetric); point 0 is the base.
    risk
        Risk collected at each point (0 for the base).
    stop_s
        Seconds spent at each visited point.
    budget_s
        Longest route, travel plus stops, in seconds.
    end
        The point every route ends at: the base (0) for a patrol circuit; another point for
        the team orienteering benchmark, whose paths run from a start to an end.

    """

    times: np.ndarray
    risk: np.ndarray
    stop_s: float
    budget_s: float
    end: int = 0

    def path(self, route: list[int]) -> list[int]:
        """Return the whole path of a route: start, its points, end."""
        return [0, *route, self.end]

    def points(self) -> list[int]:
        """Return the points a route may visit (all but the start and the end)."""
        return [p for p in range(1, len(self.risk)) if p != self.end]

    def cost(self, route: list[int]) -> float:
        """Return a route's length in seconds: start, the points in order, end, plus the stops."""
        seq = self.path(route)
        return float(self.times[seq[:-1], seq[1:]].sum()) + self.stop_s * len(route)


def search(
    problem: Problem,
    n_teams: int,
    rng: np.random.Generator,
    restarts: int,
    seconds: float | None = None,
) -> list[list[int]]:
    """Find routes that collect the most risk within the budget.

    Parameters
    ----------
    problem
        The matrix, risks, stop time and budget.
    n_teams
        Number of routes.
    rng
        Randomness of the restarts (seeded by the caller).
    restarts
        Plans built in all: the plain greedy one, then ruin-and-recreate restarts from the best so far.
    seconds
        When given, restarts go on until this much time has passed instead (at least the greedy
        plan is built); the result then depends on the machine's speed.

    Returns
    -------
    list of list of int
        ``n_teams`` routes of point indices (the base, 0, left out), each within the budget.

    """
    best: list[list[int]] = [[] for _ in range(n_teams)]
    _insert(problem, best, None)
    _improve(problem, best)
    deadline = time.perf_counter() + seconds if seconds is not None else None
    for attempt in itertools.count(1):
        if (attempt >= restarts) if deadline is None else (time.perf_counter() >= deadline):
            break
        routes = [[p for p in r if rng.random() >= _RUIN] for r in best]
        _insert(problem, routes, rng)
        _improve(problem, routes)
        if _score(problem, routes) > _score(problem, best):
            best = routes
    return best


def _insert(problem: Problem, routes: list[list[int]], rng: np.random.Generator | None) -> None:
    """Insert unvisited points by best risk per added second until none fits."""
    visited = {p for r in routes for p in r}
    todo = np.array([p for p in problem.points() if p not in visited], dtype=int)
    costs = [problem.cost(r) for r in routes]
    times = problem.times
    while todo.size:
        added = np.full((len(routes), todo.size), np.inf)
        where = np.zeros((len(routes), todo.size), dtype=int)
        for k, route in enumerate(routes):
            seq = np.array(problem.path(route))
            a, b = seq[:-1], seq[1:]
            extra = times[a][:, todo] + times[todo][:, b].T - times[a, b][:, None]
            where[k] = extra.argmin(axis=0)
            added[k] = extra[where[k], np.arange(todo.size)] + problem.stop_s
            added[k][costs[k] + added[k] > problem.budget_s + EPS] = np.inf
        team = added.argmin(axis=0)
        best = added[team, np.arange(todo.size)]
        ratio = np.where(np.isfinite(best), problem.risk[todo] / np.maximum(best, EPS), -1.0)
        if ratio.max() < 0:
            return
        if rng is not None:
            ratio *= rng.uniform(1 - _NOISE, 1 + _NOISE, ratio.size)
        j = int(ratio.argmax())
        k = int(team[j])
        routes[k].insert(int(where[k, j]), int(todo[j]))
        costs[k] += float(best[j])
        todo = np.delete(todo, j)


def _improve(problem: Problem, routes: list[list[int]]) -> None:
    """Apply 2-opt, relocate, insertion and replacement until none improves the score."""
    while True:
        before = _score(problem, routes)
        for route in routes:
            _two_opt(problem, route)
        _relocate(problem, routes)
        _insert(problem, routes, None)
        _replace(problem, routes)
        if _score(problem, routes) <= before:
            return


def _profile(costs: list[float]) -> tuple[float, ...]:
    """Circuit durations, longest first: a smaller profile is a better balanced plan."""
    return tuple(sorted((round(c, 6) for c in costs), reverse=True))


def _score(problem: Problem, routes: list[list[int]]) -> tuple[float, tuple[float, ...]]:
    """Total risk first; among equal risks, the shorter longest circuit, and so on."""
    risk = round(sum(float(problem.risk[r].sum()) for r in routes), 9)
    return risk, tuple(-c for c in _profile([problem.cost(r) for r in routes]))


def _two_opt(problem: Problem, route: list[int]) -> None:
    times, seq = problem.times, problem.path(route)
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
                if gain > EPS:
                    seq[i : j + 1] = seq[i : j + 1][::-1]
                    improved = True
    route[:] = seq[1:-1]


def _best_position(problem: Problem, route: list[int], point: int) -> tuple[int, float]:
    seq = np.array(problem.path(route))
    t = problem.times
    extra = t[seq[:-1], point] + t[point, seq[1:]] - t[seq[:-1], seq[1:]]
    i = int(extra.argmin())
    return i, float(extra[i]) + problem.stop_s


def _savings(problem: Problem, route: list[int]) -> np.ndarray:
    """Return the time saved by removing each stop of a route."""
    seq, t = np.array(problem.path(route)), problem.times
    return t[seq[:-2], seq[1:-1]] + t[seq[1:-1], seq[2:]] - t[seq[:-2], seq[2:]] + problem.stop_s


def _relocate(problem: Problem, routes: list[list[int]]) -> None:
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
                if new[m] <= problem.budget_s + EPS and _profile(new) < best:
                    best, move = _profile(new), (m, pos)
            if move is not None:
                routes[k] = rest
                routes[move[0]].insert(move[1], point)


def _replace(problem: Problem, routes: list[list[int]]) -> None:
    """Make room for a riskier unvisited point by dropping the stops worth least per second."""
    visited = {p for r in routes for p in r}
    todo = [p for p in problem.points() if p not in visited]
    risk = problem.risk
    for point in sorted(todo, key=lambda p: (-risk[p], p)):
        best: tuple[float, float, int, list[int]] | None = None
        for k, route in enumerate(routes):
            rest, lost = list(route), 0.0
            pos, added = _best_position(problem, rest, point)
            while rest and problem.cost(rest) + added > problem.budget_s + EPS and lost < risk[point]:
                i = int(np.argmin(risk[rest] / np.maximum(_savings(problem, rest), EPS)))
                lost += risk[rest.pop(i)]
                pos, added = _best_position(problem, rest, point)
            cost = problem.cost(rest) + added
            gain = float(risk[point]) - lost
            if cost <= problem.budget_s + EPS and gain > EPS and (best is None or (gain, -cost) > best[:2]):
                best = (gain, -cost, k, [*rest[:pos], point, *rest[pos:]])
        if best is not None:
            routes[best[2]] = best[3]
