"""The workspace never loses data: read-only files, links, two writers, killed writes, damaged metadata."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

import patrol_map.workspace.gpkg as workspace_module
from patrol_map.cli import main
from patrol_map.errors import SettingError, WorkspaceError
from patrol_map.importing import create_workspace, import_file
from patrol_map.workspace import Workspace
from tests.conftest import lonlat


@pytest.fixture
def ws(tiny: dict[str, Path], tmp_path: Path) -> Workspace:
    workspace, _ = create_workspace(tmp_path / "w.gpkg", tiny["boundary"])
    for kind in ("villages", "roads", "places", "incidents", "people"):
        import_file(workspace, kind, tiny[kind])
    return workspace


def incident_file(folder: Path, name: str, ids: list[str]) -> Path:
    market = lonlat(1790, 1790)
    rows = [
        f"{i},2026-10-{10 + n:02d},20:00,theft,Thôn Đông,{market[0]},{market[1]}" for n, i in enumerate(ids)
    ]
    path = folder / name
    path.write_text(
        "incident_id,date,time,category,village,lon,lat\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    return path


def stored_ids(path: Path) -> set[str]:
    return set(Workspace(path).read("incidents")["incident_id"])


#: Run a command as a user the file permissions bind: root without the capabilities that override them
#: (this machine's Python lives under /root, which another user may not enter).
WITHOUT_OVERRIDE = (
    ["setpriv", "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search"]
    if os.geteuid() == 0
    else []
)


def patrol_map(*argv: str, bound_by_permissions: bool = False) -> subprocess.Popen:
    """Run ``patrol-map`` in another process, as a user that file permissions bind when asked."""
    prefix = WITHOUT_OVERRIDE if bound_by_permissions else []
    return subprocess.Popen(
        [*prefix, sys.executable, "-m", "patrol_map.cli", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_read_only_workspace_is_refused_and_left_as_it_was(ws: Workspace, tmp_path: Path) -> None:
    new = incident_file(tmp_path, "new.csv", ["N1"])
    ws.path.chmod(0o444)
    before = ws.path.read_bytes()
    run = patrol_map("import", str(ws.path), "incidents", str(new), bound_by_permissions=True)
    out, err = run.communicate(timeout=120)
    assert run.returncode == 1, out + err
    assert "chỉ được đọc" in err and "is read-only" in err
    assert ws.path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name] == []
    # A folder that may not be written: the same, the file itself writable.
    ws.path.chmod(0o644)
    tmp_path.chmod(0o555)
    try:
        run = patrol_map("import", str(ws.path), "incidents", str(new), bound_by_permissions=True)
        out, err = run.communicate(timeout=120)
    finally:
        tmp_path.chmod(0o755)
    assert run.returncode == 1 and "is read-only" in err, out + err
    assert ws.path.read_bytes() == before


def test_a_write_through_a_link_replaces_the_file_it_names_and_keeps_the_link(
    ws: Workspace, tmp_path: Path
) -> None:
    link = tmp_path / "link.gpkg"
    link.symlink_to(ws.path)
    import_file(Workspace(link), "incidents", incident_file(tmp_path, "new.csv", ["N1"]))
    assert link.is_symlink() and link.resolve() == ws.path.resolve()
    assert "N1" in stored_ids(ws.path)


def test_two_imports_at_once_keep_both_files_rows(ws: Workspace, tmp_path: Path) -> None:
    files = [incident_file(tmp_path, f"{name}.csv", [f"{name}{i}" for i in range(3)]) for name in "AB"]
    runs = [patrol_map("import", str(ws.path), "incidents", str(f)) for f in files]
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, out + err
    assert {"A0", "A1", "A2", "B0", "B1", "B2"} <= stored_ids(ws.path)


def test_a_second_writer_waits_for_the_first_then_adds_to_what_it_stored(
    ws: Workspace, tmp_path: Path
) -> None:
    second = patrol_map("import", str(ws.path), "incidents", str(incident_file(tmp_path, "b.csv", ["B1"])))
    with ws.locked():
        import_file(ws, "incidents", incident_file(tmp_path, "a.csv", ["A1"]))
        time.sleep(3)
        assert second.poll() is None  # still waiting for the lock
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, out + err
    assert {"A1", "B1"} <= stored_ids(ws.path)


def test_two_plans_of_different_weeks_at_once_are_both_stored(ws: Workspace) -> None:
    runs = [
        patrol_map("plan", str(ws.path), "--week", week, "--shifts", "night")
        for week in ("2026-W48", "2026-W49")
    ]
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, out + err
    assert set(Workspace(ws.path).read("plans")["week"]) == {"2026-W48", "2026-W49"}


def test_a_writer_held_up_too_long_is_refused_in_words(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workspace_module, "LOCK_WAIT_S", 0.5)
    holder = Workspace(ws.path)
    entered, leave = threading.Event(), threading.Event()

    def hold() -> None:
        with holder.locked():
            entered.set()
            leave.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    entered.wait(10)
    try:
        # flock locks belong to open files: a second opening in this process waits as another program would.
        with pytest.raises(WorkspaceError, match="Another program is writing"):
            import_file(Workspace(ws.path), "incidents", incident_file(tmp_path, "c.csv", ["C1"]))
    finally:
        leave.set()
        thread.join()


def test_what_a_killed_write_left_is_cleaned_by_the_next_writer(ws: Workspace, tmp_path: Path) -> None:
    left = ws.path.parent / f".{ws.path.name}.tmp-killed"
    left.mkdir()
    (left / ws.path.name).write_bytes(os.urandom(1 << 20))
    import_file(ws, "incidents", incident_file(tmp_path, "d.csv", ["D1"]))
    assert not left.exists()
    assert [p.name for p in ws.path.parent.iterdir() if ".tmp-" in p.name] == []


def test_a_write_that_fails_leaves_the_workspace_as_it_was(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = ws.path.read_bytes()

    def broken(path: Path, layer: str, frame: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workspace_module, "_write_layer", broken)
    with pytest.raises(OSError, match="No space"):
        ws.write({"people": ws.read("people")})
    assert ws.path.read_bytes() == before
    assert [p.name for p in ws.path.parent.iterdir() if ".tmp-" in p.name] == []


@pytest.mark.parametrize(
    ("key", "value"), [("schema_version", "abc"), ("crs", "not a crs"), ("crs", None), ("ten_xa", "")]
)
def test_damaged_metadata_is_named_in_both_languages(
    ws: Workspace, capsys: pytest.CaptureFixture, key: str, value: str | None
) -> None:
    meta = pyogrio.read_dataframe(ws.path, layer="patrol_map_meta")
    if value is None:
        meta = meta[meta["key"] != key]
    else:
        meta.loc[meta["key"] == key, "value"] = value
    pyogrio.write_dataframe(pd.DataFrame(meta), ws.path, layer="patrol_map_meta", driver="GPKG")
    with pytest.raises(WorkspaceError, match=f"'{key}'"):
        Workspace(ws.path)
    assert main(["plan", str(ws.path), "--week", "2026-W48"]) == 1
    err = capsys.readouterr().err
    assert "bị hỏng" in err and "is damaged" in err and key in err


def test_a_grid_too_fine_for_the_memory_is_refused_before_any_work(
    ws: Workspace, capsys: pytest.CaptureFixture
) -> None:
    argv = ["hotspots", str(ws.path), "--from", "2026-01-01", "--to", "2026-11-30", "--cell", "0.5"]
    assert main([*argv, "--out", str(ws.path.parent / "grid.geojson")]) == 1
    err = capsys.readouterr().err
    assert "too many for the memory" in err and "quá nhiều cho bộ nhớ" in err
    assert not (ws.path.parent / "grid.geojson").exists()
    from patrol_map.risk.kde import grid_cells

    with pytest.raises(SettingError, match="the smallest cell that fits is"):
        grid_cells(ws.read("commune").geometry.iloc[0], 0.5, ws.crs)
