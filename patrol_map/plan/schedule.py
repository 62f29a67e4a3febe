"""The week: shifts -> joint teams -> a circuit per team (a plan to store with :mod:`patrol_map.plan.store`).

:func:`plan_week` forms the week's teams (:mod:`patrol_map.plan.roster`), checks them again with
the independent checker, and plans each shift's circuits (:mod:`patrol_map.plan.circuits`);
:func:`replan` plans a stored week again with its stored settings and new edits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

import geopandas as gpd
import pandas as pd

from patrol_map.coverage.week import MissedPlace, missed_places
from patrol_map.errors import PlanningError
from patrol_map.model import VIETNAM_TZ, Shift, Team
from patrol_map.plan.circuits import MODES, patrol_row, plan_shift, shift_seed, week_context
from patrol_map.plan.edits import Edits
from patrol_map.plan.roster import RosterRules, check_roster, form_teams, is_night
from patrol_map.plan.roster_check import NIGHT_CAP_DAYS
from patrol_map.plan.settings import DEFAULT_STOP_MINUTES, PlanSettings
from patrol_map.plan.shifts import DEFAULT_SHIFTS, ShiftTemplate, iso_week, parse_week, week_of, week_shifts
from patrol_map.plan.spread import DEFAULT_UNPREDICTABILITY, earlier_weeks, predictability, visits
from patrol_map.plan.store import WeeklyPlan, stored_patrols
from patrol_map.workspace import Workspace

__all__ = ["DEFAULT_STOP_MINUTES", "MODES", "WeeklyPlan", "plan_week", "plan_with", "replan"]


def plan_week(
    ws: Workspace,
    week: str,
    seed: int = 0,
    shifts: list[str] | None = None,
    teams_per_shift: int = 2,
    team_size: int | tuple[int, int] = (3, 5),
    stop_minutes: float = DEFAULT_STOP_MINUTES,
    mode: str = "moto",
    *,
    unpredictability: float = DEFAULT_UNPREDICTABILITY,
    edits: Edits | None = None,
    carry_missed: bool = True,
    kept: Mapping[str, pd.DataFrame] | None = None,
    shift_times: Sequence[ShiftTemplate] = DEFAULT_SHIFTS,
) -> WeeklyPlan:
    """Plan a week of joint patrols from the workspace's data.

    Parameters
    ----------
    ws
        A workspace with commune, roads, places, incidents and people.
    week
        ISO week, e.g. ``"2026-W48"``.
    seed
        The same inputs and seed give the same plan.
    shifts
        Shift names to plan (``morning``, ``evening``, ``night``); all by default.
    teams_per_shift
        Teams in each shift.
    team_size
        People in each team, or the least and most (at least one police officer and one militia
        member in every team).
    stop_minutes
        Length of each stop, minutes (10–15 recommended).
    mode
        ``moto`` (motorbike) or ``foot``.
    unpredictability
        From 0 (always the riskiest places) to 1 (places drawn in proportion to their risk, and
        last weeks' visits avoided); see :mod:`patrol_map.plan.spread`.
    edits
        The commander's changes to keep (locked teams and stops, moved people, removed stops).
    carry_missed
        Give the places the previous week's tracks and check-ins show missed (and no other
        patrol covered) more weight in the routes (:data:`patrol_map.plan.circuits.MISSED_WEIGHT`);
        each patrol's ``carried`` lists its stops that are there for it.
    kept
        Shift id -> that shift's rows of a stored plan whose circuits stay as they are (an edit
        that does not touch the shift, :func:`replan`); the shift's teams are formed again and
        put on them. Every other shift is planned.
    shift_times
        When each shift starts and how long it lasts (the commune's settings,
        :func:`patrol_map.plan.shifts.shift_times`).

    Returns
    -------
    WeeklyPlan
        ``patrols`` has one row per team and shift: ``patrol_id``, ``week``, ``shift_id``,
        ``shift_name``, ``shift_start``, ``shift_end`` (ISO), ``team_id``, ``members``,
        ``names`` and ``forces`` (lists, leader first), ``depart_time`` (local ISO time the
        team leaves the base), ``stops``, ``stop_names``, ``stop_times`` (local ISO time each
        stop begins), ``stop_xy`` (the road point of each stop, workspace CRS) and ``stop_risks``
        (each stop's risk in the shift) as lists,
        ``carried`` (its stops near a place missed the week before), ``stop_minutes``,
        ``length_m``, ``duration_s``, ``risk`` (true risk of its stops),
        ``shift_risk`` (risk of all stops of the shift) and the circuit as a LineString; the
        plan's ``settings`` are those given (:class:`~patrol_map.plan.settings.PlanSettings`).

    Raises
    ------
    PlanningError
        When no roster or no circuits keep every rule, saying why.

    """
    if mode not in MODES:
        msg = f"mode must be one of {sorted(MODES)}"
        raise ValueError(msg)
    if seed < 0:
        raise PlanningError(
            f"Số ngẫu nhiên (seed) phải ≥ 0, không phải {seed}.", f"The seed must be ≥ 0, not {seed}."
        )
    if not 0 <= unpredictability <= 1:
        raise PlanningError(
            f"Mức khó đoán phải từ 0 đến 1, không phải {unpredictability}.",
            f"Unpredictability must lie between 0 and 1, not {unpredictability}.",
        )
    edits = edits or Edits()
    week = iso_week(week)
    monday = parse_week(week)
    week_list = week_shifts(week, shifts, shift_times)
    plans = stored_patrols(ws)
    earlier = earlier_weeks(plans, monday)
    people = ws.read("people")
    smallest, largest = (team_size, team_size) if isinstance(team_size, int) else team_size
    rules = RosterRules(teams_per_shift=teams_per_shift, min_team_size=smallest, max_team_size=largest)
    _check_edits_apply(edits, week_list, teams_per_shift)
    history = [tuple(members) for members in earlier["members"]] if len(earlier) else []
    worked = _worked(plans, week, week_list, rules.min_rest_hours)
    teams = form_teams(
        people, week_list, rules, seed=seed, history=history, locked=edits.members, worked=worked
    )
    _check_teams(teams, people, week_list, rules, worked)
    missed = _missed_last_week(ws, plans, monday) if carry_missed else []
    context = week_context(
        ws, monday, stop_minutes * 60, MODES[mode], unpredictability, visits(earlier), missed
    )
    names = dict(zip(people["person_id"], people["name"], strict=True))
    rows, unreachable = [], set(context.off_road)
    for shift in week_list:
        shift_teams = [t for t in teams if t.shift_id == shift.shift_id]
        stored = (kept or {}).get(shift.shift_id)
        if stored is not None and len(stored) == len(shift_teams):
            rows += [
                _with_team(row, team, names)
                for row, team in zip(stored.to_dict("records"), shift_teams, strict=True)
            ]
            continue
        circuits, demand, lost = plan_shift(context, shift, shift_teams, edits, shift_seed(seed, shift))
        unreachable.update(f"{context.stop_names[p]} ({p})" for p in lost)
        rows += [
            patrol_row(context, week, shift, team, circuit, names, demand)
            for team, circuit in zip(shift_teams, circuits, strict=True)
        ]
    patrols = gpd.GeoDataFrame(rows, geometry="geometry", crs=ws.crs)
    settings = PlanSettings(
        seed=seed,
        shifts=tuple(shifts) if shifts is not None else None,
        teams_per_shift=teams_per_shift,
        team_size=(smallest, largest),
        stop_minutes=stop_minutes,
        mode=mode,
        unpredictability=unpredictability,
        carry_missed=carry_missed,
        shift_times=tuple(shift_times),
    )
    return WeeklyPlan(week, patrols, sorted(unreachable), edits, predictability(patrols, earlier), settings)


def _missed_last_week(ws: Workspace, plans: pd.DataFrame | None, monday: date) -> list[MissedPlace]:
    """Return the places the week before ``monday`` missed (none without its plan)."""
    if plans is None:
        return []
    before = week_of(monday - timedelta(days=7))
    patrols = plans[plans["week"] == before]
    return missed_places(ws, patrols) if len(patrols) else []


def _check_edits_apply(edits: Edits, shifts: list[Shift], teams_per_shift: int) -> None:
    """Refuse edits that name a team or a shift this plan will not have (never drop them silently)."""
    shift_ids = {shift.shift_id for shift in shifts}
    team_ids = {f"{sid}-T{k + 1}" for sid in shift_ids for k in range(teams_per_shift)}
    lost = sorted((set(edits.members) | set(edits.stops)) - team_ids) + sorted(set(edits.removed) - shift_ids)
    if lost:
        raise PlanningError(
            f"Các chỉnh sửa đã lưu nói tới {', '.join(lost)}, nhưng kế hoạch này không có (số tổ mỗi ca "
            f"là {teams_per_shift}, hoặc ca đó không được chọn); hãy bỏ các chỉnh sửa đó hoặc lập lại "
            "với số tổ và các ca như trước.",
            f"The stored edits name {', '.join(lost)}, which this plan does not have ({teams_per_shift} "
            "teams per shift, or that shift is not chosen); drop those edits or plan again with the "
            "earlier teams and shifts.",
        )


def _worked(
    plans: pd.DataFrame | None, week: str, shifts: list[Shift], rest_hours: float
) -> dict[str, list[Shift]]:
    """Return, per person, their shifts in the stored plans of other weeks, before or after ``week``.

    Only shifts that end less than the rest before the first of ``shifts`` or begin less than the
    rest after the last can break the rest rule (the Sunday night before, the Monday morning after),
    and only night shifts within the night cap's days of ``shifts`` count towards it; the others
    are left out. The week's own stored plan is the one being made again: left out too.
    """
    if plans is None or plans.empty or not shifts:
        return {}
    rest = timedelta(hours=rest_hours)
    first, last = min(s.start for s in shifts) - rest, max(s.end for s in shifts) + rest
    reach = timedelta(days=NIGHT_CAP_DAYS - 1)
    nights_from = min(s.start.date() for s in shifts) - reach
    nights_to = max(s.start.date() for s in shifts) + reach
    worked: dict[str, list[Shift]] = defaultdict(list)
    other = plans[plans["week"] != week]
    for name, start, end, members in zip(
        other["shift_name"], other["shift_start"], other["shift_end"], other["members"], strict=True
    ):
        shift = Shift(str(name), _local_time(start), _local_time(end))
        near_night = is_night(shift) and nights_from <= shift.start.date() <= nights_to
        if (shift.end > first and shift.start < last) or near_night:
            for person in dict.fromkeys(str(m).strip() for m in members):
                worked[person].append(shift)
    return dict(worked)


def _local_time(text: object) -> datetime:
    """Read a stored shift time (``2026-11-22T23:00+07:00``) as the naive local time shifts use."""
    moment = datetime.fromisoformat(str(text))
    return moment.astimezone(VIETNAM_TZ).replace(tzinfo=None) if moment.tzinfo else moment


def _check_teams(
    teams: list[Team],
    people: pd.DataFrame,
    shifts: list[Shift],
    rules: RosterRules,
    worked: dict[str, list[Shift]],
) -> None:
    """Check the roster again with the independent checker: a fault here is a bug, never kept silent."""
    faults = check_roster(teams, people, shifts, rules, worked=worked)
    if faults:
        more_vi = f" (và {len(faults) - 1} lỗi khác)" if len(faults) > 1 else ""
        more_en = f" (and {len(faults) - 1} more)" if len(faults) > 1 else ""
        raise PlanningError(
            f"Lỗi của chương trình: lịch trực vừa lập phạm quy tắc: {faults[0].vi}{more_vi} "
            "Hãy báo lỗi này cho người phát triển.",
            f"A bug in the planner: the roster it formed breaks a rule: {faults[0].en}{more_en} "
            "Please report this to the developers.",
        )


def replan(ws: Workspace, plan: WeeklyPlan, edits: Edits) -> WeeklyPlan:
    """Plan a stored plan's week again with the same settings and the given edits.

    Only the shifts whose circuits an edit touches (a stop added, locked or removed there) are
    routed again; the others keep their circuits, as planning the whole week again would give them
    from the same data (each shift is routed from its own seed). The teams are formed again for the
    whole week (a person moved changes who can rest when).

    Raises
    ------
    PlanningError
        When an edit breaks a rule, saying which.

    """
    touched = _touched_shifts(plan, edits)
    kept = {
        shift_id: rows.sort_values("team_id")
        for shift_id, rows in plan.patrols.groupby("shift_id")
        if shift_id not in touched
    }
    new = plan_with(ws, plan.week, plan.settings, edits, kept)
    # The places a kept shift could not reach are the stored plan's to say.
    return replace(new, unreachable=sorted(set(new.unreachable) | set(plan.unreachable)))


def _touched_shifts(plan: WeeklyPlan, edits: Edits) -> set[str]:
    """Return the shifts whose circuits differ between the plan's edits and ``edits``."""
    shift_of = dict(zip(plan.patrols["team_id"], plan.patrols["shift_id"], strict=True))
    before = plan.edits
    teams = {t for t in {*before.stops, *edits.stops} if before.stops.get(t) != edits.stops.get(t)}
    shifts = {s for s in {*before.removed, *edits.removed} if before.removed.get(s) != edits.removed.get(s)}
    return shifts | {shift_of.get(team, team.rsplit("-", 1)[0]) for team in teams}


def _with_team(row: dict[str, object], team: Team, names: dict[str, str]) -> dict[str, object]:
    """Return a kept patrol row with the team formed for it now."""
    return row | {
        "team_id": team.team_id,
        "members": list(team.members),
        "names": [names[m] for m in team.members],
        "forces": [f.value for f in team.forces],
    }


def plan_with(
    ws: Workspace,
    week: str,
    settings: PlanSettings,
    edits: Edits | None = None,
    kept: Mapping[str, pd.DataFrame] | None = None,
) -> WeeklyPlan:
    """Plan a week with :class:`~patrol_map.plan.settings.PlanSettings` (see :func:`plan_week`)."""
    return plan_week(
        ws,
        week,
        seed=settings.seed,
        shifts=list(settings.shifts) if settings.shifts is not None else None,
        teams_per_shift=settings.teams_per_shift,
        team_size=settings.team_size,
        stop_minutes=settings.stop_minutes,
        mode=settings.mode,
        unpredictability=settings.unpredictability,
        edits=edits,
        carry_missed=settings.carry_missed,
        kept=kept,
        shift_times=settings.shift_times,
    )
