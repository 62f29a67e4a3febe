"""Hot and cold spots: Getis–Ord Gi* on grid cells and on villages, with a false discovery rate.

**Statistic.** ``esda.G_Local(star=True, transform="B")``: a unit's value plus its neighbours',
as a share of the commune's total, compared with what the same neighbourhood would hold if the
values were spread at random.

**Inference: conditional permutation, not the normal approximation.** A commune's counts are
small and skewed (most cells hold 0 or 1 incident a year), and the normal tail is then far too
thin: a 3 × 3 window expecting 1.8 incidents that holds 8 has z ≈ 4.6, normal p ≈ 2·10⁻⁶, while
its Poisson probability is about 2.5·10⁻⁴; after the correction over 1,500 cells the first is a
hot spot and the second is not. Conditional permutation keeps a unit's own value and deals the
other units' values at random to its neighbours, so it holds whatever the distribution. With
:data:`PERMUTATIONS` draws no p-value is below 1/10,000; the false discovery rate over m units
then needs p ≤ q·k/m for k hot units, which 9,999 draws reach for a handful of cells out of a
few thousand (999 draws would not).

**Ties.** esda's ``p_sim`` folds to the nearer tail and counts only strictly smaller draws on the
low side: with counts, where most draws equal the observed value (an empty cell among empty
cells), that gives a cold spot p of 1/(P+1). We keep the draws and count ties on both sides:
p_high = (#(G_draw ≥ G) + 1)/(P + 1), p_low = (#(G_draw ≤ G) + 1)/(P + 1), two-sided
p = min(1, 2·min(p_high, p_low)); the unit is hot when p_high < p_low, cold otherwise.

**Multiple testing.** Benjamini–Hochberg over all units of one layer
(``scipy.stats.false_discovery_control``) gives q. Classes come from q alone, as ArcGIS's Hot Spot
Analysis with its FDR option: q ≤ 0.01 is 99 % confidence, q ≤ 0.05 (:data:`ALPHA`, what the
tables call significant) 95 %, q ≤ 0.10 90 % (weaker evidence, shown paler); else not significant.

**Neighbours.** Cells: binary weights, neighbours are the cells whose centres lie within
:data:`BAND_CELLS` cells (the 8 around, fewer at the commune's edge), with
``libpysal.graph.Graph.build_distance_band``. Villages: queen contiguity, made fuzzy by a
:data:`VILLAGE_GAP_M` buffer since village polygons are often drawn one by one with slivers and
gaps between them (``Graph.build_fuzzy_contiguity``). A unit with no neighbour (a hamlet on an
islet, a cell cut off by the boundary) is joined to its nearest unit, both ways: alone, esda's
draws for it are all 0 and it would always look hot.
"""

from __future__ import annotations

import warnings
from typing import Literal

import esda
import geopandas as gpd
import numpy as np
import pandas as pd
from libpysal.graph import Graph
from scipy.spatial import cKDTree
from scipy.stats import false_discovery_control

from patrol_map.risk.kde import grid_cells

#: False discovery rate below which a hot or cold spot is called significant.
ALPHA = 0.05
#: Random draws of the conditional permutation test.
PERMUTATIONS = 9999
#: Default side of a Gi* cell, metres: 9 ha, so that a 3 × 3 neighbourhood (81 ha, a hamlet's
#: core) holds a few incidents a year in a commune; at 150 m most cells of a year are empty and
#: four times as many tests dilute the correction.
GI_CELL_M = 300.0
#: Cells whose centres are within this many cell sides are neighbours (1.5: the 8 around).
BAND_CELLS = 1.5
#: Villages this close (metres) count as touching.
VILLAGE_GAP_M = 5.0

#: Hot/cold spot classes: key -> (Vietnamese, English), hottest first.
HOTSPOT_CLASSES: dict[str, tuple[str, str]] = {
    "hot_99": ("Điểm nóng (tin cậy 99%)", "Hot spot, 99% confidence"),
    "hot_95": ("Điểm nóng (tin cậy 95%)", "Hot spot, 95% confidence"),
    "hot_90": ("Điểm nóng (tin cậy 90%)", "Hot spot, 90% confidence"),
    "not_significant": ("Không có ý nghĩa thống kê", "Not significant"),
    "cold_90": ("Điểm lạnh (tin cậy 90%)", "Cold spot, 90% confidence"),
    "cold_95": ("Điểm lạnh (tin cậy 95%)", "Cold spot, 95% confidence"),
    "cold_99": ("Điểm lạnh (tin cậy 99%)", "Cold spot, 99% confidence"),
}
#: Confidence levels: (class suffix, largest q of that class).
_LEVELS = (("99", 0.01), ("95", ALPHA), ("90", 0.10))


def join_islands(graph: Graph, geometry: gpd.GeoSeries) -> Graph:
    """Join every unit without a neighbour to its nearest unit, both ways.

    Parameters
    ----------
    graph
        Binary weights whose ids are ``geometry``'s index.
    geometry
        The units' geometries, in a projected CRS.

    Returns
    -------
    libpysal.graph.Graph
        ``graph`` itself when it has no isolate; else a copy with the new links (weight 1).

    """
    islands = graph.isolates
    if islands.empty or len(geometry) < 2:
        return graph
    where, nearest = geometry.sindex.nearest(geometry.loc[islands], return_all=False, exclusive=True)
    pairs = pd.DataFrame({"focal": islands[where], "neighbor": geometry.index[nearest]})
    links = graph.adjacency.reset_index()
    links = links[~links["focal"].isin(islands) | (links["focal"] != links["neighbor"])]
    both = pd.concat([pairs, pairs.rename(columns={"focal": "neighbor", "neighbor": "focal"})])
    links = pd.concat([links, both.assign(weight=1.0)]).drop_duplicates(["focal", "neighbor"])
    # Keep the units in ``geometry``'s order: esda reads values in the graph's id order.
    links = links.iloc[np.argsort(geometry.index.get_indexer(links["focal"]), kind="stable")]
    return Graph.from_arrays(*(links[c].to_numpy() for c in ("focal", "neighbor", "weight")))


def gi_star(values: np.ndarray, graph: Graph, seed: int, permutations: int = PERMUTATIONS) -> pd.DataFrame:
    """Test every unit for a hot or cold spot with Gi* and conditional permutation.

    Parameters
    ----------
    values
        One value per unit (incident counts, or incidents per km²), in ``graph``'s id order.
    graph
        Binary neighbour weights, without self-weights (Gi* adds the unit itself), no isolate
        (see :func:`join_islands`).
    seed
        Seed of the permutation draws: the same seed gives the same p-values. NumPy's global
        random state, which esda reseeds, is restored afterwards.
    permutations
        Number of random draws.

    Returns
    -------
    pandas.DataFrame
        One row per unit: ``z`` (Gi* z-score, normal theory, for ranking and display), ``p``
        (two-sided permutation p-value), ``q`` (Benjamini–Hochberg adjusted) and ``hotspot``
        (a key of :data:`HOTSPOT_CLASSES`). When every value is the same (an all-zero grid
        included) no unit is a spot: z = 0, p = q = 1.

    """
    values = np.asarray(values, dtype=float)
    if values.size == 0 or np.ptp(values) == 0:
        return pd.DataFrame(
            {"z": 0.0, "p": 1.0, "q": 1.0, "hotspot": "not_significant"}, index=range(values.size)
        )
    state = np.random.get_state()
    try:
        with warnings.catch_warnings():
            # esda's note that its folded p_sim will change, and its 0/0 in the z of the draws of a
            # cell whose draws are all equal: we use neither, p comes from the draws below.
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", RuntimeWarning)
            local = esda.G_Local(
                values,
                graph,
                transform="B",
                star=True,
                permutations=permutations,
                seed=seed,
                keep_simulations=True,
                n_jobs=1,
            )
    finally:
        np.random.set_state(state)
    draws, observed = local.rGs, local.Gs[:, None]
    tie = np.isclose(draws, observed, rtol=1e-9, atol=0.0)
    above = ((draws > observed) | tie).sum(axis=1)
    below = ((draws < observed) | tie).sum(axis=1)
    p = np.minimum(1.0, 2 * (np.minimum(above, below) + 1) / (permutations + 1))
    q = false_discovery_control(p, method="bh")
    side = np.where(above < below, "hot", "cold")
    level = np.select([q <= limit for _, limit in _LEVELS], [name for name, _ in _LEVELS], "")
    hotspot = np.where(level == "", "not_significant", np.char.add(np.char.add(side, "_"), level))
    return pd.DataFrame({"z": local.Zs, "p": p, "q": q, "hotspot": hotspot})


def cell_hotspots(
    incidents: gpd.GeoDataFrame,
    commune: gpd.GeoDataFrame,
    cell_m: float = GI_CELL_M,
    seed: int = 0,
    permutations: int = PERMUTATIONS,
    weights: np.ndarray | None = None,
) -> gpd.GeoDataFrame:
    """Find hot and cold spots of incident counts on a grid over the commune.

    Parameters
    ----------
    incidents
        Selected incidents in the commune's projected CRS (metres). Records placed only by their
        village (``location == "village"``) are left out: their point is not where it happened.
        Each other record counts in the cell whose centre is nearest, so one in a boundary cell
        whose centre lies outside the commune counts in its neighbour inside.
    commune
        The commune boundary (one row).
    cell_m
        Side of a cell, metres.
    seed
        Seed of the permutation test.
    permutations
        Number of random draws; memory grows as cells × draws × 8 bytes (1,500 cells: 120 MB).
    weights
        Optional weight of each record, aligned with ``incidents`` (e.g.
        :func:`patrol_map.risk.feedback.incident_weights`): the statistic is computed on the
        weighted counts; ``count`` stays the plain number of records.

    Returns
    -------
    geopandas.GeoDataFrame
        The cells of :func:`patrol_map.risk.kde.grid_cells` (``row``, ``col``, ``x``, ``y``)
        with ``count``, ``weighted`` (the tested value), ``neighbours`` and the columns of
        :func:`gi_star`.

    """
    cells = grid_cells(commune.geometry.iloc[0], cell_m, commune.crs).reset_index(drop=True)
    weights = np.ones(len(incidents)) if weights is None else np.asarray(weights, dtype=float)
    if "location" in incidents:
        point_located = (incidents["location"] != "village").to_numpy()
        incidents, weights = incidents[point_located], weights[point_located]
    counts, weighted = np.zeros(len(cells)), np.zeros(len(cells))
    if len(incidents) and len(cells):
        _, nearest = cKDTree(cells[["x", "y"]].to_numpy()).query(incidents.get_coordinates().to_numpy())
        counts = np.bincount(nearest, minlength=len(cells)).astype(float)
        weighted = np.bincount(nearest, weights=weights, minlength=len(cells))
    centres = gpd.GeoSeries(gpd.points_from_xy(cells["x"], cells["y"]), crs=cells.crs)
    graph = join_islands(Graph.build_distance_band(centres, BAND_CELLS * cell_m, binary=True), centres)
    result = gi_star(weighted, graph, seed, permutations)
    return cells.assign(
        count=counts.astype(int),
        weighted=weighted,
        neighbours=graph.cardinalities[cells.index].to_numpy(),
        **result,
    )


def village_hotspots(
    incidents: gpd.GeoDataFrame,
    villages: gpd.GeoDataFrame,
    seed: int = 0,
    permutations: int = PERMUTATIONS,
    weights: np.ndarray | None = None,
) -> gpd.GeoDataFrame:
    """Find hot and cold spots among villages, on incidents per km².

    Parameters
    ----------
    incidents
        Selected incidents with a ``village`` column: every record of a known village counts for
        it, those placed only by the village name included.
    villages
        The workspace's villages (``village_id``, ``name``, polygons in a projected CRS).
    seed
        Seed of the permutation test.
    permutations
        Number of random draws.
    weights
        Optional weight of each record, aligned with ``incidents``: the density is of weighted
        counts; ``count`` stays the plain number of records.

    Returns
    -------
    geopandas.GeoDataFrame
        The villages with ``count``, ``area_km2``, ``density`` (weighted incidents per km²: the
        tested value, so that a large village is not hot for its size alone), ``neighbours`` and
        the columns of :func:`gi_star`.

    """
    villages = villages.reset_index(drop=True)
    weights = np.ones(len(incidents)) if weights is None else np.asarray(weights, dtype=float)
    counts = incidents["village"].value_counts().reindex(villages["name"], fill_value=0).to_numpy()
    weighted = pd.Series(weights, index=incidents.index).groupby(incidents["village"]).sum()
    area_km2 = villages.area.to_numpy() / 1e6
    density = weighted.reindex(villages["name"], fill_value=0.0).to_numpy() / area_km2
    graph = join_islands(
        Graph.build_fuzzy_contiguity(villages.geometry, buffer=VILLAGE_GAP_M), villages.geometry
    )
    result = gi_star(density, graph, seed, permutations)
    return villages.assign(
        count=counts,
        area_km2=area_km2,
        density=density,
        neighbours=graph.cardinalities[villages.index].to_numpy(),
        **result,
    )


def rank_hotspots(layer: gpd.GeoDataFrame, by: Literal["z", "count"] = "z") -> pd.DataFrame:
    """Rank the cells or villages of :func:`cell_hotspots` or :func:`village_hotspots`.

    Parameters
    ----------
    layer
        Their result.
    by
        ``"z"``: by Gi* z-score (how much more than the commune's average the unit and its
        neighbours hold), then count; ``"count"``: by count, then z.

    Returns
    -------
    pandas.DataFrame
        The rows without geometry, highest first, with a first column ``rank`` (1, 2, …).

    """
    keys = ["z", "count"] if by == "z" else ["count", "z"]
    table = pd.DataFrame(layer.drop(columns=layer.geometry.name))
    table = table.sort_values(keys, ascending=False, kind="stable", ignore_index=True)
    table.insert(0, "rank", range(1, len(table) + 1))
    return table
