"""Next week's forecast on the commune's cells and its back-test, on cases worked out by hand."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from patrol_map.risk.commune_forecast import (
    FORECAST_CELL_M,
    HORIZON_DAYS,
    TRAIN_DAYS,
    backtest_frame,
    backtest_summary,
    forecast_grid,
    forecast_top,
)
from patrol_map.risk.kde import grid_cells
from tests.conftest import UTM, X0
from tests.risk.cases import COMMUNE, VILLAGES, incidents


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
