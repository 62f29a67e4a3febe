"""The app in real headless Debian chromium with every request outside this machine blocked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from patrol_map.demo import SAMPLE_WEEK
from patrol_map.plan.store import load_plan
from patrol_map.workspace import Workspace
from tests.browser.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, ROOT, open_page

pytestmark = pytest.mark.browser


def test_overview_map_renders_offline(app_url: str) -> None:
    counts = open_page(f"{app_url}/", "overview.png")
    assert counts["blocked"] == []
    assert counts["maps"] == 1
    assert counts["commune"] >= 1
    assert counts["heat"] == 1
    assert counts["heat_pixels"] > 10_000  # the heat is drawn, not an empty canvas
    assert counts["legend"] == 1
    assert counts["patrols"] >= 1
    assert counts["paths"] >= 20  # villages, the commune and circuits


def test_plan_page_draws_one_shift_with_numbered_stops_offline(app_url: str, sample_workspace: Path) -> None:
    plan = load_plan(Workspace(sample_workspace), SAMPLE_WEEK)
    counts = open_page(f"{app_url}/plan?week={SAMPLE_WEEK}", "plan.png")  # the address names the week
    assert counts["blocked"] == []
    first = plan.patrols[plan.patrols["shift_start"] == plan.patrols["shift_start"].min()]
    assert counts["patrols"] == len(first) == 2  # the week's first shift, not its 42 circuits stacked
    assert counts["stop_numbers"] == sum(len(stops) for stops in first["stops"])
    assert counts["village_labels"] == len(Workspace(sample_workspace).read("villages"))


@pytest.mark.parametrize("address", ["overview", "hotspots", "coverage", "papers", "import"])
def test_every_page_has_its_own_address(app_url: str, address: str) -> None:
    from playwright.sync_api import sync_playwright

    titles = {"overview": "Xã Nam Trạch", "hotspots": "Điểm nóng", "coverage": "Kết quả tuần tra",
              "papers": "In báo cáo", "import": "Nhập dữ liệu"}  # fmt: skip
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{app_url}/{address}", wait_until="domcontentloaded", timeout=60_000)
        page.get_by_role("heading", name=titles[address]).first.wait_for(timeout=60_000)
        assert page.get_by_text("Page not found").count() == 0
        browser.close()


def test_independent_offline_checker_passes(app_url: str) -> None:
    checker = ROOT.parent / "shared" / "tools" / "check_offline_map.py"
    if not checker.exists():
        pytest.skip("the shared offline-map checker is not beside this checkout")
    ARTIFACTS.mkdir(exist_ok=True)
    result = subprocess.run(
        [sys.executable, str(checker), f"{app_url}/", str(ARTIFACTS / "checker.png")],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
