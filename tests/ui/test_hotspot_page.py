"""The hotspot page run headless with Streamlit's AppTest on the sample commune."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from patrol_map.risk.hotspot_classes import HOTSPOT_CLASSES
from patrol_map.risk.trends import VERDICTS
from patrol_map.workspace import Workspace

TIMEOUT = 180


@pytest.fixture(autouse=True)
def use_sample(sample_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(sample_workspace))


def page(lang: str = "vi") -> AppTest:
    at = AppTest.from_string("from patrol_map.ui import hotspots\nhotspots.render()", default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    return at.run()


def table_with(at: AppTest, column: str):
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def texts(at: AppTest) -> str:
    return "\n".join(element.value for element in [*at.caption, *at.markdown, *at.warning, *at.info])


@pytest.mark.parametrize(
    ("lang", "trend", "counts", "vs", "gi"),
    [
        ("vi", "Xu hướng", "Số vụ gần đây so với trước", " so với ", "Điểm nóng Gi*"),
        ("en", "Trend", "Incidents, recent vs earlier", " vs ", "Gi* class"),
    ],
)
def test_the_village_table_shows_counts_gi_classes_and_trends(
    lang: str, trend: str, counts: str, vs: str, gi: str
) -> None:
    at = page(lang)
    assert not at.exception
    table = at.dataframe[0].value
    assert trend in table.columns and counts in table.columns and gi in table.columns
    total = "Tổng" if lang == "vi" else "Total"
    assert table[total].is_monotonic_decreasing and len(table) == 21
    verdicts = {names[0 if lang == "vi" else 1] for names in VERDICTS.values()}
    assert set(table[trend]) <= verdicts
    assert all(re.fullmatch(rf"\d+{vs}\d+", text) for text in table[counts])
    classes = {names[0 if lang == "vi" else 1] for names in HOTSPOT_CLASSES.values()}
    assert set(table[gi]) <= classes
    assert "FDR" in texts(at)


def test_the_sample_shows_the_village_getting_worse() -> None:
    """Xóm Bàu: 31 incidents in the last six months against 2 a year before (the sample's planted rise)."""
    at = page()
    table = at.dataframe[0].value.set_index("Thôn")
    assert table.loc["Xóm Bàu", "Xu hướng"] == "Tăng"
    assert table.loc["Xóm Bàu", "Số vụ gần đây so với trước"] == "31 so với 2"
    assert table.loc["Xóm Bàu", "p"] == "< 0,001"  # not 1.3e-07
    steady = table[table["Xu hướng"] != "Tăng"]
    assert all(q == "" or (q[0] != "<" and float(q.replace(",", ".")) > 0.05) for q in steady["q (FDR)"])


def test_the_back_test_sentence_beside_the_forecast() -> None:
    at = page()
    at.selectbox(key="hot_method_vi").set_value("naive").run()
    assert not at.exception
    assert "Phương pháp đã dùng: Số vụ từng ô" in texts(at)
    at.button(key="hot_backtest").click().run()
    assert not at.exception
    sentence = re.search(r"12 tuần qua: 5 % diện tích có nguy cơ cao nhất chứa (\d+) % số vụ việc", texts(at))
    assert sentence is not None and 0 <= int(sentence.group(1)) <= 100
    scores = table_with(at, "PAI")
    assert list(scores["Diện tích"]) == ["1 %", "5 %", "10 %"]
    assert scores["Tỉ lệ trúng"][1] == f"{sentence.group(1)} %"
    assert all(re.fullmatch(r"\d+,\d", pai) for pai in scores["PAI"])  # a decimal comma, as Vietnamese writes
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert re.search(r"Last 12 weeks: the top 5 % of the area held \d+ % of incidents", texts(at))
    assert at.selectbox(key="hot_method_en").value == "naive"


def test_the_patrol_weight_changes_the_forecast_not_the_counts() -> None:
    at = page()
    at.selectbox(key="hot_method_vi").set_value("naive").run()
    counts, forecast = at.dataframe[0].value, table_with(at, "Số vụ dự kiến")
    at.slider(key="hot_weight_vi").set_value(1.0).run()
    assert not at.exception
    assert "tính mỗi vụ 1 trong mật độ, Gi* và dự báo" in texts(at)
    # The counts, rates and trends stay; the Gi* class follows the weight (commit e3e0d06).
    gi_class = "Điểm nóng Gi*"
    assert at.dataframe[0].value.drop(columns=gi_class).equals(counts.drop(columns=gi_class))
    assert not table_with(at, "Số vụ dự kiến").equals(forecast)
    at.session_state["lang"] = "en"
    at.run()
    assert at.slider(key="hot_weight_en").value == 1.0


def test_a_short_period_warns_that_counts_are_small() -> None:
    at = page()
    end = at.date_input(key="hot_to").value
    at.date_input(key="hot_from").set_value(end - timedelta(days=13)).run()
    assert not at.exception
    assert any(w.value.startswith("Ít vụ việc") for w in at.warning)


def test_no_category_chosen_still_renders() -> None:
    at = page()
    at.multiselect(key="hot_categories_vi").set_value([]).run()
    assert not at.exception
    assert at.dataframe[0].value["Tổng"].sum() == 0
    # Nothing chosen, nothing forecast: no cell is called risky.
    assert any(i.value == "Không có vụ việc nào trong lựa chọn để dự báo." for i in at.info)
    assert table_with(at, "Số vụ dự kiến").empty


def test_the_when_section_for_one_village_survives_a_change_of_language() -> None:
    at = page()
    at.selectbox(key="hot_when_village_vi").set_value("Xóm Bàu").run()
    assert not at.exception
    holidays = table_with(at, "Số vụ mỗi ngày")
    assert holidays["Loại ngày"].iloc[-1] == "Ngày thường"
    assert holidays["Số vụ"].sum() == (at.dataframe[0].value.set_index("Thôn").loc["Xóm Bàu", "Tổng"])
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert at.selectbox(key="hot_when_village_en").value == "Xóm Bàu"
    assert at.selectbox(key="hot_when_village_en").options[0] == "Whole commune"


def test_a_period_ending_before_it_starts_is_refused_in_words() -> None:
    at = page()
    end = at.date_input(key="hot_to").value
    at.date_input(key="hot_from").set_value(end + timedelta(days=1)).run()
    assert not at.exception
    assert at.error[0].value.startswith("Ngày bắt đầu") and "chọn lại" in at.error[0].value
    assert not at.dataframe


def test_a_commune_with_only_its_boundary_renders_without_incidents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from patrol_map.demo import SAMPLE_BOUNDARY
    from patrol_map.geo.bundled import geodata_dir
    from patrol_map.importing import create_workspace

    create_workspace(tmp_path / "new.gpkg", geodata_dir() / SAMPLE_BOUNDARY)
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(tmp_path / "new.gpkg"))
    at = page("en")
    assert not at.exception and not at.error
    assert any(w.value.startswith("Few incidents (0)") for w in at.warning)
    assert "No villages imported" in texts(at)


def test_a_period_past_the_last_record_is_compared_only_up_to_it(sample_workspace: Path) -> None:
    last = max(Workspace(sample_workspace).read("incidents")["date"])  # ISO text
    at = page("en")
    at.date_input(key="hot_to").set_value(date.fromisoformat(last) + timedelta(days=60)).run()
    assert not at.exception
    shown = texts(at)
    # The recent period ends at the last record, and the page says why.
    assert f"{date.fromisoformat(last):%d/%m/%Y} against" in shown
    assert "days after the last record" in shown
