"""Density grid and village counts on cases small enough to check by hand."""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import numpy as np
import pytest

from patrol_map.risk.counts import village_counts
from patrol_map.risk.kde import grid_cells, kde_grid
from patrol_map.risk.select import select_incidents
from tests.conftest import UTM, X0, Y0, point, square
from tests.risk.cases import COMMUNE
from tests.risk.cases import incidents as point_records_at


def commune() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"ten_xa": ["x"]}, geometry=[square(0, 0, 6000, 6000)], crs=UTM)


def incidents(*rows: tuple[float, float, str, str, str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"date": [r[2] for r in rows], "category": [r[3] for r in rows], "village": [r[4] for r in rows]},
        geometry=[point(r[0], r[1]) for r in rows],
        crs=UTM,
    )


def test_grid_origin_and_cells_inside() -> None:
    cells = grid_cells(square(10, 10, 300, 300), 100.0, UTM)
    # Origin floor(X0+10 / 100)*100 = X0; centres at X0+50 … cells whose centre is inside the square.
    assert sorted(set(cells["x"] - X0)) == [50, 150, 250]
    assert sorted(set(cells["y"] - Y0)) == [50, 150, 250]
    assert cells["row"].min() == 0 and cells["col"].min() == 0


def test_density_peaks_at_the_incidents_and_integrates_to_the_count() -> None:
    chosen = incidents(*[(3050, 3050, "2026-01-01", "theft", "A")] * 5)  # a cell centre
    grid = kde_grid(chosen, commune(), cell_m=100, bandwidth_m=300)
    peak = grid.loc[grid["density"].idxmax()]
    assert (peak["x"], peak["y"]) == (X0 + 3050, Y0 + 3050)
    assert (grid["density"] * 0.01).sum() == pytest.approx(5, rel=0.01)  # 100 m cell = 0.01 km²
    # Gaussian of sd 300 m: density at 300 m falls to exp(-1/2) of the peak.
    at_300 = grid[(grid["x"] == peak["x"] + 300) & (grid["y"] == peak["y"])]["density"].iloc[0]
    assert at_300 / peak["density"] == pytest.approx(np.exp(-0.5 * (300 / 300) ** 2), rel=0.05)


def test_no_incidents_gives_zero_density() -> None:
    grid = kde_grid(incidents(), commune(), cell_m=500)
    assert len(grid) == 144 and (grid["density"] == 0).all()


def test_select_by_dates_and_categories() -> None:
    data = incidents(
        (0, 0, "2026-01-01", "theft", "A"),
        (0, 0, "2026-02-01", "fight", "A"),
        (0, 0, "2026-03-01", "theft", "B"),
    )
    assert len(select_incidents(data, date(2026, 1, 15), None)) == 2
    assert len(select_incidents(data, None, date(2026, 2, 1))) == 2
    assert len(select_incidents(data, categories=["theft"])) == 2


def test_village_counts_rank_and_keep_empty_villages() -> None:
    villages = gpd.GeoDataFrame(
        {"village_id": ["T1", "T2", "T3"], "name": ["A", "B", "C"]},
        geometry=[square(0, 0, 1, 1)] * 3,
        crs=UTM,
    )
    data = incidents(
        (0, 0, "2026-01-01", "theft", "B"),
        (0, 0, "2026-01-02", "theft", "B"),
        (0, 0, "2026-01-03", "fight", "A"),
    )
    table = village_counts(data, villages)
    assert list(table["name"]) == ["B", "A", "C"]
    assert list(table["total"]) == [2, 1, 0]
    assert table.loc[0, "theft"] == 2 and table.loc[1, "fight"] == 1


def test_incidents_in_no_known_village_are_counted_last() -> None:
    villages = gpd.GeoDataFrame({"village_id": ["T1"], "name": ["A"]}, geometry=[square(0, 0, 1, 1)], crs=UTM)
    data = incidents((0, 0, "2026-01-01", "theft", "A"), (0, 0, "2026-01-02", "fight", ""),
                     (0, 0, "2026-01-03", "fight", "Gone"))  # fmt: skip
    table = village_counts(data, villages)
    assert list(table["name"]) == ["A", "?"]
    assert list(table["total"]) == [1, 2] and table.loc[1, "fight"] == 2


def test_density_with_unit_weights_is_the_plain_density() -> None:
    points = point_records_at([(100, 100), (400, 700), (1200, 300)], ["2026-01-01"] * 3)
    plain = kde_grid(points, COMMUNE)
    weighted = kde_grid(points, COMMUNE, weights=np.ones(3))
    np.testing.assert_allclose(weighted["density"], plain["density"], rtol=1e-4)
    assert list(weighted["row"]) == list(plain["row"])


def test_a_weight_of_zero_leaves_a_record_out_and_a_half_counts_half() -> None:
    both = point_records_at([(300, 300), (1200, 1200)], ["2026-01-01"] * 2, ["citizen", "patrol"])
    alone = kde_grid(both.iloc[:1], COMMUNE, weights=np.ones(1))
    np.testing.assert_allclose(
        kde_grid(both, COMMUNE, weights=np.array([1.0, 0.0]))["density"], alone["density"]
    )
    other = kde_grid(both.iloc[1:], COMMUNE, weights=np.ones(1))
    half = kde_grid(both, COMMUNE, weights=np.array([1.0, 0.5]))
    np.testing.assert_allclose(half["density"], alone["density"] + 0.5 * other["density"], rtol=1e-6)


def test_records_known_only_by_village_are_not_on_the_heat() -> None:
    points = point_records_at([(300, 300), (1200, 1200)], ["2026-01-01"] * 2)
    points.loc[1, "location"] = "village"
    np.testing.assert_allclose(
        kde_grid(points, COMMUNE, weights=np.ones(2))["density"],
        kde_grid(points.iloc[:1], COMMUNE, weights=np.ones(1))["density"],
    )


def test_weights_must_match_the_records() -> None:
    with pytest.raises(ValueError, match="one value per incident"):
        kde_grid(point_records_at([(1, 1)], ["2026-01-01"]), COMMUNE, weights=np.ones(2))
