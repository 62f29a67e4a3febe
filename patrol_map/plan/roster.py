"""Joint teams for a week's shifts: the first version, a greedy fair-load rule.

Shifts are staffed in time order. For each shift and force the planner takes the people who are
available that weekday and rested, and picks the least-loaded of them; ties are broken by a
seeded shuffle, so one seed always gives the same roster and other seeds vary the pairings.
A later issue moves the engine to OR-Tools CP-SAT behind the same :func:`form_teams` signature.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from patrol_map.errors import PlanningError
from patrol_map.model import WEEKDAY_CODES, Force, Shift, Team
from patrol_map.plan.shifts import describe_shift

#: Columns ``form_teams`` reads from the people table.
PEOPLE_COLUMNS = ("person_id", "name", "force", "rank", "phone", "availability")

_FORCE_VI = {Force.POLICE: "công an", Force.MILITIA: "dân quân"}
_FORCE_EN = {Force.POLICE: "police officer", Force.MILITIA: "militia member"}


@dataclass
class _Person:
    person_id: str
    force: Force
    days: frozenset[int]
    load: int = 0
    free_from: datetime = datetime.min


def form_teams(
    people: pd.DataFrame,
    shifts: Sequence[Shift],
    teams_per_shift: int = 2,
    team_size: int = 3,
    min_rest_hours: float = 8.0,
    seed: int = 0,
    *,
    police_per_team: int = 1,
) -> list[Team]:
    """Form joint teams for every shift, sharing the load fairly within each force.

    Parameters
    ----------
    people
        One row per person, with the columns of ``PEOPLE_COLUMNS``. ``force`` is ``police`` or
        ``militia``; ``availability`` is ``all`` or weekday codes such as ``mon,wed,sat`` (the
        day a shift starts counts); an empty cell means every day.
    shifts
        The shifts to staff, in any order.
    teams_per_shift
        Teams sent out in each shift.
    team_size
        People per team, at least 2.
    min_rest_hours
        Least time between the end of one shift and the start of the next for one person.
    seed
        Seed of the tie-breaking shuffle.
    police_per_team
        Police officers per team (the rest are militia); the first of them leads the team.

    Returns
    -------
    list of Team
        ``teams_per_shift`` teams per shift, in time order, ids like ``2026-11-23-evening-T1``;
        members list police first (the leader), then militia.

    Raises
    ------
    PlanningError
        If the sizes are impossible, the table is malformed, or a shift cannot be staffed; the
        message names the shift and the force that is short.

    """
    _check_sizes(teams_per_shift, team_size, min_rest_hours, police_per_team)
    roster = _read_people(people)
    ordered = sorted(shifts, key=lambda s: (s.start, s.end, s.name))
    ids = [s.shift_id for s in ordered]
    if len(set(ids)) < len(ids):
        twice = next(i for i in ids if ids.count(i) > 1)
        raise PlanningError(f"Ca {twice} có hai lần.", f"Shift {twice} is listed twice.")
    rng = np.random.default_rng(seed)
    rest = timedelta(hours=min_rest_hours)
    per_team = {Force.POLICE: police_per_team, Force.MILITIA: team_size - police_per_team}
    teams: list[Team] = []
    for shift in ordered:
        chosen = {f: _pick(roster, shift, f, n * teams_per_shift, rng) for f, n in per_team.items()}
        for person in chosen[Force.POLICE] + chosen[Force.MILITIA]:
            person.load += 1
            person.free_from = max(person.free_from, shift.end + rest)
        for k in range(teams_per_shift):
            members = [p for force, n in per_team.items() for p in chosen[force][k * n : (k + 1) * n]]
            teams.append(
                Team(
                    team_id=f"{shift.shift_id}-T{k + 1}",
                    shift_id=shift.shift_id,
                    members=tuple(p.person_id for p in members),
                    forces=tuple(p.force for p in members),
                )
            )
    return teams


def load_report(teams: Sequence[Team], people: pd.DataFrame) -> pd.DataFrame:
    """Count the shifts each person works.

    Parameters
    ----------
    teams
        The teams of a roster.
    people
        The people table (``person_id``, ``name``, ``force``).

    Returns
    -------
    pandas.DataFrame
        Columns ``person_id``, ``name``, ``force``, ``shifts``, one row per person, in the order
        of ``people``; people with no shift count 0.

    """
    counts = Counter(member for team in teams for member in team.members)
    report = people[["person_id", "name", "force"]].copy()
    report["person_id"] = report["person_id"].astype(str).str.strip()
    report["shifts"] = [counts.get(pid, 0) for pid in report["person_id"]]
    return report.reset_index(drop=True)


def _check_sizes(teams_per_shift: int, team_size: int, min_rest_hours: float, police_per_team: int) -> None:
    if teams_per_shift < 1:
        raise PlanningError("Mỗi ca cần ít nhất 1 tổ tuần tra.", "Each shift needs at least 1 patrol team.")
    if not 1 <= police_per_team <= team_size - 1:
        raise PlanningError(
            f"Tổ {team_size} người không thể có {police_per_team} công an và ít nhất 1 dân quân; "
            "mỗi tổ cần ít nhất 1 công an và 1 dân quân.",
            f"A team of {team_size} cannot hold {police_per_team} police officer(s) and at least "
            "1 militia member; every team needs at least 1 of each.",
        )
    if min_rest_hours < 0:
        raise PlanningError(
            "Thời gian nghỉ giữa hai ca không được âm.", "The rest between shifts cannot be negative."
        )


def _read_people(people: pd.DataFrame) -> list[_Person]:
    missing = [c for c in PEOPLE_COLUMNS if c not in people.columns]
    if missing:
        raise PlanningError(
            f"Danh sách người thiếu cột: {', '.join(missing)}.",
            f"The people table lacks the column(s): {', '.join(missing)}.",
        )
    roster: list[_Person] = []
    seen: set[str] = set()
    for row in people.itertuples(index=False):
        pid = str(row.person_id).strip()
        if pid in seen:
            raise PlanningError(f"Mã người '{pid}' xuất hiện hai lần.", f"Person id '{pid}' appears twice.")
        seen.add(pid)
        try:
            force = Force(str(row.force).strip().lower())
        except ValueError:
            raise PlanningError(
                f"Người '{pid}': lực lượng '{row.force}' không hợp lệ; hãy ghi police hoặc militia.",
                f"Person '{pid}': force '{row.force}' is not valid; write police or militia.",
            ) from None
        roster.append(_Person(pid, force, _parse_availability(row.availability, pid)))
    return roster


def _parse_availability(value: object, person_id: str) -> frozenset[int]:
    text = "" if pd.isna(value) else str(value).strip().lower()
    if text in ("", "all"):
        return frozenset(range(7))
    codes = [c.strip() for c in text.split(",") if c.strip()]
    wrong = [c for c in codes if c not in WEEKDAY_CODES]
    if wrong:
        raise PlanningError(
            f"Người '{person_id}': ngày sẵn sàng '{value}' không hợp lệ; hãy ghi 'all' hoặc các mã "
            f"{','.join(WEEKDAY_CODES)} cách nhau bằng dấu phẩy.",
            f"Person '{person_id}': availability '{value}' is not valid; write 'all' or day codes "
            f"from {','.join(WEEKDAY_CODES)} separated by commas.",
        )
    return frozenset(WEEKDAY_CODES.index(c) for c in codes)


def _pick(
    roster: list[_Person], shift: Shift, force: Force, needed: int, rng: np.random.Generator
) -> list[_Person]:
    """Return the ``needed`` least-loaded people of ``force`` free for ``shift``."""
    on_duty = [p for p in roster if p.force == force and shift.start.weekday() in p.days]
    free = [p for p in on_duty if p.free_from <= shift.start]
    if len(free) < needed:
        raise _shortage(shift, force, needed, len(free), len(on_duty) - len(free))
    shuffled = [free[i] for i in rng.permutation(len(free))]
    return sorted(shuffled, key=lambda p: p.load)[:needed]


def _shortage(shift: Shift, force: Force, needed: int, free: int, resting: int) -> PlanningError:
    noun = _FORCE_EN[force] + ("s" if needed != 1 else "")
    have_vi = "không có ai sẵn sàng" if free == 0 else f"chỉ có {free} người sẵn sàng"
    have_en = {0: "none is available", 1: "only 1 is available"}.get(free, f"only {free} are available")
    vi = f"{describe_shift(shift, 'vi')} cần {needed} {_FORCE_VI[force]}; {have_vi}"
    en = f"{describe_shift(shift, 'en')} needs {needed} {noun}; {have_en}"
    if resting:
        vi += f" ({resting} người đang nghỉ sau ca trước)"
        en += f" ({resting} {'is' if resting == 1 else 'are'} still resting after an earlier shift)"
    vi += ". Hãy bổ sung người sẵn sàng ngày này hoặc giảm số tổ mỗi ca"
    en += ". Add people available that day or plan fewer teams per shift"
    if resting:
        vi += ", hoặc rút ngắn thời gian nghỉ giữa hai ca"
        en += ", or shorten the rest between shifts"
    return PlanningError(vi + ".", en + ".")
