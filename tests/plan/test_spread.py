"""Randomised stops and the predictability score, on cases with known answers."""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely import LineString

from patrol_map.plan import spread
from tests.conftest import UTM


def test_no_unpredictability_keeps_the_risk() -> None:
    risk = np.array([0.0, 1.0, 2.5])
    assert spread.perturb(risk, 0.0, np.random.default_rng(1)) == pytest.approx(risk)


def test_full_unpredictability_picks_places_in_proportion_to_risk() -> None:
    # The Gumbel-max trick: the largest of log(risk) + Gumbel is place i with probability risk_i / sum.
    risk, rng = np.array([1.0, 2.0, 3.0, 0.0]), np.random.default_rng(7)
    picks = np.bincount([np.argmax(spread.perturb(risk, 1.0, rng)) for _ in range(20_000)], minlength=4)
    assert picks / picks.sum() == pytest.approx([1 / 6, 2 / 6, 3 / 6, 0.0], abs=0.015)


def test_repeats_are_discounted() -> None:
    rng_a, rng_b = np.random.default_rng(3), np.random.default_rng(3)
    plain = spread.perturb(np.ones(3), 1.0, rng_a)
    repeated = spread.perturb(np.ones(3), 1.0, rng_b, repeats=np.array([0, 1, 2]))
    assert repeated / plain == pytest.approx([1.0, spread.REPEAT_DISCOUNT, spread.REPEAT_DISCOUNT**2])


@given(st.lists(st.floats(0, 100), max_size=20), st.floats(0, 1), st.integers(0, 1000))
def test_perturbed_risk_is_never_negative_and_zero_stays_zero(risk: list[float], u: float, seed: int) -> None:
    out = spread.perturb(np.array(risk), u, np.random.default_rng(seed))
    assert np.all(out >= 0) and np.all(out[np.array(risk) == 0] == 0)


def test_knob_outside_0_1_is_refused() -> None:
    with pytest.raises(ValueError, match="unpredictability"):
        spread.perturb(np.ones(2), 1.5, np.random.default_rng(0))


def patrols(
    week: str, monday: str, *visits: tuple[int, str, list[str], list[tuple[float, float]]]
) -> gpd.GeoDataFrame:
    """Patrols of one week: (day offset, shift name, stops, circuit coordinates)."""
    start = date.fromisoformat(monday)
    starts = [f"{start.replace(day=start.day + d).isoformat()}T19:00+07:00" for d, *_ in visits]
    return gpd.GeoDataFrame(
        {
            "week": week,
            "shift_start": starts,
            "shift_name": [v[1] for v in visits],
            "stops": [v[2] for v in visits],
            "stop_times": [[s] * len(v[2]) for s, v in zip(starts, visits, strict=True)],  # all at the start
            "depart_time": starts,
            "duration_s": 0.0,  # every road passed at the departure
            "members": [[] for _ in visits],
        },
        geometry=[LineString(v[3]) for v in visits],
        crs=UTM,
    )


ROAD_A = [(0, 0), (100, 0), (0, 0)]
ROAD_B = [(0, 0), (0, 300), (0, 0)]


def test_same_week_again_is_fully_predictable_and_a_new_one_not() -> None:
    before = patrols("2026-W47", "2026-11-16", (0, "evening", ["P1", "P2"], ROAD_A))
    again = patrols("2026-W48", "2026-11-23", (0, "evening", ["P1", "P2"], ROAD_A))
    other = patrols("2026-W48", "2026-11-23", (0, "evening", ["P3"], ROAD_B))
    assert spread.predictability(again, before).score == pytest.approx(1.0)
    assert spread.predictability(again, before).is_predictable
    assert spread.predictability(other, before).score == 0.0


def test_other_weekday_or_shift_does_not_count_as_a_repeat() -> None:
    before = patrols("2026-W47", "2026-11-16", (0, "evening", ["P1"], ROAD_A))
    shifted = patrols("2026-W48", "2026-11-23", (1, "evening", ["P1"], ROAD_A), (0, "night", ["P1"], ROAD_A))
    assert spread.predictability(shifted, before).score == 0.0


def test_partial_repeat_shares() -> None:
    before = patrols("2026-W47", "2026-11-16", (0, "evening", ["P1", "P2"], ROAD_A))
    now = patrols("2026-W48", "2026-11-23", (0, "evening", ["P1", "P3"], ROAD_A + ROAD_B[1:]))
    result = spread.predictability(now, before)
    assert result.repeated_stops == pytest.approx(0.5)
    assert result.repeated_roads == pytest.approx(200 / 800)  # road A (2 x 100 m) of 800 m
    assert result.weeks == 1


def test_no_history_scores_zero() -> None:
    now = patrols("2026-W48", "2026-11-23", (0, "evening", ["P1"], ROAD_A))
    assert spread.predictability(now, spread.earlier_weeks(None, date(2026, 11, 23))).score == 0.0


def test_earlier_weeks_takes_the_four_weeks_before() -> None:
    plans = pd.concat(
        [
            patrols(f"W{i}", monday, (0, "evening", ["P1"], ROAD_A))
            for i, monday in enumerate(
                ["2026-10-19", "2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]
            )
        ]
    )
    kept = spread.earlier_weeks(plans, date(2026, 11, 23))
    assert sorted(kept["week"]) == ["W1", "W2", "W3", "W4"]


def timed(frame: gpd.GeoDataFrame, *clocks: list[str]) -> gpd.GeoDataFrame:
    """Give each patrol's stops their start times (``HH:MM`` on the shift's day)."""
    times = [
        [f"{start[:10]}T{c}+07:00" for c in clock]
        for start, clock in zip(frame["shift_start"], clocks, strict=True)
    ]
    return frame.assign(stop_times=times)


def test_a_stop_at_another_hour_is_not_a_repeat_and_one_close_in_time_is() -> None:
    before = timed(
        patrols("2026-W47", "2026-11-16", (0, "evening", ["P1", "P2"], ROAD_A)), ["19:30", "20:00"]
    )
    now = patrols("2026-W48", "2026-11-23", (0, "evening", ["P1", "P2"], ROAD_B))
    # P1 begins 25 minutes later than last week (a repeat), P2 two hours later (not one).
    assert spread.predictability(timed(now, ["19:55", "22:00"]), before).repeated_stops == pytest.approx(0.5)
    assert spread.predictability(timed(now, ["21:00", "22:00"]), before).repeated_stops == 0.0


def test_no_unpredictability_offers_every_place() -> None:
    assert spread.offered(np.array([0.0, 0.1, 5.0]), 0.0, np.random.default_rng(0)).all()


def test_full_unpredictability_offers_places_as_often_as_their_risk() -> None:
    # Ten places of risk 1..10: the 90th percentile is 9.1; place i is offered with probability i / 9.1.
    risk, rng = np.arange(1.0, 11.0), np.random.default_rng(5)
    share = np.mean([spread.offered(risk, 1.0, rng) for _ in range(4000)], axis=0)
    expected = np.minimum(1.0, risk / np.quantile(risk, 0.9))
    assert share == pytest.approx(expected, abs=0.03)
    half = np.mean([spread.offered(risk, 0.5, rng) for _ in range(4000)], axis=0)
    assert half == pytest.approx(0.5 + 0.5 * expected, abs=0.03)


@given(st.lists(st.floats(0, 100), max_size=20), st.floats(0, 1), st.integers(0, 1000))
def test_the_riskiest_places_are_always_offered(risk: list[float], u: float, seed: int) -> None:
    risk_array = np.array(risk)
    mask = spread.offered(risk_array, u, np.random.default_rng(seed))
    positive = risk_array[risk_array > 0]
    if positive.size:
        assert mask[risk_array >= np.quantile(positive, spread.ALWAYS_OFFERED_QUANTILE)].all()


def test_at_least_as_many_places_as_teams_are_offered() -> None:
    risk = np.array([0.0, 1.0, 1.0, 1.0, 100.0])  # at u = 1 the three places of risk 1 are rarely offered
    for seed in range(50):
        mask = spread.offered(risk, 1.0, np.random.default_rng(seed), at_least=3)
        assert mask[4] and np.count_nonzero(mask[1:]) >= 3
    assert (
        np.count_nonzero(spread.offered(np.array([0.0, 2.0]), 1.0, np.random.default_rng(0), at_least=3)) >= 1
    )


def test_a_road_passed_hours_later_is_not_a_repeat() -> None:
    before = patrols("2026-W47", "2026-11-16", (0, "evening", ["P1"], ROAD_B))
    now = patrols("2026-W48", "2026-11-23", (0, "evening", ["P1"], ROAD_B))

    def leaving(frame: gpd.GeoDataFrame, clock: str) -> gpd.GeoDataFrame:
        return frame.assign(
            depart_time=f"{frame['shift_start'].iloc[0][:10]}T{clock}+07:00", duration_s=1200.0
        )

    # Out and back over 300 m in 20 minutes: last week from 19:00, this week from 19:20 or 21:00.
    assert spread.predictability(leaving(now, "19:20"), leaving(before, "19:00")).repeated_roads == 1.0
    assert spread.predictability(leaving(now, "21:00"), leaving(before, "19:00")).repeated_roads == 0.0
    # Without departure times (plans stored before they were kept) a pass repeats whatever the hour.
    assert spread.predictability(now, leaving(before, "19:00")).repeated_roads == 1.0
