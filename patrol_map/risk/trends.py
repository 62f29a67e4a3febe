"""Getting worse? A verdict per village and category that a handful of incidents cannot fake.

**Test.** The exact conditional test of a recent period against an earlier one: if incidents arrive
at a constant rate, then given the n incidents of both periods the recent count is
Binomial(n, t_recent / (t_recent + t_earlier)), t in days. The two-sided binomial p-value
(``scipy.stats.binomtest``) is exact at any count and needs no estimate of the unknown rate.

**Baseline.** By default the same period one year earlier (:func:`trend_periods`, 52 weeks back:
the same weekdays and the same season), the "so với cùng kỳ năm trước" of police reports: harvests,
the rainy season and Tết fall in both periods and make no trend. ``baseline="preceding"`` compares
with the period just before instead.

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
    """A span of days, ``start`` and ``end`` both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        """Number of days."""
        return (self.end - self.start).days + 1


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
        left out). The log must cover both periods.
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
    inside = {
        period: (days >= pd.Timestamp(period.start)) & (days <= pd.Timestamp(period.end))
        for period in (recent, earlier)
    }
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
