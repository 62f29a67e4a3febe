"""Settlement points: the centres of the synthetic villages.

Points are spread over the commune with a minimum spacing, denser near the main roads
(villages line the roads; the hills away from them are sparsely settled). In a commune too
small for :data:`MIN_SPACING` the spacing shrinks step by step until the points fit.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import MultiLineString
from shapely.geometry.base import BaseGeometry

from patrol_map.sample.mainroads import MainRoads

#: Minimum distance between two settlement centres, metres.
MIN_SPACING = 1_600.0
#: Factor the spacing shrinks by when the points do not fit, and the smallest spacing tried.
_SHRINK, _SMALLEST_SPACING = 0.85, 250.0
#: Distance from the main roads over which settlement density falls by a factor e, metres.
_ROAD_DECAY = 2_500.0
#: Candidate points drawn per batch, and batches tried before giving up.
_BATCH, _MAX_BATCHES = 256, 200


def place_settlements(
    region: BaseGeometry, main: MainRoads, count: int, rng: np.random.Generator
) -> np.ndarray:
    """Draw ``count`` settlement centres inside ``region``.

    Parameters
    ----------
    region
        Area allowed for settlement centres, in metres (the commune shrunk so that each
        settlement's lanes fit inside it).
    main
        The main roads, which attract settlements.
    count
        Number of settlements.
    rng
        Random generator.

    Returns
    -------
    numpy.ndarray
        Array ``(count, 2)`` of metric coordinates, sorted north to south.

    Raises
    ------
    RuntimeError
        If ``region`` cannot hold ``count`` points even :data:`_SMALLEST_SPACING` apart.

    """
    spacing = MIN_SPACING
    while spacing >= _SMALLEST_SPACING:
        points = _try_place(region, main, count, spacing, rng)
        if points is not None:
            return points
        spacing *= _SHRINK
    raise RuntimeError(f"the commune is too small for {count} settlements {_SMALLEST_SPACING:.0f} m apart")


def _try_place(
    region: BaseGeometry, main: MainRoads, count: int, spacing: float, rng: np.random.Generator
) -> np.ndarray | None:
    """Draw ``count`` points ``spacing`` apart, or return None when they do not fit."""
    if region.is_empty:
        return None
    roads = MultiLineString([main.national, main.provincial])
    minx, miny, maxx, maxy = region.bounds
    chosen = np.empty((0, 2))
    for _ in range(_MAX_BATCHES):
        batch = rng.uniform((minx, miny), (maxx, maxy), size=(_BATCH, 2))
        keep = rng.random(_BATCH) < 0.25 + 0.75 * np.exp(
            -shapely.distance(shapely.points(batch), roads) / _ROAD_DECAY
        )
        keep &= shapely.contains_xy(region, batch[:, 0], batch[:, 1])
        for point in batch[keep]:
            if (np.hypot(*(point - chosen).T) >= spacing).all():
                chosen = np.vstack([chosen, point])
            if len(chosen) == count:
                return chosen[np.lexsort((chosen[:, 0], -chosen[:, 1]))]
    return None
