"""An encrypted backup of a workspace in one file, and a restore that checks it all before writing.

The file: ``PATROL-MAP-BACKUP 1`` and a line break, a 16-byte salt, a 12-byte nonce, then the
AES-256-GCM encryption (``cryptography``) of a tar archive holding the workspace, its audit log
when it has one, and ``manifest.json`` (each member's name, size and SHA-256). The key comes from
the passphrase through scrypt (n = 2**15, r = 8, p = 1). GCM's tag covers the whole file, the
header included: a wrong passphrase, a flipped bit or a file cut short is refused before anything
is unpacked, and the manifest is checked again after.

A restore unpacks into a folder beside the target, opens the workspace there (its metadata and
layers must read), and only then moves it and its log into place (``os.replace``), under the
target's write lock: a refused restore leaves the target as it was, byte for byte. The target's
own audit log is kept beside it, renamed, so nothing recorded since the backup is lost.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from patrol_map.errors import InputFileError, PatrolMapError
from patrol_map.report.exports import write_file
from patrol_map.security.audit import log_path
from patrol_map.security.crypto import NONCE_BYTES, SALT_BYTES, derive_key, refuse_short
from patrol_map.workspace import Workspace

MAGIC = b"PATROL-MAP-BACKUP 1\n"
MANIFEST = "manifest.json"


def backup(ws: Workspace, out: str | Path, passphrase: str) -> Path:
    """Write an encrypted backup of ``ws`` (and its audit log) to ``out``; return its path.

    Raises
    ------
    AccessError
        For a passphrase shorter than :data:`patrol_map.security.crypto.MIN_PASSPHRASE`.
    OutputError
        When ``out`` is the workspace or cannot be written (nothing is half-written).

    """
    refuse_short(passphrase)
    with ws.locked():  # no write of another program lands between the workspace and its log
        members = {ws.file.name: ws.file.read_bytes()}
        log = log_path(ws.file)
        if log.exists():
            members[log.name] = log.read_bytes()
    manifest = {
        name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in members.items()
    }
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w") as tar:
        for name, data in {MANIFEST: json.dumps(manifest).encode(), **members}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    header = MAGIC + salt + nonce
    sealed = AESGCM(derive_key(passphrase, salt)).encrypt(nonce, archive.getvalue(), header)
    return write_file(out, header + sealed, keep=ws.path)


def restore(source: str | Path, workspace: str | Path, passphrase: str) -> Workspace:
    """Restore a backup to ``workspace`` (replacing what is there) once every check has passed.

    Raises
    ------
    InputFileError
        When the file is not a backup, the passphrase is wrong, or the backup is damaged (a flipped
        bit, cut short, a member that does not match the manifest, a workspace that does not open);
        ``workspace`` is then left as it was.

    """
    source, target = Path(source), Path(workspace)
    data = source.read_bytes()
    header = data[: len(MAGIC) + SALT_BYTES + NONCE_BYTES]
    if not data.startswith(MAGIC) or len(data) <= len(header):
        raise _damaged(source, "không phải tệp sao lưu của patrol-map", "not a patrol-map backup")
    salt, nonce = header[len(MAGIC) : len(MAGIC) + SALT_BYTES], header[len(MAGIC) + SALT_BYTES :]
    try:
        plain = AESGCM(derive_key(passphrase, salt)).decrypt(nonce, data[len(header) :], header)
    except InvalidTag:
        raise _damaged(
            source, "sai mật khẩu, hoặc tệp đã hỏng", "wrong passphrase, or the file is damaged"
        ) from None
    members = _members(source, plain)
    names = [n for n in members if not n.endswith(".audit.jsonl")]
    if len(names) != 1:
        raise _damaged(source, "không có đúng một tệp dữ liệu xã", "it does not hold exactly one workspace")
    name = names[0]
    if target.is_symlink():  # the file the link names is restored, the link kept (as a write does)
        target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.restore-"))
    try:
        unpacked = scratch / target.name
        unpacked.write_bytes(members[name])
        try:
            restored = Workspace(unpacked)
            restored.read("commune")
        except PatrolMapError as exc:
            raise _damaged(
                source, f"tệp dữ liệu không mở được ({exc.vi})", f"its workspace does not open ({exc.en})"
            ) from exc
        logs = [n for n in members if n.endswith(".audit.jsonl")]
        if logs:
            log_path(unpacked).write_bytes(members[logs[0]])
        _move_into_place(unpacked, target, bool(logs))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return Workspace(target)


def _members(source: Path, plain: bytes) -> dict[str, bytes]:
    """Return the archive's members once each matches the manifest."""
    try:
        with tarfile.open(fileobj=io.BytesIO(plain), mode="r:") as tar:
            members = {
                m.name: tar.extractfile(m).read()  # type: ignore[union-attr]  # regular files only, checked
                for m in tar.getmembers()
                if m.isfile() and "/" not in m.name and m.name not in ("", ".", "..")
            }
        manifest = json.loads(members.pop(MANIFEST))
    except (tarfile.TarError, KeyError, ValueError) as exc:
        raise _damaged(source, "nội dung không đọc được", "its content cannot be read") from exc
    for name, expected in manifest.items():
        data = members.get(name)
        if data is None or hashlib.sha256(data).hexdigest() != expected.get("sha256"):
            raise _damaged(source, f"tệp '{name}' không khớp", f"the member '{name}' does not match")
    return {name: members[name] for name in manifest}


def _move_into_place(unpacked: Path, target: Path, with_log: bool) -> None:
    """Replace the target and its log by the unpacked copy, under the target's lock when it opens.

    The target's own log is kept beside it as ``….audit.jsonl.before-restore-<time>``: what was
    recorded since the backup is not lost. A target that does not open (the damage a restore is
    for) is replaced without its lock.
    """
    try:
        lock = Workspace(target).locked() if target.exists() else contextlib.nullcontext()
    except PatrolMapError:
        lock = contextlib.nullcontext()
    with lock:
        if log_path(target).exists():
            stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
            os.replace(
                log_path(target),
                log_path(target).with_name(f"{log_path(target).name}.before-restore-{stamp}"),
            )
        if target.exists():
            os.chmod(unpacked, target.stat().st_mode & 0o7777)
        os.replace(unpacked, target)
        if with_log:
            os.replace(log_path(unpacked), log_path(target))


def _damaged(source: Path, vi: str, en: str) -> InputFileError:
    return InputFileError(
        f"không khôi phục được: {vi}; tệp dữ liệu xã vẫn như cũ.",
        f"cannot be restored: {en}; the workspace is left as it was.",
        file=source,
    )
