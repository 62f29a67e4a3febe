"""Map layers rendered to HTML: local assets only, every layer present."""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd

from patrol_map.maps import layers
from patrol_map.maps.offline import LARGE_PRINT_CSS, large_print
from tests.conftest import UTM, line, point, square
from tests.maps.folium_html import circle_markers, geojson_layers, heat_points, polylines


def rendered() -> str:
    commune = gpd.GeoDataFrame(geometry=[square(0, 0, 2000, 2000)], crs=UTM)
    fmap = layers.base_map(commune)
    layers.add_commune(fmap, commune, "Ranh giới xã")
    layers.add_villages(
        fmap, gpd.GeoDataFrame({"name": ["Thôn A"]}, geometry=[square(0, 0, 1000, 1000)], crs=UTM), "Thôn"
    )
    layers.add_roads(
        fmap, gpd.GeoDataFrame({"highway": ["primary"]}, geometry=[line((0, 0), (500, 0))], crs=UTM), "Đường"
    )
    grid = gpd.GeoDataFrame({"density": [1.0, 3.0]}, geometry=[point(10, 10), point(20, 20)], crs=UTM)
    layers.add_heat(fmap, grid, "Mật độ")
    patrols = gpd.GeoDataFrame(
        {
            "team_id": ["2026-11-23-evening-T1"],
            "names": [["An", "Bình"]],
            "stop_names": [["Chợ"]],
            "shift_start": ["2026-11-23T19:00"],
            "shift_end": ["2026-11-23T23:00"],
        },
        geometry=[line((0, 0), (500, 0), (0, 0))],
        crs=UTM,
    )
    layers.add_patrols(fmap, patrols, "Tuần tra")
    places = gpd.GeoDataFrame(
        {"kind": ["police_post"], "name": ["Công an xã"]}, geometry=[point(0, 0)], crs=UTM
    )
    layers.add_bases(fmap, places, "Trụ sở")
    layers.add_legend(fmap, [(layers.BASE_COLOUR, "Trụ sở"), *layers.team_entries(patrols, "Tổ")])
    layers.add_layer_control(fmap)
    return fmap.get_root().render()


def test_leaflet_is_written_into_the_page_and_nothing_is_fetched_from_outside() -> None:
    html = rendered()
    assert re.findall(r"<script[^>]*\ssrc=|<link[^>]*\shref=", html) == []  # no script or style fetched
    assert re.findall(r"url\((?!/app/static/vendor/leaflet/images/|#default#VML)", html) == []  # local images
    assert (
        html.index("Leaflet 1.9.4")
        < html.index("simpleheat")
        < html.index("L.map(")
        < html.index("L.heatLayer(")
    )
    assert "L.tileLayer(" not in html  # no tile layer at all
    assert 'attributionControl.setPrefix("Leaflet")' in html


def test_every_layer_is_drawn() -> None:
    html = rendered()
    commune, villages, roads = geojson_layers(html)
    assert [f["geometry"]["type"] for f in commune["features"]] == ["Polygon"]
    assert [f["geometry"]["type"] for f in villages["features"]] == ["Polygon"]
    assert "village-label" in html and json.dumps("Thôn A")[1:-1] in html  # its name stays on the map
    assert [(f["geometry"]["type"], f["properties"]["highway"]) for f in roads["features"]] == [
        ("LineString", "primary")
    ]
    ((route, options),) = polylines(html)
    assert len(route) == 3 and route[0] == route[-1]  # the circuit comes back to its start
    assert options["className"] == "patrol-route"
    assert len(circle_markers(html)) == 1  # the one base
    assert sorted(round(w, 3) for *_, w in heat_points(html)) == [0.333, 1.0]  # densities 1 and 3, scaled
    assert "map-legend" in html
    for text in ("Công an xã", "An, Bình", "Tổ 1"):
        assert text in html or json.dumps(text)[1:-1] in html  # raw, or escaped inside JSON


def test_names_reach_a_tooltip_as_text_not_html() -> None:
    # folium's GeoJsonTooltip sets innerHTML: a name must arrive escaped, or its script runs on hover.
    hostile = '<img src=x onerror="window.pwned=1">'
    fmap = layers.base_map(gpd.GeoDataFrame(geometry=[square(0, 0, 2000, 2000)], crs=UTM))
    villages = gpd.GeoDataFrame({"name": [hostile]}, geometry=[square(0, 0, 1000, 1000)], crs=UTM)
    layers.add_villages(fmap, villages, "Thôn")
    layers.add_village_hotspots(fmap, villages.assign(hotspot="none", count=0), "Điểm nóng")
    layers.add_villages(fmap, villages, "Thôn (nhãn)")
    places = gpd.GeoDataFrame({"name": [hostile], "kind": ["market"]}, geometry=[point(5, 5)], crs=UTM)
    layers.add_features(fmap, places, "Địa điểm")
    names = [
        f["properties"]["name"]
        for layer in geojson_layers(fmap.get_root().render())
        for f in layer["features"]
        if "name" in f["properties"]
    ]
    assert names == ["&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;"] * 2
    page = fmap.get_root().render()
    # The village label too: escaped (JSON-encoded in the page), never a raw tag.
    assert "\\u0026lt;img src=x" in page
    assert "<img src=x" not in page and "\\u003cimg src=x" not in page


def test_large_print_enlarges_labels_and_legend_and_fits_by_quarter_zooms() -> None:
    fmap = layers.base_map(gpd.GeoDataFrame(geometry=[square(0, 0, 2000, 2000)], crs=UTM))
    plain = fmap.get_root().render()
    html = large_print(fmap).get_root().render()
    assert LARGE_PRINT_CSS not in plain and LARGE_PRINT_CSS in html
    assert '"zoomSnap": 0.25' in html and '"zoomSnap"' not in plain


def test_a_circuit_names_its_team_by_number_not_by_its_id() -> None:
    html = rendered()
    assert "Tổ 1 ·" in html and "2026-11-23-evening-T1" not in html


def test_the_vendored_files_cannot_end_their_inline_element_early() -> None:
    vendor = Path(__file__).parents[2] / "patrol_map" / "static" / "vendor"
    for name, tag in (
        ("leaflet/leaflet.js", "script"),
        ("leaflet.heat/leaflet-heat.js", "script"),
        ("leaflet/leaflet.css", "style"),
    ):
        assert f"</{tag}" not in (vendor / name).read_text(encoding="utf-8").lower()
