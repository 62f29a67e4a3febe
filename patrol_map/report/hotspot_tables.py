"""The hotspot page's tables and grids, built from the results of :mod:`patrol_map.risk` (no UI here).

- :func:`village_table`: each village's count and rate in the chosen period, its Gi* class and the
  verdict of its trend;
- :func:`top_cells`: the grid cells ranked by Gi*;
- :func:`holiday_table`: incidents per day on holidays and on ordinary days;
- :func:`forecast_grid` and :func:`backtest_summary`: next week's forecast on the commune's cells, and
  how well the same method did over the last weeks.

Units: distances in metres, areas in km², rates in incidents per km² per year.
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
from patrol_map.risk.holidays import HOLIDAY_KINDS
from patrol_map.risk.kde import grid_cells
from patrol_map.risk.trends import TOTAL, eb_rates

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
#: With fewer incidents than this in the chosen period, the page warns that counts are small: about a
#: month of the sample commune, where one incident more or less reorders the villages and Gi*, corrected
#: over some 1,500 cells, can hardly call any of them significant.
FEW_INCIDENTS = 50
_DAYS_PER_YEAR = 365.25


def located(incidents: pd.DataFrame) -> pd.Series:
    """Return which records have their own point (not placed only by their village's name)."""
    if "location" not in incidents:
        return pd.Series(True, index=incidents.index)
    return incidents["location"] != "village"


def village_table(
    village_gi: gpd.GeoDataFrame, trends: pd.DataFrame | None, period_days: int
) -> pd.DataFrame:
    """Return one row per village: count and rates in the period, Gi* class and trend.

    Parameters
    ----------
    village_gi
        :func:`patrol_map.risk.getis.village_hotspots` of the period's incidents (``count``,
        ``area_km2``, ``hotspot``, ``z``, ``q``).
    trends
        :func:`patrol_map.risk.trends.trend_table`, or ``None`` when no trend can be told.
    period_days
        Length of the period the counts cover, days.

    Returns
    -------
    pandas.DataFrame
        ``village_id``, ``name``, ``count``, ``rate`` (incidents per km² per year),
        ``rate_eb`` (the same shrunk by empirical Bayes toward the commune's rate:
        :func:`patrol_map.risk.trends.eb_rates`), ``hotspot``, ``z``, ``gi_q``, then the trend of
        all categories together: ``recent``, ``earlier`` (counts), ``p``, ``q`` and ``verdict``
        (NaN and ``""`` without trends). Sorted by count, highest first, then name.

    """
    exposure = village_gi["area_km2"].to_numpy() * period_days / _DAYS_PER_YEAR
    counts = village_gi["count"].to_numpy()
    table = pd.DataFrame(
        {
            "village_id": village_gi["village_id"].to_numpy(),
            "name": village_gi["name"].to_numpy(),
            "count": counts.astype(int),
            "rate": counts / exposure,
            "rate_eb": eb_rates(counts, exposure),
            "hotspot": village_gi["hotspot"].to_numpy(),
            "z": village_gi["z"].to_numpy(),
            "gi_q": village_gi["q"].to_numpy(),
        }
    )
    columns = ["recent", "earlier", "p", "q", "verdict"]
    if trends is None:
        table = table.assign(recent=np.nan, earlier=np.nan, p=np.nan, q=np.nan, verdict="")
    else:
        totals = trends.loc[trends["category"] == TOTAL, ["village_id", *columns]]
        table = table.merge(totals, on="village_id", how="left", validate="one_to_one")
    return table.sort_values(["count", "name"], ascending=[False, True], ignore_index=True)


def category_trends(trends: pd.DataFrame) -> pd.DataFrame:
    """Return the tested rows of a trend table by village and category, clearest change first.

    Parameters
    ----------
    trends
        :func:`patrol_map.risk.trends.trend_table`.

    Returns
    -------
    pandas.DataFrame
        Its rows of a single category (not the villages' totals) with enough incidents to be
        tested (verdict other than ``too_few``), by p-value, then village name and category.

    """
    rows = trends[(trends["category"] != TOTAL) & (trends["verdict"] != "too_few")]
    return rows.sort_values(["p", "name", "category"], kind="stable", ignore_index=True)


def top_cells(cell_gi: gpd.GeoDataFrame, n: int = 20) -> pd.DataFrame:
    """Return the ``n`` cells of highest Gi* z, with where to find them.

    Parameters
    ----------
    cell_gi
        :func:`patrol_map.risk.getis.cell_hotspots`.
    n
        Number of cells.

    Returns
    -------
    pandas.DataFrame
        ``rank``, ``hotspot``, ``count``, ``z``, ``q`` and the cell centre's ``lat``, ``lon``
        (WGS 84 degrees, 5 decimals: about a metre), highest z first (ties: higher count).

    """
    ranked = cell_gi.sort_values(["z", "count"], ascending=False, kind="stable").head(n)
    centres = gpd.GeoSeries(gpd.points_from_xy(ranked["x"], ranked["y"]), crs=cell_gi.crs).to_crs(WGS84)
    return pd.DataFrame(
        {
            "rank": np.arange(1, len(ranked) + 1),
            "hotspot": ranked["hotspot"].to_numpy(),
            "count": ranked["count"].to_numpy(),
            "z": ranked["z"].to_numpy(),
            "q": ranked["q"].to_numpy(),
            "lat": centres.y.round(5).to_numpy(),
            "lon": centres.x.round(5).to_numpy(),
        }
    )


def holiday_table(daily: pd.DataFrame) -> pd.DataFrame:
    """Compare incidents per day on holidays, by kind, with ordinary days.

    Parameters
    ----------
    daily
        :func:`patrol_map.risk.temporal.daily_counts` (``count`` and ``holiday`` per day).

    Returns
    -------
    pandas.DataFrame
        One row per holiday kind present (in :data:`patrol_map.risk.holidays.HOLIDAY_KINDS`
        order), then ``""`` for ordinary days: ``holiday``, ``days``, ``incidents`` and
        ``per_day`` (incidents per day).

    """
    kinds = [*(kind for kind in HOLIDAY_KINDS if (daily["holiday"] == kind).any()), ""]
    grouped = daily.groupby("holiday")["count"].agg(days="size", incidents="sum")
    table = grouped.reindex(kinds, fill_value=0).rename_axis("holiday").reset_index()
    table["per_day"] = table["incidents"] / table["days"].where(table["days"] > 0)
    return table


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
