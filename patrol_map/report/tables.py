"""The plan as tables a commander reads: teams with members and stops, and each person's load."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pandas as pd

from patrol_map.i18n import tr
from patrol_map.model import Force
from patrol_map.plan.roster import load_report, load_spread
from patrol_map.plan.shifts import span_label, week_shifts
from patrol_map.plan.store import WeeklyPlan


def team_table(plan: WeeklyPlan, lang: str = "vi") -> pd.DataFrame:
    """One row per patrol: shift, team, members with their force (leader first), stops, distance, time, risk.

    Parameters
    ----------
    plan
        The week's plan.
    lang
        ``"vi"`` or ``"en"``: column names and force words.

    Returns
    -------
    pandas.DataFrame
        Column names in ``lang``, ready to show or print.

    """
    rows = []
    for row in plan.patrols.itertuples():
        members = [
            f"{name} ({tr('force_' + force, lang)})"
            for name, force in zip(row.names, row.forces, strict=True)
        ]
        rows.append(
            {
                tr("col_shift", lang): span_label(row.shift_start, row.shift_end, lang),
                tr("col_team", lang): row.team_id.rsplit("-", 1)[-1],
                tr("col_depart", lang): _clock(getattr(row, "depart_time", None)),
                tr("col_members", lang): ", ".join(members),
                tr("col_stops", lang): ", ".join(row.stop_names),
                tr("col_length", lang): round(row.length_m / 1000, 1),
                tr("col_duration", lang): round(row.duration_s / 60),
                tr("col_risk", lang): round(row.risk, 1),
            }
        )
    return pd.DataFrame(rows)


def _clock(moment: object) -> str:
    """Return the ``HH:MM`` of a stored local ISO time; empty for plans stored without it."""
    return moment[11:16] if isinstance(moment, str) and moment else ""


def load_table(
    plan: WeeklyPlan, people: pd.DataFrame, lang: str = "vi", history: Sequence[Sequence[str]] = ()
) -> pd.DataFrame:
    """Each person's number of shifts in the plan and in the four weeks before, most loaded first.

    Parameters
    ----------
    plan
        The week's plan.
    people
        The workspace's people (``person_id``, ``name``, ``force``).
    lang
        ``"vi"`` or ``"en"``.
    history
        Members of the teams of the four weeks before (see
        :func:`patrol_map.plan.schedule.plan_history`).

    Returns
    -------
    pandas.DataFrame
        Columns name, force, shifts this week and shifts in the four weeks before, in ``lang``.

    """
    report = load_report(plan.teams(), people, history)
    report = report.sort_values(["force", "shifts", "name"], ascending=[False, False, True])
    return pd.DataFrame(
        {
            tr("col_name", lang): report["name"],
            tr("col_force", lang): [tr("force_" + f, lang) for f in report["force"]],
            tr("col_shifts", lang): report["shifts"],
            tr("col_recent_shifts", lang): report["recent_shifts"],
        }
    )


def load_spreads(
    plan: WeeklyPlan, people: pd.DataFrame, history: Sequence[Sequence[str]] = ()
) -> dict[Force, tuple[int, int]]:
    """Return, per force, the spread of shifts (most minus fewest) this week and over five weeks.

    People who could work none of the week's shifts (on leave all week...) are left out.
    """
    shifts = week_shifts(plan.week, sorted(set(plan.patrols["shift_name"])), plan.settings.shift_times)
    report = load_report(plan.teams(), people, history, shifts=shifts)
    week, five = load_spread(report), load_spread(report, with_recent=True)
    return {force: (week[force], five[force]) for force in week}


def person_turns(plan: WeeklyPlan) -> tuple[int, int]:
    """Return the plan's patrol rounds and person-turns (lượt tuần tra, lượt người)."""
    return len(plan.patrols), sum(len(m) for m in plan.patrols["members"])


def carried_stops(plan: WeeklyPlan, lang: str = "vi") -> list[str]:
    """Name the places weighted up because the week before missed them, each once: ``"Chợ Hôm (3 lượt)"``.

    The count is how many of the plan's patrols stop there; the list is sorted by name.
    """
    visits: Counter[str] = Counter()
    for row in plan.patrols.itertuples():
        names = dict(zip(row.stops, row.stop_names, strict=True))
        visits.update(names[stop] for stop in getattr(row, "carried", []))
    return [tr("carried_place", lang, name=name, visits=n) for name, n in sorted(visits.items())]
