"""The app in real headless Debian chromium with every request outside this machine blocked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from patrol_map.demo import SAMPLE_WEEK
from patrol_map.plan.store import load_plan
from patrol_map.workspace import Workspace
from tests.browser.conftest import ARTIFACTS, ROOT, open_page

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


def test_plan_page_draws_every_circuit_offline(app_url: str, sample_workspace: Path) -> None:
    plan = load_plan(Workspace(sample_workspace), SAMPLE_WEEK)
    counts = open_page(f"{app_url}/plan", "plan.png")
    assert counts["blocked"] == []
    assert counts["patrols"] == plan.patrols.geometry.notna().sum() > 0


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
