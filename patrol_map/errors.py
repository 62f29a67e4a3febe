"""Errors of patrol-map: every message exists in Vietnamese and in English.

An error that comes from an input file names the file, the row and the column, so
the user can open the file and fix that cell. For a table (CSV) the row is numbered
as a spreadsheet numbers it: the header is row 1, the first record row 2. For a map
file the row is the feature's number, counted from 1 as QGIS's attribute table shows it.
"""

from __future__ import annotations

from pathlib import Path


class PatrolMapError(Exception):
    """Base class of every error patrol-map raises on purpose.

    Parameters
    ----------
    vi, en
        The message in Vietnamese and in English: what is wrong and what to do.
    file
        The input file the problem is in, if any.
    row
        The row of that file, numbered as a spreadsheet does (header = 1).
    column
        The column (its name as written in the file) the problem is in.

    """

    def __init__(
        self,
        vi: str,
        en: str,
        *,
        file: str | Path | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.vi = vi
        self.en = en
        self.file = Path(file).name if file is not None else None
        self.row = row
        self.column = column
        super().__init__(self.bilingual())

    def _where(self, lang: str) -> str:
        words = {
            "vi": ("Tệp", "dòng", "cột"),
            "en": ("File", "row", "column"),
        }[lang]
        parts = []
        if self.file is not None:
            parts.append(f"{words[0]} {self.file}")
        if self.row is not None:
            parts.append(f"{words[1]} {self.row}")
        if self.column is not None:
            parts.append(f"{words[2]} '{self.column}'")
        return ", ".join(parts) + ": " if parts else ""

    def message(self, lang: str = "vi") -> str:
        """Return the message in one language (``"vi"`` or ``"en"``), with its location."""
        return self._where(lang) + (self.vi if lang == "vi" else self.en)

    def bilingual(self) -> str:
        """Return the Vietnamese message followed by the English one."""
        return f"{self.message('vi')}\n{self.message('en')}"


class InputFileError(PatrolMapError):
    """An input file cannot be read or holds a value that is not allowed."""


class WorkspaceError(PatrolMapError):
    """A workspace file is missing, of an unknown version, or lacks a layer."""


class PlanningError(PatrolMapError):
    """No plan satisfies the rules; the message says which rule and why."""


class SettingError(PatrolMapError):
    """A setting the user chose is out of range.

    A cell so small the grid would not fit in memory, a period that ends before it starts, a weight
    outside 0 to 1, a port the app cannot use.
    """


class OutputError(PatrolMapError):
    """An output file cannot be written.

    No permission, no space, a folder that is a file, or a path that would overwrite the workspace.
    """


class AccessError(PatrolMapError):
    """A user may not do this: no account, a wrong password, a locked account, or a role without the right."""
