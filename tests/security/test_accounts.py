"""Local accounts (patrol_map.security.accounts): first account, roles, Argon2 hashes, lock-out."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone

import pytest

from patrol_map.errors import AccessError
from patrol_map.security.accounts import (
    LOCKOUT,
    MAX_FAILURES,
    add_user,
    change_password,
    has_accounts,
    log_in,
)
from patrol_map.security.audit import log_path, verify
from patrol_map.security.roles import Right, Role
from patrol_map.workspace import Workspace
from tests.stored import everything_stored, raw_layer

# Accounts, their audit log and tips live only in a commune's file; on a province server PostgreSQL's
# own roles decide who reads what (tests/test_workspace_server.py: the refusal in words).
pytestmark = pytest.mark.file_only

PASSWORD = "mật-khẩu-đủ-dài"
NOW = datetime(2026, 12, 6, 20, 0, tzinfo=timezone(timedelta(hours=7)))


@pytest.fixture
def ws(sample_copy: Workspace) -> Workspace:
    return sample_copy


@pytest.fixture
def boss(ws: Workspace):
    return add_user(ws, "chi_huy", "commander", PASSWORD)


def test_the_first_account_must_manage_the_others(ws: Workspace) -> None:
    assert not has_accounts(ws)
    with pytest.raises(AccessError, match="first account must be an administrator"):
        add_user(ws, "xem", Role.VIEWER, PASSWORD)
    admin = add_user(ws, "quan_tri", "admin", PASSWORD)
    assert has_accounts(ws) and admin.role is Role.ADMIN
    with pytest.raises(AccessError, match="has accounts already"):
        add_user(ws, "khac", Role.ADMIN, PASSWORD)  # nobody adds a second one without logging in


def test_only_an_account_manager_adds_accounts(ws: Workspace, boss) -> None:
    viewer = add_user(ws, "xem", Role.VIEWER, PASSWORD, by=boss)
    with pytest.raises(AccessError, match="may not manage accounts"):
        add_user(ws, "khac", Role.VIEWER, PASSWORD, by=viewer)


def test_police_and_militia_accounts_name_a_person_of_the_commune(ws: Workspace, boss) -> None:
    people = ws.read("people")
    police = people[people["force"] == "police"]["person_id"].iloc[0]
    with pytest.raises(AccessError, match="needs their id among the people"):
        add_user(ws, "ca1", Role.POLICE, PASSWORD, by=boss)
    with pytest.raises(AccessError, match="no person 'XX99'"):
        add_user(ws, "ca1", Role.POLICE, PASSWORD, by=boss, person_id="XX99")
    assert add_user(ws, "ca1", Role.POLICE, PASSWORD, by=boss, person_id=police).person_id == police


@pytest.mark.parametrize(
    ("name", "password"), [("a", "short"), ("ten_dai_du", "ten_dai_du"), ("", PASSWORD), ("x\ny", PASSWORD)]
)
def test_weak_passwords_and_bad_names_are_refused(ws: Workspace, boss, name: str, password: str) -> None:
    with pytest.raises(AccessError):
        add_user(ws, name, Role.VIEWER, password, by=boss)


def test_names_are_unique_whatever_their_case(ws: Workspace, boss) -> None:
    with pytest.raises(AccessError, match="already"):
        add_user(ws, "CHI_HUY", Role.VIEWER, PASSWORD, by=boss)


def test_the_password_is_stored_as_an_argon2_hash_only(ws: Workspace, boss) -> None:
    accounts = raw_layer(ws, "accounts")
    stored = accounts["password_hash"].iloc[0]
    everything = accounts.to_csv().encode()
    assert stored.startswith("$argon2id$")
    assert PASSWORD.encode() not in everything and PASSWORD.encode() not in everything_stored(ws)


def test_log_in_with_the_right_password_only(ws: Workspace, boss) -> None:
    user = log_in(ws, "Chi_Huy", PASSWORD)
    assert user.name == "chi_huy" and user.role is Role.COMMANDER and user.can(Right.READ_CONFIDENTIAL)
    for name, password in (("chi_huy", "sai-mat-khau"), ("khong_co", PASSWORD)):
        with pytest.raises(AccessError) as caught:
            log_in(ws, name, password)
        assert caught.value.message("en") == "Wrong account name or password."  # the same for both


def test_repeated_failures_lock_the_account_for_a_while(ws: Workspace, boss) -> None:
    for _ in range(MAX_FAILURES):
        with pytest.raises(AccessError, match="Wrong"):
            log_in(ws, "chi_huy", "sai-mat-khau", now=NOW)
    with pytest.raises(AccessError, match="is locked until"):
        log_in(ws, "chi_huy", PASSWORD, now=NOW + timedelta(minutes=1))  # even the right password
    assert log_in(ws, "chi_huy", PASSWORD, now=NOW + LOCKOUT + timedelta(seconds=1)).name == "chi_huy"


def test_a_right_password_clears_the_failures(ws: Workspace, boss) -> None:
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(AccessError):
            log_in(ws, "chi_huy", "sai-mat-khau", now=NOW)
    log_in(ws, "chi_huy", PASSWORD, now=NOW)
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(AccessError, match="Wrong"):
            log_in(ws, "chi_huy", "sai-mat-khau", now=NOW)


def test_a_password_is_changed_with_the_old_one(ws: Workspace, boss) -> None:
    with pytest.raises(AccessError):
        change_password(ws, boss, "sai-mat-khau", "mat-khau-moi-dai")
    change_password(ws, boss, PASSWORD, "mat-khau-moi-dai")
    assert log_in(ws, "chi_huy", "mat-khau-moi-dai").name == "chi_huy"
    with pytest.raises(AccessError):
        log_in(ws, "chi_huy", PASSWORD)


def test_only_a_commander_adds_the_accounts_that_hold_the_plans_key(ws: Workspace, boss) -> None:
    admin = add_user(ws, "quan_tri", Role.ADMIN, PASSWORD, by=boss)
    police = ws.read("people").query("force == 'police'")["person_id"].iloc[0]
    with pytest.raises(AccessError, match="Only a commander may add a commander"):
        add_user(ws, "chi_huy_2", Role.COMMANDER, PASSWORD, by=admin)
    with pytest.raises(AccessError, match="Only a commander may add a police officer"):
        add_user(ws, "ca1", Role.POLICE, PASSWORD, by=admin, person_id=police)
    assert add_user(ws, "xem", Role.VIEWER, PASSWORD, by=admin).role is Role.VIEWER
    assert add_user(ws, "chi_huy_2", Role.COMMANDER, PASSWORD, by=boss).role is Role.COMMANDER
    assert add_user(ws, "ca1", Role.POLICE, PASSWORD, by=boss, person_id=police).role is Role.POLICE


def test_an_administrator_adds_the_first_commander_of_a_workspace_it_set_up(
    tmp_path, sample_workspace
) -> None:

    ws = Workspace(shutil.copy(sample_workspace, tmp_path / "ws.gpkg"))
    add_user(ws, "quan_tri", Role.ADMIN, PASSWORD)
    admin = log_in(ws, "quan_tri", PASSWORD)
    assert add_user(ws, "chi_huy", Role.COMMANDER, PASSWORD, by=admin).role is Role.COMMANDER
    with pytest.raises(AccessError, match="Only a commander may add a commander"):
        add_user(ws, "chi_huy_2", Role.COMMANDER, PASSWORD, by=admin)


def test_failed_log_ins_are_in_the_audit_log_without_the_name_typed_when_it_is_no_account(
    ws: Workspace, boss
) -> None:
    with pytest.raises(AccessError):
        log_in(ws, "chi_huy", "sai-mat-khau")
    with pytest.raises(AccessError):
        log_in(ws, "mat-khau-go-nham-cho", PASSWORD)  # a password typed in the name's place
    text = log_path(ws.file).read_text(encoding="utf-8")
    assert '"user": "chi_huy", "action": "login-failed", "what": "password"' in text
    assert '"user": "?", "action": "login-failed", "what": "no such account"' in text
    assert "mat-khau-go-nham-cho" not in text and verify(ws.file)[1] is None


def test_a_read_only_workspace_is_logged_in_to_and_left_as_it_was(
    ws: Workspace, boss, monkeypatch: pytest.MonkeyPatch
) -> None:
    log_in(ws, "chi_huy", PASSWORD)  # the first commander's log-in, on a writable copy, makes the plans' key
    before = ws.file.read_bytes()
    # As the file on a locked USB stick (chmod does not stop root, who runs the tests here).
    monkeypatch.setattr(Workspace, "writable", lambda self: False)
    with pytest.raises(AccessError, match="Wrong account name or password"):
        log_in(ws, "chi_huy", "sai-mat-khau")  # said as on a writable file, not counted
    assert log_in(ws, "chi_huy", PASSWORD).role is Role.COMMANDER
    assert ws.file.read_bytes() == before
