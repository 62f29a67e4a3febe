"""The audit log: who viewed, changed, exported or printed what, append-only and hash-chained.

The log is a file beside the workspace, ``<workspace>.audit.jsonl``, one JSON object per line:
``seq`` (from 1), ``time`` (ISO, with its offset), ``user``, ``action`` (``view``, ``change``,
``export``, ``print``, ``login``, ``account``…), ``what`` (a short text) and ``prev`` (the hash of the
line before, 64 zeros for the first), then ``hash``: the SHA-256 of the line's other fields written
as canonical JSON. Changing, inserting or removing a line breaks the chain from there on, and
:func:`verify` names the first line that does not hold.

It is a file of its own, not a workspace table: a view is recorded without rewriting the
workspace, and a line is only ever appended (``O_APPEND``, under an exclusive ``flock`` so two
programs never write the same ``seq``, and flushed to the disk before the call returns).

What it cannot tell: a log cut short at its end still verifies (the lines left hold); keep a copy
of the last line's hash off the laptop (the weekly report upward) to tell that too.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from patrol_map.errors import WorkspaceError

GENESIS = "0" * 64
#: The fields a line holds, in order; ``hash`` covers all the others.
FIELDS = ("seq", "time", "user", "action", "what", "prev")


@dataclass(frozen=True)
class Fault:
    """The first line of a log that does not hold, and why (in Vietnamese and English)."""

    line: int
    vi: str
    en: str


def log_path(workspace: Path) -> Path:
    """Return the audit log's path for a workspace file."""
    return workspace.with_name(workspace.name + ".audit.jsonl")


def record(
    workspace: Path, user: str, action: str, what: str, now: datetime | None = None
) -> dict[str, object]:
    """Append one line to the workspace's audit log and return it.

    Raises
    ------
    WorkspaceError
        When the log cannot be written, or its last line cannot be read (a damaged log is never
        appended to: :func:`verify` says where it is damaged).

    """
    path = log_path(Path(workspace))
    try:
        handle = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    except OSError as exc:
        raise _unwritable(path, exc) from exc
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        last = _last_line(handle, path)
        entry: dict[str, object] = {
            "seq": int(str(last["seq"])) + 1 if last else 1,
            "time": (now or datetime.now().astimezone()).isoformat(timespec="seconds"),
            "user": str(user),
            "action": str(action),
            "what": str(what),
            "prev": str(last["hash"]) if last else GENESIS,
        }
        entry["hash"] = _hash(entry)
        os.write(handle, (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8"))
        os.fsync(handle)
        return entry
    except OSError as exc:
        raise _unwritable(path, exc) from exc
    finally:
        os.close(handle)  # closing releases the lock


def verify(workspace: Path) -> tuple[int, Fault | None]:
    """Check the whole chain: return the number of lines and the first fault (``None`` when it holds).

    A workspace with no log yet has an empty chain, which holds.
    """
    path = log_path(Path(workspace))
    if not path.exists():
        return 0, None
    prev, count = GENESIS, 0
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            count = number
            try:
                entry = json.loads(raw.decode("utf-8"))
                fields_ok = isinstance(entry, dict) and set(entry) == {*FIELDS, "hash"}
            except (UnicodeDecodeError, ValueError):
                fields_ok = False
            if not fields_ok:
                return count, Fault(number, "dòng không đọc được", "the line cannot be read")
            if entry["seq"] != number or entry["prev"] != prev:
                return count, Fault(
                    number, "dòng bị thêm, bỏ hoặc đổi chỗ", "a line was added, removed or moved"
                )
            if entry["hash"] != _hash(entry):
                return count, Fault(number, "nội dung dòng đã bị sửa", "the line's content was changed")
            prev = entry["hash"]
    return count, None


def _hash(entry: dict[str, object]) -> str:
    canonical = json.dumps(
        {k: entry[k] for k in FIELDS}, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _last_line(handle: int, path: Path) -> dict[str, object] | None:
    """Return the log's last line as read (``None`` for an empty log), reading from its end."""
    size = os.lseek(handle, 0, os.SEEK_END)
    if size == 0:
        return None
    block = b""
    position = size
    while position > 0 and block.count(b"\n") < 2:
        step = min(4096, position)
        position -= step
        os.lseek(handle, position, os.SEEK_SET)
        block = os.read(handle, step) + block
    line = block.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    try:
        last = json.loads(line.decode("utf-8"))
        if isinstance(last, dict) and {"seq", "hash"} <= set(last):
            return last
    except (UnicodeDecodeError, ValueError):
        pass
    raise WorkspaceError(
        f"Nhật ký {path.name} bị hỏng ở dòng cuối; không ghi thêm. Hãy chạy 'patrol-map audit verify'.",
        f"The log {path.name} is damaged at its last line; nothing is added. Run 'patrol-map audit verify'.",
    )


def _unwritable(path: Path, exc: OSError) -> WorkspaceError:
    return WorkspaceError(
        f"Không ghi được nhật ký {path} ({exc.strerror}); việc vừa làm không được ghi lại nên bị dừng.",
        f"The log {path} cannot be written ({exc.strerror}); what was asked is stopped, as it would go "
        "unrecorded.",
    )
