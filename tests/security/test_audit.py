"""The audit log (patrol_map.security.audit): appended, hash-chained, every change to it found."""

from __future__ import annotations

import itertools
import json
import multiprocessing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from patrol_map.errors import WorkspaceError
from patrol_map.security.audit import GENESIS, log_path, record, verify


def filled(folder: Path, count: int = 5) -> Path:
    workspace = folder / "ws.gpkg"
    for k in range(count):
        record(workspace, f"user{k % 2}", "view", f"plan 2026-W{40 + k}")
    return workspace


def lines(workspace: Path) -> list[str]:
    return log_path(workspace).read_text(encoding="utf-8").splitlines()


def rewrite(workspace: Path, kept: list[str]) -> None:
    log_path(workspace).write_text("".join(line + "\n" for line in kept), encoding="utf-8")


def test_a_new_log_holds_and_each_line_points_at_the_one_before(tmp_path: Path) -> None:
    assert verify(tmp_path / "none.gpkg") == (0, None)
    workspace = filled(tmp_path)
    assert verify(workspace) == (5, None)
    entries = [json.loads(line) for line in lines(workspace)]
    assert entries[0]["prev"] == GENESIS and [e["seq"] for e in entries] == [1, 2, 3, 4, 5]
    assert all(later["prev"] == earlier["hash"] for earlier, later in itertools.pairwise(entries))


@pytest.mark.parametrize(
    ("field", "value"),
    [("user", "someone_else"), ("what", "plan 2026-W99"), ("time", "2020-01-01T00:00:00+07:00")],
)
def test_an_edited_line_is_found_where_it_was_edited(tmp_path: Path, field: str, value: str) -> None:
    workspace = filled(tmp_path)
    kept = lines(workspace)
    entry = json.loads(kept[2])
    entry[field] = value
    kept[2] = json.dumps(entry, ensure_ascii=False)
    rewrite(workspace, kept)
    _count, fault = verify(workspace)
    assert fault is not None and fault.line == 3 and "changed" in fault.en


def test_a_line_removed_inserted_or_moved_is_found(tmp_path: Path) -> None:
    workspace = filled(tmp_path)
    kept = lines(workspace)
    for changed in (kept[:1] + kept[2:], [*kept[:2], kept[1], *kept[2:]], [kept[1], kept[0], *kept[2:]]):
        rewrite(workspace, changed)
        fault = verify(workspace)[1]
        assert fault is not None and fault.line in (1, 2, 3)


def test_a_rehashed_forgery_still_breaks_the_chain_after_it(tmp_path: Path) -> None:
    """Editing a line and recomputing its own hash is found at the next line (its prev no longer matches)."""
    from patrol_map.security.audit import _hash

    workspace = filled(tmp_path)
    kept = lines(workspace)
    entry = json.loads(kept[1])
    entry["user"] = "forger"
    entry["hash"] = _hash(entry)
    kept[1] = json.dumps(entry, ensure_ascii=False)
    rewrite(workspace, kept)
    assert verify(workspace)[1].line == 3


def test_garbage_in_the_log_is_named_and_nothing_is_added_after_a_damaged_end(tmp_path: Path) -> None:
    workspace = filled(tmp_path)
    with log_path(workspace).open("ab") as log:
        log.write(b'{"seq": 6, "ti')  # a line cut short
    assert verify(workspace)[1].line == 6
    before = log_path(workspace).read_bytes()
    with pytest.raises(WorkspaceError, match="damaged at its last line"):
        record(workspace, "user0", "view", "x")
    assert log_path(workspace).read_bytes() == before


def _append_many(workspace: str, who: str) -> None:
    for k in range(40):
        record(Path(workspace), who, "view", str(k))


def test_two_programs_appending_at_once_keep_one_chain(tmp_path: Path) -> None:
    workspace = tmp_path / "ws.gpkg"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_append_many, args=(str(workspace), who)) for who in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert verify(workspace) == (80, None)


@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(st.text(max_size=30), min_size=1, max_size=6),
    where=st.integers(0, 5),
    flip=st.integers(0, 200),
)
def test_any_changed_byte_of_any_line_is_found(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str], where: int, flip: int
) -> None:
    workspace = tmp_path_factory.mktemp("log") / "ws.gpkg"
    for text in texts:
        record(workspace, text or "x", "view", text)
    data = bytearray(log_path(workspace).read_bytes())
    line_starts = [0, *(k + 1 for k, b in enumerate(data) if b == 0x0A)][: len(texts)]
    start = line_starts[where % len(line_starts)]
    end = data.index(b"\n", start)
    position = start + flip % (end - start)
    data[position] ^= 0x01  # one bit of one byte
    log_path(workspace).write_bytes(bytes(data))
    _count, fault = verify(workspace)
    assert fault is not None  # a key, a value or the syntax changed: the chain says so
