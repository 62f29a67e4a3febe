"""Reading the rows of a plan for the exports: local times, order, labels of shifts and people.

A plan holds one row per patrol; its people and stops are lists, its times ISO strings in Vietnam
time (:class:`patrol_map.plan.store.WeeklyPlan`; plans of older layouts are brought up to the
current one when they are read).
"""

from __future__ import annotations

from datetime import datetime

import geopandas as gpd
import numpy as np
import pandas as pd

from patrol_map.i18n import tr
from patrol_map.model import VIETNAM_TZ, team_number
from patrol_map.plan.shifts import SHIFT_NAMES_VI, day_label


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
        for name, force in zip(patrol["names"], patrol["forces"], strict=True)
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
