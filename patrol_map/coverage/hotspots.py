"""Where risk is high and patrols were few: the riskiest cells against the patrols that reached them.

A cell of the density grid counts a patrol when one of the patrol's usable GPS fixes, or a place it
signed at, lies in it (a patrol passing several times counts once). The riskiest cells (those
holding :data:`RISK_SHARE` of the expected incidents, densest first, and any as dense as the last of
them; only cells above the commune's mean, so uniform risk draws none) are classed by the patrols
they had against their share of the risk: ``unpatrolled`` (none), ``under`` (fewer than half
their share of the patrols) or ``covered``.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

#: The riskiest cells drawn hold this share of the expected incidents.
RISK_SHARE = 0.5
#: A cell with fewer than this share of its fair number of patrols is under-patrolled.
UNDER = 0.5
COVERAGE_CLASSES = ("unpatrolled", "under", "covered")


def hotspot_coverage(
    grid: gpd.GeoDataFrame, fixes: gpd.GeoDataFrame, signed: gpd.GeoDataFrame, cell_m: float
) -> gpd.GeoDataFrame:
    """Class the riskiest cells by the patrols that reached them.

    Parameters
    ----------
    grid
        A density grid (:func:`patrol_map.risk.kde.kde_grid`: ``x``, ``y`` centres and
        ``density`` per km²) in a metric CRS.
    fixes
        Usable GPS fixes (points, same CRS) with ``patrol_id``.
    signed
        The places patrols signed at (points, same CRS) with ``patrol_id``.
    cell_m
        The grid's cell side, metres.

    Returns
    -------
    geopandas.GeoDataFrame
        The riskiest cells as squares: ``risk`` (expected incidents), ``patrols`` (distinct
        patrols that reached it), ``fair`` (its share of all patrols in the period, by its share
        of the drawn risk) and ``coverage`` (one of :data:`COVERAGE_CLASSES`).

    """
    if grid.empty:
        return gpd.GeoDataFrame(
            {"risk": [], "patrols": [], "fair": [], "coverage": []}, geometry=[], crs=grid.crs
        )
    risk = grid["density"].to_numpy() * (cell_m / 1000) ** 2
    order = np.argsort(-risk, kind="stable")
    cumulative = np.cumsum(risk[order])
    # The cells needed to reach the share, and every cell as risky as the last of them (ties alike),
    # but only cells above the commune's mean: uniform risk has no hotspot.
    last = risk[order[int(np.searchsorted(cumulative, RISK_SHARE * cumulative[-1]))]]
    keep = order[(risk[order] >= last) & (risk[order] > risk.mean() * (1 + 1e-9))]
    cells = grid.iloc[keep].copy()
    cells["risk"] = risk[keep]
    reached = pd.concat([_cells_of(fixes, cell_m, grid), _cells_of(signed, cell_m, grid)])
    key = list(zip(cells["x"].round(3), cells["y"].round(3), strict=True))
    counts = reached.drop_duplicates().groupby(["x", "y"])["patrol_id"].nunique()
    cells["patrols"] = [int(counts.get(k, 0)) for k in key]
    patrols = pd.concat([fixes["patrol_id"], signed["patrol_id"]]).nunique()
    cells["fair"] = patrols * cells["risk"] / cells["risk"].sum()
    cells["coverage"] = np.select(
        [cells["patrols"] == 0, cells["patrols"] < UNDER * cells["fair"]], ["unpatrolled", "under"], "covered"
    )
    half = cell_m / 2
    squares = gpd.GeoSeries.from_xy(cells["x"], cells["y"], crs=grid.crs).buffer(half, cap_style="square")
    return gpd.GeoDataFrame(
        cells[["risk", "patrols", "fair", "coverage"]], geometry=squares.to_numpy(), crs=grid.crs
    )


def _cells_of(points: gpd.GeoDataFrame, cell_m: float, grid: gpd.GeoDataFrame) -> pd.DataFrame:
    """Return the grid cell centre (``x``, ``y``) each point falls in, with its ``patrol_id``."""
    if points.empty:
        return pd.DataFrame({"x": [], "y": [], "patrol_id": []})
    x0 = float(grid["x"].iloc[0]) - cell_m / 2
    y0 = float(grid["y"].iloc[0]) - cell_m / 2
    col = np.floor((points.geometry.x.to_numpy() - x0) / cell_m)
    row = np.floor((points.geometry.y.to_numpy() - y0) / cell_m)
    return pd.DataFrame(
        {
            "x": np.round(x0 + (col + 0.5) * cell_m, 3),
            "y": np.round(y0 + (row + 0.5) * cell_m, 3),
            "patrol_id": points["patrol_id"].to_numpy(),
        }
    )
