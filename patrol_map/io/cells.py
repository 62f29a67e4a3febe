"""Parsing a column of text cells, and naming the first bad cell in the error."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd

from patrol_map.errors import InputFileError

T = TypeVar("T")


def content_ids(prefix: str, records: Iterable[str]) -> list[str]:
    """Make stable ids from each record's written content: the same record always gets the same id.

    A record written twice (two people with one name and no phone, two thefts the same evening in
    one village) is two records: the second gets ``-2``, the third ``-3``, in file order.
    """
    return numbered_repeats([prefix + hashlib.sha1(text.encode()).hexdigest()[:10] for text in records])


def numbered_repeats(ids: Iterable[str]) -> list[str]:
    """Suffix the second and later of one id ``-2``, ``-3``…, in order (a record written twice is two)."""
    seen: dict[str, int] = {}
    numbered = []
    for made in ids:
        seen[made] = seen.get(made, 0) + 1
        numbered.append(made if seen[made] == 1 else f"{made}-{seen[made]}")
    return numbered


def refuse_repeats(values: pd.Series, column: str, path: str | Path) -> None:
    """Refuse a column whose values must be unique (ids), naming the row of the first repeat.

    Parameters
    ----------
    values
        The values, indexed by row number.
    column
        The column's name as the file writes it.
    path
        The file, for the message.

    Raises
    ------
    InputFileError
        For the first value seen twice.

    """
    repeated = values[values.duplicated()]
    if not repeated.empty:
        raise InputFileError(
            f"Mã '{repeated.iloc[0]}' xuất hiện hai lần trong tệp.",
            f"The id '{repeated.iloc[0]}' appears twice in the file.",
            file=path,
            row=int(repeated.index[0]),
            column=column,
        )


def parse_number(text: str) -> float:
    """Read a number written with a decimal point or a decimal comma.

    Raises
    ------
    InputFileError
        For a text that is no number, or not a finite one (``nan``, ``inf``).

    """
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise InputFileError(f"'{text}' không phải là số.", f"'{text}' is not a number.") from None
    if not math.isfinite(value):
        raise InputFileError(f"'{text}' không phải là số hữu hạn.", f"'{text}' is not a finite number.")
    return value


def parse_cells(frame: pd.DataFrame, column: str, parse: Callable[[str], T], path: str | Path) -> list[T]:
    """Parse every cell of one column.

    Parameters
    ----------
    frame
        Text cells, indexed by spreadsheet row number (see :func:`patrol_map.io.csvfile.read_csv_text`).
    column
        The column to parse, as named in the file.
    parse
        Turns one cell's text into a value, or raises :class:`InputFileError` saying what is wrong
        with the value (without a location).
    path
        The file, for the message.

    Returns
    -------
    list
        One value per row.

    Raises
    ------
    InputFileError
        For the first bad cell, naming the file, row and column, and how many more bad cells
        the column holds.

    """
    values, problems = [], []
    for row, text in frame[column].items():
        try:
            values.append(parse(text))
        except InputFileError as exc:
            problems.append((row, exc))
    if problems:
        row, first = problems[0]
        more = len(problems) - 1
        raise InputFileError(
            first.vi + (f" (và {more} dòng lỗi khác ở cột này)" if more else ""),
            first.en + (f" (and {more} more bad rows in this column)" if more else ""),
            file=path,
            row=int(row),
            column=column,
        )
    return values


@dataclass(frozen=True)
class RowRefusal:
    """A row left out of an import: where it is and why, in both languages."""

    row: int
    column: str | None
    reason_vi: str
    reason_en: str
    #: The refused cell's text, when one cell is the reason (a village name no village has).
    value: str | None = None

    def to_dict(self) -> dict[str, object]:
        """Return the refusal as the import report writes it."""
        return {
            "row": self.row,
            "column": self.column,
            "reason_vi": self.reason_vi,
            "reason_en": self.reason_en,
            "value": self.value,
        }


#: What a confidential file's messages show in place of a cell's text.
UNQUOTED = "'…'"


def unquoted(text: str) -> str:
    """Return a message with every quoted text (``'0912 345 678'``) replaced by :data:`UNQUOTED`.

    For a confidential file (tips): a row typed with a comma too many shifts an informant's phone
    into a column whose refusal would quote it, in the report and the workspace's import log.
    """
    return re.sub(r"'[^']*'", UNQUOTED, text)


def unquoted_error(error: InputFileError) -> InputFileError:
    """Return ``error`` with its messages :func:`unquoted`, still naming its file, row and column."""
    return InputFileError(
        unquoted(error.vi), unquoted(error.en), file=error.file, row=error.row, column=error.column
    )


class Refusals:
    """The rows refused while reading a table, the first reason of each row kept."""

    def __init__(self) -> None:
        self._by_row: dict[int, RowRefusal] = {}

    def unquote(self) -> None:
        """Drop every refused cell's text, from the values and the reasons (:func:`unquoted`)."""
        self._by_row = {
            row: RowRefusal(r.row, r.column, unquoted(r.reason_vi), unquoted(r.reason_en))
            for row, r in self._by_row.items()
        }

    def add(self, row: int, column: str | None, error: InputFileError, value: str | None = None) -> None:
        """Refuse ``row`` for ``error`` (in ``column``, holding ``value``) unless it is refused already."""
        self._by_row.setdefault(int(row), RowRefusal(int(row), column, error.vi, error.en, value))

    @property
    def rows(self) -> set[int]:
        """The rows refused."""
        return set(self._by_row)

    def listed(self) -> list[RowRefusal]:
        """Return the refusals in row order."""
        return [self._by_row[row] for row in sorted(self._by_row)]


def screen_cells(frame: pd.DataFrame, column: str, parse: Callable[[str], object], refused: Refusals) -> None:
    """Refuse each row whose cell in ``column`` ``parse`` rejects: :func:`parse_cells` that goes on."""
    for row, text in frame[column].items():
        try:
            parse(text)
        except InputFileError as exc:
            refused.add(int(row), column, exc, str(text))


def screen_repeats(values: pd.Series, column: str, refused: Refusals) -> None:
    """Refuse the later rows of a value given twice (ids): :func:`refuse_repeats` that goes on."""
    for row in values.index[(values != "") & values.duplicated()]:
        error = InputFileError(
            f"Mã '{values[row]}' xuất hiện hai lần trong tệp.",
            f"The id '{values[row]}' appears twice in the file.",
        )
        refused.add(int(row), column, error)


def screen_rows(
    frame: pd.DataFrame,
    found: Mapping[str, str],
    checks: Mapping[str, Callable[[str], object]],
    id_field: str,
    refused: Refusals,
    path: str | Path,
) -> pd.DataFrame:
    """Refuse every row a strict read would stop at (a bad cell, an id given again); return the others.

    Parameters
    ----------
    frame
        Text cells, indexed by spreadsheet row number.
    found
        Field -> the file's column (:func:`patrol_map.io.columns.match_columns`).
    checks
        Field -> the parser a strict read applies to its column.
    id_field
        The field whose values must be unique.
    refused
        Where the refused rows are added.
    path
        The file, for the message when no row is left.

    """
    for field, parse in checks.items():
        if field in found:
            screen_cells(frame, found[field], parse, refused)
    if id_field in found:
        screen_repeats(frame[found[id_field]], found[id_field], refused)
    return rows_left(frame, refused, path)


def rows_left(frame: pd.DataFrame, refused: Refusals, path: str | Path) -> pd.DataFrame:
    """Return the rows of ``frame`` not refused; refuse the file when none is left.

    Raises
    ------
    InputFileError
        When every row was refused, saying how many and the first.

    """
    left = frame.drop(index=[row for row in frame.index if row in refused.rows])
    if left.empty:
        raise InputFileError(
            f"Không dòng nào nhập được ({len(refused.rows)} dòng lỗi, ví dụ dòng {min(refused.rows)}).",
            f"No row could be imported ({len(refused.rows)} bad rows, e.g. row {min(refused.rows)}).",
            file=path,
        )
    return left
