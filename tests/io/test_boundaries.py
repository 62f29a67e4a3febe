"""Boundary and village import: formats, CRSs, repairs and refusals."""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from patrol_map.errors import InputFileError
from patrol_map.io.boundaries import read_commune, read_villages
from tests.conftest import UTM, square

COMMUNES = Path(__file__).parents[2].parent / "shared" / "data" / "admin" / "communes_2025_quang_tri.geojson"


def commune_frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"ma_xa": ["99999"], "ten_xa": ["Thử"]}, geometry=[square(0, 0, 2000, 2000)], crs=UTM
    )


@pytest.mark.parametrize("crs", ["EPSG:4326", "EPSG:3405", "EPSG:4756", "EPSG:32648"])
@pytest.mark.parametrize("driver", ["GeoJSON", "GPKG", "ESRI Shapefile"])
def test_any_format_and_crs_gives_the_same_polygon(tmp_path: Path, crs: str, driver: str) -> None:
    suffix = {"GeoJSON": ".geojson", "GPKG": ".gpkg", "ESRI Shapefile": ".shp"}[driver]
    path = tmp_path / f"commune{suffix}"
    commune_frame().to_crs(crs).to_file(path, driver=driver)
    commune, notices = read_commune(path)
    assert notices == []
    assert commune["ten_xa"][0] == "Thử"
    assert commune.to_crs(UTM).area[0] == pytest.approx(4_000_000, rel=1e-4)


def test_zipped_shapefile(tmp_path: Path) -> None:
    commune_frame().to_crs("EPSG:3405").to_file(tmp_path / "xa.shp")
    archive = tmp_path / "xa.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in tmp_path.glob("xa.*"):
            if part.suffix != ".zip":
                zf.write(part, part.name)
    commune, _ = read_commune(archive)
    assert commune.to_crs(UTM).area[0] == pytest.approx(4_000_000, rel=1e-4)


def test_shapefile_without_prj_needs_a_crs(tmp_path: Path) -> None:
    commune_frame().to_file(tmp_path / "xa.shp")
    (tmp_path / "xa.prj").unlink()
    with pytest.raises(InputFileError, match="states no coordinate reference system"):
        read_commune(tmp_path / "xa.shp")
    commune, _ = read_commune(tmp_path / "xa.shp", assume_crs="EPSG:32648")
    assert commune.crs == UTM


def test_invalid_polygon_is_repaired_and_reported(tmp_path: Path) -> None:
    bowtie = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10), (0, 0)])
    frame = gpd.GeoDataFrame({"name": ["Thôn Nơ"]}, geometry=[bowtie], crs=UTM)
    frame.to_file(tmp_path / "v.geojson")
    villages, notices = read_villages(tmp_path / "v.geojson")
    assert villages.geometry[0].is_valid
    assert villages.geometry[0].area == pytest.approx(50.0)
    assert len(notices) == 1 and "feature 1" in notices[0].en and "Self-intersection" in notices[0].en


def test_real_province_file_needs_a_code() -> None:
    with pytest.raises(InputFileError, match="--code"):
        read_commune(COMMUNES)
    commune, _ = read_commune(COMMUNES, code="19198")
    assert commune["ten_xa"][0] == "Nam Trạch"
    assert 120e6 < commune.to_crs(UTM).area[0] < 140e6


def test_unknown_code(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="No commune with code 00000"):
        read_commune(COMMUNES, code="00000")


def test_villages_need_a_name_column(tmp_path: Path) -> None:
    gpd.GeoDataFrame({"foo": [1]}, geometry=[square(0, 0, 10, 10)], crs=UTM).to_file(tmp_path / "v.geojson")
    with pytest.raises(InputFileError) as caught:
        read_villages(tmp_path / "v.geojson")
    assert caught.value.column == "name" and "name column is missing" in caught.value.en


def test_not_a_map_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.geojson"
    path.write_text("this is not json", encoding="utf-8")
    with pytest.raises(InputFileError, match="cannot be read"):
        read_villages(path)


def test_several_features_of_one_commune_are_united(tmp_path: Path) -> None:
    parts = gpd.GeoDataFrame(
        {"ma_xa": ["5", "5", "6"], "ten_xa": ["Đảo", "Đảo", "Khác"]},
        geometry=[square(0, 0, 1000, 1000), square(3000, 0, 500, 500), square(0, 5000, 10, 10)],
        crs=UTM,
    )
    parts.to_file(tmp_path / "c.gpkg")
    commune, _ = read_commune(tmp_path / "c.gpkg", code="5")
    assert commune.geometry[0].geom_type == "MultiPolygon"
    assert commune.to_crs(UTM).area[0] == pytest.approx(1_250_000, rel=1e-6)


def test_metres_in_a_geojson_are_refused_unless_the_crs_is_given(tmp_path: Path) -> None:
    path = tmp_path / "vn2000.geojson"
    metres = commune_frame().to_crs("EPSG:3405")
    path.write_text(metres.set_crs("EPSG:4326", allow_override=True).to_json(), encoding="utf-8")
    with pytest.raises(InputFileError, match=r"do not fit the file.s coordinate reference system"):
        read_commune(path)
    commune, _ = read_commune(path, assume_crs="EPSG:3405")
    assert commune.to_crs(UTM).area[0] == pytest.approx(4_000_000, rel=1e-4)


def zip_folder(folder: Path, archive: Path, inside: str = "") -> Path:
    with zipfile.ZipFile(archive, "w") as zf:
        for part in folder.iterdir():
            zf.write(part, f"{inside}{part.name}")
    return archive


def village_shapefile(folder: Path, encoding: str, cpg: bool) -> Path:
    folder.mkdir()
    frame = gpd.GeoDataFrame(
        {"Tên thôn": ["Thôn Nà Pò", "Xóm Đông"]},
        geometry=[square(0, 0, 10, 10), square(20, 0, 10, 10)],
        crs=UTM,
    )
    frame.to_file(folder / "thon.shp", encoding=encoding)
    if not cpg:
        (folder / "thon.cpg").unlink()
    return folder / "thon.shp"


@pytest.mark.parametrize("encoding", ["UTF-8", "cp1258"])
@pytest.mark.parametrize("cpg", [True, False])
def test_shapefile_with_or_without_cpg_keeps_vietnamese_names(
    tmp_path: Path, encoding: str, cpg: bool
) -> None:
    path = village_shapefile(tmp_path / "shp", encoding, cpg=cpg)
    villages, notices = read_villages(path)
    assert list(villages["name"]) == ["Thôn Nà Pò", "Xóm Đông"]
    assert any(encoding in n.en and ".cpg" in n.en for n in notices) != cpg


def test_a_damaged_dbf_is_a_clear_error(tmp_path: Path) -> None:
    path = village_shapefile(tmp_path / "shp", "UTF-8", cpg=False)
    dbf = path.with_suffix(".dbf")
    dbf.write_bytes(dbf.read_bytes().replace("Đông".encode(), b"\x81\x8a\x8d\x90ng"))
    with pytest.raises(InputFileError, match="neither UTF-8 nor Windows-1258"):
        read_villages(path)


def test_zip_with_the_shapefile_in_a_folder(tmp_path: Path) -> None:
    village_shapefile(tmp_path / "shp", "UTF-8", cpg=True)
    villages, notices = read_villages(
        zip_folder(tmp_path / "shp", tmp_path / "thon.zip", inside="ban do/thon/")
    )
    assert list(villages["name"]) == ["Thôn Nà Pò", "Xóm Đông"] and notices == []


def test_zip_without_a_map_file(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "readme.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputFileError, match="exactly one map file"):
        read_villages(zip_folder(tmp_path / "docs", tmp_path / "docs.zip"))


def test_given_crs_replaces_a_wrong_prj_with_a_notice(tmp_path: Path) -> None:
    commune_frame().to_crs("EPSG:3405").set_crs("EPSG:32648", allow_override=True).to_file(
        tmp_path / "xa.shp"
    )
    commune, notices = read_commune(tmp_path / "xa.shp", assume_crs="EPSG:3405")
    assert commune.crs == "EPSG:3405"
    assert any("instead of" in n.en for n in notices)
