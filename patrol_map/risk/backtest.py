"""Rolling back-test of the forecast methods on a file of dated points (``patrol-map backtest``).

The contract (issue #6, study area changed by issue #10):

- **Grid**: square cells of side ``cell`` with origin (floor(min x / cell)·cell, floor(min y / cell)·cell),
  min over every incident of the file (the lattice of multiples of ``cell``); rows count upwards from the
  origin in y, columns in x. A point on a cell edge belongs to the cell above / to the right.
- **Study area**: every cell of that grid whose centre lies inside the convex hull of the incidents dated
  before the first test window begins (a stand-in for the city's or commune's boundary that uses no data
  of the test windows); or, with a boundary, every cell whose centre lies inside the boundary (as the
  app's density grid). Incidents outside the study area count for no training; those of a test window
  stay in its total and count as misses.
- **Windows**: the last ``n_windows`` consecutive, non-overlapping test windows of ``test_days``
  days; the last window ends on (and includes) the last date of the file, each window begins the day
  after the previous one ends. Each is forecast from the ``train_days`` days just before its first day.
- **Scores**: hit rate, PAI and PEI at 1, 5 and 10 % of the study area
  (:mod:`patrol_map.risk.evaluate`), averaged over the windows that hold at least one incident; a
  window without incidents is left out of the average (it says nothing about a forecast), and a
  figure is ``None`` when no window had any.

An earlier contract took for the study area every cell holding an incident anywhere in the file, test
windows included: a cell whose only incident fell in a test window was always a candidate, and on
points with no spatial pattern every method scored far below chance (mean PAI at 10 % from 0.14 to
0.53 where 1 is right).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from patrol_map.risk.evaluate import mean_scores, scores
from patrol_map.risk.forecast import (
    Cells,
    InnerCache,
    day_number,
    events_from,
    forecast_events,
    scored_counts,
)
from patrol_map.risk.kde import grid_cells


@dataclass(frozen=True)
class Window:
    """One test window and the training days before it (every date included)."""

    train_start: date
    train_end: date
    test_start: date
    test_end: date


@dataclass
class MethodResult:
    """A method's scores per window (with the method run and the incidents tested), averaged, and its time."""

    windows: list[dict[str, dict[str, float]]] = field(default_factory=list)
    used: list[str] = field(default_factory=list)
    tested: list[int] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def mean(self) -> dict[str, dict[str, float | None]]:
        """The scores averaged over windows with incidents."""
        return mean_scores(self.windows)


def study_area(
    points: pd.DataFrame, cell: float, before: date | None = None, boundary: gpd.GeoDataFrame | None = None
) -> pd.DataFrame:
    """Return the study area's cells: ``row``, ``col`` (from the incidents' origin) and centre ``x``, ``y``.

    Parameters
    ----------
    points
        ``date``, ``x``, ``y`` of every incident of the file, in a projected CRS (the grid's origin
        comes from all of them).
    cell
        Side of a cell, same unit.
    before
        First day of the first test window: without a boundary, the area is the convex hull of the
        incidents dated before it (required then).
    boundary
        Polygons in the same CRS; when given, the cells whose centre lies inside their union.

    Returns
    -------
    pandas.DataFrame
        One row per cell, by row then column; empty when the hull or the boundary holds no centre.

    """
    x, y = points["x"].to_numpy(dtype=float), points["y"].to_numpy(dtype=float)
    x0, y0 = np.floor(np.min(x) / cell) * cell, np.floor(np.min(y) / cell) * cell
    if boundary is None:
        if before is None:
            msg = "without a boundary, the study area needs the first day of the first test window"
            raise ValueError(msg)
        known = (points["date"] < pd.Timestamp(before)).to_numpy()
        area = shapely.MultiPoint(np.column_stack([x[known], y[known]])).convex_hull
    else:
        area = boundary.geometry.union_all()
    # Fewer than three incidents, or all on a line, enclose no area (a line would "contain" centres).
    inside = grid_cells(area, cell, None) if area.area > 0 else pd.DataFrame({"x": [], "y": []})
    rows = np.round((inside["y"].to_numpy() - y0) / cell - 0.5).astype(np.int64)
    cols = np.round((inside["x"].to_numpy() - x0) / cell - 0.5).astype(np.int64)
    order = np.lexsort((cols, rows))
    rows, cols = rows[order], cols[order]
    return pd.DataFrame(
        {"row": rows, "col": cols, "x": x0 + (cols + 0.5) * cell, "y": y0 + (rows + 0.5) * cell}
    )


def rolling_windows(last: date, train_days: int, test_days: int, n_windows: int) -> list[Window]:
    """Return the last ``n_windows`` test windows ending on ``last``, oldest first (see the module)."""
    result = []
    for j in reversed(range(n_windows)):
        test_end = last - timedelta(days=j * test_days)
        test_start = test_end - timedelta(days=test_days - 1)
        train_end = test_start - timedelta(days=1)
        result.append(Window(train_end - timedelta(days=train_days - 1), train_end, test_start, test_end))
    return result


def run_backtest(
    points: pd.DataFrame,
    cells: pd.DataFrame,
    cell: float,
    train_days: int,
    test_days: int,
    n_windows: int,
    methods: tuple[str, ...],
    seed: int = 0,
    *,
    weights: np.ndarray | None = None,
    last: date | None = None,
) -> tuple[list[Window], dict[str, MethodResult]]:
    """Back-test forecast methods on rolling windows.

    Parameters
    ----------
    points
        ``date`` and ``x``, ``y`` (or a point ``geometry``) of every incident, as :func:`read_points`
        returns; rows placed only by their village (``location == "village"``) are left out.
    cells
        The study area (as :func:`study_area` returns).
    cell
        Side of a cell, in the coordinates' unit.
    train_days, test_days, n_windows
        Days of training before each window, days of each test window, number of windows.
    methods
        Names from :data:`patrol_map.risk.forecast.METHODS`.
    seed
        Seed of the randomised methods.
    weights
        Weight of each incident in training (default 1; the app discounts incidents found by
        patrols). Every window is scored on every incident, whatever its weight.
    last
        Last day of the last test window; default the last date of ``points``.

    Returns
    -------
    tuple
        The windows, and for each method its :class:`MethodResult`.

    """
    grid = Cells.from_frame(cells, cell)
    events = events_from(points, grid, weights)
    last = pd.Timestamp(points["date"].max()).date() if last is None else last
    windows = rolling_windows(last, train_days, test_days, n_windows)
    results = {}
    cache: InnerCache = {}
    for method in methods:
        result = MethodResult()
        started = time.perf_counter()
        for window in windows:
            end = day_number(window.train_end)
            predicted, used = forecast_events(events, grid, method, end, train_days, test_days, seed, cache)
            observed, missed = scored_counts(events, end + 1, end + test_days, len(grid.x))
            result.windows.append(scores(predicted, observed, grid.row, grid.col, missed=missed))
            result.used.append(used)
            result.tested.append(int(observed.sum()) + missed)
        result.seconds = time.perf_counter() - started
        results[method] = result
    return windows, results
