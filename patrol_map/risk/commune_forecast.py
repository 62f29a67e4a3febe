"""Next week's forecast on the commune's cells, and how well the same method did over the last weeks.

The hotspot page's forecast: :func:`forecast_grid` on the commune's :data:`FORECAST_CELL_M` cells,
trained on the :data:`TRAIN_DAYS` days up to the last day chosen; :func:`forecast_top`, its riskiest
cells with the village holding each; :func:`backtest_summary`, the same method back-tested on the
last :data:`BACKTEST_WINDOWS` weeks through :func:`patrol_map.risk.backtest.run_backtest`.

Units: distances in metres.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd

from patrol_map.geo.crs import WGS84
from patrol_map.risk.backtest import Window, run_backtest
from patrol_map.risk.evaluate import cells_for, ranking
from patrol_map.risk.forecast import Cells, day_number, events_from, forecast_events
from patrol_map.risk.kde import grid_cells

#: Side of a forecast cell, metres (the back-test contract's usual 150 m).
FORECAST_CELL_M = 150.0
#: Days the forecast is for: the week after the last day chosen.
HORIZON_DAYS = 7
#: Days of training before a forecast. A commune logs a few hundred incidents a year, so 90 days hold
#: a few dozen with a point: too few for the learned model's twelve weekly anchors. A year holds
#: every season once; on the sample commune it scored as well as 90 days or better (bench/backtest.py).
TRAIN_DAYS = 365
#: Weekly test windows of the page's back-test (the issue's "last 12 weeks").
BACKTEST_WINDOWS = 12
#: Share of the area, percent, the page's sentence about the back-test speaks of.
HEADLINE_COVERAGE = 5


def forecast_grid(
    incidents: gpd.GeoDataFrame,
    commune: gpd.GeoDataFrame,
    method: str,
    train_end: date,
    weights: np.ndarray,
    seed: int = 0,
) -> tuple[gpd.GeoDataFrame, str]:
    """Forecast the week after ``train_end`` on the commune's cells.

    Parameters
    ----------
    incidents
        Incidents of the categories chosen (any dates: only the :data:`TRAIN_DAYS` days ending on
        ``train_end`` are used), in the commune's projected CRS; records placed only by their
        village are left out.
    commune
        The commune boundary (one row).
    method
        A method of :data:`patrol_map.risk.forecast.METHODS`.
    train_end
        Last day the forecast may know.
    weights
        Weight of each row of ``incidents``.
    seed
        Seed of the learned model.

    Returns
    -------
    tuple
        The :data:`FORECAST_CELL_M` cells of the commune with ``expected`` (weighted incidents
        expected over the :data:`HORIZON_DAYS` days) and ``rank`` (1 = riskiest; ties by lower
        row, then column, as the back-test ranks them), and the method used (``best`` names the
        one it chose).

    """
    cells = grid_cells(commune.geometry.iloc[0], FORECAST_CELL_M, commune.crs).reset_index(drop=True)
    grid = Cells.from_frame(cells, FORECAST_CELL_M)
    events = events_from(incidents, grid, weights)
    expected, used = forecast_events(
        events, grid, method, day_number(train_end), TRAIN_DAYS, HORIZON_DAYS, seed
    )
    rank = np.empty(len(cells), dtype=np.int64)
    rank[ranking(expected, grid.row, grid.col)] = np.arange(1, len(cells) + 1)
    return cells.assign(expected=expected, rank=rank), used


def forecast_top(
    grid: gpd.GeoDataFrame, villages: gpd.GeoDataFrame | None, percent: int = HEADLINE_COVERAGE
) -> gpd.GeoDataFrame:
    """Return the forecast's top ``percent`` % of cells, riskiest first, with their village and centre.

    Parameters
    ----------
    grid
        :func:`forecast_grid`'s cells (``rank``, ``expected``, ``x``, ``y``).
    villages
        The workspace's villages (``name``, polygons), or ``None``.
    percent
        Share of the cells, whole percent: k = ceil(percent · N / 100) cells, as the back-test takes.

    Returns
    -------
    geopandas.GeoDataFrame
        The k cells by ``rank`` (fewer when nothing is expected in some of them) with
        ``village`` (the village holding the cell's centre, ``""`` if none) and the centre's
        ``lat``, ``lon`` (WGS 84 degrees, 5 decimals).

    """
    # A cell where nothing is expected is no risk, whatever its rank (no incidents chosen, say).
    top = grid[(grid["rank"] <= cells_for(len(grid), percent)) & (grid["expected"] > 0)].sort_values("rank")
    centres = gpd.GeoSeries(gpd.points_from_xy(top["x"], top["y"]), index=top.index, crs=grid.crs)
    village = pd.Series("", index=top.index)
    if villages is not None and len(villages):
        found = gpd.sjoin(
            gpd.GeoDataFrame(geometry=centres), villages[["name", "geometry"]], predicate="within"
        )
        found = found[~found.index.duplicated()]
        village.loc[found.index] = found["name"]
    degrees = centres.to_crs(WGS84)
    return top.assign(village=village, lat=degrees.y.round(5), lon=degrees.x.round(5))


@dataclass(frozen=True)
class BacktestSummary:
    """How a forecast method did over the last weekly windows.

    Attributes
    ----------
    method
        The method tested; ``used`` lists the method each window ran (``best`` chooses).
    windows
        The test windows, oldest first.
    incidents
        Incidents with a point in the test windows together (those in no cell of the commune count
        as misses).
    scored
        Windows that held at least one incident (the others say nothing and are left out).
    mean
        Hit rate, PAI and PEI at 1, 5 and 10 % of the area, averaged over the scored windows
        (:func:`patrol_map.risk.evaluate.mean_scores`).

    """

    method: str
    used: tuple[str, ...]
    windows: tuple[Window, ...]
    incidents: int
    scored: int
    mean: dict[str, dict[str, float | None]]


def backtest_summary(
    incidents: gpd.GeoDataFrame,
    commune: gpd.GeoDataFrame,
    method: str,
    last: date,
    weights: np.ndarray,
    n_windows: int = BACKTEST_WINDOWS,
    seed: int = 0,
) -> BacktestSummary:
    """Back-test a method on the last ``n_windows`` weeks ending on ``last``, as the page forecasts.

    :func:`patrol_map.risk.backtest.run_backtest` on the commune's :data:`FORECAST_CELL_M` cells
    (the boundary as study area) with :data:`TRAIN_DAYS` days of training before each week, trained
    on the weighted incidents; every window is scored on every incident, whatever its weight.

    Parameters
    ----------
    incidents
        Incidents of the categories chosen, in the commune's projected CRS.
    commune
        The commune boundary (one row).
    method
        A method of :data:`patrol_map.risk.forecast.METHODS`.
    last
        Last day of the last test window.
    weights
        Weight of each row of ``incidents`` in training.
    n_windows
        Number of weekly test windows.
    seed
        Seed of the learned model.

    """
    cells = grid_cells(commune.geometry.iloc[0], FORECAST_CELL_M, commune.crs).reset_index(drop=True)
    windows, results = run_backtest(
        incidents,
        cells,
        FORECAST_CELL_M,
        TRAIN_DAYS,
        HORIZON_DAYS,
        n_windows,
        (method,),
        seed,
        weights=weights,
        last=last,
    )
    result = results[method]
    scored = sum(not np.isnan(r["hit_rate"]["1"]) for r in result.windows)
    return BacktestSummary(
        method, tuple(result.used), tuple(windows), sum(result.tested), scored, result.mean
    )


def backtest_frame(summary: BacktestSummary) -> pd.DataFrame:
    """Return the back-test's averages as a table: one row per coverage (percent of the area).

    Returns
    -------
    pandas.DataFrame
        ``coverage`` (1, 5, 10), ``hit_rate`` (share 0–1), ``pai`` and ``pei``; NaN where no
        window held an incident.

    """
    table = pd.DataFrame(summary.mean, dtype=float)  # rows: coverages as text; None becomes NaN
    return table.rename_axis("coverage").reset_index().astype({"coverage": int})


def forecast_week(train_end: date) -> tuple[date, date]:
    """Return the first and last day of the week a forecast trained up to ``train_end`` is for."""
    return train_end + timedelta(days=1), train_end + timedelta(days=HORIZON_DAYS)
