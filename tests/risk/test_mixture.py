"""The ``mixture`` forecast: its weights on cases whose answer is known."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import optimize

from patrol_map.risk.forecast import Cells, Events
from patrol_map.risk.mixture import SCALES, fit_weights, mixture_forecast, parts

SIDE = 40  # cells of 100 m: a 4 km square
GRID = Cells(
    row=np.repeat(np.arange(SIDE), SIDE),
    col=np.tile(np.arange(SIDE), SIDE),
    x=np.tile(np.arange(SIDE) * 100 + 50.0, SIDE),
    y=np.repeat(np.arange(SIDE) * 100 + 50.0, SIDE),
    size=100.0,
)
END, DAYS, HORIZON = 1000, 84, 7


def events(x: np.ndarray, y: np.ndarray, day: np.ndarray) -> Events:
    return Events(x, y, day, np.ones(len(x)), GRID.index(x, y))


def repeat_addresses(rng: np.random.Generator) -> Events:
    """Twenty addresses each hit about weekly, nothing in between: counts say it all."""
    homes = rng.uniform(0, 4000, size=(20, 2))
    which = rng.integers(0, 20, 20 * 12)
    return events(homes[which, 0] + 1, homes[which, 1] + 1, rng.integers(END - DAYS + 1, END + 1, len(which)))


def spread_neighbourhoods(rng: np.random.Generator) -> Events:
    """Incidents spread over four neighbourhoods of ~600 m: no address repeats."""
    centres = rng.uniform(800, 3200, size=(4, 2))
    which = rng.integers(0, 4, 400)
    xy = centres[which] + rng.normal(0, 300, size=(400, 2))
    inside = (xy > 0).all(axis=1) & (xy < 4000).all(axis=1)
    return events(xy[inside, 0], xy[inside, 1], rng.integers(END - DAYS + 1, END + 1, int(inside.sum())))


def fitted(sample: Events) -> np.ndarray:
    blocks = [(END - (k + 1) * HORIZON + 1, END - k * HORIZON) for k in range(DAYS // HORIZON)]
    features = np.vstack([parts(sample, GRID, END - DAYS + 1, END, b) * HORIZON for b in blocks])
    counts = np.concatenate([sample.between(lo, hi).counts(len(GRID.x)) for lo, hi in blocks])
    weights = fit_weights(features, counts)
    return weights / weights.sum()


def test_repeat_addresses_weigh_the_cell_s_own_count_most() -> None:
    shares = fitted(repeat_addresses(np.random.default_rng(1)))
    assert shares[0] > 0.8  # own rate; the smooths and the near-repeat score get the rest


def test_spread_neighbourhoods_weigh_the_smooths_most() -> None:
    shares = fitted(spread_neighbourhoods(np.random.default_rng(2)))
    assert shares[0] < 0.2 and shares[2:-1].sum() > 0.6  # 2, 4 or 8 cells: a neighbourhood's size


def test_fit_weights_recovers_a_known_blend() -> None:
    rng = np.random.default_rng(3)
    features = rng.gamma(0.5, 1.0, size=(20_000, 3))
    truth = np.array([0.7, 0.0, 1.5])
    counts = rng.poisson(features @ truth)
    assert fit_weights(features, counts) == pytest.approx(truth, abs=0.06)


def test_the_weights_maximise_the_likelihood_of_every_row_not_only_of_those_with_incidents() -> None:
    # fit_weights sums the log term over the rows with incidents only; here the whole Poisson
    # likelihood (every row, written out) is minimised independently and must give the same weights.
    rng = np.random.default_rng(4)
    features = rng.gamma(0.3, 0.02, size=(30_000, 4)) * (rng.random((30_000, 1)) < 0.3)
    counts = rng.poisson(features @ np.array([2.0, 0.0, 0.5, 1.0]))

    def whole(weights: np.ndarray) -> float:
        mean = features @ weights + 1e-12
        return float(mean.sum() - counts @ np.log(mean))

    reference = optimize.minimize(
        whole,
        np.ones(4),
        method="Nelder-Mead",
        bounds=[(0.0, None)] * 4,
        options={"xatol": 1e-8, "fatol": 1e-10},
    )
    fitted_weights = fit_weights(features, counts)
    assert whole(fitted_weights) <= reference.fun + 1e-6
    assert fitted_weights == pytest.approx(reference.x, abs=1e-3)


@given(seed=st.integers(0, 1000))
def test_weights_are_never_negative_and_the_forecast_keeps_the_total(seed: int) -> None:
    rng = np.random.default_rng(seed)
    sample = repeat_addresses(rng) if seed % 2 else spread_neighbourhoods(rng)
    forecast = mixture_forecast(sample, GRID, END, DAYS, HORIZON)
    assert (forecast >= 0).all() and forecast.shape == (len(GRID.x),)
    # The weights fit the blocks' counts, so the forecast's total is near a week's incidents.
    weekly = len(sample.x) * HORIZON / DAYS
    assert forecast.sum() == pytest.approx(weekly, rel=0.35)


def test_a_held_out_block_is_left_out_of_the_static_parts() -> None:
    sample = events(np.array([150.0, 150.0]), np.array([150.0, 150.0]), np.array([END - 3, END - 20]))
    whole = parts(sample, GRID, END - DAYS + 1, END, None)
    held = parts(sample, GRID, END - DAYS + 1, END, (END - 6, END))
    cell = int(GRID.index(np.array([150.0]), np.array([150.0]))[0])
    assert whole[cell, 0] == pytest.approx(2 / DAYS)
    assert held[cell, 0] == pytest.approx(1 / (DAYS - 7))  # the incident of END - 3 is held out
    assert held.shape[1] == 2 + len(SCALES)
    # The near-repeat score of the held-out block sees only the days before it.
    assert held[cell, -1] < whole[cell, -1]


def test_too_short_a_period_is_the_plain_rate() -> None:
    sample = events(np.array([150.0]), np.array([150.0]), np.array([END]))
    forecast = mixture_forecast(sample, GRID, END, 10, HORIZON)
    assert forecast.sum() == pytest.approx(7 / 10)


def test_no_incident_forecasts_nothing() -> None:
    empty = events(np.array([]), np.array([]), np.array([], dtype=np.int64))
    assert not mixture_forecast(empty, GRID, END, DAYS, HORIZON).any()
