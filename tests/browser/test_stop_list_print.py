"""The printable stop list printed to PDF by real headless chromium, and the PDF rendered by pdftoppm."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from patrol_map.demo import SAMPLE_WEEK
from patrol_map.plan.store import load_plan
from patrol_map.report.exports import export_bytes
from patrol_map.workspace import Workspace
from tests.browser.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


def test_stop_list_prints_on_a4_with_every_day(sample_workspace: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    plan = load_plan(Workspace(sample_workspace), SAMPLE_WEEK)
    html = export_bytes(plan, "stops-html").data.decode("utf-8")
    pdf = tmp_path / "stops.pdf"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.route("**/*", lambda route: route.abort())  # the page must need nothing from outside
        page.set_content(html, wait_until="load")
        text = page.inner_text("body")
        page.pdf(path=str(pdf), format="A4", print_background=True)
        browser.close()
    first_stop = plan.patrols["stop_names"].iloc[0][0]
    assert first_stop in text and "Thứ Hai 23/11" in text and "Chủ nhật 29/11" in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 7  # a new page for every day of the week
    assert "595.2" in info or "595" in info  # A4 width in points
    subprocess.run(
        ["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "p")], check=True
    )
    image = np.asarray(Image.open(next(tmp_path.glob("p*.png"))).convert("L"))
    ink = (image < 128).mean()
    assert 0.005 < ink < 0.5  # text on the page, not a blank or a black page
    ARTIFACTS.mkdir(exist_ok=True)
    Image.fromarray(image).save(ARTIFACTS / "stop-list-page1.png")
