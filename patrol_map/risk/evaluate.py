"""How good a hotspot forecast was: hit rate, PAI and PEI of its top cells.

A forecast gives every cell of a study area (N cells of equal size) a score. For a coverage of
p percent of the area the top k = ceil(p·N / 100) cells by score are taken, ties broken by the
lower row, then the lower column (rows and columns counted from the grid's origin). Then

- **hit rate**: the share of the test period's incidents that fell in those k cells;
- **PAI** (predictive accuracy index, Chainey, Tompson and Uhlig 2008): hit rate / (k / N), how many
  times better than cells drawn at random; a perfect forecast reaches N / k at most;
- **PEI** (predictive efficiency index, Hunt 2016): hit rate / the best hit rate any k cells could
  have had in that period, in [0, 1].

Incidents of the test period outside the study area stay in the total, as misses. A period
without any incident says nothing about a forecast: all three figures are then NaN
(:func:`scores`), and averages over periods leave such periods out.
"""

from __future__ import annotations

import numpy as np

#: Coverages reported, in percent of the study area.
COVERAGES: tuple[int, ...] = (1, 5, 10)


def cells_for(n_cells: int, percent: int) -> int:
    """Return k = ceil(percent · n_cells / 100), the number of cells a coverage takes.

    Integer arithmetic: ``ceil(0.07 * 100)`` is 8 in floating point, here it is 7.

    Parameters
    ----------
    n_cells
        Number of cells of the study area.
    percent
        Coverage, whole percent of the study area (1 to 100).

    Returns
    -------
    int
        The number of cells, at least 1 when ``n_cells`` ≥ 1.

    """
    if not 0 < percent <= 100:
        msg = f"coverage must be a whole percent from 1 to 100, not {percent}"
        raise ValueError(msg)
    return -(-percent * n_cells // 100)


def ranking(forecast: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Return the cell indices from the highest forecast to the lowest.

    Parameters
    ----------
    forecast
        Score of each cell (any unit; higher is riskier).
    rows, cols
        Row and column of each cell, counted from the grid's origin.

    Returns
    -------
    numpy.ndarray
        Indices into ``forecast``: by descending score, ties by ascending row, then ascending column.

    """
    forecast = np.asarray(forecast, dtype=float)
    if np.isnan(forecast).any():
        msg = "the forecast holds NaN"
        raise ValueError(msg)
    # np.lexsort sorts by the last key first.
    return np.lexsort((np.asarray(cols), np.asarray(rows), -forecast))


def scores(
    forecast: np.ndarray,
    observed: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    coverages: tuple[int, ...] = COVERAGES,
    missed: float = 0.0,
) -> dict[str, dict[str, float]]:
    """Return hit rate, PAI and PEI of a forecast at each coverage.

    Parameters
    ----------
    forecast
        Score of each cell (e.g. expected incidents in the test period).
    observed
        Incidents that fell in each cell during the test period (counts).
    rows, cols
        Row and column of each cell, for the tie-break.
    coverages
        Coverages in whole percent of the study area.
    missed
        Incidents of the test period outside the study area: no forecast of its cells can hold
        them, so they count in the total as misses.

    Returns
    -------
    dict
        ``{"hit_rate": {"1": h, ...}, "pai": {...}, "pei": {...}}``, keys the coverages as text;
        hit rate and PEI are shares (0–1), PAI a ratio. All NaN when no incident was observed.
        PEI compares with the best any k cells of the area could have done (``missed`` aside; NaN
        when every incident was missed).

    """
    observed = np.asarray(observed, dtype=float)
    n_cells = len(observed)
    if len(forecast) != n_cells or len(rows) != n_cells or len(cols) != n_cells:
        msg = "forecast, observed, rows and cols must have one value per cell"
        raise ValueError(msg)
    if missed < 0:
        msg = "missed incidents cannot be negative"
        raise ValueError(msg)
    total = observed.sum() + missed
    captured = np.cumsum(observed[ranking(forecast, rows, cols)])
    best = np.cumsum(np.sort(observed)[::-1])
    result: dict[str, dict[str, float]] = {"hit_rate": {}, "pai": {}, "pei": {}}
    for percent in coverages:
        k = cells_for(n_cells, percent)
        key = str(percent)
        if total <= 0:
            hit = pai = pei = float("nan")
        else:
            hit = float(captured[k - 1] / total)
            pai = hit / (k / n_cells)
            pei = float(captured[k - 1] / best[k - 1]) if best[k - 1] > 0 else float("nan")
        result["hit_rate"][key], result["pai"][key], result["pei"][key] = hit, pai, pei
    return result


def mean_scores(windows: list[dict[str, dict[str, float]]]) -> dict[str, dict[str, float | None]]:
    """Average :func:`scores` over test periods, leaving out periods without incidents.

    Parameters
    ----------
    windows
        One :func:`scores` result per test period.

    Returns
    -------
    dict
        The same shape, each figure the mean over periods that had incidents; ``None`` when no
        period had any.

    """
    if not windows:
        return {}
    result: dict[str, dict[str, float | None]] = {}
    for measure, by_coverage in windows[0].items():
        result[measure] = {}
        for key in by_coverage:
            values = np.array([w[measure][key] for w in windows], dtype=float)
            values = values[~np.isnan(values)]
            result[measure][key] = float(values.mean()) if len(values) else None
    return result
