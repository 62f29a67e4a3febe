"""The seeded synthetic sample of Nam Trạch: reproducible, consistent, and what geodata/ holds."""

from __future__ import annotations

import itertools
import re
import unicodedata
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
import shapely

from patrol_map.errors import InputFileError
from patrol_map.geo.admin import province_communes
from patrol_map.geo.crs import metric_crs_for
from patrol_map.model import INCIDENT_CATEGORIES, PARTS_OF_DAY
from patrol_map.network.graph import build_graph
from patrol_map.sample import generate_sample
from patrol_map.sample.__main__ import main
from patrol_map.sample.boundary import BOUNDARY_FILE, read_sample_boundary
from patrol_map.sample.generate import MIN_VILLAGES, VILLAGE_COUNT, village_count_range
from patrol_map.sample.output import write_csv, write_geojson

GEODATA = Path(__file__).resolve().parents[1] / "geodata"
METRIC = "EPSG:32648"  # UTM 48N, the zone of Nam Trạch
#: Largest difference (degrees) between a committed and a regenerated coordinate: the files are
#: written on a 1e-6 grid, and another GDAL/PROJ may round the last digit the other way.
TOLERANCE_DEG = 1e-6
#: The same, plus room for the float error of subtracting two 6-decimal coordinates.
_TOLERANCE = TOLERANCE_DEG * (1 + 1e-6)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HIGHWAYS = ("trunk", "primary", "secondary", "tertiary", "unclassified", "residential", "track")
INCIDENT_COLUMNS = "incident_id,date,time,part_of_day,category,source,village,lon,lat,is_synthetic"
PEOPLE_COLUMNS = "person_id,name,force,rank,phone,availability,is_synthetic"


@pytest.fixture(scope="module")
def boundary() -> gpd.GeoDataFrame:
    frame, notices = read_sample_boundary(GEODATA / BOUNDARY_FILE)
    assert notices == []
    return frame


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory, boundary: gpd.GeoDataFrame) -> dict[str, Path]:
    return generate_sample(boundary, tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def layers(written: dict[str, Path]) -> dict[str, pd.DataFrame]:
    frames: dict[str, pd.DataFrame] = {}
    for layer, path in written.items():
        if path.suffix == ".csv":
            frames[layer] = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        else:
            frames[layer] = gpd.read_file(path)
    return frames


@pytest.fixture(scope="module")
def commune_m(boundary: gpd.GeoDataFrame) -> shapely.Geometry:
    return boundary.to_crs(METRIC).geometry.iloc[0]


def assert_same_content(committed: Path, regenerated: Path) -> None:
    """Fail unless two sample files hold the same records.

    Columns and attribute values must be identical; coordinates (GeoJSON geometries, CSV
    ``lon``/``lat``) may differ by :data:`TOLERANCE_DEG`, so that a regeneration with another
    GDAL or PROJ version still matches while a hand edit of any record does not.
    """
    if committed.suffix == ".csv":
        left, right = (
            pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8")
            for p in (committed, regenerated)
        )
        assert list(left.columns) == list(right.columns)
        coords = [column for column in ("lon", "lat") if column in left.columns]
        pd.testing.assert_frame_equal(left.drop(columns=coords), right.drop(columns=coords))
        for column in coords:
            known = left[column] != ""
            assert known.equals(right[column] != ""), column
            np.testing.assert_allclose(
                left.loc[known, column].astype(float),
                right.loc[known, column].astype(float),
                rtol=0,
                atol=_TOLERANCE,
                err_msg=column,
            )
    else:
        left, right = gpd.read_file(committed), gpd.read_file(regenerated)
        assert list(left.columns) == list(right.columns)
        assert left.crs == right.crs
        pd.testing.assert_frame_equal(left.drop(columns="geometry"), right.drop(columns="geometry"))
        # Same structure, every vertex within the tolerance in lon and in lat (so up to
        # sqrt(2) times it away), and every coordinate within the tolerance.
        geoms = left.geometry.to_numpy(), right.geometry.to_numpy()
        same = shapely.equals_exact(*geoms, tolerance=_TOLERANCE * np.sqrt(2))
        assert same.all(), f"geometries differ in rows {np.flatnonzero(~same).tolist()}"
        np.testing.assert_allclose(*map(shapely.get_coordinates, geoms), rtol=0, atol=_TOLERANCE)


def test_cli_writes_the_boundary_and_the_same_files_again(written: dict[str, Path], tmp_path: Path) -> None:
    assert main([str(tmp_path), "--boundary", str(GEODATA / BOUNDARY_FILE)]) == 0
    assert_same_content(GEODATA / BOUNDARY_FILE, tmp_path / BOUNDARY_FILE)
    for path in written.values():  # same seed twice in one run: byte-identical
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_cli_needs_a_boundary(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main([str(tmp_path)])


def test_cli_reports_a_wrong_commune_code_in_both_languages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path), "--boundary", str(GEODATA / BOUNDARY_FILE), "--code", "99999"]) == 1
    err = capsys.readouterr().err
    assert "Không có xã mã 99999" in err and "No commune with code 99999" in err
    assert not (tmp_path / BOUNDARY_FILE).exists()


def test_read_sample_boundary_raises_the_products_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputFileError):
        read_sample_boundary(GEODATA / BOUNDARY_FILE, code="99999")
    with pytest.raises(InputFileError):
        read_sample_boundary(tmp_path / "missing.geojson")


def test_another_seed_gives_other_files(
    written: dict[str, Path], boundary: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    other = generate_sample(boundary, tmp_path, seed=7)
    for layer, path in written.items():
        assert other[layer].read_bytes() != path.read_bytes(), layer


def test_geodata_holds_what_the_generator_writes(written: dict[str, Path]) -> None:
    for path in written.values():
        assert_same_content(GEODATA / path.name, path)


def test_the_geodata_comparison_accepts_last_digit_rounding(
    written: dict[str, Path], layers: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    def nudge(xy: np.ndarray) -> np.ndarray:
        return np.round(xy + np.array([TOLERANCE_DEG, -TOLERANCE_DEG]), 6)

    for layer in ("villages", "roads", "places"):
        frame = layers[layer].copy()
        frame = frame.set_geometry(shapely.transform(frame.geometry, nudge))
        assert_same_content(written[layer], write_geojson(frame, tmp_path / written[layer].name))
    incidents = layers["incidents"].copy()
    for column, step in (("lon", TOLERANCE_DEG), ("lat", -TOLERANCE_DEG)):
        known = incidents[column] != ""
        incidents.loc[known, column] = [f"{float(v) + step:.6f}" for v in incidents.loc[known, column]]
    assert_same_content(written["incidents"], write_csv(incidents, tmp_path / written["incidents"].name))


def _move_first_located_incident(frame: pd.DataFrame) -> pd.DataFrame:
    """Move one incident 2e-6° east (about 0.2 m), just beyond the tolerance."""
    first = (frame["lon"] != "").idxmax()
    frame.loc[first, "lon"] = f"{float(frame.loc[first, 'lon']) + 2e-6:.6f}"
    return frame


def test_the_geodata_comparison_catches_a_hand_edit(
    written: dict[str, Path], layers: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    edits = {
        "villages": lambda f: f.assign(name=f["name"].where(f.index != 3, "Thôn Mới")),
        "roads": lambda f: f.set_geometry(f.geometry.where(f.index != 10, f.geometry.translate(2e-6, 0))),
        "places": lambda f: f.assign(priority=f["priority"].where(f.index != 0, 1)),
        "incidents": lambda f: f.assign(time=f["time"].where(f.index != 5, "12:34")),
        "incidents_lon": _move_first_located_incident,
        "people": lambda f: f.assign(phone=f["phone"].where(f.index != 7, "0900000000")),
    }
    for name, edit in edits.items():
        layer = name.split("_")[0]
        original = written[layer]
        edited = tmp_path / original.name
        frame = edit(layers[layer].copy())
        if original.suffix == ".csv":
            write_csv(frame, edited)
        else:
            write_geojson(frame, edited)
        with pytest.raises(AssertionError):
            assert_same_content(original, edited)


def test_everything_but_the_boundary_is_flagged_synthetic(
    layers: dict[str, pd.DataFrame], boundary: gpd.GeoDataFrame
) -> None:
    assert not boundary["is_synthetic"].any()
    for layer, frame in layers.items():
        flags = frame["is_synthetic"]
        assert (flags == "true").all() if flags.dtype == object else flags.all(), layer


def test_villages_partition_the_commune(layers: dict[str, pd.DataFrame], commune_m: shapely.Geometry) -> None:
    villages = layers["villages"]
    assert 15 <= len(villages) <= 25
    assert list(villages["village_id"]) == [f"T{i:02d}" for i in range(1, len(villages) + 1)]
    names = list(villages["name"])
    assert len(set(names)) == len(names)
    assert all(unicodedata.is_normalized("NFC", name) for name in names)
    assert villages.is_valid.all()
    assert set(villages.geom_type) <= {"Polygon", "MultiPolygon"}
    polygons = villages.to_crs(METRIC).geometry
    assert polygons.area.sum() == pytest.approx(commune_m.area, rel=0.005)
    for a, b in itertools.combinations(polygons, 2):
        assert a.intersection(b).area < 1.0


def test_roads_stay_inside_and_form_one_network(
    layers: dict[str, pd.DataFrame], commune_m: shapely.Geometry
) -> None:
    roads = layers["roads"]
    assert set(roads.geom_type) == {"LineString"}
    assert set(roads["highway"]) <= set(HIGHWAYS)
    assert {"trunk", "secondary", "tertiary", "residential", "track"} <= set(roads["highway"])
    metric = roads.to_crs(METRIC)
    assert metric.within(commune_m.buffer(1.0)).all()
    assert 150_000 <= metric.length.sum() <= 400_000
    graph = build_graph(metric)  # the product's own road graph
    assert nx.is_connected(graph)
    assert len(nx.cycle_basis(graph)) > 0


def test_places_sit_on_road_vertices_in_their_village(layers: dict[str, pd.DataFrame]) -> None:
    places, roads, villages = layers["places"], layers["roads"], layers["villages"]
    vertices = {tuple(xy) for xy in np.round(shapely.get_coordinates(roads.geometry), 6)}
    assert all(tuple(xy) in vertices for xy in np.round(shapely.get_coordinates(places.geometry), 6))
    kinds = places["kind"].value_counts()
    assert kinds["police_post"] == 1 and kinds["military_command"] == 1
    assert 2 <= kinds["market"] <= 3 and 4 <= kinds["school"] <= 6
    assert 1 <= kinds.get("bridge", 0) + kinds.get("ferry", 0) <= 2
    assert kinds["village_centre"] == len(villages)
    assert places["priority"].between(1, 3).all()
    assert (places.loc[places["kind"].isin(["market", "school"]), "priority"] >= 2).all()
    by_id = villages.set_index("village_id").geometry
    for point, village_id in zip(places.geometry, places["village_id"], strict=True):
        assert by_id[village_id].covers(point)


def test_incidents_are_well_formed_and_located_in_their_village(
    layers: dict[str, pd.DataFrame], boundary: gpd.GeoDataFrame
) -> None:
    incidents, villages = layers["incidents"], layers["villages"]
    assert list(incidents.columns) == INCIDENT_COLUMNS.split(",")
    assert incidents["incident_id"].is_unique
    dates = pd.to_datetime(incidents["date"], format="%Y-%m-%d")
    assert dates.min() >= pd.Timestamp("2024-11-23") and dates.max() <= pd.Timestamp("2026-11-22")
    first_year = (dates <= pd.Timestamp("2025-11-22")).sum()
    assert 300 <= first_year <= 400 and 300 <= len(incidents) - first_year <= 400
    unknown_time = incidents["time"] == ""
    assert 0.05 <= unknown_time.mean() <= 0.15
    assert incidents.loc[~unknown_time, "time"].str.fullmatch(r"([01]\d|2[0-3]):[0-5]\d").all()
    assert set(incidents["category"]) == set(INCIDENT_CATEGORIES)
    assert set(incidents["village"]) <= set(villages["name"])
    only_village = incidents["lon"] == ""
    assert (only_village == (incidents["lat"] == "")).all()
    assert 0.2 <= only_village.mean() <= 0.4
    located = incidents[~only_village]
    assert located["lon"].str.fullmatch(r"\d+\.\d{6}").all()
    points = shapely.points(located["lon"].astype(float), located["lat"].astype(float))
    assert boundary.geometry.iloc[0].contains(points).all()
    by_name = villages.set_index("name").geometry
    for point, name in zip(points, located["village"], strict=True):
        assert by_name[name].covers(point)


def test_every_category_and_source_with_modest_rates_for_robbery_and_other(
    layers: dict[str, pd.DataFrame],
) -> None:
    incidents = layers["incidents"]
    counts = incidents["category"].value_counts()
    assert list(counts.index[:1]) == ["theft"]
    assert 5 <= counts["robbery"] <= 40 and 10 <= counts["other"] <= 60
    sources = incidents["source"].value_counts(normalize=True)
    assert set(sources.index) == {"citizen", "patrol", "agency"}
    assert sources["citizen"] > 0.6 and 0.1 <= sources["patrol"] <= 0.3 and sources["agency"] < 0.15


def test_patrols_find_incidents_where_patrols_go(layers: dict[str, pd.DataFrame]) -> None:
    incidents, roads, places = layers["incidents"], layers["roads"], layers["places"]
    main_roads = roads[roads["highway"].isin(["trunk", "secondary"])].to_crs(METRIC).union_all()
    markets = places[places["kind"] == "market"].to_crs(METRIC).union_all()
    located = incidents[incidents["lon"] != ""]
    points = gpd.GeoSeries(
        shapely.points(located["lon"].astype(float), located["lat"].astype(float)), crs="EPSG:4326"
    ).to_crs(METRIC)
    near = ((points.distance(main_roads) <= 300) | (points.distance(markets) <= 400)).to_numpy()
    patrol = (located["source"] == "patrol").to_numpy()
    assert patrol[near].mean() >= 3 * patrol[~near].mean()  # the feedback loop shows
    assert patrol[near].sum() >= 0.6 * patrol.sum()


def test_half_the_records_of_unknown_time_give_their_part_of_the_day(layers: dict[str, pd.DataFrame]) -> None:
    incidents = layers["incidents"]
    unknown = incidents["time"] == ""
    assert (incidents.loc[~unknown, "part_of_day"] == "").all()
    given = incidents.loc[unknown, "part_of_day"]
    assert 0.3 <= (given != "").mean() <= 0.7
    assert set(given[given != ""]) == set(PARTS_OF_DAY)


def test_one_village_rises_over_the_last_six_months(layers: dict[str, pd.DataFrame]) -> None:
    incidents = layers["incidents"]
    last = incidents[incidents["date"] >= "2026-05-23"]["village"].value_counts()
    before = incidents[incidents["date"].between("2025-11-23", "2026-05-22")]["village"].value_counts()
    growth = last.sub(before, fill_value=0)
    assert growth.max() >= 20


def test_people_roster(layers: dict[str, pd.DataFrame]) -> None:
    people = layers["people"]
    assert list(people.columns) == PEOPLE_COLUMNS.split(",")
    assert people["force"].value_counts().to_dict() == {"militia": 40, "police": 15}
    assert list(people.loc[people["force"] == "police", "person_id"]) == [f"CA{i:02d}" for i in range(1, 16)]
    assert list(people.loc[people["force"] == "militia", "person_id"]) == [f"DQ{i:02d}" for i in range(1, 41)]
    assert people["name"].is_unique
    assert all(unicodedata.is_normalized("NFC", name) for name in people["name"])
    assert people["phone"].str.fullmatch(r"0900\d{6}").all() and people["phone"].is_unique
    pattern = re.compile(rf"all|({'|'.join(WEEKDAYS)})(,({'|'.join(WEEKDAYS)}))*")
    assert all(pattern.fullmatch(value) for value in people["availability"])
    for day in WEEKDAYS:
        free = people[(people["availability"] == "all") | people["availability"].str.contains(day)]
        counts = free["force"].value_counts()
        assert counts["police"] >= 6 and counts["militia"] >= 15, day


def test_village_count_shrinks_only_for_small_communes() -> None:
    assert village_count_range(83e6) == VILLAGE_COUNT
    low, high = village_count_range(20e6)
    assert MIN_VILLAGES <= low < high <= VILLAGE_COUNT[0]


def test_an_island_of_two_square_kilometres_is_settled_inside_its_shore(tmp_path: Path) -> None:
    # Cồn Cỏ (special zone, 2.2 km²): the margins shrink with the commune; every place, village
    # and road stays on the island (a school once stood 78 m out at sea, on a lane not laid).
    island = province_communes("44").query("ten_xa == 'Cồn Cỏ'").reset_index(drop=True)
    files = generate_sample(island, tmp_path, seed=3)
    shore = island.geometry.iloc[0].buffer(1e-5)
    for layer in ("villages", "roads", "places"):
        frame = gpd.read_file(files[layer])
        assert len(frame) > 0 and frame.geometry.within(shore).all(), layer
    assert len(gpd.read_file(files["villages"])) >= MIN_VILLAGES


def test_a_commune_in_another_utm_zone_is_built_in_its_own_zone(
    boundary: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    east = boundary.set_geometry(boundary.geometry.translate(2.5, 0.0))  # about 109.1 °E: UTM 49N
    assert metric_crs_for(east).to_epsg() == 32649
    written = generate_sample(east, tmp_path)
    commune_m = east.to_crs(32649).geometry.iloc[0]
    villages = gpd.read_file(written["villages"]).to_crs(32649)
    assert villages.area.sum() == pytest.approx(commune_m.area, rel=0.005)
    roads = gpd.read_file(written["roads"]).to_crs(32649)
    assert roads.within(commune_m.buffer(1.0)).all()
    assert nx.is_connected(build_graph(roads))
