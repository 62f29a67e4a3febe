"""Encrypted backups (patrol_map.backup): a round trip, and every damaged backup refused, nothing touched."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from patrol_map.backup import MAGIC, backup, restore
from patrol_map.errors import AccessError, InputFileError, OutputError
from patrol_map.security.audit import log_path, record, verify
from patrol_map.security.crypto import NONCE_BYTES, SALT_BYTES, derive_key
from patrol_map.workspace import Workspace

PASSPHRASE = "cụm-mật-khẩu-sao-lưu"


@pytest.fixture(scope="module")
def saved(sample_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the sample with an audit log, and its backup."""
    folder = tmp_path_factory.mktemp("backup")
    ws = Workspace(shutil.copy(sample_workspace, folder / "ws.gpkg"))
    record(ws.file, "chi_huy", "view", "plan 2026-W48")
    return ws.file, backup(ws, folder / "ws.pmbk", PASSPHRASE)


@pytest.fixture
def target(saved: tuple[Path, Path], tmp_path: Path) -> Path:
    """Another workspace that a restore would replace (the sample's copy, a log line apart)."""
    path = Path(shutil.copy(saved[0], tmp_path / "target.gpkg"))
    record(path, "xem", "view", "hotspots")
    return path


def test_a_backup_is_encrypted_and_restores_the_workspace_and_its_log_byte_for_byte(
    saved: tuple[Path, Path], tmp_path: Path
) -> None:
    workspace, file = saved
    data = file.read_bytes()
    assert data.startswith(MAGIC) and b"SQLite format 3" not in data and b"gpkg_contents" not in data
    restored = restore(file, tmp_path / "restored.gpkg", PASSPHRASE)
    assert restored.path.read_bytes() == workspace.read_bytes()
    assert log_path(restored.path).read_bytes() == log_path(workspace).read_bytes()
    assert verify(restored.path) == (1, None)


def test_a_restore_replaces_an_existing_workspace_and_keeps_its_log_aside(
    saved: tuple[Path, Path], target: Path
) -> None:
    own_log = log_path(target).read_bytes()
    restore(saved[1], target, PASSPHRASE)
    assert target.read_bytes() == saved[0].read_bytes()
    assert log_path(target).read_bytes() == log_path(saved[0]).read_bytes()
    kept = list(target.parent.glob(f"{log_path(target).name}.before-restore-*"))
    assert [k.read_bytes() for k in kept] == [own_log]  # nothing recorded since the backup is lost


def test_a_workspace_too_damaged_to_open_is_restored(saved: tuple[Path, Path], tmp_path: Path) -> None:
    broken = tmp_path / "broken.gpkg"
    broken.write_bytes(b"\x00" * 4096)  # what a restore is for
    restore(saved[1], broken, PASSPHRASE)
    assert broken.read_bytes() == saved[0].read_bytes()


def unchanged_after_refusal(file: Path, target: Path, passphrase: str = PASSPHRASE) -> None:
    before = (target.read_bytes(), log_path(target).read_bytes())
    with pytest.raises(InputFileError, match="left as it was"):
        restore(file, target, passphrase)
    assert (target.read_bytes(), log_path(target).read_bytes()) == before
    assert [p.name for p in target.parent.iterdir() if ".restore-" in p.name] == []  # no scratch left


def test_a_wrong_passphrase_is_refused(saved: tuple[Path, Path], target: Path) -> None:
    unchanged_after_refusal(saved[1], target, "sai-mat-khau-sao-luu")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(min_value=0), bit=st.integers(0, 7))
def test_any_flipped_bit_is_refused(saved: tuple[Path, Path], target: Path, position: int, bit: int) -> None:
    data = bytearray(saved[1].read_bytes())
    data[position % len(data)] ^= 1 << bit
    damaged = target.parent / "damaged.pmbk"
    damaged.write_bytes(bytes(data))
    unchanged_after_refusal(damaged, target)


@pytest.mark.parametrize("kept", [0, 10, len(MAGIC) + SALT_BYTES + NONCE_BYTES, 5000, -1])
def test_a_backup_cut_short_or_not_a_backup_is_refused(
    saved: tuple[Path, Path], target: Path, kept: int
) -> None:
    damaged = target.parent / "short.pmbk"
    damaged.write_bytes(saved[1].read_bytes()[:kept] if kept else b"PK\x03\x04 not a backup")
    unchanged_after_refusal(damaged, target)


def sealed(members: dict[str, bytes], manifest: dict[str, dict[str, object]] | None = None) -> bytes:
    """A backup made by hand with the right key: its archive is what a test says."""
    if manifest is None:
        manifest = {n: {"size": len(d), "sha256": hashlib.sha256(d).hexdigest()} for n, d in members.items()}
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w") as tar:
        for name, data in {"manifest.json": json.dumps(manifest).encode(), **members}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    header = MAGIC + salt + nonce
    return header + AESGCM(derive_key(PASSPHRASE, salt)).encrypt(nonce, archive.getvalue(), header)


@pytest.mark.parametrize(
    "members",
    [
        {"ws.gpkg": b"not a geopackage at all"},  # a workspace that does not open
        {"a.gpkg": b"x", "b.gpkg": b"y"},  # two workspaces
        {"ws.gpkg.audit.jsonl": b""},  # none
    ],
)
def test_an_authentic_backup_of_something_else_is_refused(target: Path, members: dict[str, bytes]) -> None:
    file = target.parent / "odd.pmbk"
    file.write_bytes(sealed(members))
    unchanged_after_refusal(file, target)


def test_a_member_that_does_not_match_its_manifest_is_refused(saved: tuple[Path, Path], target: Path) -> None:
    data = saved[0].read_bytes()
    manifest = {"ws.gpkg": {"size": len(data), "sha256": "0" * 64}}
    file = target.parent / "mismatch.pmbk"
    file.write_bytes(sealed({"ws.gpkg": data}, manifest))
    unchanged_after_refusal(file, target)


def test_a_short_passphrase_and_the_workspace_as_output_are_refused(saved: tuple[Path, Path]) -> None:
    ws = Workspace(saved[0])
    with pytest.raises(AccessError, match="at least 8"):
        backup(ws, saved[0].parent / "x.pmbk", "short")
    before = ws.path.read_bytes()
    with pytest.raises(OutputError, match="is the commune's workspace"):
        backup(ws, ws.path, PASSPHRASE)
    assert ws.path.read_bytes() == before
