"""Overview page: the commune, its villages and roads, incident heat and this week's patrols."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st
from streamlit_folium import st_folium

from patrol_map.demo import SAMPLE_WEEK
from patrol_map.maps import layers
from patrol_map.plan.shifts import parse_week
from patrol_map.risk.select import select_incidents
from patrol_map.ui.common import density, lang, read_layer, t, workspace


def render() -> None:
    """Draw the overview page."""
    ws = workspace()
    st.title(t("commune", name=ws.commune_name))
    st.caption(t("workspace_file", path=ws.path))
    plans = read_layer(ws, "plans") if ws.has("plans") else None
    week = str(plans["week"].max()) if plans is not None and len(plans) else SAMPLE_WEEK
    monday = parse_week(week)
    commune, villages, roads = (read_layer(ws, name) for name in ("commune", "villages", "roads"))
    start, end = monday - timedelta(days=365), monday - timedelta(days=1)
    incidents = select_incidents(read_layer(ws, "incidents"), start, end)
    people = read_layer(ws, "people")
    if any(frame["is_synthetic"].any() for frame in (villages, roads, incidents, people)):
        st.info(t("synthetic_warning"))

    columns = st.columns(4)
    columns[0].metric(t("metric_villages"), len(villages))
    columns[1].metric(t("metric_roads"), f"{roads.length.sum() / 1000:.0f}")
    columns[2].metric(t("metric_incidents"), len(incidents))
    forces = people["force"].value_counts()
    columns[3].metric(t("metric_people"), f"{forces.get('police', 0)} / {forces.get('militia', 0)}")

    fmap = layers.base_map(commune)
    layers.add_villages(fmap, villages, t("layer_villages"))
    layers.add_roads(fmap, roads, t("layer_roads"))
    layers.add_heat(fmap, density(ws, start, end), t("layer_heat"))
    layers.add_commune(fmap, commune, t("layer_commune"))
    if plans is not None:
        layers.add_patrols(fmap, plans[plans["week"] == week], t("layer_patrols"), lang=lang())
    layers.add_bases(fmap, read_layer(ws, "places"), t("layer_base"))
    layers.add_layer_control(fmap)
    st.caption(t("overview_caption", week=week))
    st_folium(fmap, key="overview_map", returned_objects=[], height=620, use_container_width=True)
