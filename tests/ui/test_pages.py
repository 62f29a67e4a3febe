"""Each app page run headless with Streamlit's AppTest on the sample commune."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from patrol_map.ui.common import week_name

APP = Path(__file__).parents[2] / "app.py"
TIMEOUT = 120


@pytest.fixture(scope="module")
def own_sample(sample_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample workspace: these tests plan again and must not change what others read."""
    return Path(shutil.copy(sample_workspace, tmp_path_factory.mktemp("ui") / sample_workspace.name))


@pytest.fixture(autouse=True)
def use_sample(own_sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(own_sample))


def page(name: str, lang: str = "vi", week: str | None = None) -> AppTest:
    at = AppTest.from_string(f"from patrol_map.ui import {name}\n{name}.render()", default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    if week is not None:  # the week chooser of the plan page opens on the current week
        at.session_state["plan_week"] = week
    return at.run()


def test_app_opens_on_the_overview_in_vietnamese() -> None:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert at.title[0].value == "Xã Nam Trạch"
    assert at.sidebar.radio[0].value == "vi"


def test_overview_metrics() -> None:
    at = page("overview")
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert labels == ["Số thôn", "Đường (km)", "Vụ việc 12 tháng qua", "Công an / dân quân"]
    assert 15 <= int(at.metric[0].value) <= 25
    assert at.metric[3].value == "15 / 40"


def test_overview_in_english() -> None:
    at = page("overview", lang="en")
    assert not at.exception
    assert at.title[0].value == "Nam Trạch commune"
    assert at.metric[0].label == "Villages"


def test_hotspot_page_ranks_villages_and_filters_categories() -> None:
    at = page("hotspots")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table.columns[:2]) == ["Thôn", "Tổng"]
    assert table["Tổng"].is_monotonic_decreasing
    total = table["Tổng"].sum()
    at.multiselect(key="hot_categories_vi").set_value(["theft"]).run()
    assert not at.exception
    assert 0 < at.dataframe[0].value["Tổng"].sum() < total


def test_plan_page_shows_joint_teams_and_replans() -> None:
    at = page("plan", week="2026-W48")  # the sample's plan; today is in W49
    assert not at.exception
    assert (
        at.selectbox(key="plan_day_vi").value == "Thứ Hai 23/11"
    )  # the week's first day: today is not in it
    assert at.selectbox(key="plan_shift_vi_2026-11-23").value == "Thứ Hai 23/11 06:00–10:00"
    assert len(at.dataframe[0].value) == 3 * 2  # the day's patrols; the map shows the shift's
    at.selectbox(key="plan_day_vi").set_value("Cả tuần").run()
    table = at.dataframe[0].value
    assert len(table) == 21 * 2
    for members in table["Thành viên (tổ trưởng đầu tiên)"]:
        assert "(công an)" in members and "(dân quân)" in members
    at.selectbox(key="plan_day_vi").set_value("Thứ Ba 24/11").run()
    assert len(at.dataframe[0].value) == 3 * 2
    at.number_input(key="plan_seed").set_value(7).run()
    at.button[0].click().run()
    assert not at.exception
    assert at.success[0].value == "Đã lập và lưu kế hoạch tuần 2026-W48."


def test_plan_page_shows_risk_covered_beside_predictability(own_sample: Path) -> None:
    from patrol_map.plan.store import load_plan
    from patrol_map.workspace import Workspace

    plan = load_plan(Workspace(own_sample), "2026-W48")
    at = page("plan", week="2026-W48")  # the sample's plan; today is in W49
    labels = [m.label for m in at.metric]
    assert labels == ["Rủi ro được tuần tra", "Mức dễ đoán"]
    assert at.metric[0].value == f"{plan.risk_covered:.0%}"
    assert at.metric[1].value == f"{plan.predictability.score:.0%}"


def test_locking_a_team_in_the_app_keeps_it_through_a_replan(own_sample: Path) -> None:
    from patrol_map.plan.store import load_plan
    from patrol_map.workspace import Workspace

    at = page("plan", week="2026-W48")  # the sample's plan; today is in W49
    team_label = at.selectbox(key="edit_team_vi").value
    at.button(key="edit_lock").click().run()
    assert not at.exception and not at.error
    assert at.success[0].value == "Đã lập lại kế hoạch, giữ các thay đổi."
    stored = load_plan(Workspace(own_sample), "2026-W48")
    assert len(stored.edits.members) == 1
    kept = next(c.value for c in at.caption if "đã khóa" in c.value)
    assert f"tổ {team_label} đã khóa" in kept  # the team by its day, hours and number, not its id
    assert at.selectbox(key="edit_team_vi").value == team_label


def test_an_edit_that_breaks_a_rule_is_refused_in_words(own_sample: Path) -> None:
    from patrol_map.workspace import Workspace

    places = Workspace(own_sample).read("places")
    school = places.loc[places["kind"] == "school", "place_id"].iloc[0]
    at = page("plan", week="2026-W48")  # the sample's plan; today is in W49
    evening = next(o for o in at.selectbox(key="edit_team_vi").options if "19:00" in o)
    at.selectbox(key="edit_team_vi").set_value(evening).run()
    at.selectbox(key="edit_add_place").set_value(school).run()
    at.button(key="edit_add").click().run()
    assert not at.exception
    assert "chỉ tính vào giờ" in at.error[0].value


def test_plan_page_for_a_week_without_plan() -> None:
    at = page("plan", week="2027-W02")  # chosen as any week is: whatever today is, it is offered
    assert not at.exception
    assert "Chưa có kế hoạch cho tuần 2027-W02." in at.warning[0].value


def test_switching_language_back_and_forth_keeps_every_page_working() -> None:
    for name in ("hotspots", "plan"):
        at = page(name)
        for lang in ("en", "vi", "en"):
            at.session_state["lang"] = lang
            at.run()
            assert not at.exception, (name, lang)
        assert at.title[0].value in ("Hotspots", "Weekly plan")
    assert len(at.multiselect(key="plan_shifts_en").value) == 3


def test_a_chosen_category_survives_a_change_of_language() -> None:
    at = page("hotspots")
    at.multiselect(key="hot_categories_vi").set_value(["theft", "drugs"]).run()
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert at.multiselect(key="hot_categories_en").value == ["theft", "drugs"]


def test_a_missing_chosen_workspace_is_an_error_not_a_new_sample(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(tmp_path / "missing.gpkg"))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert "missing.gpkg" in at.error[0].value and "Không tìm thấy" in at.error[0].value
    assert not (tmp_path / "missing.gpkg").exists()


def test_a_commune_with_only_its_boundary_shows_what_to_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from patrol_map.demo import SAMPLE_BOUNDARY
    from patrol_map.geo.bundled import geodata_dir
    from patrol_map.importing import create_workspace

    create_workspace(tmp_path / "new.gpkg", geodata_dir() / SAMPLE_BOUNDARY)
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(tmp_path / "new.gpkg"))
    at = page("overview")
    assert not at.exception
    assert "Chưa có: Thôn, Đường" in at.warning[0].value
    assert at.metric[0].value == "0"


EVENING_WEEK = "2026-W49"


@pytest.fixture
def evening_week(sample_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample workspace with week 2026-W49 planned, evenings only, one team locked."""
    from patrol_map.plan.edits import Edits
    from patrol_map.plan.schedule import plan_week
    from patrol_map.plan.store import save_plan
    from patrol_map.workspace import Workspace

    path = Path(shutil.copy(sample_workspace, tmp_path / sample_workspace.name))
    ws = Workspace(path)
    options = {"seed": 3, "shifts": ["evening"], "team_size": (2, 4), "unpredictability": 0.3}
    first = plan_week(ws, EVENING_WEEK, **options)
    locked = Edits().lock_team(first.patrols, first.patrols["team_id"].iloc[0])
    save_plan(ws, plan_week(ws, EVENING_WEEK, **options, edits=locked))
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(path))
    return path


def form_values(at: AppTest) -> tuple:
    return (
        at.number_input(key="plan_seed").value,
        at.number_input(key="plan_teams").value,
        at.number_input(key="plan_size").value,
        at.number_input(key="plan_size_max").value,
        at.multiselect(key="plan_shifts_vi").value,
        at.slider(key="plan_unpredictability").value,
    )


def test_the_plan_form_shows_the_chosen_weeks_settings_and_keeps_its_edits(evening_week: Path) -> None:
    from patrol_map.plan.store import load_plan
    from patrol_map.workspace import Workspace

    before = load_plan(Workspace(evening_week), EVENING_WEEK)
    assert len(before.edits.members) == 1
    at = page("plan", week=EVENING_WEEK)  # the current week when this was written; any day since
    assert not at.exception
    assert form_values(at) == (3, 2, 2, 4, ["evening"], 0.3)
    at.selectbox(key="plan_week_vi").set_value(
        week_name("2026-W48", "vi", planned=True)
    ).run()  # 2026-W48: the sample's plan
    assert form_values(at) == (0, 2, 3, 5, ["morning", "evening", "night"], 0.5)
    at.selectbox(key="plan_week_vi").set_value(week_name("2026-W49", "vi", planned=True)).run()
    assert form_values(at) == (3, 2, 2, 4, ["evening"], 0.3)
    assert "giữ các thay đổi" in " ".join(c.value for c in at.caption)
    at.number_input(key="plan_seed").set_value(4)  # a form sends its values with its button
    next(b for b in at.button if b.label == "Lập kế hoạch").click().run()
    assert not at.exception and not at.error
    after = load_plan(Workspace(evening_week), EVENING_WEEK)
    assert after.edits == before.edits
    assert after.settings.seed == 4 and after.settings.shifts == ("evening",)
    team = next(iter(before.edits.members))
    members = after.patrols.set_index("team_id").loc[team, "members"]
    assert tuple(members) == before.edits.members[team]


def test_an_older_plan_beside_a_newer_one_shows_everything(
    sample_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A week stored by the first versions: no stop times, positions, departure, settings or edits."""
    from patrol_map.plan.store import load_plan
    from patrol_map.workspace import Workspace
    from tests.older_layout import store_older

    path = Path(shutil.copy(sample_workspace, tmp_path / sample_workspace.name))
    store_older(path, load_plan(Workspace(path), "2026-W48"), EVENING_WEEK)  # beside 2026-W48
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(path))
    at = page("plan", week=EVENING_WEEK)
    assert not at.exception and not at.error
    assert form_values(at) == (0, 2, 3, 5, ["morning", "evening", "night"], 0.5)
    at.selectbox(key="plan_day_vi").set_value("Cả tuần").run()
    assert len(at.dataframe[0].value) == 21 * 2
    buttons = {b.proto.label for b in at.get("download_button")}
    assert len(buttons) == 6  # every format: its stops were rebuilt from the circuits as it was read


def test_a_damaged_stored_plan_is_said_so_not_taken_for_no_plan(
    sample_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyogrio

    path = Path(shutil.copy(sample_workspace, tmp_path / sample_workspace.name))
    layer = pyogrio.read_dataframe(path, layer="plans")
    layer.loc[layer.index[layer["week"] == "2026-W48"][0], "members"] = "[not json"
    pyogrio.write_dataframe(layer, path, layer="plans", driver="GPKG")
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(path))
    at = page("plan", week="2026-W48")  # the sample's plan; today is in W49
    assert not at.exception
    assert any("Không đọc được kế hoạch đã lưu của tuần 2026-W48" in e.value for e in at.error)
    assert not any(w.value.startswith("Chưa có kế hoạch") for w in at.warning)


def test_a_stop_added_to_a_team_can_be_taken_back(evening_week: Path) -> None:
    from patrol_map.plan.edits import Edits
    from patrol_map.plan.store import load_plan
    from patrol_map.workspace import Workspace

    patrols = load_plan(Workspace(evening_week), EVENING_WEEK).patrols
    # A team of a shift without the locked team, and a place another team of its shift visits.
    visiting = next(
        k
        for k in range(len(patrols))
        if patrols["shift_id"][k] != patrols["shift_id"][0] and patrols["stops"][k] != "[]"
    )
    shift = patrols["shift_id"][visiting]
    k = next(k for k in range(len(patrols)) if patrols["shift_id"][k] == shift and k != visiting)
    team, place = patrols["team_id"][k], patrols["stops"][visiting][0]
    at = page("plan", week=EVENING_WEEK)
    team_box = at.selectbox(key="edit_team_vi")
    team_box.set_value(team_box.options[k]).run()
    assert at.button(key="edit_unlock").disabled and not [b for b in at.button if b.key == "edit_undo"]
    at.selectbox(key="edit_add_place").set_value(place).run()
    at.button(key="edit_add").click().run()
    assert not at.exception and not at.error
    added = load_plan(Workspace(evening_week), EVENING_WEEK).edits
    assert added.stops[team] == (place,)
    assert at.selectbox(key=f"edit_undo_place_{team}").value == place
    assert len(at.selectbox(key=f"edit_undo_place_{team}").options) == 1
    assert not at.button(key="edit_unlock").disabled
    at.button(key="edit_undo").click().run()
    assert not at.exception and not at.error
    undone = load_plan(Workspace(evening_week), EVENING_WEEK).edits
    assert team not in undone.stops and not undone.removed  # taken back, not banned from the shift
    assert undone == Edits(members=added.members, stops={t: s for t, s in added.stops.items() if t != team})


def test_import_page_previews_then_imports(
    own_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = Path(
        shutil.copy(own_sample, tmp_path / own_sample.name)
    )  # the other pages' copy stays as it is
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(workspace))
    log = (
        "Ngày,Loại,Thôn\n2026-10-15,trộm,Xóm Cồn\n2026-13-40,trộm,Xóm Cồn\n"
        "2026-10-16,đánh nhau,thon trung thanh\n"
    )
    at = page("data_import")
    assert not at.exception and "nothing is written" not in at.info[0].value  # Vietnamese first
    at.selectbox[0].set_value("incidents")
    at.file_uploader[0].set_value(("so_vu_viec.csv", log.encode("utf-8"), "text/csv")).run()
    assert not at.exception
    assert [m.value for m in at.metric] == ["3", "2", "1"]
    refused = at.dataframe[1].value
    assert refused.iloc[0].tolist() == [3, "Ngày", refused.iloc[0, 2]] and "2026-13-40" in refused.iloc[0, 2]
    columns = at.dataframe[0].value
    assert dict(zip(columns.iloc[:, 0], columns.iloc[:, 1], strict=True)) == {
        "Ngày xảy ra": "Ngày",
        "Loại vụ việc": "Loại",
        "Thôn": "Thôn",
    }
    assert any("Sẽ nhập 2 vụ việc mới" in info.value for info in at.info)  # not yet done
    at.session_state["lang"] = "en"  # a change of language keeps the kind and the file
    at.run()
    assert at.selectbox(key="import_kind").value == "incidents" and at.metric[0].value == "3"
    before = workspace.read_bytes()
    assert at.button[0].disabled  # not before the columns are confirmed
    at.checkbox(key="import_confirmed_0").check().run()
    at.button[0].click().run()
    assert not at.exception
    assert any("Imported 2 new incidents" in s.value for s in at.success)
    assert workspace.read_bytes() != before
    assert at.file_uploader[0].value is None and not at.metric  # a fresh page for the next file


def test_import_page_asks_before_replacing_people(
    own_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = Path(shutil.copy(own_sample, tmp_path / own_sample.name))
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(workspace))
    at = page("data_import", lang="en")
    at.selectbox[0].set_value("people")
    people = "name,force\nA,police\nB,militia\n"
    at.file_uploader[0].set_value(("people.csv", people.encode("utf-8"), "text/csv")).run()
    assert any("would replace the 55 people" in warning.value for warning in at.warning)
    confirm = at.checkbox(key="import_confirmed_0")
    assert confirm.label == "Replace the data stored with this file"
    confirm.check().run()
    at.button[0].click().run()
    assert not at.exception and any("Stored 1 police officers and 1 militia" in s.value for s in at.success)


def test_import_page_proposes_a_crs_and_previews_the_file_in_it(
    own_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = Path(shutil.copy(own_sample, tmp_path / own_sample.name))
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(workspace))
    shapefile = Path(__file__).parents[1] / "data" / "messy" / "thon_khong_prj.zip"
    at = page("data_import", lang="en")
    at.selectbox[0].set_value("villages")
    at.file_uploader[0].set_value(("thon.zip", shapefile.read_bytes(), "application/zip")).run()
    assert not at.exception and "states no coordinate reference system" in at.error[0].value
    assert at.radio[0].options == ["VN-2000 / TM-3 106-00"]  # Quảng Trị's meridian, the only one that fits
    before = workspace.read_bytes()
    at.button[0].click().run()  # preview in the proposed CRS: nothing written yet
    assert not at.exception and not at.error
    assert at.text_input(key="import_crs").value == "EPSG:9211"
    assert [m.value for m in at.metric] == ["21", "21", "0"]
    assert "EPSG:9211" in at.caption[0].value
    assert any("must lie where they belong" in c.value for c in at.caption)
    assert workspace.read_bytes() == before
    assert any("would replace the 21 villages stored with 21" in w.value for w in at.warning)
    at.checkbox(key="import_confirmed_0").check().run()
    at.button[-1].click().run()
    assert not at.exception and any("Stored 21 villages" in s.value for s in at.success)


def test_import_page_reads_a_field_from_the_column_chosen(
    own_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = Path(shutil.copy(own_sample, tmp_path / own_sample.name))
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(workspace))
    log = "Ngày ghi sổ,Hôm xảy ra,Loại,Thôn\n20/11/2026,02/11/2026,trộm,Xóm Cồn\n".encode()
    at = page("data_import", lang="en")
    at.selectbox[0].set_value("incidents")
    at.file_uploader[0].set_value(("so.csv", log, "text/csv")).run()
    assert "Column 'date' is missing" in at.error[0].value  # no column is named as a date
    date = at.selectbox(key=f"import_columns:incidents:so.csv:{len(log)}:date")
    assert date.options[2:] == ["Ngày ghi sổ", "Hôm xảy ra", "Loại", "Thôn"]
    date.set_value("Hôm xảy ra").run()
    assert not at.exception and not at.error
    assert [m.value for m in at.metric] == ["1", "1", "0"]
    columns = at.dataframe[0].value
    assert dict(zip(columns.iloc[:, 0], columns.iloc[:, 1], strict=True))["Date"] == "Hôm xảy ra"
    at.checkbox(key="import_confirmed_0").check().run()
    at.button[0].click().run()
    assert not at.exception and any("Imported 1 new incidents" in s.value for s in at.success)


def test_import_page_takes_a_check_in_sheet_and_a_track(
    own_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from patrol_map.plan.store import load_plan
    from patrol_map.sample.tracks import follow, write_gpx
    from patrol_map.workspace import Workspace

    workspace = Path(shutil.copy(own_sample, tmp_path / own_sample.name))
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(workspace))
    patrols = load_plan(Workspace(workspace), "2026-W48").patrols.set_index("patrol_id")
    first = patrols.loc["2026-11-23-evening-T1"]
    line = f"2026-11-23-evening-T1,{first['stop_names'][0]},{first['stop_times'][0][11:16]}"
    sheet = f"Mã lượt tuần tra,Địa điểm,Giờ\n{line}\n"
    at = page("data_import", lang="en")
    at.selectbox(key="import_kind").set_value("checkins")
    at.file_uploader[0].set_value(("so_ky.csv", sheet.encode(), "text/csv")).run()
    assert not at.exception and [m.value for m in at.metric] == ["1", "1", "0"]
    at.checkbox(key="import_confirmed_0").check().run()
    at.button[0].click().run()
    assert any("Imported 1 new check-ins" in s.value for s in at.success)
    track = write_gpx(
        tmp_path / "t.gpx",
        [follow(patrols.loc["2026-11-24-evening-T2"].rename("2026-11-24-evening-T2"))],
        Workspace(workspace).crs,
    )
    at.selectbox(key="import_kind").set_value("tracks")
    at.file_uploader[0].set_value(("t.gpx", track.read_bytes(), "application/gpx+xml")).run()
    # Matched by the stops it passes; the patrol could also be chosen in the list.
    assert at.selectbox(key="import_patrol").value == ""
    assert not at.error and any("records patrol 2026-11-24-evening-T2" in i.value for i in at.info)
    at.checkbox(key="import_confirmed_1").check().run()
    at.button[0].click().run()
    assert not at.exception and any("records patrol 2026-11-24-evening-T2" in s.value for s in at.success)


def test_import_page_remembers_which_village_a_name_means(
    own_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from patrol_map.village_aliases import read_aliases
    from patrol_map.workspace import Workspace

    workspace = Path(shutil.copy(own_sample, tmp_path / own_sample.name))
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(workspace))
    log = (
        "Ngày,Loại,Thôn\n2026-10-15,trộm,Xóm Sao Hỏa\n2026-10-16,trộm,Xóm Sao Hỏa\n2026-10-16,trộm,Xóm Cồn\n"
    )
    at = page("data_import", lang="en")
    at.selectbox(key="import_kind").set_value("incidents")
    at.file_uploader[0].set_value(("so.csv", log.encode(), "text/csv")).run()
    assert [m.value for m in at.metric] == ["3", "1", "2"]
    means = at.selectbox(key="import_alias:Xóm Sao Hỏa")
    assert means.label == "'Xóm Sao Hỏa' (2 rows) is the village"
    means.set_value("Thôn Vĩnh Lộc").run()
    at.button(key="import_alias_go:Xóm Sao Hỏa").click().run()
    assert not at.exception and [m.value for m in at.metric] == ["3", "3", "0"]  # the preview again
    assert read_aliases(Workspace(workspace)) == {"Xóm Sao Hỏa": "Thôn Vĩnh Lộc"}


def test_coverage_page_shows_what_was_done(
    own_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from patrol_map.plan.store import load_plan
    from patrol_map.recording import import_record
    from patrol_map.sample.tracks import follow, write_gpx
    from patrol_map.workspace import Workspace

    workspace = Path(shutil.copy(own_sample, tmp_path / own_sample.name))
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(workspace))
    at = page("coverage", lang="en")
    at.selectbox(key="coverage_week_en").set_value(week_name("2026-W48", "en", planned=True)).run()
    assert not at.exception and any("No GPS track or check-in sheet" in i.value for i in at.info)
    ws = Workspace(workspace)
    patrols = load_plan(ws, "2026-W48").patrols.set_index("patrol_id")
    track = write_gpx(tmp_path / "t.gpx", [follow(patrols.loc["2026-11-23-evening-T1"])], ws.crs)
    import_record(ws, "tracks", track, patrol="2026-11-23-evening-T1")
    at.run()
    assert not at.exception and not at.info
    assert at.metric[0].value == "1 / 42" and at.metric[1].value == "3"
    teams = at.dataframe[0].value.set_index("Team")
    assert teams.loc["2026-11-23-evening-T1", "Source"] == "GPS"
    assert (
        teams.loc["2026-11-23-evening-T1", "Missed"] == 0 and teams.loc["2026-11-23-evening-T2", "Missed"] > 0
    )
    forces = at.dataframe[1].value
    assert forces.set_index("Force").loc["police", "Person-turns"] == 1


def test_coverage_page_saves_a_typed_check_in_sheet(
    own_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from patrol_map.plan.store import load_plan
    from patrol_map.workspace import Workspace

    workspace = Path(shutil.copy(own_sample, tmp_path / own_sample.name))
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(workspace))
    patrol = (
        load_plan(Workspace(workspace), "2026-W48")
        .patrols.set_index("patrol_id")
        .loc["2026-11-25-morning-T2"]
    )
    at = page("coverage", lang="en")
    at.selectbox(key="coverage_week_en").set_value(week_name("2026-W48", "en", planned=True)).run()
    typed = [
        {
            "patrol_id": "2026-11-25-morning-T2",
            "place": patrol["stop_names"][0],
            "time": patrol["stop_times"][0][11:16],
        },
        {
            "patrol_id": "2026-11-25-morning-T2",
            "place": patrol["stop_names"][1],
            "time": "23:50",
        },  # not in the shift
    ]
    at.session_state["coverage_sheet_2026-W48_0"] = {
        "edited_rows": {},
        "added_rows": typed,
        "deleted_rows": [],
    }
    at.run()
    at.button(key="coverage_sheet_save").click().run()
    assert not at.exception
    assert any("Imported 1 new check-ins" in s.value for s in at.success)
    assert len(at.warning) == 1 and "time" in at.warning[0].value.lower()
    teams = at.dataframe[0].value.set_index("Team")
    assert teams.loc["2026-11-25-morning-T2", "Source"] == "Check-in sheet"
    assert teams.loc["2026-11-25-morning-T2", "Visited on time"] == 1


def test_papers_page_makes_a_briefing_and_orders_to_download(own_sample: Path) -> None:
    at = page("papers", lang="vi")
    assert not at.exception and at.title[0].value == "In báo cáo"
    at.session_state["papers_day"] = date(2026, 11, 18)
    at.run()
    at.button(key="papers_make_briefing").click().run()
    assert not at.exception and not at.error
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Tải bao_cao_2026-W47.pdf (PDF để in)", "Tải bao_cao_2026-W47.xlsx (Excel)"]
    at.selectbox(key="papers_week").set_value("2026-W48")
    at.selectbox(key="papers_orders_day_vi").set_value("Thứ Tư 25/11").run()
    at.button(key="papers_make_orders").click().run()
    assert not at.exception and not at.error
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Tải lenh_tuan_tra_2026-W48_2026-11-25.pdf (PDF để in)" in labels


def test_meeting_page_puts_two_months_then_plan_and_done_side_by_side(own_sample: Path) -> None:
    at = page("meeting", lang="vi")
    assert not at.exception and at.title[0].value == "Giao ban"
    # The sample's last record is on 18/11/2026: October whole, November to that day.
    assert [h.value for h in at.subheader] == ["Tháng 10/2026", "Tháng 11/2026"]
    captions = [c.value for c in at.caption]
    assert any("từ 01/10/2026 đến 31/10/2026" in c for c in captions)
    assert any("từ 01/11/2026 đến 18/11/2026" in c for c in captions)
    frames = at.get("iframe")
    assert len(frames) == 2 and all("font-size: 17px" in f.proto.srcdoc for f in frames)  # large print
    at.radio(key="meeting_mode").set_value("plan_done").run()
    assert not at.exception
    assert [h.value for h in at.subheader] == ["Kế hoạch", "Thực hiện (vết GPS, sổ ký)"]
    # The week with records (2026-W47), its first day: circuits on the left, stop states on the right.
    assert at.session_state["meeting_week"] == "2026-W47"
    assert at.selectbox(key="meeting_shift_vi_2026-11-16").value == "Thứ Hai 16/11 06:00–10:00"  # one shift
    planned, done = (f.proto.srcdoc for f in at.get("iframe"))
    assert "patrol-route" in planned and "stop-visited" in done


def test_people_page_saves_a_leave_and_refuses_a_bad_cell_naming_row_and_column(
    own_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from patrol_map.workspace import Workspace

    workspace = Path(shutil.copy(own_sample, tmp_path / own_sample.name))
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(workspace))
    before = Workspace(workspace).read("people")
    at = page("people", lang="vi")
    assert not at.exception and at.title[0].value == "Người và lịch trực"
    # Availability in the words a commander writes, not the stored codes.
    shown = at.dataframe[0].value.set_index("person_id")
    assert shown.loc["CA01", "availability"] == "T2, T3, T4, T5, T6, CN"
    assert shown.loc["CA03", "availability"] == "tất cả"
    # A leave typed for the first person, and a person added: both stored.
    at.session_state["people_table_0_vi"] = {
        "edited_rows": {0: {"leave": "24/11/2026..26/11/2026"}},
        "added_rows": [
            {"person_id": "DQ99", "name": "Lê Văn Mới", "force": "militia", "availability": "T2-T6, tối"}
        ],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="people_save").click().run()
    assert not at.exception and not at.error
    after = Workspace(workspace).read("people").set_index("person_id")
    assert len(after) == len(before) + 1
    assert after.loc[before["person_id"].iloc[0], "leave"] != ""  # the leave kept, in the stored form
    assert after.loc["DQ99", "name"] == "Lê Văn Mới" and not after.loc["DQ99", "is_synthetic"]
    assert bool(after.loc[before["person_id"].iloc[1], "is_synthetic"])  # the sample's flag kept
    # A date that does not exist: nothing is stored, and the message names the row and the column.
    stored = workspace.read_bytes()
    at.session_state["people_table_1_vi"] = {
        "edited_rows": {2: {"leave": "31/02/2026"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="people_save").click().run()
    assert not at.exception and len(at.error) == 1
    # The table's third row is row 4 of the file it is checked as (its header is row 1).
    said = "Tệp danh_sach_nguoi.csv, dòng 4, cột 'leave': Ngày nghỉ '31/02/2026'"
    assert at.error[0].value.startswith(said)
    assert workspace.read_bytes() == stored


def test_places_page_shows_days_in_vietnamese_and_saves_new_hours(
    own_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from patrol_map.workspace import Workspace

    workspace = Path(shutil.copy(own_sample, tmp_path / own_sample.name))
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(workspace))
    at = page("places", lang="vi")
    assert not at.exception and at.title[0].value == "Địa điểm tuần tra"
    shown = at.dataframe[0].value.set_index("place_id")
    assert set(shown["days"]) <= {"tất cả", "T2, T3, T4, T5, T6, T7"}  # not "all", "mon,tue,..."
    at.session_state["places_table_0_vi"] = {
        "edited_rows": {2: {"hours": "17h-19h"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="places_save").click().run()
    assert not at.exception and not at.error
    stored = Workspace(workspace).read("places").set_index("place_id")
    assert stored.loc[shown.index[2], "hours"] == "17:00-19:00"


def test_settings_page_saves_shift_hours_and_a_festival_that_the_plan_page_then_names(
    own_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from patrol_map.commune_settings import read_settings
    from patrol_map.workspace import Workspace

    workspace = Path(shutil.copy(own_sample, tmp_path / own_sample.name))
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(workspace))
    at = page("settings", lang="vi")
    assert not at.exception and at.title[0].value == "Cài đặt"
    at.number_input(key="settings_minutes_0_vi").set_value(15.0)
    at.session_state["settings_shifts_0_vi"] = {
        "edited_rows": {1: {"start": "18:30"}, 2: {"start": "22:30"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.session_state["settings_festivals_0_vi"] = {
        "edited_rows": {},
        "added_rows": [{"day": "2026-11-28", "vi": "Lễ hội đình làng <script>", "en": ""}],
        "deleted_rows": [],
    }
    at.button(key="settings_save").click().run()
    assert not at.exception and not at.error
    assert at.success[0].value == "Đã lưu cài đặt của xã."
    stored = read_settings(Workspace(workspace))
    assert stored.plan.stop_minutes == 15.0
    assert [s.span() for s in stored.plan.shift_times] == ["06:00–10:00", "18:30–22:30", "22:30–02:30"]
    assert stored.festival_days() == {
        date(2026, 11, 28): ("Lễ hội đình làng <script>", "Lễ hội đình làng <script>")
    }
    # The plan page names the festival in its week, and says where the stop minutes come from.
    plan = page("plan", lang="vi", week="2026-W48")
    assert not plan.exception
    assert any("Thứ Bảy 28/11: Lễ hội đình làng <script>" in i.value for i in plan.info)
    assert any("Mỗi điểm dừng 15 phút" in c.value for c in plan.caption)


def test_settings_page_refuses_overlapping_shifts_and_stores_nothing(
    own_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = Path(shutil.copy(own_sample, tmp_path / own_sample.name))
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(workspace))
    before = workspace.read_bytes()
    at = page("settings", lang="vi")
    at.session_state["settings_shifts_0_vi"] = {
        "edited_rows": {1: {"hours": 5}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="settings_save").click().run()
    assert not at.exception
    assert at.error[0].value.startswith("Ca tối (19:00–00:00) chồng lên ca đêm (23:00–03:00)")
    assert workspace.read_bytes() == before


@pytest.mark.parametrize(
    ("lang", "length", "pattern"),
    [("vi", "Quãng đường (km)", r"\d+,\d"), ("en", "Distance (km)", r"\d+\.\d")],
)
def test_plan_tables_write_decimals_as_the_language_does(lang: str, length: str, pattern: str) -> None:
    at = page("plan", lang=lang, week="2026-W48")
    assert not at.exception
    table = at.dataframe[0].value
    assert all(re.fullmatch(pattern, km) for km in table[length])


@pytest.fixture
def with_accounts(own_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample with a commander's account ``chi_huy``, opened by the app."""
    from patrol_map.security.accounts import add_user
    from patrol_map.workspace import Workspace

    workspace = Path(shutil.copy(own_sample, tmp_path / own_sample.name))
    add_user(Workspace(workspace), "chi_huy", "commander", "mật-khẩu-đủ-dài")
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(workspace))
    return workspace


def _draws_no_page(at: AppTest) -> None:
    assert at.title[0].value == "Đăng nhập"
    assert not at.dataframe and not at.metric  # nothing of the commune is drawn


def test_a_workspace_with_accounts_shows_only_the_log_in_and_refuses_a_wrong_password(
    with_accounts: Path,
) -> None:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not at.exception
    _draws_no_page(at)
    at.text_input(key="login_name").set_value("chi_huy")
    at.text_input(key="login_password").set_value("sai-mật-khẩu")
    at.button[0].click().run()
    _draws_no_page(at)
    assert at.error[0].value.startswith("Sai tên tài khoản hoặc mật khẩu")
    at.text_input(key="login_name").set_value("chi_huy")
    at.text_input(key="login_password").set_value("mật-khẩu-đủ-dài")
    at.button[0].click().run()
    assert not at.exception
    assert at.title[0].value == "Xã Nam Trạch" and len(at.metric) == 4


def test_a_session_left_alone_too_long_must_log_in_again(with_accounts: Path) -> None:
    import time

    from patrol_map.ui.login import SESSION_TIMEOUT

    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state["user"] = "chi_huy"
    at.session_state["user_seen"] = time.monotonic() - SESSION_TIMEOUT + 60
    at.run()
    assert at.title[0].value == "Xã Nam Trạch"  # used a minute short of the time-out: still in
    at.session_state["user_seen"] = time.monotonic() - SESSION_TIMEOUT - 1
    at.run()
    _draws_no_page(at)
    assert at.info[0].value.startswith("Phiên làm việc đã hết hạn")


def test_a_removed_account_is_logged_out_at_its_next_click(with_accounts: Path) -> None:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state["user"] = "không_còn"  # an account removed (or a session forged) since its log-in
    at.run()
    _draws_no_page(at)


def test_the_first_account_is_made_in_the_app_and_then_everyone_logs_in(
    own_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from patrol_map.security.accounts import account_list
    from patrol_map.workspace import Workspace

    workspace = Path(shutil.copy(own_sample, tmp_path / own_sample.name))
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(workspace))
    at = page("accounts")
    assert at.warning[0].value.startswith("Tệp dữ liệu này chưa có tài khoản")
    at.text_input[0].set_value("chi_huy")
    at.text_input[1].set_value("mật-khẩu-đủ-dài")
    at.text_input[2].set_value("mật-khẩu-đủ-dài")
    at.button[0].click().run()
    assert not at.exception
    accounts = account_list(Workspace(workspace))
    assert accounts[["name", "role"]].values.tolist() == [["chi_huy", "commander"]]
    assert AppTest.from_file(str(APP), default_timeout=TIMEOUT).run().title[0].value == "Đăng nhập"


def test_the_tips_page_counts_without_the_key_and_opens_the_tips_with_it(
    own_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from patrol_map.importing import import_file
    from patrol_map.workspace import Workspace

    workspace = Path(shutil.copy(own_sample, tmp_path / own_sample.name))
    tips = tmp_path / "tin_bao.csv"
    today = date.today().strftime("%d/%m/%Y")
    tips.write_text(
        "Ngày,Thôn,Nội dung,Người báo,Số điện thoại,Có giá trị\n"
        f"{today},Xóm Cồn,Người lạ dò xét,Trần Thị Mai,0912345678,có\n",
        encoding="utf-8",
    )
    import_file(Workspace(workspace), "tips", tips, passphrase="mật-khẩu-mã-hóa")
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(workspace))
    at = page("tips")
    assert not at.exception
    counts = at.dataframe[0].value
    assert counts.values.tolist() == [["Xóm Cồn", 1, 1]]
    assert len(at.dataframe) == 1  # nothing opened before the passphrase is typed
    at.text_input(key="tips_read_passphrase").set_value("sai-mật-khẩu-mã")
    at.button[1].click().run()
    assert at.error[0].value.startswith("Sai mật khẩu mã hóa") and len(at.dataframe) == 1
    at.text_input(key="tips_read_passphrase").set_value("mật-khẩu-mã-hóa")
    at.button[1].click().run()
    opened = at.dataframe[1].value
    assert opened["Người báo"].tolist() == ["Trần Thị Mai"] and opened["Số điện thoại"].tolist() == [
        "0912345678"
    ]
    assert opened["Tin có giá trị"].tolist() == ["có"]  # the stored "yes", in Vietnamese


def test_the_commander_hands_the_plans_key_to_an_account_waiting_for_it(with_accounts: Path) -> None:
    from patrol_map.security.accounts import User, account_list, add_user, log_in
    from patrol_map.security.roles import Role
    from patrol_map.workspace import Workspace

    ws = Workspace(with_accounts)
    police = ws.read("people").query("force == 'police'")["person_id"].iloc[0]
    # Added before the commander's first log-in: there is no key to hand on yet.
    add_user(ws, "ca", "police", "mật-khẩu-đủ-dài", by=User("chi_huy", Role.COMMANDER), person_id=police)
    assert account_list(ws).set_index("name").at["ca", "key"] == "waiting"
    log_in(ws, "chi_huy", "mật-khẩu-đủ-dài")  # the first commander's log-in makes the key
    at = AppTest.from_string("from patrol_map.ui import accounts\naccounts.render()", default_timeout=TIMEOUT)
    at.session_state["user"] = "chi_huy"
    at.run()
    assert not at.exception
    shown = at.dataframe[0].value.set_index("Tên tài khoản")
    assert shown.at["ca", "Khóa kế hoạch"] == "chờ chỉ huy cấp"
    at.button(key="FormSubmitter:account_grant-Cấp khóa").click().run()
    assert not at.exception
    assert account_list(ws).set_index("name").at["ca", "key"] == "yes"
