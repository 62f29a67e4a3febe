"""The plans of weeks to come, sealed in the GeoPackage once it has accounts; opened by a log-in."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from patrol_map.errors import AccessError
from patrol_map.plan import store
from patrol_map.plan.store import find_plan, load_plan, save_plan
from patrol_map.security import crypto
from patrol_map.security.accounts import add_user, change_password, log_in
from patrol_map.workspace import Workspace

PASSWORD = "mật-khẩu-đủ-dài"
WEEK = "2026-W48"  # the sample's plan, taken as a week still to come (week_over patched)


@pytest.fixture
def sealed(sample_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample with accounts, its week stored again as a week to come: sealed."""
    path = Path(shutil.copy(sample_workspace, tmp_path / "ws.gpkg"))
    monkeypatch.setattr(store, "week_over", lambda week, today=None: False)
    ws = Workspace(path)
    plan = load_plan(ws, WEEK)
    add_user(ws, "chi_huy", "commander", PASSWORD)
    commander = log_in(ws, "chi_huy", PASSWORD)
    add_user(ws, "xem", "viewer", PASSWORD, by=commander)
    save_plan(ws, plan)
    return path


def _forget_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a new process: no log-in has opened any key."""
    monkeypatch.setattr(crypto, "_OPENED", {})


def test_a_plan_to_come_is_unreadable_in_the_raw_geopackage(sealed: Path) -> None:
    with sqlite3.connect(sealed) as db:
        rows = db.execute(
            "SELECT patrol_id, team_id, members, shift_start, stop_times, geom, sealed FROM plans "
            "WHERE week = ?",
            (WEEK,),
        ).fetchall()
    assert len(rows) == 42
    for patrol_id, team, members, start, times, geometry, token in rows:
        assert patrol_id and token.startswith("enc1:")
        assert team is members is start is times is geometry is None


def test_a_log_in_opens_the_plan_as_it_was(sealed: Path, sample_workspace: Path) -> None:
    ws = Workspace(sealed)
    log_in(ws, "xem", PASSWORD)
    opened, plain = find_plan(ws, WEEK), find_plan(Workspace(sample_workspace), WEEK)
    assert opened is not None and plain is not None
    pd.testing.assert_frame_equal(
        pd.DataFrame(opened.patrols.drop(columns="geometry")),
        pd.DataFrame(plain.patrols.drop(columns="geometry")),
        check_dtype=False,
    )
    assert opened.patrols.geometry.geom_equals_exact(plain.patrols.geometry, 0.01).all()
    assert opened.settings == plain.settings and opened.edits == plain.edits


def test_without_a_log_in_a_sealed_plan_is_neither_read_nor_replaced(
    sealed: Path, sample_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = load_plan(Workspace(sample_workspace), WEEK)
    _forget_keys(monkeypatch)
    ws = Workspace(sealed)
    before = sealed.read_bytes()
    with pytest.raises(AccessError, match="log in"):
        find_plan(ws, WEEK)
    with pytest.raises(AccessError, match="log in"):
        save_plan(ws, plan)
    assert sealed.read_bytes() == before


def test_a_sealed_row_moved_to_another_does_not_open(sealed: Path) -> None:
    with sqlite3.connect(sealed) as db:
        # The GeoPackage's R-tree triggers call these SpatiaLite functions; the rows' geometry is empty.
        db.create_function("ST_IsEmpty", 1, lambda geometry: 1)
        for bound in ("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
            db.create_function(bound, 1, lambda geometry: None)
        (first, a), (second, b) = db.execute(
            "SELECT fid, sealed FROM plans WHERE sealed != '' LIMIT 2"
        ).fetchall()
        db.execute("UPDATE plans SET sealed = ? WHERE fid = ?", (b, first))
        db.execute("UPDATE plans SET sealed = ? WHERE fid = ?", (a, second))
    ws = Workspace(sealed)
    log_in(ws, "chi_huy", PASSWORD)
    with pytest.raises(AccessError, match="was changed"):
        find_plan(ws, WEEK)


def test_a_new_password_and_a_new_account_still_open_the_plans(
    sealed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = Workspace(sealed)
    commander = log_in(ws, "chi_huy", PASSWORD)
    add_user(ws, "moi", "viewer", PASSWORD, by=commander)
    change_password(ws, log_in(ws, "xem", PASSWORD), PASSWORD, "mật-khẩu-mới-hẳn")
    for name, password in (("moi", PASSWORD), ("xem", "mật-khẩu-mới-hẳn")):
        _forget_keys(monkeypatch)
        log_in(Workspace(sealed), name, password)
        assert len(find_plan(Workspace(sealed), WEEK).patrols) == 42  # type: ignore[union-attr]


def test_a_week_over_and_a_workspace_without_accounts_store_plans_in_clear(
    sample_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = Path(shutil.copy(sample_workspace, tmp_path / "ws.gpkg"))
    ws = Workspace(path)
    save_plan(ws, load_plan(ws, WEEK))  # no accounts
    add_user(ws, "chi_huy", "commander", PASSWORD)
    log_in(ws, "chi_huy", PASSWORD)
    monkeypatch.setattr(store, "week_over", lambda week, today=None: True)
    save_plan(ws, load_plan(ws, WEEK))  # accounts, but a week that is over: the record of what was planned
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM plans WHERE geom IS NULL").fetchone() == (0,)
