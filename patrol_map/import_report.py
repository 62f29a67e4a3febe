"""What an import read, stored and refused: the report ``import --report`` writes, and the import log.

The workspace's ``imports`` table keeps one row per import (not for a dry run): the file's name,
its SHA-256, when, the kind, and the report as JSON. This module is its only reader and writer.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from patrol_map.errors import InputFileError
from patrol_map.io.cells import Refusals, RowRefusal
from patrol_map.io.vector import Notice
from patrol_map.workspace import Workspace

#: The import log's columns.
LOG_COLUMNS = ("file", "sha256", "imported_at", "kind", "report")


@dataclass
class ImportReport:
    """What one import read, stored and refused.

    Parameters
    ----------
    kind
        What was imported (``incidents``, ``people``...).
    file
        The file's name.
    sha256
        The file's checksum: the same file imported twice has the same.
    rows_read, rows_imported
        Records (rows or features) in the file, and those stored.
    encoding
        How a table's text was read (``UTF-8``, ``TCVN3``, ``spreadsheet``...); None for map files.
    crs
        The CRS of the coordinates read; None when there were none (rows placed by village).
    rows_refused
        The rows left out, each with its row (as a spreadsheet numbers it), column and reasons.
    notices
        What the import repaired, changed or stored, to tell the user.
    dry_run
        True when nothing was written.
    columns
        For a table: which of its columns was read as what (``date`` -> ``Ngày xảy ra``), for the
        user to confirm.
    header
        For a table: its columns as the file names them (to choose another for a field).
    replaces
        True when the import replaces people, places or roads already stored (see the notices).
    preview
        The workspace layer as the import stores it (in the workspace's CRS), to show on a map
        before confirming; not part of the JSON report.

    """

    kind: str
    file: str
    sha256: str
    rows_read: int
    rows_imported: int
    encoding: str | None
    crs: str | None
    rows_refused: list[RowRefusal] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    dry_run: bool = False
    columns: dict[str, str] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)
    replaces: bool = False
    preview: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, object]:
        """Return the report as ``--report`` writes it (JSON-ready)."""
        return {
            "kind": self.kind,
            "file": self.file,
            "sha256": self.sha256,
            "dry_run": self.dry_run,
            "rows_read": self.rows_read,
            "rows_imported": self.rows_imported,
            "encoding": self.encoding,
            "crs": self.crs,
            "columns": self.columns,
            "header": self.header,
            "replaces": self.replaces,
            "rows_refused": [refusal.to_dict() for refusal in self.rows_refused],
            "notices": [{"vi": n.vi, "en": n.en} for n in self.notices],
        }

    def to_json(self) -> str:
        """Return the report as JSON text (UTF-8, Vietnamese kept as written)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def refusal_notice(refused: Refusals | None) -> list[Notice]:
    """Say how many rows were refused and left out, and why the first was (nothing when none was)."""
    if refused is None or not refused.rows:
        return []
    first = refused.listed()[0]
    return [
        Notice(
            f"{len(refused.rows)} dòng không nhập được và bị bỏ qua (dòng {first.row}: {first.reason_vi}).",
            f"{len(refused.rows)} rows could not be read and were left out (row {first.row}: "
            f"{first.reason_en}).",
        )
    ]


def stored_verbs(dry_run: bool) -> tuple[str, str]:
    """Say "stored" as a notice of an import, or of a dry run that only tells what would be."""
    return ("Sẽ lưu", "Would store") if dry_run else ("Đã lưu", "Stored")


def imported_verbs(dry_run: bool) -> tuple[str, str]:
    """Say "imported" as a notice of an import, or of a dry run that only tells what would be."""
    return ("Sẽ nhập", "Would import") if dry_run else ("Đã nhập", "Imported")


def file_checksum(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def record_import(ws: Workspace, report: ImportReport) -> pd.DataFrame:
    """Return the workspace's import log with ``report`` added, to be written with the import."""
    row = {
        "file": report.file,
        "sha256": report.sha256,
        "imported_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "kind": report.kind,
        "report": report.to_json(),
    }
    return pd.concat([import_log(ws), pd.DataFrame([row])], ignore_index=True)


def import_log(ws: Workspace) -> pd.DataFrame:
    """Return the workspace's import log, oldest first (empty before the first import)."""
    if not ws.has("imports"):
        return pd.DataFrame({column: pd.Series(dtype="str") for column in LOG_COLUMNS})
    return pd.DataFrame(ws.read("imports"))[list(LOG_COLUMNS)]


def refused_file_report(
    kind: str, path: Path, refusal: InputFileError, *, dry_run: bool = False
) -> ImportReport:
    """Return the report of a file refused as a whole: nothing imported, the reason as its one refusal."""
    return ImportReport(
        kind=kind,
        file=path.name,
        sha256=file_checksum(path) if path.is_file() else "",
        rows_read=0,
        rows_imported=0,
        encoding=None,
        crs=None,
        rows_refused=[RowRefusal(refusal.row or 0, refusal.column, refusal.vi, refusal.en)],
        dry_run=dry_run,
    )
