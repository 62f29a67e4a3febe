"""The plan as tables a commander reads: teams with members and stops, and each person's load."""

from __future__ import annotations

import json

import pandas as pd

from patrol_map.i18n import tr
from patrol_map.model import Force, Team
from patrol_map.plan.roster import load_report
from patrol_map.plan.schedule import WeeklyPlan
from patrol_map.plan.shifts import span_label


def plan_teams(plan: WeeklyPlan) -> list[Team]:
    """Return the plan's teams (members leader first, with their forces)."""
    return [
        Team(
            team_id=row.team_id,
            shift_id=row.shift_id,
            members=tuple(json.loads(row.members)),
            forces=tuple(Force(f) for f in json.loads(row.forces)),
        )
        for row in plan.patrols.itertuples()
    ]


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
            for name, force in zip(json.loads(row.names), json.loads(row.forces), strict=True)
        ]
        rows.append(
            {
                tr("col_shift", lang): span_label(row.shift_start, row.shift_end, lang),
                tr("col_team", lang): row.team_id.rsplit("-", 1)[-1],
                tr("col_members", lang): ", ".join(members),
                tr("col_stops", lang): ", ".join(json.loads(row.stop_names)),
                tr("col_length", lang): round(row.length_m / 1000, 1),
                tr("col_duration", lang): round(row.duration_s / 60),
                tr("col_risk", lang): round(row.risk, 1),
            }
        )
    return pd.DataFrame(rows)


def load_table(plan: WeeklyPlan, people: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Each person's number of shifts in the plan, by force, most loaded first.

    Parameters
    ----------
    plan
        The week's plan.
    people
        The workspace's people (``person_id``, ``name``, ``force``).
    lang
        ``"vi"`` or ``"en"``.

    Returns
    -------
    pandas.DataFrame
        Columns name, force and shifts, in ``lang``.

    """
    report = load_report(plan_teams(plan), people)
    report = report.sort_values(["force", "shifts", "name"], ascending=[False, False, True])
    return pd.DataFrame(
        {
            tr("col_name", lang): report["name"],
            tr("col_force", lang): [tr("force_" + f, lang) for f in report["force"]],
            tr("col_shifts", lang): report["shifts"],
        }
    )


def person_turns(plan: WeeklyPlan) -> tuple[int, int]:
    """Return the plan's patrol rounds and person-turns (lượt tuần tra, lượt người)."""
    return len(plan.patrols), sum(len(json.loads(m)) for m in plan.patrols["members"])
