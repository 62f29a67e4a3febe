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


@pytest.mark.parametrize(
    "written",
    ["Thôn 3", "thôn Ba", "T3", "t.3", "Thon III", "thôn 03", "THÔN BA", "xóm 3", "3", "iii", "Thôn  3"],
)
def test_numbers_as_digits_words_and_roman_numerals(written: str) -> None:
    assert VillageNames(["Thôn 1", "Thôn 3", "Thôn 13", "Thôn Đông"]).match(written) == "Thôn 3"


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("thôn mười ba", "Thôn 13"),
        ("Thôn XIII", "Thôn 13"),
        ("hai mươi mốt", "Thôn 21"),
        ("thôn Một", "Thôn 1"),
        ("Thôn Tư", "Thôn 4"),
        ("thôn mười", "Thôn 10"),
    ],
)
def test_compound_numerals(written: str, meant: str) -> None:
    assert VillageNames(["Thôn 1", "Thôn 4", "Thôn 10", "Thôn 13", "Thôn 21"]).match(written) == meant


def test_a_word_that_is_also_a_number_means_the_village_of_that_name() -> None:
    names = VillageNames(["Thôn Nam", "Thôn 5"])
    assert names.match("thôn Nam") == "Thôn Nam"
    assert names.match("Nam") == "Thôn Nam"
    assert names.match("T5") == "Thôn 5"
    assert VillageNames(["Thôn 5"]).match("thôn Năm") == "Thôn 5"


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("Dong Hung", "Thôn Đông Hưng"),
        ("thôn Đông Hưg", "Thôn Đông Hưng"),
        ("Quyet Thang", "Xóm Quyết Thắng"),
    ],
)
def test_typos_are_matched_loosely_to_the_clear_nearest(written: str, meant: str) -> None:
    names = VillageNames(["Thôn Đông Hưng", "Xóm Quyết Thắng", "Thôn Tây Sơn", "Thôn 3"])
    assert names.match(written) == meant


def test_loose_matches_refuse_numbers_and_near_ties() -> None:
    names = VillageNames(["Thôn 3", "Thôn Đông Hà", "Thôn Đông Hải"])
    with pytest.raises(InputFileError, match="No village 'Thôn 8'"):
        names.match("Thôn 8")  # a wrong number is not a typo of another
    with pytest.raises(InputFileError, match="could mean Thôn Đông Hà or Thôn Đông Hải"):
        names.match("Dong Ha i")
    with pytest.raises(InputFileError, match="nearest: Thôn Đông Hà"):
        names.match("Đông Hoà Bình")


def test_no_signal_names_match_nothing() -> None:
    names = VillageNames(["Thôn Đông Hưng", "Xóm Quyết Thắng", "Thôn Tây Sơn"])
    for written in ("Bắc Ninh", "Phú Mỹ", "xyz", "Thôn 3"):
        with pytest.raises(InputFileError, match="No village"):
            names.match(written)
