"""The rules of a roster, and :func:`check_roster`, which checks a roster against them without a solver.

:class:`RosterRules` holds the rules (teams per shift, team size, police per team, rest between
shifts, night shifts in any 7 days in a row); :func:`is_night` says which shifts the night cap counts.
:func:`check_roster` lists every fault of a roster in plain loops, independent of the CP-SAT model
of :mod:`patrol_map.plan.roster`, so that each checks the other; :func:`roster_faults` is also how
a commander's locked teams are checked. The wording helpers at the end are shared by the messages
of the roster modules.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import pandas as pd

from patrol_map.errors import PlanningError
from patrol_map.model import Force, Shift, Team
from patrol_map.plan.roster_people import Person, people_from_table, why_unavailable
from patrol_map.plan.shifts import WEEKDAYS_EN, WEEKDAYS_VI, describe_shift

#: A shift that overlaps these local hours on any day is a night shift ...
NIGHT_HOURS = (time(0, 0), time(4, 0))
#: ... and so is one that starts at this hour or later.
NIGHT_START = time(22, 0)

#: The night cap counts the night shifts a person works in any this many days in a row.
NIGHT_CAP_DAYS = 7

#: A person's force in messages.
FORCE_VI = {Force.POLICE: "công an", Force.MILITIA: "dân quân"}
FORCE_EN = {Force.POLICE: "police officer", Force.MILITIA: "militia member"}


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
        Most night shifts (:func:`is_night`) per person in any :data:`NIGHT_CAP_DAYS` days in a
        row, counted by the day each shift starts, the nights of other weeks' plans included.
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


#: The shifts people work in other weeks' plans: person id -> their shifts (see :func:`check_roster`).
Worked = Mapping[str, Sequence[Shift]]


def check_roster(
    teams: Sequence[Team],
    people: pd.DataFrame,
    shifts: Sequence[Shift],
    rules: RosterRules,
    *,
    worked: Worked | None = None,
) -> list[PlanningError]:
    """List every rule a roster breaks; plain Python, independent of the solver.

    Parameters
    ----------
    teams
        The roster to check.
    people
        The people table, as for :func:`patrol_map.plan.roster.form_teams`.
    shifts
        The shifts the roster is for.
    rules
        The rules it must keep.
    worked
        Person id -> the shifts the person works in the stored plans of other weeks, before or
        after the roster's: a shift of the roster must not overlap one of them nor come less
        than ``rules.min_rest_hours`` before or after one, and their night shifts count towards
        the night cap of any :data:`NIGHT_CAP_DAYS` days in a row.

    Returns
    -------
    list of PlanningError
        One per fault, naming the team, shift and person: teams missing or not of the plan,
        size, police, militia, leader, availability and leave, two shifts at once, rest, night
        shifts (also against ``worked``). Empty when the roster keeps every rule.

    Raises
    ------
    PlanningError
        If the rules or the people table are malformed.

    """
    by_id = index_shifts(shifts)
    validate_rules(rules, by_id)
    roster = people_from_table(people)
    return _coverage_faults(teams, by_id, rules) + roster_faults(teams, roster, by_id, rules, worked)


def index_shifts(shifts: Sequence[Shift]) -> dict[str, Shift]:
    """Index shifts by id, in time order (start, end, name).

    Raises
    ------
    PlanningError
        If a shift is listed twice.

    """
    ordered = sorted(shifts, key=lambda s: (s.start, s.end, s.name))
    by_id: dict[str, Shift] = {}
    for shift in ordered:
        if shift.shift_id in by_id:
            raise PlanningError(
                f"Ca {shift.shift_id} có hai lần.", f"Shift {shift.shift_id} is listed twice."
            )
        by_id[shift.shift_id] = shift
    return by_id


def validate_rules(rules: RosterRules, shifts: Mapping[str, Shift]) -> None:
    """Refuse rules no roster can keep by construction, or that name a shift not in ``shifts``.

    Raises
    ------
    PlanningError
        For a negative count, rest or night cap, ``teams_by_shift`` naming an unknown shift, or
        team sizes that cannot hold the police and the militia member a team needs.

    """
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
            f"{counted(rules.police_per_team, 'police officer')} and at least 1 militia member; every "
            "team needs at least 1 of each, and the least size cannot exceed the largest.",
        )
    if rules.min_rest_hours < 0:
        raise PlanningError(
            "Thời gian nghỉ giữa hai ca không được âm.", "The rest between shifts cannot be negative."
        )
    if rules.max_night_shifts < 0:
        raise PlanningError(
            f"Số ca đêm tối đa trong {NIGHT_CAP_DAYS} ngày liền nhau không được âm.",
            f"The most night shifts in {NIGHT_CAP_DAYS} days in a row cannot be negative.",
        )


def roster_faults(
    teams: Sequence[Team],
    people: list[Person],
    by_id: Mapping[str, Shift],
    rules: RosterRules,
    worked: Worked | None = None,
) -> list[PlanningError]:
    """Check each team of a known shift, then each person's shifts; plain loops, no solver.

    Parameters
    ----------
    teams
        The teams to check; teams of shifts not in ``by_id`` are left out.
    people
        The people, from :func:`patrol_map.plan.roster_people.people_from_table`.
    by_id
        The shifts by id, from :func:`index_shifts`.
    rules
        The rules.
    worked
        The shifts people work in other weeks' plans, as for :func:`check_roster`.

    Returns
    -------
    list of PlanningError
        Each fault of a team (members, size, forces, leader, availability), then of a person
        (two shifts at once, rest; then two shifts at once and rest against ``worked``; then
        night shifts, those of ``worked`` counted too).

    """
    person = {p.person_id: p for p in people}
    faults = []
    mine: dict[str, list[tuple[Shift, str]]] = defaultdict(list)
    for team in teams:
        shift = by_id.get(team.shift_id)
        if shift is None:
            continue
        faults += _team_faults(team, shift, person, rules)
        for pid in dict.fromkeys(m for m in team.members if m in person):
            mine[pid].append((shift, team.team_id))
    for pid, shifts in mine.items():
        faults += _person_faults(person[pid], shifts, rules)
    for pid, shifts in mine.items():
        other = (worked or {}).get(pid, ())
        faults += _other_week_faults(person[pid], shifts, other, rules) if other else []
    for pid, shifts in mine.items():
        faults += _night_faults(person[pid], [s for s, _ in shifts], (worked or {}).get(pid, ()), rules)
    return faults


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
                        f"{describe_shift(shift, 'en')} needs {counted(n, 'team')}; team {team_id} is "
                        "missing.",
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


def _team_faults(
    team: Team, shift: Shift, person: Mapping[str, Person], rules: RosterRules
) -> list[PlanningError]:
    vi = f"Tổ {team.team_id} ({lower_first(describe_shift(shift, 'vi'))})"
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
                    f"{vi}: lực lượng của {p.label} không khớp danh sách ({FORCE_VI[p.force]}).",
                    f"{en}: the force of {p.label} does not match the people table ({FORCE_EN[p.force]}).",
                )
            )
    size = len(team.members)
    if not rules.min_team_size <= size <= rules.max_team_size:
        faults.append(
            PlanningError(
                f"{vi} có {size} người; mỗi tổ cần từ {rules.min_team_size} đến {rules.max_team_size} người.",
                f"{en} has {counted(size, 'member')}; a team needs {rules.min_team_size} to "
                f"{rules.max_team_size}.",
            )
        )
    police = sum(p.force is Force.POLICE for p in known)
    if police < rules.police_per_team:
        faults.append(
            PlanningError(
                f"{vi} có {police} công an; mỗi tổ cần ít nhất {rules.police_per_team} công an.",
                f"{en} has {counted(police, 'police officer')}; a team needs at least "
                f"{rules.police_per_team}.",
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
        if (why := why_unavailable(p, shift)) is not None:
            faults.append(
                PlanningError(
                    f"{vi}: {p.label} không sẵn sàng ({why[0]}).",
                    f"{en}: {p.label} is not available ({why[1]}).",
                )
            )
    return faults


def _person_faults(
    person: Person, worked: list[tuple[Shift, str]], rules: RosterRules
) -> list[PlanningError]:
    faults = []
    ordered = sorted(worked, key=lambda item: (item[0].start, item[1]))
    for (first, t1), (then, t2) in itertools.combinations(ordered, 2):
        d1, d2 = (
            f"tổ {t1} ({lower_first(describe_shift(first, 'vi'))})",
            f"tổ {t2} ({lower_first(describe_shift(then, 'vi'))})",
        )
        e1, e2 = f"team {t1} ({describe_shift(first, 'en')})", f"team {t2} ({describe_shift(then, 'en')})"
        gap = (then.start - first.end).total_seconds() / 3600
        if then.start < first.end:
            faults.append(_overlap_fault(person, (d1, e1), (d2, e2)))
        elif gap < rules.min_rest_hours:
            faults.append(_rest_fault(person, gap, (d1, e1), (d2, e2), rules))
    return faults


def _other_week_faults(
    person: Person, shifts: list[tuple[Shift, str]], other: Sequence[Shift], rules: RosterRules
) -> list[PlanningError]:
    """Check a person's shifts of the roster against those they work in other weeks' plans."""
    faults = []
    ordered = sorted(shifts, key=lambda item: (item[0].start, item[1]))
    for (shift, team_id), planned in itertools.product(ordered, sorted(other, key=lambda s: s.start)):
        this_vi = f"tổ {team_id} ({lower_first(describe_shift(shift, 'vi'))})"
        this_en = f"team {team_id} ({describe_shift(shift, 'en')})"
        that_vi = f"{lower_first(describe_shift(planned, 'vi'))} (kế hoạch tuần khác)"
        that_en = f"{describe_shift(planned, 'en')} (another week's plan)"
        if shift.start < planned.end and planned.start < shift.end:
            faults.append(_overlap_fault(person, (this_vi, this_en), (that_vi, that_en)))
            continue
        if planned.end <= shift.start:
            gap = (shift.start - planned.end).total_seconds() / 3600
            earlier, later = (that_vi, that_en), (this_vi, this_en)
        else:
            gap = (planned.start - shift.end).total_seconds() / 3600
            earlier, later = (this_vi, this_en), (that_vi, that_en)
        if gap < rules.min_rest_hours:
            faults.append(_rest_fault(person, gap, earlier, later, rules))
    return faults


def _night_faults(
    person: Person, shifts: Sequence[Shift], other: Sequence[Shift], rules: RosterRules
) -> list[PlanningError]:
    """Check the night cap in every :data:`NIGHT_CAP_DAYS` days in a row holding a night of ``shifts``.

    A night shift counts on the day it starts; the nights of ``other`` (other weeks' plans) count
    too, but days holding none of ``shifts``' nights are not this roster's to answer for. Of
    overlapping stretches of days that break the cap, the one with the most nights (the earliest
    of those) is named, each stretch beginning with a night.
    """
    ours = sorted(s.start for s in shifts if is_night(s))
    theirs = sorted(s.start for s in other if is_night(s))
    cap, span = rules.max_night_shifts, timedelta(days=NIGHT_CAP_DAYS - 1)
    broken = []
    for first in sorted({t.date() for t in ours + theirs}):
        here = [t for t in ours if first <= t.date() <= first + span]
        there = [t for t in theirs if first <= t.date() <= first + span]
        if here and len(here) + len(there) > cap:
            broken.append((first, here, there))
    faults: list = []
    group: list = []
    for item in [*broken, None]:
        if group and (item is None or item[0] > group[0][0] + span):
            first, here, there = max(group, key=lambda g: (len(g[1]) + len(g[2]), -g[0].toordinal()))
            faults.append(_night_fault(person, first, len(here), there, here[0], cap))
            group = []
        if item is not None:
            group.append(item)
    return faults


def _night_fault(
    person: Person, first: date, count: int, there: list[datetime], start: datetime, cap: int
) -> PlanningError:
    """Return the fault of ``count`` nights of the roster, the first on ``start``, and ``there``'s."""
    last = first + timedelta(days=NIGHT_CAP_DAYS - 1)
    total = count + len(there)
    days_vi, days_en = night_days_text(first, last, "vi"), night_days_text(first, last, "en")
    if there:
        days_vi += f" ({other_nights_text(there, start, 'vi')})"
        days_en += f" ({other_nights_text(there, start, 'en')})"
    return PlanningError(
        f"{person.label} trực {total} ca đêm trong {days_vi}; tối đa {cap} ca.",
        f"{person.label} works {counted(total, 'night shift')} in {days_en}; at most {cap} "
        f"{'is' if cap == 1 else 'are'} allowed.",
    )


def _overlap_fault(person: Person, one: tuple[str, str], other: tuple[str, str]) -> PlanningError:
    """Return the fault of a person in two shifts at once (each shift named in Vietnamese, English)."""
    return PlanningError(
        f"{person.label} ở hai ca trùng giờ: {one[0]} và {other[0]}.",
        f"{person.label} is in two shifts at once: {one[1]} and {other[1]}.",
    )


def _rest_fault(
    person: Person, gap: float, earlier: tuple[str, str], later: tuple[str, str], rules: RosterRules
) -> PlanningError:
    """Return the fault of a person resting only ``gap`` hours between two shifts."""
    return PlanningError(
        f"{person.label} chỉ được nghỉ {hours_text(gap, 'vi')} giữa {earlier[0]} và {later[0]}; cần ít nhất "
        f"{hours_text(rules.min_rest_hours, 'vi')}.",
        f"{person.label} rests only {hours_text(gap, 'en')} between {earlier[1]} and {later[1]}; the rest "
        f"must be at least {hours_text(rules.min_rest_hours, 'en')}.",
    )


# --- wording of the roster's messages -----------------------------------------------------------


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """Write a number of things in English, the noun agreeing: ``1 team``, ``0 teams``, ``2 teams``.

    Parameters
    ----------
    number
        How many.
    noun
        The noun in the singular.
    plural
        The noun in the plural when it is not ``noun + "s"`` (``people``).

    Returns
    -------
    str
        The number and the noun.

    """
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def hours_text(value: float, lang: str) -> str:
    """Write a duration in hours: ``8 giờ``/``8 hours``, ``1 hour``, ``1,5 giờ``/``1.5 hours``."""
    number = f"{value:.1f}".removesuffix(".0")
    if lang == "vi":
        return f"{number.replace('.', ',')} giờ"
    return f"{number} hour{'' if number == '1' else 's'}"


def night_days_text(first: date, last: date, lang: str) -> str:
    """Name the days the night cap counts: ``7 ngày từ thứ Sáu 20/11 đến thứ Năm 26/11``."""
    days = (last - first).days + 1
    if lang == "vi":
        return f"{days} ngày từ {_day_vi(first)} đến {_day_vi(last)}"
    return f"the {days} days from {_day_en(first)} to {_day_en(last)}"


def _day_vi(day: date) -> str:
    return f"{WEEKDAYS_VI[day.weekday()]} {day:%d/%m}"


def _day_en(day: date) -> str:
    return f"{WEEKDAYS_EN[day.weekday()]} {day:%d/%m}"


def other_nights_text(nights: Sequence[datetime], start: datetime, lang: str) -> str:
    """Say how many counted nights (their starts) lie in other weeks' plans: before ``start`` or after.

    Empty when there are none; else ``3 of them in the plans of earlier weeks`` and the like.
    """
    before = sum(d < start for d in nights)
    after = len(nights) - before
    if lang == "vi":
        parts = [f"{before} ca trong kế hoạch các tuần trước"] if before else []
        parts += [f"{after} ca trong kế hoạch các tuần sau"] if after else []
        return ", ".join(parts)
    if before and after:
        return f"{before} of them in the plans of earlier weeks and {after} in those of later weeks"
    return f"{len(nights)} of them in the plans of {'earlier' if before else 'later'} weeks" if nights else ""


def lower_first(text: str) -> str:
    """Lower the first letter, for a shift described inside a sentence (``ca tối thứ Ba 24/11``)."""
    return text[:1].lower() + text[1:]
