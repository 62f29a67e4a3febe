"""Village (thôn) polygons: the Voronoi cells of the settlements, clipped to the commune."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import MultiPoint, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from patrol_map.sample.geometry import DECIMALS, LONLAT_CRS, Projection


def build_villages(
    settlements: np.ndarray,
    boundary_m: BaseGeometry,
    boundary_ll: BaseGeometry,
    names: list[str],
    projection: Projection,
) -> gpd.GeoDataFrame:
    """Partition the commune into one village per settlement.

    The Voronoi diagram is computed in metres, its vertices converted to lon/lat once,
    and each cell intersected with the lon/lat boundary on the 1e-6° grid, so neighbouring
    villages share their common edges exactly.

    Parameters
    ----------
    settlements
        Array ``(n, 2)`` of settlement centres in metres.
    boundary_m
        Commune polygon in metres (sets the extent of the diagram).
    boundary_ll
        Commune polygon in lon/lat, the outline of the partition.
    names
        One village name per settlement.
    projection
        Metric CRS of ``settlements`` and ``boundary_m``.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``village_id`` (``T01``…), ``name``, ``is_synthetic``, geometry in
        EPSG:4326, one row per settlement in the order given.

    """
    cells = shapely.get_parts(
        shapely.voronoi_polygons(MultiPoint(settlements), extend_to=boundary_m.buffer(1_000.0), ordered=True)
    )
    grid = 10.0**-DECIMALS
    geometries = [
        _polygonal(
            shapely.intersection(shapely.transform(cell, projection.to_lonlat), boundary_ll, grid_size=grid)
        )
        for cell in cells
    ]
    return gpd.GeoDataFrame(
        {
            "village_id": [f"T{i:02d}" for i in range(1, len(names) + 1)],
            "name": names,
            "is_synthetic": True,
        },
        geometry=geometries,
        crs=LONLAT_CRS,
    )


def _polygonal(geometry: BaseGeometry) -> Polygon | MultiPolygon:
    """Keep the polygonal parts of an overlay result, rounded to the written precision."""
    parts = [part for part in shapely.get_parts(geometry) if isinstance(part, Polygon)]
    merged = parts[0] if len(parts) == 1 else MultiPolygon(parts)
    return shapely.transform(merged, lambda xy: np.round(xy, DECIMALS))
