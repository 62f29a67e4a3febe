"""Each app page run headless with Streamlit's AppTest on the sample commune."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).parents[2] / "app.py"
TIMEOUT = 120


@pytest.fixture(scope="module")
def own_sample(sample_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample workspace: these tests plan again and must not change what others read."""
    return Path(shutil.copy(sample_workspace, tmp_path_factory.mktemp("ui") / sample_workspace.name))


@pytest.fixture(autouse=True)
def use_sample(own_sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(own_sample))


def page(name: str, lang: str = "vi") -> AppTest:
    at = AppTest.from_string(f"from patrol_map.ui import {name}\n{name}.render()", default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
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
    at = page("plan")
    assert not at.exception
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


def test_plan_page_shows_risk_covered_beside_predictability() -> None:
    at = page("plan")
    labels = [m.label for m in at.metric]
    assert labels == ["Rủi ro được tuần tra", "Mức dễ đoán"]
    assert at.metric[0].value.endswith("%") and at.metric[1].value.endswith("%")


def test_locking_a_team_in_the_app_keeps_it_through_a_replan(own_sample: Path) -> None:
    from patrol_map.plan.schedule import load_plan
    from patrol_map.workspace import Workspace

    at = page("plan")
    team_label = at.selectbox(key="edit_team_vi").value
    at.button(key="edit_lock").click().run()
    assert not at.exception and not at.error
    assert at.success[0].value == "Đã lập lại kế hoạch, giữ các thay đổi."
    stored = load_plan(Workspace(own_sample), "2026-W48")
    assert len(stored.edits.members) == 1
    assert "đã khóa" in at.caption[-1].value or any("đã khóa" in c.value for c in at.caption)
    assert at.selectbox(key="edit_team_vi").value == team_label


def test_an_edit_that_breaks_a_rule_is_refused_in_words(own_sample: Path) -> None:
    from patrol_map.workspace import Workspace

    places = Workspace(own_sample).read("places")
    school = places.loc[places["kind"] == "school", "place_id"].iloc[0]
    at = page("plan")
    evening = next(o for o in at.selectbox(key="edit_team_vi").options if "19:00" in o)
    at.selectbox(key="edit_team_vi").set_value(evening).run()
    at.selectbox(key="edit_add_place").set_value(school).run()
    at.button(key="edit_add").click().run()
    assert not at.exception
    assert "chỉ tính vào giờ" in at.error[0].value


def test_plan_page_for_a_week_without_plan() -> None:
    at = page("plan")
    at.date_input(key="plan_week_day").set_value(date(2027, 1, 12)).run()
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
    from patrol_map.demo import SAMPLE_BOUNDARY, geodata_dir
    from patrol_map.importing import create_workspace

    create_workspace(tmp_path / "new.gpkg", geodata_dir() / SAMPLE_BOUNDARY)
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(tmp_path / "new.gpkg"))
    at = page("overview")
    assert not at.exception
    assert "Chưa có: Thôn, Đường" in at.warning[0].value
    assert at.metric[0].value == "0"
