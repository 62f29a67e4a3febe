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
