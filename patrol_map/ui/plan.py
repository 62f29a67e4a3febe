"""Weekly plan page: make the week's joint patrols, read them as a table and on the map."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from patrol_map.demo import SAMPLE_WEEK
from patrol_map.errors import PatrolMapError
from patrol_map.maps import layers
from patrol_map.plan.schedule import WeeklyPlan, load_plan, plan_week, save_plan
from patrol_map.plan.shifts import DEFAULT_SHIFTS
from patrol_map.report.exports import export_plan
from patrol_map.ui.common import lang, read_layer, t, workspace
from patrol_map.workspace import Workspace


def _plan_form(ws: Workspace, week: str) -> None:
    with st.form("plan_form"):
        columns = st.columns(3)
        seed = columns[0].number_input(t("seed"), min_value=0, value=0, step=1, key="plan_seed")
        teams = columns[1].number_input(
            t("teams_per_shift"), min_value=1, max_value=8, value=2, key="plan_teams"
        )
        size = columns[2].number_input(t("team_size"), min_value=2, max_value=8, value=3, key="plan_size")
        shifts = st.multiselect(
            t("shifts"),
            options=[s.name for s in DEFAULT_SHIFTS],
            default=[s.name for s in DEFAULT_SHIFTS],
            format_func=lambda name: t(f"shift_{name}"),
            key="plan_shifts",
        )
        if st.form_submit_button(t("make_plan"), type="primary"):
            try:
                save_plan(
                    ws,
                    plan_week(
                        ws,
                        week,
                        seed=int(seed),
                        shifts=shifts or None,
                        teams_per_shift=int(teams),
                        team_size=int(size),
                    ),
                )
                st.success(t("plan_saved", week=week))
            except PatrolMapError as exc:
                st.error(exc.message(lang()))


def _team_table(plan: WeeklyPlan, people: pd.DataFrame) -> pd.DataFrame:
    force_of = dict(zip(people["person_id"], people["force"], strict=True))
    rows = []
    for _, patrol in plan.patrols.iterrows():
        members = [
            f"{name} ({t('force_' + force_of[pid])})"
            for pid, name in zip(json.loads(patrol["members"]), json.loads(patrol["names"]), strict=True)
        ]
        rows.append(
            {
                t("col_shift"): f"{patrol['shift_start'].replace('T', ' ')} – {patrol['shift_end'][-5:]}",
                t("col_team"): patrol["team_id"].rsplit("-", 1)[-1],
                t("col_members"): ", ".join(members),
                t("col_stops"): ", ".join(json.loads(patrol["stop_names"])),
                t("col_length"): round(patrol["length_m"] / 1000, 1),
                t("col_duration"): round(patrol["duration_s"] / 60),
                t("col_risk"): round(patrol["risk"], 1),
            }
        )
    return pd.DataFrame(rows)


def _downloads(plan: WeeklyPlan) -> None:
    columns = st.columns(2)
    with tempfile.TemporaryDirectory() as scratch:
        for column, fmt, label in (
            (columns[0], "geojson", "download_geojson"),
            (columns[1], "gpx", "download_gpx"),
        ):
            path = export_plan(plan, Path(scratch) / f"patrols-{plan.week}.{fmt}", fmt)
            column.download_button(
                t(label), data=path.read_bytes(), file_name=path.name, key=f"download_{fmt}"
            )


def render() -> None:
    """Draw the weekly plan page."""
    ws = workspace()
    st.title(t("page_plan"))
    week = st.text_input(t("week"), value=SAMPLE_WEEK, key="plan_week").strip()
    _plan_form(ws, week)
    try:
        plan = load_plan(ws, week)
    except PatrolMapError:
        st.warning(t("no_plan", week=week))
        return
    patrols = plan.patrols
    st.caption(
        t("person_turns", teams=len(patrols), people=sum(len(json.loads(m)) for m in patrols["members"]))
    )
    days = sorted({start[:10] for start in patrols["shift_start"]})
    day = st.selectbox(t("show_day"), options=[t("all_days"), *days], key="plan_day")
    shown = patrols[patrols["shift_start"].str.startswith(day)] if day in days else patrols

    commune = read_layer(ws, "commune")
    fmap = layers.base_map(commune)
    layers.add_roads(fmap, read_layer(ws, "roads"), t("layer_roads"))
    layers.add_commune(fmap, commune, t("layer_commune"))
    layers.add_patrols(fmap, shown, t("layer_patrols"), lang=lang())
    layers.add_bases(fmap, read_layer(ws, "places"), t("layer_base"))
    layers.add_layer_control(fmap)
    st_folium(fmap, key="plan_map", returned_objects=[], height=560, use_container_width=True)

    st.dataframe(
        _team_table(WeeklyPlan(week, shown), read_layer(ws, "people")),
        hide_index=True,
        use_container_width=True,
    )
    _downloads(plan)
