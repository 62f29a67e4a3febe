"""What the browser tests share: the app served on a free local port, Chromium with the outside blocked."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

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


@contextmanager
def served(command: list[str], port: int, env: dict[str, str], cwd: Path) -> Iterator[str]:
    """Run an app server command listening on ``port`` until the block ends; yield its URL."""
    server = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://localhost:{port}"
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the app did not start within 90 s")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="module")
def app_url(sample_workspace: Path) -> Iterator[str]:
    """The app of this checkout (``streamlit run app.py``) on the sample workspace."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port)]
    command += ["--server.address", "localhost", "--server.headless", "true"]
    with served(command, port, os.environ | {"PATROL_MAP_WORKSPACE": str(sample_workspace)}, ROOT) as url:
        yield url


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
            "tracks": "path.track",
            "visited": "path.stop-visited",
            "missed": "path.stop-missed",
            "risky": "path.coverage-unpatrolled, path.coverage-under, path.coverage-covered",
            "stop_numbers": ".stop-number",
            "village_labels": ".village-label",
        }
        deadline = time.time() + 90
        while time.time() < deadline:
            page.wait_for_timeout(1000)
            counts = {name: count_in_frames(page, css) for name, css in selectors.items()}
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


def count_in_frames(page, selector: str) -> int:  # type: ignore[no-untyped-def]
    """Count ``selector`` in every frame; a frame a rerun removes while it is counted counts nothing."""
    from playwright.sync_api import Error

    total = 0
    for frame in page.frames:
        try:
            total += frame.locator(selector).count()
        except Error as exc:
            if "detached" not in str(exc):
                raise
    return total
