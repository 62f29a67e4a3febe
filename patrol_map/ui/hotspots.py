"""Hotspot page: incident density and the village ranking for a chosen period and categories."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st
from streamlit_folium import st_folium

from patrol_map.maps.views import hotspot_map
from patrol_map.model import INCIDENT_CATEGORIES
from patrol_map.risk.counts import village_counts
from patrol_map.risk.select import select_incidents
from patrol_map.ui.common import density, lang, read_layer, t, workspace


def render() -> None:
    """Draw the hotspot page."""
    ws = workspace()
    st.title(t("page_hotspots"))
    incidents = read_layer(ws, "incidents")
    # The last recorded day, but never a day in the future (a typing error in a year).
    last = min(date.fromisoformat(incidents["date"].max()), date.today()) if len(incidents) else date.today()
    left, middle, right = st.columns([1, 1, 3])
    start = left.date_input(
        t("date_from"), value=last - timedelta(days=364), key="hot_from", format="DD/MM/YYYY"
    )
    end = middle.date_input(t("date_to"), value=last, key="hot_to", format="DD/MM/YYYY")
    names = {key: (vi if lang() == "vi" else en) for key, (vi, en) in INCIDENT_CATEGORIES.items()}
    categories = right.multiselect(
        t("categories"),
        options=list(names),
        default=st.session_state.get("hot_categories", list(names)),
        format_func=names.get,
        key=f"hot_categories_{lang()}",  # per language: the labels change with it
    )
    st.session_state["hot_categories"] = categories  # the choice outlives a change of language
    chosen = select_incidents(incidents, start, end, categories)
    st.caption(t("selected_incidents", count=len(chosen)))

    villages = read_layer(ws, "villages")
    fmap = hotspot_map(ws, density(ws, start, end, tuple(categories)), lang())
    st_folium(fmap, key="hotspot_map", returned_objects=[], height=520, width=None)

    st.subheader(t("village_table"))
    table = village_counts(chosen, villages).drop(columns="village_id")
    table = table.rename(columns={"name": t("col_village"), "total": t("col_total")} | names)
    st.dataframe(table, hide_index=True, width="stretch")
