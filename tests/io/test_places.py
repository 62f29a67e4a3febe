"""Places from a map file or from a table with coordinates, with Vietnamese kinds."""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import pytest

from patrol_map.errors import InputFileError
from patrol_map.io.places import read_places
from tests.conftest import UTM, lonlat, point


def test_table_with_vietnamese_headers_and_kinds(tmp_path: Path) -> None:
    (lon, lat), (lon2, lat2) = lonlat(100, 100), lonlat(900, 900)
    path = tmp_path / "dia_diem.csv"
    rows = [
        "Tên,Loại,Ưu tiên,Kinh độ,Vĩ độ",
        f"Công an xã,Công an xã,3,{lon},{lat}",
        f"Chợ Đông,Chợ,2,{lon2},{lat2}",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    places, notices = read_places(path)
    assert list(places["kind"]) == ["police_post", "market"] and notices == []
    assert places.to_crs(UTM).geometry.iloc[1].distance(point(900, 900)) < 0.5


def test_table_errors_name_the_spreadsheet_row(tmp_path: Path) -> None:
    lon, lat = lonlat(100, 100)
    path = tmp_path / "p.csv"
    path.write_text(f"name,kind,priority,lon,lat\nCA,police_post,3,{lon},{lat}\nChợ,market,9,{lon},{lat}\n",
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(InputFileError) as caught:
        read_places(path)
    assert (caught.value.row, caught.value.column) == (3, "priority")


def test_table_without_coordinates(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("name,kind\nCA,police_post\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="needs longitude and latitude columns"):
        read_places(path)


def test_map_file_features_numbered_from_one(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame({"name": ["CA", "X"], "kind": ["police_post", "spaceport"]},
                             geometry=[point(0, 0), point(1, 1)], crs=UTM)  # fmt: skip
    frame.to_file(tmp_path / "p.geojson")
    with pytest.raises(InputFileError) as caught:
        read_places(tmp_path / "p.geojson")
    assert caught.value.row == 2 and "spaceport" in caught.value.en


def test_hours_and_days_of_a_school_gate(tmp_path: Path) -> None:
    lon, lat = lonlat(100, 100)
    path = tmp_path / "p.csv"
    rows = [
        "Tên,Loại,Khung giờ,Ngày,Kinh độ,Vĩ độ",
        f"Công an xã,Công an xã,,,{lon},{lat}",
        f"Trường Tây,Trường,6h30-7h15; 16:30-17:15,T2-T7,{lon},{lat}",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    places, _ = read_places(path)
    assert list(places["hours"]) == ["", "06:30-07:15;16:30-17:15"]
    assert list(places["days"]) == ["all", "mon,tue,wed,thu,fri,sat"]


@pytest.mark.parametrize(("column", "cell"), [("Khung giờ", "sáng sớm"), ("Ngày", "T9")])
def test_bad_hours_or_days_name_the_row_and_column(tmp_path: Path, column: str, cell: str) -> None:
    lon, lat = lonlat(100, 100)
    path = tmp_path / "p.csv"
    rows = [
        f"Tên,Loại,{column},Kinh độ,Vĩ độ",
        f"Công an xã,Công an xã,,{lon},{lat}",
        f"Trường,Trường,{cell},{lon},{lat}",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        read_places(path)
    assert (caught.value.row, caught.value.column) == (3, column)
    assert cell in caught.value.vi and cell in caught.value.en


GPX = """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="OsmAnd" xmlns="http://www.topografix.com/GPX/1/1">
  <wpt lat="{lat0}" lon="{lon0}"><name>Công an xã</name></wpt>
  <wpt lat="{lat1}" lon="{lon1}"><name>Chợ Đồng</name></wpt>
  <wpt lat="{lat2}" lon="{lon2}"><name>Nhà ông Tư</name></wpt>
</gpx>
"""
KML = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Điểm tuần tra</name>
  <Placemark><name>Công an xã</name><Point><coordinates>{lon0},{lat0},0</coordinates></Point></Placemark>
  <Placemark><name>Trường THCS</name><Point><coordinates>{lon1},{lat1},0</coordinates></Point></Placemark>
</Document></kml>
"""


def points_text(template: str) -> str:
    corners = [(106.49, 17.47), (106.50, 17.48), (106.51, 17.46)]
    return template.format(
        **{f"lon{i}": x for i, (x, _) in enumerate(corners)},
        **{f"lat{i}": y for i, (_, y) in enumerate(corners)},
    )


def test_gpx_waypoints_are_places_their_kind_read_from_their_names(tmp_path: Path) -> None:
    path = tmp_path / "diem.gpx"
    path.write_text(points_text(GPX), encoding="utf-8")
    places, notices = read_places(path)
    assert places[["name", "kind", "priority"]].values.tolist() == [
        ["Công an xã", "police_post", 2],
        ["Chợ Đồng", "market", 2],
        ["Nhà ông Tư", "other", 2],
    ]
    assert places.crs.to_epsg() == 4326
    assert "The kind of 3 places was read from their names (1 as 'other')" in notices[-1].en


@pytest.mark.parametrize("suffix", [".kml", ".kmz"])
def test_google_earth_points_are_places(tmp_path: Path, suffix: str) -> None:
    text = points_text(KML)
    path = tmp_path / f"diem{suffix}"
    if suffix == ".kml":
        path.write_text(text, encoding="utf-8")
    else:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("doc.kml", text)
    places, _ = read_places(path)
    assert places[["name", "kind"]].values.tolist() == [
        ["Công an xã", "police_post"],
        ["Trường THCS", "school"],
    ]
    assert places.geometry.x.round(2).tolist() == [106.49, 106.5]
