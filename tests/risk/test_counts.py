"""The village table: counts, rates raw and shrunk, Gi* class and trend, by hand."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from patrol_map.importing import create_workspace, import_file
from patrol_map.risk.counts import village_table
from patrol_map.risk.getis import village_hotspots
from tests.risk.cases import VILLAGES


def village_gi() -> gpd.GeoDataFrame:
    return VILLAGES.assign(
        count=[4, 8],
        area_km2=[1.0, 2.0],
        hotspot=["none", "hot_95"],
        z=[-0.5, 2.4],
        q=[0.8, 0.03],
    )


def test_village_table_rates_trends_and_order() -> None:
    trends = pd.DataFrame(
        {
            "village_id": ["V1", "V1", "V2", "V2"],
            "category": ["all", "theft", "all", "theft"],
            "recent": [1, 1, 31, 20],
            "earlier": [1, 1, 2, 1],
            "p": [1.0, 1.0, 1e-7, 1e-5],
            "q": [np.nan, np.nan, 5e-6, 1e-4],
            "verdict": ["too_few", "too_few", "increasing", "increasing"],
        }
    )
    table = village_table(village_gi(), trends, period_days=730)
    assert list(table["name"]) == ["Thôn Đông", "Thôn Tây"]  # by count, highest first
    # 8 incidents on 2 km² over 730 days (1.9986 years); 4 on 1 km²: the same rate, nothing to shrink.
    years = 730 / 365.25
    np.testing.assert_allclose(table["rate"], [4 / years, 4 / years])
    np.testing.assert_allclose(table["rate_eb"], table["rate"])
    assert list(table["verdict"]) == ["increasing", "too_few"]
    assert (table.loc[0, "recent"], table.loc[0, "earlier"]) == (31, 2)
    assert list(table["hotspot"]) == ["hot_95", "none"]


def test_village_table_shrinks_a_small_villages_extreme_rate() -> None:
    spots = village_gi().assign(count=[0, 40])  # 0 on 1 km², 40 on 2 km²
    table = village_table(spots, None, period_days=365)
    east, west = table.set_index("name").loc["Thôn Đông"], table.set_index("name").loc["Thôn Tây"]
    assert west["rate"] < west["rate_eb"] < east["rate_eb"] < east["rate"]
    assert table["verdict"].eq("").all() and table["p"].isna().all()


@given(st.lists(st.integers(min_value=0, max_value=30), min_size=2, max_size=6))
def test_shrunk_rates_stay_between_the_raw_rate_and_the_commune_rate(counts: list[int]) -> None:
    spots = gpd.GeoDataFrame(
        {
            "village_id": [f"V{i}" for i in range(len(counts))],
            "name": [f"T{i}" for i in range(len(counts))],
            "count": counts,
            "area_km2": [1.0 + i for i in range(len(counts))],
            "hotspot": "none",
            "z": 0.0,
            "q": 1.0,
        }
    )
    table = village_table(spots, None, period_days=365)
    mean = sum(counts) / spots["area_km2"].sum() / (365 / 365.25)
    low = np.minimum(table["rate"], mean) - 1e-9
    high = np.maximum(table["rate"], mean) + 1e-9
    assert ((table["rate_eb"] >= low) & (table["rate_eb"] <= high)).all()


def test_the_tiny_workspace_gives_a_table_row_per_village(tiny: dict[str, Path], tmp_path: Path) -> None:
    ws, _ = create_workspace(tmp_path / "w.gpkg", tiny["boundary"])
    for kind in ("villages", "incidents"):
        import_file(ws, kind, tiny[kind])
    spots = village_hotspots(ws.read("incidents"), ws.read("villages"), seed=1, permutations=99)
    table = village_table(spots, None, period_days=365)
    # A2 names no village: its point places it in Thôn Đông, with A1 and A4; A3 is in Thôn Tây.
    assert table[["name", "count"]].to_dict("list") == {"name": ["Thôn Đông", "Thôn Tây"], "count": [3, 1]}
