"""Settlement points: the centres of the synthetic villages.

Points are spread over the commune with a minimum spacing, denser near the main roads
(villages line the roads; the hills away from them are sparsely settled).
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import MultiLineString
from shapely.geometry.base import BaseGeometry

from patrol_map.sample.mainroads import MainRoads

#: Minimum distance between two settlement centres, metres.
MIN_SPACING = 1_600.0
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
    ValueError
        If ``region`` cannot hold ``count`` points :data:`MIN_SPACING` apart.

    """
    roads = MultiLineString([main.national, main.provincial])
    minx, miny, maxx, maxy = region.bounds
    chosen: list[np.ndarray] = []
    for _ in range(_MAX_BATCHES):
        batch = rng.uniform((minx, miny), (maxx, maxy), size=(_BATCH, 2))
        keep = rng.random(_BATCH) < 0.25 + 0.75 * np.exp(
            -shapely.distance(shapely.points(batch), roads) / _ROAD_DECAY
        )
        keep &= shapely.contains_xy(region, batch[:, 0], batch[:, 1])
        for point in batch[keep]:
            if all(np.hypot(*(point - other)) >= MIN_SPACING for other in chosen):
                chosen.append(point)
            if len(chosen) == count:
                points = np.array(chosen)
                return points[np.lexsort((points[:, 0], -points[:, 1]))]
    raise ValueError(f"could not place {count} settlements {MIN_SPACING:.0f} m apart")
