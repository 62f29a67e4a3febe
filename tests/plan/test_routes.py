import itertools
import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from patrol_map.errors import PlanningError
from patrol_map.plan.routes import Circuit, plan_circuits


def hand_graph() -> nx.Graph:
    """Base 0; place A at 2 (0-1-2, 120 s away), place B at 4 (0-3-4, 180 s); 5-6 cut off."""
    graph = nx.Graph()
    for node in range(7):
        graph.add_node(node, x=100.0 * node, y=0.0)
    for u, v, t in [(0, 1, 60), (1, 2, 60), (0, 3, 120), (3, 4, 60), (5, 6, 10)]:
        graph.add_edge(u, v, length_m=5.0 * t, time_foot_s=4.0 * t, time_moto_s=float(t))
    return graph


def places(**risk: float) -> pd.DataFrame:
    node = {"A": 2, "B": 4, "C": 6, "Z": 1, "H": 0}
    return pd.DataFrame(
        {"place_id": list(risk), "node": [node[p] for p in risk], "risk": list(risk.values())}
    )


def test_budget_for_one_place_takes_the_riskier_nearer_one():
    # A alone: 240 s + 100 s stop = 340; B alone: 360 + 100 = 460; both: 600 + 200 = 800.
    circuits, unreachable = plan_circuits(hand_graph(), 0, places(A=5, B=3), 1, 600, stop_s=100)
    assert unreachable == []
    assert circuits == [Circuit(0, ("A",), (0, 1, 2, 1, 0), length_m=1200.0, duration_s=340.0, risk=5.0)]


def test_total_risk_wins_over_risk_per_second():
    # A has the better ratio (5/340 > 6/460) but B alone is worth more.
    circuits, _ = plan_circuits(hand_graph(), 0, places(A=5, B=6), 1, 600, stop_s=100)
    assert circuits[0].stops == ("B",)
    assert circuits[0].nodes == (0, 3, 4, 3, 0)
    assert circuits[0].duration_s == 460.0


def test_budget_for_both_places_in_one_circuit():
    circuits, _ = plan_circuits(hand_graph(), 0, places(A=5, B=3), 1, 800, stop_s=100)
    (circuit,) = circuits
    assert set(circuit.stops) == {"A", "B"}
    assert circuit.duration_s == 800.0
    assert circuit.risk == 8.0
    assert circuit.nodes in ((0, 1, 2, 1, 0, 3, 4, 3, 0), (0, 3, 4, 3, 0, 1, 2, 1, 0))


def test_two_teams_share_the_places_riskiest_first():
    circuits, _ = plan_circuits(hand_graph(), 0, places(A=5, B=3), 2, 600, stop_s=100)
    assert [(c.team_index, c.stops, c.risk) for c in circuits] == [
        (0, ("A",), 5.0),
        (1, ("B",), 3.0),
    ]


def test_unreachable_reported_and_zero_risk_skipped():
    circuits, unreachable = plan_circuits(hand_graph(), 0, places(C=9, Z=0, A=1), 2, 10_000, stop_s=100)
    assert unreachable == ["C"]
    assert [c.stops for c in circuits] == [("A",), ()]
    assert circuits[1] == Circuit(1, (), (0,), 0.0, 0.0, 0.0)


def test_nothing_fits_gives_empty_circuits():
    circuits, unreachable = plan_circuits(hand_graph(), 0, places(A=5, B=3), 3, 300, stop_s=100)
    assert unreachable == []
    assert circuits == [Circuit(k, (), (0,), 0.0, 0.0, 0.0) for k in range(3)]


def test_place_at_the_base():
    circuits, _ = plan_circuits(hand_graph(), 0, places(H=2), 1, 100, stop_s=100)
    assert circuits == [Circuit(0, ("H",), (0,), 0.0, 100.0, 2.0)]


def test_foot_weight():
    circuits, _ = plan_circuits(hand_graph(), 0, places(A=5, B=3), 1, 1000, stop_s=0, weight="time_foot_s")
    assert circuits[0].stops == ("A",)  # A on foot 960 s; both 2400 s
    assert circuits[0].duration_s == 960.0


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"base_node": 99}, "base node 99"),
        ({"places": places(A=-1)}, "risk -1.0"),
        ({"places": pd.DataFrame({"place_id": ["X"], "node": [42], "risk": [1.0]})}, "node 42"),
        ({"places": places(A=1).pipe(lambda d: pd.concat([d, d]))}, "'A' appears twice"),
        ({"places": places(A=1).drop(columns="risk")}, "risk"),
        ({"n_teams": 0}, "teams >= 1"),
    ],
)
def test_invalid_input(kwargs, words):
    args = {"graph": hand_graph(), "base_node": 0, "places": places(A=1), "n_teams": 1}
    with pytest.raises(PlanningError) as err:
        plan_circuits(**{**args, **kwargs}, budget_s=600)
    assert words in err.value.en


def random_instance(graph_seed: int, n: int, radius: float, n_places: int):
    """A random geometric road graph (metres, seeded speeds) and places on it."""
    graph = nx.random_geometric_graph(n, radius, seed=graph_seed)
    rng = np.random.default_rng(graph_seed)
    for _, data in graph.nodes(data=True):
        data["x"], data["y"] = 3000.0 * data["pos"][0], 3000.0 * data["pos"][1]
    for u, v, data in graph.edges(data=True):
        a, b = graph.nodes[u], graph.nodes[v]
        length = math.hypot(a["x"] - b["x"], a["y"] - b["y"]) + 1.0
        data.update(
            length_m=length,
            time_foot_s=length / 1.25,
            time_moto_s=length / rng.uniform(4.0, 12.0),
        )
    table = pd.DataFrame(
        {
            "place_id": [f"p{i}" for i in range(n_places)],
            "node": rng.integers(0, n, n_places),
            "risk": rng.choice([0.0, 0.5, 1.0, 2.0, 3.5, 5.0], n_places),
        }
    )
    return graph, table


def check_plan(graph, base, table, n_teams, budget, stop_s, circuits, unreachable):
    risk = dict(zip(table["place_id"], table["risk"], strict=True))
    node = dict(zip(table["place_id"], table["node"], strict=True))
    reach = nx.node_connected_component(graph, base)
    assert unreachable == [p for p in table["place_id"] if node[p] not in reach]
    assert [c.team_index for c in circuits] == list(range(n_teams))
    seen = [s for c in circuits for s in c.stops]
    assert len(seen) == len(set(seen))
    dist = dict(nx.all_pairs_dijkstra_path_length(graph.subgraph(reach), weight="time_moto_s"))
    for c in circuits:
        assert c.nodes[0] == c.nodes[-1] == base
        pairs = list(itertools.pairwise(c.nodes))
        assert all(graph.has_edge(u, v) for u, v in pairs)
        travel = sum(graph.edges[u, v]["time_moto_s"] for u, v in pairs)
        assert c.duration_s == pytest.approx(travel + stop_s * len(c.stops))
        assert c.duration_s <= budget + 1e-6
        assert c.length_m == pytest.approx(sum(graph.edges[u, v]["length_m"] for u, v in pairs))
        assert c.risk == pytest.approx(sum(risk[s] for s in c.stops))
        assert all(risk[s] > 0 and node[s] in c.nodes for s in c.stops)
    # Nothing left out could still be squeezed into any circuit.
    for p in table["place_id"]:
        if p in seen or risk[p] == 0 or node[p] not in reach:
            continue
        for c in circuits:
            seq = [base, *(node[s] for s in c.stops), base]
            extra = min(dist[a][node[p]] + dist[node[p]][b] - dist[a][b] for a, b in itertools.pairwise(seq))
            assert c.duration_s + extra + stop_s > budget - 1e-6


@settings(max_examples=50, deadline=None)
@given(
    graph_seed=st.integers(0, 10_000),
    n=st.integers(2, 30),
    radius=st.floats(0.2, 0.6),
    n_places=st.integers(0, 12),
    n_teams=st.integers(1, 3),
    budget=st.floats(0, 3600),
    stop_s=st.sampled_from([0.0, 120.0, 720.0]),
)
def test_random_graphs_give_valid_plans(graph_seed, n, radius, n_places, n_teams, budget, stop_s):
    graph, table = random_instance(graph_seed, n, radius, n_places)
    circuits, unreachable = plan_circuits(graph, 0, table, n_teams, budget, stop_s, seed=1)
    check_plan(graph, 0, table, n_teams, budget, stop_s, circuits, unreachable)


def test_same_seed_same_plan():
    graph, table = random_instance(5, 40, 0.3, 25)
    first = plan_circuits(graph, 0, table, 3, 1800, 120, seed=4)
    assert first == plan_circuits(graph, 0, table, 3, 1800, 120, seed=4)
    assert first == plan_circuits(graph.copy(), 0, table.copy(), 3, 1800, 120, seed=4)


def exhaustive_best(graph, base, table, n_teams, budget, stop_s) -> float:
    """Best total risk by trying every assignment of places to teams and every order."""
    dist = dict(nx.all_pairs_dijkstra_path_length(graph, weight="time_moto_s"))
    pts = [(n, r) for n, r in zip(table["node"], table["risk"], strict=True) if r > 0 and n in dist[base]]

    def fits(group) -> bool:
        for order in itertools.permutations(group):
            seq = [base, *(pts[i][0] for i in order), base]
            travel = sum(dist[a][b] for a, b in itertools.pairwise(seq))
            if travel + stop_s * len(group) <= budget + 1e-9:
                return True
        return False

    best = 0.0
    for assign in itertools.product(range(n_teams + 1), repeat=len(pts)):
        groups = [[i for i, a in enumerate(assign) if a == k] for k in range(1, n_teams + 1)]
        risk = sum(pts[i][1] for g in groups for i in g)
        if risk > best and all(fits(g) for g in groups):
            best = risk
    return best


def test_close_to_exhaustive_optimum_on_small_instances():
    ratios = []
    for k in range(40):
        graph, table = random_instance(1000 + k, 25, 0.35, 6)
        n_teams, budget = 1 + k % 3, 900 + (k * 37) % 1500
        circuits, _ = plan_circuits(graph, 0, table, n_teams, budget, 300, seed=k)
        best = exhaustive_best(graph, 0, table, n_teams, budget, 300)
        ratios.append(sum(c.risk for c in circuits) / best if best else 1.0)
    assert sum(r > 1 - 1e-9 for r in ratios) >= 38
    assert min(ratios) >= 0.85
