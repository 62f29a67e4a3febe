"""Overview page: the commune, its villages and roads, incident heat and the week's patrols."""

from __future__ import annotations

import streamlit as st

from patrol_map.errors import AccessError
from patrol_map.i18n import unit_title
from patrol_map.maps.views import overview_map
from patrol_map.overview import summarise
from patrol_map.ui.common import density, lang, plan_of, show_map, t, workspace, workspace_key


def render() -> None:
    """Draw the overview page."""
    ws = workspace()
    st.title(unit_title(ws.commune_kind, ws.commune_name, lang()))
    st.caption(t("workspace_file", path=ws.shown))
    summary = summarise(ws)
    if summary.synthetic:
        st.info(t("synthetic_warning"))
    if summary.missing:
        st.warning(t("missing_layers", layers=", ".join(t(f"layer_{name}") for name in summary.missing)))

    columns = st.columns(4)
    columns[0].metric(t("metric_villages"), summary.villages)
    columns[1].metric(t("metric_roads"), f"{summary.road_km:.0f}")
    columns[2].metric(t("metric_incidents"), summary.incidents)
    columns[3].metric(t("metric_people"), f"{summary.police} / {summary.militia}")

    try:
        shown = plan_of(ws, summary.week)
    except AccessError:  # a meeting viewer sees no plan of a week to come: the map without it
        shown = None
    patrols = shown.patrols if shown is not None else None
    st.caption(t("overview_caption", week=summary.week))
    show_map(
        ("overview", *workspace_key(ws), summary.week, lang()),
        lambda: overview_map(ws, density(ws, summary.start, summary.end), patrols, lang()),
        height=620,
    )
