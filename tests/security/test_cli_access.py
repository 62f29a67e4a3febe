"""The command line's accounts contract: user add, --user on protected commands, audit verify."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from patrol_map.cli import main
from patrol_map.plan.shifts import week_of
from patrol_map.security.audit import log_path

PASSWORD = "mật-khẩu-đủ-dài"


@pytest.fixture
def workspace(sample_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = Path(shutil.copy(sample_workspace, tmp_path / "ws.gpkg"))
    monkeypatch.setenv("PATROL_MAP_PASSWORD", PASSWORD)
    monkeypatch.setenv("PATROL_MAP_ADMIN_PASSWORD", PASSWORD)  # the adder's, for user add --user
    assert main(["user", "add", str(path), "chi_huy", "--role", "commander"]) == 0
    assert main(["user", "add", str(path), "xem", "--role", "viewer", "--user", "chi_huy"]) == 0
    return path


def test_a_new_account_gets_its_own_password_not_the_adders(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("PATROL_MAP_PASSWORD", "mật-khẩu-của-người-mới")
    assert main(["user", "add", str(workspace), "moi", "--role", "viewer", "--user", "chi_huy"]) == 0
    hotspots = ["hotspots", str(workspace), "--from", "2026-01-01", "--to", "2026-11-30", "--user", "moi"]
    assert main(hotspots) == 0
    monkeypatch.setenv("PATROL_MAP_PASSWORD", PASSWORD)  # the commander's: not the new account's
    assert main(hotspots) == 1
    assert "Wrong account name or password." in capsys.readouterr().err


def test_init_or_demo_never_overwrite_a_workspace_with_accounts(
    workspace: Path, capsys: pytest.CaptureFixture
) -> None:
    before = workspace.read_bytes()
    assert main(["demo", str(workspace), "--force"]) == 1
    assert "has accounts; it is not overwritten" in capsys.readouterr().err
    assert main(["init", str(workspace), "--commune", "Nam Trạch", "--force"]) == 1
    assert workspace.read_bytes() == before


def test_the_first_account_must_be_able_to_add_the_others(
    sample_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    path = Path(shutil.copy(sample_workspace, tmp_path / "ws.gpkg"))
    monkeypatch.setenv("PATROL_MAP_PASSWORD", PASSWORD)
    assert main(["user", "add", str(path), "xem", "--role", "viewer"]) == 1
    assert "first account must be an administrator" in capsys.readouterr().err


def test_protected_commands_need_a_user_once_accounts_exist(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = str(tmp_path / "p.geojson")
    before = workspace.read_bytes()
    for command in (
        ["export", str(workspace), "--week", "2026-W48", "--format", "geojson", "--out", out],
        ["plan", str(workspace), "--week", "2026-W50"],
        ["hotspots", str(workspace), "--from", "2026-01-01", "--to", "2026-11-30"],
        ["settings", str(workspace), "--stop-minutes", "15"],
    ):
        assert main(command) == 1, command
        assert "has accounts: log in" in capsys.readouterr().err
    assert workspace.read_bytes() == before and not Path(out).exists()


def test_a_wrong_password_is_refused(workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("PATROL_MAP_PASSWORD", "sai-mat-khau")
    assert (
        main(["hotspots", str(workspace), "--from", "2026-01-01", "--to", "2026-11-30", "--user", "chi_huy"])
        == 1
    )
    assert "Wrong account name or password." in capsys.readouterr().err


def test_a_viewer_exports_past_plans_only_and_may_not_plan(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    coming = week_of(date.today() + timedelta(days=7))
    assert (
        main(
            [
                "plan",
                str(workspace),
                "--week",
                coming,
                "--shifts",
                "night",
                "--teams",
                "1",
                "--user",
                "chi_huy",
            ]
        )
        == 0
    )
    out = tmp_path / "p.geojson"
    export = ["export", str(workspace), "--format", "geojson", "--out", str(out), "--user", "xem"]
    assert main([*export, "--week", coming]) == 1
    assert "not over yet" in capsys.readouterr().err and not out.exists()
    assert main([*export, "--week", "2026-W47"]) == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))["features"]) > 0
    assert main(["plan", str(workspace), "--week", coming, "--user", "xem"]) == 1
    assert "may not import, change data and make plans" in capsys.readouterr().err


def test_audit_verify_holds_then_names_the_first_edited_line(
    workspace: Path, capsys: pytest.CaptureFixture
) -> None:
    assert (
        main(["hotspots", str(workspace), "--from", "2026-01-01", "--to", "2026-11-30", "--user", "xem"]) == 0
    )
    capsys.readouterr()
    assert main(["audit", "verify", str(workspace)]) == 0
    assert "holds: 3 lines" in capsys.readouterr().out  # two accounts added, one view
    log = log_path(workspace)
    lines = log.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("added xem (viewer)", "added xem (commander)")
    assert "(commander)" in lines[1]
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["audit", "verify", str(workspace)]) == 1
    error = capsys.readouterr().err
    assert "broken from line 2" in error and "hỏng từ dòng 2" in error


def test_backup_and_restore_on_the_command_line(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("PATROL_MAP_PASSPHRASE", "cụm-mật-khẩu-sao-lưu")
    out = tmp_path / "ws.pmbk"
    assert main(["backup", str(workspace), str(out), "--user", "xem"]) == 1  # a viewer may not
    assert "may not back up and restore" in capsys.readouterr().err and not out.exists()
    assert main(["backup", str(workspace), str(out), "--user", "chi_huy"]) == 0
    damaged = tmp_path / "damaged.pmbk"
    damaged.write_bytes(out.read_bytes()[:-1])
    before = workspace.read_bytes()
    assert main(["restore", str(damaged), str(workspace), "--user", "chi_huy"]) == 1
    assert "left as it was" in capsys.readouterr().err and workspace.read_bytes() == before
    assert main(["restore", str(out), str(tmp_path / "elsewhere.gpkg")]) == 0
    assert (tmp_path / "elsewhere.gpkg").read_bytes() == before
    assert main(["audit", "verify", str(tmp_path / "elsewhere.gpkg")]) == 0


def test_a_user_changes_their_own_password(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("PATROL_MAP_NEW_PASSWORD", "mật-khẩu-mới-đủ-dài")
    monkeypatch.setenv("PATROL_MAP_PASSWORD", "sai-mat-khau-cu")
    assert main(["user", "passwd", str(workspace), "xem"]) == 1  # the old one is needed
    monkeypatch.setenv("PATROL_MAP_PASSWORD", PASSWORD)
    assert main(["user", "passwd", str(workspace), "xem"]) == 0
    hotspots = ["hotspots", str(workspace), "--from", "2026-01-01", "--to", "2026-11-30", "--user", "xem"]
    assert main(hotspots) == 1  # the old password no longer opens it
    monkeypatch.setenv("PATROL_MAP_PASSWORD", "mật-khẩu-mới-đủ-dài")
    assert main(hotspots) == 0
    monkeypatch.setenv("PATROL_MAP_NEW_PASSWORD", "short")
    assert main(["user", "passwd", str(workspace), "xem"]) == 1
    assert "at least 8 characters" in capsys.readouterr().err


def test_only_an_account_that_changes_data_changes_the_settings(
    workspace: Path, capsys: pytest.CaptureFixture
) -> None:
    before = workspace.read_bytes()
    for option in ("--stop-minutes=15", "--viewers-see-plans", "--shifts=tối"):
        assert main(["settings", str(workspace), option, "--user", "xem"]) == 1, option
        assert "may not import, change data and make plans" in capsys.readouterr().err
    assert workspace.read_bytes() == before  # a viewer changed nothing, whatever the option
    assert main(["settings", str(workspace), "--user", "xem"]) == 0  # but may read them
    assert main(["settings", str(workspace), "--viewers-see-plans", "--user", "chi_huy"]) == 0
    assert "Người xem thấy kế hoạch sắp tới / Viewers see plans to come: có / yes" in capsys.readouterr().out
