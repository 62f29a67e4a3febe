"""The incidents layer of a workspace: stored by an earlier version, upgraded on read; the import summary."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from geopandas.testing import assert_geodataframe_equal

from patrol_map.errors import InputFileError
from patrol_map.importing import create_workspace, import_file
from patrol_map.workspace import OPTIONAL_COLUMNS, Workspace, upgrade_incidents
from tests.conftest import point
from tests.stored import everything_stored, raw_layer, write_raw_layer


@pytest.fixture
def ws(tiny: dict[str, Path], new_workspace_at: str) -> Workspace:
    ws, _ = create_workspace(new_workspace_at, tiny["boundary"])
    import_file(ws, "villages", tiny["villages"])
    return ws


def store_first_version_incidents(ws: Workspace) -> Workspace:
    """Write an incidents layer as the first version stored it (no new columns, ``burglary``); reopen."""
    old = gpd.GeoDataFrame(
        {
            "incident_id": ["B1", "B2", "B3"],
            "date": ["2026-10-01", "2026-10-02", "2026-10-03"],
            "time": ["02:10", "", "19:00"],
            "category": ["burglary", "theft", "fight"],
            "village": ["Thôn Tây", "Thôn Tây", "Thôn Đông"],
            "location": ["point", "village", "point"],
            "is_synthetic": [False, False, False],
        },
        geometry=[point(300, 300), point(500, 1000), point(1500, 1500)],
        crs=ws.crs,
    )
    return write_raw_layer(ws, "incidents", old)


def test_a_first_version_workspace_opens_with_burglary_shown_as_theft(ws: Workspace) -> None:
    ws = store_first_version_incidents(ws)
    for incidents in (ws.read("incidents"), ws.read_optional("incidents")):
        assert list(incidents.columns) == [*OPTIONAL_COLUMNS["incidents"], "geometry"]
        assert list(incidents["category"]) == ["theft", "theft", "fight"]
        assert list(incidents["category_text"]) == ["Trộm đột nhập", "", ""]
        assert list(incidents["source"]) == ["unknown"] * 3
        assert list(incidents["part_of_day"]) == ["night", "", "evening"]


def test_importing_into_a_first_version_workspace_keeps_and_upgrades_the_old_records(
    ws: Workspace, tiny: dict[str, Path]
) -> None:
    ws = store_first_version_incidents(ws)
    import_file(ws, "incidents", tiny["incidents"])
    stored = raw_layer(ws, "incidents").set_index("incident_id")
    assert list(stored.columns) == [*OPTIONAL_COLUMNS["incidents"][1:], "geometry"]
    assert len(stored) == 3 + 4
    assert stored.loc["B1", ["category", "category_text", "source"]].tolist() == [
        "theft",
        "Trộm đột nhập",
        "unknown",
    ]
    assert stored.loc["A1", "part_of_day"] == "evening"  # 20:30 in the tiny file


def test_a_current_layer_is_read_unchanged(ws: Workspace, tiny: dict[str, Path]) -> None:
    import_file(ws, "incidents", tiny["incidents"])
    stored = raw_layer(ws, "incidents")
    assert_geodataframe_equal(upgrade_incidents(stored), stored)
    assert_geodataframe_equal(ws.read("incidents"), stored)


def test_the_import_summary_counts_the_records_filed_as_other(ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        "ngày,loại,thôn\n2026-11-01,Cháy rừng,Tây\n2026-11-02,Cháy rừng,Tây\n2026-11-03,Trâu lạc,Tây\n"
        "2026-11-04,Vi phạm khác,Tây\n2026-11-05,mất trộm,Tây\n",
        encoding="utf-8",
    )
    notices = import_file(ws, "incidents", path).notices
    assert "3 vụ việc có loại không nhận ra ('Cháy rừng', 'Trâu lạc') được xếp vào 'Vi phạm khác'" in (
        notices[0].vi
    )
    assert "3 incidents whose category was not recognised ('Cháy rừng', 'Trâu lạc') were filed as " in (
        notices[0].en
    )
    assert "'Other offences'" in notices[0].en
    assert "Imported 5 new incidents" in notices[-1].en
    assert list(ws.read("incidents")["category"]) == ["other", "other", "other", "other", "theft"]


def test_a_recognised_file_has_no_such_notice(ws: Workspace, tiny: dict[str, Path]) -> None:
    notices = import_file(ws, "incidents", tiny["incidents"]).notices
    assert len(notices) == 1 and "Imported 4 new incidents" in notices[0].en


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [("2026-11-01,,Tây,citizen", "category", "The category is empty"),
     ("2026-11-01,theft,Tây,láng giềng", "nguồn tin", "Source 'láng giềng' is not clear")],
)  # fmt: skip
def test_a_bad_row_refuses_a_strict_import_and_is_listed_by_a_lenient_one(
    ws: Workspace, tiny: dict[str, Path], tmp_path: Path, row: str, column: str, words: str
) -> None:
    import_file(ws, "incidents", tiny["incidents"])
    before = everything_stored(ws)
    path = tmp_path / "bad.csv"
    path.write_text(
        f"date,category,village,nguồn tin\n2026-11-01,theft,Tây,tin báo\n{row}\n", encoding="utf-8"
    )
    with pytest.raises(InputFileError, match=words) as caught:
        import_file(ws, "incidents", path, strict=True)
    assert (caught.value.row, caught.value.column) == (3, column)
    assert everything_stored(ws) == before
    # Without --strict the bad row is refused and listed, the good one stored.
    report = import_file(ws, "incidents", path)
    assert (report.rows_read, report.rows_imported) == (2, 1)
    [refusal] = report.rows_refused
    assert (refusal.row, refusal.column) == (3, column) and words in refusal.reason_en
    assert "1 rows could not be read and were left out (row 3: " in report.notices[0].en
    assert len(ws.read("incidents")) == len(pd.read_csv(tiny["incidents"])) + 1


def test_a_tcvn3_log_is_imported_in_unicode_and_the_encoding_named(ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "so_theo_doi.csv"
    # "ngày,loại,thôn / 2026-11-01,Trộm cắp,Thôn Tây" typed in .VnTime (TCVN3)
    path.write_bytes(b"ng\xb5y,lo\xb9i,th\xabn\n2026-11-01,Tr\xe9m c\xbep,Th\xabn T\xa9y\n")
    notices = import_file(ws, "incidents", path).notices
    assert "The file is in TCVN3; it was converted to Unicode" in notices[0].en
    assert "Tệp ở mã TCVN3" in notices[0].vi
    stored = ws.read("incidents")
    assert stored[["category_text", "village"]].values.tolist() == [["Trộm cắp", "Thôn Tây"]]


def test_a_spreadsheet_log_is_imported_from_the_sheet_named(ws: Workspace, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Ghi chú"
    sheet = book.create_sheet("Tháng 11")
    sheet.append(["Ngày", "Giờ", "Loại vụ việc", "Thôn"])
    sheet.append([datetime(2026, 11, 3), time(21, 30), "Trộm cắp", "thôn tây"])
    sheet.append(["05/11/2026", "9h tối", "Đánh nhau", "T©y"])  # a TCVN3 cell: "Tây"
    sheet.append([46331, None, "Cờ bạc", "Đông"])  # a date saved as Excel's serial
    path = tmp_path / "so_vu_viec.xlsx"
    book.save(path)
    notices = import_file(ws, "incidents", path, sheet="Tháng 11").notices
    assert "Some cells were typed in a TCVN3 font" in notices[0].en
    stored = ws.read("incidents").sort_values(["date", "time"], ascending=[True, False])
    assert stored[["date", "time", "category", "village"]].values.tolist() == [
        ["2026-11-03", "21:30", "theft", "Thôn Tây"],
        ["2026-11-05", "21:00", "fight", "Thôn Tây"],
        ["2026-11-05", "", "gambling", "Thôn Đông"],
    ]
    with pytest.raises(InputFileError, match="No sheet 'Tháng 12'"):
        import_file(ws, "incidents", path, sheet="Tháng 12")


def test_a_column_chosen_for_a_field_is_read_for_it(ws: Workspace, tmp_path: Path) -> None:
    # "Ngày" is the day the row was written in the book; the incident's own date is "Hôm xảy ra",
    # which no alias names.
    path = tmp_path / "so.csv"
    path.write_text(
        "Ngày,Hôm xảy ra,Loại,Thôn\n20/11/2026,02/11/2026,trộm,Tây\n20/11/2026,05/11/2026,đánh nhau,Đông\n",
        encoding="utf-8",
    )
    guessed = import_file(ws, "incidents", path, dry_run=True)
    assert guessed.columns["date"] == "Ngày"
    assert guessed.header == ["Ngày", "Hôm xảy ra", "Loại", "Thôn"]
    chosen = import_file(ws, "incidents", path, columns={"date": "Hôm xảy ra"})
    assert chosen.columns["date"] == "Hôm xảy ra"  # named as the file names it
    assert sorted(ws.read("incidents")["date"]) == ["2026-11-02", "2026-11-05"]


@pytest.mark.parametrize(
    ("columns", "words", "column"),
    [
        ({"when": "Ngày"}, "There is no field 'when'", None),
        ({"date": "Ngày báo"}, "The file has no column 'Ngày báo'", "Ngày báo"),
        ({"date": "Ngày", "time": "Ngày"}, "The column 'Ngày' is chosen for two fields", "Ngày"),
    ],
)
def test_a_column_choice_that_cannot_be_is_refused(
    ws: Workspace, tmp_path: Path, columns: dict[str, str], words: str, column: str | None
) -> None:
    path = tmp_path / "so.csv"
    path.write_text("Ngày,Loại,Thôn\n02/11/2026,trộm,Tây\n", encoding="utf-8")
    before = everything_stored(ws)
    with pytest.raises(InputFileError, match=words) as caught:
        import_file(ws, "incidents", path, columns=columns)
    assert caught.value.column == column and caught.value.vi
    assert everything_stored(ws) == before
