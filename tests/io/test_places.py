"""Places from a map file or from a table with coordinates, with Vietnamese kinds."""

from __future__ import annotations

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
    assert places.to_crs(UTM).geometry[1].distance(point(900, 900)) < 0.5


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
