"""The riskiest cells against the patrols that reached them: a planted block, and no signal at all."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest

from patrol_map.coverage.hotspots import hotspot_coverage

CELL = 100.0


def grid(density: np.ndarray) -> gpd.GeoDataFrame:
    rows, cols = np.indices(density.shape)
    x, y = 500_000 + (cols.ravel() + 0.5) * CELL, 1_900_000 + (rows.ravel() + 0.5) * CELL
    return gpd.GeoDataFrame(
        {"x": x, "y": y, "density": density.ravel()}, geometry=gpd.points_from_xy(x, y), crs="EPSG:32648"
    )


def points(xy: list[tuple[float, float]], patrols: list[str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"patrol_id": patrols},
        geometry=gpd.points_from_xy(*zip(*xy, strict=True)) if xy else [],
        crs="EPSG:32648",
    )


def centre(row: int, col: int) -> tuple[float, float]:
    return 500_000 + (col + 0.5) * CELL, 1_900_000 + (row + 0.5) * CELL


def test_a_block_of_risk_is_drawn_and_classed_by_the_patrols_that_reached_it() -> None:
    density = np.ones((10, 10))
    density[2:4, 2:4] = 50.0  # 4 cells hold 200 of the 296 expected
    fixes = points([centre(2, 2), centre(2, 2), (centre(2, 2)[0] + 30, centre(2, 2)[1])], ["A", "A", "A"])
    signed = points([centre(3, 3)], ["B"])
    cells = hotspot_coverage(grid(density), fixes, signed, CELL)
    assert len(cells) == 4 and cells["risk"].sum() == pytest.approx(200 * (CELL / 1000) ** 2)
    by_centre = {
        (round(g.centroid.x), round(g.centroid.y)): row
        for g, (_, row) in zip(cells.geometry, cells.iterrows(), strict=True)
    }
    assert by_centre[tuple(round(v) for v in centre(2, 2))]["patrols"] == 1  # one patrol, three fixes
    assert by_centre[tuple(round(v) for v in centre(3, 3))]["coverage"] == "covered"  # a check-in counts
    assert sorted(cells["coverage"]) == ["covered", "covered", "unpatrolled", "unpatrolled"]
    assert cells.geometry.area.round().eq(CELL * CELL).all()


def test_uniform_risk_has_no_hotspot_and_no_patrol_leaves_risky_cells_unpatrolled() -> None:
    none = points([], [])
    assert hotspot_coverage(grid(np.ones((10, 10))), points([centre(1, 1)], ["A"]), none, CELL).empty
    rng = np.random.default_rng(3)
    cells = hotspot_coverage(grid(rng.gamma(2.0, 1.0, (10, 10))), none, none, CELL)
    assert 0 < len(cells) < 50 and set(cells["coverage"]) == {"unpatrolled"}


def test_a_patrol_elsewhere_does_not_cover_a_risky_cell() -> None:
    density = np.ones((10, 10))
    density[8, 8] = 500.0
    fixes = points([centre(0, 0), centre(1, 1)], ["A", "A"])
    cells = hotspot_coverage(grid(density), fixes, points([], []), CELL)
    assert list(cells["coverage"]) == ["unpatrolled"] and cells["fair"].iloc[0] == pytest.approx(1.0)
