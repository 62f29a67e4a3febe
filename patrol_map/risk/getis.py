"""Hot and cold spots: Getis–Ord Gi* on grid cells and on villages, with a false discovery rate.

**Statistic.** Gi* with binary weights (``esda.G_Local(star=True, transform="B")``): the sum of
a unit's value and its neighbours' values, as a share of the commune's total. Its z-score is
esda's: the normal approximation under *total* randomisation, the null hypothesis of Getis and
Ord (1992) that the n values were dealt to the n units at random, so that a neighbourhood of k
units (the unit itself included) holds k of them drawn without replacement.

**Inference: permutation under that same null.** A commune's counts are small and skewed (most
cells hold 0 or 1 incident a year), and the normal tail is then far too thin: a 3 × 3 window
expecting 1.8 incidents that holds 8 has z ≈ 4.6, normal p ≈ 2·10⁻⁶, while its probability by
chance is about 2.5·10⁻⁴; after the correction over 1,500 cells the first is a hot spot and the
second is not. So p comes from random draws: for a neighbourhood of k units, the sums of k values
drawn without replacement from all n values (:func:`neighbourhood_sums`). The unit's own value is
drawn like the others. esda's conditional permutation (``G_Local(..., permutations=...)``) keeps
it fixed, which for Gi* only adds a constant to every draw: its p-value is that of Gi (the
neighbours alone) while its z is of Gi*, and it marked the empty corner beside three busy cells
hot while the busy cells were not. esda offers no total permutation for local G, hence
:func:`neighbourhood_sums`.

With binary weights a unit's draws depend only on its k, so the units with the same k share one
set of :data:`PERMUTATIONS` draws (each p-value is exact in distribution all the same): equal
sums then get equal p-values, and 99,999 draws cost less than a second. No p-value is below
1/(P + 1); the false discovery rate over m units needs p ≤ q·k/m for k hot units, which 99,999
draws reach for a single cell among a few thousand.

**Ties.** With counts most draws may equal the observed sum (an empty cell among empty cells).
Ties count on both sides: p_high = (#(draw ≥ sum) + 1)/(P + 1), p_low = (#(draw ≤ sum) + 1)/(P + 1),
two-sided p = min(1, 2·min(p_high, p_low)); the unit is hot when p_high < p_low, cold otherwise.

**Multiple testing.** Benjamini–Hochberg over all units of one layer
(``scipy.stats.false_discovery_control``) gives q. Classes come from q alone, as ArcGIS's Hot Spot
Analysis with its FDR option: q ≤ 0.01 is 99 % confidence, q ≤ 0.05 (:data:`ALPHA`, what the
tables call significant) 95 %, q ≤ 0.10 90 % (weaker evidence, shown paler); else ``none``.

**Neighbours.** Cells: binary weights, neighbours are the cells whose centres lie within
:data:`BAND_CELLS` cells (the 8 around, fewer at the commune's edge), with
``libpysal.graph.Graph.build_distance_band``. Villages: queen contiguity, made fuzzy by a
:data:`VILLAGE_GAP_M` buffer since village polygons are often drawn one by one with slivers and
gaps between them (``Graph.build_fuzzy_contiguity``). A unit with no neighbour (a hamlet on an
islet, a cell cut off by the boundary) is joined to its nearest unit, both ways: alone, its
neighbourhood would be itself and it would be tested on its own value only.

**What Gi* marks.** A neighbourhood holds the unit and the units around it, so one busy cell makes
its whole 3 × 3 block hot together (equal sums, equal p): the busy cell is as significant as any
of its block, never less, and read with its ``count``, the table shows which cell holds the
incidents.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy.spatial import cKDTree
from scipy.stats import false_discovery_control

from patrol_map.geo.crs import WGS84
from patrol_map.risk.kde import grid_cells
from patrol_map.risk.select import point_records

if TYPE_CHECKING:
    from libpysal.graph import Graph

#: False discovery rate below which a hot or cold spot is called significant.
ALPHA = 0.05
#: Random draws of the permutation test, for each neighbourhood size.
PERMUTATIONS = 99_999
#: Default side of a Gi* cell, metres: 9 ha, so that a 3 × 3 neighbourhood (81 ha, a hamlet's
#: core) holds a few incidents a year in a commune; at 150 m most cells of a year are empty and
#: four times as many tests dilute the correction.
GI_CELL_M = 300.0
#: Cells whose centres are within this many cell sides are neighbours (1.5: the 8 around).
BAND_CELLS = 1.5
#: Villages this close (metres) count as touching.
VILLAGE_GAP_M = 5.0

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
    return _graph_class().from_arrays(*(links[c].to_numpy() for c in ("focal", "neighbor", "weight")))


def neighbourhood_sums(
    values: np.ndarray, size: int, permutations: int, rng: np.random.Generator
) -> np.ndarray:
    """Return sums of ``size`` values drawn at random without replacement, ``permutations`` times.

    Parameters
    ----------
    values
        The n values of all units.
    size
        Units in a neighbourhood, the unit itself included (1 ≤ size ≤ n).
    permutations
        Number of draws.
    rng
        Source of randomness.

    Returns
    -------
    numpy.ndarray
        ``permutations`` sums: the null distribution of a neighbourhood's sum when the values are
        dealt to the units at random.

    """
    values = np.asarray(values, dtype=float)
    n = len(values)
    if not 1 <= size <= n:
        msg = f"a neighbourhood of {size} units cannot be drawn from {n}"
        raise ValueError(msg)
    # Draw with replacement and draw again the rows that repeat a unit, while repeats are rare;
    # else take the ``size`` smallest of n random keys per row (every subset equally likely).
    if size * (size - 1) < n:
        chosen = rng.integers(0, n, size=(permutations, size))
        while True:
            ordered = np.sort(chosen, axis=1)
            repeated = (ordered[:, 1:] == ordered[:, :-1]).any(axis=1)
            if not repeated.any():
                break
            chosen[repeated] = rng.integers(0, n, size=(int(repeated.sum()), size))
        return values[chosen].sum(axis=1)
    sums = np.empty(permutations)
    rows_per_chunk = max(1, 2**22 // n)
    for first in range(0, permutations, rows_per_chunk):
        rows = min(rows_per_chunk, permutations - first)
        keys = rng.random((rows, n))
        chosen = np.argpartition(keys, size - 1, axis=1)[:, :size]
        sums[first : first + rows] = values[chosen].sum(axis=1)
    return sums


def gi_star(values: np.ndarray, graph: Graph, seed: int, permutations: int = PERMUTATIONS) -> pd.DataFrame:
    """Test every unit for a hot or cold spot with Gi* and total permutation.

    Parameters
    ----------
    values
        One value per unit (incident counts, or incidents per km²), in ``graph``'s id order.
    graph
        Binary neighbour weights, without self-weights (Gi* adds the unit itself), no isolate
        (see :func:`join_islands`).
    seed
        Seed of the permutation draws: the same seed gives the same p-values.
    permutations
        Number of random draws for each neighbourhood size.

    Returns
    -------
    pandas.DataFrame
        One row per unit: ``z`` (Gi* z-score, normal theory under total randomisation, for
        ranking and display), ``p`` (two-sided permutation p-value of the same statistic), ``q``
        (Benjamini–Hochberg adjusted) and ``hotspot`` (a key of
        :data:`patrol_map.risk.hotspot_classes.HOTSPOT_CLASSES`). When
        every value is the same (an all-zero grid included) no unit is a spot: z = 0,
        p = q = 1.

    Raises
    ------
    ValueError
        When the weights are not binary.

    """
    values = np.asarray(values, dtype=float)
    if values.size == 0 or np.ptp(values) == 0:
        return pd.DataFrame({"z": 0.0, "p": 1.0, "q": 1.0, "hotspot": "none"}, index=range(values.size))
    if not np.all(graph.adjacency.to_numpy() == 1.0):
        msg = "Gi* is tested here with binary weights only"
        raise ValueError(msg)
    with warnings.catch_warnings():
        # esda's note that its folded p_sim will change (no draws are asked of esda), and its 0/0 in
        # the z of a neighbourhood holding every unit (no variance: z = 0 below).
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        import esda  # here, not above: see _graph_class

        local = esda.G_Local(values, graph, transform="B", star=True, permutations=0)
    z = np.nan_to_num(local.Zs, nan=0.0)
    size = graph.cardinalities.to_numpy() + 1
    observed = values + graph.sparse @ values  # each neighbourhood's sum, the unit included
    rng = np.random.default_rng(seed)
    tolerance = 1e-9 * np.abs(values).sum()
    above, below = np.empty(values.size), np.empty(values.size)
    for k in np.unique(size):
        units = size == k
        draws = np.sort(neighbourhood_sums(values, int(k), permutations, rng))
        above[units] = permutations - np.searchsorted(draws, observed[units] - tolerance, side="left")
        below[units] = np.searchsorted(draws, observed[units] + tolerance, side="right")
    p = np.minimum(1.0, 2 * (np.minimum(above, below) + 1) / (permutations + 1))
    q = false_discovery_control(p, method="bh")
    side = np.where(above < below, "hot", "cold")
    level = np.select([q <= limit for _, limit in _LEVELS], [name for name, _ in _LEVELS], "")
    hotspot = np.where(level == "", "none", np.char.add(np.char.add(side, "_"), level))
    return pd.DataFrame({"z": z, "p": p, "q": q, "hotspot": hotspot})


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
        Number of random draws for each neighbourhood size.
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
    incidents, weights = point_records(incidents, weights)
    counts: np.ndarray = np.zeros(len(cells), dtype=np.int64)
    weighted: np.ndarray = np.zeros(len(cells))
    if len(incidents) and len(cells):
        _, nearest = cKDTree(cells[["x", "y"]].to_numpy()).query(incidents.get_coordinates().to_numpy())
        counts = np.bincount(nearest, minlength=len(cells))
        weighted = np.bincount(nearest, weights=weights, minlength=len(cells))
    centres = gpd.GeoSeries(gpd.points_from_xy(cells["x"], cells["y"]), crs=cells.crs)
    band = _graph_class().build_distance_band(centres, BAND_CELLS * cell_m, binary=True)
    graph = join_islands(band, centres)
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
        _graph_class().build_fuzzy_contiguity(villages.geometry, buffer=VILLAGE_GAP_M), villages.geometry
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


def top_cells(cell_gi: gpd.GeoDataFrame, n: int = 20) -> pd.DataFrame:
    """Return the ``n`` cells of highest Gi* z, with where to find them.

    Parameters
    ----------
    cell_gi
        :func:`patrol_map.risk.getis.cell_hotspots`.
    n
        Number of cells.

    Returns
    -------
    pandas.DataFrame
        ``rank``, ``hotspot``, ``count``, ``z``, ``q`` and the cell centre's ``lat``, ``lon``
        (WGS 84 degrees, 5 decimals: about a metre), highest z first (ties: higher count).

    """
    ranked = cell_gi.sort_values(["z", "count"], ascending=False, kind="stable").head(n)
    centres = gpd.GeoSeries(gpd.points_from_xy(ranked["x"], ranked["y"]), crs=cell_gi.crs).to_crs(WGS84)
    return pd.DataFrame(
        {
            "rank": np.arange(1, len(ranked) + 1),
            "hotspot": ranked["hotspot"].to_numpy(),
            "count": ranked["count"].to_numpy(),
            "z": ranked["z"].to_numpy(),
            "q": ranked["q"].to_numpy(),
            "lat": centres.y.round(5).to_numpy(),
            "lon": centres.x.round(5).to_numpy(),
        }
    )


def _graph_class() -> type[Graph]:
    """Return libpysal's Graph, imported when a graph is first built.

    libpysal and esda take most of a second to load; a map or a page that only reads this module's
    constants (or never computes Gi*) should not wait for them.
    """
    from libpysal.graph import Graph

    return Graph
