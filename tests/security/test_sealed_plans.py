"""The plans of weeks to come, sealed in the GeoPackage once it has accounts; opened by a log-in."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from patrol_map.errors import AccessError
from patrol_map.plan import store
from patrol_map.plan.store import find_plan, load_plan, patrol_weeks, save_plan, settle_plans
from patrol_map.security import crypto
from patrol_map.security.accounts import add_user, change_password, grant_plans_key, log_in
from patrol_map.workspace import Workspace

PASSWORD = "mật-khẩu-đủ-dài"
WEEK = "2026-W48"  # the sample's plan, taken as a week still to come (week_over patched)


def _weeks_over(monkeypatch: pytest.MonkeyPatch, over: bool) -> None:
    monkeypatch.setattr(store, "week_over", lambda week, today=None: over)


def _forget_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a new process: no log-in has opened any key."""
    monkeypatch.setattr(crypto, "_OPENED", {})


@pytest.fixture
def sealed(sample_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample with an account of each role, its week stored again as a week to come."""
    path = Path(shutil.copy(sample_workspace, tmp_path / "ws.gpkg"))
    _weeks_over(monkeypatch, False)
    ws = Workspace(path)
    plan = load_plan(ws, WEEK)
    police = plan.patrols["members"].iloc[0][0]
    add_user(ws, "chi_huy", "commander", PASSWORD)
    commander = log_in(ws, "chi_huy", PASSWORD)
    add_user(ws, "xem", "viewer", PASSWORD, by=commander)
    add_user(ws, "qt", "admin", PASSWORD, by=commander)
    add_user(ws, "ca", "police", PASSWORD, by=commander, person_id=police)
    save_plan(ws, plan)
    return path


def _raw(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT patrol_id, team_id, members, shift_start, stop_times, geom, sealed FROM plans "
            "WHERE week = ?",
            (WEEK,),
        ).fetchall()


def _empty_geometries(path: Path) -> set[bool]:
    with sqlite3.connect(path) as db:
        return {
            bool(empty) for (empty,) in db.execute("SELECT geom IS NULL FROM plans WHERE week = ?", (WEEK,))
        }


def test_a_plan_to_come_is_unreadable_in_the_raw_geopackage(sealed: Path) -> None:
    rows = _raw(sealed)
    assert len(rows) == 42
    for patrol_id, team, members, start, times, geometry, token in rows:
        assert token.startswith("enc1:")
        assert team is members is start is times is geometry is None
        # Hex digits only: no day (2026-11-23 has dashes), no shift's name (letters past f). A test of
        # "2026" not in the id failed once in ~10⁴ runs: random hex spells 2026 now and then.
        assert re.fullmatch(r"P[0-9a-f]{8,}", patrol_id), patrol_id


def test_a_log_in_opens_the_plan_as_it_was(
    sealed: Path, sample_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _forget_keys(monkeypatch)
    ws = Workspace(sealed)
    log_in(ws, "ca", PASSWORD)
    opened, plain = find_plan(ws, WEEK), find_plan(Workspace(sample_workspace), WEEK)
    assert opened is not None and plain is not None
    pd.testing.assert_frame_equal(
        pd.DataFrame(opened.patrols.drop(columns="geometry")),
        pd.DataFrame(plain.patrols.drop(columns="geometry")),
        check_dtype=False,
    )
    assert opened.patrols.geometry.geom_equals_exact(plain.patrols.geometry, 0.01).all()
    assert opened.settings == plain.settings and opened.edits == plain.edits
    weeks = patrol_weeks(ws)
    assert sorted(weeks.loc[weeks["week"] == WEEK, "patrol_id"]) == sorted(plain.patrols["patrol_id"])


@pytest.mark.parametrize("name", ["xem", "qt"])
def test_a_viewers_or_an_administrators_password_opens_no_plan_to_come(
    sealed: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _forget_keys(monkeypatch)
    ws = Workspace(sealed)
    log_in(ws, name, PASSWORD)
    assert crypto.remembered_key(sealed) is None
    with pytest.raises(AccessError, match="encrypted"):
        find_plan(ws, WEEK)


def test_without_a_log_in_a_sealed_plan_is_neither_read_nor_replaced(
    sealed: Path, sample_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = load_plan(Workspace(sample_workspace), WEEK)
    _forget_keys(monkeypatch)
    ws = Workspace(sealed)
    before = sealed.read_bytes()
    with pytest.raises(AccessError, match="encrypted"):
        find_plan(ws, WEEK)
    with pytest.raises(AccessError, match="encrypted"):
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


def test_a_new_password_keeps_the_key_and_only_a_commander_hands_it_on(
    sealed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = Workspace(sealed)
    change_password(ws, log_in(ws, "ca", PASSWORD), PASSWORD, "mật-khẩu-mới-hẳn")
    _forget_keys(monkeypatch)
    log_in(ws, "ca", "mật-khẩu-mới-hẳn")
    assert len(find_plan(ws, WEEK).patrols) == 42  # type: ignore[union-attr]
    admin = log_in(ws, "qt", PASSWORD)
    for role in ("militia", "police", "commander"):  # an administrator would choose their password
        with pytest.raises(AccessError, match="Only a commander may add"):
            add_user(ws, "dq", role, PASSWORD, by=admin, person_id=_someone(ws, "militia"))
    add_user(
        ws, "dq", "militia", PASSWORD, by=log_in(ws, "chi_huy", PASSWORD), person_id=_someone(ws, "militia")
    )
    _forget_keys(monkeypatch)
    log_in(ws, "dq", PASSWORD)
    assert len(find_plan(ws, WEEK).patrols) == 42  # type: ignore[union-attr]


def test_an_account_row_changed_in_the_file_gets_no_key(
    sealed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = Workspace(sealed)
    accounts = ws.read("accounts")
    accounts.loc[accounts["name"] == "xem", "role"] = "police"  # a viewer made police by editing the file
    ws.write({"accounts": accounts})
    log_in(ws, "chi_huy", PASSWORD)  # hands nothing on by itself
    _forget_keys(monkeypatch)
    log_in(ws, "xem", PASSWORD)
    with pytest.raises(AccessError, match="encrypted"):
        find_plan(ws, WEEK)


def test_a_key_remembered_for_another_file_at_this_path_is_not_used(
    sealed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(crypto, "_OPENED", {str(sealed.resolve()): bytes(32)})  # e.g. before a restore
    with pytest.raises(AccessError, match="encrypted"):
        find_plan(Workspace(sealed), WEEK)


def test_weeks_over_are_read_without_the_key_while_a_week_to_come_is_sealed(
    sealed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "week_over", lambda week, today=None: week != WEEK)  # 2026-W47 is over
    ws = Workspace(sealed)
    log_in(ws, "chi_huy", PASSWORD)
    settle_plans(ws)  # 2026-W47, sealed while it was to come, is stored in clear
    _forget_keys(monkeypatch)
    log_in(ws, "xem", PASSWORD)
    assert len(find_plan(ws, "2026-W47").patrols) == 42  # type: ignore[union-attr]
    with pytest.raises(AccessError, match="encrypted"):
        find_plan(ws, WEEK)


def _someone(ws: Workspace, force: str) -> str:
    people = ws.read("people")
    return str(people.loc[people["force"] == force, "person_id"].iloc[0])


def test_a_plan_is_opened_once_its_week_is_over_and_one_to_come_sealed_at_a_log_in(
    sealed: Path, sample_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = Workspace(sealed)
    log_in(ws, "chi_huy", PASSWORD)
    _weeks_over(monkeypatch, True)
    settle_plans(ws)
    assert _empty_geometries(sealed) == {False}  # the record, in clear for every account
    _forget_keys(monkeypatch)
    assert len(find_plan(ws, WEEK).patrols) == 42  # type: ignore[union-attr]

    earlier = Path(shutil.copy(sample_workspace, tmp_path / "earlier.gpkg"))  # planned before any account
    _weeks_over(monkeypatch, False)
    add_user(Workspace(earlier), "chi_huy", "commander", PASSWORD)
    assert _empty_geometries(earlier) == {False}
    log_in(Workspace(earlier), "chi_huy", PASSWORD)
    settle_plans(Workspace(earlier))
    assert _empty_geometries(earlier) == {True}


def test_a_workspace_without_accounts_stores_plans_in_clear(sample_workspace: Path, tmp_path: Path) -> None:
    path = Path(shutil.copy(sample_workspace, tmp_path / "ws.gpkg"))
    ws = Workspace(path)
    save_plan(ws, load_plan(ws, WEEK))
    settle_plans(ws)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM plans WHERE geom IS NULL").fetchone() == (0,)


def test_accounts_made_by_an_earlier_version_get_key_pairs_and_the_key_from_the_commander(
    sample_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = Path(shutil.copy(sample_workspace, tmp_path / "ws.gpkg"))
    _weeks_over(monkeypatch, False)
    ws = Workspace(path)
    add_user(ws, "chi_huy", "commander", PASSWORD)
    add_user(
        ws, "ca", "police", PASSWORD, by=log_in(ws, "chi_huy", PASSWORD), person_id=_someone(ws, "police")
    )
    older = ws.read("accounts").drop(columns=["public_key", "private_key", "plans_key"])
    ws.write({"accounts": older})  # as the version before key pairs stored them
    _forget_keys(monkeypatch)
    with pytest.raises(AccessError, match="log in once first"):
        grant_plans_key(ws, "ca", log_in(ws, "chi_huy", PASSWORD))  # makes the key; "ca" has no key pair
    log_in(ws, "ca", PASSWORD)  # gets a key pair
    commander = log_in(ws, "chi_huy", PASSWORD)
    settle_plans(ws)
    assert _empty_geometries(path) == {True}
    grant_plans_key(ws, "ca", commander)
    _forget_keys(monkeypatch)
    log_in(ws, "ca", PASSWORD)
    assert len(find_plan(ws, WEEK).patrols) == 42  # type: ignore[union-attr]
