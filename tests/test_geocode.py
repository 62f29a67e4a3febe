"""Village names as clerks write them, matched to the workspace's villages."""

from __future__ import annotations

import geopandas as gpd
import pytest

from patrol_map.errors import InputFileError
from patrol_map.geo.geocode import VillageNames, village_of
from tests.conftest import UTM, point, square


@pytest.mark.parametrize(
    ("stored", "written", "meant"),
    [
        (["Thôn Đông", "Thôn Tây"], "thon dong", "Thôn Đông"),
        (["Thôn Đông", "Thôn Tây"], "ĐÔNG", "Thôn Đông"),
        (["Đông Thành"], "Thôn Đông Thành", "Đông Thành"),
        (["Thôn 1", "Thôn 2"], "thôn 01", "Thôn 1"),
        (["Tổ dân phố 3"], "3", "Tổ dân phố 3"),
        (["Thôn 1", "Xóm 1"], "xom 1", "Xóm 1"),
        (["Thôn 1"], "", ""),
    ],
)
def test_names_as_written(stored: list[str], written: str, meant: str) -> None:
    assert VillageNames(stored).match(written) == meant


def test_ambiguous_and_unknown_names() -> None:
    names = VillageNames(["Thôn 1", "Xóm 1"])
    with pytest.raises(InputFileError, match="could mean Thôn 1 or Xóm 1"):
        names.match("1")
    with pytest.raises(InputFileError, match="No village 'Bắc'"):
        names.match("Bắc")


def test_points_on_a_shared_border_count_for_one_village() -> None:
    villages = gpd.GeoDataFrame(
        {"name": ["A", "B"]}, geometry=[square(0, 0, 10, 10), square(10, 0, 10, 10)], crs=UTM
    )
    points = gpd.GeoSeries([point(5, 5), point(10, 5), point(50, 50)], crs=UTM)
    assert village_of(points, villages) == ["A", "A", ""]
