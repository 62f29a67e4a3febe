"""Metric geometry helpers shared by the sample generators.

All construction happens in metres, in the WGS 84 / UTM zone of the commune
(:func:`patrol_map.geo.crs.metric_crs_for`: zone 48N for Nam Trạch, 49N further east);
:meth:`Projection.to_lonlat` is the one place where metric coordinates become the rounded
lon/lat written to files, so the same metric vertex always lands on the same written
coordinate.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from patrol_map.geo.crs import WGS84, metric_crs_for

#: CRS of the written files.
LONLAT_CRS = WGS84
#: Decimals of written lon/lat coordinates (about 0.1 m).
DECIMALS = 6


class Projection:
    """The metric CRS the sample is built in, and the conversion to written lon/lat.

    Parameters
    ----------
    crs
        Projected CRS in metres.

    """

    def __init__(self, crs: CRS) -> None:
        self.crs = CRS.from_user_input(crs)
        self._to_lonlat = Transformer.from_crs(self.crs, LONLAT_CRS, always_xy=True)

    @classmethod
    def for_frame(cls, frame: gpd.GeoDataFrame) -> Projection:
        """Return the projection of the UTM zone that holds ``frame`` (any CRS)."""
        return cls(metric_crs_for(frame))

    def to_lonlat(self, xy: np.ndarray) -> np.ndarray:
        """Convert metric coordinates to lon/lat rounded to :data:`DECIMALS` decimals.

        Parameters
        ----------
        xy
            Array of shape ``(n, 2)`` (or ``(2,)``) of easting, northing in metres.

        Returns
        -------
        numpy.ndarray
            Array of shape ``(n, 2)`` of lon, lat.

        """
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        lon, lat = self._to_lonlat.transform(xy[:, 0], xy[:, 1])
        return np.round(np.column_stack([lon, lat]), DECIMALS)


def unit(bearing_deg: float) -> np.ndarray:
    """Return the unit vector of a compass bearing (0 = north, 90 = east)."""
    rad = np.radians(bearing_deg)
    return np.array([np.sin(rad), np.cos(rad)])


def ray_end(
    origin: np.ndarray, direction: np.ndarray, region: BaseGeometry, max_length: float
) -> np.ndarray | None:
    """Return the farthest point reachable in a straight line from ``origin`` inside ``region``.

    The point is pulled back one metre from where the ray leaves ``region`` (or from
    ``max_length``), so that the segment from ``origin`` to it lies strictly within.

    Parameters
    ----------
    origin
        Start point, inside ``region``.
    direction
        Unit vector of the ray.
    region
        Polygon the ray must stay in.
    max_length
        Length at which the ray stops even if still inside.

    Returns
    -------
    numpy.ndarray or None
        End point, or None when ``origin`` is not inside ``region`` or the ray leaves it
        within a metre.

    """
    if not region.contains(Point(origin)):
        return None
    ray = LineString([origin, origin + max_length * direction])
    parts = shapely.get_parts(ray.intersection(region))
    first = min(parts, key=lambda part: part.distance(Point(origin)))
    reach = float(np.hypot(*(np.asarray(first.coords)[[0, -1]] - origin).T).max()) - 1.0
    return origin + reach * direction if reach > 0 else None


def wiggly_line(
    start: np.ndarray,
    end: np.ndarray,
    rng: np.random.Generator,
    region: BaseGeometry,
    step: float = 250.0,
    amplitude: float = 20.0,
) -> LineString | None:
    """Return a mildly bent road from ``start`` to ``end`` that stays inside ``region``.

    Intermediate vertices every ``step`` metres are moved sideways along a random walk
    pinned to zero at both ends (a Brownian bridge). When the bent line leaves ``region``
    the bends are halved, down to the straight line. ``start`` and ``end`` are kept
    bit-for-bit, so roads built from the same junction share it exactly.

    Parameters
    ----------
    start, end
        End points in metres.
    rng
        Random generator.
    region
        Polygon the road must stay within.
    step
        Approximate spacing of the vertices, metres.
    amplitude
        Standard deviation of one step of the sideways walk, metres.

    Returns
    -------
    shapely.LineString or None
        The road, or None when even the straight line leaves ``region``.

    """
    start = np.asarray(start, dtype=float)
    end = np.asarray(end, dtype=float)
    delta = end - start
    length = float(np.hypot(*delta))
    count = max(1, round(length / step))
    t = np.linspace(0.0, 1.0, count + 1)
    walk = np.concatenate([[0.0], np.cumsum(rng.normal(0.0, amplitude, count))])
    bridge = np.clip(walk - t * walk[-1], -4 * amplitude, 4 * amplitude)
    normal = np.array([-delta[1], delta[0]]) / length
    for scale in (1.0, 0.5, 0.25, 0.0):
        points = start + np.outer(t, delta) + np.outer(scale * bridge, normal)
        points[0], points[-1] = start, end
        line = LineString(points)
        if line.within(region):
            return line
    return None
