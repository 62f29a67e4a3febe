"""Rolling back-test: windows, study area, reading the file, and scores computed by hand."""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from patrol_map.risk.backtest import (
    Window,
    rolling_windows,
    run_backtest,
    study_area,
)
from patrol_map.risk.forecast import CANDIDATES, METHODS, Cells


def test_windows_end_on_the_last_date_and_do_not_overlap() -> None:
    windows = rolling_windows(date(2026, 1, 31), train_days=10, test_days=7, n_windows=2)
    assert windows == [
        Window(date(2026, 1, 8), date(2026, 1, 17), date(2026, 1, 18), date(2026, 1, 24)),
        Window(date(2026, 1, 15), date(2026, 1, 24), date(2026, 1, 25), date(2026, 1, 31)),
    ]


def dated(x: list[float] | np.ndarray, y: list[float] | np.ndarray, day: str = "2026-01-01") -> pd.DataFrame:
    return pd.DataFrame({"date": pd.Timestamp(day), "x": np.asarray(x, float), "y": np.asarray(y, float)})


def test_study_area_is_the_hull_of_the_incidents_before_the_first_test_window() -> None:
    before = dated([0, 100, 0, 30], [0, 0, 100, 30])
    later = dated([90, -200], [90, -200], "2026-02-01")  # in test windows: they must not widen the area
    cells = study_area(pd.concat([before, later]), 10.0, date(2026, 1, 15))
    # Origin (-200, -200), from every incident; centres strictly inside the triangle x + y < 100,
    # x > 0, y > 0: (5 + 10i) + (5 + 10j) < 100, i + j < 9, so 9 + 8 + ... + 1 = 45 cells.
    assert len(cells) == 45
    assert ((cells["x"] + cells["y"]) < 100).all() and cells["x"].min() == 5 and cells["y"].min() == 5
    assert cells[["row", "col"]].iloc[0].tolist() == [20, 20]  # (5, 5) is 20 cells from the origin
    assert cells.equals(cells.sort_values(["row", "col"], ignore_index=True))


def test_study_area_before_too_few_incidents_is_empty() -> None:
    points = pd.concat([dated([0, 50], [0, 50]), dated([0, 100, 0], [0, 0, 100], "2026-03-01")])
    assert study_area(points, 10.0, date(2026, 2, 1)).empty  # two points before: a line, no area


def test_study_area_of_a_boundary_keeps_the_incidents_origin() -> None:
    boundary = gpd.GeoDataFrame(geometry=[shapely.box(0, 0, 200, 100)])
    cells = study_area(dated([110.0], [60.0]), 100.0, date(2026, 1, 1), boundary)
    # Incidents' origin (100, 0): the boundary's two cells are columns -1 and 0 of row 0.
    assert cells[["row", "col"]].to_numpy().tolist() == [[0, -1], [0, 0]]
    assert cells["x"].tolist() == [50, 150]


def line_of_cells() -> pd.DataFrame:
    """20 cells of 10 m in a row; every cell has one incident on 1 January.

    Training (1–7 January) adds two incidents to cell 3 and one to cell 7; the test week
    (8–14 January) has one in cell 3, two in cell 7 and one in cell 12.
    """
    rows = [("2026-01-01", 10 * c + 5) for c in range(20)]
    rows += [("2026-01-03", 35), ("2026-01-06", 35), ("2026-01-07", 75)]
    rows += [("2026-01-09", 35), ("2026-01-10", 75), ("2026-01-14", 75), ("2026-01-12", 125)]
    return pd.DataFrame({"date": pd.to_datetime([r[0] for r in rows]), "x": [r[1] for r in rows], "y": 5.0})


def in_a_row(columns: int) -> gpd.GeoDataFrame:
    """A boundary holding the first ``columns`` cells of the row (the points are on a line: no hull)."""
    return gpd.GeoDataFrame(geometry=[shapely.box(0, 0, 10 * columns, 10)])


def test_naive_back_test_by_hand() -> None:
    points = line_of_cells()
    cells = study_area(points, 10.0, date(2026, 1, 8), in_a_row(20))
    assert len(cells) == 20
    windows, results = run_backtest(points, cells, 10.0, 7, 7, 1, ("naive",))
    assert windows[0].test_start == date(2026, 1, 8)
    mean = results["naive"].mean
    # 1 % and 5 % of 20 cells: k = 1, cell 3 (3 training incidents) holds 1 of the 4.
    assert mean["hit_rate"]["1"] == mean["hit_rate"]["5"] == pytest.approx(0.25)
    assert mean["pai"]["5"] == pytest.approx(0.25 / (1 / 20))
    assert mean["pei"]["5"] == pytest.approx(0.5)  # cell 7 held 2
    # 10 %: k = 2, cells 3 and 7 hold 3 of 4, all that two cells could.
    assert mean["hit_rate"]["10"] == pytest.approx(0.75)
    assert mean["pai"]["10"] == pytest.approx(7.5)
    assert mean["pei"]["10"] == pytest.approx(1.0)
    assert results["naive"].tested == [4]


def test_an_empty_training_period_falls_back_on_the_tie_break() -> None:
    points = line_of_cells()
    cells = study_area(points, 10.0, date(2026, 1, 1), in_a_row(20))
    _, results = run_backtest(points, cells, 10.0, 7, 7, 2, ("naive",))
    first, second = results["naive"].windows
    # 1–7 January, trained on nothing: every cell ties, columns 0 then 1 are taken; 23 incidents.
    assert first["hit_rate"]["5"] == pytest.approx(1 / 23)
    assert first["hit_rate"]["10"] == pytest.approx(2 / 23)
    assert results["naive"].mean["hit_rate"]["10"] == pytest.approx((2 / 23 + 0.75) / 2)
    assert second["hit_rate"]["10"] == pytest.approx(0.75)


def test_test_incidents_outside_the_study_area_are_misses() -> None:
    points = line_of_cells()
    cells = study_area(points, 10.0, date(2026, 1, 8), in_a_row(10))  # columns 0-9
    _, results = run_backtest(points, cells, 10.0, 7, 7, 1, ("naive",))
    # Cell 12's incident is outside but was in the test week: 4 incidents; the top 1 of 10 cells is
    # cell 3, with 1 of them.
    assert results["naive"].mean["hit_rate"]["10"] == pytest.approx(1 / 4)
    assert results["naive"].mean["pei"]["10"] == pytest.approx(1 / 2)  # cell 7 held 2
    assert results["naive"].tested == [4]


def test_best_records_the_method_it_used_in_every_window() -> None:
    rng = np.random.default_rng(2)
    days = pd.to_datetime("2026-01-01") + pd.to_timedelta(rng.integers(0, 120, 400), unit="D")
    points = pd.DataFrame({"date": days, "x": rng.normal(0, 300, 400), "y": rng.normal(0, 300, 400)})
    cells = study_area(points, 100.0, date(2026, 4, 10))
    windows, results = run_backtest(points, cells, 100.0, 56, 7, 3, ("kde", "best"), seed=4)
    assert len(results["best"].used) == len(windows) == 3
    assert set(results["best"].used) <= set(CANDIDATES)
    assert results["kde"].used == ["kde"] * 3


@pytest.mark.parametrize("cell", [600.0, 152.4, 0.1])
def test_points_on_cell_edges_fall_in_the_cell_the_study_area_gave_them(cell: float) -> None:
    rng = np.random.default_rng(0)
    x = (7_618_261 // cell + rng.integers(0, 50, 200)) * cell  # every point on a vertical edge
    y = (657_445 // cell + rng.integers(0, 50, 200)) * cell
    x0, y0 = x.min(), y.min()
    boundary = gpd.GeoDataFrame(geometry=[shapely.box(x0, y0, x0 + 50 * cell, y0 + 50 * cell)])
    cells = study_area(dated(x, y), cell, date(2026, 2, 1), boundary)
    grid = Cells.from_frame(cells, cell)
    found = grid.index(x, y)
    expected = pd.MultiIndex.from_frame(cells[["row", "col"]]).get_indexer(
        pd.MultiIndex.from_arrays([np.floor((y - y0) / cell), np.floor((x - x0) / cell)])
    )
    assert (found >= 0).all()
    assert (found == expected).all()


def test_on_points_with_no_spatial_pattern_every_method_scores_like_chance() -> None:
    # Uniform points in a 2 km square, uniform days: no forecast can beat drawing cells at random,
    # and none may look worse than it either (a study area chosen with the test windows' incidents
    # made every method score far below 1).
    pai = {method: [] for method in METHODS}
    for seed in range(4):
        rng = np.random.default_rng(seed)
        n = 3000
        days = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 200, n), unit="D")
        points = pd.DataFrame({"date": days, "x": rng.uniform(0, 2000, n), "y": rng.uniform(0, 2000, n)})
        windows = rolling_windows(points["date"].max().date(), 90, 7, 8)
        cells = study_area(points, 100.0, windows[0].test_start)
        _, results = run_backtest(points, cells, 100.0, 90, 7, 8, METHODS, seed=seed)
        for method, result in results.items():
            pai[method] += [result.mean["pai"]["5"], result.mean["pai"]["10"]]
    for method, values in pai.items():
        assert np.mean(values) == pytest.approx(1.0, abs=0.15), method
