"""Coordinate reference systems: the metric CRS a commune is stored and measured in.

Distances and areas are always computed in metres in the local UTM zone (WGS 84 / UTM 48N
or 49N cover Vietnam), never in degrees. Input may come in VN-2000 (EPSG:4756 geographic,
EPSG:3405 UTM 48N, or a TM-3 zone) or WGS 84; pyproj converts.
"""

from __future__ import annotations

import geopandas as gpd
from pyproj import CRS

#: Longitude/latitude on WGS 84: GeoJSON, GPX, maps and phone apps use it.
WGS84 = "EPSG:4326"


def metric_crs_for(frame: gpd.GeoDataFrame) -> CRS:
    """Return the WGS 84 / UTM zone CRS that holds ``frame`` (e.g. EPSG:32648 for Quảng Trị)."""
    return frame.estimate_utm_crs(datum_name="WGS 84")
