"""Logging in to the app as each role, in real headless chromium: what each sees of a week still to come.

The sample commune gets a plan for the current week (not over until the Tuesday after it), stored
sealed once it has an account of each role: the app's server opens it with each log-in. The commander
sees every team's patrols, a police officer and a militia member only their own teams', a meeting
viewer and an administrator none; only the commander's menu has the tips and the settings. A viewer
changes their password in the app and logs in again with it.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from patrol_map.cli import main
from patrol_map.plan.shifts import week_of
from patrol_map.plan.store import load_plan, save_plan
from patrol_map.security.accounts import add_user, log_in
from patrol_map.workspace import Workspace
from tests.browser.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, ROOT, block_outside, free_port, served

pytestmark = pytest.mark.browser

STEP_MS = 90_000
PASSWORD = "mật-khẩu-đủ-dài"
#: Menu entries only the commander has.
COMMANDER_ONLY = ("Tin báo", "Cài đặt", "Nhập dữ liệu")


@pytest.fixture(scope="module")
def login_app(sample_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict]]:
    """The app on a copy of the sample, this week planned, an account per role; the patrols each sees."""
    workspace = Path(shutil.copy(sample_workspace, tmp_path_factory.mktemp("login") / "ws.gpkg"))
    week = week_of(date.today())
    assert main(["plan", str(workspace), "--week", week]) == 0
    ws = Workspace(workspace)
    patrols = load_plan(ws, week).patrols
    police = next(
        m
        for m in patrols["members"].iloc[0]
        if m in set(ws.read("people").query("force == 'police'")["person_id"])
    )
    militia = next(
        m
        for m in patrols["members"].iloc[-1]
        if m in set(ws.read("people").query("force == 'militia'")["person_id"])
    )
    add_user(ws, "chi_huy", "commander", PASSWORD)
    commander = log_in(ws, "chi_huy", PASSWORD)
    for name, role, person in (
        ("xem", "viewer", ""),
        ("qt", "admin", ""),
        ("ca", "police", police),
        ("dq", "militia", militia),
    ):
        add_user(ws, name, role, PASSWORD, by=commander, person_id=person)
    save_plan(ws, load_plan(ws, week))  # stored again now the workspace has accounts: sealed
    with sqlite3.connect(workspace) as db:
        query = "SELECT count(*) FROM plans WHERE week = ? AND geom IS NULL AND sealed LIKE 'enc1:%'"
        assert db.execute(query, (week,)).fetchone() == (len(patrols),)
    sees = {
        "chi_huy": len(patrols),
        "ca": int(patrols["members"].map(lambda m: police in m).sum()),
        "dq": int(patrols["members"].map(lambda m: militia in m).sum()),
    }
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port)]
    command += ["--server.address", "localhost", "--server.headless", "true"]
    with served(command, port, os.environ | {"PATROL_MAP_WORKSPACE": str(workspace)}, ROOT) as url:
        yield url, {"week": week, "sees": sees}


def _logged_in(browser, url: str, name: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    # The first visit runs the app's first page in a server just started: on a busy machine, longer
    # than Playwright's 30 s default before the form is there.
    context.set_default_timeout(STEP_MS)
    blocked = block_outside(context)
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded", timeout=60_000)
    page.get_by_label("Tên tài khoản").fill(name)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text(re.compile(r"^Đang dùng: ")).wait_for(timeout=STEP_MS)
    return page, blocked


def _menu(page) -> str:  # type: ignore[no-untyped-def]
    return page.get_by_test_id("stSidebarNav").inner_text()


def _plan_page(page) -> str:  # type: ignore[no-untyped-def]
    """Open the plan page (on the current week) and return what it says once drawn."""
    page.get_by_test_id("stSidebarNav").get_by_text("Kế hoạch tuần").click()
    said = page.get_by_text(re.compile(r"lượt tổ|không được xem kế hoạch tuần"))
    said.first.wait_for(timeout=STEP_MS)
    return said.first.inner_text()


@pytest.mark.parametrize("name", ["chi_huy", "ca", "dq", "xem", "qt"])
def test_each_role_sees_what_it_may_of_a_week_to_come(login_app: tuple[str, dict], name: str) -> None:
    from playwright.sync_api import sync_playwright

    url, facts = login_app
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page, blocked = _logged_in(browser, url, name)
        menu = _menu(page)
        said = _plan_page(page)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"login-{name}.png"), full_page=True)
        browser.close()
    assert all((entry in menu) == (name == "chi_huy") for entry in COMMANDER_ONLY), menu
    assert "Tài khoản" in menu
    if name in facts["sees"]:
        assert said.startswith(f"{facts['sees'][name]} lượt tổ"), said
        if name != "chi_huy":
            assert facts["sees"][name] < facts["sees"]["chi_huy"]
    else:
        assert f"không được xem kế hoạch tuần {facts['week']}" in said, said
    assert blocked == []


def test_a_user_changes_their_password_in_the_app_and_logs_in_with_it(login_app: tuple[str, dict]) -> None:
    from playwright.sync_api import sync_playwright

    url, _ = login_app
    new = "mật-khẩu-mới-của-tôi"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page, _ = _logged_in(browser, url, "xem")
        page.get_by_test_id("stSidebarNav").get_by_text("Tài khoản").click()
        page.get_by_label("Mật khẩu hiện tại").fill(PASSWORD)
        page.get_by_label("Mật khẩu mới (ít nhất 8 ký tự)").fill(new)
        page.get_by_label("Nhập lại mật khẩu mới").fill(new)
        page.get_by_role("button", name="Đổi mật khẩu").click()
        page.get_by_text("Đã đổi mật khẩu.").wait_for(timeout=STEP_MS)
        page.get_by_role("button", name="Đăng xuất").click()
        page.get_by_text("Đã đăng xuất.").wait_for(timeout=STEP_MS)
        page.get_by_label("Tên tài khoản").fill("xem")
        page.get_by_label("Mật khẩu").fill(PASSWORD)  # the old one no longer opens
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_text("Sai tên tài khoản hoặc mật khẩu.").wait_for(timeout=STEP_MS)
        page.close()
        page, _ = _logged_in(browser, url, "xem", new)
        browser.close()
