"""The forecasts on a commune's few hundred incidents: the sample commune's synthetic log."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from patrol_map.geo.crs import metric_crs_for
from patrol_map.risk.backtest import run_backtest, study_area

GEODATA = Path(__file__).resolve().parents[2] / "geodata"


@pytest.fixture(scope="module")
def scores() -> dict[str, dict[str, dict[str, float | None]]]:
    table = pd.read_csv(GEODATA / "nam_trach_incidents.csv").dropna(subset=["lon", "lat"])
    boundary = gpd.read_file(GEODATA / "nam_trach_boundary.geojson")
    crs = metric_crs_for(boundary)
    points = gpd.GeoSeries.from_xy(table["lon"], table["lat"], crs="EPSG:4326").to_crs(crs)
    frame = pd.DataFrame({"date": pd.to_datetime(table["date"]), "x": points.x, "y": points.y})
    cells = study_area(frame, 150.0, boundary=boundary.to_crs(crs))
    # Eight weekly tests, each trained on the 90 days before it, over the commune's 150 m cells.
    _, results = run_backtest(
        frame, cells, 150.0, 90, 7, 8, ("naive", "kde", "prospective", "learned", "best")
    )
    return {method: result.mean for method, result in results.items()}


def test_every_method_does_better_than_chance_on_the_commune(scores) -> None:
    # Chance puts 5 % of the incidents in 5 % of the area: PAI 1.
    for method, result in scores.items():
        assert result["pai"]["5"] > 1.5, method


def test_smooth_methods_beat_raw_counts_on_few_incidents(scores) -> None:
    # A few hundred incidents a year leave most cells empty: counts alone rank them poorly.
    assert scores["kde"]["pai"]["5"] > scores["naive"]["pai"]["5"]
    assert scores["best"]["pai"]["5"] > scores["naive"]["pai"]["5"]
    assert 0 <= scores["best"]["pei"]["5"] <= 1
