"""How fast the meeting's answers come: each page of the app, and `patrol-map plan` for one week.

Run: ``.venv/bin/python bench/answers.py``. Builds the sample workspace, starts the app on it and, in
Debian's chromium with outside requests blocked, opens each page in fresh browser contexts (the first
visit after the start, then five more: their median and range), timing from navigation until its map
shows at least three paths and Streamlit has stopped running (as ``../shared/tools/check_app_speed.py``
does, every request going through the browser's request routing). Then times ``patrol-map plan
WORKSPACE --week 2026-W49`` in a fresh process (wall seconds and peak memory).

Then locks a team on the plan page and times the edit until the page is drawn again. First, it prints
the size of each page's map HTML.

Last, the floor these figures stand on: a bare Streamlit page holding only a title and the plan map
of one shift (its HTML made beforehand), timed the same way. What a page takes beyond that is ours.

Targets (issue #14): a page's map in 2 s again and 6 s the first time; an edit applied and drawn
in 3 s; the plan under 5 s.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from patrol_map.demo import build_demo

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("overview", "hotspots", "plan?week=2026-W48", "coverage", "meeting")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def ready_after(page: Page, url: str) -> float:
    """Open ``url`` and return the seconds until its map is drawn and the page has stopped running."""
    started = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded", timeout=120_000)
    while time.perf_counter() - started < 120:
        page.wait_for_timeout(100)
        paths = sum(frame.locator("path.leaflet-interactive").count() for frame in page.frames)
        if paths >= 3 and not page.locator("[data-testid='stStatusWidget']").count():
            return time.perf_counter() - started
    return float("nan")


def lock_a_team(browser: object, port: int) -> float:
    """Open the plan of 2026-W48, lock its first team and return the seconds until the map is drawn again."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    page = context.new_page()
    ready_after(page, f"http://localhost:{port}/plan?week=2026-W48")
    started = time.perf_counter()
    page.get_by_role("button", name="Khóa tổ (giữ người và điểm dừng)").click()
    page.get_by_text("Đã lập lại kế hoạch, giữ các thay đổi.").wait_for(timeout=120_000)
    while page.locator("[data-testid='stStatusWidget']").count() or not sum(
        frame.locator("path.patrol-route").count() for frame in page.frames
    ):
        page.wait_for_timeout(100)
    context.close()
    return time.perf_counter() - started


def map_sizes(workspace: Path) -> None:
    """Print the size of each page's map HTML on the sample (the issue's limit: 3 MB)."""
    from patrol_map.coverage.hotspots import hotspot_coverage
    from patrol_map.coverage.tracks import track_lines
    from patrol_map.coverage.week import reached_points, records_of, stop_points
    from patrol_map.maps.views import coverage_map, hotspot_map, overview_map, plan_map
    from patrol_map.plan.store import load_plan
    from patrol_map.recording import week_coverage
    from patrol_map.risk.getis import cell_hotspots
    from patrol_map.risk.kde import DEFAULT_CELL_M, kde_grid
    from patrol_map.workspace import Workspace

    ws = Workspace(workspace)
    incidents, commune = ws.read("incidents"), ws.read("commune")
    grid = kde_grid(incidents, commune)
    week, recorded = load_plan(ws, "2026-W48").patrols, load_plan(ws, "2026-W47").patrols
    records = records_of(ws, recorded)
    done = week_coverage(ws, "2026-W47", records)
    cells = hotspot_coverage(grid, *reached_points(ws, recorded, records), DEFAULT_CELL_M)
    maps = {
        "overview (a week's circuits)": overview_map(ws, grid, week, "vi"),
        "hotspots (heat, Gi* cells)": hotspot_map(
            ws, grid, "vi", cells=cell_hotspots(incidents, commune, seed=0)
        ),
        "plan (one shift)": plan_map(ws, week.iloc[:2], "vi"),
        "plan (the whole week)": plan_map(ws, week, "vi"),
        "coverage (a recorded week)": coverage_map(
            ws, recorded, track_lines(records.fixes), stop_points(done.patrols, ws.crs), cells, "vi"
        ),
    }
    for name, fmap in maps.items():
        size = len(fmap.get_root().render().encode()) / 1e6
        print(f"map HTML {name:30s} {size:4.2f} MB")


#: A Streamlit page with a title and a map made beforehand, nothing else: the floor of a page's time.
BARE_PAGE = """
import streamlit as st
st.title("patrol-map")
st.iframe(open({html!r}, encoding="utf-8").read(), height=560)
"""


def serve(script: Path, workspace: Path) -> tuple[subprocess.Popen[bytes], int]:
    """Start Streamlit on ``script``, run from the repository (its settings, Leaflet); wait for it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
    command += ["--server.headless", "true"]
    env = os.environ | {"PATROL_MAP_WORKSPACE": str(workspace)}
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://localhost:{port}/_stcore/health", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    return server, port


#: Repeat visits timed after the first: their median is the figure (one visit varies by ±0.4 s here).
AGAIN = 5


def visits(browser: object, url: str) -> list[float]:
    """Open ``url`` once, then :data:`AGAIN` times more, each in a fresh context, outside requests blocked."""
    times = []
    for _ in range(1 + AGAIN):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
        context.route("**/*", lambda r: r.continue_() if "localhost" in r.request.url else r.abort())
        times.append(ready_after(context.new_page(), url))
        context.close()
    return times


def floor(browser: object, workspace: Path, folder: Path) -> list[float]:
    """Time the bare page of :data:`BARE_PAGE` (the plan map of one shift)."""
    from patrol_map.maps.views import plan_map
    from patrol_map.plan.store import load_plan
    from patrol_map.workspace import Workspace

    ws = Workspace(workspace)
    html = Path(folder) / "map.html"
    html.write_text(plan_map(ws, load_plan(ws, "2026-W48").patrols.iloc[:2], "vi").get_root().render())
    # Beside app.py: Streamlit serves the static folder (Leaflet) of the script's own folder.
    script = ROOT / f".bench-bare-page-{os.getpid()}.py"
    script.write_text(BARE_PAGE.format(html=str(html)))
    server, port = serve(script, workspace)
    try:
        return visits(browser, f"http://localhost:{port}/")
    finally:
        server.terminate()
        server.wait()
        script.unlink()


def _spread(times: list[float]) -> str:
    return f"{statistics.median(times):4.1f} s (median; {min(times):.1f}-{max(times):.1f})"


def main() -> None:
    """Build, serve, time and print."""
    with tempfile.TemporaryDirectory() as folder:
        workspace = Path(folder) / "ws.gpkg"
        build_demo(workspace)
        map_sizes(workspace)
        server, port = serve(ROOT / "app.py", workspace)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                for name in PAGES:
                    first, *again = visits(browser, f"http://localhost:{port}/{name}")
                    print(f"page {name:22s} first {first:4.1f} s, again {_spread(again)}")
                print(f"edit: lock a team           {lock_a_team(browser, port):4.1f} s (applied and drawn)")
                server.terminate()
                server.wait()
                first, *again = floor(browser, workspace, Path(folder))
                print(f"floor: a bare page, one map first {first:4.1f} s, again {_spread(again)}")
                browser.close()
        finally:
            server.terminate()
            server.wait()
        started = time.perf_counter()
        plan = [str(Path(sys.executable).parent / "patrol-map"), "plan", str(workspace), "--week", "2026-W49"]
        # GNU time prints the plan's own peak memory (KB), last on stderr.
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%M", *plan], check=True, capture_output=True, text=True
        )
        peak = int(done.stderr.split()[-1]) / 1024
        print(f"patrol-map plan (one week)    {time.perf_counter() - started:4.1f} s, peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
