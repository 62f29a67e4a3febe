"""The hotspot page's tables on cases small enough to work out by hand."""

from __future__ import annotations

import math
from datetime import date, timedelta
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from patrol_map.importing import create_workspace, import_file
from patrol_map.report.hotspot_tables import (
    FORECAST_CELL_M,
    HORIZON_DAYS,
    TRAIN_DAYS,
    backtest_frame,
    backtest_summary,
    category_trends,
    forecast_grid,
    forecast_top,
    holiday_table,
    top_cells,
    village_table,
)
from patrol_map.risk.kde import grid_cells, kde_grid
from tests.conftest import UTM, X0, Y0, square

COMMUNE = gpd.GeoDataFrame({"ten_xa": ["x"]}, geometry=[square(0, 0, 1500, 1500)], crs=UTM)
VILLAGES = gpd.GeoDataFrame(
    {"village_id": ["V1", "V2"], "name": ["Thôn Tây", "Thôn Đông"]},
    geometry=[square(0, 0, 750, 1500), square(750, 0, 750, 1500)],
    crs=UTM,
)


def incidents(xy: list[tuple[float, float]], days: list[str], sources: list[str] | None = None):
    return gpd.GeoDataFrame(
        {
            "date": days,
            "source": sources or ["citizen"] * len(xy),
            "location": ["point"] * len(xy),
            "village": [""] * len(xy),
        },
        geometry=gpd.points_from_xy([X0 + x for x, _ in xy], [Y0 + y for _, y in xy]),
        crs=UTM,
    )


def test_density_with_unit_weights_is_the_plain_density() -> None:
    points = incidents([(100, 100), (400, 700), (1200, 300)], ["2026-01-01"] * 3)
    plain = kde_grid(points, COMMUNE)
    weighted = kde_grid(points, COMMUNE, weights=np.ones(3))
    np.testing.assert_allclose(weighted["density"], plain["density"], rtol=1e-4)
    assert list(weighted["row"]) == list(plain["row"])


def test_a_weight_of_zero_leaves_a_record_out_and_a_half_counts_half() -> None:
    both = incidents([(300, 300), (1200, 1200)], ["2026-01-01"] * 2, ["citizen", "patrol"])
    alone = kde_grid(both.iloc[:1], COMMUNE, weights=np.ones(1))
    np.testing.assert_allclose(
        kde_grid(both, COMMUNE, weights=np.array([1.0, 0.0]))["density"], alone["density"]
    )
    other = kde_grid(both.iloc[1:], COMMUNE, weights=np.ones(1))
    half = kde_grid(both, COMMUNE, weights=np.array([1.0, 0.5]))
    np.testing.assert_allclose(half["density"], alone["density"] + 0.5 * other["density"], rtol=1e-6)


def test_records_known_only_by_village_are_not_on_the_heat() -> None:
    points = incidents([(300, 300), (1200, 1200)], ["2026-01-01"] * 2)
    points.loc[1, "location"] = "village"
    np.testing.assert_allclose(
        kde_grid(points, COMMUNE, weights=np.ones(2))["density"],
        kde_grid(points.iloc[:1], COMMUNE, weights=np.ones(1))["density"],
    )


def test_weights_must_match_the_records() -> None:
    with pytest.raises(ValueError, match="one value per incident"):
        kde_grid(incidents([(1, 1)], ["2026-01-01"]), COMMUNE, weights=np.ones(2))


def village_gi() -> gpd.GeoDataFrame:
    return VILLAGES.assign(
        count=[4, 8],
        area_km2=[1.0, 2.0],
        hotspot=["none", "hot_95"],
        z=[-0.5, 2.4],
        q=[0.8, 0.03],
    )


def test_village_table_rates_trends_and_order() -> None:
    trends = pd.DataFrame(
        {
            "village_id": ["V1", "V1", "V2", "V2"],
            "category": ["all", "theft", "all", "theft"],
            "recent": [1, 1, 31, 20],
            "earlier": [1, 1, 2, 1],
            "p": [1.0, 1.0, 1e-7, 1e-5],
            "q": [np.nan, np.nan, 5e-6, 1e-4],
            "verdict": ["too_few", "too_few", "increasing", "increasing"],
        }
    )
    table = village_table(village_gi(), trends, period_days=730)
    assert list(table["name"]) == ["Thôn Đông", "Thôn Tây"]  # by count, highest first
    # 8 incidents on 2 km² over 730 days (1.9986 years); 4 on 1 km²: the same rate, nothing to shrink.
    years = 730 / 365.25
    np.testing.assert_allclose(table["rate"], [4 / years, 4 / years])
    np.testing.assert_allclose(table["rate_eb"], table["rate"])
    assert list(table["verdict"]) == ["increasing", "too_few"]
    assert (table.loc[0, "recent"], table.loc[0, "earlier"]) == (31, 2)
    assert list(table["hotspot"]) == ["hot_95", "none"]


def test_village_table_shrinks_a_small_villages_extreme_rate() -> None:
    spots = village_gi().assign(count=[0, 40])  # 0 on 1 km², 40 on 2 km²
    table = village_table(spots, None, period_days=365)
    east, west = table.set_index("name").loc["Thôn Đông"], table.set_index("name").loc["Thôn Tây"]
    assert west["rate"] < west["rate_eb"] < east["rate_eb"] < east["rate"]
    assert table["verdict"].eq("").all() and table["p"].isna().all()


def test_category_trends_keeps_tested_single_categories_by_p() -> None:
    trends = pd.DataFrame(
        {
            "name": ["A", "A", "B", "B", "C"],
            "category": ["all", "theft", "theft", "drugs", "fight"],
            "p": [0.001, 0.2, 0.01, 0.5, 0.001],
            "verdict": ["increasing", "no_clear_change", "no_clear_change", "too_few", "decreasing"],
        }
    )
    rows = category_trends(trends)
    assert list(zip(rows["name"], rows["category"], strict=True)) == [
        ("C", "fight"),
        ("B", "theft"),
        ("A", "theft"),
    ]


def test_top_cells_rank_by_z_then_count_and_say_where() -> None:
    cells = grid_cells(COMMUNE.geometry.iloc[0], 500, UTM).assign(count=0, z=0.0, q=1.0, hotspot="none")
    cells.loc[4, ["count", "z", "q", "hotspot"]] = [7, 3.5, 0.01, "hot_99"]
    cells.loc[0, ["count", "z"]] = [3, 3.5]
    cells.loc[8, ["count", "z"]] = [1, 1.0]
    top = top_cells(cells, n=3)
    assert list(top["rank"]) == [1, 2, 3]
    assert list(top["count"]) == [7, 3, 1] and top.loc[0, "hotspot"] == "hot_99"
    centre = gpd.GeoSeries.from_xy([X0 + 750], [Y0 + 750], crs=UTM).to_crs("EPSG:4326")
    assert (top.loc[0, "lon"], top.loc[0, "lat"]) == (round(centre.x[0], 5), round(centre.y[0], 5))


def test_holiday_table_counts_per_day_by_kind() -> None:
    daily = pd.DataFrame(
        {
            "count": [3, 1, 0, 2, 0, 1, 2],
            "holiday": ["tet", "tet", "", "", "", "", "national_day"],
        }
    )
    table = holiday_table(daily)
    assert list(table["holiday"]) == ["tet", "national_day", ""]
    assert list(table["days"]) == [2, 1, 4] and list(table["incidents"]) == [4, 2, 3]
    np.testing.assert_allclose(table["per_day"], [2.0, 2.0, 0.75])


def test_holiday_table_of_days_without_holidays() -> None:
    table = holiday_table(pd.DataFrame({"count": [1, 1], "holiday": ["", ""]}))
    assert table.to_dict("list") == {"holiday": [""], "days": [2], "incidents": [2], "per_day": [1.0]}


def weekly(cell_xy: tuple[float, float], end: date, weeks: int, sources: str = "citizen"):
    """One incident in the same spot every day of the ``weeks`` weeks ending on ``end``."""
    days = [end - timedelta(days=k) for k in range(7 * weeks)]
    return incidents([cell_xy] * len(days), [d.isoformat() for d in days], [sources] * len(days))


def test_naive_forecast_puts_the_busy_cell_first_and_counts_weights() -> None:
    end = date(2026, 11, 30)
    log = pd.concat([weekly((700, 700), end, 4, "patrol"), incidents([(100, 100)], ["2026-11-01"])])
    grid, used = forecast_grid(log, COMMUNE, "naive", end, np.where(log["source"] == "patrol", 0.5, 1.0))
    assert used == "naive"
    first = grid.sort_values("rank").iloc[0]
    # The grid's origin is a whole number of 150 m cells: (660000, 1929900); the point is in row 5, col 4.
    assert (first["row"], first["col"]) == (5, 4)
    assert (first["x"], first["y"]) == (X0 + 4.5 * 150, 1_929_900 + 5.5 * 150)
    assert first["expected"] == pytest.approx(28 * 0.5 * HORIZON_DAYS / TRAIN_DAYS)
    assert sorted(grid["rank"]) == list(range(1, len(grid) + 1))


def test_forecast_top_takes_ceil_percent_of_the_cells_and_names_their_village() -> None:
    grid = grid_cells(COMMUNE.geometry.iloc[0], FORECAST_CELL_M, UTM)
    n = len(grid)
    rank = np.arange(n, 0, -1)  # the last cell (top right) first
    grid = grid.assign(expected=1.0 / rank, rank=rank)
    top = forecast_top(grid, VILLAGES, percent=5)
    assert len(top) == math.ceil(0.05 * n) and list(top["rank"]) == list(range(1, len(top) + 1))
    assert top["village"].iloc[0] == "Thôn Đông"
    assert forecast_top(grid, None, percent=1)["village"].tolist() == [""]
    # Cells where nothing is expected are never among the riskiest, whatever their rank.
    assert forecast_top(grid.assign(expected=np.where(rank <= 2, 1.0, 0.0)), None, percent=5)[
        "rank"
    ].tolist() == [1, 2]
    assert forecast_top(grid.assign(expected=0.0), None, percent=5).empty


def test_backtest_of_a_single_busy_cell_hits_everything() -> None:
    end = date(2026, 11, 30)
    log = weekly((700, 700), end, 60, "patrol")
    summary = backtest_summary(log, COMMUNE, "naive", end, np.full(len(log), 0.5), n_windows=3)
    n = len(grid_cells(COMMUNE.geometry.iloc[0], FORECAST_CELL_M, UTM))
    assert len(summary.windows) == 3 and summary.windows[-1].test_end == end
    assert summary.incidents == 21 and summary.scored == 3  # scored on every record, whatever its weight
    assert summary.used == ("naive",) * 3
    for key in ("1", "5", "10"):
        k = math.ceil(int(key) * n / 100)
        assert summary.mean["hit_rate"][key] == 1.0
        assert summary.mean["pai"][key] == pytest.approx(n / k)
        assert summary.mean["pei"][key] == 1.0
    frame = backtest_frame(summary)
    assert list(frame["coverage"]) == [1, 5, 10] and list(frame["hit_rate"]) == [1.0, 1.0, 1.0]


def test_backtest_without_incidents_in_the_windows_says_so() -> None:
    log = incidents([(700, 700)], ["2025-01-01"])
    summary = backtest_summary(log, COMMUNE, "kde", date(2026, 11, 30), np.ones(1), n_windows=2)
    assert summary.incidents == 0 and summary.scored == 0
    assert backtest_frame(summary)[["hit_rate", "pai", "pei"]].isna().all().all()


@given(st.lists(st.integers(min_value=0, max_value=30), min_size=2, max_size=6))
def test_shrunk_rates_stay_between_the_raw_rate_and_the_commune_rate(counts: list[int]) -> None:
    spots = gpd.GeoDataFrame(
        {
            "village_id": [f"V{i}" for i in range(len(counts))],
            "name": [f"T{i}" for i in range(len(counts))],
            "count": counts,
            "area_km2": [1.0 + i for i in range(len(counts))],
            "hotspot": "none",
            "z": 0.0,
            "q": 1.0,
        }
    )
    table = village_table(spots, None, period_days=365)
    mean = sum(counts) / spots["area_km2"].sum() / (365 / 365.25)
    low = np.minimum(table["rate"], mean) - 1e-9
    high = np.maximum(table["rate"], mean) + 1e-9
    assert ((table["rate_eb"] >= low) & (table["rate_eb"] <= high)).all()


def test_the_tiny_workspace_gives_a_table_row_per_village(tiny: dict[str, Path], tmp_path: Path) -> None:
    from patrol_map.risk.getis import village_hotspots

    ws, _ = create_workspace(tmp_path / "w.gpkg", tiny["boundary"])
    for kind in ("villages", "incidents"):
        import_file(ws, kind, tiny[kind])
    spots = village_hotspots(ws.read("incidents"), ws.read("villages"), seed=1, permutations=99)
    table = village_table(spots, None, period_days=365)
    # A2 names no village: its point places it in Thôn Đông, with A1 and A4; A3 is in Thôn Tây.
    assert table[["name", "count"]].to_dict("list") == {"name": ["Thôn Đông", "Thôn Tây"], "count": [3, 1]}
