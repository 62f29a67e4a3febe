"""Gi* hot and cold spots as GeoJSON, for an analyst to open in QGIS (``patrol-map hotspots --gi-cells``).

One polygon feature per cell of the commune's grid, or per village, every one included (those that
are no spot too), in WGS 84 (EPSG:4326) with the properties of :data:`CELL_PROPERTIES` or
:data:`VILLAGE_PROPERTIES`:

- ``count``: incidents in the cell or village (records counted plainly, whatever their weight);
- ``gi_z``: the Gi* z-score, ``p``: its two-sided permutation p-value, ``q``: the p-value adjusted
  by Benjamini–Hochberg over the layer (:mod:`patrol_map.risk.getis`);
- ``class``: ``hot_99``, ``hot_95``, ``hot_90``, ``cold_99``, ``cold_95``, ``cold_90`` or ``none``;
- for cells also ``row``, ``col`` (from the grid's origin) and ``weighted`` (the tested value: the
  records' weights summed); for villages ``village_id``, ``name``, ``area_km2`` and ``density``
  (weighted incidents per km², the tested value).
"""

from __future__ import annotations

import geopandas as gpd

from patrol_map.geo.crs import WGS84

#: Properties of a cell feature, in order.
CELL_PROPERTIES = ("row", "col", "count", "weighted", "gi_z", "p", "q", "class")
#: Properties of a village feature, in order.
VILLAGE_PROPERTIES = ("village_id", "name", "count", "area_km2", "density", "gi_z", "p", "q", "class")


def gi_geojson(layer: gpd.GeoDataFrame, properties: tuple[str, ...]) -> bytes:
    """Return a Gi* layer as GeoJSON bytes (UTF-8), in WGS 84.

    Parameters
    ----------
    layer
        :func:`patrol_map.risk.getis.cell_hotspots` or :func:`~patrol_map.risk.getis.village_hotspots`
        (``z`` and ``hotspot`` are written as ``gi_z`` and ``class``).
    properties
        :data:`CELL_PROPERTIES` or :data:`VILLAGE_PROPERTIES`.

    Returns
    -------
    bytes
        A FeatureCollection with one polygon feature per row of ``layer``.

    """
    renamed = layer.rename(columns={"z": "gi_z", "hotspot": "class"})
    frame = gpd.GeoDataFrame(renamed[list(properties)], geometry=renamed.geometry, crs=layer.crs)
    return frame.to_crs(WGS84).to_json(na="null", drop_id=True, ensure_ascii=False).encode("utf-8")
