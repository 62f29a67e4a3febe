"""The hotspot page in real headless Debian chromium with every request outside this machine blocked."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from patrol_map.risk.feedback import DEFAULT_PATROL_WEIGHT, incident_weights
from patrol_map.risk.getis import cell_hotspots
from patrol_map.risk.select import select_incidents
from patrol_map.workspace import Workspace
from tests.browser.conftest import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    PAINTED_PIXELS,
    block_outside,
    count_in_frames,
)

pytestmark = pytest.mark.browser

SELECTORS = {
    "maps": ".leaflet-container",
    "commune": "path.commune",
    "gi_cells": "path.gi-cell",
    "hot_cells": "path.gi-hot_95, path.gi-hot_99, path.gi-hot_90",
    "gi_villages": "path.gi-village",
    "forecast": "path.forecast-area",
    "heat": "canvas.leaflet-heatmap-layer",
    "legend": ".map-legend",
    "charts": ".vega-embed",
}


def open_hotspots(url: str, shot: str) -> dict:
    """Open the hotspot page with outside requests blocked; count what it shows; save a screenshot."""
    from playwright.sync_api import sync_playwright

    found: dict = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        blocked = block_outside(context)
        page = context.new_page()
        started = time.perf_counter()
        page.goto(f"{url}/hotspots", wait_until="domcontentloaded", timeout=60_000)

        def count() -> dict:
            return {name: count_in_frames(page, css) for name, css in SELECTORS.items()}

        deadline = time.time() + 180
        while time.time() < deadline:
            page.wait_for_timeout(500)
            found = count()
            if found["gi_cells"] and found["forecast"] and found["commune"] and found["charts"] >= 2:
                seconds = time.perf_counter() - started
                page.wait_for_timeout(3000)  # let the page settle, then count what stays
                found = count() | {"seconds": seconds}
                break
        found["heat_pixels"] = sum(
            canvas.evaluate(PAINTED_PIXELS)
            for frame in page.frames
            for canvas in frame.locator(SELECTORS["heat"]).all()
        )
        found["legend_text"] = " ".join(
            frame.locator(SELECTORS["legend"]).first.inner_text()
            for frame in page.frames
            if frame.locator(SELECTORS["legend"]).count()
        )
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / shot))
        # Streamlit scrolls inside its own container: a tall window shows the whole page at once.
        page.set_viewport_size({"width": 1400, "height": 4000})
        page.wait_for_timeout(3000)
        page.screenshot(path=str(ARTIFACTS / shot.replace(".png", "-whole.png")))
        browser.close()
    found["blocked"] = blocked
    return found


def significant_cells(path: Path) -> int:
    """Gi* cells the page should draw: its default choice, the last 365 days of every category, patrol
    finds at the default weight."""
    ws = Workspace(path)
    incidents = ws.read("incidents")
    last = min(date.fromisoformat(incidents["date"].max()), date.today())
    chosen = select_incidents(incidents, last - timedelta(days=364), last)
    weights = incident_weights(chosen, DEFAULT_PATROL_WEIGHT)
    cells = cell_hotspots(chosen, ws.read("commune"), seed=0, weights=weights)
    return int((cells["hotspot"] != "none").sum())


def test_hotspot_page_draws_gi_spots_heat_and_forecast_offline(app_url: str, sample_workspace: Path) -> None:
    found = open_hotspots(app_url, "hotspots.png")
    print(f"hotspot page: map, Gi* spots and charts after {found.get('seconds', float('nan')):.1f} s")
    assert found["blocked"] == []
    assert found["maps"] == 1 and found["commune"] >= 1, found
    assert found["gi_cells"] == significant_cells(sample_workspace) > 0
    assert found["hot_cells"] > 0
    assert found["forecast"] > 0
    assert found["heat"] == 1 and found["heat_pixels"] > 10_000
    assert found["charts"] >= 2  # day of week x part of day, months: drawn by the Vega Streamlit bundles
    assert "Điểm nóng (tin cậy 95%)" in found["legend_text"]
    assert "Điểm lạnh (tin cậy 99%)" in found["legend_text"]
