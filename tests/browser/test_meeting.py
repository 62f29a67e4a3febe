"""A weekly meeting walked in real headless chromium, every request outside the machine blocked.

Hotspots, a change of period, the plan of one shift, a team locked and the week re-planned, then the
briefing and the patrol orders printed (downloaded as PDFs and read back). A screenshot of each step
goes to ``tests/artifacts/meeting-*.png``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from patrol_map.demo import SAMPLE_WEEK
from patrol_map.plan.store import load_plan
from patrol_map.workspace import Workspace
from tests.browser.conftest import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    block_outside,
    count_in_frames,
    free_port,
    served,
)

pytestmark = pytest.mark.browser

#: Longest wait for one step, milliseconds (a re-plan of the week included).
STEP_MS = 120_000


@pytest.fixture(scope="module")
def meeting_app(
    sample_workspace: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """The app on a copy of the sample (the meeting re-plans), and that copy."""
    workspace = Path(shutil.copy(sample_workspace, tmp_path_factory.mktemp("meeting") / "ws.gpkg"))
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port)]
    command += ["--server.address", "localhost", "--server.headless", "true"]
    with served(command, port, os.environ | {"PATROL_MAP_WORKSPACE": str(workspace)}, ROOT) as url:
        yield url, workspace


def settled(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until Streamlit has stopped running the page."""
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => !document.querySelector(\"[data-testid='stStatusWidget']\")", timeout=STEP_MS
    )


def map_paths(page) -> int:  # type: ignore[no-untyped-def]
    return count_in_frames(page, "path.leaflet-interactive")


def patrol_routes(page) -> int:  # type: ignore[no-untyped-def]
    return count_in_frames(page, "path.patrol-route")


def wait_for_map(page, routes: int | None = None) -> None:  # type: ignore[no-untyped-def]
    for _ in range(STEP_MS // 500):
        if map_paths(page) >= 3 and (routes is None or patrol_routes(page) == routes):
            return
        page.wait_for_timeout(500)
    raise AssertionError(f"no map drawn (paths {map_paths(page)}, routes {patrol_routes(page)})")


def type_date(page, label: str, digits: str) -> None:  # type: ignore[no-untyped-def]
    """Type a date (DDMMYYYY) into a date field, segment by segment, and leave it (it applies then).

    Left by a click on the page's title: Tab or Enter keep the focus in the field (its calendar
    button), and the date typed is then never sent.
    """
    page.get_by_role("spinbutton", name=f"day, {label}").click()
    page.keyboard.type(digits)
    page.keyboard.press("Escape")
    page.locator("h1").first.click()


def selected_incidents(page) -> int:  # type: ignore[no-untyped-def]
    """The number of incidents the hotspots page says it has chosen."""
    caption = page.get_by_text("vụ việc trong khoảng đã chọn").first.inner_text()
    return int(caption.split()[0])


def wait_for_words(page, words: str) -> str:  # type: ignore[no-untyped-def]
    """Wait until the page shows ``words``; return "" then, or the text of an error it shows instead."""
    for _ in range(STEP_MS // 500):
        if page.get_by_text(words).count():
            return ""
        alerts = [a.inner_text() for a in page.get_by_role("alert").all()]
        errors = [text for text in alerts if "Đã" not in text]
        if errors:
            shot(page, "error")
            return " | ".join(errors)
        page.wait_for_timeout(500)
    shot(page, "timeout")
    return f"'{words}' never shown"


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"meeting-{name}.png"), full_page=False)


def test_a_weekly_meeting(meeting_app: tuple[str, Path], tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    url, workspace = meeting_app
    before = load_plan(Workspace(workspace), SAMPLE_WEEK).patrols
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        blocked = block_outside(context)
        page = context.new_page()

        # 1. The hotspots, then a shorter period: the last three months.
        page.goto(f"{url}/hotspots", wait_until="domcontentloaded", timeout=STEP_MS)
        wait_for_map(page)
        settled(page)
        shot(page, "1-hotspots")
        whole = selected_incidents(page)
        type_date(page, "Từ ngày", "01092026")
        settled(page)
        wait_for_map(page)
        assert page.get_by_role("spinbutton", name="month, Từ ngày").get_attribute("aria-valuenow") == "9"
        # The shorter period applied, not only typed: waited for, as under load the page may not yet
        # have begun its rerun when `settled` looks.
        for _ in range(STEP_MS // 500):
            if 0 < selected_incidents(page) < whole:
                break
            page.wait_for_timeout(500)
        assert 0 < selected_incidents(page) < whole
        shot(page, "2-hotspots-period")

        # 2. The plan of one shift: the week's first, two teams.
        page.goto(f"{url}/plan?week={SAMPLE_WEEK}", wait_until="domcontentloaded", timeout=STEP_MS)
        wait_for_map(page, routes=2)
        settled(page)
        # The shift chosen (in the chooser and the teams table): waited for, as the page may still be drawing.
        page.get_by_text("Thứ Hai 23/11 06:00–10:00").first.wait_for(state="attached", timeout=STEP_MS)
        shot(page, "3-plan-shift")
        # The phones' files, built only when the button is clicked: one GPX per patrol of the week.
        with page.expect_download(timeout=STEP_MS) as phones:
            page.get_by_role("button", name="Tải GPX từng tổ (điện thoại, .zip)").click()
        phones.value.save_as(tmp_path / "teams.zip")

        # 3. Lock the first team (the editor's team list opens on it), then re-plan the week.
        page.get_by_role("button", name="Khóa tổ (giữ người và điểm dừng)").click()
        page.get_by_text("Đã lập lại kế hoạch, giữ các thay đổi.").wait_for(timeout=STEP_MS)
        settled(page)
        page.get_by_text("Lập hoặc lập lại kế hoạch tuần").click()  # unfold the form
        replan = page.get_by_role("button", name="Lập kế hoạch", exact=True)
        replan.wait_for(timeout=STEP_MS)
        replan.click()
        said = wait_for_words(page, f"Đã lập và lưu kế hoạch tuần {SAMPLE_WEEK}.")
        assert said == "", said
        settled(page)
        wait_for_map(page, routes=2)
        shot(page, "4-plan-locked-replanned")

        # 4. Print: the week's briefing and one day's patrol orders, downloaded as PDFs.
        page.goto(f"{url}/papers", wait_until="domcontentloaded", timeout=STEP_MS)
        # The period shown first is last week's, whatever today is: the day is typed, then its week awaited.
        page.get_by_role("spinbutton", name="day, Một ngày trong kỳ").wait_for(timeout=STEP_MS)
        type_date(page, "Một ngày trong kỳ", "25112026")
        settled(page)
        make = page.get_by_role("button", name="Lập báo cáo 2026-W48")
        make.wait_for(timeout=STEP_MS)
        make.click()
        with page.expect_download(timeout=STEP_MS) as briefing:
            page.get_by_role("button", name="Tải bao_cao_2026-W48.pdf (PDF để in)").click()
        briefing.value.save_as(tmp_path / "briefing.pdf")
        page.get_by_role("button", name="Lập lệnh tuần tra (mỗi tổ mỗi ca một trang)").click()
        with page.expect_download(timeout=STEP_MS) as orders:
            page.get_by_role("button", name=f"Tải lenh_tuan_tra_{SAMPLE_WEEK}.pdf (PDF để in)").click()
        orders.value.save_as(tmp_path / "orders.pdf")
        shot(page, "5-papers")
        browser.close()

    assert blocked == []
    for name, pages in (("briefing.pdf", None), ("orders.pdf", len(before))):
        pdf = tmp_path / name
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Nam Trạch" in text
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        if pages is not None:
            assert f"Pages:{pages}" in info.replace(" ", "")  # a patrol order per team and shift
    with zipfile.ZipFile(tmp_path / "teams.zip") as archive:
        assert sorted(archive.namelist()) == sorted(f"{p}.gpx" for p in before["patrol_id"])
    after = load_plan(Workspace(workspace), SAMPLE_WEEK)
    locked = list(after.edits.members)
    assert len(locked) == 1 and locked == list(after.edits.stops)  # its people and its stops kept
    kept = before.set_index("team_id").loc[locked[0]]
    again = after.patrols.set_index("team_id").loc[locked[0]]
    # Its people and its stops stay (the planner may visit them in another order).
    assert list(again["members"]) == list(kept["members"]) and set(again["stops"]) == set(kept["stops"])
