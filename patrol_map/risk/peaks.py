"""Peaks of a density grid: the centres of hotspots."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
from scipy.ndimage import maximum_filter


def expected_count_density(bandwidth_m: float, incidents: float = 1.0) -> float:
    """Return the peak density (per km²) that ``incidents`` make under a Gaussian kernel of ``bandwidth_m``.

    One incident alone makes a peak of ``1 / (2π σ²)``; a peak below that is a smear of
    incidents far apart, not a hotspot.
    """
    sigma_km = bandwidth_m / 1000
    return incidents / (2 * math.pi * sigma_km**2)


def density_peaks(
    grid: gpd.GeoDataFrame, cell_m: float, spacing_m: float, min_density: float
) -> gpd.GeoDataFrame:
    """Return the local maxima of a density grid, densest first.

    Parameters
    ----------
    grid
        A grid from :func:`patrol_map.risk.kde.kde_grid` (``row``, ``col``, ``density``).
    cell_m
        Side of its cells, metres.
    spacing_m
        A peak is the densest cell within this distance (a square window) around it.
    min_density
        Peaks below this density (per km²) are left out.

    Returns
    -------
    geopandas.GeoDataFrame
        The peak cells, sorted by decreasing density.

    """
    if grid.empty:
        return grid
    raster = np.full((grid["row"].max() + 1, grid["col"].max() + 1), -np.inf)
    raster[grid["row"], grid["col"]] = grid["density"]
    window = 2 * math.ceil(spacing_m / cell_m) + 1
    highest = maximum_filter(raster, size=window, mode="constant", cval=-np.inf)
    is_peak = (raster == highest) & (raster >= min_density)
    return grid[is_peak[grid["row"], grid["col"]]].sort_values("density", ascending=False)
