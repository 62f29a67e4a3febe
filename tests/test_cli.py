"""The command line end to end on the tiny commune: init, import, hotspots, plan, export."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely import LineString, Point

from patrol_map.cli import main
from patrol_map.import_report import import_log
from patrol_map.plan.store import load_plan
from patrol_map.workspace import Workspace
from tests.conftest import lonlat


@pytest.fixture
def workspace(tiny: dict[str, Path], tmp_path: Path) -> Path:
    path = tmp_path / "tiny.gpkg"
    assert main(["init", str(path), "--boundary", str(tiny["boundary"])]) == 0
    for kind in ("villages", "roads", "places", "incidents", "people"):
        assert main(["import", str(path), kind, str(tiny[kind])]) == 0
    return path


def test_plan_and_export_geojson(workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["plan", str(workspace), "--week", "2026-W48", "--seed", "3", "--shifts", "evening"]) == 0
    out = tmp_path / "plan.geojson"
    assert (
        main(["export", str(workspace), "--week", "2026-W48", "--format", "geojson", "--out", str(out)]) == 0
    )
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert len(features) == 7 * 2
    for feature in features:
        props = feature["properties"]
        assert feature["geometry"]["type"] == "LineString"  # every team has a stop here
        assert {"police", "militia"} <= set(props["forces"])
        assert len(props["members"]) == len(props["forces"]) == 3
        assert props["shift_start"].startswith("2026-11-") or props["shift_start"].startswith("2026-12-")
        assert props["length_m"] > 0
        assert isinstance(props["stops"], list)
        first, last = feature["geometry"]["coordinates"][0], feature["geometry"]["coordinates"][-1]
        assert first == last  # a closed circuit from the base


def test_export_gpx(workspace: Path, tmp_path: Path) -> None:
    assert main(["plan", str(workspace), "--week", "2026-W48"]) == 0
    out = tmp_path / "plan.gpx"
    assert main(["export", str(workspace), "--week", "2026-W48", "--format", "gpx", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.count("<trk>") == 21 * 2
    assert "<trkpt" in text


@pytest.mark.parametrize(
    ("text", "row", "column"),
    [
        ("date,time,village\n2026-11-01,20:00,Thôn Đông\n", 1, "category"),  # a missing column
        (
            "date,time,category,village\n2026-11-01,20:00,theft,Thôn Đông\n2026-13-40,21:00,theft,Thôn Tây\n",
            3,
            "date",
        ),
        ("date,category,lon,lat\n2026-11-01,theft,{inside}\n2026-11-02,theft,105.9,21.0\n", 3, "lon"),
    ],
)
def test_bad_incident_file_exits_nonzero_with_both_languages(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture, text: str, row: int, column: str
) -> None:
    before = workspace.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text(text.format(inside="{},{}".format(*lonlat(500, 500))), encoding="utf-8")
    assert main(["import", str(workspace), "incidents", str(bad), "--strict"]) == 1
    err = capsys.readouterr().err
    assert f"Tệp bad.csv, dòng {row}, cột '{column}'" in err
    assert f"File bad.csv, row {row}, column '{column}'" in err
    assert workspace.read_bytes() == before


def test_import_refuses_bad_rows_lists_them_and_stores_the_rest(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    log = tmp_path / "log.csv"
    log.write_text(
        "Ngày,Loại,Thôn,Kinh độ,Vĩ độ\n"
        "2026-11-01,trộm,Thôn Đông,,\n"
        "2026-13-40,trộm,Thôn Tây,,\n"  # no such date
        "2026-11-03,trộm,Thôn Bắc,,\n"  # no such village
        "2026-11-04,trộm,,nan,21.0\n"  # no finite coordinates
        "2026-11-05,đánh nhau,Tây,,\n",
        encoding="utf-8",
    )
    report = tmp_path / "report.json"
    before, stored = workspace.read_bytes(), len(Workspace(workspace).read_optional("incidents"))
    args = ["import", str(workspace), "incidents", str(log), "--report", str(report)]
    assert main([*args, "--dry-run"]) == 0
    assert workspace.read_bytes() == before  # a dry run writes nothing
    assert "Dry run: nothing was written" in capsys.readouterr().out
    dry = json.loads(report.read_text(encoding="utf-8"))
    assert main(args) == 0
    done = json.loads(report.read_text(encoding="utf-8"))
    for made, dry_run in ((dry, True), (done, False)):
        assert made["dry_run"] is dry_run
        assert (made["rows_read"], made["rows_imported"], made["encoding"], made["crs"]) == (
            5,
            2,
            "UTF-8",
            "EPSG:4326",
        )
        assert [(r["row"], r["column"]) for r in made["rows_refused"]] == [
            (3, "Ngày"),
            (4, "Thôn"),
            (5, "Kinh độ"),
        ]
        assert "No village 'Thôn Bắc'" in made["rows_refused"][1]["reason_en"]
        assert "Không có thôn 'Thôn Bắc'" in made["rows_refused"][1]["reason_vi"]
    assert len(Workspace(workspace).read("incidents")) == stored + 2
    assert main(args) == 0  # the same file again adds nothing
    assert "Imported 0 new incidents and updated 2" in capsys.readouterr().out
    log_rows = import_log(Workspace(workspace))
    assert log_rows["file"].tolist()[-2:] == ["log.csv", "log.csv"]
    assert json.loads(log_rows["report"].iloc[-1])["rows_imported"] == 2


def test_a_file_with_no_good_row_exits_1_with_its_report(workspace: Path, tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text("Ngày,Loại,Thôn\n2026-13-40,trộm,Thôn Tây\n", encoding="utf-8")
    report = tmp_path / "report.json"
    assert main(["import", str(workspace), "incidents", str(log), "--report", str(report)]) == 1
    made = json.loads(report.read_text(encoding="utf-8"))
    assert made["rows_imported"] == 0 and "No row could be imported" in made["rows_refused"][0]["reason_en"]


def test_hotspots_prints_village_table(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["hotspots", str(workspace), "--from", "2026-01-01", "--to", "2026-11-30"]) == 0
    out = capsys.readouterr().out
    assert "Thôn Đông" in out and "Thôn Tây" in out
    assert out.index("Thôn Đông") < out.index("Thôn Tây")  # 3 incidents before 1


def test_hotspots_writes_gi_layers_of_every_cell_and_village(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    cells_out, villages_out = tmp_path / "out" / "gi-cells.geojson", tmp_path / "gi-villages.geojson"
    argv = ["hotspots", str(workspace), "--from", "01/01/2026", "--to", "2026-11-30", "--seed", "4"]
    assert main([*argv, "--gi-cells", str(cells_out), "--gi-villages", str(villages_out)]) == 0
    assert "Gi* (300 m)" in capsys.readouterr().out
    cells = gpd.read_file(cells_out)
    assert cells.crs.to_epsg() == 4326 and set(cells.geom_type) == {"Polygon"}
    assert len(cells) == (2000 // 300 + 1) ** 2  # every 300 m cell whose centre is in the 2 km square
    assert {"count", "gi_z", "p", "q", "class"} <= set(cells.columns)
    assert set(cells["class"]) <= {"hot_99", "hot_95", "hot_90", "cold_99", "cold_95", "cold_90", "none"}
    assert cells["count"].sum() == 3  # A3 is placed only by its village: no cell
    assert cells.loc[cells["count"].idxmax(), "count"] == 3  # the market's cell holds A1, A2, A4
    villages = gpd.read_file(villages_out)
    assert sorted(villages["name"]) == ["Thôn Tây", "Thôn Đông"] and villages["count"].sum() == 4
    assert villages.crs.to_epsg() == 4326 and (villages["p"].between(0, 1)).all()
    # The same seed writes the same layer.
    again = tmp_path / "again.geojson"
    assert main([*argv, "--gi-cells", str(again)]) == 0
    assert again.read_bytes() == cells_out.read_bytes()


def test_no_output_is_written_over_the_workspace(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["plan", str(workspace), "--week", "2026-W48", "--shifts", "night"]) == 0
    before = workspace.read_bytes()
    for fmt in ("geojson", "kml"):
        argv = ["export", str(workspace), "--week", "2026-W48", "--format", fmt, "--out", str(workspace)]
        assert main(argv) == 1
        assert "is the commune's workspace" in capsys.readouterr().err
    for option in ("--gi-cells", "--gi-villages", "--out"):
        argv = ["hotspots", str(workspace), "--from", "2026-01-01", "--to", "2026-11-30", option]
        assert main([*argv, str(workspace)]) == 1
        err = capsys.readouterr().err
        assert "chính là tệp dữ liệu của xã" in err and "is the commune's workspace" in err
    assert workspace.read_bytes() == before


def test_missing_workspace_is_a_bilingual_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["plan", str(tmp_path / "none.gpkg"), "--week", "2026-W48"]) == 1
    err = capsys.readouterr().err
    assert "Không tìm thấy" in err and "does not exist" in err


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["plan", "{ws}", "--week", "2026-W48", "--seed", "-1"], "must be a whole number ≥ 0"),
        (["plan", "{ws}"], "the following arguments are required: --week"),
        (["plan", "{ws}", "--week", "2026-W48", "--team-size", "5-3"], "write the team size like 3 or 3-5"),
        (["plan", "{ws}", "--week", "2026-W48", "--teams", "0"], "each shift needs at least 1 team"),
        (["plan", "{ws}", "--week", "2026-W48", "--unpredictability", "2"], "must be a number from 0 to 1"),
        (["plan", "{ws}", "--week", "2026-W48", "--move", "CA01"], "write it as A=B"),
        (["hotspots", "{ws}", "--from", "2026-01-01", "--to", "2026-02-01", "--category", "x"], "category"),
        (["hotspots", "{ws}", "--from", "2026-13-01", "--to", "2026-02-01"], "the date must look like"),
    ],
)
def test_usage_errors_are_bilingual(
    workspace: Path, capsys: pytest.CaptureFixture, argv: list, words: str
) -> None:
    with pytest.raises(SystemExit) as caught:
        main([a.format(ws=workspace) for a in argv])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "lệnh chưa đúng" in err and "invalid command" in err and words in err


def test_reversed_dates_and_unwritable_output_are_bilingual(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["hotspots", str(workspace), "--from", "2026-03-01", "--to", "2026-02-01"]) == 1
    assert "sau ngày kết thúc" in capsys.readouterr().err
    assert main(["plan", str(workspace), "--week", "2026-W48", "--shifts", "night"]) == 0
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    out = tmp_path / "a-file" / "plan.geojson"
    assert (
        main(["export", str(workspace), "--week", "2026-W48", "--format", "geojson", "--out", str(out)]) == 1
    )
    err = capsys.readouterr().err
    assert "Không đọc/ghi được tệp" in err and "Cannot read or write" in err


def test_week_is_stored_in_its_canonical_spelling(workspace: Path, tmp_path: Path) -> None:
    assert main(["plan", str(workspace), "--week", " 2026-w49", "--shifts", "night"]) == 0
    out = tmp_path / "w49.geojson"
    assert (
        main(["export", str(workspace), "--week", "2026-W49", "--format", "geojson", "--out", str(out)]) == 0
    )
    assert {f["properties"]["week"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]} == {
        "2026-W49"
    }


def test_unreachable_stops_are_stored_with_the_plan(
    workspace: Path, tmp_path: Path, tiny: dict[str, Path]
) -> None:
    places = gpd.read_file(tiny["places"])
    ferry = gpd.GeoDataFrame(
        {"place_id": ["I1"], "name": ["Bến cô lập"], "kind": ["ferry"], "priority": [3]},
        geometry=[Point(*lonlat(600, 1500))],
        crs="EPSG:4326",
    )
    lane = gpd.GeoDataFrame(
        {"highway": ["track"], "name": [""]},
        geometry=[LineString([lonlat(550, 1500), lonlat(650, 1500)])],  # joined to no other road
        crs="EPSG:4326",
    )
    pd.concat([places, ferry], ignore_index=True).to_file(tmp_path / "p.geojson")
    pd.concat([gpd.read_file(tiny["roads"]), lane], ignore_index=True).to_file(tmp_path / "r.geojson")
    assert main(["import", str(workspace), "places", str(tmp_path / "p.geojson"), "--replace"]) == 0
    assert main(["import", str(workspace), "roads", str(tmp_path / "r.geojson"), "--replace"]) == 0
    assert main(["plan", str(workspace), "--week", "2026-W48", "--shifts", "night"]) == 0
    assert load_plan(Workspace(workspace), "2026-W48").unreachable == ["Bến cô lập (I1)"]


def test_edits_on_the_command_line_are_kept_and_reported(
    workspace: Path, capsys: pytest.CaptureFixture
) -> None:
    week = ["--week", "2026-W48", "--shifts", "evening"]
    assert main(["plan", str(workspace), *week]) == 0
    out = capsys.readouterr().out
    assert "Risk covered" in out and "predictability 0% (against 0 earlier weeks)" in out
    patrols = load_plan(Workspace(workspace), "2026-W48").patrols
    team = patrols["team_id"].iloc[0]
    place = patrols["stops"].iloc[0][0]
    assert main(["plan", str(workspace), *week, "--seed", "9", "--lock-team", team]) == 0
    again = load_plan(Workspace(workspace), "2026-W48")
    row = again.patrols.set_index("team_id").loc[team]
    assert row["members"] == patrols["members"].iloc[0] and place in row["stops"]
    assert again.edits.members[team] == tuple(patrols["members"].iloc[0])
    # A later re-plan without options keeps the lock; removing its stop lifts that part.
    shift = patrols["shift_id"].iloc[0]
    assert main(["plan", str(workspace), *week, "--remove-stop", f"{shift}={place}"]) == 0
    last = load_plan(Workspace(workspace), "2026-W48").patrols
    assert all(place not in stops for stops in last.loc[last["shift_id"] == shift, "stops"])
    assert last.set_index("team_id").loc[team, "members"] == patrols["members"].iloc[0]


def test_edit_without_a_stored_plan_says_how_to_make_one(
    workspace: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["plan", str(workspace), "--week", "2026-W50", "--lock-team", "x"]) == 1
    err = capsys.readouterr().err
    assert "No plan for week 2026-W50 yet" in err and "Chưa có kế hoạch" in err


def test_a_re_plan_keeps_the_stored_options_that_are_not_given(workspace: Path) -> None:
    week = ["--week", "2026-W48", "--shifts", "evening"]
    assert main(["plan", str(workspace), *week, "--teams", "1", "--team-size", "2-3", "--seed", "4"]) == 0
    team = load_plan(Workspace(workspace), "2026-W48").patrols["team_id"].iloc[0]
    assert main(["plan", str(workspace), "--week", "2026-W48", "--lock-team", team]) == 0
    again = load_plan(Workspace(workspace), "2026-W48")
    assert again.settings.teams_per_shift == 1 and again.settings.team_size == (2, 3)
    assert again.settings.seed == 4 and again.settings.shifts == ("evening",)
    assert main(["plan", str(workspace), "--week", "2026-W48", "--seed", "5"]) == 0
    assert load_plan(Workspace(workspace), "2026-W48").settings.seed == 5
    assert load_plan(Workspace(workspace), "2026-W48").edits.members  # the lock is kept too


def test_a_name_confirmed_once_places_later_rows(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    log = tmp_path / "log.csv"
    log.write_text("ngày,loại,thôn\n2026-10-15,trộm,Xóm Giữa\n2026-10-16,trộm,Thôn Đông\n", encoding="utf-8")
    report = tmp_path / "report.json"
    assert main(["import", str(workspace), "incidents", str(log), "--report", str(report)]) == 0
    refused = json.loads(report.read_text(encoding="utf-8"))["rows_refused"]
    assert [r["row"] for r in refused] == [2] and "patrol-map alias WORKSPACE 'Xóm Giữa'" in refused[0][
        "reason_en"
    ]
    assert main(["alias", str(workspace), "Xóm Giữa", "tây"]) == 0
    assert "Remembered: 'Xóm Giữa' means Thôn Tây" in capsys.readouterr().out
    assert main(["import", str(workspace), "incidents", str(log), "--report", str(report)]) == 0
    assert json.loads(report.read_text(encoding="utf-8"))["rows_refused"] == []
    stored = Workspace(workspace).read("incidents")
    assert stored.loc[stored["date"] == "2026-10-15", "village"].tolist() == ["Thôn Tây"]
    assert main(["alias", str(workspace), "Xóm Giữa", "Thôn Bắc"]) == 1  # no such village


def test_import_reads_a_field_from_the_column_given(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    log = tmp_path / "so.csv"
    log.write_text(
        "Ngày ghi sổ,Hôm xảy ra,Loại,Thôn,Nguồn\n"
        "20/11/2026,02/11/2026,trộm,Thôn Đông,sổ A\n"
        "20/11/2026,31/11/2026,trộm,Tây,sổ B\n",
        encoding="utf-8",
    )
    report = tmp_path / "r.json"
    args = ["import", str(workspace), "incidents", str(log), "--report", str(report), "--dry-run"]
    assert main(args) == 1  # no date column under any name it knows
    assert "Column 'date' is missing" in capsys.readouterr().err
    # "Nguồn" (source) holds the book's name here, no source: every row is refused until it is not read.
    assert main([*args, "--column", "date=Hôm xảy ra"]) == 1
    assert "No row could be imported" in capsys.readouterr().err
    assert main([*args, "--column", "date=Hôm xảy ra", "--column", "source="]) == 0
    made = json.loads(report.read_text(encoding="utf-8"))
    assert made["columns"]["date"] == "Hôm xảy ra" and "source" not in made["columns"]
    assert made["header"] == ["Ngày ghi sổ", "Hôm xảy ra", "Loại", "Thôn", "Nguồn"]
    assert [(r["row"], r["column"]) for r in made["rows_refused"]] == [(3, "Hôm xảy ra")]  # 31 November
    with pytest.raises(SystemExit):
        main([*args, "--column", "date"])
    assert "expected FIELD=COLUMN" in capsys.readouterr().err


def test_every_command_and_option_is_explained_in_both_languages() -> None:
    """Each help text holds a Vietnamese part (with its letters) and an English one, joined by ' / '."""
    import argparse

    from patrol_map.cli import build_parser

    def helps(parser: argparse.ArgumentParser, path: str):  # type: ignore[no-untyped-def]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    yield f"{path} {choice.dest}", choice.help
                for name, sub in action.choices.items():
                    yield from helps(sub, f"{path} {name}")
            else:
                yield f"{path} {'/'.join(action.option_strings) or action.dest}", action.help

    found = list(helps(build_parser(), "patrol-map"))
    assert len(found) > 80
    for where, text in found:
        assert text and " / " in text, where
        vietnamese, english = text.split(" / ", 1)
        assert any(ord(letter) > 127 for letter in vietnamese), where  # Vietnamese letters
        words = [word.strip(",.;:()'\"") for word in english.split()]
        assert sum(word.isascii() and word.isalpha() for word in words) >= 2, where


def test_settings_are_shown_stored_and_used_by_the_next_plan(
    workspace: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["settings", str(workspace)]) == 0
    shown = capsys.readouterr().out
    assert "Ca tối / Evening shift: 19:00–23:00" in shown and "Số tổ mỗi ca / Teams per shift: 2" in shown
    change = ["--shift-time", "tối=18:30-22:30", "--shift-time", "night=22:30-02:30", "--stop-minutes", "10"]
    festival = ["--festival", "2026-11-28=Lễ hội đình làng|Temple festival", "--teams", "1"]
    assert main(["settings", str(workspace), *change, *festival]) == 0
    shown = capsys.readouterr().out
    assert "Ca tối / Evening shift: 18:30–22:30" in shown
    assert "Lễ hội / Festival: 28/11/2026 Lễ hội đình làng (Temple festival)" in shown
    # A week not planned before takes the commune's settings for every option left out.
    assert main(["plan", str(workspace), "--week", "2026-W48", "--shifts", "evening"]) == 0
    patrols = load_plan(Workspace(workspace), "2026-W48").patrols
    assert set(patrols["shift_start"].str[11:16]) == {"18:30"} and set(patrols["stop_minutes"]) == {10.0}
    assert len(patrols) == 7  # one team per shift


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--shift-time", "evening=19:00-00:30"], "overlaps the night shift"),
        (["--shift-time", "dawn=04:00-05:00"], "There is no shift 'dawn'"),
        (["--shift-time", "evening=7pm-11pm"], "write them like 19:00-23:00"),
        (["--basemap", "/etc/hostname"], "cannot be read as an MBTiles or PMTiles basemap"),
    ],
)
def test_a_refused_setting_says_why_in_both_languages_and_stores_nothing(
    workspace: Path, capsys: pytest.CaptureFixture, options: list[str], said: str
) -> None:
    before = workspace.read_bytes()
    assert main(["settings", str(workspace), *options]) == 1
    error = capsys.readouterr().err
    assert said in error and any(ch in error for ch in "ăâđêôơư")  # the Vietnamese line too
    assert workspace.read_bytes() == before
