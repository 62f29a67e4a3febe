"""Planning: shifts of the week, joint teams (roster) and patrol circuits (routes)."""

from patrol_map.plan.roster import form_teams, load_report
from patrol_map.plan.routes import Circuit, plan_circuits
from patrol_map.plan.shifts import DEFAULT_SHIFTS, ShiftTemplate, describe_shift, parse_week, week_shifts

__all__ = [
    "DEFAULT_SHIFTS",
    "Circuit",
    "ShiftTemplate",
    "describe_shift",
    "form_teams",
    "load_report",
    "parse_week",
    "plan_circuits",
    "week_shifts",
]
