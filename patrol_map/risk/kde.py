"""Kernel density of incidents on a regular grid clipped to the commune.

The bandwidth is a distance in metres chosen by the user (default 300 m: about the size of a
hamlet's cluster of houses, wide enough that a few hundred incidents a year give a smooth
surface, narrow enough to separate neighbouring hamlets).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.neighbors import KernelDensity

from patrol_map.errors import SettingError
from patrol_map.risk.select import point_records

DEFAULT_CELL_M = 150.0
DEFAULT_BANDWIDTH_M = 300.0
#: Most cells a grid may hold: two million, a few hundred megabytes with their squares (a commune
#: of 100 km² at 10 m; a city of 600 km² at 20 m).
MAX_GRID_CELLS = 2_000_000


def grid_cells(area: shapely.Geometry, cell_m: float, crs: object) -> gpd.GeoDataFrame:
    """Return the square cells of side ``cell_m`` whose centre lies inside ``area``.

    The grid's origin is (floor(min x / cell)·cell, floor(min y / cell)·cell); ``row`` and ``col``
    count cells from it.

    Raises
    ------
    SettingError
        When the grid over ``area``'s bounds would hold more than :data:`MAX_GRID_CELLS` cells
        (a 0.5 m cell over a commune asks for hundreds of millions), naming the smallest cell
        that fits; nothing is computed.

    """
    minx, miny, maxx, maxy = area.bounds
    x0, y0 = np.floor(minx / cell_m) * cell_m, np.floor(miny / cell_m) * cell_m
    n_cols, n_rows = int(np.ceil((maxx - x0) / cell_m)), int(np.ceil((maxy - y0) / cell_m))
    if n_cols * n_rows > MAX_GRID_CELLS:
        smallest = float(np.ceil(np.sqrt((maxx - minx) * (maxy - miny) / MAX_GRID_CELLS)))
        while (np.ceil((maxx - minx) / smallest) + 1) * (
            np.ceil((maxy - miny) / smallest) + 1
        ) > MAX_GRID_CELLS:
            smallest += 1
        raise SettingError(
            f"Ô lưới {cell_m:g} trên vùng này là {n_cols * n_rows:,} ô, quá nhiều cho bộ nhớ; ô nhỏ nhất "
            f"dùng được là {smallest:g}.",
            f"A grid cell of {cell_m:g} over this area makes {n_cols * n_rows:,} cells, too many for the "
            f"memory; the smallest cell that fits is {smallest:g}.",
        )
    cols = np.arange(n_cols)
    rows = np.arange(n_rows)
    col, row = (a.ravel() for a in np.meshgrid(cols, rows))
    cx, cy = x0 + (col + 0.5) * cell_m, y0 + (row + 0.5) * cell_m
    inside = shapely.contains_xy(area, cx, cy)
    col, row, cx, cy = col[inside], row[inside], cx[inside], cy[inside]
    boxes = shapely.box(cx - cell_m / 2, cy - cell_m / 2, cx + cell_m / 2, cy + cell_m / 2)
    return gpd.GeoDataFrame({"row": row, "col": col, "x": cx, "y": cy}, geometry=boxes, crs=crs)


def kde_grid(
    incidents: gpd.GeoDataFrame,
    commune: gpd.GeoDataFrame,
    cell_m: float = DEFAULT_CELL_M,
    bandwidth_m: float = DEFAULT_BANDWIDTH_M,
    weights: np.ndarray | None = None,
) -> gpd.GeoDataFrame:
    """Estimate incident density on a grid over the commune.

    Parameters
    ----------
    incidents
        Points in the commune's projected CRS (metres); select them first with
        :func:`patrol_map.risk.select.select_incidents`. Records placed only by their village
        name (``location == "village"``) are left out: their point is not where it happened.
    commune
        The commune boundary (one row).
    cell_m
        Side of a grid cell, metres.
    bandwidth_m
        Standard deviation of the Gaussian kernel, metres.
    weights
        Optional weight of each record, aligned with ``incidents`` (e.g. incidents found by
        patrols discounted, :func:`patrol_map.risk.feedback.incident_weights`); 1 each by default.

    Returns
    -------
    geopandas.GeoDataFrame
        One square cell per row (centre inside the commune) with ``row``, ``col``, ``x``, ``y``
        (centre) and ``density``: expected (weighted) incidents per km² over the selected
        period. Its ``density`` sums, times the cell area, to about the number (total weight) of
        incidents.

    """
    cells = grid_cells(commune.geometry.iloc[0], cell_m, commune.crs)
    incidents, weights = point_records(incidents, weights)
    points = np.column_stack([incidents.geometry.x, incidents.geometry.y])
    per_m2 = kernel_sum(points, cells[["x", "y"]].to_numpy(), bandwidth_m, weights)
    return cells.assign(density=per_m2 * 1e6)


def kernel_sum(
    points: np.ndarray, at: np.ndarray, bandwidth: float, weights: np.ndarray | None = None
) -> np.ndarray:
    """Return the sum of Gaussian kernels centred on ``points``, evaluated at ``at``.

    Parameters
    ----------
    points
        Incident coordinates, shape (n, 2), in a projected CRS (metres or feet).
    at
        Where to evaluate, shape (m, 2), same CRS.
    bandwidth
        Standard deviation of the Gaussian kernel, in the CRS's unit.
    weights
        Weight of each incident (default 1).

    Returns
    -------
    numpy.ndarray
        Expected incidents per square unit at each of ``at`` (it integrates to the sum of the
        weights); zeros when there is no point or no weight.

    """
    weights = np.ones(len(points)) if weights is None else np.asarray(weights, dtype=float)
    points, weights = points[weights > 0], weights[weights > 0]
    total = weights.sum()
    if len(points) == 0:
        return np.zeros(len(at))
    model = KernelDensity(bandwidth=bandwidth, kernel="gaussian", rtol=1e-6)
    model.fit(points, sample_weight=weights)
    return np.exp(model.score_samples(at)) * total


#: Bandwidths :func:`cv_bandwidth` tries, in cell sides.
CV_BANDWIDTHS_CELLS = tuple(float(b) for b in np.geomspace(0.25, 8.0, 12))


def cv_bandwidth(points: np.ndarray, cell: float) -> float:
    """Return the Gaussian bandwidth of highest five-fold cross-validated likelihood of ``points``.

    Parameters
    ----------
    points
        Incident coordinates, shape (n, 2), in a projected CRS.
    cell
        Side of a grid cell: the bandwidths tried are :data:`CV_BANDWIDTHS_CELLS` times it.

    Returns
    -------
    float
        The bandwidth, in the CRS's unit; one cell side with fewer than 10 points. (Weights of the
        incidents are for the density, not for choosing its bandwidth: scikit-learn scores the
        held-out points unweighted.)

    """
    if len(points) < 10:
        return float(cell)
    search = GridSearchCV(
        KernelDensity(kernel="gaussian", rtol=1e-4),
        {"bandwidth": [cell * b for b in CV_BANDWIDTHS_CELLS]},
        cv=KFold(5, shuffle=True, random_state=0),
    )
    search.fit(points)
    return float(search.best_params_["bandwidth"])
