"""Joint teams for a week's shifts: an OR-Tools CP-SAT roster that keeps every rule and shares the load.

The roster is solved in two steps, both CP-SAT models:

1. **Who works when.** One boolean per person and shift the person can work (availability and
   leave). Hard rules: each shift holds ``teams × min_team_size`` people in its teams that are
   not locked, with at least ``police_per_team`` police officers, one militia member and one
   leader per team; nobody in two shifts that overlap; at least ``min_rest_hours`` between two
   shifts of one person; at most ``max_night_shifts`` night shifts (:func:`is_night`) per person
   and ISO week. The objective is a weighted sum (the ``W_*`` constants): the sum of squares of
   the people's loads this week, least when loads are as even as the rules allow; police
   officers beyond the minimum (police are few, the militia fills the teams); shifts given to
   people with many shifts in the last four weeks, so that among rosters as even this week the
   one most even over five weeks wins; and seeded integer noise, smaller than one unit of
   anything else, so that seeds vary rosters.
2. **Who patrols with whom.** Shift by shift in time order, the shift's people are split into
   teams of exactly ``min_team_size``, each with its police, militia and leader, penalising
   pairs who patrolled together in the last four weeks or earlier this week (more for recent
   and repeated pairings), with seeded noise. Step 1's counts guarantee step 2 a solution: give
   each team a leader, then its other police officers, then a militia member, then fill to size.

Teams are never larger than ``min_team_size`` (a bigger team only adds load; no rule needs one);
``max_team_size`` bounds the locked teams a commander writes. Solves are deterministic: one
worker, ``random_seed=seed`` and a deterministic time limit, so one input and seed give one roster
on any machine. When no roster exists, :func:`form_teams` says why in a commander's words: a count
per shift and force first, then the rule (locked teams, rest, night cap, leaders) whose relaxation
lets a roster exist.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd
from ortools.sat.python import cp_model

from patrol_map.errors import InputFileError, PlanningError
from patrol_map.io.people import leave_ranges, parse_availability
from patrol_map.model import WEEKDAY_CODES, Force, Shift, Team
from patrol_map.plan.shifts import SHIFT_NAMES_VI, WEEKDAYS_EN, WEEKDAYS_VI, describe_shift
from patrol_map.text import fold

#: Columns ``form_teams`` needs in the people table; ``leave`` and ``can_lead`` are optional.
PEOPLE_COLUMNS = ("person_id", "name", "force", "availability")

#: A shift that overlaps these local hours on any day is a night shift ...
NIGHT_HOURS = (time(0, 0), time(4, 0))
#: ... and so is one that starts at this hour or later.
NIGHT_START = time(22, 0)

# Step 1 weights. Fairness is the sum of squares of the loads: least when the loads are as even
# as the rules allow (spread at most 1 when that is possible), and, unlike max − min, quick to prove.
#: Per unit of the sum, over people, of the square of their shifts this week. Moving a shift from
#: someone with k + 1 to someone with k shifts is free; from k to k (making a spread of 2) costs
#: 2 × W_LOAD, more than history (below 500 shifts) and noise can change.
W_LOAD = 1_000
#: Per police officer in a team beyond ``police_per_team``: police officers are few and have other
#: duties, so a police officer replaces a militia member only when the militia would otherwise
#: carry 3 or more shifts more than the police.
W_EXTRA_POLICE = 3 * W_LOAD
#: Per shift given to a person, times that person's shifts in the last four weeks: among rosters as
#: even this week, the one most even over five weeks (least sum of squares of five-week loads).
W_RECENT = 4
#: Tie-break noise: a seeded integer in ``[0, NOISE)`` per person and shift, below ``W_RECENT``.
NOISE = 4
# Step 2 weights.
#: Per unit of pairing weight when two people share a team again. A pairing found in the history
#: weighs 1 (oldest quarter of ``history``) to 4 (newest quarter); one earlier this week weighs 4.
W_PAIR = 10
#: Tie-break noise: a seeded integer in ``[0, PAIR_NOISE)`` per person and team.
PAIR_NOISE = 3
#: Pairing weight of teams formed earlier in the week being planned.
THIS_WEEK_PAIRING = 4
#: A solve that finds nothing in its time searches on, up to this many times as long, for a first solution.
LATE_FACTOR = 10
#: Share of the time budget spent on step 1; step 2 shares the rest between the shifts.
STEP1_SHARE = 0.5

_FORCE_VI = {Force.POLICE: "công an", Force.MILITIA: "dân quân"}
_FORCE_EN = {Force.POLICE: "police officer", Force.MILITIA: "militia member"}
_TRUE_WORDS = {"true", "1", "yes", "y", "x", "co", "c", "duoc"}
_FALSE_WORDS = {"false", "0", "no", "n", "khong", "k", "", "nan", "none"}


@dataclass(frozen=True)
class RosterRules:
    """The rules of a roster.

    Parameters
    ----------
    teams_per_shift
        Teams sent out in each shift (0 = no patrol).
    teams_by_shift
        Teams of particular shifts by shift id (``{"2026-11-24-night": 3}``), overriding
        ``teams_per_shift``; 0 means no patrol in that shift.
    min_team_size, max_team_size
        People per team. Planned teams have ``min_team_size``; locked teams may have up to
        ``max_team_size``.
    min_rest_hours
        Least time between the end of a person's shift and the start of their next, hours.
    max_night_shifts
        Most night shifts (:func:`is_night`) per person in an ISO week.
    police_per_team
        Least police officers per team (at least 1); every team also has at least 1 militia member.

    """

    teams_per_shift: int = 2
    teams_by_shift: Mapping[str, int] = field(default_factory=dict)
    min_team_size: int = 3
    max_team_size: int = 5
    min_rest_hours: float = 8.0
    max_night_shifts: int = 3
    police_per_team: int = 1

    def teams(self, shift: Shift) -> int:
        """Return the number of teams ``shift`` needs."""
        return int(self.teams_by_shift.get(shift.shift_id, self.teams_per_shift))


def is_night(shift: Shift) -> bool:
    """Tell whether a shift is a night shift, for the cap on night shifts.

    A night shift overlaps the hours 00:00–04:00 local time on some day (``23:00–03:00``,
    ``02:00–06:00``), or starts at 22:00 or later. ``19:00–23:00`` and ``20:00–24:00`` are not.
    """
    if shift.start.time() >= NIGHT_START:
        return True
    day = shift.start.date()
    while datetime.combine(day, NIGHT_HOURS[0]) < shift.end:
        if shift.start < datetime.combine(day, NIGHT_HOURS[1]):
            return True
        day += timedelta(days=1)
    return False


@dataclass(frozen=True)
class _Person:
    index: int
    person_id: str
    name: str
    force: Force
    days: frozenset[int]
    shift_names: frozenset[str] | None  # None: every shift
    leave: tuple[tuple[date, date], ...]
    can_lead: bool  # a police officer who may lead a team

    @property
    def label(self) -> str:
        return f"{self.name} ({self.person_id})"


@dataclass
class _Problem:
    """A roster to solve: people, shifts in time order, and what follows from the rules."""

    people: list[_Person]
    shifts: list[Shift]
    rules: RosterRules
    teams: list[int]  # per shift
    locked: dict[int, list[tuple[int, tuple[int, ...]]]]  # shift -> (team number, member indices)
    recent: list[int]  # per person, shifts in the history
    able: list[list[int]]  # per shift, the people available for it
    overlaps: list[tuple[int, int]]  # shift pairs that overlap in time
    short_rests: list[tuple[int, int]]  # shift pairs, not overlapping, with too little rest between
    night_weeks: list[list[int]]  # night shifts grouped by ISO week
    leaders_restricted: bool  # only some police officers may lead (a can_lead column)

    def locked_in(self, shift: int) -> list[int]:
        return [p for _, members in self.locked.get(shift, []) for p in members]


def form_teams(
    people: pd.DataFrame,
    shifts: Sequence[Shift],
    rules: RosterRules | None = None,
    seed: int = 0,
    *,
    history: Sequence[Sequence[str]] = (),
    locked: Mapping[str, Sequence[str]] | None = None,
    seconds: float = 10.0,
    teams_per_shift: int | None = None,
    team_size: int | None = None,
) -> list[Team]:
    """Form joint teams for every shift, keeping every rule and sharing the load fairly.

    Parameters
    ----------
    people
        One row per person: ``person_id``, ``name``, ``force`` (``police`` or ``militia``),
        ``availability`` (see :func:`patrol_map.io.people.parse_availability`: weekdays, shift
        names or both; empty = always; the day a shift starts counts), optionally ``leave``
        (see :func:`patrol_map.io.people.leave_ranges`; a shift touching a day of leave is
        off) and ``can_lead`` (true/false: with this column only police officers marked true
        lead teams; without it any police officer may).
    shifts
        The shifts to staff, in any order.
    rules
        The rules; ``RosterRules()`` when None.
    seed
        Seed of the tie-breaks and of the solver: the same inputs and seed give the same roster.
    history
        Members of the teams of the last four weeks, oldest first: people with fewer of these
        shifts get more this week, and pairs who patrolled together (recently, often) are
        rarely paired again.
    locked
        Team id -> its exact members, leader first: teams a commander fixed by hand, kept as
        they are while the other teams are planned around them.
    seconds
        Deterministic time budget of the solver (CP-SAT's deterministic seconds, close to
        seconds of one core); a small roster is solved to optimality in much less.
    teams_per_shift, team_size
        Shorthands: replace ``rules.teams_per_shift``, and make ``min_team_size`` and
        ``max_team_size`` both ``team_size``.

    Returns
    -------
    list of Team
        The teams of every shift in time order, numbered ``{shift_id}-T1`` … within a shift;
        members list the leader (a police officer allowed to lead), the other police officers,
        then the militia members, in the order of ``people``.

    Raises
    ------
    PlanningError
        If the rules or tables are malformed, a locked team breaks a rule (naming rule, team and
        person), or no roster exists (naming the shift and force that are short, or the rule
        to relax).

    """
    problem = _problem(people, shifts, _merge_rules(rules, teams_per_shift, team_size), history, locked)
    rng = np.random.default_rng(seed)
    if (shortage := _shortage(problem)) is not None:
        raise shortage
    solver = _Solver(seed, seconds * STEP1_SHARE)
    staffed = _staff(problem, solver, rng)
    if staffed is None:
        raise _explain(problem, solver)
    busy = sum(1 for s, n in enumerate(problem.teams) if n > len(problem.locked.get(s, [])))
    solver = _Solver(seed, seconds * (1 - STEP1_SHARE) / max(busy, 1))
    return _split_all(problem, staffed, _pair_weights(problem, history), solver, rng)


def check_roster(
    teams: Sequence[Team], people: pd.DataFrame, shifts: Sequence[Shift], rules: RosterRules
) -> list[PlanningError]:
    """List every rule a roster breaks; plain Python, independent of the solver.

    Parameters
    ----------
    teams
        The roster to check.
    people
        The people table, as for :func:`form_teams`.
    shifts
        The shifts the roster is for.
    rules
        The rules it must keep.

    Returns
    -------
    list of PlanningError
        One per fault, naming the team, shift and person: teams missing or not of the plan,
        size, police, militia, leader, availability and leave, two shifts at once, rest,
        night shifts. Empty when the roster keeps every rule.

    Raises
    ------
    PlanningError
        If the rules or the people table are malformed.

    """
    by_id = _shift_index(shifts)
    _check_rules(rules, by_id)
    roster = _read_people(people)
    return _coverage_faults(teams, by_id, rules) + _roster_faults(teams, roster, by_id, rules)


def load_report(
    teams: Sequence[Team], people: pd.DataFrame, history: Sequence[Sequence[str]] = ()
) -> pd.DataFrame:
    """Count the shifts each person works this week and in the last four weeks.

    Parameters
    ----------
    teams
        The teams of a roster.
    people
        The people table (``person_id``, ``name``, ``force``).
    history
        Members of the teams of the last four weeks, as for :func:`form_teams`.

    Returns
    -------
    pandas.DataFrame
        Columns ``person_id``, ``name``, ``force``, ``shifts`` (in ``teams``) and
        ``recent_shifts`` (in ``history``), one row per person in the order of ``people``;
        people with no shift count 0.

    """
    counts = Counter(member for team in teams for member in team.members)
    recent = Counter(str(member).strip() for members in history for member in members)
    report = people[["person_id", "name", "force"]].copy()
    report["person_id"] = report["person_id"].astype(str).str.strip()
    report["shifts"] = [counts.get(pid, 0) for pid in report["person_id"]]
    report["recent_shifts"] = [recent.get(pid, 0) for pid in report["person_id"]]
    return report.reset_index(drop=True)


def load_spread(report: pd.DataFrame, *, with_recent: bool = False) -> dict[Force, int]:
    """Return the spread of the load within each force: most shifts minus fewest.

    Parameters
    ----------
    report
        A table made by :func:`load_report`.
    with_recent
        Count this week's shifts plus those of the last four weeks, not this week's only.

    Returns
    -------
    dict
        Force -> spread, for each force in the report (everyone counts, also people away all
        week).

    """
    load = report["shifts"] + (report["recent_shifts"] if with_recent else 0)
    spread = load.groupby(report["force"].astype(str)).agg(lambda s: int(s.max() - s.min()))
    return {Force(force): int(value) for force, value in spread.items()}


# --- reading the inputs ------------------------------------------------------------------------


def _merge_rules(
    rules: RosterRules | None, teams_per_shift: int | None, team_size: int | None
) -> RosterRules:
    rules = rules or RosterRules()
    changes: dict[str, int] = {}
    if teams_per_shift is not None:
        changes["teams_per_shift"] = teams_per_shift
    if team_size is not None:
        changes |= {"min_team_size": team_size, "max_team_size": team_size}
    return rules if not changes else RosterRules(**{**rules.__dict__, **changes})


def _problem(
    people: pd.DataFrame,
    shifts: Sequence[Shift],
    rules: RosterRules,
    history: Sequence[Sequence[str]],
    locked: Mapping[str, Sequence[str]] | None,
) -> _Problem:
    by_id = _shift_index(shifts)
    _check_rules(rules, by_id)
    roster = _read_people(people)
    ordered = list(by_id.values())
    rest = timedelta(hours=rules.min_rest_hours)
    overlaps, short_rests = [], []
    for a, b in itertools.combinations(range(len(ordered)), 2):
        first, then = ordered[a], ordered[b]  # first starts no later than then
        if then.start < first.end:
            overlaps.append((a, b))
        elif then.start < first.end + rest:
            short_rests.append((a, b))
    weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
    for s, shift in enumerate(ordered):
        if is_night(shift):
            weeks[tuple(shift.start.isocalendar())[:2]].append(s)
    recent = Counter(p for members in history for p in _indices(roster, members))
    problem = _Problem(
        people=roster,
        shifts=ordered,
        rules=rules,
        teams=[rules.teams(s) for s in ordered],
        locked={},
        recent=[recent.get(p.index, 0) for p in roster],
        able=[[p.index for p in roster if _why_unavailable(p, shift) is None] for shift in ordered],
        overlaps=overlaps,
        short_rests=short_rests,
        night_weeks=list(weeks.values()),
        leaders_restricted="can_lead" in people.columns,
    )
    problem.locked = _read_locked(locked or {}, problem, by_id)
    return problem


def _indices(roster: list[_Person], members: Iterable[object]) -> list[int]:
    """Return the indices of the known people among ``members`` (person ids), each once, ascending."""
    index = {p.person_id: p.index for p in roster}
    return sorted({index[m] for m in (str(m).strip() for m in members) if m in index})


def _shift_index(shifts: Sequence[Shift]) -> dict[str, Shift]:
    ordered = sorted(shifts, key=lambda s: (s.start, s.end, s.name))
    by_id: dict[str, Shift] = {}
    for shift in ordered:
        if shift.shift_id in by_id:
            raise PlanningError(
                f"Ca {shift.shift_id} có hai lần.", f"Shift {shift.shift_id} is listed twice."
            )
        by_id[shift.shift_id] = shift
    return by_id


def _check_rules(rules: RosterRules, shifts: Mapping[str, Shift]) -> None:
    counts = {"teams_per_shift": rules.teams_per_shift, **rules.teams_by_shift}
    for name, count in counts.items():
        if count < 0:
            raise PlanningError(
                f"Số tổ mỗi ca ({name}) không được âm: {count}.",
                f"The number of teams ({name}) cannot be negative: {count}.",
            )
    unknown = [sid for sid in rules.teams_by_shift if sid not in shifts]
    if unknown:
        raise PlanningError(
            f"Số tổ được đặt cho ca '{unknown[0]}', nhưng không có ca đó trong kế hoạch.",
            f"A number of teams is set for shift '{unknown[0]}', which is not a shift of the plan.",
        )
    if rules.police_per_team < 1:
        raise PlanningError("Mỗi tổ cần ít nhất 1 công an.", "Every team needs at least 1 police officer.")
    if not rules.police_per_team + 1 <= rules.min_team_size <= rules.max_team_size:
        raise PlanningError(
            f"Tổ từ {rules.min_team_size} đến {rules.max_team_size} người không thể có "
            f"{rules.police_per_team} công an và ít nhất 1 dân quân; mỗi tổ cần ít nhất 1 công an "
            "và 1 dân quân, và cỡ tổ nhỏ nhất không quá cỡ lớn nhất.",
            f"A team of {rules.min_team_size} to {rules.max_team_size} cannot hold "
            f"{rules.police_per_team} police officer(s) and at least 1 militia member; every team "
            "needs at least 1 of each, and the least size cannot exceed the largest.",
        )
    if rules.min_rest_hours < 0:
        raise PlanningError(
            "Thời gian nghỉ giữa hai ca không được âm.", "The rest between shifts cannot be negative."
        )
    if rules.max_night_shifts < 0:
        raise PlanningError(
            "Số ca đêm tối đa mỗi tuần không được âm.", "The most night shifts a week cannot be negative."
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
            _Person(
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
    word = fold(_cell(value))
    if word in _TRUE_WORDS | _FALSE_WORDS:
        return word in _TRUE_WORDS
    raise PlanningError(
        f"Người '{pid}': can_lead '{value}' không hợp lệ; ghi true hoặc false.",
        f"Person '{pid}': can_lead '{value}' is not valid; write true or false.",
    )


def _why_unavailable(person: _Person, shift: Shift) -> tuple[str, str] | None:
    """Return why ``person`` cannot work ``shift`` (Vietnamese, English), or None when they can."""
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


def _read_locked(
    locked: Mapping[str, Sequence[str]], problem: _Problem, by_id: Mapping[str, Shift]
) -> dict[int, list[tuple[int, tuple[int, ...]]]]:
    """Index the locked teams by shift, refusing one that breaks a rule by itself."""
    number = {sid: s for s, sid in enumerate(by_id)}
    force_of = {p.person_id: p.force for p in problem.people}
    teams = []
    for team_id, members in locked.items():
        sid, _, k = str(team_id).rpartition("-T")
        if sid not in number or not k.isdigit() or not 1 <= int(k) <= problem.teams[number[sid]]:
            raise PlanningError(
                f"Tổ đã khóa '{team_id}' không có trong kế hoạch; mã tổ có dạng 2026-11-24-night-T1, "
                "số cuối không quá số tổ của ca.",
                f"The locked team '{team_id}' is not a team of this plan; team ids look like "
                "2026-11-24-night-T1, the last number at most the shift's number of teams.",
            )
        ids = tuple(str(m).strip() for m in members)
        # An unknown id gets a placeholder force; the check below names it.
        teams.append(Team(str(team_id), sid, ids, tuple(force_of.get(m, Force.POLICE) for m in ids)))
    faults = _roster_faults(teams, problem.people, by_id, problem.rules)
    if faults:
        more_vi = f" (và {len(faults) - 1} lỗi khác)" if len(faults) > 1 else ""
        more_en = f" (and {len(faults) - 1} more faults)" if len(faults) > 1 else ""
        raise PlanningError(
            f"Tổ đã khóa phạm quy tắc: {faults[0].vi}{more_vi}",
            f"A locked team breaks a rule: {faults[0].en}{more_en}",
        )
    index = {p.person_id: p.index for p in problem.people}
    result: dict[int, list[tuple[int, tuple[int, ...]]]] = defaultdict(list)
    for team in teams:
        k = int(team.team_id.rpartition("-T")[2]) - 1
        result[number[team.shift_id]].append((k, tuple(index[m] for m in team.members)))
    return {s: sorted(result[s]) for s in sorted(result)}


# --- counting before solving -------------------------------------------------------------------


def _shortage(problem: _Problem) -> PlanningError | None:
    """Return the first shift, or moment of overlapping shifts, that lacks people by plain counting."""
    for s, shift in enumerate(problem.shifts):
        # People locked into this shift or one overlapping it are not free for its other teams.
        taken = set(problem.locked_in(s))
        taken |= {p for a, b in problem.overlaps if s in (a, b) for p in problem.locked_in(a + b - s)}
        free = [p for p in problem.able[s] if p not in taken]
        error = _count(problem, [shift], free, problem.teams[s] - len(problem.locked.get(s, [])))
        if error is not None:
            return error
        active = [a for a, other in enumerate(problem.shifts) if other.start <= shift.start < other.end]
        if len(active) > 1:
            able = sorted({p for a in active for p in problem.able[a]})
            teams = sum(problem.teams[a] for a in active)
            error = _count(problem, [problem.shifts[a] for a in active], able, teams)
            if error is not None:
                return error
    return None


def _count(problem: _Problem, shifts: list[Shift], free: list[int], teams: int) -> PlanningError | None:
    """Compare the people ``teams`` need in ``shifts`` with the ``free`` people, force by force."""
    if teams <= 0:
        return None
    people, rules = problem.people, problem.rules
    size = rules.min_team_size
    needs = [
        (
            rules.police_per_team * teams,
            Force.POLICE.value,
            [p for p in free if people[p].force is Force.POLICE],
        ),
        (teams, Force.MILITIA.value, [p for p in free if people[p].force is Force.MILITIA]),
    ]
    if problem.leaders_restricted:
        needs.append((teams, "leader", [p for p in free if people[p].can_lead]))
    needs.append((teams * size, "people", free))
    for needed, kind, have in needs:
        if len(have) < needed:
            return _short(shifts, needed, len(have), kind, teams, size)
    return None


def _short(shifts: list[Shift], needed: int, have: int, kind: str, teams: int, size: int) -> PlanningError:
    nouns = {
        "police": ("công an", "police officer", "police officers"),
        "militia": ("dân quân", "militia member", "militia members"),
        "leader": (
            "tổ trưởng (công an được chỉ huy tổ, cột can_lead)",
            "team leader (a police officer marked can_lead)",
            "team leaders (police officers marked can_lead)",
        ),
        "people": (f"người ({teams} tổ, mỗi tổ {size})", "person", f"people ({teams} teams of {size})"),
    }
    noun_vi, one, many = nouns[kind]
    if len(shifts) == 1:
        when_vi, when_en = describe_shift(shifts[0], "vi"), describe_shift(shifts[0], "en")
    else:
        when_vi = "Các ca trùng giờ " + ", ".join(_lower_first(describe_shift(s, "vi")) for s in shifts)
        when_en = "The overlapping " + " and ".join(describe_shift(s, "en") for s in shifts)
    have_vi = "không có ai sẵn sàng" if have == 0 else f"chỉ có {have} người sẵn sàng"
    have_en = {0: "none is available", 1: "only 1 is available"}.get(have, f"only {have} are available")
    return PlanningError(
        f"{when_vi} cần {needed} {noun_vi}; {have_vi}. Hãy bổ sung người sẵn sàng ngày này hoặc giảm số tổ.",
        f"{when_en} {'need' if len(shifts) > 1 else 'needs'} {needed} {one if needed == 1 else many}; "
        f"{have_en}. Add people available that day or plan fewer teams.",
    )


# --- step 1: who works when --------------------------------------------------------------------


class _Solver:
    """CP-SAT set to be deterministic: one worker, a seed, a deterministic time limit."""

    def __init__(self, seed: int, seconds: float) -> None:
        self.seed, self.seconds = seed, seconds

    def solve(self, model: cp_model.CpModel) -> tuple[cp_model.CpSolver, bool | None]:
        """Solve ``model``; return the solver and True (solved), False (no solution) or None (no time)."""
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = self.seed
        solver.parameters.max_deterministic_time = self.seconds
        # Presolve turns "at least one militia member" into clauses, which the default LP leaves
        # out; level 2 keeps them and proves fair rosters at once (0.03 s, not 5 s unproven).
        solver.parameters.linearization_level = 2
        status = solver.solve(model)
        if status == cp_model.UNKNOWN:
            # Out of time before a first solution: a roster a little late beats none.
            solver.parameters.max_deterministic_time = LATE_FACTOR * self.seconds
            solver.parameters.stop_after_first_solution = True
            status = solver.solve(model)
        if status == cp_model.UNKNOWN:
            return solver, None
        return solver, status in (cp_model.OPTIMAL, cp_model.FEASIBLE)


@dataclass
class _Staffing:
    """The step 1 model: who works in the planned (not locked) teams of each shift."""

    model: cp_model.CpModel
    work: dict[tuple[int, int], cp_model.IntVar]  # (person, shift)
    keep: dict[tuple[int, int], cp_model.IntVar | int]  # (shift, team number) of a locked team
    presence: dict[int, dict[int, list[cp_model.IntVar | int]]]  # person -> shift -> terms summing to 0/1
    slack: dict[str, list[tuple[tuple[int, ...], cp_model.IntVar]]] = field(default_factory=dict)


def _staffing(problem: _Problem, soft: frozenset[str]) -> _Staffing:
    """Build step 1's rules; those named in ``soft`` may be broken, each break counted in ``slack``."""
    model = cp_model.CpModel()
    keep: dict[tuple[int, int], cp_model.IntVar | int] = {
        (s, k): model.new_bool_var(f"keep_{s}_{k}") if "locks" in soft else 1
        for s, teams in problem.locked.items()
        for k, _ in teams
    }
    work = {
        (p, s): model.new_bool_var(f"work_{p}_{s}")
        for s in range(len(problem.shifts))
        for p in problem.able[s]
        if "locks" in soft or p not in problem.locked_in(s)
    }
    presence: dict[int, dict[int, list[cp_model.IntVar | int]]] = defaultdict(lambda: defaultdict(list))
    for (p, s), var in work.items():
        presence[p][s].append(var)
    for s, teams in problem.locked.items():
        for k, members in teams:
            for p in members:
                presence[p][s].append(keep[s, k])
    built = _Staffing(model, work, keep, presence, {rule: [] for rule in soft})
    for terms in (t for shifts in presence.values() for t in shifts.values() if len(t) > 1):
        model.add(sum(terms) <= 1)
    _staff_shifts(problem, built)
    _separate_shifts(problem, built)
    _cap_nights(problem, built)
    if soft:
        model.minimize(
            sum(var for pairs in built.slack.values() for _, var in pairs)
            + sum(1 - var for var in keep.values())
        )
    return built


def _staff_shifts(problem: _Problem, built: _Staffing) -> None:
    """Each shift's planned teams get their size, police, militia and leaders."""
    rules = problem.rules
    for s, teams in enumerate(problem.teams):
        planned = teams - sum(built.keep[s, k] for k, _ in problem.locked.get(s, []))
        here = [(problem.people[p], built.work[p, s]) for p in problem.able[s] if (p, s) in built.work]
        built.model.add(sum(var for _, var in here) == rules.min_team_size * planned)
        built.model.add(sum(v for p, v in here if p.force is Force.POLICE) >= rules.police_per_team * planned)
        built.model.add(sum(v for p, v in here if p.force is Force.MILITIA) >= planned)
        if problem.leaders_restricted:
            leaders = sum(v for p, v in here if p.can_lead)
            if "leaders" in built.slack:
                missing = built.model.new_int_var(0, teams, f"leaderless_{s}")
                built.slack["leaders"].append(((s,), missing))
                leaders += missing
            built.model.add(leaders >= planned)


def _separate_shifts(problem: _Problem, built: _Staffing) -> None:
    """Nobody in two overlapping shifts; enough rest between two shifts of one person."""
    for rule, pairs in (("overlap", problem.overlaps), ("rest", problem.short_rests)):
        for a, b in pairs:
            for p, terms in built.presence.items():
                if a not in terms or b not in terms:
                    continue
                both = sum(terms[a]) + sum(terms[b])
                if rule in built.slack:
                    short = built.model.new_bool_var(f"short_rest_{p}_{a}_{b}")
                    built.slack[rule].append(((p, a, b), short))
                    both -= short
                built.model.add(both <= 1)


def _cap_nights(problem: _Problem, built: _Staffing) -> None:
    cap = problem.rules.max_night_shifts
    for w, group in enumerate(problem.night_weeks):
        for p, terms in built.presence.items():
            nights = [t for s in group if s in terms for t in terms[s]]
            if len(nights) <= cap:
                continue
            total = sum(nights)
            if "night" in built.slack:
                extra = built.model.new_int_var(0, len(nights), f"extra_nights_{p}_{w}")
                built.slack["night"].append(((p, w), extra))
                total -= extra
            built.model.add(total <= cap)


def _staff(problem: _Problem, solver: _Solver, rng: np.random.Generator) -> list[list[int]] | None:
    """Solve step 1: the people of each shift's planned teams, or None when no roster exists."""
    built = _staffing(problem, frozenset())
    model, work = built.model, built.work
    # Police beyond the minimum: the minimum is a constant, so counting all police is the same.
    objective = W_EXTRA_POLICE * sum(
        v for (p, _), v in work.items() if problem.people[p].force is Force.POLICE
    )
    for p, shifts in built.presence.items():
        terms = [t for ts in shifts.values() for t in ts]
        load = sum(terms)
        objective += W_LOAD * _square(model, load, len(terms)) + W_RECENT * problem.recent[p] * load
    noise = rng.integers(0, NOISE, len(work)).tolist()
    model.minimize(objective + cp_model.LinearExpr.weighted_sum(list(work.values()), noise))
    result, found = solver.solve(model)
    if found is None:
        raise PlanningError(
            f"Không tìm được lịch trong thời gian cho phép ({solver.seconds:g} giây tính toán); "
            "hãy cho thêm thời gian hoặc giảm số tổ.",
            f"No roster was found within the time allowed ({solver.seconds:g} deterministic "
            "seconds); allow more time or plan fewer teams.",
        )
    if not found:
        return None
    return [
        [p for p in problem.able[s] if (p, s) in work and result.boolean_value(work[p, s])]
        for s in range(len(problem.shifts))
    ]


def _square(model: cp_model.CpModel, load: cp_model.LinearExprT, most: int) -> cp_model.IntVar:
    """Return a variable at least ``load²`` for an integer load in ``[0, most]``, tight at integers.

    It lies above each chord of k² between k and k + 1, so the LP relaxation is the convex hull
    and the solver proves a fair load optimal at once (max − min as objective: not in 20 s).
    """
    square = model.new_int_var(0, most * most, "square")
    for k in range(most):
        model.add(square >= (2 * k + 1) * load - k * (k + 1))
    return square


# --- when no roster exists -----------------------------------------------------------------------


def _explain(problem: _Problem, solver: _Solver) -> PlanningError:
    """Find the rule whose relaxation lets a roster exist, and say it in a commander's words."""
    rules = ["locks"] if problem.locked else []
    rules += ["rest"] if problem.short_rests else []
    rules += ["night"] if problem.night_weeks else []
    rules += ["leaders"] if problem.leaders_restricted else []
    for soft in [*({rule} for rule in rules), set(rules)]:
        built = _staffing(problem, frozenset(soft))
        result, found = solver.solve(built.model)
        if found:
            return _blame(problem, built, result)
    return PlanningError(
        "Không có lịch nào giữ mọi quy tắc, kể cả khi nới thời gian nghỉ, số ca đêm và tổ trưởng: "
        "các ca trùng giờ cần nhiều người hơn số người sẵn sàng cùng lúc. Hãy bổ sung người hoặc giảm số tổ.",
        "No roster keeps every rule, even with the rest, the night cap and the leaders relaxed: shifts "
        "that overlap need more people at once than are available. Add people or plan fewer teams.",
    )


def _blame(problem: _Problem, built: _Staffing, result: cp_model.CpSolver) -> PlanningError:
    messages = []
    dropped = [key for key, var in built.keep.items() if not isinstance(var, int) and not result.value(var)]
    if dropped:
        messages.append(_blame_locks(problem, dropped))
    for rule, blame in (("rest", _blame_rest), ("night", _blame_nights), ("leaders", _blame_leaders)):
        broken = [(key, result.value(var)) for key, var in built.slack.get(rule, []) if result.value(var)]
        if broken:
            messages.append(blame(problem, broken))
    return PlanningError(" ".join(m[0] for m in messages), " ".join(m[1] for m in messages))


def _blame_locks(problem: _Problem, dropped: list[tuple[int, int]]) -> tuple[str, str]:
    ids = ", ".join(f"{problem.shifts[s].shift_id}-T{k + 1}" for s, k in sorted(dropped))
    return (
        f"Tổ đã khóa {ids} giữ những người mà các tổ khác cần; không có lịch nào giữ nguyên tổ này. "
        "Hãy mở khóa hoặc đổi người trong tổ.",
        f"The locked team(s) {ids} hold people the other teams need; no roster keeps them as they are. "
        "Unlock them or change their members.",
    )


def _blame_rest(problem: _Problem, broken: list[tuple[tuple[int, ...], int]]) -> tuple[str, str]:
    (p, a, b), _ = min(broken, key=lambda item: (item[0][1], item[0][2], item[0][0]))
    first, then = problem.shifts[a], problem.shifts[b]
    force = problem.people[p].force
    hours = problem.rules.min_rest_hours
    gap = (then.start - first.end).total_seconds() / 3600
    more = len(broken) - 1
    return (
        f"Không có lịch nào giữ đủ {_hours(hours, 'vi')} giờ nghỉ giữa hai ca cho mọi người: thiếu "
        f"{_FORCE_VI[force]} quanh {_lower_first(describe_shift(first, 'vi'))} và "
        f"{_lower_first(describe_shift(then, 'vi'))} (một người chỉ được nghỉ {_hours(gap, 'vi')} giờ "
        f"giữa hai ca này{f', và {more} lần nghỉ quá ngắn khác' if more else ''}). Hãy bổ sung "
        f"{_FORCE_VI[force]} sẵn sàng những ngày này, giảm số tổ, hoặc rút ngắn thời gian nghỉ giữa "
        f"hai ca (hiện là {_hours(hours, 'vi')} giờ).",
        f"No roster keeps {_hours(hours, 'en')} hours of rest between shifts for everyone: "
        f"{_FORCE_EN[force]}s are too few around {describe_shift(first, 'en')} and "
        f"{describe_shift(then, 'en')} (one would rest only {_hours(gap, 'en')} hours between them"
        f"{f', and {more} more rests would be too short' if more else ''}). Add {_FORCE_EN[force]}s "
        f"available on those days, plan fewer teams, or shorten the rest between shifts (now "
        f"{_hours(hours, 'en')} hours).",
    )


def _blame_nights(problem: _Problem, broken: list[tuple[tuple[int, ...], int]]) -> tuple[str, str]:
    (p, w), extra = min(broken, key=lambda item: (item[0][1], -item[1], item[0][0]))
    force = problem.people[p].force
    cap = problem.rules.max_night_shifts
    week = "{}-W{:02d}".format(*problem.shifts[problem.night_weeks[w][0]].start.isocalendar()[:2])
    more = sum(v for _, v in broken) - extra
    nights = f"{cap + extra} night shift{'s' if cap + extra > 1 else ''}"
    return (
        f"Không có lịch nào giữ mỗi người tối đa {cap} ca đêm một tuần: thiếu {_FORCE_VI[force]} trực "
        f"đêm (tuần {week}, một người phải trực {cap + extra} ca đêm"
        f"{f', và {more} ca đêm vượt mức khác' if more else ''}). Hãy bổ sung {_FORCE_VI[force]} sẵn "
        f"sàng ban đêm, giảm số tổ ca đêm, hoặc nâng số ca đêm tối đa mỗi tuần (hiện là {cap}).",
        f"No roster keeps everyone to at most {cap} night shifts a week: {_FORCE_EN[force]}s for the "
        f"night shifts are too few (week {week}: one would work {nights}"
        f"{f', and {more} more night shifts beyond the cap' if more else ''}). Add {_FORCE_EN[force]}s "
        f"available at night, plan fewer night teams, or raise the most night shifts a week (now {cap}).",
    )


def _blame_leaders(problem: _Problem, broken: list[tuple[tuple[int, ...], int]]) -> tuple[str, str]:
    (s,), missing = min(broken)
    shift = problem.shifts[s]
    more = sum(v for _, v in broken) - missing
    return (
        f"Không có lịch nào cho mỗi tổ một tổ trưởng: {_lower_first(describe_shift(shift, 'vi'))} thiếu "
        f"{missing} tổ trưởng (công an được chỉ huy tổ, cột can_lead)"
        f"{f', và {more} tổ ở các ca khác' if more else ''}. Hãy đánh dấu thêm công an được chỉ huy "
        "tổ, bố trí tổ trưởng sẵn sàng những ca này, hoặc giảm số tổ.",
        f"No roster gives every team a leader: {describe_shift(shift, 'en')} lacks {missing} team "
        f"leader{'s' if missing > 1 else ''} (police officers marked can_lead)"
        f"{f', and {more} more teams in other shifts' if more else ''}. Mark more police officers "
        "can_lead, make leaders available for those shifts, or plan fewer teams.",
    )


def _hours(value: float, lang: str) -> str:
    text = f"{value:.1f}".removesuffix(".0")
    return text.replace(".", ",") if lang == "vi" else text


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# --- step 2: who patrols with whom -------------------------------------------------------------


def _pair_weights(problem: _Problem, history: Sequence[Sequence[str]]) -> Counter[tuple[int, int]]:
    """Weigh each pair of people by their pairings in ``history``: newer pairings weigh more."""
    weights: Counter[tuple[int, int]] = Counter()
    for position, members in enumerate(history):
        recency = 1 + 4 * position // len(history)  # 1 in the oldest quarter ... 4 in the newest
        for pair in itertools.combinations(_indices(problem.people, members), 2):
            weights[pair] += recency
    return weights


def _split_all(
    problem: _Problem,
    staffed: list[list[int]],
    weights: Counter[tuple[int, int]],
    solver: _Solver,
    rng: np.random.Generator,
) -> list[Team]:
    """Split each shift's people into teams, in time order; return every team, locked ones as given."""
    result = []
    for s, shift in enumerate(problem.shifts):
        made = dict(problem.locked.get(s, []))
        planned = [k for k in range(problem.teams[s]) if k not in made]
        if planned:
            groups = _split(problem, staffed[s], len(planned), weights, solver, rng)
            made |= {k: _leader_first(problem, group) for k, group in zip(planned, groups, strict=True)}
        for k in sorted(made):
            members = made[k]
            result.append(
                Team(
                    team_id=f"{shift.shift_id}-T{k + 1}",
                    shift_id=shift.shift_id,
                    members=tuple(problem.people[p].person_id for p in members),
                    forces=tuple(problem.people[p].force for p in members),
                )
            )
            weights.update(dict.fromkeys(itertools.combinations(sorted(members), 2), THIS_WEEK_PAIRING))
    return result


def _split(
    problem: _Problem,
    group: list[int],
    teams: int,
    weights: Counter[tuple[int, int]],
    solver: _Solver,
    rng: np.random.Generator,
) -> list[list[int]]:
    """Split ``group`` (person indices, ascending) into ``teams`` valid teams, varying the pairs."""
    rules, people = problem.rules, problem.people
    model = cp_model.CpModel()
    # Teams are interchangeable: number them by their first member, so person i is in a team <= i.
    x = {
        (i, k): model.new_bool_var(f"x_{i}_{k}") for i in range(len(group)) for k in range(min(teams, i + 1))
    }
    for i in range(len(group)):
        model.add_exactly_one(x[i, k] for k in range(min(teams, i + 1)))
    for k in range(teams):
        members = [(people[group[i]], var) for (i, kk), var in x.items() if kk == k]
        model.add(sum(v for _, v in members) == rules.min_team_size)
        model.add(sum(v for p, v in members if p.force is Force.POLICE) >= rules.police_per_team)
        model.add(sum(v for p, v in members if p.force is Force.MILITIA) >= 1)
        model.add(sum(v for p, v in members if p.can_lead) >= 1)
    cost = []
    for i, j in itertools.combinations(range(len(group)), 2):
        weight = weights.get((group[i], group[j]), 0)
        for k in range(min(teams, i + 1)) if weight else ():
            together = model.new_bool_var(f"pair_{i}_{j}_{k}")
            model.add_bool_or([x[i, k].Not(), x[j, k].Not(), together])
            cost.append(W_PAIR * weight * together)
    noise = rng.integers(0, PAIR_NOISE, len(x)).tolist()
    model.minimize(sum(cost) + cp_model.LinearExpr.weighted_sum(list(x.values()), noise))
    dealt = _deal(problem, group, teams)
    for i, k in ((i, k) for k, team in enumerate(dealt) for i in team):
        for kk in range(min(teams, i + 1)):
            model.add_hint(x[i, kk], kk == k)
    result, found = solver.solve(model)
    if not found:
        return [[group[i] for i in team] for team in dealt]
    return [
        [group[i] for i in range(len(group)) if (i, k) in x and result.boolean_value(x[i, k])]
        for k in range(teams)
    ]


def _deal(problem: _Problem, group: list[int], teams: int) -> list[list[int]]:
    """Deal ``group`` into valid teams by hand: the proof that step 1's counts suffice, and a hint.

    Returns positions in ``group``, teams numbered by their first member.
    """
    people, rules = problem.people, problem.rules
    positions = list(range(len(group)))
    leaders = [i for i in positions if people[group[i]].can_lead][:teams]
    police = [i for i in positions if people[group[i]].force is Force.POLICE and i not in leaders]
    militia = [i for i in positions if people[group[i]].force is Force.MILITIA]
    dealt = [[leader] for leader in leaders]
    for team in dealt:
        team += [police.pop(0) for _ in range(rules.police_per_team - 1)] + [militia.pop(0)]
    left = police + militia
    for team in dealt:
        team += [left.pop(0) for _ in range(rules.min_team_size - len(team))]
    return sorted((sorted(team) for team in dealt), key=lambda team: team[0])


def _leader_first(problem: _Problem, members: list[int]) -> tuple[int, ...]:
    """Order a team: its leader (the first allowed to lead in the people table), police, militia."""
    leader = min(p for p in members if problem.people[p].can_lead)
    rest = sorted(
        (p for p in members if p != leader), key=lambda p: (problem.people[p].force is not Force.POLICE, p)
    )
    return (leader, *rest)


# --- the independent check ---------------------------------------------------------------------


def _coverage_faults(
    teams: Sequence[Team], by_id: Mapping[str, Shift], rules: RosterRules
) -> list[PlanningError]:
    """Every shift has exactly its teams, numbered T1..Tn, and no team is of another shift."""
    faults = []
    count = Counter(team.team_id for team in teams)
    for team_id in (t for t, n in count.items() if n > 1):
        faults.append(PlanningError(f"Tổ {team_id} có hai lần.", f"Team {team_id} appears twice."))
    expected = {f"{sid}-T{k + 1}": shift for sid, shift in by_id.items() for k in range(rules.teams(shift))}
    for sid, shift in by_id.items():
        n = rules.teams(shift)
        for team_id in (f"{sid}-T{k + 1}" for k in range(n)):
            if team_id not in count:
                faults.append(
                    PlanningError(
                        f"{describe_shift(shift, 'vi')} cần {n} tổ; thiếu tổ {team_id}.",
                        f"{describe_shift(shift, 'en')} needs {n} team(s); team {team_id} is missing.",
                    )
                )
    for team in teams:
        if team.team_id not in expected or team.shift_id != expected[team.team_id].shift_id:
            faults.append(
                PlanningError(
                    f"Tổ {team.team_id} (ca {team.shift_id}) không phải là tổ của kế hoạch này.",
                    f"Team {team.team_id} (shift {team.shift_id}) is not a team of this plan.",
                )
            )
    return faults


def _roster_faults(
    teams: Sequence[Team], roster: list[_Person], by_id: Mapping[str, Shift], rules: RosterRules
) -> list[PlanningError]:
    """Check each team of a known shift, then each person's shifts; plain loops, no solver."""
    person = {p.person_id: p for p in roster}
    faults = []
    worked: dict[str, list[tuple[Shift, str]]] = defaultdict(list)
    for team in teams:
        shift = by_id.get(team.shift_id)
        if shift is None:
            continue
        faults += _team_faults(team, shift, person, rules)
        for pid in dict.fromkeys(m for m in team.members if m in person):
            worked[pid].append((shift, team.team_id))
    for pid, shifts in worked.items():
        faults += _person_faults(person[pid], shifts, rules)
    return faults


def _team_faults(
    team: Team, shift: Shift, person: Mapping[str, _Person], rules: RosterRules
) -> list[PlanningError]:
    vi = f"Tổ {team.team_id} ({_lower_first(describe_shift(shift, 'vi'))})"
    en = f"Team {team.team_id} ({describe_shift(shift, 'en')})"
    faults = []
    for pid in (m for m in team.members if m not in person):
        faults.append(
            PlanningError(f"{vi}: không có người mã '{pid}'.", f"{en}: no person has the id '{pid}'.")
        )
    for pid in (m for m, n in Counter(team.members).items() if n > 1 and m in person):
        label = person[pid].label
        faults.append(PlanningError(f"{vi}: {label} có tên hai lần.", f"{en}: {label} is listed twice."))
    known = [person[m] for m in dict.fromkeys(team.members) if m in person]
    given = dict(zip(team.members, team.forces, strict=False))
    for p in known:
        if len(team.forces) != len(team.members) or given[p.person_id] != p.force:
            faults.append(
                PlanningError(
                    f"{vi}: lực lượng của {p.label} không khớp danh sách ({_FORCE_VI[p.force]}).",
                    f"{en}: the force of {p.label} does not match the people table ({_FORCE_EN[p.force]}).",
                )
            )
    size = len(team.members)
    if not rules.min_team_size <= size <= rules.max_team_size:
        faults.append(
            PlanningError(
                f"{vi} có {size} người; mỗi tổ cần từ {rules.min_team_size} đến {rules.max_team_size} người.",
                f"{en} has {size} members; a team needs {rules.min_team_size} to {rules.max_team_size}.",
            )
        )
    police = sum(p.force is Force.POLICE for p in known)
    if police < rules.police_per_team:
        faults.append(
            PlanningError(
                f"{vi} có {police} công an; mỗi tổ cần ít nhất {rules.police_per_team} công an.",
                f"{en} has {police} police officer(s); a team needs at least {rules.police_per_team}.",
            )
        )
    if not any(p.force is Force.MILITIA for p in known):
        faults.append(
            PlanningError(
                f"{vi} không có dân quân; mỗi tổ cần ít nhất 1 dân quân.",
                f"{en} has no militia member; every team needs at least 1.",
            )
        )
    leader = person.get(team.members[0]) if team.members else None
    if leader is not None and not leader.can_lead:
        why_vi, why_en = (
            ("không phải công an", "is not a police officer")
            if leader.force is not Force.POLICE
            else ("không được chỉ huy tổ (cột can_lead)", "is not allowed to lead (can_lead)")
        )
        faults.append(
            PlanningError(
                f"{vi}: tổ trưởng {leader.label} {why_vi}; tổ trưởng phải là công an được chỉ huy tổ.",
                f"{en}: the leader {leader.label} {why_en}; a leader must be a police officer allowed "
                "to lead.",
            )
        )
    for p in known:
        if (why := _why_unavailable(p, shift)) is not None:
            faults.append(
                PlanningError(
                    f"{vi}: {p.label} không sẵn sàng ({why[0]}).",
                    f"{en}: {p.label} is not available ({why[1]}).",
                )
            )
    return faults


def _person_faults(
    person: _Person, worked: list[tuple[Shift, str]], rules: RosterRules
) -> list[PlanningError]:
    faults = []
    ordered = sorted(worked, key=lambda item: (item[0].start, item[1]))
    for (first, t1), (then, t2) in itertools.combinations(ordered, 2):
        d1, d2 = (
            f"tổ {t1} ({_lower_first(describe_shift(first, 'vi'))})",
            f"tổ {t2} ({_lower_first(describe_shift(then, 'vi'))})",
        )
        e1, e2 = f"team {t1} ({describe_shift(first, 'en')})", f"team {t2} ({describe_shift(then, 'en')})"
        gap = (then.start - first.end).total_seconds() / 3600
        if then.start < first.end:
            faults.append(
                PlanningError(
                    f"{person.label} ở hai ca trùng giờ: {d1} và {d2}.",
                    f"{person.label} is in two shifts at once: {e1} and {e2}.",
                )
            )
        elif gap < rules.min_rest_hours:
            faults.append(
                PlanningError(
                    f"{person.label} chỉ được nghỉ {_hours(gap, 'vi')} giờ giữa {d1} và {d2}; cần ít nhất "
                    f"{_hours(rules.min_rest_hours, 'vi')} giờ.",
                    f"{person.label} rests only {_hours(gap, 'en')} hours between {e1} and {e2}; the rest "
                    f"must be at least {_hours(rules.min_rest_hours, 'en')} hours.",
                )
            )
    nights = Counter("{}-W{:02d}".format(*s.start.isocalendar()[:2]) for s, _ in worked if is_night(s))
    for week, count in nights.items():
        if count > rules.max_night_shifts:
            faults.append(
                PlanningError(
                    f"{person.label} trực {count} ca đêm trong tuần {week}; tối đa "
                    f"{rules.max_night_shifts} ca.",
                    f"{person.label} works {count} night shifts in week {week}; at most "
                    f"{rules.max_night_shifts} are allowed.",
                )
            )
    return faults
