"""The hotspot map's layers rendered to HTML: Gi* cells and villages, the forecast, the legend."""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import pytest

from patrol_map.importing import create_workspace, import_file
from patrol_map.maps import layers
from patrol_map.maps.views import hotspot_map
from patrol_map.risk.kde import kde_grid
from tests.conftest import UTM, square
from tests.maps.folium_html import geojson_layers


def cells() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "hotspot": ["hot_99", "none", "cold_95"],
            "count": [9, 1, 0],
            "z": [4.123456, 0.2, -2.5],
            "q": [0.004, 0.9, 0.04],
        },
        geometry=[square(0, 0, 300, 300), square(300, 0, 300, 300), square(600, 0, 300, 300)],
        crs=UTM,
    )


def features(html: str) -> list[dict]:
    """The GeoJSON features passed to Leaflet in a rendered map, every layer's."""
    return [feature for layer in geojson_layers(html) for feature in layer["features"]]


def shows(html: str, text: str) -> bool:
    """Whether ``text`` is in the map, as written or as JSON escapes it (layer names, the legend)."""
    return text in html or json.dumps(text)[1:-1] in html


def render(fmap) -> str:
    return fmap.get_root().render()


def test_only_significant_cells_are_drawn_in_their_class_colour() -> None:
    fmap = layers.base_map(gpd.GeoDataFrame(geometry=[square(0, 0, 900, 300)], crs=UTM))
    layers.add_hotspot_cells(fmap, cells(), "Điểm nóng Gi*", "vi")
    html = render(fmap)
    drawn = features(html)
    assert [f["properties"]["hotspot"] for f in drawn] == ["hot_99", "cold_95"]
    assert drawn[0]["properties"]["name"] == "Điểm nóng (tin cậy 99%)"
    assert drawn[0]["properties"]["z"] == 4.12
    assert layers.HOTSPOT_COLOURS["hot_99"] == "#b2182b" and "#b2182b" in html
    assert layers.HOTSPOT_COLOURS["cold_95"] in html
    assert layers.HOTSPOT_COLOURS["none"] not in html
    assert "gi-cell gi-" in html
    assert shows(html, "Số vụ") and "q (FDR)" in html


def test_no_significant_cell_still_gives_a_layer_to_switch() -> None:
    fmap = layers.base_map(gpd.GeoDataFrame(geometry=[square(0, 0, 900, 300)], crs=UTM))
    layers.add_hotspot_cells(fmap, cells().iloc[[1]], "Điểm nóng Gi*", "en")
    layers.add_layer_control(fmap)
    html = render(fmap)
    assert features(html) == [] and shows(html, "Điểm nóng Gi*")


def test_legend_names_each_confidence_in_both_languages() -> None:
    assert layers.hotspot_entries("vi") == [
        ("#b2182b", "Điểm nóng (tin cậy 99%)"),
        ("#ef8a62", "Điểm nóng (tin cậy 95%)"),
        ("#fddbc7", "Điểm nóng (tin cậy 90%)"),
        ("#d1e5f0", "Điểm lạnh (tin cậy 90%)"),
        ("#67a9cf", "Điểm lạnh (tin cậy 95%)"),
        ("#2166ac", "Điểm lạnh (tin cậy 99%)"),
    ]
    assert layers.hotspot_entries("en")[0] == ("#b2182b", "Hot spot, 99% confidence")


def test_villages_are_filled_by_class_and_spots_outlined() -> None:
    villages = gpd.GeoDataFrame(
        {"name": ["Xóm Bàu", "Thôn Lý Hòa"], "hotspot": ["hot_90", "none"], "count": [31, 4]},
        geometry=[square(0, 0, 500, 500), square(500, 0, 500, 500)],
        crs=UTM,
    )
    fmap = layers.base_map(villages)
    layers.add_village_hotspots(fmap, villages, "Thôn", "vi")
    html = render(fmap)
    assert [f["properties"]["spot"] for f in features(html)] == [
        "Điểm nóng (tin cậy 90%)",
        "Không có ý nghĩa thống kê",
    ]
    assert layers.HOTSPOT_COLOURS["hot_90"] in html and "gi-village" in html
    # Each village named on the map, not only on hover: a label each, its name in it.
    labels = re.findall(r'class=\\"village-label\\"\\u003e(.*?)\\u003c', html)
    assert labels == [json.dumps(name)[1:-1] for name in villages["name"]]


def test_forecast_cells_are_joined_into_outlined_areas_with_their_counts() -> None:
    top = gpd.GeoDataFrame(
        {"expected": [0.1234, 0.05, 0.2]},
        # two neighbouring cells, and one alone farther east
        geometry=[square(0, 0, 150, 150), square(150, 0, 150, 150), square(600, 0, 150, 150)],
        crs=UTM,
    )
    fmap = layers.base_map(top)
    layers.add_forecast_area(fmap, top, "Dự báo", "en")
    html = render(fmap)
    areas = sorted((f["properties"]["cells"], f["properties"]["expected"]) for f in features(html))
    assert areas == [(1, 0.2), (2, 0.17)]
    assert "forecast-area" in html and layers.FORECAST_COLOUR in html and "Expected incidents" in html


def test_spots_and_forecast_lie_in_one_pane_above_the_heat() -> None:
    fmap = layers.base_map(gpd.GeoDataFrame(geometry=[square(0, 0, 900, 300)], crs=UTM))
    layers.add_hotspot_cells(fmap, cells(), "Gi*", "vi")
    layers.add_forecast_area(fmap, cells().assign(expected=1.0).iloc[:1], "Dự báo", "vi")
    html = render(fmap)
    created = [m.start() for m in re.finditer(r'createPane\(\s*"spots"\);\s*\S+\.style\.zIndex = 450', html)]
    used = [m.start() for m in re.finditer('"pane": "spots"', html)]
    assert len(created) == 1 and len(used) == 2
    assert created[0] < used[0]  # the pane exists before a layer is drawn in it


@pytest.fixture
def tiny_workspace(tiny: dict[str, Path], tmp_path: Path):
    ws, _ = create_workspace(tmp_path / "w.gpkg", tiny["boundary"])
    for kind in ("villages", "incidents"):
        import_file(ws, kind, tiny[kind])
    return ws


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_hotspot_map_has_every_layer_offline(tiny_workspace, lang: str) -> None:
    from patrol_map.risk.getis import cell_hotspots, village_hotspots

    ws = tiny_workspace
    incidents = ws.read("incidents")
    grid = kde_grid(incidents, ws.read("commune"))
    spots = cell_hotspots(incidents, ws.read("commune"), cell_m=300, seed=1, permutations=99)
    villages = village_hotspots(incidents, ws.read("villages"), seed=1, permutations=99)
    top = grid.assign(expected=0.5).head(3)
    html = render(
        hotspot_map(ws, grid, lang, cells=spots, villages=villages, forecast=top, forecast_percent=5)
    )
    assert re.findall(r"<script[^>]*\ssrc=|<link[^>]*\shref=", html) == []  # nothing fetched
    assert "L.heatLayer" in html and "forecast-area" in html
    names = {
        "vi": [
            "Thôn theo điểm nóng Gi*",
            "Điểm nóng, điểm lạnh Gi* (ô 300 m)",
            "Dự báo tuần tới: 5 % diện tích",
        ],
        "en": [
            "Villages by Gi* class",
            "Gi* hot and cold spots (300 m cells)",
            "forecast: top 5 % of the area",
        ],
    }[lang]
    for name in names:
        assert shows(html, name), name
    legend = "Điểm lạnh (tin cậy 99%)" if lang == "vi" else "Cold spot, 99% confidence"
    assert shows(html, legend)


def test_the_hotspot_map_without_spots_keeps_its_old_layers(tiny_workspace) -> None:
    ws = tiny_workspace
    html = render(hotspot_map(ws, kde_grid(ws.read("incidents"), ws.read("commune")), "vi"))
    assert "L.heatLayer" in html and shows(html, "Thôn")
    assert "gi-cell" not in html and "forecast-area" not in html and not shows(html, "Điểm nóng")
