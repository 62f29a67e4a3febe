"""Gi* hot and cold spots on grids and villages whose answer is known."""

from __future__ import annotations

import itertools

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st
from libpysal.graph import Graph

from patrol_map.risk.getis import (
    ALPHA,
    cell_hotspots,
    gi_star,
    join_islands,
    neighbourhood_sums,
    rank_hotspots,
    top_cells,
    village_hotspots,
)
from patrol_map.risk.hotspot_classes import HOTSPOT_CLASSES
from patrol_map.risk.kde import grid_cells
from tests.conftest import UTM, X0, Y0, square
from tests.risk.cases import COMMUNE

SIDE = 2000.0  # the test commune: a 2 km square, 20 x 20 cells of 100 m
CELL = 100.0


def commune() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"ten_xa": ["x"]}, geometry=[square(0, 0, SIDE, SIDE)], crs=UTM)


def points(xy: np.ndarray, location: str = "point", village: str = "") -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"location": [location] * len(xy), "village": [village] * len(xy)},
        geometry=gpd.points_from_xy(X0 + xy[:, 0], Y0 + xy[:, 1]),
        crs=UTM,
    )


def uniform(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.uniform(0, SIDE, size=(n, 2))


def at_cell(cells: gpd.GeoDataFrame, row: int, col: int) -> pd.Series:
    return cells[(cells["row"] == row) & (cells["col"] == col)].iloc[0]


def test_a_planted_cluster_is_hot_and_nothing_far_from_it() -> None:
    rng = np.random.default_rng(7)
    cluster = rng.uniform(1500, 1800, size=(60, 2))  # cells rows/cols 15-17
    cells = cell_hotspots(points(np.vstack([uniform(rng, 200), cluster])), commune(), cell_m=CELL, seed=1)
    assert cells["count"].sum() == 260 and len(cells) == 400
    assert at_cell(cells, 16, 16)["hotspot"] in ("hot_99", "hot_95")
    hot = cells[cells["hotspot"].str.startswith("hot")]
    assert len(hot) >= 9
    assert hot["row"].between(13, 19).all() and hot["col"].between(13, 19).all()
    assert (hot["q"] <= 0.10).all() and (hot["z"] > 0).all()
    assert not cells["hotspot"].str.startswith("cold").any()


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_uniform_random_incidents_give_no_spot_after_correction(seed: int) -> None:
    rng = np.random.default_rng(seed)
    cells = cell_hotspots(points(uniform(rng, 300)), commune(), cell_m=CELL, seed=seed)
    assert set(cells["hotspot"]) == {"none"}
    assert cells["q"].min() > 0.10


def hole_in_dense_incidents(seed: int) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    xy = uniform(rng, 4000)
    empty = (xy[:, 0] > 800) & (xy[:, 0] < 1300) & (xy[:, 1] > 800) & (xy[:, 1] < 1300)  # cells 8-12
    return cell_hotspots(points(xy[~empty]), commune(), cell_m=CELL, seed=seed)


def test_an_empty_block_in_dense_incidents_is_a_cold_spot() -> None:
    cells = hole_in_dense_incidents(3)
    assert at_cell(cells, 10, 10)["hotspot"] in ("cold_99", "cold_95")
    cold = cells[cells["hotspot"].str.startswith("cold")]
    assert len(cold) >= 20
    assert cold["row"].between(7, 13).all() and cold["col"].between(7, 13).all()


def test_false_hot_spots_beside_a_cold_block_stay_within_the_false_discovery_rate() -> None:
    # Every hot spot here is false. The false discovery rate bounds their expected share among the
    # spots found (the many true cold cells make the correction more lenient for the rest).
    hot = found = 0
    for seed in range(8):
        cells = hole_in_dense_incidents(seed)
        hot += int(cells["hotspot"].str.startswith("hot").sum())
        found += int((cells["hotspot"] != "none").sum())
    assert found >= 8 * 20 and hot <= 0.10 * found


def test_empty_neighbourhoods_among_empty_cells_are_not_cold() -> None:
    # esda's own p_sim would give every all-zero neighbourhood p = 1/(P+1) here.
    xy = np.array([[1050.0, 1050.0]] * 3 + [[150.0, 1850.0]])
    cells = cell_hotspots(points(xy), commune(), cell_m=CELL, seed=0, permutations=999)
    assert not cells["hotspot"].str.startswith("cold").any()
    far = at_cell(cells, 2, 17)
    assert far["count"] == 0 and far["p"] == 1.0


def test_same_seed_same_answer_other_seed_other_draws_and_global_state_kept() -> None:
    xy = np.vstack([uniform(np.random.default_rng(0), 100), np.full((10, 2), 1050.0)])
    np.random.seed(11)
    expected = np.random.random()
    np.random.seed(11)
    first = cell_hotspots(points(xy), commune(), cell_m=CELL, seed=5, permutations=499)
    assert np.random.random() == expected
    again = cell_hotspots(points(xy), commune(), cell_m=CELL, seed=5, permutations=499)
    other = cell_hotspots(points(xy), commune(), cell_m=CELL, seed=6, permutations=499)
    pd.testing.assert_frame_equal(pd.DataFrame(first), pd.DataFrame(again))
    assert not np.array_equal(first["p"], other["p"])


def test_no_incident_gives_a_grid_without_spots() -> None:
    cells = cell_hotspots(points(np.empty((0, 2))), commune(), cell_m=CELL, seed=0)
    assert len(cells) == 400 and cells["count"].sum() == 0
    assert set(cells["hotspot"]) == {"none"} and (cells["p"] == 1).all() and (cells["z"] == 0).all()


def test_village_only_records_do_not_count_in_cells() -> None:
    xy = np.array([[50.0, 50.0], [50.0, 50.0], [1950.0, 1950.0]])
    located = points(xy[:2])
    by_village = points(xy[2:], location="village", village="A")
    cells = cell_hotspots(pd.concat([located, by_village]), commune(), cell_m=CELL, seed=0, permutations=99)
    assert cells["count"].sum() == 2 and at_cell(cells, 0, 0)["count"] == 2
    assert at_cell(cells, 0, 0)["neighbours"] == 3  # a corner cell


def test_points_in_a_boundary_cell_centred_outside_count_in_the_nearest_cell() -> None:
    # A triangle: the corner cells along the diagonal have their centres outside.
    triangle = shapely.Polygon([(X0, Y0), (X0 + 1000, Y0), (X0, Y0 + 1000)])
    area = gpd.GeoDataFrame(geometry=[triangle], crs=UTM)
    cells = cell_hotspots(points(np.array([[560.0, 430.0]])), area, cell_m=CELL, seed=0, permutations=99)
    assert cells["count"].sum() == 1


def five_by_five_villages() -> gpd.GeoDataFrame:
    boxes = [square(400 * c, 400 * r, 400, 400) for r in range(5) for c in range(5)]
    names = [f"T{r}{c}" for r in range(5) for c in range(5)]
    return gpd.GeoDataFrame({"village_id": names, "name": names}, geometry=boxes, crs=UTM)


def by_village(counts: dict[str, int]) -> gpd.GeoDataFrame:
    names = [name for name, count in counts.items() for _ in range(count)]
    return gpd.GeoDataFrame(
        {"village": names, "location": "village"}, geometry=[shapely.Point(X0, Y0)] * len(names), crs=UTM
    )


def test_a_dense_corner_of_villages_is_hot() -> None:
    villages = five_by_five_villages()
    rng = np.random.default_rng(4)
    counts = {name: int(rng.poisson(3)) for name in villages["name"]}
    counts.update({"T00": 40, "T01": 35, "T10": 38, "T11": 42})
    result = village_hotspots(by_village(counts), villages, seed=3)
    assert result.set_index("name").loc["T00", "hotspot"] in ("hot_99", "hot_95")
    assert result.set_index("name").loc["T00", "density"] == pytest.approx(40 / 0.16)
    hot = set(result.loc[result["hotspot"].str.startswith("hot"), "name"])
    assert hot <= {"T00", "T01", "T10", "T11", "T02", "T20", "T12", "T21", "T22"}
    assert result.set_index("name").loc["T44", "hotspot"] == "none"
    assert list(result["neighbours"][:2]) == [3, 5]  # a corner and an edge village


def test_an_islet_village_is_joined_to_its_nearest_village() -> None:
    villages = five_by_five_villages()
    islet = gpd.GeoDataFrame(
        {"village_id": ["C"], "name": ["Xóm Cồn"]}, geometry=[square(2300, 900, 200, 200)], crs=UTM
    )
    villages = pd.concat([villages, islet], ignore_index=True)
    result = village_hotspots(by_village({"Xóm Cồn": 30, "T22": 1}), villages, seed=0, permutations=999)
    assert result.set_index("name").loc["Xóm Cồn", "neighbours"] == 1
    assert result.set_index("name").loc["T24", "neighbours"] == 5 + 1  # its 5 and the islet


def test_join_islands_links_both_ways_and_keeps_the_order() -> None:
    geometry = gpd.GeoSeries([shapely.Point(x, 0) for x in (0, 1, 2, 10)], index=[3, 1, 2, 0])
    graph = join_islands(Graph.build_distance_band(geometry, 1.5), geometry)
    assert list(graph.unique_ids) == [3, 1, 2, 0]
    assert graph.cardinalities.to_dict() == {3: 1, 1: 2, 2: 2, 0: 1}
    assert set(graph[0].index) == {2} and 0 in graph[2].index
    assert graph.isolates.empty


def test_gi_star_classes_follow_the_adjusted_p_values() -> None:
    geometry = gpd.GeoSeries([shapely.Point(x, y) for y in range(12) for x in range(12)])
    graph = Graph.build_distance_band(geometry, 1.5)
    values = np.zeros(144)
    values[[0, 1, 12, 13]] = 10
    result = gi_star(values, graph, seed=0, permutations=999)
    assert set(result["hotspot"]) <= set(HOTSPOT_CLASSES)
    for name, limit in (("99", 0.01), ("95", ALPHA), ("90", 0.10)):
        assert (result.loc[result["hotspot"].str.endswith(name), "q"] <= limit).all()
    assert (result.loc[result["hotspot"] == "none", "q"] > 0.10).all()
    assert result.loc[0, "hotspot"].startswith("hot")


def test_rank_hotspots_by_z_or_count() -> None:
    villages = five_by_five_villages()
    result = village_hotspots(by_village({"T00": 9, "T01": 9, "T44": 12}), villages, seed=0, permutations=99)
    by_z = rank_hotspots(result)
    assert list(by_z["rank"]) == list(range(1, 26)) and "geometry" not in by_z
    assert by_z["z"].is_monotonic_decreasing
    by_count = rank_hotspots(result, by="count")
    assert by_count.loc[0, "name"] == "T44" and by_count.loc[0, "rank"] == 1


def test_a_cluster_of_patrol_finds_weighed_zero_is_no_hot_spot_but_still_counted() -> None:
    rng = np.random.default_rng(7)
    cluster = rng.uniform(1500, 1800, size=(60, 2))
    incidents = points(np.vstack([uniform(rng, 200), cluster]))
    weights = np.r_[np.ones(200), np.zeros(60)]  # the cluster is only what patrols found
    cells = cell_hotspots(incidents, commune(), cell_m=CELL, seed=1, weights=weights)
    assert cells["count"].sum() == 260 and cells["weighted"].sum() == pytest.approx(200)
    assert at_cell(cells, 16, 16)["hotspot"] == "none"
    plain = cell_hotspots(incidents, commune(), cell_m=CELL, seed=1)
    same = cell_hotspots(incidents, commune(), cell_m=CELL, seed=1, weights=np.ones(260))
    assert plain.drop(columns="geometry").equals(same.drop(columns="geometry"))


def test_village_density_is_of_weighted_counts() -> None:
    villages = five_by_five_villages()
    incidents = by_village({"T00": 4, "T44": 2})
    result = village_hotspots(incidents, villages, seed=3, weights=np.array([0.5, 0.5, 1, 1, 1, 1]))
    row = result.set_index("name").loc["T00"]
    assert row["count"] == 4 and row["density"] == pytest.approx(3 / 0.16)


# ---------------------------------------------------------------- the cell's own value is tested too

TEN = gpd.GeoDataFrame(geometry=[square(0, 0, 1000, 1000)], crs=UTM)  # 10 x 10 cells of 100 m


def in_cells(cells: list[tuple[int, int]], per_cell: int) -> np.ndarray:
    return np.array([[100 * c + 50.0, 100 * r + 50.0] for r, c in cells for _ in range(per_cell)])


def background(seed: int, away_from: tuple[int, int], n: int = 15) -> list[tuple[int, int]]:
    """``n`` cells at random, more than three cells from ``away_from``: no neighbour shared with its block."""
    far = [
        (r, c) for r in range(10) for c in range(10) if max(abs(r - away_from[0]), abs(c - away_from[1])) > 3
    ]
    rng = np.random.default_rng(seed)
    return [far[i] for i in rng.choice(len(far), size=n, replace=False)]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_an_l_of_three_busy_cells_is_hot_and_the_empty_corner_no_hotter(seed: int) -> None:
    loaded = [(4, 4), (4, 5), (5, 4)]
    xy = np.vstack([in_cells(loaded, 15), in_cells(background(seed, (4, 4)), 1)])
    cells = cell_hotspots(points(xy), TEN, cell_m=CELL, seed=seed)
    busy = [at_cell(cells, r, c) for r, c in loaded]
    corner = at_cell(cells, 5, 5)
    assert corner["count"] == 0 and all(cell["count"] == 15 for cell in busy)
    assert all(cell["hotspot"] in ("hot_99", "hot_95") for cell in busy)
    assert all(corner["p"] >= cell["p"] and corner["z"] <= cell["z"] + 1e-9 for cell in busy)


def test_a_busy_cell_beside_the_l_makes_its_corner_less_hot_than_the_cell_next_to_it() -> None:
    # One more incident in (3, 3), a neighbour of (4, 4) but not of the empty corner (5, 5): the
    # loaded cell is now strictly hotter. Testing Gi without the cell's own value said the opposite.
    xy = np.vstack([in_cells([(4, 4), (4, 5), (5, 4)], 15), in_cells([(3, 3), (0, 9), (9, 0)], 1)])
    cells = cell_hotspots(points(xy), TEN, cell_m=CELL, seed=0)
    assert at_cell(cells, 4, 4)["p"] < at_cell(cells, 5, 5)["p"]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_single_busy_address_is_the_most_significant_cell_of_its_block(seed: int) -> None:
    xy = np.vstack([in_cells([(5, 5)], 12), in_cells(background(seed, (5, 5)), 1)])
    cells = cell_hotspots(points(xy), TEN, cell_m=CELL, seed=seed)
    block = cells[cells["row"].between(4, 6) & cells["col"].between(4, 6)]
    busy = at_cell(cells, 5, 5)
    # Its neighbourhood holds the same incidents as its neighbours' (equal p), and never fewer.
    # Testing Gi without the cell's own value gave it the highest p of the block. (One busy cell
    # alone is no cluster: dealt to any cell at random, its count lands in a given neighbourhood
    # with probability 9/100, so p = 0.18 whatever the count.)
    assert busy["p"] == block["p"].min() and busy["z"] == pytest.approx(block["z"].max())
    assert busy["p"] == pytest.approx(2 * 9 / 100, abs=0.01)


def exact_p(values: np.ndarray, members: list[int]) -> float:
    """Two-sided p of a neighbourhood's sum over every subset of its size: the permutation, exhausted."""
    observed = values[members].sum()
    sums = np.array([values[list(c)].sum() for c in itertools.combinations(range(len(values)), len(members))])
    high, low = (sums >= observed - 1e-9).mean(), (sums <= observed + 1e-9).mean()
    return min(1.0, 2 * min(high, low))


def test_permutation_p_agrees_with_every_permutation_of_a_small_grid() -> None:
    rng = np.random.default_rng(5)
    geometry = gpd.GeoSeries([shapely.Point(x, y) for y in range(4) for x in range(4)])
    graph = Graph.build_distance_band(geometry, 1.5)
    values = rng.poisson(2.0, 16).astype(float)
    values[5] = 9.0
    result = gi_star(values, graph, seed=1, permutations=99_999)
    for unit in range(16):
        members = [unit, *graph[unit].index]
        # The Monte Carlo p has a standard error below 0.0016 here; the +1 adds 2e-5.
        assert result.loc[unit, "p"] == pytest.approx(exact_p(values, members), abs=0.008)


def test_z_and_p_are_of_the_same_statistic() -> None:
    # Among units of one neighbourhood size, a higher Gi* z never has a weaker hot-side p.
    rng = np.random.default_rng(9)
    geometry = gpd.GeoSeries([shapely.Point(x, y) for y in range(12) for x in range(12)])
    graph = Graph.build_distance_band(geometry, 1.5)
    values = rng.poisson(1.0, 144).astype(float)
    result = gi_star(values, graph, seed=0, permutations=9999).assign(size=graph.cardinalities.to_numpy())
    for _, group in result[result["z"] > 0].groupby("size"):
        ordered = group.sort_values("z")
        assert ordered["p"].is_monotonic_decreasing


@given(
    values=st.lists(st.integers(0, 20), min_size=2, max_size=60),
    size=st.integers(1, 60),
    seed=st.integers(0, 2**16),
)
def test_neighbourhood_sums_draw_without_replacement(values: list[int], size: int, seed: int) -> None:
    values_array = np.asarray(values, dtype=float)
    size = min(size, len(values))
    sums = neighbourhood_sums(values_array, size, 4000, np.random.default_rng(seed))
    # Each sum lies between the sums of the smallest and the largest ``size`` values...
    ordered = np.sort(values_array)
    assert sums.min() >= ordered[:size].sum() - 1e-9 and sums.max() <= ordered[-size:].sum() + 1e-9
    # ... and their mean and variance are those of sampling without replacement.
    n, mean, var = len(values), values_array.mean(), values_array.var()
    expected_var = size * var * (n - size) / (n - 1)
    assert sums.mean() == pytest.approx(size * mean, abs=5 * np.sqrt(expected_var / 4000) + 1e-9)
    if expected_var > 0:
        assert sums.var() == pytest.approx(expected_var, rel=0.25)
    else:
        assert sums.var() == pytest.approx(0.0, abs=1e-9)


def test_top_cells_rank_by_z_then_count_and_say_where() -> None:
    cells = grid_cells(COMMUNE.geometry.iloc[0], 500, UTM).assign(count=0, z=0.0, q=1.0, hotspot="none")
    cells.loc[4, ["count", "z", "q", "hotspot"]] = [7, 3.5, 0.01, "hot_99"]
    cells.loc[0, ["count", "z"]] = [3, 3.5]
    cells.loc[8, ["count", "z"]] = [1, 1.0]
    top = top_cells(cells, n=3)
    assert list(top["rank"]) == [1, 2, 3]
    assert list(top["count"]) == [7, 3, 1] and top.loc[0, "hotspot"] == "hot_99"
    centre = gpd.GeoSeries.from_xy([X0 + 750], [Y0 + 750], crs=UTM).to_crs("EPSG:4326")
    assert (top.loc[0, "lon"], top.loc[0, "lat"]) == (round(centre.x[0], 5), round(centre.y[0], 5))
