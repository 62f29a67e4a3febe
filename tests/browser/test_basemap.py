"""A local basemap under the app's map in real chromium: its tiles come from this machine, nothing else."""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path

import pytest

from patrol_map.geo.crs import WGS84
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
from tests.io.test_tiles import png

pytestmark = pytest.mark.browser


def tile_of(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    """Return the x, y (from the north) of the web-mercator tile holding a point."""
    n = 1 << zoom
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return int((lon + 180) / 360 * n), int(y)


def commune_mbtiles(ws: Workspace, path: Path) -> tuple[Path, int]:
    """Write an MBTiles of green tiles over the commune at zooms 11-14; return it and its tile count."""
    import sqlite3

    west, south, east, north = ws.read("commune").to_crs(WGS84).total_bounds
    count = 0
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        db.execute("CREATE TABLE tiles (zoom_level INT, tile_column INT, tile_row INT, tile_data BLOB)")
        db.executemany("INSERT INTO metadata VALUES (?, ?)", [("name", "nen"), ("format", "png")])
        for zoom in range(11, 15):
            x0, y0 = tile_of(west, north, zoom)
            x1, y1 = tile_of(east, south, zoom)
            for x in range(x0, x1 + 1):
                for y in range(y0, y1 + 1):
                    db.execute(
                        "INSERT INTO tiles VALUES (?, ?, ?, ?)",
                        (zoom, x, (1 << zoom) - 1 - y, png((170, 210, 160))),
                    )
                    count += 1
    return path, count


def test_the_map_lies_on_the_local_basemap(sample_workspace: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    tiles, count = commune_mbtiles(Workspace(sample_workspace), tmp_path / "nen.mbtiles")
    assert count >= 4
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port)]
    command += ["--server.address", "localhost", "--server.headless", "true"]
    env = os.environ | {"PATROL_MAP_WORKSPACE": str(sample_workspace), "PATROL_MAP_TILES": str(tiles)}
    with served(command, port, env, ROOT) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        blocked = block_outside(context)
        asked: list[str] = []
        context.on("request", lambda request: asked.append(request.url))
        page = context.new_page()
        page.goto(f"{url}/overview", wait_until="domcontentloaded", timeout=120_000)
        loaded = 0
        for _ in range(240):
            page.wait_for_timeout(500)
            loaded = count_in_frames(page, "img.leaflet-tile-loaded")
            if loaded:
                page.wait_for_timeout(2000)
                break
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "basemap.png"))
        browser.close()
    assert blocked == []
    assert loaded >= 1
    # The tiles came from the basemap's own server on this machine (not the app's port).
    assert any(a.startswith("http://127.0.0.1:") and f":{port}/" not in a for a in asked)
