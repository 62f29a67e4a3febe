"""Density peaks: planted clusters are found, spread-out incidents make none."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest

from patrol_map.risk.kde import kde_grid
from patrol_map.risk.peaks import density_peaks, expected_count_density
from tests.conftest import UTM, X0, Y0, point, square

COMMUNE = gpd.GeoDataFrame(geometry=[square(0, 0, 6000, 6000)], crs=UTM)


def incidents(points: list[tuple[float, float]], location: str = "point") -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"location": [location] * len(points)}, geometry=[point(x, y) for x, y in points], crs=UTM
    )


def test_one_incident_peak_density() -> None:
    grid = kde_grid(incidents([(3050, 3050)]), COMMUNE, cell_m=100, bandwidth_m=300)
    assert grid["density"].max() == pytest.approx(expected_count_density(300), rel=1e-6)


def test_two_planted_clusters_are_the_two_peaks() -> None:
    rng = np.random.default_rng(1)
    east = rng.normal((4500, 1500), 100, size=(20, 2))
    west = rng.normal((1500, 4500), 100, size=(10, 2))
    grid = kde_grid(
        incidents([tuple(p) for p in np.vstack([east, west])]), COMMUNE, cell_m=100, bandwidth_m=300
    )
    peaks = density_peaks(grid, 100, 600, expected_count_density(300, 2))
    assert len(peaks) == 2
    assert abs(peaks["x"].iloc[0] - (X0 + 4500)) < 150 and abs(peaks["y"].iloc[0] - (Y0 + 1500)) < 150
    assert abs(peaks["x"].iloc[1] - (X0 + 1500)) < 150 and abs(peaks["y"].iloc[1] - (Y0 + 4500)) < 150


def test_incidents_far_apart_below_the_threshold_make_no_peak() -> None:
    spread = [(x, y) for x in range(500, 6000, 1000) for y in range(500, 6000, 1000)]
    grid = kde_grid(incidents(spread), COMMUNE, cell_m=100, bandwidth_m=300)
    assert density_peaks(grid, 100, 600, expected_count_density(300, 2)).empty


def test_village_only_records_stay_out_of_the_density() -> None:
    grid = kde_grid(incidents([(3050, 3050)] * 5, location="village"), COMMUNE, cell_m=500)
    assert (grid["density"] == 0).all()
