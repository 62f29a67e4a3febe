"""Forecast methods on small cases with known answers, and the rule that the future is never seen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import patrol_map.risk.forecast as forecast_module
from patrol_map.risk.forecast import (
    CANDIDATES,
    DEFAULT_METHOD,
    HALF_LIFE_DAYS,
    METHODS,
    Cells,
    Events,
    choose_method,
    day_number,
    events_from,
    forecast,
    kde_bandwidth,
)
from patrol_map.risk.kde import cv_bandwidth, grid_cells
from tests.conftest import UTM, X0, Y0, point, square

END = date(2026, 3, 31)


def cells(side: float = 2000, cell: float = 100) -> gpd.GeoDataFrame:
    return grid_cells(square(0, 0, side, side), cell, UTM)


def table(*rows: tuple[float, float, date]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": [r[2].isoformat() for r in rows],
            "x": [X0 + r[0] for r in rows],
            "y": [Y0 + r[1] for r in rows],
        }
    )


def at(grid: gpd.GeoDataFrame, x: float, y: float) -> int:
    """Index of the cell whose centre is (X0 + x, Y0 + y)."""
    return int(np.flatnonzero((grid["x"] == X0 + x) & (grid["y"] == Y0 + y))[0])


def test_naive_counts_the_training_days_scaled_to_the_horizon() -> None:
    grid = cells()
    data = table(
        *[(150, 150, END - timedelta(days=d)) for d in (0, 3, 9)],  # three in one cell
        (850, 450, END - timedelta(days=27)),  # first training day
        (850, 450, END - timedelta(days=28)),  # before the training period
        (150, 150, END + timedelta(days=1)),  # after it
    )
    result = forecast(data, grid, "naive", END, 28, cell=100, horizon_days=7)
    assert result[at(grid, 150, 150)] == pytest.approx(3 * 7 / 28)
    assert result[at(grid, 850, 450)] == pytest.approx(1 * 7 / 28)
    assert result.sum() == pytest.approx(4 * 7 / 28)


def test_weights_discount_incidents() -> None:
    grid = cells()
    data = table((150, 150, END), (150, 150, END))
    result = forecast(data, grid, "naive", END, 7, cell=100, horizon_days=7, weights=np.array([1.0, 0.5]))
    assert result[at(grid, 150, 150)] == pytest.approx(1.5)


def test_village_only_records_are_left_out() -> None:
    grid = cells()
    data = gpd.GeoDataFrame(
        {"date": [END.isoformat()] * 2, "location": ["point", "village"]},
        geometry=[point(150, 150), point(950, 950)],
        crs=UTM,
    )
    result = forecast(data, grid, "naive", END, 7, cell=100)
    assert result.sum() == pytest.approx(1.0) and result[at(grid, 150, 150)] == pytest.approx(1.0)


def test_kde_bandwidth_is_scotts_rule_between_one_and_two_cells() -> None:
    rng = np.random.default_rng(1)
    x, y = rng.normal(0, 100, 64), rng.normal(0, 100, 64)
    sigma = np.sqrt((x.var() + y.var()) / 2)
    assert kde_bandwidth(x, y, 40) == pytest.approx(sigma / 2)  # 64^(-1/6) = 1/2
    assert kde_bandwidth(x, y, 10) == 20  # wide spread: at most two cells
    assert kde_bandwidth(x, y, 200) == 200  # tight spread: at least one cell
    assert kde_bandwidth(x[:1], y[:1], 70) == 70


def test_kde_peaks_at_the_incidents_and_sums_to_the_expected_count() -> None:
    grid = cells(side=4000)
    data = table(*[(2050, 2050, END - timedelta(days=d)) for d in range(8)])
    result = forecast(data, grid, "kde", END, 28, cell=100, horizon_days=7)
    assert int(np.argmax(result)) == at(grid, 2050, 2050)
    assert result.sum() == pytest.approx(8 * 7 / 28, rel=0.01)


def test_prospective_halves_an_incident_every_half_life() -> None:
    grid = cells(side=6000)
    old = int(2 * HALF_LIFE_DAYS)
    data = table((1050, 1050, END), (4950, 4950, END - timedelta(days=old)))  # far apart
    result = forecast(data, grid, "prospective", END, 60, cell=100)
    ratio = result[at(grid, 4950, 4950)] / result[at(grid, 1050, 1050)]
    assert ratio == pytest.approx(0.25, rel=1e-3)


def persistent_hotspot(seed: int, days: int = 84) -> pd.DataFrame:
    """Two incidents a week at one place, one a week scattered over 2 km."""
    rng = np.random.default_rng(seed)
    rows = []
    for d in range(days):
        day = END - timedelta(days=d)
        if d % 7 in (0, 3):
            rows.append((1250 + rng.uniform(-40, 40), 1250 + rng.uniform(-40, 40), day))
        if d % 7 == 5:
            rows.append((rng.uniform(0, 2000), rng.uniform(0, 2000), day))
    return table(*rows)


@pytest.mark.parametrize("method", METHODS)
def test_every_method_ranks_a_persistent_hotspot_first(method: str) -> None:
    grid = cells()
    result = forecast(persistent_hotspot(3), grid, method, END, 84, cell=100, horizon_days=7)
    assert int(np.argmax(result)) == at(grid, 1250, 1250)
    assert result.shape == (len(grid),) and (result >= 0).all()


def test_learned_is_reproducible_with_a_seed_and_has_no_ties_near_incidents() -> None:
    grid = cells()
    data = persistent_hotspot(4)
    first = forecast(data, grid, "learned", END, 84, cell=100, seed=7)
    assert np.array_equal(first, forecast(data, grid, "learned", END, 84, cell=100, seed=7))
    near = first > np.quantile(first, 0.8)
    assert len(np.unique(first[near])) == near.sum()


def test_learned_without_two_horizons_of_history_is_prospective() -> None:
    grid = cells()
    data = persistent_hotspot(5)
    learned = forecast(data, grid, "learned", END, 10, cell=100, horizon_days=7)
    assert np.allclose(learned, forecast(data, grid, "prospective", END, 10, cell=100, horizon_days=7))


@given(seed=st.integers(0, 10_000), method=st.sampled_from(METHODS))
@settings(max_examples=10, deadline=None)
def test_incidents_after_the_training_period_change_nothing(seed: int, method: str) -> None:
    grid = cells(side=1000)
    rng = np.random.default_rng(seed)
    past = table(
        *[
            (rng.uniform(0, 1000), rng.uniform(0, 1000), END - timedelta(days=int(d)))
            for d in rng.integers(0, 40, 60)
        ]
    )
    future = table(
        *[
            (rng.uniform(0, 1000), rng.uniform(0, 1000), END + timedelta(days=int(d)))
            for d in rng.integers(1, 15, 30)
        ]
    )
    both = pd.concat([past, future], ignore_index=True)
    alone = forecast(past, grid, method, END, 35, cell=100, seed=1)
    assert np.array_equal(alone, forecast(both, grid, method, END, 35, cell=100, seed=1))


def oracle(events: Events, spoil: set[int]) -> Callable[..., np.ndarray]:
    """A forecast that knows the future, except in the inner windows ending after a day of ``spoil``."""

    def method(train: Events, grid: Cells, end: int, days: int, horizon: int, seed: int) -> np.ndarray:
        future = events.between(end + 1, end + horizon).counts(len(grid.x))
        return -future if end + horizon in spoil else future

    return method


@pytest.mark.parametrize(("spoiled", "expected"), [(0, "kde"), (1, DEFAULT_METHOD)])
def test_best_switches_only_to_a_method_that_won_every_inner_window(
    monkeypatch: pytest.MonkeyPatch, spoiled: int, expected: str
) -> None:
    grid = Cells.from_frame(cells(), 100)
    rng = np.random.default_rng(2)
    scattered = [(*rng.uniform(0, 2000, 2), END - timedelta(days=int(d))) for d in rng.integers(0, 60, 180)]
    events = events_from(table(*scattered), grid)
    end = day_number(END)
    inner_ends = [end - (j - 1) * 7 for j in range(1, 5)]
    monkeypatch.setitem(forecast_module._METHODS, "kde", oracle(events, set(inner_ends[:spoiled])))
    cache: dict = {}
    assert choose_method(events, grid, end, 56, 7, cache=cache) == expected
    assert len(cache) == len(CANDIDATES) * 4  # four inner windows of 7 days in 56
    assert {key[2] for key in cache} == {28}  # each trained on the 28 days before it


def test_best_without_room_for_an_inner_window_is_the_default() -> None:
    grid = Cells.from_frame(cells(), 100)
    events = events_from(persistent_hotspot(1), grid)
    assert choose_method(events, grid, day_number(END), 13, 7) == DEFAULT_METHOD == "mixture"


def test_unknown_method_and_empty_periods_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown forecast method"):
        forecast(table((0, 0, END)), cells(), "magic", END, 7, cell=100)
    with pytest.raises(ValueError, match="at least one day"):
        forecast(table((0, 0, END)), cells(), "naive", END, 0, cell=100)


def test_kde_cv_picks_a_narrow_bandwidth_for_tight_clusters_and_a_wide_one_for_spread() -> None:
    rng = np.random.default_rng(6)
    tight = np.vstack([c + rng.normal(0, 20, size=(40, 2)) for c in ((500, 500), (1500, 1500))])
    spread = rng.normal(1000, 600, size=(200, 2))
    assert cv_bandwidth(tight, 100) <= 50
    assert cv_bandwidth(spread, 100) >= 200
    assert cv_bandwidth(tight[:5], 100) == 100  # too few to cross-validate
