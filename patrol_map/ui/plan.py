"""Weekly plan page: make the week's joint patrols, read them as tables and on the map."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st
from streamlit_folium import st_folium

from patrol_map.errors import PatrolMapError
from patrol_map.maps.views import plan_map
from patrol_map.plan.schedule import WeeklyPlan, load_plan, plan_history, plan_week, save_plan
from patrol_map.plan.shifts import DEFAULT_SHIFTS, day_label, parse_week, week_of
from patrol_map.plan.spread import DEFAULT_UNPREDICTABILITY
from patrol_map.report.exports import FORMATS, export_bytes
from patrol_map.report.tables import load_spreads, load_table, person_turns, team_table
from patrol_map.ui.common import lang, read_layer, t, workspace
from patrol_map.ui.plan_edits import render_edits
from patrol_map.workspace import Workspace


def _plan_form(ws: Workspace, week: str) -> None:
    with st.form("plan_form"):
        columns = st.columns(4)
        seed = columns[0].number_input(t("seed"), min_value=0, value=0, step=1, key="plan_seed")
        teams = columns[1].number_input(
            t("teams_per_shift"), min_value=1, max_value=12, value=2, key="plan_teams"
        )
        smallest = columns[2].number_input(
            t("team_size_min"), min_value=2, max_value=8, value=3, key="plan_size"
        )
        largest = columns[3].number_input(
            t("team_size_max"), min_value=2, max_value=8, value=5, key="plan_size_max"
        )
        shifts = st.multiselect(
            t("shifts"),
            options=[s.name for s in DEFAULT_SHIFTS],
            default=st.session_state.get("plan_shifts", [s.name for s in DEFAULT_SHIFTS]),
            format_func=lambda name: t(f"shift_{name}"),
            key=f"plan_shifts_{lang()}",  # per language: the labels change with it
        )
        st.session_state["plan_shifts"] = shifts  # the choice outlives a change of language
        unpredictability = st.slider(
            t("unpredictability"),
            min_value=0.0,
            max_value=1.0,
            value=DEFAULT_UNPREDICTABILITY,
            step=0.1,
            help=t("unpredictability_help"),
            key="plan_unpredictability",
        )
        if st.form_submit_button(t("make_plan"), type="primary"):
            try:
                plan = plan_week(
                    ws,
                    week,
                    seed=int(seed),
                    shifts=shifts or None,
                    teams_per_shift=int(teams),
                    team_size=(int(smallest), max(int(smallest), int(largest))),
                    unpredictability=float(unpredictability),
                )
                save_plan(ws, plan)
                st.success(t("plan_saved", week=plan.week))
                if plan.unreachable:
                    st.warning(t("unreachable", places=", ".join(plan.unreachable)))
            except PatrolMapError as exc:
                st.error(exc.message(lang()))


def _scores(plan: WeeklyPlan) -> None:
    """Show the risk covered beside the predictability, and warn when the plan is predictable."""
    score = plan.predictability
    columns = st.columns(2)
    columns[0].metric(t("risk_covered"), f"{plan.risk_covered:.0%}")
    columns[1].metric(
        t("predictability"), f"{score.score:.0%}", help=t("predictability_help", weeks=score.weeks)
    )
    if score.is_predictable:
        st.warning(t("predictable_warning", score=f"{score.score:.0%}"))


def _downloads(plan: WeeklyPlan) -> None:
    columns = st.columns(3)
    for k, fmt in enumerate(FORMATS):
        download = export_bytes(plan, fmt)
        columns[k % 3].download_button(
            t(f"download_{fmt}"),
            data=download.data,
            file_name=download.file_name,
            mime=download.mime,
            key=f"download_{fmt}",
        )


def render() -> None:
    """Draw the weekly plan page."""
    ws = workspace()
    st.title(t("page_plan"))
    planned = read_layer(ws, "plans")["week"] if ws.has("plans") else []
    latest = max(planned, default=week_of(date.today()))
    picked = st.date_input(t("week_day"), value=parse_week(latest), key="plan_week_day", format="DD/MM/YYYY")
    week = week_of(picked)
    monday = parse_week(week)
    st.caption(
        t("week_span", week=week, start=f"{monday:%d/%m}", end=f"{monday + timedelta(days=6):%d/%m/%Y}")
    )
    _plan_form(ws, week)
    try:
        plan = load_plan(ws, week)
    except PatrolMapError:
        st.warning(t("no_plan", week=week))
        return
    if "edit_message" in st.session_state:
        st.success(st.session_state.pop("edit_message"))
    rounds, turns = person_turns(plan)
    st.caption(t("person_turns", teams=rounds, people=turns))
    _scores(plan)
    if plan.unreachable:
        st.warning(t("unreachable", places=", ".join(plan.unreachable)))
    days = {
        day_label(date.fromisoformat(d), lang()): d
        for d in sorted({s[:10] for s in plan.patrols["shift_start"]})
    }
    # Options are the labels themselves, keyed per language: the labels change with it.
    label = st.selectbox(t("show_day"), options=[t("all_days"), *days], key=f"plan_day_{lang()}")
    day = days.get(label)
    shown = (
        WeeklyPlan(plan.week, plan.patrols[plan.patrols["shift_start"].str.startswith(day)]) if day else plan
    )

    fmap = plan_map(ws, shown.patrols, lang())
    st_folium(fmap, key="plan_map", returned_objects=[], height=560, width=None)

    st.subheader(t("teams_title"))
    st.dataframe(team_table(shown, lang()), hide_index=True, width="stretch")
    st.subheader(t("load_title"))
    people, history = read_layer(ws, "people"), plan_history(ws, week)
    st.dataframe(load_table(plan, people, lang(), history), hide_index=True, width="stretch")
    spreads = load_spreads(plan, people, history)
    items = [
        t("load_spread_item", force=t(f"force_{force.value}"), week=week_spread, five=five)
        for force, (week_spread, five) in spreads.items()
    ]
    st.caption(t("load_spread", items="; ".join(items)))
    render_edits(ws, plan)
    _downloads(plan)
