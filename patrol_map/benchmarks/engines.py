"""The TOP benchmark solved by the two well-kept routing libraries, to compare the planner against.

Both work on integer distances: each distance is scaled by :data:`SCALE` and rounded up, so a
route within the integer budget is also within the real one.

- OR-Tools routing: a distance dimension of capacity ``tmax``, every point optional with a drop
  penalty proportional to its score, guided local search for the time given.
- PyVRP: prize-collecting, one vehicle type with ``m`` vehicles from the start depot to the end
  depot and ``max_distance = tmax``; the cost is only the prizes left uncollected (distance costs
  nothing), which is the TOP objective.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.spatial.distance import cdist

from patrol_map.benchmarks.top import SCALE, TopInstance

#: OR-Tools drop penalty per unit of score; larger than any route's scaled length.
PENALTY_PER_SCORE = 10**7


def _scaled_distances(instance: TopInstance) -> np.ndarray:
    return np.ceil(cdist(instance.xy, instance.xy) * SCALE).astype(np.int64)


def solve_ortools(instance: TopInstance, seconds: float) -> list[list[int]]:
    """Solve with OR-Tools routing for ``seconds``; return each path's point indices."""
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    distances = _scaled_distances(instance)
    last = instance.n - 1
    manager = pywrapcp.RoutingIndexManager(instance.n, instance.m, [0] * instance.m, [last] * instance.m)
    routing = pywrapcp.RoutingModel(manager)

    def distance(i: int, j: int) -> int:
        return int(distances[manager.IndexToNode(i), manager.IndexToNode(j)])

    transit = routing.RegisterTransitCallback(distance)
    routing.SetArcCostEvaluatorOfAllVehicles(transit)
    routing.AddDimension(transit, 0, math.floor(instance.tmax * SCALE), True, "distance")
    for node in range(1, last):
        routing.AddDisjunction([manager.NodeToIndex(node)], int(instance.score[node] * PENALTY_PER_SCORE))
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.FromMilliseconds(max(1, int(seconds * 1000)))
    solution = routing.SolveWithParameters(params)
    if solution is None:
        return []
    routes = []
    for vehicle in range(instance.m):
        index, route = solution.Value(routing.NextVar(routing.Start(vehicle))), []
        while not routing.IsEnd(index):
            route.append(manager.IndexToNode(index))
            index = solution.Value(routing.NextVar(index))
        if route:
            routes.append(route)
    return routes


def solve_pyvrp(instance: TopInstance, seconds: float) -> list[list[int]]:
    """Solve with PyVRP for ``seconds``; return each path's point indices (none if infeasible)."""
    from pyvrp import Model
    from pyvrp.stop import MaxRuntime

    distances = _scaled_distances(instance)
    model = Model()
    locations = [model.add_location(x=round(x * SCALE), y=round(y * SCALE)) for x, y in instance.xy]
    start, end = model.add_depot(locations[0]), model.add_depot(locations[-1])
    model.add_vehicle_type(
        num_available=instance.m,
        start_depot=start,
        end_depot=end,
        max_distance=math.floor(instance.tmax * SCALE),
        unit_distance_cost=0,
    )
    point_of_client = list(range(1, instance.n - 1))
    for point in point_of_client:
        model.add_client(locations[point], prize=int(instance.score[point]), required=False)
    for i, a in enumerate(locations):
        for j, b in enumerate(locations):
            model.add_edge(a, b, distance=int(distances[i, j]))
    result = model.solve(stop=MaxRuntime(seconds), display=False)
    if not result.best.is_feasible():
        return []
    # A scheduled client's ``idx`` counts clients in the order they were added.
    return [
        [point_of_client[activity.idx] for activity in route.schedule() if activity.is_client()]
        for route in result.best.routes()
    ]
