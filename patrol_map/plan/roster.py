"""Joint teams for a week's shifts: an OR-Tools CP-SAT roster that keeps every rule and shares the load.

The roster is solved in two steps, both CP-SAT models:

1. **Who works when.** One boolean per person and shift the person can work (availability and
   leave). Hard rules: each shift holds ``teams × min_team_size`` people in its teams that are not
   locked, with at least ``police_per_team`` police officers, one militia member and one leader per
   team; nobody in two shifts that overlap; at least ``min_rest_hours`` between two shifts of one
   person, also from the shifts they work in other weeks' plans (``worked``: such a person is not
   available for the shift, as for leave); at most ``max_night_shifts`` night shifts
   (:func:`is_night`) per person in any seven days in a row, the nights they work in other
   weeks' plans counted too (:class:`NightSpan`). The objective is a weighted sum (the ``W_*``
   constants): the sum of squares of the people's loads this week, least when loads are as even as
   the rules allow; police officers beyond the minimum (police are few, the militia fills the
   teams); shifts given to people with many shifts in the last four weeks, so that among rosters as
   even this week the one most even over five weeks wins; and seeded integer noise, smaller than
   one unit of anything else, so that seeds vary rosters.
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

The rest lives beside this module, and the names used elsewhere are imported here too:
:mod:`~patrol_map.plan.roster_people` reads the people table and says who can work which shift,
:mod:`~patrol_map.plan.roster_check` holds :class:`RosterRules`, :func:`is_night` and the
independent :func:`check_roster`, and :mod:`~patrol_map.plan.roster_explain` turns a roster that
does not exist into the commander's message.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial

import numpy as np
import pandas as pd
from ortools.sat.python import cp_model

from patrol_map.errors import PlanningError
from patrol_map.model import Force, Shift, Team
from patrol_map.plan.roster_check import (
    NIGHT_CAP_DAYS,
    RosterRules,
    Worked,
    check_roster,
    counted,
    index_shifts,
    is_night,
    roster_faults,
    validate_rules,
)
from patrol_map.plan.roster_explain import Relaxation, count_shortage, diagnose
from patrol_map.plan.roster_people import Person, people_from_table, person_indices, why_unavailable

__all__ = ["RosterRules", "check_roster", "form_teams", "is_night", "load_report", "load_spread"]

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


@dataclass(frozen=True)
class NightSpan:
    """:data:`NIGHT_CAP_DAYS` days in a row over which the night cap counts.

    Parameters
    ----------
    first
        The first of the days.
    shifts
        The roster's night shifts that start on those days (at least one).
    elsewhere
        Person -> the starts of the night shifts they work in other weeks' plans on those days
        (people with none left out).

    """

    first: date
    shifts: tuple[int, ...]
    elsewhere: Mapping[int, tuple[datetime, ...]]

    def covers(self, other: NightSpan) -> bool:
        """Tell whether the cap over this span implies the cap over ``other``."""
        return set(other.shifts) <= set(self.shifts) and all(
            len(self.elsewhere.get(p, ())) >= len(days) for p, days in other.elsewhere.items()
        )


@dataclass
class RosterProblem:
    """A roster to make: the people, the shifts in time order, and what follows from the rules.

    Parameters
    ----------
    people
        The people, in the order of the table; a person is their index here.
    shifts
        The shifts in time order; a shift is its index here.
    rules
        The rules.
    teams
        Teams per shift.
    locked
        Shift -> ``(team number, member indices)`` of its locked teams.
    recent
        Per person, their shifts in the history.
    able
        Per shift, the people available for it.
    rested
        Per shift, the people available for it by the table but not by the rest from a shift they
        work in another week's plan (``worked`` of :func:`form_teams`); not in ``able``.
    overlaps
        Pairs of shifts that overlap in time.
    short_rests
        Pairs of shifts, not overlapping, with too little rest between them.
    night_spans
        The stretches of days over which the night cap counts, with the nights in them.
    leaders_restricted
        Only some police officers may lead (the table has a ``can_lead`` column).

    """

    people: list[Person]
    shifts: list[Shift]
    rules: RosterRules
    teams: list[int]
    locked: dict[int, list[tuple[int, tuple[int, ...]]]]
    recent: list[int]
    able: list[list[int]]
    rested: list[list[int]]
    overlaps: list[tuple[int, int]]
    short_rests: list[tuple[int, int]]
    night_spans: list[NightSpan]
    leaders_restricted: bool

    def locked_in(self, shift: int) -> list[int]:
        """Return the people locked into teams of ``shift``."""
        return [p for _, members in self.locked.get(shift, []) for p in members]


def form_teams(
    people: pd.DataFrame,
    shifts: Sequence[Shift],
    rules: RosterRules | None = None,
    seed: int = 0,
    *,
    history: Sequence[Sequence[str]] = (),
    locked: Mapping[str, Sequence[str]] | None = None,
    worked: Worked | None = None,
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
    worked
        Person id -> the shifts the person works in the stored plans of other weeks (before or
        after these shifts). A person cannot take a shift that overlaps one of them or lies less
        than ``rules.min_rest_hours`` before or after one: for that shift they count as
        unavailable. Their night shifts count towards the night cap of any seven days in a row.
        Shifts of ``shifts`` themselves do not belong here.
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
    rules = _merge_rules(rules, teams_per_shift, team_size)
    problem = _problem(people, shifts, rules, history, locked, worked or {})
    rng = np.random.default_rng(seed)
    if (shortage := count_shortage(problem)) is not None:
        raise shortage
    solver = _Solver(seed, seconds * STEP1_SHARE)
    staffed = _staff(problem, solver, rng)
    if staffed is None:
        raise diagnose(problem, partial(_relax, problem, solver))
    busy = sum(1 for s, n in enumerate(problem.teams) if n > len(problem.locked.get(s, [])))
    solver = _Solver(seed, seconds * (1 - STEP1_SHARE) / max(busy, 1))
    return _split_all(problem, staffed, _pair_weights(problem, history), solver, rng)


def load_report(
    teams: Sequence[Team],
    people: pd.DataFrame,
    history: Sequence[Sequence[str]] = (),
    *,
    shifts: Sequence[Shift] | None = None,
) -> pd.DataFrame:
    """Count the shifts each person works this week and in the last four weeks.

    Parameters
    ----------
    teams
        The teams of a roster.
    people
        The people table (``person_id``, ``name``, ``force``; with ``shifts``, the columns
        :func:`form_teams` reads too).
    history
        Members of the teams of the last four weeks, as for :func:`form_teams`.
    shifts
        The shifts of the roster. When given, the report also counts the shifts each person can
        work (availability and leave), so that :func:`load_spread` leaves out people away all week.

    Returns
    -------
    pandas.DataFrame
        Columns ``person_id``, ``name``, ``force``, ``shifts`` (in ``teams``) and
        ``recent_shifts`` (in ``history``), and with ``shifts`` given ``available_shifts``; one
        row per person in the order of ``people``; people with no shift count 0.

    Raises
    ------
    PlanningError
        With ``shifts``, if the people table is malformed.

    """
    counts = Counter(member for team in teams for member in team.members)
    recent = Counter(str(member).strip() for members in history for member in members)
    report = people[["person_id", "name", "force"]].copy()
    report["person_id"] = report["person_id"].astype(str).str.strip()
    report["shifts"] = [counts.get(pid, 0) for pid in report["person_id"]]
    report["recent_shifts"] = [recent.get(pid, 0) for pid in report["person_id"]]
    if shifts is not None:
        able = [sum(why_unavailable(p, s) is None for s in shifts) for p in people_from_table(people)]
        report["available_shifts"] = able
    return report.reset_index(drop=True)


def load_spread(report: pd.DataFrame, *, with_recent: bool = False) -> dict[Force, int]:
    """Return the spread of the load within each force: most shifts minus fewest.

    People who can work none of the week's shifts (on leave all week, or available on no day
    or shift of it: ``available_shifts`` is 0) are left out: their load of 0 is no unfairness,
    and counting it would widen the spread by the load of everyone else. A report without the
    ``available_shifts`` column (``load_report`` without ``shifts``) counts everyone.

    Parameters
    ----------
    report
        A table made by :func:`load_report`.
    with_recent
        Count this week's shifts plus those of the last four weeks, not this week's only.

    Returns
    -------
    dict
        Force -> spread, for each force with someone available this week.

    """
    if "available_shifts" in report.columns:
        report = report[report["available_shifts"] > 0]
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
    worked: Worked,
) -> RosterProblem:
    by_id = index_shifts(shifts)
    validate_rules(rules, by_id)
    roster = people_from_table(people)
    ordered = list(by_id.values())
    rest = timedelta(hours=rules.min_rest_hours)
    overlaps, short_rests = [], []
    for a, b in itertools.combinations(range(len(ordered)), 2):
        first, then = ordered[a], ordered[b]  # first starts no later than then
        if then.start < first.end:
            overlaps.append((a, b))
        elif then.start < first.end + rest:
            short_rests.append((a, b))
    recent = Counter(p for members in history for p in person_indices(roster, members))
    elsewhere = {str(pid).strip(): list(other) for pid, other in worked.items()}
    table_able = [[p for p in roster if why_unavailable(p, shift) is None] for shift in ordered]
    rested = [
        [p.index for p in able if _too_close(shift, elsewhere.get(p.person_id, ()), rest)]
        for shift, able in zip(ordered, table_able, strict=True)
    ]
    problem = RosterProblem(
        people=roster,
        shifts=ordered,
        rules=rules,
        teams=[rules.teams(s) for s in ordered],
        locked={},
        recent=[recent.get(p.index, 0) for p in roster],
        able=[
            [p.index for p in able if p.index not in out]
            for able, out in zip(table_able, rested, strict=True)
        ],
        rested=rested,
        overlaps=overlaps,
        short_rests=short_rests,
        night_spans=_night_spans(ordered, roster, elsewhere),
        leaders_restricted="can_lead" in people.columns,
    )
    problem.locked = _read_locked(locked or {}, problem, by_id, worked)
    return problem


def _night_spans(shifts: list[Shift], people: list[Person], elsewhere: Worked) -> list[NightSpan]:
    """Return the spans over which the night cap counts, none implied by another.

    Each span begins on a day a night shift starts (of the roster or of another week's plan):
    any :data:`NIGHT_CAP_DAYS` days in a row hold no more nights than those beginning on their
    first night, so these spans are the only ones to cap.
    """
    nights = [s for s, shift in enumerate(shifts) if is_night(shift)]
    other = {
        p.index: starts
        for p in people
        if (starts := tuple(sorted(s.start for s in elsewhere.get(p.person_id, ()) if is_night(s))))
    }
    reach = timedelta(days=NIGHT_CAP_DAYS - 1)
    spans = []
    days = {shifts[s].start.date() for s in nights} | {t.date() for starts in other.values() for t in starts}
    for first in sorted(days):
        inside = tuple(s for s in nights if first <= shifts[s].start.date() <= first + reach)
        there = {p: tuple(t for t in ts if first <= t.date() <= first + reach) for p, ts in other.items()}
        if inside:
            spans.append(NightSpan(first, inside, {p: ts for p, ts in there.items() if ts}))
    return [
        span
        for i, span in enumerate(spans)
        if not any(o.covers(span) and (j < i or not span.covers(o)) for j, o in enumerate(spans) if j != i)
    ]


def _too_close(shift: Shift, others: Sequence[Shift], rest: timedelta) -> bool:
    """Tell whether ``shift`` overlaps one of ``others`` or lies less than ``rest`` before or after one."""
    return any(shift.start < other.end + rest and other.start < shift.end + rest for other in others)


def _read_locked(
    locked: Mapping[str, Sequence[str]],
    problem: RosterProblem,
    by_id: Mapping[str, Shift],
    worked: Worked,
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
    faults = roster_faults(teams, problem.people, by_id, problem.rules, worked)
    if faults:
        more_vi = f" (và {len(faults) - 1} lỗi khác)" if len(faults) > 1 else ""
        more_en = f" (and {counted(len(faults) - 1, 'more fault')})" if len(faults) > 1 else ""
        raise PlanningError(
            f"Tổ đã khóa phạm quy tắc: {faults[0].vi}{more_vi}",
            f"A locked team breaks a rule: {faults[0].en}{more_en}",
        )
    index = {p.person_id: p.index for p in problem.people}
    result: dict[int, list[tuple[int, tuple[int, ...]]]] = defaultdict(list)
    for team in teams:
        slot = int(team.team_id.rpartition("-T")[2]) - 1
        result[number[team.shift_id]].append((slot, tuple(index[m] for m in team.members)))
    return {s: sorted(result[s]) for s in sorted(result)}


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


def _staffing(problem: RosterProblem, soft: frozenset[str]) -> _Staffing:
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


def _staff_shifts(problem: RosterProblem, built: _Staffing) -> None:
    """Each shift's planned teams get their size, police, militia and leaders."""
    rules = problem.rules
    for s, teams in enumerate(problem.teams):
        planned = teams - sum(built.keep[s, k] for k, _ in problem.locked.get(s, []))
        here = [(problem.people[p], built.work[p, s]) for p in problem.able[s] if (p, s) in built.work]
        built.model.add(sum(var for _, var in here) == rules.min_team_size * planned)
        built.model.add(sum(v for p, v in here if p.force is Force.POLICE) >= rules.police_per_team * planned)
        built.model.add(sum(v for p, v in here if p.force is Force.MILITIA) >= planned)
        if problem.leaders_restricted:
            leaders = cp_model.LinearExpr.sum([v for p, v in here if p.can_lead])
            if "leaders" in built.slack:
                missing = built.model.new_int_var(0, teams, f"leaderless_{s}")
                built.slack["leaders"].append(((s,), missing))
                leaders += missing
            built.model.add(leaders >= planned)


def _separate_shifts(problem: RosterProblem, built: _Staffing) -> None:
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


def _cap_nights(problem: RosterProblem, built: _Staffing) -> None:
    """At most the cap of night shifts in each span, less the nights worked in other weeks' plans."""
    cap = problem.rules.max_night_shifts
    for w, span in enumerate(problem.night_spans):
        for p, terms in built.presence.items():
            nights = [t for s in span.shifts if s in terms for t in terms[s]]
            # Nights of other weeks beyond the cap are not this roster's to undo; it adds none.
            room = max(cap - len(span.elsewhere.get(p, ())), 0)
            if len(nights) <= room:
                continue
            total = cp_model.LinearExpr.sum(nights)
            if "night" in built.slack:
                extra = built.model.new_int_var(0, len(nights), f"extra_nights_{p}_{w}")
                built.slack["night"].append(((p, w), extra))
                total -= extra
            built.model.add(total <= room)


def _staff(problem: RosterProblem, solver: _Solver, rng: np.random.Generator) -> list[list[int]] | None:
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
            f"second{'' if solver.seconds == 1 else 's'}); allow more time or plan fewer teams.",
        )
    if not found:
        return None
    return [
        [p for p in problem.able[s] if (p, s) in work and result.boolean_value(work[p, s])]
        for s in range(len(problem.shifts))
    ]


def _relax(problem: RosterProblem, solver: _Solver, soft: frozenset[str]) -> Relaxation | None:
    """Solve step 1 with the rules in ``soft`` allowed to break; say what the roster found breaks."""
    built = _staffing(problem, soft)
    result, found = solver.solve(built.model)
    if not found:
        return None
    dropped = [key for key, var in built.keep.items() if not isinstance(var, int) and not result.value(var)]
    broken = {
        rule: [(key, result.value(var)) for key, var in pairs if result.value(var)]
        for rule, pairs in built.slack.items()
    }
    return Relaxation(dropped, broken)


def _square(model: cp_model.CpModel, load: cp_model.LinearExprT, most: int) -> cp_model.IntVar:
    """Return a variable at least ``load²`` for an integer load in ``[0, most]``, tight at integers.

    It lies above each chord of k² between k and k + 1, so the LP relaxation is the convex hull
    and the solver proves a fair load optimal at once (max − min as objective: not in 20 s).
    """
    square = model.new_int_var(0, most * most, "square")
    for k in range(most):
        model.add(square >= (2 * k + 1) * load - k * (k + 1))
    return square


# --- step 2: who patrols with whom -------------------------------------------------------------


def _pair_weights(problem: RosterProblem, history: Sequence[Sequence[str]]) -> Counter[tuple[int, int]]:
    """Weigh each pair of people by their pairings in ``history``: newer pairings weigh more."""
    weights: Counter[tuple[int, int]] = Counter()
    for position, members in enumerate(history):
        recency = 1 + 4 * position // len(history)  # 1 in the oldest quarter ... 4 in the newest
        for pair in itertools.combinations(person_indices(problem.people, members), 2):
            weights[pair] += recency
    return weights


def _split_all(
    problem: RosterProblem,
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
    problem: RosterProblem,
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


def _deal(problem: RosterProblem, group: list[int], teams: int) -> list[list[int]]:
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


def _leader_first(problem: RosterProblem, members: list[int]) -> tuple[int, ...]:
    """Order a team: its leader (the first allowed to lead in the people table), police, militia."""
    leader = min(p for p in members if problem.people[p].can_lead)
    rest = sorted(
        (p for p in members if p != leader), key=lambda p: (problem.people[p].force is not Force.POLICE, p)
    )
    return (leader, *rest)
