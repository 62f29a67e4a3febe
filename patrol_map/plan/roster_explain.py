"""Why no roster exists, in a commander's words: a head count first, then the rule to relax.

:func:`count_shortage`, before any solving, counts for each shift (and each moment when shifts
overlap) the police officers, militia members, leaders and people it needs against those available
(a person who must rest from a shift of another week's plan is not available, and the message says
how many such people there are), and names the first shift and force that are short. When the
counts pass but the solver finds no roster, :func:`diagnose` relaxes one rule at a time (locked
teams, rest, night cap, leaders), then all of them, and names what the first relaxed roster breaks:
which locked team, or which shifts, force and days (and how many of the nights that fill the night
cap lie in other weeks' plans). It knows the rules and their words, not the solver: the caller's
``relax`` solves the relaxed model and reports what it broke as a :class:`Relaxation`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from patrol_map.errors import PlanningError
from patrol_map.model import Force, Shift
from patrol_map.plan.roster_check import (
    FORCE_EN,
    FORCE_VI,
    NIGHT_CAP_DAYS,
    counted,
    hours_text,
    lower_first,
    night_days_text,
    other_nights_text,
)
from patrol_map.plan.shifts import describe_shift

if TYPE_CHECKING:
    from patrol_map.plan.roster import RosterProblem

#: A rule broken by a relaxed roster: the key of each break (person, shifts or week, see
#: :class:`Relaxation`) with how much it breaks the rule by.
Breaks = list[tuple[tuple[int, ...], int]]


@dataclass(frozen=True)
class Relaxation:
    """What the roster found with some rules relaxed breaks.

    Parameters
    ----------
    dropped
        ``(shift, team number)`` of each locked team the roster does not keep.
    broken
        Rule -> its breaks: for ``"rest"`` keys ``(person, first shift, next shift)``, value 1;
        for ``"night"`` keys ``(person, span)`` (a position in ``night_spans``), value the night
        shifts beyond the cap; for ``"leaders"`` keys ``(shift,)``, value the leaders missing.

    """

    dropped: list[tuple[int, int]]
    broken: Mapping[str, Breaks]


def count_shortage(problem: RosterProblem) -> PlanningError | None:
    """Find the first shift, or moment of overlapping shifts, that lacks people by plain counting.

    Parameters
    ----------
    problem
        The roster to make.

    Returns
    -------
    PlanningError or None
        Naming the shift (or the overlapping shifts), what it needs and how many are available:
        police officers, militia members, leaders (with a ``can_lead`` column), then people;
        None when every count passes.

    """
    for s, shift in enumerate(problem.shifts):
        # People locked into this shift or one overlapping it are not free for its other teams.
        taken = set(problem.locked_in(s))
        taken |= {p for a, b in problem.overlaps if s in (a, b) for p in problem.locked_in(a + b - s)}
        free = [p for p in problem.able[s] if p not in taken]
        resting = [p for p in problem.rested[s] if p not in taken]
        error = _count(problem, [shift], free, problem.teams[s] - len(problem.locked.get(s, [])), resting)
        if error is not None:
            return error
        active = [a for a, other in enumerate(problem.shifts) if other.start <= shift.start < other.end]
        if len(active) > 1:
            able = sorted({p for a in active for p in problem.able[a]})
            resting = sorted({p for a in active for p in problem.rested[a]} - set(able))
            teams = sum(problem.teams[a] for a in active)
            error = _count(problem, [problem.shifts[a] for a in active], able, teams, resting)
            if error is not None:
                return error
    return None


def diagnose(problem: RosterProblem, relax: Callable[[frozenset[str]], Relaxation | None]) -> PlanningError:
    """Find the rule whose relaxation lets a roster exist, and say it in a commander's words.

    Parameters
    ----------
    problem
        A roster that the counts allow but that has no solution.
    relax
        Solves the roster with the named rules (``"locks"``, ``"rest"``, ``"night"``,
        ``"leaders"``) allowed to break; returns what the solution breaks, or None when there is
        none.

    Returns
    -------
    PlanningError
        What the first relaxed roster breaks (each rule tried alone, in that order, then all
        together) and what to change; or, when even that fails, that overlapping shifts need more
        people at once than are available.

    """
    rules = ["locks"] if problem.locked else []
    rules += ["rest"] if problem.short_rests else []
    rules += ["night"] if problem.night_spans else []
    rules += ["leaders"] if problem.leaders_restricted else []
    for soft in [*({rule} for rule in rules), set(rules)]:
        relaxed = relax(frozenset(soft))
        if relaxed is not None:
            return _blame(problem, relaxed)
    return PlanningError(
        "Không có lịch nào giữ mọi quy tắc, kể cả khi nới thời gian nghỉ, số ca đêm và tổ trưởng: "
        "các ca trùng giờ cần nhiều người hơn số người sẵn sàng cùng lúc. Hãy bổ sung người hoặc giảm số tổ.",
        "No roster keeps every rule, even with the rest, the night cap and the leaders relaxed: shifts "
        "that overlap need more people at once than are available. Add people or plan fewer teams.",
    )


# --- counting ------------------------------------------------------------------------------------


def _count(
    problem: RosterProblem, shifts: list[Shift], free: list[int], teams: int, resting: list[int]
) -> PlanningError | None:
    """Compare the people ``teams`` need in ``shifts`` with the ``free`` people, force by force.

    ``resting`` are the people left out of ``free`` only for the rest from another week's shift.
    """
    if teams <= 0:
        return None
    people, rules = problem.people, problem.rules
    size = rules.min_team_size
    needs = [
        (rules.police_per_team * teams, Force.POLICE.value, lambda p: people[p].force is Force.POLICE),
        (teams, Force.MILITIA.value, lambda p: people[p].force is Force.MILITIA),
    ]
    if problem.leaders_restricted:
        needs.append((teams, "leader", lambda p: people[p].can_lead))
    needs.append((teams * size, "people", lambda p: True))
    for needed, kind, fits in needs:
        have = sum(map(fits, free))
        if have < needed:
            rest = (sum(map(fits, resting)), rules.min_rest_hours)
            return _short(shifts, needed, have, kind, teams, size, rest)
    return None


def _short(
    shifts: list[Shift],
    needed: int,
    have: int,
    kind: str,
    teams: int,
    size: int,
    resting: tuple[int, float] = (0, 0.0),
) -> PlanningError:
    nouns = {
        "police": ("công an", "police officer", "police officers"),
        "militia": ("dân quân", "militia member", "militia members"),
        "leader": (
            "tổ trưởng (công an được chỉ huy tổ, cột can_lead)",
            "team leader (a police officer marked can_lead)",
            "team leaders (police officers marked can_lead)",
        ),
        "people": (
            f"người ({teams} tổ, mỗi tổ {size})",
            "person",
            f"people ({counted(teams, 'team')} of {size})",
        ),
    }
    noun_vi, one, many = nouns[kind]
    if len(shifts) == 1:
        when_vi, when_en = describe_shift(shifts[0], "vi"), describe_shift(shifts[0], "en")
    else:
        when_vi = "Các ca trùng giờ " + ", ".join(lower_first(describe_shift(s, "vi")) for s in shifts)
        when_en = "The overlapping " + " and ".join(describe_shift(s, "en") for s in shifts)
    have_vi = "không có ai sẵn sàng" if have == 0 else f"chỉ có {have} người sẵn sàng"
    have_en = {0: "none is available", 1: "only 1 is available"}.get(have, f"only {have} are available")
    more, hours = resting
    if more:
        # They are in the table for this day, so the commander must learn why they do not count.
        have_vi += (
            f" (thêm {more} người phải nghỉ đủ {hours_text(hours, 'vi')} so với ca trực trong kế hoạch "
            "tuần khác)"
        )
        have_en += f" ({more} more must rest {hours_text(hours, 'en')} from a shift of another week's plan)"
    return PlanningError(
        f"{when_vi} cần {needed} {noun_vi}; {have_vi}. Hãy bổ sung người sẵn sàng ngày này hoặc giảm số tổ.",
        f"{when_en} {'need' if len(shifts) > 1 else 'needs'} {counted(needed, one, many)}; "
        f"{have_en}. Add people available that day or plan fewer teams.",
    )


# --- blaming a relaxed rule ----------------------------------------------------------------------


def _blame(problem: RosterProblem, relaxed: Relaxation) -> PlanningError:
    messages = []
    if relaxed.dropped:
        messages.append(_blame_locks(problem, relaxed.dropped))
    for rule, blame in (("rest", _blame_rest), ("night", _blame_nights), ("leaders", _blame_leaders)):
        broken = relaxed.broken.get(rule, [])
        if broken:
            messages.append(blame(problem, broken))
    return PlanningError(" ".join(m[0] for m in messages), " ".join(m[1] for m in messages))


def _blame_locks(problem: RosterProblem, dropped: list[tuple[int, int]]) -> tuple[str, str]:
    ids = ", ".join(f"{problem.shifts[s].shift_id}-T{k + 1}" for s, k in sorted(dropped))
    en = (
        f"The locked team {ids} holds people the other teams need; no roster keeps it as it is. "
        "Unlock it or change its members."
        if len(dropped) == 1
        else f"The locked teams {ids} hold people the other teams need; no roster keeps them as they "
        "are. Unlock them or change their members."
    )
    return (
        f"Tổ đã khóa {ids} giữ những người mà các tổ khác cần; không có lịch nào giữ nguyên tổ này. "
        "Hãy mở khóa hoặc đổi người trong tổ.",
        en,
    )


def _blame_rest(problem: RosterProblem, broken: Breaks) -> tuple[str, str]:
    (p, a, b), _ = min(broken, key=lambda item: (item[0][1], item[0][2], item[0][0]))
    first, then = problem.shifts[a], problem.shifts[b]
    force = problem.people[p].force
    hours = problem.rules.min_rest_hours
    gap = (then.start - first.end).total_seconds() / 3600
    more = len(broken) - 1
    more_en = f", and {counted(more, 'more rest')} would be too short" if more else ""
    return (
        f"Không có lịch nào giữ đủ {hours_text(hours, 'vi')} nghỉ giữa hai ca cho mọi người: thiếu "
        f"{FORCE_VI[force]} quanh {lower_first(describe_shift(first, 'vi'))} và "
        f"{lower_first(describe_shift(then, 'vi'))} (một người chỉ được nghỉ {hours_text(gap, 'vi')} "
        f"giữa hai ca này{f', và {more} lần nghỉ quá ngắn khác' if more else ''}). Hãy bổ sung "
        f"{FORCE_VI[force]} sẵn sàng những ngày này, giảm số tổ, hoặc rút ngắn thời gian nghỉ giữa "
        f"hai ca (hiện là {hours_text(hours, 'vi')}).",
        f"No roster keeps {hours_text(hours, 'en')} of rest between shifts for everyone: "
        f"{FORCE_EN[force]}s are too few around {describe_shift(first, 'en')} and "
        f"{describe_shift(then, 'en')} (one would rest only {hours_text(gap, 'en')} between them"
        f"{more_en}). Add {FORCE_EN[force]}s available on those days, plan fewer teams, or shorten "
        f"the rest between shifts (now {hours_text(hours, 'en')}).",
    )


def _blame_nights(problem: RosterProblem, broken: Breaks) -> tuple[str, str]:
    (p, w), extra = min(broken, key=lambda item: (item[0][1], -item[1], item[0][0]))
    force = problem.people[p].force
    cap = problem.rules.max_night_shifts
    span = problem.night_spans[w]
    there = span.elsewhere.get(p, ())
    # The roster fills what other weeks' nights leave of the cap, and ``extra`` more.
    total = max(cap, len(there)) + extra
    last = span.first + timedelta(days=NIGHT_CAP_DAYS - 1)
    start = min(problem.shifts[s].start for s in span.shifts)
    other_vi = f", {other_nights_text(there, start, 'vi')}" if there else ""
    other_en = f", {other_nights_text(there, start, 'en')}" if there else ""
    more = sum(v for _, v in broken) - extra
    more_en = f"; and {counted(more, 'more night shift')} beyond the cap" if more else ""
    return (
        f"Không có lịch nào giữ mỗi người tối đa {cap} ca đêm trong {NIGHT_CAP_DAYS} ngày liền nhau: thiếu "
        f"{FORCE_VI[force]} trực đêm (trong {night_days_text(span.first, last, 'vi')}, một người phải trực "
        f"{total} ca đêm{other_vi}{f'; và {more} ca đêm vượt mức khác' if more else ''}). Hãy bổ sung "
        f"{FORCE_VI[force]} sẵn sàng ban đêm, giảm số tổ ca đêm, hoặc nâng số ca đêm tối đa trong "
        f"{NIGHT_CAP_DAYS} ngày (hiện là {cap}).",
        f"No roster keeps everyone to at most {counted(cap, 'night shift')} in any {NIGHT_CAP_DAYS} days "
        f"in a row: {FORCE_EN[force]}s for the night shifts are too few (in "
        f"{night_days_text(span.first, last, 'en')} one would work {counted(total, 'night shift')}"
        f"{other_en}{more_en}). Add {FORCE_EN[force]}s available at night, plan fewer night teams, or "
        f"raise the most night shifts in {NIGHT_CAP_DAYS} days (now {cap}).",
    )


def _blame_leaders(problem: RosterProblem, broken: Breaks) -> tuple[str, str]:
    (s,), missing = min(broken)
    shift = problem.shifts[s]
    more = sum(v for _, v in broken) - missing
    more_en = f", and {counted(more, 'more team')} in other shifts" if more else ""
    return (
        f"Không có lịch nào cho mỗi tổ một tổ trưởng: {lower_first(describe_shift(shift, 'vi'))} thiếu "
        f"{missing} tổ trưởng (công an được chỉ huy tổ, cột can_lead)"
        f"{f', và {more} tổ ở các ca khác' if more else ''}. Hãy đánh dấu thêm công an được chỉ huy "
        "tổ, bố trí tổ trưởng sẵn sàng những ca này, hoặc giảm số tổ.",
        f"No roster gives every team a leader: {describe_shift(shift, 'en')} lacks "
        f"{counted(missing, 'team leader')} (police officers marked can_lead){more_en}. Mark more "
        "police officers can_lead, make leaders available for those shifts, or plan fewer teams.",
    )
