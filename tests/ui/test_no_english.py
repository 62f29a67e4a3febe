"""Every page in Vietnamese shows no English: each string of every element, label, option and help."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

TIMEOUT = 120
#: Pages, and the session state that opens each on what a meeting shows (a week with a plan, a record).
PAGES = {
    "overview": {},
    "hotspots": {},
    "plan": {"plan_week": "2026-W48"},
    "coverage": {},
    "papers": {},
    "meeting": {},
    "people": {},
    "places": {},
    "settings": {},
    "data_import": {},
    "tips": {},
    "accounts": {},
}
#: English words a Vietnamese page must not show (Vietnamese has none of them as a word).
ENGLISH = re.compile(
    r"\b(the|and|of|with|week|weeks|day|days|shift|shifts|team|teams|patrol|patrols|village|villages|"
    r"choose|download|print|page|plan|map|date|from|to|none|all|no|yes|select|options|"
    r"incident|incidents|hotspot|hotspots|forecast|people|police|militia|stop|stops|total|rate|"
    r"morning|evening|night|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"january|february|march|april|may|june|july|august|september|october|november|december)\b",
    re.IGNORECASE,
)
#: What is the same in both languages: names of methods, formats and the language switch's own choice.
ALLOWED = (
    "English",
    "Gi*",
    "patrol-map",
    "GPX",
    "KML",
    "GeoJSON",
    "CSV",
    "XLSX",
    "PDF",
    "MBTiles",
    "PMTiles",
)
#: Proto fields that hold no text a person reads (ids, keys, styles, data, formats), and the map's
#: HTML (its legend and labels are checked in tests/browser/test_meeting.py).
SKIPPED_FIELDS = {
    "id",
    "form_id",
    "key",
    "type",
    "format",
    "data",
    "arrow_data",
    "spec",
    "url",
    "icon",
    "styler",
    "srcdoc",
}


@pytest.fixture(scope="module")
def own_sample(sample_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(shutil.copy(sample_workspace, tmp_path_factory.mktemp("vi") / sample_workspace.name))


def strings(message: Message) -> Iterator[str]:
    """Yield every string field of a protobuf message, nested ones and lists included."""
    for field, value in message.ListFields():
        if field.name in SKIPPED_FIELDS:
            continue
        values = value if field.label == field.LABEL_REPEATED else [value]
        for item in values:
            if isinstance(item, Message):
                yield from strings(item)
            elif isinstance(item, str):
                yield item


def shown(at: AppTest) -> list[str]:
    """Every string of every element of the page, in order."""
    found: list[str] = []

    def walk(node: object) -> None:
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            found.extend(strings(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def readable(text: str) -> Iterator[str]:
    """Yield what a person reads of a string: a JSON setting (a table's columns) less its values."""
    try:
        found = json.loads(text) if text.startswith("{") else None
    except json.JSONDecodeError:
        found = None
    if found is None:
        yield text
        return

    def walk(node: object, key: str = "") -> Iterator[str]:
        if isinstance(node, dict):
            for name, item in node.items():
                yield from walk(item, name)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item, key)
        elif isinstance(node, str) and key not in {"value", "type"}:
            yield node

    yield from walk(found)


def english_in(text: str) -> list[str]:
    """Return the English words of a text, less names the same in both languages and file paths."""
    for allowed in ALLOWED:
        text = text.replace(allowed, "")
    text = re.sub(r"\S*/\S*", "", text)  # a file's path, a URL
    return ENGLISH.findall(text)


@pytest.mark.parametrize("name", PAGES)
def test_a_page_in_vietnamese_shows_no_english(
    name: str, own_sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(own_sample))
    at = AppTest.from_string(f"from patrol_map.ui import {name}\n{name}.render()", default_timeout=TIMEOUT)
    at.session_state["lang"] = "vi"
    for key, value in PAGES[name].items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    texts = shown(at)
    assert (at.title or at.header)[0].value in texts  # the walk reads the page (its labels: see below)
    found = {text: words for each in texts for text in readable(each) if (words := english_in(text))}
    assert found == {}


def test_the_check_finds_english_where_there_is() -> None:
    assert english_in("Tuần 48 · Choose options") == ["Choose", "options"]
    assert english_in("Tải GPX từng tổ (điện thoại, .zip)") == []
    assert english_in("Lập kế hoạch tuần 2026-W48 cho mọi ca") == []
    assert english_in("Tệp dữ liệu: /tmp/of/the/nam_trach.gpkg") == []
    setting = '{"p": {"label": "Lượt", "options": [{"value": "2026-11-16-morning-T1", "label": "Ca sáng"}]}}'
    assert list(readable(setting)) == ["Lượt", "Ca sáng"]


def test_the_walk_reads_the_labels_of_a_page_in_english(
    own_sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATROL_MAP_WORKSPACE", str(own_sample))
    at = AppTest.from_string("from patrol_map.ui import plan\nplan.render()", default_timeout=TIMEOUT)
    at.session_state["lang"] = "en"
    at.session_state["plan_week"] = "2026-W48"
    at.run()
    words = {word.lower() for each in shown(at) for text in readable(each) for word in english_in(text)}
    # The week chooser's label, the day and shift choosers, the teams table's title: all English here.
    assert {"week", "day", "shift", "teams"} <= words
