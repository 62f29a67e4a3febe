"""Trend verdicts on series whose answer is known."""

from __future__ import annotations

from datetime import date, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from patrol_map.risk.trends import (
    ALPHA,
    MIN_PERIOD_DAYS,
    RECENT_DAYS,
    TOTAL,
    VERDICTS,
    Period,
    category_trends,
    covered_days,
    eb_rates,
    exact_trend_p,
    log_coverage,
    longest_quiet_days,
    trend_periods,
    trend_table,
    trend_window,
)
from tests.conftest import UTM, square

END = date(2026, 11, 22)
RECENT, EARLIER = trend_periods(END)  # 182 days each, 52 weeks apart


def villages(*sides: float) -> gpd.GeoDataFrame:
    names = [f"Thôn {i}" for i in range(len(sides))]
    boxes = [square(3000 * i, 0, side, side) for i, side in enumerate(sides)]
    return gpd.GeoDataFrame(
        {"village_id": [f"T{i}" for i in range(len(sides))], "name": names}, geometry=boxes, crs=UTM
    )


def records(rows: list[tuple[str, str, Period, int]], rng: np.random.Generator) -> pd.DataFrame:
    """``count`` incidents of ``category`` in ``village`` on random days of ``period``."""
    frame = [
        (village, category, (period.start + timedelta(days=int(rng.integers(period.days)))).isoformat())
        for village, category, period, count in rows
        for _ in range(count)
    ]
    return pd.DataFrame(frame, columns=["village", "category", "date"])


def row(table: pd.DataFrame, name: str, category: str) -> pd.Series:
    return table[(table["name"] == name) & (table["category"] == category)].iloc[0]


def test_periods_year_before_and_preceding() -> None:
    assert Period(date(2026, 5, 25), END) == RECENT and RECENT.days == 182
    assert Period(date(2025, 5, 26), date(2025, 11, 23)) == EARLIER  # 364 days back: same weekdays
    assert EARLIER.start.weekday() == RECENT.start.weekday()
    recent, earlier = trend_periods(END, recent_days=28, baseline="preceding")
    assert earlier == Period(date(2026, 9, 28), date(2026, 10, 25)) and recent.start == date(2026, 10, 26)
    with pytest.raises(ValueError, match="overlaps"):
        trend_periods(END, recent_days=400)


def test_exact_test_by_hand() -> None:
    assert exact_trend_p(3, 1, 10, 10) == pytest.approx(0.625)  # P(|X - 2| >= 1), X ~ Bin(4, 1/2)
    assert exact_trend_p(6, 0, 10, 10) == pytest.approx(2 / 64)
    assert exact_trend_p(2, 0, 10, 30) == pytest.approx(1 / 16)  # Bin(2, 1/4): P(X = 2)
    assert exact_trend_p(0, 0, 10, 10) == 1.0


def test_three_after_one_is_no_clear_change() -> None:
    table = trend_table(
        records([("Thôn 0", "theft", EARLIER, 1), ("Thôn 0", "theft", RECENT, 3)], np.random.default_rng(0)),
        villages(1000),
        RECENT,
        EARLIER,
    )
    theft = row(table, "Thôn 0", "theft")
    assert (theft["recent"], theft["earlier"]) == (3, 1)
    assert theft["verdict"] == "too_few" and np.isnan(theft["q"])
    assert VERDICTS["too_few"][1] == "No clear change (too few)"
    untested = trend_table(
        records([("Thôn 0", "theft", EARLIER, 1), ("Thôn 0", "theft", RECENT, 3)], np.random.default_rng(0)),
        villages(1000),
        RECENT,
        EARLIER,
        min_count=0,
    )
    assert row(untested, "Thôn 0", "theft")["verdict"] == "no_clear_change"


def test_a_strong_rise_and_a_strong_fall_among_quiet_villages() -> None:
    rng = np.random.default_rng(1)
    rows = [
        ("Thôn 0", "drugs", EARLIER, 3), ("Thôn 0", "drugs", RECENT, 30),
        ("Thôn 1", "gambling", EARLIER, 30), ("Thôn 1", "gambling", RECENT, 4),
        ("Thôn 2", "theft", EARLIER, 10), ("Thôn 2", "theft", RECENT, 11),
        ("Thôn 3", "theft", EARLIER, 12), ("Thôn 3", "theft", RECENT, 9),
    ]  # fmt: skip
    table = trend_table(records(rows, rng), villages(1000, 1000, 1000, 1000), RECENT, EARLIER)
    rise, fall = row(table, "Thôn 0", "drugs"), row(table, "Thôn 1", "gambling")
    assert rise["verdict"] == "increasing" and rise["q"] <= ALPHA and rise["ratio"] == pytest.approx(10)
    assert fall["verdict"] == "decreasing" and fall["q"] <= ALPHA
    assert row(table, "Thôn 0", TOTAL)["verdict"] == "increasing"
    assert row(table, "Thôn 2", "theft")["verdict"] == "no_clear_change"
    assert row(table, "Thôn 3", "theft")["verdict"] == "no_clear_change"
    # One row per village and category (all, then those present, in the model's order).
    assert list(table["category"][:4]) == [TOTAL, "theft", "gambling", "drugs"] and len(table) == 16
    assert (
        row(table, "Thôn 2", "drugs")["recent"] == 0 and row(table, "Thôn 2", "drugs")["verdict"] == "too_few"
    )


def test_records_outside_the_periods_or_villages_do_not_count() -> None:
    rows = [("Thôn 0", "theft", Period(date(2026, 1, 1), date(2026, 1, 31)), 5), ("", "theft", RECENT, 7)]
    frame = records(rows, np.random.default_rng(2))
    table = trend_table(frame, villages(1000), RECENT, EARLIER)
    assert table[["recent", "earlier"]].to_numpy().sum() == 0
    with pytest.raises(ValueError, match="overlap"):
        trend_table(frame, villages(1000), RECENT, Period(date(2026, 5, 1), date(2026, 6, 1)))


def test_flat_series_show_a_trend_in_at_most_the_fdr_share_of_tables() -> None:
    names = villages(*[1000.0] * 8)
    both = Period(EARLIER.start, END)  # constant rate over the two periods and the year between
    categories = ["theft", "fight", "drugs"]
    with_trend = 0
    runs = 100
    for seed in range(runs):
        rng = np.random.default_rng(seed)
        rows = [
            (name, category, both, int(rng.poisson(20))) for name in names["name"] for category in categories
        ]
        table = trend_table(records(rows, rng), names, RECENT, EARLIER)
        with_trend += table["verdict"].isin(["increasing", "decreasing"]).any()
    assert with_trend / runs <= ALPHA


def test_eb_rates_by_hand() -> None:
    # m = 30/4 = 7.5; s2 = (56.25 + 6.25 + 2 * 6.25)/4 - 7.5/(4/3) = 13.125; w = s2/(s2 + m/b).
    shrunk = eb_rates(np.array([0, 10, 20]), np.array([1.0, 1.0, 2.0]))
    w1, w2 = 13.125 / (13.125 + 7.5), 13.125 / (13.125 + 3.75)
    assert shrunk == pytest.approx([7.5 - w1 * 7.5, 7.5 + w1 * 2.5, 7.5 + w2 * 2.5])
    # Rates that vary less than Poisson noise all shrink to the mean; no incident at all stays 0.
    assert eb_rates(np.array([4, 6]), np.array([1.0, 1.0])) == pytest.approx([5, 5])
    assert list(eb_rates(np.zeros(3), np.ones(3))) == [0, 0, 0]


@given(
    st.lists(st.integers(0, 40), min_size=3, max_size=8),
    st.lists(st.floats(0.2, 20), min_size=3, max_size=8),
)
def test_shrinkage_stays_between_the_raw_rate_and_the_mean(counts: list[int], exposure: list[float]) -> None:
    n = min(len(counts), len(exposure))
    e, b = np.array(counts[:n], dtype=float), np.array(exposure[:n])
    shrunk, raw, mean = eb_rates(e, b), e / b, e.sum() / b.sum()
    low, high = np.minimum(raw, mean), np.maximum(raw, mean)
    assert np.all(shrunk >= low - 1e-9) and np.all(shrunk <= high + 1e-9)


def test_small_villages_are_pulled_toward_the_commune_rate_more_than_large_ones() -> None:
    # Areas 0.25, 4 and 4 km²; the small one and one large one at the same high raw rate.
    rows = [("Thôn 0", "theft", RECENT, 6), ("Thôn 1", "theft", RECENT, 96), ("Thôn 2", "theft", RECENT, 20)]
    table = trend_table(records(rows, np.random.default_rng(3)), villages(500, 2000, 2000), RECENT, EARLIER)
    small, large = row(table, "Thôn 0", "theft"), row(table, "Thôn 1", "theft")
    assert small["rate_recent"] == pytest.approx(large["rate_recent"])
    mean = 122 / (8.25 * RECENT.days / 365.25)
    pull = [(v["rate_recent"] - v["rate_recent_eb"]) / (v["rate_recent"] - mean) for v in (small, large)]
    assert 0 < pull[1] < pull[0] <= 1


# ---------------------------------------------------------------- the days the log covers


def constant_log(first: date, last: date, per_day: float, rng: np.random.Generator) -> pd.DataFrame:
    """A log kept from ``first`` to ``last``: Poisson(``per_day``) thefts a day in Thôn 0, one on each end."""
    days = pd.date_range(first, last, freq="D")
    counts = rng.poisson(per_day, len(days))
    counts[[0, -1]] = np.maximum(counts[[0, -1]], 1)
    dates = np.repeat(days.strftime("%Y-%m-%d").to_numpy(), counts)
    return pd.DataFrame({"village": "Thôn 0", "category": "theft", "date": dates})


def window_and_table(
    log: pd.DataFrame, end: date
) -> tuple[tuple[Period, Period] | None, pd.DataFrame | None]:
    found = trend_window(log_coverage(pd.to_datetime(log["date"])), end)
    if found is None:
        return None, None
    return found, trend_table(log, villages(1000), *found)


def test_longest_quiet_days_by_hand() -> None:
    assert longest_quiet_days(365, 365) == 14  # ln(36,500) / 1 = 10.5 days: the floor of 14 holds
    assert longest_quiet_days(50, 365) == 63  # ln(5,000) / (50 / 365) = 62.2 days
    assert longest_quiet_days(1, 1) == 14


def test_a_recent_period_past_the_last_record_ends_at_it_and_sees_no_fall() -> None:
    # A constant rate of 0.5 a day over 2023-2024, asked about up to 28/02/2025: two months with no
    # record. Counted as days without incidents they made 56 against 92, p = 0.004, "decreasing".
    falls = 0
    for seed in range(5):
        log = constant_log(date(2023, 1, 1), date(2024, 12, 31), 0.5, np.random.default_rng(seed))
        (recent, earlier), table = window_and_table(log, date(2025, 2, 28))
        assert recent.end == date(2024, 12, 31) and recent.days == RECENT_DAYS and not recent.gaps
        assert earlier == Period(recent.start - timedelta(days=364), recent.end - timedelta(days=364))
        assert row(table, "Thôn 0", TOTAL)["verdict"] == "no_clear_change"
        calendar = trend_table(log, villages(1000), *trend_periods(date(2025, 2, 28)))
        falls += row(calendar, "Thôn 0", TOTAL)["verdict"] == "decreasing"
    assert falls >= 4  # what counting the calendar's days said


def test_a_stray_old_record_does_not_make_a_year_before_look_covered() -> None:
    # Kept from June 2024; one record of 2022 typed in. The year before the recent months has no
    # record at all: it cannot be the baseline; the six months before are.
    rng = np.random.default_rng(3)
    log = pd.concat(
        [
            constant_log(date(2024, 6, 1), date(2025, 5, 31), 0.5, rng),
            pd.DataFrame({"village": ["Thôn 0"], "category": ["theft"], "date": ["2022-03-10"]}),
        ]
    )
    coverage = log_coverage(pd.to_datetime(log["date"]))
    assert coverage[0] == Period(date(2022, 3, 10), date(2022, 3, 10)) and len(coverage) == 2
    (recent, earlier), table = window_and_table(log, date(2025, 5, 31))
    assert earlier == Period(date(2024, 6, 2), date(2024, 11, 30))  # the 182 days before
    assert row(table, "Thôn 0", TOTAL)["verdict"] == "no_clear_change"
    # With the stray record taken for the log's start, the empty year before made it "increasing".
    nominal_recent, nominal_year_before = trend_periods(recent.end)
    naive = trend_table(log, villages(1000), nominal_recent, nominal_year_before)
    assert row(naive, "Thôn 0", TOTAL)["verdict"] == "increasing"


def test_a_year_before_partly_covered_is_compared_on_the_same_days_only() -> None:
    # Kept from 01/03/2024: of the year before the recent months only its last 93 days are covered,
    # so both periods shrink to those days, 52 weeks apart (the same season), and say how many.
    log = constant_log(date(2024, 3, 1), date(2025, 5, 31), 1.0, np.random.default_rng(4))
    (recent, earlier), table = window_and_table(log, date(2025, 5, 31))
    assert earlier.start == date(2024, 3, 1) and recent.start == date(2025, 2, 28)
    assert recent.days == earlier.days == 93 and earlier.end == recent.end - timedelta(days=364)
    total = row(table, "Thôn 0", TOTAL)
    assert total["recent"] == len(log[log["date"] >= "2025-02-28"])
    assert total["earlier"] == len(log[log["date"] <= earlier.end.isoformat()])


def test_a_stretch_without_records_is_left_out_of_both_periods() -> None:
    rng = np.random.default_rng(5)
    kept = constant_log(date(2024, 1, 1), date(2025, 11, 30), 1.0, rng)
    hole = (kept["date"] >= "2025-08-01") & (kept["date"] <= "2025-09-09")  # 40 days not kept
    (recent, earlier), table = window_and_table(kept[~hole], date(2025, 11, 30))
    assert recent.days == earlier.days == RECENT_DAYS - 40
    assert recent.gaps and recent.gaps[0][0] <= date(2025, 8, 1) and recent.gaps[0][1] >= date(2025, 9, 9)
    shifted = tuple((a - timedelta(days=364), b - timedelta(days=364)) for a, b in recent.gaps)
    assert earlier.gaps == shifted  # the same days of the year before are left out too
    assert row(table, "Thôn 0", TOTAL)["verdict"] == "no_clear_change"


def test_too_short_a_log_tells_no_trend() -> None:
    log = constant_log(date(2025, 9, 1), date(2025, 11, 30), 1.0, np.random.default_rng(6))
    assert window_and_table(log, date(2025, 11, 30)) == (None, None)  # 91 days: no baseline
    assert trend_window([], date(2025, 11, 30)) is None
    assert trend_window(log_coverage(pd.to_datetime(log["date"])), date(2025, 1, 1)) is None


def test_a_log_kept_throughout_is_seldom_split() -> None:
    splits = 0
    for seed in range(200):
        rng = np.random.default_rng(seed)
        log = constant_log(date(2024, 1, 1), date(2025, 12, 31), float(rng.uniform(0.1, 3.0)), rng)
        splits += len(log_coverage(pd.to_datetime(log["date"]))) - 1
    assert splits <= 6  # QUIET_ALPHA = 1 %: about 2 expected in 200 logs


@given(
    spans=st.lists(st.tuples(st.integers(0, 900), st.integers(1, 400)), min_size=1, max_size=4),
    end=st.integers(0, 1500),
)
def test_trend_windows_only_count_covered_days_never_after_the_last_record(
    spans: list[tuple[int, int]], end: int
) -> None:
    origin = date(2023, 1, 1)
    coverage = log_coverage(
        pd.Series(pd.to_datetime([origin + timedelta(days=a + d) for a, n in spans for d in range(0, n, 3)]))
    )
    found = trend_window(coverage, origin + timedelta(days=end))
    if found is None:
        return
    recent, earlier = found
    assert recent.end <= min(origin + timedelta(days=end), coverage[-1].end)
    assert recent.days >= MIN_PERIOD_DAYS and earlier.days >= MIN_PERIOD_DAYS
    assert earlier.end < recent.start
    covered = set().union(*(set(pd.date_range(c.start, c.end).date) for c in coverage))
    for period in found:
        days = pd.Series(pd.date_range(period.start, period.end))
        counted = set(days[period.holds(days)].dt.date)
        assert counted <= covered and len(counted) == period.days


def test_covered_days_count_only_the_log_s_spans() -> None:
    coverage = [Period(date(2025, 1, 1), date(2025, 1, 10)), Period(date(2025, 3, 1), date(2025, 3, 31))]
    assert covered_days(coverage, date(2025, 1, 5), date(2025, 3, 5)) == 6 + 5
    assert covered_days(coverage, date(2025, 4, 1), date(2025, 6, 1)) == 0
    assert covered_days(coverage, date(2025, 3, 5), date(2025, 3, 4)) == 0


def test_category_trends_keeps_tested_single_categories_by_p() -> None:
    trends = pd.DataFrame(
        {
            "name": ["A", "A", "B", "B", "C"],
            "category": ["all", "theft", "theft", "drugs", "fight"],
            "p": [0.001, 0.2, 0.01, 0.5, 0.001],
            "verdict": ["increasing", "no_clear_change", "no_clear_change", "too_few", "decreasing"],
        }
    )
    rows = category_trends(trends)
    assert list(zip(rows["name"], rows["category"], strict=True)) == [
        ("C", "fight"),
        ("B", "theft"),
        ("A", "theft"),
    ]
