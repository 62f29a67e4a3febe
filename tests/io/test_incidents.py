"""Incident CSV import: what is accepted, what is refused and how the refusal reads."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import geopandas as gpd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from patrol_map.errors import InputFileError
from patrol_map.io.boundaries import read_commune, read_villages
from patrol_map.io.incident_words import CATEGORY_PRIORITY, match_category, match_clock
from patrol_map.io.incidents import parse_date, read_incidents
from patrol_map.model import INCIDENT_CATEGORIES, PARTS_OF_DAY, part_of_day
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
            "date,category,village\n2026-11-01,theft,Thôn Tây\n2026-11-02,,Thôn Tây\n",
            3,
            "category",
            "Ô loại vụ việc bị trống",
            "The category is empty",
        ),
        (
            "date,category,village,Nguồn tin\n2026-11-01,theft,Tây,dân báo\n2026-11-01,theft,Tây,hàng xóm\n",
            3,
            "Nguồn tin",
            "Nguồn tin 'hàng xóm' không rõ",
            "Source 'hàng xóm' is not clear; write one of: citizen",
        ),
        (
            "date,category,village,source\n2026-11-01,theft,Tây,dân báo và tuần tra phát hiện\n",
            2,
            "source",
            "không rõ",
            "is not clear",
        ),
        (
            "date,category,village,Buổi\n2026-11-01,theft,Tây,tối\n2026-11-01,theft,Tây,sáng hoặc tối\n",
            3,
            "Buổi",
            "Giờ 'sáng hoặc tối' không hợp lệ",
            "or give the part of the day",
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


def test_legacy_encoding_is_read(tmp_path: Path, area: tuple) -> None:
    path = tmp_path / "cp1258.csv"
    path.write_bytes("date,category,village\n2026-11-01,theft,Thôn Tây\n".encode("cp1258"))
    assert read_incidents(path, *area)["village"].tolist() == ["Thôn Tây"]


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


@pytest.mark.parametrize(
    ("written", "key"),
    [("trộm xe máy", "theft"), ("Mất trộm", "theft"), ("trộm đột nhập", "theft"), ("burglary", "theft"),
     ("cướp giật điện thoại", "robbery"), ("Giật túi xách", "robbery"), ("Cướp giật tài sản", "robbery"),
     ("cố ý gây thương tích", "fight"), ("xô xát", "fight"), ("assault", "fight"),
     ("đánh bạc", "gambling"), ("ghi lô đề", "gambling"), ("tàng trữ trái phép chất ma túy", "drugs"),
     ("say rượu gây rối", "public_order"), ("va chạm giao thông", "traffic"), ("TNGT", "traffic"),
     ("road accident", "traffic"), ("Vi phạm khác", "other"), ("lừa đảo chiếm đoạt tài sản", "other")],
)  # fmt: skip
def test_the_words_of_commune_logs(written: str, key: str) -> None:
    assert match_category(written) == key


@pytest.mark.parametrize(
    ("written", "key"),
    [("tai nạn lao động", "other"),  # not a traffic accident: the longer phrase wins
     ("bị điện giật", "other"),  # electrocution, not a snatching
     ("trộm cắp tài sản", "theft")],
)  # fmt: skip
def test_a_longer_phrase_wins_over_the_words_inside_it(written: str, key: str) -> None:
    assert match_category(written) == key


@pytest.mark.parametrize(
    ("written", "key"),
    [("Đánh nhau gây rối", "fight"), ("gây rối, đánh nhau", "fight"), ("trộm cướp", "robbery"),
     ("say rượu gây tai nạn giao thông", "traffic"), ("đánh bạc, lừa đảo", "gambling")],
)  # fmt: skip
def test_a_text_naming_two_categories_takes_the_graver_one(written: str, key: str) -> None:
    assert match_category(written) == key
    assert CATEGORY_PRIORITY[-1] == "other" and set(CATEGORY_PRIORITY) == set(INCIDENT_CATEGORIES)


def test_unrecognised_categories_become_other_and_keep_their_text(tmp_path: Path, area: tuple) -> None:
    path = write(
        tmp_path,
        "date,category,village\n2026-11-01,Cháy rừng,Tây\n2026-11-02, Mất trộm bò ,Tây\n"
        "2026-11-03,theft,Tây\n",
    )
    incidents = read_incidents(path, *area)
    assert list(incidents["category"]) == ["other", "theft", "theft"]
    assert list(incidents["category_text"]) == ["Cháy rừng", "Mất trộm bò", "theft"]
    assert match_category("Cháy rừng") is None and match_category("") is None


@pytest.mark.parametrize(
    ("header", "cells", "expected"),
    [("source", ["citizen", "patrol", "agency", ""], ["citizen", "patrol", "agency", "unknown"]),
     ("Nguồn tin", ["Người dân báo", "tuần tra phát hiện", "Công an huyện chuyển đến", "không rõ"],
      ["citizen", "patrol", "agency", "unknown"]),
     ("nguon", ["tin báo", "Tổ tuần tra", "CSGT", "Found by patrol"],
      ["citizen", "patrol", "agency", "patrol"])],
)  # fmt: skip
def test_the_source_of_each_record(
    tmp_path: Path, area: tuple, header: str, cells: list[str], expected: list[str]
) -> None:
    rows = "".join(f"2026-11-0{i + 1},theft,Tây,{cell}\n" for i, cell in enumerate(cells))
    incidents = read_incidents(write(tmp_path, f"date,category,village,{header}\n{rows}"), *area)
    assert list(incidents["source"]) == expected


def test_without_a_source_column_every_source_is_unknown(tiny: dict[str, Path], area: tuple) -> None:
    assert set(read_incidents(tiny["incidents"], *area)["source"]) == {"unknown"}


def test_part_of_day_from_the_time_or_from_its_own_column(tmp_path: Path, area: tuple) -> None:
    path = write(
        tmp_path,
        "Ngày,Giờ,Loại,Thôn,Buổi\n"
        "2026-11-01,21:30,theft,Tây,\n"  # from the time
        "2026-11-01,,theft,Tây,khuya\n"  # from the buổi column
        "2026-11-01,tối,theft,Tây,\n"  # a part of the day in the time column
        "2026-11-01,,theft,Tây,14h15\n"  # a time in the buổi column
        "2026-11-01,21:30,theft,Tây,đêm\n"  # the time wins: 21:30 is evening
        "2026-11-01,9h tối,theft,Tây,\n"  # a 12-hour time with its part
        "2026-11-01,,theft,Tây,\n",  # neither
    )
    incidents = read_incidents(path, *area)
    assert list(incidents["time"]) == ["21:30", "", "", "14:15", "21:30", "21:00", ""]
    assert list(incidents["part_of_day"]) == [
        "evening", "night", "evening", "afternoon", "evening", "evening", "",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("written", "hhmm"),
    [("21:30", "21:30"), ("21h30", "21:30"), ("21h", "21:00"), ("21:30:00", "21:30"),
     ("9 giờ 30 phút", "09:30"), ("9h tối", "21:00"), ("5h chiều", "17:00"), ("10 giờ đêm", "22:00"),
     ("2h đêm", "02:00"), ("12h đêm", "00:00"), ("12h trưa", "12:00"), ("5h sáng", "05:00"),
     ("21:30 tối", "21:30"), ("13h tối", "13:00"), ("12h sáng", "12:00"),
     ("25:00", None), ("9h70", None), ("tối", None), ("9h ngày", None)],
)  # fmt: skip
def test_clock_times_as_logs_write_them(written: str, hhmm: str | None) -> None:
    clock = match_clock(written)
    assert (clock.strftime("%H:%M") if clock else None) == hhmm


@pytest.mark.parametrize(
    ("hhmm", "key"),
    [("06:00", "morning"), ("11:59", "morning"), ("12:00", "afternoon"), ("17:59", "afternoon"),
     ("18:00", "evening"), ("21:59", "evening"), ("22:00", "night"), ("00:00", "night"),
     ("05:59", "night"), ("", "")],
)  # fmt: skip
def test_part_of_day_bins(hhmm: str, key: str) -> None:
    assert part_of_day(hhmm) == key


@given(st.times())
def test_every_time_falls_in_exactly_one_part_of_day(moment: time) -> None:
    key = part_of_day(moment.strftime("%H:%M"))
    holding = [k for k, part in PARTS_OF_DAY.items() if part.holds(moment.hour)]
    assert holding == [key]


def test_parts_of_day_cover_the_day_once_with_their_names() -> None:
    assert sum(part.hours for part in PARTS_OF_DAY.values()) == 24
    assert {key: part.vi for key, part in PARTS_OF_DAY.items()} == {
        "morning": "Sáng", "afternoon": "Chiều", "evening": "Tối", "night": "Đêm",
    }  # fmt: skip
    with pytest.raises(ValueError):
        part_of_day("tối")


def test_a_file_of_the_earlier_columns_keeps_its_ids(tmp_path: Path, area: tuple) -> None:
    # The ids patrol-map gave these records before category_text, source and part_of_day existed.
    path = write(
        tmp_path,
        "date,time,category,village,lon,lat\n2026-11-01,20:30,theft,Thôn Tây,,\n2026-11-02,,fight,tây,,\n"
        "2026-11-03,07:00,Tai nạn giao thông,Thôn Đông,,\n",
    )
    assert list(read_incidents(path, *area)["incident_id"]) == ["V3b7518096c", "Vfdfb1ba9c3", "Vbe677bcf4e"]


def test_records_differing_only_in_part_of_day_or_unrecognised_text_get_their_own_ids(
    tmp_path: Path, area: tuple
) -> None:
    text = "date,time,category,village\n2026-11-01,sáng,Cháy rừng,Tây\n2026-11-01,tối,Trộm bò?,Tây\n"
    first = read_incidents(write(tmp_path, text), *area)["incident_id"]
    swapped = "date,time,category,village\n2026-11-01,tối,Trộm bò?,Tây\n2026-11-01,sáng,Cháy rừng,Tây\n"
    second = read_incidents(write(tmp_path, swapped, "swapped.csv"), *area)["incident_id"]
    assert "-2" not in "".join(first) and set(first) == set(second)


def test_break_ins_keep_the_ids_they_had_as_burglary(tmp_path: Path, area: tuple) -> None:
    # The ids patrol-map gave these rows when break-ins were the category burglary (read as theft now).
    path = write(
        tmp_path,
        "date,time,category,village,lon,lat\n2026-11-01,20:30,Trộm đột nhập,Thôn Tây,,\n"
        "2026-11-02,,burglary,tây,,\n2026-11-03,01:00,đột nhập,Thôn Đông,,\n",
    )
    read = read_incidents(path, *area)
    assert list(read["category"]) == ["theft"] * 3
    assert list(read["incident_id"]) == ["Vcb286ee7b5", "V0091a9b83e", "V4efc39de7e"]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-11-23", date(2026, 11, 23)),
        ("23/11/2026", date(2026, 11, 23)),
        ("3/11/26", date(2026, 11, 3)),  # d/m/yy, day first
        ("03-11-2026", date(2026, 11, 3)),
        ("23.11.2026", date(2026, 11, 23)),
        ("2026-11-23 00:00:00", date(2026, 11, 23)),
        ("46349", date(2026, 11, 23)),  # Excel's serial of 23/11/2026
        ("46349.0", date(2026, 11, 23)),
        ("1/2/2026", date(2026, 2, 1)),  # never month first
    ],
)
def test_dates_as_clerks_write_them(text: str, day: date) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("0001-01-01", "The year 1 of the date '0001-01-01' cannot be right"),
        ("12345", "Date '12345' is not valid"),  # a number, but no serial of these years
        ("2026-02-30", "is not valid"),
        ("20261123", "is not valid"),
    ],
)
def test_impossible_dates_are_refused(text: str, words: str) -> None:
    with pytest.raises(InputFileError, match=words):
        parse_date(text)
