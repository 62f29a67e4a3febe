"""The app in real headless Debian chromium with every request outside this machine blocked."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from patrol_map.demo import SAMPLE_WEEK
from patrol_map.plan.schedule import load_plan
from patrol_map.workspace import Workspace

ROOT = Path(__file__).parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")

pytestmark = pytest.mark.browser
#: Counts the pixels a canvas has painted (alpha above zero).
PAINTED_PIXELS = """canvas => {
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    return painted;
}"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(sample_workspace: Path) -> Iterator[str]:
    port = free_port()
    env = os.environ | {"PATROL_MAP_WORKSPACE": str(sample_workspace)}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the app did not start within 60 s")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


def block_outside(context) -> list[str]:
    """Abort every request of a browser context that leaves the machine; return the list of them."""
    blocked: list[str] = []

    def route(request_route) -> None:
        address = request_route.request.url
        if (urlparse(address).hostname or "") in LOCAL_HOSTS or address.startswith(
            ("data:", "blob:", "about:")
        ):
            request_route.continue_()
        else:
            blocked.append(address)
            request_route.abort()

    context.route("**/*", route)
    return blocked


def open_page(url: str, shot: str) -> dict[str, int | list[str]]:
    """Open a page with outside requests blocked; count what the Leaflet map shows; save a screenshot."""
    from playwright.sync_api import sync_playwright

    counts: dict[str, int | list[str]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        blocked = block_outside(context)
        page = context.new_page()
        page.goto(url, wait_until="domcontentloaded", timeout=60_000)
        selectors = {
            "maps": ".leaflet-container",
            "paths": "path.leaflet-interactive",
            "commune": "path.commune",
            "patrols": "path.patrol-route",
            "heat": "canvas.leaflet-heatmap-layer",
            "legend": ".map-legend",
        }
        deadline = time.time() + 90
        while time.time() < deadline:
            page.wait_for_timeout(1000)
            counts = {
                name: sum(frame.locator(css).count() for frame in page.frames)
                for name, css in selectors.items()
            }
            if counts["maps"] and counts["patrols"] and counts["commune"]:
                page.wait_for_timeout(2000)
                break
        counts["heat_pixels"] = sum(
            canvas.evaluate(PAINTED_PIXELS)
            for frame in page.frames
            for canvas in frame.locator(selectors["heat"]).all()
        )
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / shot), full_page=True)
        browser.close()
    counts["blocked"] = blocked
    return counts


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
