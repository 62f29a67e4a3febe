"""A Shapefile without .prj in VN-2000: the projections putting it in the commune are proposed, not used."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest

from patrol_map.errors import InputFileError
from patrol_map.geo.bundled import geodata_dir
from patrol_map.geo.vn2000 import MERIDIANS, meridian_label, tm3_crs
from patrol_map.importing import create_workspace_of, import_file
from patrol_map.io.vector import parse_crs
from patrol_map.workspace import Workspace


@pytest.fixture
def nam_trach(tmp_path: Path) -> Workspace:
    ws, _ = create_workspace_of(tmp_path / "nt.gpkg", "Nam Trạch")
    return ws


def shapefile_without_prj(folder: Path, crs: object) -> Path:
    villages = gpd.read_file(geodata_dir() / "nam_trach_villages.geojson").to_crs(crs)
    path = folder / "thon.shp"
    villages.to_file(path, encoding="utf-8")
    path.with_suffix(".prj").unlink()
    return path


def test_the_zone_of_the_province_is_proposed_and_then_given(nam_trach: Workspace, tmp_path: Path) -> None:
    path = shapefile_without_prj(tmp_path, tm3_crs(106.0))  # Quảng Trị's meridian
    with pytest.raises(InputFileError) as caught:
        import_file(nam_trach, "villages", path)
    assert "VN-2000 / TM-3 106-00 (--crs 'EPSG:9211')" in caught.value.en
    assert "105-45" not in caught.value.en and "106-15" not in caught.value.en  # 15′ off is 27 km off
    assert not nam_trach.has("villages")  # proposed, not applied
    report = import_file(nam_trach, "villages", path, crs="EPSG:9211")
    assert (report.rows_imported, report.crs) == (21, "EPSG:9211")


def test_a_meridian_without_an_epsg_code_is_named_and_read(nam_trach: Workspace, tmp_path: Path) -> None:
    path = shapefile_without_prj(tmp_path, tm3_crs(106.0 + 5 / 60 * 3))  # 106°15′: EPSG 9212
    with pytest.raises(InputFileError, match="EPSG:9212"):
        import_file(nam_trach, "villages", path)
    assert parse_crs("VN-2000 / TM-3 105-00").equals(tm3_crs(105.0))
    assert parse_crs("vn2000 tm3 102:45").to_dict()["lon_0"] == pytest.approx(102.75)
    assert tm3_crs(102.75).to_epsg() is None  # built from VN-2000 (EPSG:4756), not in EPSG


def test_utm_and_the_tm3_zone_of_its_meridian_are_both_proposed(nam_trach: Workspace, tmp_path: Path) -> None:
    path = shapefile_without_prj(tmp_path, "EPSG:3405")  # VN-2000 / UTM 48N: TM-3 105°00′ but for scale
    with pytest.raises(InputFileError) as caught:
        import_file(nam_trach, "villages", path)
    assert "VN-2000 / UTM zone 48N (--crs 'EPSG:3405')" in caught.value.en
    assert "VN-2000 / TM-3 zone 482 (--crs 'EPSG:5897')" in caught.value.en
    assert "ask whoever made the file which it is" in caught.value.en  # neither is preferred


def test_coordinates_of_no_projection_get_the_plain_refusal(nam_trach: Workspace, tmp_path: Path) -> None:
    path = shapefile_without_prj(tmp_path, "EPSG:3857")  # web Mercator metres: no VN-2000 fits
    with pytest.raises(InputFileError, match=r"states no coordinate reference system\. Give it") as caught:
        import_file(nam_trach, "villages", path)
    assert "fall in the commune" not in caught.value.en


def test_meridians_are_those_of_decision_05_2007() -> None:
    assert MERIDIANS[0] == 102.0 and MERIDIANS[-1] == 109.0 and len(MERIDIANS) == 29
    assert [meridian_label(m) for m in (105.0, 105.75, 106.0)] == ["105°00′", "105°45′", "106°00′"]
