"""Where incidents are likely in the coming days: expected incidents per cell of a square grid.

Every method sees only the incidents of its training period (the ``train_days`` days ending on
``train_end``) and returns, for each cell, the expected number of incidents in the next
``horizon_days`` days. Incidents may carry weights (e.g. patrol-found incidents discounted, see
:mod:`patrol_map.risk.feedback`); every method counts an incident by its weight.

Methods
-------
``naive``
    The incidents of the training period in each cell, scaled to the horizon. Many cells tie; the
    tie-break of :mod:`patrol_map.risk.evaluate` (lower row, then lower column) orders them.
``kde``
    A Gaussian kernel density of the training incidents at the cell centres, times the cell area.
    Bandwidth: Scott's rule for two dimensions, h = σ·n^(-1/6) (σ the root mean of the two
    coordinate variances, n the incidents), kept between one and two cell sides. Scott's rule is
    made for one smooth bump and oversmooths clustered crime (a city gives kilometres); Chainey (2013)
    found that smaller bandwidths predict better, and a kernel narrower than a cell is just the cell
    count. Two cells is the app's own choice (300 m on 150 m cells).
``prospective``
    Prospective hotspotting (Bowers, Johnson and Pease 2004): risk spreads from each incident in
    space (Gaussian, one cell side) and fades with its age (halved every ``HALF_LIFE_DAYS`` = 14
    days: near-repeat burglary risk is highest in the first week or two, Johnson 2008).
``learned``
    Gradient boosting with a Poisson loss (scikit-learn's ``HistGradientBoostingRegressor``) on
    per-cell features: rates over the last horizon, the last four horizons and the whole history,
    neighbour rates (3×3, and a Gaussian of two cells), the near-repeat score, the days
    since the cell's last incident. It learns from the training period only: at anchors one, two, …
    horizons before ``train_end`` (the ``MAX_ANCHORS`` = 12 latest) it pairs the features of the days
    up to the anchor with the counts of the horizon after it. Risk may only rise with past counts
    (monotonic constraints), which keeps the trees from learning noise. A tiny share of the smooth
    neighbour rate breaks the ties of the trees' flat predictions. With less than two horizons of
    training days, or no incident after the first anchor, there is nothing to learn and it returns
    the ``prospective`` forecast.
``mixture``
    The city's own blend of the cell's rate, its smooths at 1, 2, 4 and 8 cell sides and the
    near-repeat score, weighted by leave-one-horizon-out Poisson likelihood inside the training
    period (:mod:`patrol_map.risk.mixture`).
``kde_cv``
    A Gaussian kernel density whose bandwidth is chosen by five-fold cross-validated likelihood of
    the training incidents among 12 bandwidths from a quarter of a cell side to eight
    (:func:`patrol_map.risk.kde.cv_bandwidth`): the usual reference forecast, run beside the others
    to compare with, not a candidate of ``best``.
``best``
    The method that did best in an inner back-test inside the training period, never seeing the
    test period: the last ``INNER_WINDOWS`` (4) horizon-long windows of the training period (at most
    half of it), each forecast from the same number of days before it and scored exactly as the
    outer back-test scores (:func:`scored_counts`: every incident counts once whatever its weight,
    those outside the study area as misses), by PAI at 5 % of the area. ``mixture`` is kept unless
    another candidate beat it in every inner window (at least 3 with incidents; see
    :func:`choose_method` for the chance of switching on noise); with fewer inner windows ``best``
    is ``mixture``.

Cell sizes, bandwidths and distances are in the unit of the coordinates (metres or feet); every
spatial scale is tied to the cell side, so the methods behave the same in either.

"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from scipy import ndimage
from sklearn.ensemble import HistGradientBoostingRegressor
from threadpoolctl import threadpool_limits

from patrol_map.risk.evaluate import scores
from patrol_map.risk.kde import cv_bandwidth, kernel_sum
from patrol_map.risk.mixture import mixture_forecast
from patrol_map.risk.select import point_records

CANDIDATES: tuple[str, ...] = ("mixture", "learned", "prospective", "kde", "naive")
METHODS: tuple[str, ...] = ("naive", "kde", "kde_cv", "prospective", "learned", "mixture", "best")
HALF_LIFE_DAYS = 14.0
INNER_WINDOWS = 4
MIN_INNER_WINDOWS = 3
MAX_ANCHORS = 12
DEFAULT_METHOD = "mixture"

#: Inner back-test results of ``best``: (method, train_end day, train days, horizon, seed) → PAI at 5 %.
InnerCache = MutableMapping[tuple[str, int, int, int, int], float]


@dataclass(frozen=True)
class Cells:
    """The cells of a study area on a square grid.

    Attributes
    ----------
    row, col
        Row and column of each cell, counted from the grid's origin.
    x, y
        Centre of each cell, in the coordinates' unit; the grid's origin is a whole number of cells.
    size
        Side of a cell, same unit.

    """

    row: np.ndarray
    col: np.ndarray
    x: np.ndarray
    y: np.ndarray
    size: float

    @classmethod
    def from_frame(cls, cells: pd.DataFrame, size: float) -> Cells:
        """Build from a table with ``row``, ``col``, ``x``, ``y``, as ``kde.grid_cells`` returns."""
        if len(cells) == 0:
            msg = "the study area has no cell"
            raise ValueError(msg)
        return cls(
            cells["row"].to_numpy(dtype=np.int64),
            cells["col"].to_numpy(dtype=np.int64),
            cells["x"].to_numpy(dtype=float),
            cells["y"].to_numpy(dtype=float),
            float(size),
        )

    @property
    def shape(self) -> tuple[int, int]:
        """Rows and columns of the smallest raster holding every cell."""
        return int(self.row.max() - self.row.min() + 1), int(self.col.max() - self.col.min() + 1)

    def raster_index(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return raster row, raster column and whether each point lies on the raster."""
        # The origin is a whole number of cells (as grid_cells and the back-test make it): rounding
        # gives back exactly floor(min / size)·size, so a point on a cell edge falls where it did there.
        x0 = np.round(self.x[0] / self.size - self.col[0] - 0.5) * self.size
        y0 = np.round(self.y[0] / self.size - self.row[0] - 0.5) * self.size
        r = np.floor((np.asarray(y) - y0) / self.size).astype(np.int64) - self.row.min()
        c = np.floor((np.asarray(x) - x0) / self.size).astype(np.int64) - self.col.min()
        rows, cols = self.shape
        return r, c, (r >= 0) & (r < rows) & (c >= 0) & (c < cols)

    def index(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Return the index of the cell holding each point, -1 for a point in no cell."""
        lookup = np.full(self.shape, -1, dtype=np.int64)
        lookup[self.row - self.row.min(), self.col - self.col.min()] = np.arange(len(self.row))
        r, c, on = self.raster_index(x, y)
        found = np.full(len(r), -1, dtype=np.int64)
        found[on] = lookup[r[on], c[on]]
        return found

    def rasterise(self, events: Events, values: np.ndarray) -> np.ndarray:
        """Sum ``values`` (one per event) into a raster over the cells' extent."""
        grid = np.zeros(self.shape)
        r, c, on = self.raster_index(events.x, events.y)
        np.add.at(grid, (r[on], c[on]), values[on])
        return grid

    def sample(self, grid: np.ndarray) -> np.ndarray:
        """Return a raster's value at each cell."""
        return grid[self.row - self.row.min(), self.col - self.col.min()]


@dataclass(frozen=True)
class Events:
    """Incidents as arrays: coordinates, day (days since 1970-01-01), weight and cell index (-1: none)."""

    x: np.ndarray
    y: np.ndarray
    day: np.ndarray
    weight: np.ndarray
    cell: np.ndarray

    def between(self, first: int, last: int) -> Events:
        """Return the incidents from day ``first`` to day ``last``, both included."""
        keep = (self.day >= first) & (self.day <= last)
        return Events(self.x[keep], self.y[keep], self.day[keep], self.weight[keep], self.cell[keep])

    def inside(self) -> Events:
        """Return the incidents in a cell of the study area (the only ones a method learns from)."""
        keep = self.cell >= 0
        return Events(self.x[keep], self.y[keep], self.day[keep], self.weight[keep], self.cell[keep])

    def counts(self, n_cells: int, weighted: bool = True) -> np.ndarray:
        """Return the incidents (or their weights) in each cell."""
        inside = self.cell >= 0
        values = self.weight[inside] if weighted else np.ones(int(inside.sum()))
        return np.bincount(self.cell[inside], weights=values, minlength=n_cells)


def scored_counts(events: Events, first: int, last: int, n_cells: int) -> tuple[np.ndarray, int]:
    """Return what a forecast of days ``first`` to ``last`` is scored on: counts per cell and misses.

    Every incident counts once, whatever its weight in training; those outside the study area are
    the misses (see :func:`patrol_map.risk.evaluate.scores`). The outer back-test and ``best``'s
    inner one score the same way through this function.

    Returns
    -------
    tuple
        Incidents per cell, and incidents of those days in no cell of the study area.

    """
    window = events.between(first, last)
    return window.counts(n_cells, weighted=False), int((window.cell < 0).sum())


def day_number(value: date | str | pd.Timestamp) -> int:
    """Return a date as days since 1970-01-01."""
    return int(pd.Timestamp(value).to_datetime64().astype("datetime64[D]").astype(np.int64))


def events_from(incidents: pd.DataFrame, cells: Cells, weights: np.ndarray | None = None) -> Events:
    """Return the incidents of a table as :class:`Events` located in ``cells``.

    Parameters
    ----------
    incidents
        ``date`` (ISO text or dates) and ``x``, ``y`` — or a point ``geometry`` — in the cells' CRS.
        Rows with ``location == "village"`` (placed only by their village name) are left out.
    cells
        The study area.
    weights
        Weight of each row (default 1).

    """
    incidents, weights = point_records(incidents, weights)
    if "x" in incidents and "y" in incidents:
        x, y = incidents["x"].to_numpy(dtype=float), incidents["y"].to_numpy(dtype=float)
    else:
        x, y = incidents.geometry.x.to_numpy(), incidents.geometry.y.to_numpy()
    days = pd.to_datetime(incidents["date"]).to_numpy().astype("datetime64[D]").astype(np.int64)
    return Events(x, y, days, weights, cells.index(x, y))


def kde_bandwidth(x: np.ndarray, y: np.ndarray, size: float) -> float:
    """Return the ``kde`` bandwidth: Scott's rule σ·n^(-1/6), kept between one and two cell sides."""
    if len(x) < 2:
        return size
    sigma = float(np.sqrt((np.var(x) + np.var(y)) / 2))
    return float(np.clip(sigma * len(x) ** (-1 / 6), size, 2 * size))


def _naive(events: Events, cells: Cells, end: int, days: int, horizon: int, seed: int) -> np.ndarray:
    return events.counts(len(cells.x)) * horizon / days


def _kde(events: Events, cells: Cells, end: int, days: int, horizon: int, seed: int) -> np.ndarray:
    bandwidth = kde_bandwidth(events.x, events.y, cells.size)
    density = kernel_sum(
        np.column_stack([events.x, events.y]), np.column_stack([cells.x, cells.y]), bandwidth, events.weight
    )
    return density * cells.size**2 * horizon / days


def _kde_cv(events: Events, cells: Cells, end: int, days: int, horizon: int, seed: int) -> np.ndarray:
    points = np.column_stack([events.x, events.y])
    bandwidth = cv_bandwidth(points[events.weight > 0], cells.size)
    density = kernel_sum(points, np.column_stack([cells.x, cells.y]), bandwidth, events.weight)
    return density * cells.size**2 * horizon / days


def _mixture(events: Events, cells: Cells, end: int, days: int, horizon: int, seed: int) -> np.ndarray:
    return mixture_forecast(events, cells, end, days, horizon)


def _decay_rate(events: Events, end: int, days: int) -> tuple[np.ndarray, float]:
    """Return each incident's weight halved every ``HALF_LIFE_DAYS`` of age, and the days' total weight."""
    factor = 0.5 ** ((end - events.day) / HALF_LIFE_DAYS)
    return events.weight * factor, float((0.5 ** (np.arange(days) / HALF_LIFE_DAYS)).sum())


def _prospective(events: Events, cells: Cells, end: int, days: int, horizon: int, seed: int) -> np.ndarray:
    decayed, per_day = _decay_rate(events, end, days)
    density = kernel_sum(
        np.column_stack([events.x, events.y]), np.column_stack([cells.x, cells.y]), cells.size, decayed
    )
    return density * cells.size**2 * horizon / per_day


def _features(events: Events, cells: Cells, start: int, anchor: int, horizon: int) -> np.ndarray:
    """Return the ``learned`` features of each cell from the incidents of days ``start`` to ``anchor``."""
    past = events.between(start, anchor)
    available = anchor - start + 1
    age = anchor - past.day

    def rate(mask: np.ndarray, n_days: int) -> np.ndarray:
        return cells.rasterise(past, np.where(mask, past.weight, 0.0)) / n_days

    every = np.ones(len(age), dtype=bool)
    whole = rate(every, available)
    recent = rate(age < horizon, min(horizon, available))
    middle = rate(age < 4 * horizon, min(4 * horizon, available))
    decayed, per_day = _decay_rate(past, anchor, available)
    near = ndimage.gaussian_filter(cells.rasterise(past, decayed) / per_day, 1.0, mode="constant")
    neighbours = ndimage.uniform_filter(whole, 3, mode="constant") * 9 - whole
    smooth = ndimage.gaussian_filter(whole, 2.0, mode="constant")
    last = np.full(cells.shape, -np.inf)
    r, c, on = cells.raster_index(past.x, past.y)
    np.maximum.at(last, (r[on], c[on]), past.day[on].astype(float))
    since = np.minimum(anchor - last, available)
    layers = (recent, middle, whole, neighbours, smooth, near, since)
    return np.column_stack([cells.sample(layer) for layer in layers] + [np.full(len(cells.x), available)])


#: Risk rises with every rate feature, falls with the days since the last incident; days available: free.
_MONOTONIC = (1, 1, 1, 1, 1, 1, -1, 0)
_SMOOTH_FEATURE = 4


def _learned(events: Events, cells: Cells, end: int, days: int, horizon: int, seed: int) -> np.ndarray:
    start = end - days + 1
    anchors = [
        end - k * horizon for k in range(1, MAX_ANCHORS + 1) if end - k * horizon - start + 1 >= horizon
    ]
    future = _features(events, cells, start, end, horizon)
    targets = [events.between(a + 1, a + horizon).counts(len(cells.x)) for a in anchors]
    if not anchors or sum(t.sum() for t in targets) <= 0:
        return _prospective(events, cells, end, days, horizon, seed)
    model = HistGradientBoostingRegressor(
        loss="poisson",
        learning_rate=0.05,
        max_iter=150,
        max_leaf_nodes=15,
        min_samples_leaf=40,
        l2_regularization=1.0,
        monotonic_cst=list(_MONOTONIC),
        early_stopping=False,
        random_state=seed,
    )
    # One OpenMP thread: on a busy machine (the app beside other work, a shared 2-core server) the
    # threads of scikit-learn's boosting spin-wait for cores and a one-second fit took over a minute.
    with threadpool_limits(limits=1, user_api="openmp"):
        model.fit(
            np.vstack([_features(events, cells, start, a, horizon) for a in anchors]), np.concatenate(targets)
        )
        predicted = model.predict(future)
    smooth = future[:, _SMOOTH_FEATURE]
    if smooth.max() > 0:
        predicted = predicted + 1e-9 * predicted.max() * smooth / smooth.max()
    return predicted


_METHODS: dict[str, Callable[[Events, Cells, int, int, int, int], np.ndarray]] = {
    "naive": _naive,
    "kde": _kde,
    "kde_cv": _kde_cv,
    "prospective": _prospective,
    "learned": _learned,
    "mixture": _mixture,
}


def choose_method(
    events: Events,
    cells: Cells,
    end: int,
    days: int,
    horizon: int,
    seed: int = 0,
    cache: InnerCache | None = None,
) -> str:
    """Return the method ``best`` uses, from an inner back-test inside the training period.

    ``mixture`` (:data:`DEFAULT_METHOD`) is kept unless another candidate beat its PAI at 5 % in
    every inner window that had incidents, with at least ``MIN_INNER_WINDOWS`` (3) such windows.
    If a challenger is in truth no better, and the n scored windows are independent, it beats the
    default in all n with probability at most (1/2)^n (a tie is no win); with the four challengers of
    :data:`CANDIDATES` the chance that ``best`` switches on noise is at most 4·(1/2)^n by the union
    bound: 1/2 with three scored windows, 1/4 with four (the usual case: 90 training days hold four
    weekly inner windows). A switch to a challenger that is no better costs little; taking the plain
    highest mean instead chose on noise far more often (on Philadelphia, a PAI at 5 % of 2.70 against
    2.93 for the default of the time).

    Parameters
    ----------
    events
        All incidents known (only those of the training period are used).
    cells
        The study area.
    end, days
        Last day of the training period (days since 1970-01-01) and its length in days.
    horizon
        Length of the forecast period, days.
    seed
        Seed of the randomised methods.
    cache
        Inner results kept between calls on the same ``events`` and ``cells`` (a back-test's
        consecutive windows share most of their inner windows).

    Returns
    -------
    str
        One of :data:`CANDIDATES`.

    """
    n_inner = min(INNER_WINDOWS, (days // 2) // horizon)
    if n_inner < MIN_INNER_WINDOWS:
        return DEFAULT_METHOD
    cache = {} if cache is None else cache
    inner_days = days - n_inner * horizon
    pai = {}
    for method in CANDIDATES:
        values = []
        for j in range(1, n_inner + 1):
            train_end = end - j * horizon
            key = (method, train_end, inner_days, horizon, seed)
            if key not in cache:
                train = events.between(train_end - inner_days + 1, train_end).inside()
                predicted = _METHODS[method](train, cells, train_end, inner_days, horizon, seed)
                observed, missed = scored_counts(events, train_end + 1, train_end + horizon, len(cells.x))
                result = scores(predicted, observed, cells.row, cells.col, (5,), missed)
                cache[key] = result["pai"]["5"]
            values.append(cache[key])
        pai[method] = np.array(values)
    scored = ~np.isnan(pai[DEFAULT_METHOD])
    if scored.sum() < MIN_INNER_WINDOWS:
        return DEFAULT_METHOD
    better = [m for m in CANDIDATES if (pai[m][scored] > pai[DEFAULT_METHOD][scored]).all()]
    return max(better, key=lambda m: pai[m][scored].mean(), default=DEFAULT_METHOD)


def forecast_events(
    events: Events,
    cells: Cells,
    method: str,
    end: int,
    days: int,
    horizon: int,
    seed: int = 0,
    cache: InnerCache | None = None,
) -> tuple[np.ndarray, str]:
    """Forecast from :class:`Events`; return the expected incidents per cell and the method used.

    ``end`` is the last training day (days since 1970-01-01); see :func:`forecast`.
    """
    if method not in METHODS:
        msg = f"unknown forecast method {method!r}; choose one of {', '.join(METHODS)}"
        raise ValueError(msg)
    if days < 1 or horizon < 1:
        msg = "the training period and the horizon must be at least one day"
        raise ValueError(msg)
    used = choose_method(events, cells, end, days, horizon, seed, cache) if method == "best" else method
    train = events.between(end - days + 1, end).inside()
    return _METHODS[used](train, cells, end, days, horizon, seed), used


def forecast(
    incidents: pd.DataFrame,
    cells: pd.DataFrame,
    method: str,
    train_end: date,
    train_days: int,
    *,
    cell: float,
    horizon_days: int = 7,
    weights: np.ndarray | None = None,
    seed: int = 0,
) -> np.ndarray:
    """Return the expected incidents in each cell over the ``horizon_days`` after ``train_end``.

    Parameters
    ----------
    incidents
        ``date`` and ``x``, ``y`` (or point ``geometry``) in the cells' projected CRS; rows placed
        only by their village (``location == "village"``) are left out. Incidents after
        ``train_end`` or before the training period are ignored.
    cells
        The study area's cells: ``row``, ``col``, ``x``, ``y`` (centre), as
        :func:`patrol_map.risk.kde.grid_cells` returns.
    method
        One of :data:`METHODS` (see the module's description).
    train_end
        Last day of the training period.
    train_days
        Length of the training period, days.
    cell
        Side of a cell, in the coordinates' unit (metres or feet).
    horizon_days
        Length of the period forecast, days.
    weights
        Weight of each incident (default 1), e.g. patrol-found incidents discounted.
    seed
        Seed of the randomised parts (the learned model); the same seed gives the same forecast.

    Returns
    -------
    numpy.ndarray
        Expected incidents (weighted) per cell over the horizon, one per row of ``cells``.

    """
    grid = Cells.from_frame(cells, cell)
    events = events_from(incidents, grid, weights)
    predicted, _ = forecast_events(
        events, grid, method, day_number(train_end), train_days, horizon_days, seed
    )
    return predicted
