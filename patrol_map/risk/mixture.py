"""The ``mixture`` forecast: the city's own blend of repeat addresses, busy neighbourhoods and near repeats.

Burglaries come back to the same addresses, cluster in the same neighbourhoods and follow a recent
one nearby, in proportions that differ from one city (or commune) to the next: where addresses
repeat, plain counts of the last weeks beat any smoothing; where they do not, a kernel of a few
hundred metres wins. The forecast is a non-negative blend of

- the cell's own rate over the training period,
- that rate smoothed by Gaussian kernels of :data:`SCALES` cell sides (one neighbourhood size each),
- the near-repeat score (recent incidents weigh more, halved every ``HALF_LIFE_DAYS``, smoothed by
  one cell side),

with weights fitted to the training period alone, by leave-one-block-out Poisson likelihood: the
training days are cut into horizon-long blocks, and each block's counts are predicted by the blend
of the static parts computed from the *other* blocks (as many days as the final forecast will see,
less one block) and of the near-repeat part computed from the days *before* it. The weights maximise
the Poisson likelihood of all blocks' counts (identity link, weights ≥ 0: scipy's L-BFGS-B with
bounds; scikit-learn's and statsmodels' Poisson models use a log link, which would multiply the
parts instead of adding them, or leave the weights unbounded). The forecast is then the blend of the
parts computed from the whole training period.

On Philadelphia's burglaries (150 m cells, 90 training days, 26 weekly tests, the study area of
``patrol-map backtest``) the blend took PAI at 5 % from 5.29 (counts) and 6.35 (``kde``) to about
6.6, and it was at least 5 % above both counts and a kernel whose bandwidth was chosen by
cross-validation on each of seven sets cut from that file (years, kinds of burglary, halves of
the city): ``bench/backtest.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy import ndimage, optimize

if TYPE_CHECKING:
    from patrol_map.risk.forecast import Cells, Events

#: Sides (in cells) of the Gaussian kernels that smooth the cell's own rate.
SCALES: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0)
#: Days over which the near-repeat weight of an incident halves.
HALF_LIFE_DAYS = 14.0


def _smooth(raster: np.ndarray, sides: float) -> np.ndarray:
    """Gaussian smoothing that keeps the total (what leaves the raster is lost, as off the map)."""
    return ndimage.gaussian_filter(raster, sides, mode="constant", truncate=4.0)


def parts(
    events: Events, cells: Cells, first: int, last: int, held_out: tuple[int, int] | None
) -> np.ndarray:
    """Return the blend's parts for each cell, as daily rates: one column per part.

    Parameters
    ----------
    events
        Incidents of the study area (weights count).
    cells
        The study area.
    first, last
        The training days (days since 1970-01-01, both included).
    held_out
        ``(lo, hi)``: a block of days left out of the static parts, and the near-repeat part
        computed from the days before ``lo``; ``None`` for the forecast from the whole period.

    Returns
    -------
    numpy.ndarray
        Shape (cells, 2 + len(SCALES)): own rate, its smooths, near-repeat score.

    """
    period = events.between(first, last)
    lo, hi = held_out if held_out is not None else (last + 1, last)
    kept = (period.day < lo) | (period.day > hi)
    static_days = (last - first + 1) - max(0, min(hi, last) - max(lo, first) + 1)
    own = cells.rasterise(period, np.where(kept, period.weight, 0.0)) / max(static_days, 1)
    before = period.day < lo
    age = (lo - 1) - period.day
    decayed = np.where(before, period.weight * 0.5 ** (age / HALF_LIFE_DAYS), 0.0)
    per_day = float((0.5 ** (np.arange(max(lo - first, 1)) / HALF_LIFE_DAYS)).sum())
    near = _smooth(cells.rasterise(period, decayed) / per_day, 1.0)
    layers = [own, *(_smooth(own, sides) for sides in SCALES), near]
    return np.column_stack([cells.sample(layer) for layer in layers])


def fit_weights(features: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Return the non-negative weights of the parts that maximise the Poisson likelihood of ``counts``.

    Parameters
    ----------
    features
        One row per (block, cell), one column per part (daily rates times the block's days).
    counts
        The incidents observed in each (block, cell).

    Returns
    -------
    numpy.ndarray
        One weight per part, ≥ 0; equal weights when there is nothing to fit.

    """
    n_parts = features.shape[1]
    total = features.sum(axis=0)
    if counts.sum() <= 0 or not (total > 0).any():
        return np.full(n_parts, 1.0 / n_parts)
    floor = 1e-12 * max(counts.sum() / len(counts), 1e-12)
    # Only the rows with incidents enter the log term: the sum of the means is ``total @ weights``
    # (plus the floors), so each step costs the few rows with incidents, not every (block, cell).
    seen = counts > 0
    observed, seen_counts = features[seen], counts[seen]
    floors = floor * len(counts)

    def loss(weights: np.ndarray) -> tuple[float, np.ndarray]:
        mean = observed @ weights + floor
        value = float(total @ weights + floors - seen_counts @ np.log(mean))
        return value, total - observed.T @ (seen_counts / mean)

    start = np.full(n_parts, counts.sum() / max(total.sum(), 1e-300))
    found = optimize.minimize(loss, start, jac=True, method="L-BFGS-B", bounds=[(0.0, None)] * n_parts)
    return np.asarray(found.x)


def mixture_forecast(events: Events, cells: Cells, end: int, days: int, horizon: int) -> np.ndarray:
    """Return the expected incidents per cell over the ``horizon`` days after ``end``.

    Parameters
    ----------
    events
        Incidents of the training period, in the study area.
    cells
        The study area.
    end, days
        Last training day (days since 1970-01-01) and the training period's length.
    horizon
        Days forecast; also the length of the blocks held out.

    Returns
    -------
    numpy.ndarray
        One value per cell; the plain rate over the period (counts) when the period holds fewer than
        two blocks.

    """
    first = end - days + 1
    blocks = [(end - (k + 1) * horizon + 1, end - k * horizon) for k in range(days // horizon)]
    if len(blocks) < 2:
        return events.counts(len(cells.x)) * horizon / days
    features = np.vstack([parts(events, cells, first, end, block) * horizon for block in blocks])
    counts = np.concatenate([events.between(lo, hi).counts(len(cells.x)) for lo, hi in blocks])
    weights = fit_weights(features, counts)
    return parts(events, cells, first, end, None) @ weights * horizon
