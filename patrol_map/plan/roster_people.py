"""The people of a roster: the people table read and checked, and who can work which shift.

A row of the table becomes a :class:`Person`: force, the weekdays and shift names of their
``availability``, their days of ``leave``, and whether they may lead a team (``can_lead``).
:func:`why_unavailable` says, in Vietnamese and English, why a person cannot work a shift.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd

from patrol_map.errors import InputFileError, PlanningError
from patrol_map.io.people import leave_ranges, parse_availability, parse_yes_no
from patrol_map.model import WEEKDAY_CODES, Force, Shift
from patrol_map.plan.shifts import SHIFT_NAMES_VI, WEEKDAYS_EN, WEEKDAYS_VI

#: Columns the people table must have; ``leave`` and ``can_lead`` are optional.
PEOPLE_COLUMNS = ("person_id", "name", "force", "availability")


@dataclass(frozen=True)
class Person:
    """One person of the people table, read and checked.

    Parameters
    ----------
    index
        Row of the person in the table, counted from 0.
    person_id, name
        As in the table (the id without surrounding spaces).
    force
        Police or militia.
    days
        Weekdays (0 = Monday) the person can work; the day a shift starts counts.
    shift_names
        Names of the shifts the person can work, or None for every shift.
    leave
        First and last day of each range of days on leave.
    can_lead
        A police officer who may lead a team.

    """

    index: int
    person_id: str
    name: str
    force: Force
    days: frozenset[int]
    shift_names: frozenset[str] | None
    leave: tuple[tuple[date, date], ...]
    can_lead: bool

    @property
    def label(self) -> str:
        """Name and id, as messages write a person: ``Nguyễn Văn An (CA01)``."""
        return f"{self.name} ({self.person_id})"


def people_from_table(people: pd.DataFrame) -> list[Person]:
    """Read and check the people table.

    Parameters
    ----------
    people
        One row per person: the :data:`PEOPLE_COLUMNS`, optionally ``leave`` and ``can_lead``
        (see :func:`patrol_map.plan.roster.form_teams`).

    Returns
    -------
    list of Person
        One per row, in the order of the table. Without a ``can_lead`` column every police
        officer may lead; militia members never lead.

    Raises
    ------
    PlanningError
        For a missing column, a person id given twice, or a cell that is not valid, naming the
        person and the value.

    """
    missing = [c for c in PEOPLE_COLUMNS if c not in people.columns]
    if missing:
        raise PlanningError(
            f"Danh sách người thiếu cột: {', '.join(missing)}.",
            f"The people table lacks the column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}.",
        )
    roster: list[Person] = []
    seen: set[str] = set()
    for index, row in enumerate(people.to_dict("records")):
        pid = str(row["person_id"]).strip()
        if pid in seen:
            raise PlanningError(f"Mã người '{pid}' xuất hiện hai lần.", f"Person id '{pid}' appears twice.")
        seen.add(pid)
        try:
            force = Force(str(row["force"]).strip().lower())
        except ValueError:
            raise PlanningError(
                f"Người '{pid}': lực lượng '{row['force']}' không hợp lệ; hãy ghi police hoặc militia.",
                f"Person '{pid}': force '{row['force']}' is not valid; write police or militia.",
            ) from None
        days, names = _availability(row["availability"], pid)
        lead = _can_lead(row["can_lead"], pid) if "can_lead" in row else True
        roster.append(
            Person(
                index=index,
                person_id=pid,
                name=str(row["name"]),
                force=force,
                days=days,
                shift_names=names,
                leave=_leave(row.get("leave"), pid),
                can_lead=force is Force.POLICE and lead,
            )
        )
    return roster


def person_indices(people: list[Person], members: Iterable[object]) -> list[int]:
    """Return the indices of the known people among ``members`` (person ids), each once, ascending."""
    index = {p.person_id: p.index for p in people}
    return sorted({index[m] for m in (str(m).strip() for m in members) if m in index})


def why_unavailable(person: Person, shift: Shift) -> tuple[str, str] | None:
    """Say why ``person`` cannot work ``shift``.

    Parameters
    ----------
    person
        The person.
    shift
        The shift; its start day is the day that counts for the weekdays, and any day of leave
        it touches makes it unavailable.

    Returns
    -------
    tuple of str or None
        The reason in Vietnamese and English (``"on leave 24/11"``), or None when the person can
        work the shift.

    """
    if shift.start.weekday() not in person.days:
        days = sorted(person.days)
        return (
            "chỉ trực " + ", ".join(WEEKDAYS_VI[d] for d in days),
            "available on " + ", ".join(WEEKDAYS_EN[d] for d in days) + " only",
        )
    if person.shift_names is not None and shift.name not in person.shift_names:
        names = sorted(person.shift_names)
        return (
            "chỉ trực ca " + ", ".join(SHIFT_NAMES_VI.get(n, n) for n in names),
            "available for " + ", ".join(names) + " shifts only",
        )
    for first, last in person.leave:
        if (
            shift.start < datetime.combine(last + timedelta(days=1), time())
            and datetime.combine(first, time()) < shift.end
        ):
            span = f"{first:%d/%m}" + ("" if first == last else f"–{last:%d/%m}")
            return f"nghỉ phép {span}", f"on leave {span}"
    return None


def _cell(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def _availability(value: object, pid: str) -> tuple[frozenset[int], frozenset[str] | None]:
    try:
        codes = parse_availability(_cell(value)).split(",")
    except InputFileError as exc:
        raise PlanningError(
            f"Người '{pid}': ngày sẵn sàng '{value}' không hợp lệ: {exc.vi}",
            f"Person '{pid}': availability '{value}' is not valid: {exc.en}",
        ) from None
    days = frozenset(WEEKDAY_CODES.index(c) for c in codes if c in WEEKDAY_CODES)
    names = frozenset(c for c in codes if c not in WEEKDAY_CODES and c != "all")
    return days or frozenset(range(7)), names or None


def _leave(value: object, pid: str) -> tuple[tuple[date, date], ...]:
    try:
        return tuple(leave_ranges(_cell(value)))
    except InputFileError as exc:
        raise PlanningError(
            f"Người '{pid}': ngày nghỉ '{value}' không hợp lệ: {exc.vi}",
            f"Person '{pid}': leave '{value}' is not valid: {exc.en}",
        ) from None


def _can_lead(value: object, pid: str) -> bool:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    try:
        return parse_yes_no(_cell(value))
    except InputFileError:
        raise PlanningError(
            f"Người '{pid}': can_lead '{value}' không hợp lệ; ghi true hoặc false.",
            f"Person '{pid}': can_lead '{value}' is not valid; write true or false.",
        ) from None
