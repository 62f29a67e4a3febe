"""A workspace on a real PostgreSQL + PostGIS server answers as its GeoPackage file does.

Every layer of the sample commune is copied to a server schema and read back equal, value for
value and type for type; the same command makes the same plan on either; a write is all or
nothing; one writer at a time, and a killed writer holds nothing; what may not be written or
reached is refused in words, never naming a password.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import sqlalchemy as sa

import patrol_map.workspace.gpkg as gpkg_module
import patrol_map.workspace.postgis as postgis_module
from patrol_map.cli import main
from patrol_map.demo import SAMPLE_WEEK
from patrol_map.errors import WorkspaceError
from patrol_map.plan.store import load_plan
from patrol_map.workspace import LAYERS, Workspace
from patrol_map.workspace.postgis import ServerAddress


def copy_to_server(source: Workspace, address: str) -> Workspace:
    """Every layer of ``source`` in a new server workspace at ``address``."""
    target = Workspace.create(address, source.read("commune"), overwrite=True)
    target.write({layer: source.read(layer) for layer in LAYERS if source.has(layer) and layer != "commune"})
    return Workspace(address)


@pytest.fixture
def on_server(sample_workspace: Path, server_workspace: str) -> Workspace:
    return copy_to_server(Workspace(sample_workspace), server_workspace)


def test_every_layer_reads_back_as_from_the_file(sample_workspace: Path, on_server: Workspace) -> None:
    source = Workspace(sample_workspace)
    assert on_server.meta["ma_xa"] == source.meta["ma_xa"] and on_server.crs == source.crs
    assert on_server.commune_name == source.commune_name
    stored = [layer for layer in LAYERS if source.has(layer)]
    assert len(stored) >= 10 and all(on_server.has(layer) for layer in stored)
    for layer in stored:
        expected, found = source.read(layer), on_server.read(layer)
        # Same columns, same order of rows, same values and types: '' stays '' and a missing value
        # stays missing (geopandas' own CSV COPY turned every '' into NULL).
        pd.testing.assert_frame_equal(found, expected, obj=layer)
        if isinstance(expected, gpd.GeoDataFrame):
            assert isinstance(found, gpd.GeoDataFrame) and found.crs == expected.crs
    results = source.read("results", columns=["key"])
    key = results["key"].iloc[0]
    chosen = on_server.read("results", columns=["key", "table", "values"], where=f"key = '{key}'")
    assert list(chosen["key"]) == [key]  # 'values' is a reserved word of SQL: quoted


def test_the_same_command_makes_the_same_plan_on_either(
    sample_workspace: Path, on_server: Workspace, tmp_path: Path
) -> None:
    file = Path(shutil.copy(sample_workspace, tmp_path / "ws.gpkg"))
    week = "2026-W49"
    assert main(["plan", str(file), "--week", week, "--seed", "7"]) == 0
    assert main(["plan", on_server.where, "--week", week, "--seed", "7"]) == 0
    on_file = load_plan(Workspace(file), week).patrols
    served = load_plan(Workspace(on_server.where), week).patrols
    assert len(on_file) > 0
    pd.testing.assert_frame_equal(served, on_file)
    # The week planned before is still there, untouched, beside the new one.
    pd.testing.assert_frame_equal(
        load_plan(Workspace(on_server.where), SAMPLE_WEEK).patrols,
        load_plan(Workspace(sample_workspace), SAMPLE_WEEK).patrols,
    )


def test_a_failed_write_leaves_the_server_workspace_as_it_was(
    on_server: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    villages, roads = on_server.read("villages"), on_server.read("roads")
    before = on_server.changed("villages", "roads")
    real_copy = postgis_module._copy_rows

    def copy_then_fail(table, con, keys, rows):  # type: ignore[no-untyped-def]
        if table.name == "roads":
            raise OSError("connection lost mid-write")
        real_copy(table, con, keys, rows)

    monkeypatch.setattr(postgis_module, "_copy_rows", copy_then_fail)
    with pytest.raises(OSError):
        on_server.write({"villages": villages.head(3), "roads": roads.head(3)})
    again = Workspace(on_server.where)
    pd.testing.assert_frame_equal(again.read("villages"), villages)
    pd.testing.assert_frame_equal(again.read("roads"), roads)
    assert again.changed("villages", "roads") == before


def test_a_write_changes_only_the_times_of_what_it_wrote(on_server: Workspace) -> None:
    before = on_server.changed("villages", "roads")
    stamp = on_server.stamp()
    time.sleep(0.01)
    on_server.write({"villages": on_server.read("villages")})
    after = on_server.changed("villages", "roads")
    assert after["roads"] == before["roads"] and after["villages"] > before["villages"]
    assert on_server.stamp() > stamp
    assert on_server.changed("tips") == {"tips": ""}  # a layer never written


def test_a_second_writer_waits_and_is_then_refused_in_words(
    on_server: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(postgis_module, "LOCK_WAIT_S", 0.5)
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with Workspace(on_server.where).locked():
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert holding.wait(10)
        with pytest.raises(WorkspaceError, match="Another program is writing"):
            Workspace(on_server.where).write({"villages": on_server.read("villages")})
    finally:
        release.set()
        holder.join()
    Workspace(on_server.where).write({"villages": on_server.read("villages")})  # free again


def test_a_killed_writer_holds_nothing(on_server: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    script = (
        "import sys, time\n"
        "from patrol_map.workspace import Workspace\n"
        "with Workspace(sys.argv[1]).locked():\n"
        "    print('locked', flush=True)\n"
        "    time.sleep(60)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, on_server.where], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        holder.kill()
        holder.wait(10)
        monkeypatch.setattr(postgis_module, "LOCK_WAIT_S", 10.0)  # the server notices the dead connection
        Workspace(on_server.where).write({"villages": on_server.read("villages")})
    finally:
        holder.kill()


def test_a_read_only_account_is_refused_before_anything_is_touched(on_server: Workspace) -> None:
    address = ServerAddress(on_server.where)
    with address.engine().begin() as con:
        con.execute(sa.text("DROP ROLE IF EXISTS reader_only"))
        con.execute(sa.text("CREATE ROLE reader_only LOGIN"))
        con.execute(sa.text(f'GRANT USAGE ON SCHEMA "{address.schema}" TO reader_only'))
        con.execute(sa.text(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{address.schema}" TO reader_only'))
    reader = on_server.where.replace("postgres@", "reader_only@")
    ws = Workspace(reader)
    assert len(ws.read("villages")) == len(on_server.read("villages"))  # it reads
    assert not ws.writable()
    with pytest.raises(WorkspaceError, match="read-only"):
        ws.write({"villages": ws.read("villages").head(1)})
    assert len(Workspace(on_server.where).read("villages")) == len(on_server.read("villages"))


def test_a_schema_of_a_newer_version_is_refused(on_server: Workspace) -> None:
    address = ServerAddress(on_server.where)
    with address.engine().begin() as con:
        con.execute(sa.text(f"UPDATE \"{address.schema}\".alembic_version SET version_num = '9999'"))
    with pytest.raises(WorkspaceError, match="newer version") as refused:
        Workspace(on_server.where)
    assert "phiên bản mới hơn" in refused.value.message("vi")


def test_an_existing_commune_is_not_overwritten_unless_asked(on_server: Workspace) -> None:
    with pytest.raises(WorkspaceError, match="already holds commune"):
        Workspace.create(on_server.where, on_server.read("commune"))
    assert on_server.has("incidents")
    fresh = Workspace.create(on_server.where, on_server.read("commune"), overwrite=True)
    assert not fresh.has("incidents")


def test_addresses_are_refused_in_words_and_never_show_a_password(postgis_server: str) -> None:
    secret = "s3cret-pass"
    closed = f"postgresql://someone:{secret}@localhost:1/patrol_map?commune=19627"
    with pytest.raises(WorkspaceError) as unreachable:
        Workspace(closed)
    for lang in ("vi", "en"):
        said = unreachable.value.message(lang)
        assert secret not in said and "localhost:1" in said
    assert "Could not reach" in unreachable.value.message("en")
    for bad in (
        f"postgresql://someone:{secret}@localhost:1/patrol_map?commune=x;DROP",
        f"postgresql://someone:{secret}@localhost:1/?commune=19627",
    ):
        with pytest.raises(WorkspaceError, match="not a valid server address") as refused:
            Workspace(bad)
        assert secret not in refused.value.message("en")
    with pytest.raises(WorkspaceError, match=r"lacks '\?commune=MA_XA'"):
        Workspace(postgis_server)
    with pytest.raises(WorkspaceError, match="holds no workspace of commune 00000"):
        Workspace(f"{postgis_server}?commune=00000")
    assert (
        ServerAddress(f"postgresql://u:{secret}@h:5/db?commune=1").shown
        == "postgresql://u:***@h:5/db?commune=1"
    )


def test_a_file_workspace_is_still_written_through_its_own_store(
    tmp_path: Path, sample_workspace: Path
) -> None:
    # The GeoPackage store is the default: a path is never taken for a server address.
    file = Path(shutil.copy(sample_workspace, tmp_path / "postgresql-notes.gpkg"))
    ws = Workspace(file)
    assert isinstance(ws.store, gpkg_module.GeoPackageStore) and not ws.on_server
    assert ws.file == file.resolve()


def test_what_only_a_commune_s_file_holds_is_refused_on_a_server(
    on_server: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATROL_MAP_PASSWORD", "mật-khẩu-đủ-dài-1")
    monkeypatch.setenv("PATROL_MAP_PASSPHRASE", "cụm-mật-khẩu-đủ-dài")
    tips = tmp_path / "tips.csv"
    tips.write_text("date,village,content,informant_name,informant_phone\n2026-11-20,Thôn A,x,B,0900\n")
    stamp = on_server.stamp()
    for command in (
        ["user", "add", on_server.where, "chi_huy", "--role", "commander"],
        ["import", on_server.where, "tips", str(tips)],
        ["backup", on_server.where, str(tmp_path / "b.pmbak")],
        ["audit", "verify", on_server.where],
    ):
        assert main(command) == 1, command
        said = capsys.readouterr().err
        assert "server workspace, not a file" in said and "không phải tệp" in said, command
    again = Workspace(on_server.where)
    assert again.stamp() == stamp and not again.has("accounts") and not again.has("tips")


@pytest.mark.parametrize("name", ["overview", "hotspots", "plan", "coverage"])
def test_the_app_s_pages_open_on_a_server_workspace(
    on_server: Workspace, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("PATROL_MAP_WORKSPACE", on_server.where)
    at = AppTest.from_string(f"from patrol_map.ui import {name}\n{name}.render()", default_timeout=120)
    at.session_state["lang"] = "vi"
    if name in ("plan", "coverage"):
        at.session_state[f"{name}_week"] = SAMPLE_WEEK
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.exception] + [e.value for e in at.error]
    if name == "overview":
        assert at.title[0].value.endswith(on_server.commune_name)
    if name == "plan":
        assert len(at.dataframe[0].value) > 0  # the week's teams, read from the server
