"""The province page: every commune of a province on the server, on its 2025 boundary, side by side.

Shown when the app is opened on a whole server (``PATROL_MAP_WORKSPACE=postgresql://USER@HOST/DB``,
no ``?commune=``). Who may open it is the server's business: its PostgreSQL roles. A commune chosen
here opens its own pages beside this one (the app's frame adds them), on its schema of the server.
"""

from __future__ import annotations

from datetime import date, timedelta

import geopandas as gpd
import pandas as pd
import streamlit as st

from patrol_map.geo.admin import province_of
from patrol_map.maps.views import province_map
from patrol_map.plan.shifts import parse_week, week_of
from patrol_map.province.summary import ProvinceView, province_view
from patrol_map.ui.common import (
    PROVINCE_COMMUNE,
    category_names,
    figures,
    lang,
    province_server,
    show_map,
    t,
    week_chooser,
)
from patrol_map.workspace.postgis import ServerAddress, server_communes

#: The table's columns, in order, and the number of decimals each is shown with ("%": a share).
SHOWN = {
    "ma_xa": None,
    "ten_xa": None,
    "villages": 0,
    "area_km2": 1,
    "incidents_year": 0,
    "incidents_per_km2": 1,
    "hot_cells": 0,
    "patrols": 0,
    "stops_planned": 0,
    "stops_visited": 0,
    "visited_share": "%",
}


@st.cache_data(show_spinner=False, ttl=300, max_entries=8)
def _view(server: str, province: str, week: str, today: date) -> ProvinceView:
    return province_view(ServerAddress(server), province, week, today)


@st.cache_data(show_spinner=False, ttl=300)
def _provinces(server: str) -> list[str]:
    return sorted({province_of(code) for code in server_communes(ServerAddress(server))} - {""})


def render() -> None:
    """Draw the province page."""
    server = province_server()
    if server is None:  # the frame shows this page only on a whole server
        return
    st.title(t("page_province"))
    provinces = _provinces(server)
    if not provinces:
        st.warning(t("province_empty"))
        return
    province = st.selectbox(t("province_choose"), provinces, key="province_code")
    week = week_chooser(t("week_choose"), "province_week", [], week_of(date.today()))
    end = min(
        date.today(), parse_week(week) + timedelta(days=6)
    )  # the year to the week's end, not after today
    with st.spinner(t("province_reading")):
        view = _view(server, province, week, end)
    summary = view.communes
    table = _table(summary)
    held = int(summary["on_server"].fillna(False).astype(bool).sum())
    st.caption(t("province_caption", communes=held, total=len(summary)))
    _commune_chooser(view.categories)
    show_map(
        ("province", server, province, week, lang()),
        lambda: province_map(summary, table, view.hot_cells, lang()),
        620,
    )
    st.dataframe(table, hide_index=True, width="stretch")
    st.subheader(t("province_categories"))
    st.dataframe(_categories(view.categories), hide_index=True, width="stretch")


def _commune_chooser(on_server: pd.DataFrame) -> None:
    """Offer the communes on the server; the one chosen opens its pages (kept when the page is left)."""
    names = dict(zip(on_server["ma_xa"], on_server["ten_xa"], strict=True))
    options = ["", *names]
    opened = st.session_state.get(PROVINCE_COMMUNE, "")

    def keep() -> None:  # the choice outlives this widget, which is gone while a commune's page is shown
        st.session_state[PROVINCE_COMMUNE] = st.session_state["province_open"]

    st.selectbox(
        t("province_open"),
        options,
        index=options.index(opened) if opened in options else 0,
        format_func=lambda code: f"{names[code]} ({code})" if code else t("province_open_none"),
        key="province_open",
        on_change=keep,
    )
    if opened in names:
        st.info(t("province_opened", name=names[opened], code=opened))


def _categories(by_commune: pd.DataFrame) -> pd.DataFrame:
    """Return the incidents by category and commune, columns named in the chosen language."""
    names = category_names() | {
        "ma_xa": t("province_col_ma_xa"),
        "ten_xa": t("province_col_ten_xa"),
        "total": t("province_col_total"),
    }
    return by_commune.rename(columns=names)


def _table(summary: gpd.GeoDataFrame) -> pd.DataFrame:
    """Return the summary as the page shows it: columns named in the chosen language, numbers written."""
    plain = pd.DataFrame(summary[list(SHOWN)]).assign(visited_share=summary["visited_share"] * 100)
    decimals = {t(f"province_col_{column}"): form for column, form in SHOWN.items() if form is not None}
    named = plain.rename(columns={column: t(f"province_col_{column}") for column in SHOWN})
    return figures(named, decimals)
