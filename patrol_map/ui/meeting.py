"""The meeting page: two maps side by side in large print, for a room and a projector.

Either last month against this month (the incident heat and the Gi* hot spots of each), or a week's
plan against what its patrols did (one day at a time). The maps are the other pages' own
(:mod:`patrol_map.maps.views`), with labels and legends enlarged (:func:`large_print`).
"""

from __future__ import annotations

from datetime import date, timedelta

import folium
import streamlit as st

from patrol_map.maps.offline import large_print
from patrol_map.maps.views import coverage_map, hotspot_map, plan_map
from patrol_map.model import INCIDENT_CATEGORIES
from patrol_map.plan.shifts import parse_period, period_of
from patrol_map.plan.store import planned_weeks
from patrol_map.results import HotspotView, default_view
from patrol_map.risk.select import select_incidents
from patrol_map.ui import hotspot_data
from patrol_map.ui.common import (
    day_and_shift,
    lang,
    plan_of,
    read_layer,
    show_map,
    t,
    week_chooser,
    whole_week_shown,
    workspace,
    workspace_key,
)
from patrol_map.ui.coverage import of_patrols, recorded_week, week_to_review
from patrol_map.workspace import Workspace

#: What the two maps compare.
MODES = ("months", "plan_done")
#: Height of each map, pixels: most of a projected screen.
MAP_HEIGHT = 680


def render() -> None:
    """Draw the meeting page."""
    ws = workspace()
    st.title(t("page_meeting"))
    st.caption(t("meeting_help"))
    mode = st.radio(
        t("meeting_compare"),
        MODES,
        format_func=lambda m: t(f"meeting_{m}"),
        horizontal=True,
        key="meeting_mode",
    )
    if mode == "months":
        _months(ws)
    else:
        _plan_and_done(ws)


def _months(ws: Workspace) -> None:
    """Show last month and this month (to the last record), each with its heat and Gi* spots."""
    opened = default_view(ws)  # its end and the commune's patrol-find weight
    last_day = opened.end
    this = parse_period(period_of(last_day, "month"))
    before = parse_period(period_of(this.start - timedelta(days=1), "month"))
    incidents = read_layer(ws, "incidents")
    for column, period in zip(st.columns(2), (before, this), strict=True):
        view = HotspotView(period.start, min(period.end, last_day), tuple(INCIDENT_CATEGORIES), opened.weight)
        count = len(select_incidents(incidents, view.start, view.end))
        with column:
            title = period.label(lang())
            st.subheader(title[:1].upper() + title[1:])
            st.caption(t("meeting_month_caption", count=count, start=_day(view.start), end=_day(view.end)))
            show_map(
                ("meeting", *workspace_key(ws), view, lang()),
                lambda view=view: large_print(  # type: ignore[misc]
                    hotspot_map(
                        ws, hotspot_data.heat(ws, view), lang(), cells=hotspot_data.cell_spots(ws, view)
                    )
                ),
                height=MAP_HEIGHT,
            )


def _plan_and_done(ws: Workspace) -> None:
    """Show a week's plan and what its patrols did, one shift (or a day, or the week) at a time."""
    week = week_chooser(t("coverage_week"), "meeting_week", planned_weeks(ws), week_to_review(ws))
    if not whole_week_shown(ws, week):
        return
    plan = plan_of(ws, week)
    if plan is None:
        st.info(t("coverage_no_plan", week=week))
        return
    _, patrols = day_and_shift(plan, "meeting")
    _, tracks, stops, cells = recorded_week(ws, week)
    tracks, stops = of_patrols(patrols, tracks, stops)
    shown = tuple(patrols["patrol_id"])
    left, right = st.columns(2)
    with left:
        st.subheader(t("meeting_planned"))
        show_map(
            ("meeting_plan", *workspace_key(ws), shown, lang()),
            lambda: large_print(plan_map(ws, patrols, lang())),
            height=MAP_HEIGHT,
        )
    with right:
        st.subheader(t("meeting_done"))
        show_map(
            ("meeting_done", *workspace_key(ws), shown, lang()),
            lambda: large_print(coverage_map(ws, patrols, tracks, stops, cells, lang())),
            height=MAP_HEIGHT,
        )


def _month_map(ws: Workspace, view: HotspotView) -> folium.Map:
    return hotspot_map(ws, hotspot_data.heat(ws, view), lang(), cells=hotspot_data.cell_spots(ws, view))


def _day(day: date) -> str:
    return f"{day:%d/%m/%Y}"
