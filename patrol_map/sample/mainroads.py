"""The two main roads of the sample commune: a national road and a provincial road.

Both are built from the commune centre outwards: the national road runs north and south,
the provincial road east and west, each half along the longest straight line that stays in
the commune within its range of bearings. The centre is therefore their junction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry

from patrol_map.sample.geometry import ray_end, unit, wiggly_line

#: Bearing ranges (degrees) searched for each half of each main road.
_NORTH, _SOUTH = np.arange(-40, 41, 5), np.arange(140, 221, 5)
_EAST, _WEST = np.arange(50, 131, 5), np.arange(230, 311, 5)
#: Longest half of a main road, metres.
_MAX_HALF = 15_000.0


@dataclass(frozen=True)
class MainRoads:
    """The main roads, in metres.

    Attributes
    ----------
    centre
        Commune centre: the junction of both roads, a vertex of each.
    national
        National road, south to north.
    provincial
        Provincial road, west to east.

    """

    centre: np.ndarray
    national: LineString
    provincial: LineString


def build_main_roads(region: BaseGeometry, rng: np.random.Generator) -> MainRoads:
    """Lay out the national and provincial roads through the commune centre.

    Parameters
    ----------
    region
        Commune polygon in metres, shrunk by a margin; roads stay within it.
    rng
        Random generator for the bends.

    Returns
    -------
    MainRoads
        The two roads and their junction.

    """
    centroid = region.centroid
    centre_point = centroid if region.contains(centroid) else region.point_on_surface()
    centre = np.asarray(centre_point.coords[0])
    national = _through(centre, _SOUTH, _NORTH, region, rng)
    provincial = _through(centre, _WEST, _EAST, region, rng)
    return MainRoads(centre=centre, national=national, provincial=provincial)


def _through(
    centre: np.ndarray,
    from_bearings: np.ndarray,
    to_bearings: np.ndarray,
    region: BaseGeometry,
    rng: np.random.Generator,
) -> LineString:
    """Join the longest ray into ``from_bearings`` and the longest into ``to_bearings``."""
    halves = []
    for bearings in (from_bearings, to_bearings):
        ends = [ray_end(centre, unit(b), region, _MAX_HALF) for b in bearings]
        end = max(
            (point for point in ends if point is not None),
            key=lambda point: float(np.hypot(*(point - centre))),
        )
        half = wiggly_line(centre, end, rng, region, step=300.0, amplitude=8.0)
        if half is None:
            msg = "a main road of the sample leaves the commune; try another seed"
            raise RuntimeError(msg)
        halves.append(np.asarray(half.coords))
    return LineString(np.concatenate([halves[0][::-1], halves[1][1:]]))
