"""Getting worse? A verdict per village and category that a handful of incidents cannot fake.

**Test.** The exact conditional test of a recent period against an earlier one: if incidents arrive
at a constant rate, then given the n incidents of both periods the recent count is
Binomial(n, t_recent / (t_recent + t_earlier)), t in days. The two-sided binomial p-value
(``scipy.stats.binomtest``) is exact at any count and needs no estimate of the unknown rate.

**Baseline.** By default the same period one year earlier (:func:`trend_periods`, 52 weeks back:
the same weekdays and the same season), the "so với cùng kỳ năm trước" of police reports: harvests,
the rainy season and Tết fall in both periods and make no trend. ``baseline="preceding"`` compares
with the period just before instead.

**Exposure: the days the log covers.** A period's length is the days on which the log was kept,
not the days of the calendar: a day after the last record, or inside a long stretch without any
record, holds no incident because nobody wrote one, and counting it would make a rate look fallen.
:func:`log_coverage` splits the log's span at every stretch without records longer than chance
allows at the log's own rate (:func:`longest_quiet_days`), so a stray record years before the rest
covers its own day and no more. :func:`trend_window` then ends the recent period at the last
record at the latest, compares only the days covered in both periods (for the year-before
baseline, the same days a year apart, so that the seasons still match) and refuses a comparison
with fewer than :data:`MIN_PERIOD_DAYS` covered days.

**Too few.** A row with fewer than :data:`MIN_COUNT` incidents in both periods together is "no clear
change (too few)": with equal periods even 5 of 5 in one period has p = 0.0625. Such rows are left
out of the correction; filtering on n is independent of the test under the null (the test is
conditional on n), so the false discovery rate still holds (Bourgon, Gentleman & Huber 2010).

**Correction.** Benjamini–Hochberg over all tested rows of the table (villages × categories and
village totals), so that a table of a hundred rows does not show the five trends that chance alone
makes at p < 0.05.

**Rates.** Incidents per km² per year, raw and shrunk by empirical Bayes (gamma–Poisson, Marshall's
moment estimator) toward the commune's rate of that category: a small village's rate, resting on
few incidents, moves most.

**Caveat.** The test assumes incidents arrive independently (Poisson). A series of linked incidents
(one feud, one gambling ring raided again and again) varies more than that and the test is then too
ready to see a change; read a verdict resting on such a series with care.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy.stats import binomtest, false_discovery_control

from patrol_map.model import INCIDENT_CATEGORIES
from patrol_map.risk.temporal import incident_days

#: False discovery rate of the table's verdicts.
ALPHA = 0.05
#: Fewest incidents (both periods together) a row needs to be tested.
MIN_COUNT = 6
#: Default length of the recent period, days (about six months).
RECENT_DAYS = 182
#: Fewest days with records a compared period needs (a season): fewer and no trend is told.
MIN_PERIOD_DAYS = 91
#: A stretch without records this long (days) or shorter never splits the log: quiet fortnights happen.
MIN_QUIET_DAYS = 14
#: Chance that a log kept at a constant rate shows a stretch without records longer than the limit.
QUIET_ALPHA = 0.01
#: ``category`` of a village's row of all categories together.
TOTAL = "all"
#: Verdicts: key -> (Vietnamese, English).
VERDICTS: dict[str, tuple[str, str]] = {
    "increasing": ("Tăng", "Increasing"),
    "decreasing": ("Giảm", "Decreasing"),
    "no_clear_change": ("Chưa rõ thay đổi", "No clear change"),
    "too_few": ("Chưa rõ thay đổi (quá ít vụ)", "No clear change (too few)"),
}
_DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class Period:
    """A span of days, ``start`` and ``end`` both included, less the ``gaps`` the log does not cover.

    ``gaps`` are ``(first, last)`` day pairs inside the span, in order, on which no record was kept;
    they count neither for the period's length nor for its incidents.
    """

    start: date
    end: date
    gaps: tuple[tuple[date, date], ...] = ()

    @property
    def days(self) -> int:
        """Number of days covered: the span less its gaps."""
        return (self.end - self.start).days + 1 - sum((last - first).days + 1 for first, last in self.gaps)

    @property
    def span_days(self) -> int:
        """Number of days from ``start`` to ``end``, gaps included."""
        return (self.end - self.start).days + 1

    def holds(self, days: pd.Series) -> pd.Series:
        """Return which of ``days`` (datetime64 days) fall in the period and in none of its gaps."""
        inside = (days >= pd.Timestamp(self.start)) & (days <= pd.Timestamp(self.end))
        for first, last in self.gaps:
            inside &= ~((days >= pd.Timestamp(first)) & (days <= pd.Timestamp(last)))
        return inside


def trend_periods(
    end: date,
    recent_days: int = RECENT_DAYS,
    baseline: Literal["year_before", "preceding"] = "year_before",
) -> tuple[Period, Period]:
    """Return the recent period ending on ``end`` and the earlier period it is compared with.

    Parameters
    ----------
    end
        Last day of the recent period (the last day of the log, or of the last full week).
    recent_days
        Length of the recent period, days.
    baseline
        ``"year_before"``: the same days 52 weeks (364 days) earlier; ``"preceding"``: the
        ``recent_days`` days just before the recent period.

    Returns
    -------
    tuple of Period
        ``(recent, earlier)``, of equal length.

    """
    recent = Period(end - timedelta(days=recent_days - 1), end)
    shift = timedelta(days=364 if baseline == "year_before" else recent_days)
    if recent_days > shift.days:
        msg = f"a recent period of {recent_days} days overlaps the same period a year before"
        raise ValueError(msg)
    return recent, Period(recent.start - shift, recent.end - shift)


def longest_quiet_days(n_records: int, span_days: int, alpha: float = QUIET_ALPHA) -> int:
    """Return the longest stretch without records (days) that a log kept throughout may show.

    At a constant rate λ = n / span a day, the days between two records are about exponential,
    and the chance that any of the n stretches exceeds g days is about n·exp(-λg); the limit is the
    g at which that chance is ``alpha``, and never below :data:`MIN_QUIET_DAYS`.

    Parameters
    ----------
    n_records
        Records in the log.
    span_days
        Days from its first record to its last, both included.
    alpha
        Chance of splitting a log that was in fact kept throughout.

    Returns
    -------
    int
        Days without records beyond which the log counts as not kept.

    """
    if n_records < 2:
        return MIN_QUIET_DAYS
    rate = n_records / span_days
    return max(MIN_QUIET_DAYS, math.ceil(math.log(n_records / alpha) / rate))


def log_coverage(days: pd.Series) -> list[Period]:
    """Return the spans of days the incident log covers, oldest first.

    Parameters
    ----------
    days
        The day of every record of the log (datetime64 days; all categories: the log was kept or
        not, whatever was written in it).

    Returns
    -------
    list of Period
        Each from a record to a record, split where more days than :func:`longest_quiet_days`
        pass without any record; empty when there is no record.

    """
    unique = np.unique(pd.to_datetime(days).dropna().to_numpy().astype("datetime64[D]"))
    if unique.size == 0:
        return []
    limit = longest_quiet_days(len(days), int((unique[-1] - unique[0]).astype(int)) + 1)
    quiet = np.diff(unique).astype(int) - 1 > limit
    starts = np.r_[unique[:1], unique[1:][quiet]]
    ends = np.r_[unique[:-1][quiet], unique[-1:]]
    return [Period(_day(a), _day(b)) for a, b in zip(starts, ends, strict=True)]


def trend_window(
    coverage: list[Period],
    end: date,
    recent_days: int = RECENT_DAYS,
    min_days: int = MIN_PERIOD_DAYS,
) -> tuple[Period, Period] | None:
    """Return the periods a trend can honestly compare, or ``None`` when the log cannot support one.

    The recent period is the ``recent_days`` days ending on ``end``, or on the last record when
    that comes first (never later), less the days the log does not cover. It is compared with the
    same days 52 weeks earlier, only on the days covered in both (the seasons still match); when
    fewer than ``min_days`` such days exist, with the ``recent_days`` days before it instead,
    each period less its uncovered days.

    Parameters
    ----------
    coverage
        :func:`log_coverage` of the whole log.
    end
        The last day the user asks about.
    recent_days
        Length of the recent period, days, before any day is taken off.
    min_days
        Fewest covered days each period needs.

    Returns
    -------
    tuple of Period or None
        ``(recent, earlier)``, each shortened to its covered days (``start``/``end`` moved in,
        ``gaps`` inside); ``None`` when the recent period or both baselines hold fewer than
        ``min_days`` covered days.

    """
    if not coverage or end < coverage[0].start:
        return None
    last = min(end, coverage[-1].end)
    recent, year_before = trend_periods(last, recent_days, "year_before")
    recent_on, earlier_on = _covered(coverage, recent), _covered(coverage, year_before)
    if recent_on.sum() < min_days:
        return None
    both = recent_on & earlier_on
    if both.sum() >= min_days:
        return _restrict(recent, both), _restrict(year_before, both)
    recent, preceding = trend_periods(last, recent_days, "preceding")
    preceding_on = _covered(coverage, preceding)
    if preceding_on.sum() >= min_days:
        return _restrict(recent, recent_on), _restrict(preceding, preceding_on)
    return None


def covered_days(coverage: list[Period], start: date, end: date) -> int:
    """Return how many days from ``start`` to ``end`` (both included) the log covers.

    Parameters
    ----------
    coverage
        :func:`log_coverage` of the whole log.
    start, end
        The period.

    Returns
    -------
    int
        Covered days; the exposure of a rate over that period.

    """
    if end < start:
        return 0
    return int(_covered(coverage, Period(start, end)).sum())


def _day(value: np.datetime64) -> date:
    return pd.Timestamp(value).date()


def _covered(coverage: list[Period], period: Period) -> np.ndarray:
    """Return, for each day of ``period``, whether a span of ``coverage`` holds it."""
    days = pd.Series(pd.date_range(period.start, period.end, freq="D"))
    on = np.zeros(len(days), dtype=bool)
    for span in coverage:
        on |= span.holds(days).to_numpy()
    return on


def _restrict(period: Period, on: np.ndarray) -> Period:
    """Return ``period`` without the days where ``on`` is False: start and end moved in, gaps inside."""
    days = pd.date_range(period.start, period.end, freq="D").date
    index = np.flatnonzero(on)
    first, last = int(index[0]), int(index[-1])
    off = np.flatnonzero(~on[first : last + 1]) + first
    runs = np.split(off, np.flatnonzero(np.diff(off) > 1) + 1) if off.size else []
    return Period(days[first], days[last], tuple((days[run[0]], days[run[-1]]) for run in runs))


def exact_trend_p(recent: int, earlier: int, recent_days: int, earlier_days: int) -> float:
    """Return the two-sided p-value of the exact conditional test of a change in rate.

    Parameters
    ----------
    recent, earlier
        Incidents in the recent and in the earlier period.
    recent_days, earlier_days
        Lengths of the periods, days.

    Returns
    -------
    float
        P-value of ``recent ~ Binomial(recent + earlier, recent_days / (recent_days + earlier_days))``;
        1 when both counts are 0.

    """
    n = recent + earlier
    if n == 0:
        return 1.0
    return float(binomtest(recent, n, recent_days / (recent_days + earlier_days)).pvalue)


def eb_rates(counts: np.ndarray, exposure: np.ndarray) -> np.ndarray:
    """Shrink rates toward their common mean by global empirical Bayes (gamma–Poisson).

    Marshall's (1991) moment estimator: mean rate m = Σe/Σb, between-unit variance
    s² = Σb(r - m)²/Σb - m/mean(b), shrunk rate m + w(r - m) with w = s²/(s² + m/b). Written
    here because ``esda.smoothing.Empirical_Bayes``, the same estimator, neither sets a negative
    s² to 0 (it then pushes rates away from the mean) nor handles a total of 0 (0/0).

    Parameters
    ----------
    counts
        Incidents per unit.
    exposure
        Exposure per unit (km² × years), all positive.

    Returns
    -------
    numpy.ndarray
        Shrunk rates (incidents per unit of exposure); all equal to m when the raw rates vary no
        more than Poisson noise would make them.

    """
    counts, exposure = np.asarray(counts, dtype=float), np.asarray(exposure, dtype=float)
    mean = counts.sum() / exposure.sum()
    rates = counts / exposure
    if mean == 0:
        return rates
    spread = (exposure * (rates - mean) ** 2).sum() / exposure.sum() - mean / exposure.mean()
    spread = max(spread, 0.0)
    weight = spread / (spread + mean / exposure)
    return mean + weight * (rates - mean)


def _counts(
    incidents: pd.DataFrame, inside: pd.Series, villages: gpd.GeoDataFrame, categories: list[str]
) -> pd.DataFrame:
    """Incidents per village (rows, in ``villages`` order) and category (columns, TOTAL first)."""
    table = incidents[inside].groupby(["village", "category"]).size().unstack("category")
    table = table.reindex(index=villages["name"], columns=categories[1:]).fillna(0).astype(int)
    table.insert(0, TOTAL, table.sum(axis=1))
    return table


def trend_table(
    incidents: pd.DataFrame,
    villages: gpd.GeoDataFrame,
    recent: Period,
    earlier: Period,
    alpha: float = ALPHA,
    min_count: int = MIN_COUNT,
) -> pd.DataFrame:
    """Say for each village, category by category and in total, whether incidents are rising.

    Parameters
    ----------
    incidents
        Incidents with ``date``, ``category`` and ``village`` (records of no known village are
        left out). The log must cover both periods, less their gaps (see :func:`trend_window`).
    villages
        The workspace's villages (``village_id``, ``name``, polygons in a projected CRS).
    recent, earlier
        The periods compared (see :func:`trend_periods`); they must not overlap.
    alpha
        False discovery rate of the verdicts.
    min_count
        Rows with fewer incidents (both periods) are "too few" and not tested.

    Returns
    -------
    pandas.DataFrame
        One row per village and category (``all`` first, then the categories present in either
        period, in :data:`patrol_map.model.INCIDENT_CATEGORIES` order), villages in their layer's
        order: ``village_id``, ``name``, ``category``, ``recent`` and ``earlier`` (counts),
        ``ratio`` (recent rate / earlier rate; inf when the earlier count is 0, NaN when both
        are), ``rate_recent``, ``rate_recent_eb``, ``rate_earlier``, ``rate_earlier_eb``
        (incidents per km² per year, raw and shrunk), ``p``, ``q`` (NaN for rows not tested) and
        ``verdict`` (a key of :data:`VERDICTS`).

    """
    if not (earlier.end < recent.start or recent.end < earlier.start):
        msg = f"the periods {earlier} and {recent} overlap"
        raise ValueError(msg)
    villages = villages.reset_index(drop=True)
    area_km2 = villages.area.to_numpy() / 1e6
    days = incident_days(incidents)
    inside = {period: period.holds(days) for period in (recent, earlier)}
    present = set(incidents.loc[inside[recent] | inside[earlier], "category"])
    categories = [TOTAL, *(key for key in INCIDENT_CATEGORIES if key in present)]
    categories += sorted(present - set(categories))

    columns: dict[str, np.ndarray] = {}
    for name, period in (("recent", recent), ("earlier", earlier)):
        table = _counts(incidents, inside[period], villages, categories)
        exposure = area_km2 * period.days / _DAYS_PER_YEAR
        columns[name] = table.to_numpy().ravel()
        columns[f"rate_{name}"] = (table.to_numpy() / exposure[:, None]).ravel()
        shrunk = np.column_stack([eb_rates(table[c].to_numpy(), exposure) for c in table])
        columns[f"rate_{name}_eb"] = shrunk.ravel()
    rows = pd.DataFrame(
        {
            "village_id": np.repeat(villages["village_id"].to_numpy(), len(categories)),
            "name": np.repeat(villages["name"].to_numpy(), len(categories)),
            "category": np.tile(categories, len(villages)),
            "recent": columns["recent"],
            "earlier": columns["earlier"],
        }
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        rows["ratio"] = (rows["recent"] / recent.days) / (rows["earlier"] / earlier.days)
    for name in ("rate_recent", "rate_recent_eb", "rate_earlier", "rate_earlier_eb"):
        rows[name] = columns[name]
    rows["p"] = [
        exact_trend_p(r, e, recent.days, earlier.days)
        for r, e in zip(rows["recent"], rows["earlier"], strict=True)
    ]
    tested = (rows["recent"] + rows["earlier"]) >= min_count
    rows["q"] = np.nan
    if tested.any():
        rows.loc[tested, "q"] = false_discovery_control(rows.loc[tested, "p"].to_numpy(), method="bh")
    changed = tested & (rows["q"] <= alpha)
    rows["verdict"] = np.select(
        [~tested, changed & (rows["ratio"] > 1), changed],
        ["too_few", "increasing", "decreasing"],
        "no_clear_change",
    )
    return rows


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
