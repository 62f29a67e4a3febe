"""The lanes of one settlement: a small, slightly bent grid around its centre."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry

from patrol_map.sample.geometry import wiggly_line


@dataclass(frozen=True)
class LaneGrid:
    """The lanes of a settlement and the grid nodes other layers are placed on.

    Attributes
    ----------
    centre
        Settlement centre, the middle node of the grid (metres).
    lanes
        ``(highway, line)`` pairs: the two lanes through the centre are ``unclassified``,
        the others ``residential``.
    ring
        The eight grid nodes around the centre, array ``(8, 2)``.
    corners
        The four corner nodes of the grid, array ``(4, 2)``.

    """

    centre: np.ndarray
    lanes: list[tuple[str, LineString]]
    ring: np.ndarray
    corners: np.ndarray


def lane_grid(centre: np.ndarray, rng: np.random.Generator, region: BaseGeometry) -> LaneGrid:
    """Lay out a 3×3 or 5×5 grid of lanes, at a random angle, centred on ``centre``.

    Parameters
    ----------
    centre
        Settlement centre, metres.
    rng
        Random generator.
    region
        Polygon the lanes must stay within; a lane that would leave it is left out.

    Returns
    -------
    LaneGrid
        Lanes and nodes of the settlement.

    """
    half = int(rng.integers(1, 3))
    spacing = rng.uniform(230.0, 320.0) if half == 1 else rng.uniform(150.0, 200.0)
    angle = rng.uniform(0.0, np.pi / 2)
    axes = spacing * np.array([[np.cos(angle), np.sin(angle)], [-np.sin(angle), np.cos(angle)]])
    steps = np.arange(-half, half + 1, dtype=float)
    nodes = centre + steps[:, None, None] * axes[0] + steps[None, :, None] * axes[1]
    nodes[half, half] = centre
    lanes = []
    for k in range(2 * half + 1):
        highway = "unclassified" if k == half else "residential"
        for path in (nodes[k, :], nodes[:, k]):
            line = _lane(path, rng, region)
            if line is not None:
                lanes.append((highway, line))
    ring = nodes[half - 1 : half + 2, half - 1 : half + 2].reshape(-1, 2)
    return LaneGrid(
        centre=centre,
        lanes=lanes,
        ring=np.delete(ring, 4, axis=0),
        corners=nodes[[0, 0, -1, -1], [0, -1, 0, -1]],
    )


def _lane(path: np.ndarray, rng: np.random.Generator, region: BaseGeometry) -> LineString | None:
    """Join grid nodes by slightly bent segments; None if any segment leaves ``region``."""
    pieces = [wiggly_line(a, b, rng, region, step=90.0, amplitude=4.0) for a, b in itertools.pairwise(path)]
    if any(piece is None for piece in pieces):
        return None
    coords = [np.asarray(piece.coords) for piece in pieces if piece is not None]
    return LineString(np.concatenate([coords[0], *(c[1:] for c in coords[1:])]))
