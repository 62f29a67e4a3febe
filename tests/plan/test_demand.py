"""Risk by place and shift: distance, time of day, recency and priority, on hand-checkable cases."""

from __future__ import annotations

from datetime import datetime, timedelta

import geopandas as gpd
import numpy as np
import pytest

from patrol_map.model import Shift
from patrol_map.plan import demand
from tests.conftest import UTM, point

EVENING = Shift("evening", datetime(2026, 11, 23, 19), datetime(2026, 11, 23, 23))
NIGHT = Shift("night", datetime(2026, 11, 23, 23), datetime(2026, 11, 24, 3))


def stops(*xy: tuple[float, float]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"priority": [1] * len(xy)}, geometry=[point(*p) for p in xy], crs=UTM)


def incidents(*rows: tuple[float, float, str, str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"date": [r[2] for r in rows], "time": [r[3] for r in rows]},
        geometry=[point(r[0], r[1]) for r in rows],
        crs=UTM,
    )


def test_priority_only_without_incidents() -> None:
    risk = demand.shift_risk(stops((0, 0)), incidents(), EVENING)
    assert risk == pytest.approx([demand.PRIORITY_RISK])


def test_an_incident_counts_fully_at_its_place_and_hour_on_the_day_before() -> None:
    risk = demand.shift_risk(stops((0, 0), (300, 0)), incidents((0, 0, "2026-11-23", "20:00")), EVENING)
    assert risk[0] == pytest.approx(demand.PRIORITY_RISK + 1.0, rel=1e-3)
    assert risk[1] - demand.PRIORITY_RISK == pytest.approx(np.exp(-0.5), rel=1e-3)  # one reach away


def test_time_of_day_weights_and_midnight_wrap() -> None:
    data = incidents((0, 0, "2026-11-23", "01:30"))
    evening = demand.shift_risk(stops((0, 0)), data, EVENING)[0] - demand.PRIORITY_RISK
    night = demand.shift_risk(stops((0, 0)), data, NIGHT)[0] - demand.PRIORITY_RISK
    assert night == pytest.approx(1.0, rel=1e-2)  # 01:30 lies inside 23:00–03:00
    assert evening == pytest.approx(demand.OTHER_TIME_WEIGHT, rel=1e-2)
    unknown = demand.shift_risk(stops((0, 0)), incidents((0, 0, "2026-11-23", "")), EVENING)[0]
    assert unknown - demand.PRIORITY_RISK == pytest.approx(demand.UNKNOWN_TIME_WEIGHT, rel=1e-2)


def test_older_incidents_weigh_less_by_half_life() -> None:
    day = (EVENING.start.date() - timedelta(days=demand.HALF_LIFE_DAYS)).isoformat()
    risk = demand.shift_risk(stops((0, 0)), incidents((0, 0, day, "20:00")), EVENING)[0]
    assert risk - demand.PRIORITY_RISK == pytest.approx(0.5, rel=1e-3)


def test_recent_incidents_window() -> None:
    data = incidents(
        (0, 0, "2025-11-22", ""), (0, 0, "2025-11-23", ""), (0, 0, "2026-11-22", ""), (0, 0, "2026-11-23", "")
    )
    kept = demand.recent_incidents(data, before=EVENING.start.date())
    assert list(kept["date"]) == ["2025-11-23", "2026-11-22"]


MORNING = Shift("morning", datetime(2026, 11, 23, 6), datetime(2026, 11, 23, 10))  # a Monday


def timed_stops(*cells: tuple[str, str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"hours": [c[0] for c in cells], "days": [c[1] for c in cells]},
        geometry=[point(0, 0)] * len(cells),
        crs=UTM,
    )


def test_visit_windows_per_shift_and_day() -> None:
    table = timed_stops(
        ("06:30-07:15;16:30-17:15", "mon,tue,wed,thu,fri,sat"),  # school gate, school days
        ("", "all"),  # any time
        ("06:30-07:15", "sun"),  # not on Monday
        ("16:30-17:15", "all"),  # not in the morning shift
        ("22:00-02:00", "all"),  # past midnight
        ("", "mon"),  # Monday only, all day
    )
    morning = demand.visit_windows(table, MORNING, stop_s=600)
    assert morning["available"].tolist() == [True, True, False, False, False, True]
    assert morning.loc[0, "windows"] == ((1800.0, 1800.0 + 2700 - 600),)
    assert morning.loc[1, "windows"] == ()  # any time
    assert morning.loc[5, "windows"] == ((0.0, 4 * 3600.0),)
    night = demand.visit_windows(table, NIGHT, stop_s=600)  # Monday 23:00 to Tuesday 03:00
    assert night["available"].tolist() == [False, True, False, False, True, True]
    assert night.loc[4, "windows"] == ((0.0, 3 * 3600.0 - 600),)
    assert night.loc[5, "windows"] == ((0.0, 3600.0 - 600),)  # until Monday ends


def test_two_windows_in_one_shift_are_both_kept() -> None:
    evening = timed_stops(
        ("19:00-19:40;21:30-22:15", "all"),  # both inside 19:00-23:00
        ("06:30-07:15;09:00-09:45", "mon"),  # a school's two morning windows, not in the evening
        ("20:00-21:00;20:30-22:00", "all"),  # overlapping windows are one
        ("19:00-19:05;21:30-22:15", "all"),  # the first too short for a stop
    )
    windows = demand.visit_windows(evening, EVENING, stop_s=600)
    assert windows["available"].tolist() == [True, False, True, True]
    assert windows.loc[0, "windows"] == ((0.0, 40 * 60.0 - 600), (150 * 60.0, 195 * 60.0 - 600))
    assert windows.loc[1, "windows"] == ()
    assert windows.loc[2, "windows"] == ((3600.0, 3 * 3600.0 - 600),)
    assert windows.loc[3, "windows"] == ((150 * 60.0, 195 * 60.0 - 600),)
    morning = demand.visit_windows(evening, MORNING, stop_s=600)
    assert morning.loc[1, "windows"] == ((1800.0, 1800.0 + 2700 - 600), (3 * 3600.0, 3 * 3600.0 + 2700 - 600))


def test_days_in_a_row_make_one_window_over_midnight() -> None:
    # A place that counts all Monday and all Tuesday counts through Monday's night shift.
    (windows,) = demand.visit_windows(timed_stops(("", "mon,tue")), NIGHT, stop_s=600)["windows"]
    assert windows == ((0.0, 4 * 3600.0),)


def test_window_shorter_than_the_stop_is_not_available() -> None:
    table = timed_stops(("06:30-06:35", "all"))
    assert not demand.visit_windows(table, MORNING, stop_s=600)["available"][0]


def test_incident_known_by_village_is_shared_among_its_stops() -> None:
    table = stops((0, 0), (5000, 0), (9000, 0)).assign(village=["A", "A", "B"])
    record = incidents((20_000, 0, "2026-11-23", "20:00")).assign(location="village", village="A")
    risk = demand.shift_risk(table, record, EVENING) - demand.PRIORITY_RISK
    assert risk == pytest.approx([0.5, 0.5, 0.0], abs=1e-3)
    pointed = record.assign(location="point")
    assert demand.shift_risk(table, pointed, EVENING) - demand.PRIORITY_RISK == pytest.approx([0, 0, 0])
