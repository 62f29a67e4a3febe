"""The orienteering engine's own steps: excess of a route, repair of a plan that breaks limits."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from patrol_map.plan.orienteering import Infeasible, Problem, repair, solve

# Three points on a line from the start: 1 at 100 s, 2 at 200 s, 3 at 300 s.
LINE = np.array(
    [
        [0, 100, 200, 300],
        [100, 0, 100, 200],
        [200, 100, 0, 100],
        [300, 200, 100, 0],
    ],
    dtype=float,
)


def line(budget: float, windows=None, **kwargs) -> Problem:
    return Problem(
        times=LINE,
        prize=np.array([0.0, 1.0, 2.0, 5.0]),
        service=50.0,
        budget=budget,
        n_routes=kwargs.pop("n_routes", 1),
        windows=windows,
        **kwargs,
    )


def test_excess_counts_lateness_at_a_window_and_over_the_budget() -> None:
    problem = line(600, windows=[((0, 600),), ((0, 600),), ((0, 120),), ((0, 600),)])
    # 1 begins at 100, ends 150; 2 reached at 250, 130 after its window closes: it goes on from 120.
    assert problem.excess([1, 2]) == pytest.approx(130)
    # 2 at 200 is too late as well (80); alone the route is 200 + 50 + 200 = 450 long, within 600.
    assert problem.excess([2]) == pytest.approx(80)
    assert problem.excess([1]) == 0
    # Out to 3 and back with two stops: 300 + 100 + 300 = 700 > 600 (no window broken).
    assert line(600).excess([1, 3]) == pytest.approx(100)
    assert line(600).excess([]) == 0


def test_repair_drops_the_point_whose_removal_leaves_least_excess() -> None:
    problem = line(600)
    # [1, 2, 3]: 300 + 150 + 300 = 750. Dropping 3 (the largest prize) is the only way to fit.
    assert repair(problem, [[1, 2, 3]]) == [[1, 2]]
    # [2, 3]: 200 + 50 + 100 + 50 + 300 = 700; without 2 it is 650, without 3 it is 450: 3 goes.
    assert repair(problem, [[2, 3]]) == [[2]]


def test_repair_breaks_ties_by_the_smaller_prize() -> None:
    # With a budget of 700, [1, 2, 3] (750) fits after dropping any one point: the smallest prize goes.
    assert repair(line(700), [[1, 2, 3]]) == [[2, 3]]


def test_repair_keeps_required_points_and_refuses_when_only_they_are_left() -> None:
    # 3 alone is 650 long: 1 and 2 go, 1 first (the same excess, the smaller prize).
    assert repair(line(650, required=frozenset({3})), [[1, 2, 3]]) == [[3]]
    with pytest.raises(Infeasible):
        repair(line(500, required=frozenset({3})), [[3]])


def test_repair_moves_a_locked_point_to_its_route_and_adds_a_missing_required_one() -> None:
    problem = line(2000, n_routes=2, required=frozenset({1, 3}), route_of={3: 1})
    assert repair(problem, [[3, 2], []]) == [[1, 2], [3]]


def test_a_search_that_finds_no_feasible_plan_is_repaired() -> None:
    # Found by hypothesis in CI: PyVRP's capped penalty made a 14 s lateness at point 2 cheaper than
    # its prize, and its best plan (2 then 3) broke a window. Every pair breaks one (1 or 2 first
    # reaches 3 after 498 s; 1 and 2 cannot follow 3): the best plan is 3 alone.
    times = np.array(
        [
            [0.0, 201.7, 0.0, 211.9],
            [201.7, 0.0, 201.7, 246.8],
            [0.0, 201.7, 0.0, 211.9],
            [211.9, 246.8, 211.9, 0.0],
        ]
    )
    problem = Problem(
        times=times,
        prize=np.array([0.0, 0.5, 2.0, 5.0]),
        service=300.0,
        budget=3476.0,
        n_routes=1,
        windows=[((0.0, 3476.0),), ((0.0, 202.0),), ((0.0, 0.0),), ((213.0, 498.0),)],
        scale=10.0,
    )
    (route,) = solve(problem, 2, patience=100)
    assert problem.excess(route) == 0
    assert route == [3]


@settings(max_examples=60)
@given(
    n=st.integers(1, 7),
    n_routes=st.integers(1, 3),
    budget=st.floats(100, 3000),
    data=st.data(),
)
def test_repair_always_gives_feasible_routes_of_the_same_points(n, n_routes, budget, data) -> None:
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    xy = rng.uniform(0, 1000, (n + 1, 2))
    times = np.linalg.norm(xy[:, None] - xy[None], axis=2)
    opens = rng.uniform(0, budget, n + 1)
    windows = [((0.0, budget),), *(((float(o), float(o) + 300.0),) for o in opens[1:])]
    problem = Problem(times, rng.uniform(0, 5, n + 1), 60.0, budget, n_routes, windows=windows)
    points = data.draw(st.permutations(range(1, n + 1)))
    cuts = sorted(data.draw(st.lists(st.integers(0, n), min_size=n_routes - 1, max_size=n_routes - 1)))
    routes = [list(points[a:b]) for a, b in zip([0, *cuts], [*cuts, n], strict=True)]
    repaired = repair(problem, routes)
    assert all(problem.excess(r) == 0 and problem.is_feasible(r) for r in repaired)
    # Only points are dropped, and a route that kept its limits is left as it was.
    assert all(set(r) <= set(o) for r, o in zip(repaired, routes, strict=True))
    assert all(r == o for r, o in zip(repaired, routes, strict=True) if problem.excess(o) == 0)
