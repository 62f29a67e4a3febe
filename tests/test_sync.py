"""``patrol-map sync``: a commune's file and its schema on a real PostGIS server, brought level.

The first sync makes the commune on the server and pushes its layers; a second with nothing new
writes nothing; what a province run wrote on the server is pulled; a layer changed on both sides is
listed and left alone on both; a sync cut off half-way goes on where it stopped; accounts and tips
never leave the file.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import patrol_map.province.sync as sync_module
from patrol_map.cli import main
from patrol_map.plan.store import load_plan
from patrol_map.province.sync import SYNC_LAYERS, sync
from patrol_map.workspace import Workspace


@pytest.fixture
def commune_file(sample_workspace: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(sample_workspace, tmp_path / "ws.gpkg"))


@pytest.fixture
def server(postgis_server: str, server_workspace: str) -> str:
    """The test's own commune address on the server (the file is synced there)."""
    return server_workspace


def test_a_first_sync_pushes_everything_and_a_second_writes_nothing(commune_file: Path, server: str) -> None:
    first = sync(Workspace(commune_file), server)
    assert first.created and not first.conflicts and not first.pulled
    ws, remote = Workspace(commune_file), Workspace(server)
    for layer in SYNC_LAYERS:
        if ws.has(layer):
            pd.testing.assert_frame_equal(remote.read(layer), ws.read(layer), obj=layer)
    stamp, file_bytes = remote.stamp(), commune_file.read_bytes()
    second = sync(Workspace(commune_file), server)
    assert second.pushed == second.pulled == [] and not second.conflicts
    assert remote.stamp() == stamp and commune_file.read_bytes() == file_bytes  # nothing written anywhere


def test_what_the_province_planned_is_pulled(commune_file: Path, server: str) -> None:
    sync(Workspace(commune_file), server)
    assert main(["plan", server, "--week", "2026-W50"]) == 0  # as a province run does
    report = sync(Workspace(commune_file), server)
    assert report.pulled == ["plans"] and report.pushed == [] and not report.conflicts
    pd.testing.assert_frame_equal(
        load_plan(Workspace(commune_file), "2026-W50").patrols,
        load_plan(Workspace(server), "2026-W50").patrols,
    )


def test_a_layer_changed_on_both_sides_is_listed_and_left_alone(commune_file: Path, server: str) -> None:
    sync(Workspace(commune_file), server)
    ws, remote = Workspace(commune_file), Workspace(server)
    incidents = ws.read("incidents")
    ws.write({"incidents": incidents.iloc[:-1]})  # one removed here
    remote.write({"incidents": incidents.iloc[1:]})  # another there
    ws.write({"villages": ws.read("villages")})  # and a layer changed here only, same content
    report = sync(Workspace(commune_file), server)
    assert [c["layer"] for c in report.conflicts] == ["incidents"]
    assert report.conflicts[0]["file_rows"] == report.conflicts[0]["server_rows"] == len(incidents) - 1
    assert "villages" in report.pushed
    pd.testing.assert_frame_equal(Workspace(commune_file).read("incidents"), incidents.iloc[:-1])
    pd.testing.assert_frame_equal(
        Workspace(server).read("incidents"), incidents.iloc[1:].reset_index(drop=True)
    )
    again = sync(Workspace(commune_file), server)  # still listed, still left alone
    assert [c["layer"] for c in again.conflicts] == ["incidents"]


def test_the_command_lists_a_conflict_and_exits_1(
    commune_file: Path, server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sync.json"
    assert main(["sync", str(commune_file), server, "--json", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["created"] is True
    ws = Workspace(commune_file)
    people = ws.read("people")
    ws.write({"people": people.iloc[:-1]})
    Workspace(server).write({"people": people.iloc[1:]})
    assert main(["sync", str(commune_file), server, "--json", str(out)]) == 1
    said = capsys.readouterr().err
    assert "CONFLICT people" in said and "XUNG ĐỘT" in said
    assert json.loads(out.read_text(encoding="utf-8"))["conflicts"][0]["layer"] == "people"


def test_a_sync_cut_off_goes_on_where_it_stopped(
    commune_file: Path, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_level = sync_module._level
    cut = {"at": "incidents"}

    def level_then_cut(ws, remote, layer, report):  # type: ignore[no-untyped-def]
        if layer == cut["at"]:
            raise ConnectionError("the connection was lost")
        real_level(ws, remote, layer, report)

    monkeypatch.setattr(sync_module, "_level", level_then_cut)
    with pytest.raises(ConnectionError):
        sync(Workspace(commune_file), server)
    monkeypatch.setattr(sync_module, "_level", real_level)
    report = sync(Workspace(commune_file), server)
    before_cut = SYNC_LAYERS[: SYNC_LAYERS.index("incidents")]
    assert "incidents" in report.pushed and not set(report.pushed) & set(before_cut)
    assert not report.conflicts


def test_accounts_and_tips_never_leave_the_file(
    commune_file: Path, server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATROL_MAP_PASSWORD", "mật-khẩu-đủ-dài-1")
    monkeypatch.setenv("PATROL_MAP_PASSPHRASE", "cụm-mật-khẩu-đủ-dài")
    tips = tmp_path / "tips.csv"
    tips.write_text(
        "date,village,content,informant_name,informant_phone\n2026-11-20,Thôn Mỹ Hòa,x,Nguyễn Văn B,0900\n",
        encoding="utf-8",
    )
    assert main(["user", "add", str(commune_file), "chi_huy", "--role", "commander"]) == 0
    assert main(["import", str(commune_file), "tips", str(tips), "--user", "chi_huy"]) == 0
    assert main(["sync", str(commune_file), server, "--user", "chi_huy"]) == 0
    remote = Workspace(server)
    assert not remote.has("accounts") and not remote.has("tips") and remote.has("incidents")
