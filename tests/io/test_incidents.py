"""Incident CSV import: what is accepted, what is refused and how the refusal reads."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest

from patrol_map.errors import InputFileError
from patrol_map.io.boundaries import read_commune, read_villages
from patrol_map.io.incidents import read_incidents
from tests.conftest import UTM, lonlat


@pytest.fixture
def area(tiny: dict[str, Path]) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    commune, _ = read_commune(tiny["boundary"])
    villages, _ = read_villages(tiny["villages"])
    return commune.to_crs(UTM), villages.to_crs(UTM)


def write(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_points_and_village_only_rows(tiny: dict[str, Path], area: tuple) -> None:
    incidents = read_incidents(tiny["incidents"], *area)
    assert list(incidents["incident_id"]) == ["A1", "A2", "A3", "A4"]
    assert list(incidents["location"]) == ["point", "point", "village", "point"]
    assert incidents.crs == UTM
    assert incidents.loc[2, "village"] == "Thôn Tây"
    assert area[1].set_index("name").loc["Thôn Tây"].geometry.contains(incidents.geometry[2])
    assert incidents.loc[1, "village"] == "Thôn Đông"  # filled in from the point
    assert incidents.loc[2, "time"] == ""


def test_vietnamese_headers_dates_and_categories(tmp_path: Path, area: tuple) -> None:
    lon, lat = lonlat(500, 500)
    path = write(
        tmp_path,
        "Mã vụ,Ngày,Giờ,Loại vụ việc,Thôn,Kinh độ,Vĩ độ\n"
        f"V1,23/11/2026,21h30,Trộm cắp tài sản,thôn tây,{lon},{lat}\n"
        "V2,24/11/2026,,Đánh nhau,Tây,,\n",
    )
    incidents = read_incidents(path, *area)
    assert list(incidents["date"]) == ["2026-11-23", "2026-11-24"]
    assert list(incidents["time"]) == ["21:30", ""]
    assert list(incidents["category"]) == ["theft", "fight"]
    assert list(incidents["village"]) == ["Thôn Tây", "Thôn Tây"]


def test_xy_in_vn2000(tmp_path: Path, area: tuple) -> None:
    point = gpd.GeoSeries.from_xy([X := 660_500.0], [1_930_500.0], crs=UTM).to_crs("EPSG:3405")[0]
    path = write(tmp_path, f"date,category,x,y\n2026-11-01,theft,{point.x},{point.y}\n")
    incidents = read_incidents(path, *area, xy_crs="EPSG:3405")
    assert incidents.geometry[0].distance(gpd.points_from_xy([X], [1_930_500.0])[0]) < 1.0


@pytest.mark.parametrize(
    ("text", "row", "column", "vi_words", "en_words"),
    [
        (
            "time,category,village\n20:00,theft,Thôn Tây\n",
            1,
            "date",
            "Thiếu cột 'date'",
            "Column 'date' is missing",
        ),
        (
            "date,category,village\n2026-11-01,theft,Thôn Tây\n2026-02-30,theft,Thôn Tây\n",
            3,
            "date",
            "Ngày '2026-02-30' không hợp lệ",
            "Date '2026-02-30' is not valid",
        ),
        (
            "date,time,category,village\n2026-11-01,25:00,theft,Thôn Tây\n",
            2,
            "time",
            "Giờ '25:00'",
            "Time '25:00'",
        ),
        (
            "date,category,village\n2026-11-01,alien,Thôn Tây\n",
            2,
            "category",
            "Loại vụ việc 'alien'",
            "Category 'alien'",
        ),
        (
            "date,category,village\n2026-11-01,theft,Thôn Bắc\n",
            2,
            "village",
            "Không có thôn 'Thôn Bắc'",
            "No village 'Thôn Bắc'",
        ),
        (
            "date,category,lon,lat\n2026-11-01,theft,106.0,17.0\n",
            2,
            "lon",
            "nằm ngoài địa bàn xã",
            "outside the commune",
        ),
        (
            "date,category,lon,lat\n2026-11-01,theft,abc,17.0\n",
            2,
            "lon",
            "không phải là số",
            "is not a number",
        ),
        (
            "date,category,village,lon,lat\n2026-11-01,theft,,,\n",
            2,
            "village",
            "không có tọa độ",
            "neither coordinates nor a village",
        ),
        (
            "id,date,category,village\nA,2026-11-01,theft,Tây\nA,2026-11-02,theft,Tây\n",
            3,
            "id",
            "xuất hiện hai lần",
            "appears twice",
        ),
    ],
)
def test_bad_rows_are_refused_naming_row_and_column(
    tmp_path: Path, area: tuple, text: str, row: int, column: str, vi_words: str, en_words: str
) -> None:
    with pytest.raises(InputFileError) as caught:
        read_incidents(write(tmp_path, text), *area)
    error = caught.value
    assert (error.file, error.row, error.column) == ("in.csv", row, column)
    assert vi_words in error.message("vi")
    assert en_words in error.message("en")
    assert f"dòng {row}, cột '{column}'" in str(error) and f"row {row}, column '{column}'" in str(error)


def test_several_bad_rows_are_counted(tmp_path: Path, area: tuple) -> None:
    path = write(tmp_path, "date,category,village\nx,theft,Thôn Tây\ny,theft,Thôn Tây\nz,theft,Thôn Tây\n")
    with pytest.raises(InputFileError, match="and 2 more bad rows"):
        read_incidents(path, *area)


def test_legacy_encoding_is_refused_clearly(tmp_path: Path, area: tuple) -> None:
    path = tmp_path / "cp1258.csv"
    path.write_bytes("date,category,village\n2026-11-01,theft,Thôn Tây\n".encode("cp1258"))
    with pytest.raises(InputFileError, match="not UTF-8"):
        read_incidents(path, *area)


def test_ids_from_content_are_stable_and_number_identical_records(tmp_path: Path, area: tuple) -> None:
    text = (
        "date,category,village\n2026-11-01,theft,Thôn Tây\n2026-11-01,theft,Thôn Tây\n2026-11-02,fight,Tây\n"
    )
    first = read_incidents(write(tmp_path, text), *area)
    moved = read_incidents(
        write(tmp_path, "date,category,village\n2026-11-02,fight,Tây\n", "other.csv"), *area
    )
    assert first["incident_id"].is_unique
    assert moved["incident_id"][0] == first["incident_id"][2]  # same record, same id, whatever its row
    assert first["incident_id"][1] == first["incident_id"][0] + "-2"  # the same record twice: two incidents


def test_ambiguous_short_village_name_is_refused(tmp_path: Path, area: tuple) -> None:
    commune, villages = area
    villages = villages.assign(name=["Thôn 1", "Xóm 1"])
    with pytest.raises(InputFileError) as caught:
        read_incidents(write(tmp_path, "date,category,village\n2026-11-01,theft,1\n"), commune, villages)
    assert "could mean Thôn 1 or Xóm 1" in caught.value.en and caught.value.row == 2
    assert (
        read_incidents(write(tmp_path, "date,category,village\n2026-11-01,theft,xom 1\n"), commune, villages)[
            "village"
        ][0]
        == "Xóm 1"
    )


@pytest.mark.parametrize(
    ("written", "key"),
    [("Trộm cắp", "theft"), ("Đánh bạc", "gambling"), ("Tai nạn giao thông", "traffic"),
     ("Cố ý gây thương tích", "fight"), ("MA TÚY", "drugs"), ("Gây rối trật tự công cộng", "public_order"),
     ("Tàng trữ trái phép chất ma túy", "drugs")],
)  # fmt: skip
def test_everyday_category_words(tmp_path: Path, area: tuple, written: str, key: str) -> None:
    path = write(tmp_path, f"date,category,village\n2026-11-01,{written},Thôn Tây\n")
    assert read_incidents(path, *area)["category"][0] == key


def test_excel_datetimes_are_dates(tmp_path: Path, area: tuple) -> None:
    excel = read_incidents(write(tmp_path, "date,category,village\n2026-01-05 00:00:00,theft,Tây\n"), *area)
    assert excel["date"][0] == "2026-01-05"


def test_a_description_naming_two_categories_is_refused(tmp_path: Path, area: tuple) -> None:
    with pytest.raises(InputFileError, match="Category 'Đánh nhau gây rối' is not one of"):
        read_incidents(write(tmp_path, "date,category,village\n2026-11-01,Đánh nhau gây rối,Tây\n"), *area)
