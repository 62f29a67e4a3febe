"""Hit rate, PAI and PEI on cases computed by hand, and their properties on random ones."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from patrol_map.risk.evaluate import cells_for, mean_scores, ranking, scores

# Ten cells in two rows of five. Forecast ranking: cell 0 (5), 5 (3), 9 (2), then the ties at 1
# in the order (row 0, col 1), (row 0, col 2), (row 1, col 1), then the zeros.
ROWS = np.array([0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
COLS = np.array([0, 1, 2, 3, 4, 0, 1, 2, 3, 4])
FORECAST = np.array([5, 1, 1, 0, 0, 3, 1, 0, 0, 2], dtype=float)
OBSERVED = np.array([2, 0, 1, 0, 0, 1, 0, 4, 0, 2], dtype=float)  # 10 incidents


def test_cells_for_is_an_exact_ceiling() -> None:
    assert [cells_for(161, p) for p in (1, 5, 10)] == [2, 9, 17]
    assert cells_for(100, 7) == 7  # math.ceil(0.07 * 100) would say 8
    assert cells_for(10, 1) == 1
    with pytest.raises(ValueError):
        cells_for(10, 0)


def test_ranking_breaks_ties_by_row_then_column() -> None:
    assert list(ranking(FORECAST, ROWS, COLS)) == [0, 5, 9, 1, 2, 6, 3, 4, 7, 8]
    # All equal: the lower row first even when its column is higher.
    assert list(ranking(np.zeros(3), np.array([1, 0, 0]), np.array([0, 5, 2]))) == [2, 1, 0]


def test_hand_computed_hit_rate_pai_pei() -> None:
    result = scores(FORECAST, OBSERVED, ROWS, COLS, coverages=(10, 30, 40, 50))
    # k = 1: cell 0 holds 2 of 10; the best single cell holds 4.
    assert result["hit_rate"]["10"] == pytest.approx(0.2)
    assert result["pai"]["10"] == pytest.approx(0.2 / 0.1)
    assert result["pei"]["10"] == pytest.approx(2 / 4)
    # k = 3: cells 0, 5, 9 hold 2 + 1 + 2 = 5; the best three hold 4 + 2 + 2 = 8.
    assert result["hit_rate"]["30"] == pytest.approx(0.5)
    assert result["pai"]["30"] == pytest.approx(0.5 / 0.3)
    assert result["pei"]["30"] == pytest.approx(5 / 8)
    # k = 4: the first tie at 1 goes to (row 0, col 1), which holds nothing.
    assert result["hit_rate"]["40"] == pytest.approx(0.5)
    # k = 5: then (row 0, col 2) with 1 incident; the best five hold all 10.
    assert result["hit_rate"]["50"] == pytest.approx(0.6)
    assert result["pai"]["50"] == pytest.approx(1.2)
    assert result["pei"]["50"] == pytest.approx(0.6)


def test_incidents_outside_the_study_area_are_misses() -> None:
    # The 10 incidents in the area and 5 outside it: cell 0 holds 2 of 15.
    result = scores(FORECAST, OBSERVED, ROWS, COLS, coverages=(10, 30), missed=5)
    assert result["hit_rate"]["10"] == pytest.approx(2 / 15)
    assert result["pai"]["10"] == pytest.approx(2 / 15 / 0.1)
    assert result["pei"]["10"] == pytest.approx(2 / 4)  # the best cell of the area holds 4
    assert result["hit_rate"]["30"] == pytest.approx(5 / 15)
    outside_only = scores(FORECAST, np.zeros(10), ROWS, COLS, coverages=(10,), missed=3)
    assert outside_only["hit_rate"]["10"] == 0 and outside_only["pai"]["10"] == 0
    assert math.isnan(outside_only["pei"]["10"])
    with pytest.raises(ValueError, match="negative"):
        scores(FORECAST, OBSERVED, ROWS, COLS, missed=-1)


def test_a_period_without_incidents_is_nan_and_left_out_of_the_mean() -> None:
    empty = scores(FORECAST, np.zeros(10), ROWS, COLS, coverages=(10,))
    assert math.isnan(empty["hit_rate"]["10"]) and math.isnan(empty["pei"]["10"])
    full = scores(FORECAST, OBSERVED, ROWS, COLS, coverages=(10,))
    assert mean_scores([empty, full, full])["pai"]["10"] == pytest.approx(2.0)
    assert mean_scores([empty])["pai"]["10"] is None


def test_mismatched_lengths_and_nan_forecasts_are_refused() -> None:
    with pytest.raises(ValueError):
        scores(FORECAST[:5], OBSERVED, ROWS, COLS)
    with pytest.raises(ValueError):
        scores(np.full(10, np.nan), OBSERVED, ROWS, COLS)


@st.composite
def cases(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    n = draw(st.integers(1, 60))
    forecast = np.array(draw(st.lists(st.integers(0, 5), min_size=n, max_size=n)), dtype=float)
    observed = np.array(draw(st.lists(st.integers(0, 4), min_size=n, max_size=n)), dtype=float)
    rows, cols = np.divmod(np.arange(n), 7)
    return forecast, observed, rows, cols


@given(cases())
@settings(max_examples=200, deadline=None)
def test_properties(case: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]) -> None:
    forecast, observed, rows, cols = case
    coverages = (1, 5, 10, 25, 50, 100)
    result = scores(forecast, observed, rows, cols, coverages)
    perfect = scores(observed, observed, rows, cols, coverages)
    if observed.sum() == 0:
        assert all(math.isnan(v) for v in result["hit_rate"].values())
        return
    hits = [result["hit_rate"][str(p)] for p in coverages]
    assert all(a <= b + 1e-12 for a, b in itertools.pairwise(hits))  # monotone in coverage
    assert hits[-1] == pytest.approx(1.0)  # the whole area holds every incident
    for p in coverages:
        key, k = str(p), cells_for(len(observed), p)
        assert 0 <= result["pei"][key] <= 1 + 1e-12
        assert result["pai"][key] == pytest.approx(result["hit_rate"][key] / (k / len(observed)))
        assert result["pai"][key] <= len(observed) / k + 1e-9
        assert perfect["pei"][key] == pytest.approx(1.0)  # nothing beats knowing the counts
        assert perfect["hit_rate"][key] >= result["hit_rate"][key] - 1e-12
