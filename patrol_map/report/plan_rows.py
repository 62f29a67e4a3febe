"""Reading the rows of a stored plan for the exports: JSON columns, local times, order, older plans.

A plan holds one row per patrol; its people and stops are JSON lists in text columns, its times
ISO strings in Vietnam time. Plans made by older versions lack the stop columns of
:data:`STOP_COLUMNS` (or hold nulls there when stored beside newer weeks) and the ``stop_minutes``
column; the first are refused with :func:`require_stop_columns`, the second means the default
stop length.
"""

from __future__ import annotations

import json
import re
from datetime import datetime

import geopandas as gpd
import numpy as np
import pandas as pd

from patrol_map.errors import PlanningError
from patrol_map.i18n import tr
from patrol_map.model import VIETNAM_TZ
from patrol_map.plan.schedule import DEFAULT_STOP_MINUTES, WeeklyPlan
from patrol_map.plan.shifts import SHIFT_NAMES_VI, day_label

#: Columns every stop-level export needs, aligned with ``stops`` (JSON lists).
STOP_COLUMNS = ("stop_times", "stop_xy")


def missing_stop_columns(patrols: pd.DataFrame) -> list[str]:
    """Return the stop columns a plan lacks.

    Parameters
    ----------
    patrols
        The patrols of a plan; rows of older plans stored beside newer ones hold nulls there.

    Returns
    -------
    list of str
        The columns of :data:`STOP_COLUMNS` that are absent or hold a null; empty for a plan the
        stop-level exports can write.

    """
    return [c for c in STOP_COLUMNS if c not in patrols.columns or patrols[c].isna().any()]


def require_stop_columns(plan: WeeklyPlan) -> None:
    """Refuse a plan made before stops had times and positions.

    Parameters
    ----------
    plan
        The plan to export.

    Raises
    ------
    PlanningError
        In Vietnamese and English, naming the missing columns and the command that plans the week
        again, when :func:`missing_stop_columns` finds any.

    """
    missing = missing_stop_columns(plan.patrols)
    if missing:
        raise PlanningError(
            f"Kế hoạch tuần {plan.week} được lập bằng phiên bản cũ, chưa có giờ và vị trí của từng điểm "
            f"dừng (thiếu cột {', '.join(missing)}); hãy lập lại kế hoạch tuần này (patrol-map plan "
            f"TỆP_DỮ_LIỆU --week {plan.week}) rồi xuất lại.",
            f"The plan of week {plan.week} was made by an older version, without each stop's time and "
            f"position (missing column {', '.join(missing)}); plan this week again (patrol-map plan "
            f"WORKSPACE --week {plan.week}) and export again.",
        )


def minutes_at_stops(patrol: pd.Series) -> float:
    """Return the planned minutes at each of a patrol's stops.

    Parameters
    ----------
    patrol
        One row of a plan.

    Returns
    -------
    float
        Its ``stop_minutes``, in minutes; plans without that column (or a null there) were made
        with :data:`~patrol_map.plan.schedule.DEFAULT_STOP_MINUTES`.

    """
    value = patrol.get("stop_minutes")
    return DEFAULT_STOP_MINUTES if value is None or pd.isna(value) else float(value)


def local_time(text: str) -> datetime:
    """Read a stored ISO time.

    Parameters
    ----------
    text
        An ISO 8601 time; one without offset is Vietnam time.

    Returns
    -------
    datetime.datetime
        The time, aware, in Vietnam time (UTC+7).

    """
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=VIETNAM_TZ) if moment.tzinfo is None else moment.astimezone(VIETNAM_TZ)


def patrols_in_order(patrols: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return patrols sorted by shift start, then team number.

    Parameters
    ----------
    patrols
        The patrols of a plan, in any order.

    Returns
    -------
    geopandas.GeoDataFrame
        The same rows in the order every export lists them.

    """
    starts = [local_time(text).timestamp() for text in patrols["shift_start"]]
    teams = [team_number(team_id) for team_id in patrols["team_id"]]
    return patrols.iloc[np.lexsort((teams, starts))]


def team_number(team_id: str) -> int:
    """Return a team's number within its shift.

    Parameters
    ----------
    team_id
        A team id such as ``2026-11-23-evening-T2``.

    Returns
    -------
    int
        The number after the final ``T`` (2 here); 0 when there is none.

    """
    match = re.search(r"T(\d+)$", str(team_id))
    return int(match[1]) if match else 0


def member_labels(patrol: pd.Series, lang: str = "vi") -> list[str]:
    """Return a patrol's members as ``Name (force)``, leader first.

    Parameters
    ----------
    patrol
        One row of a plan, with ``names`` and ``forces`` as JSON lists.
    lang
        Language of the force names: ``"vi"`` or ``"en"``.

    Returns
    -------
    list of str
        One label per member, in the plan's order.

    """
    return [
        f"{name} ({tr('force_' + force, lang)})"
        for name, force in zip(json.loads(patrol["names"]), json.loads(patrol["forces"]), strict=True)
    ]


def shift_label(patrol: pd.Series, with_day: bool = True) -> tuple[str, str]:
    """Return a patrol's shift as commanders say it, in Vietnamese and English.

    Parameters
    ----------
    patrol
        One row of a plan.
    with_day
        Whether to name the day: ``Ca tối Thứ Hai 23/11 19:00–23:00`` rather than
        ``Ca tối 19:00–23:00``.

    Returns
    -------
    tuple of str
        The Vietnamese and the English label.

    """
    start, end = local_time(patrol["shift_start"]), local_time(patrol["shift_end"])
    hours = f"{start:%H:%M}–{end:%H:%M}"
    name = str(patrol["shift_name"])
    if not with_day:
        return f"Ca {SHIFT_NAMES_VI.get(name, name)} {hours}", f"{name.capitalize()} shift {hours}"
    vi = f"Ca {SHIFT_NAMES_VI.get(name, name)} {day_label(start.date())} {hours}"
    en = f"{name.capitalize()} shift, {day_label(start.date(), 'en')} {hours}"
    return vi, en


def minutes_text(value: float) -> str:
    """Return minutes as written in the exports: ``12``, ``7.5``.

    Parameters
    ----------
    value
        Minutes.

    Returns
    -------
    str
        The shortest form, without trailing zeros.

    """
    return f"{value:g}"
