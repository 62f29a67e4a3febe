"""Hotspot page: where (heat, Gi* hot and cold spots), the villages with their trends, when, and the forecast.

Everything follows the chosen period and categories. The weight of incidents found by patrols
(:mod:`patrol_map.risk.feedback`) applies to the heat, the forecast and its back-test; counts, Gi*
and trends count every incident, as the setting's help says.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

import geopandas as gpd
import pandas as pd
import streamlit as st

from patrol_map.maps.layers import hotspot_name
from patrol_map.maps.views import hotspot_map
from patrol_map.results import HotspotView, default_view
from patrol_map.risk.commune_forecast import HEADLINE_COVERAGE, forecast_top
from patrol_map.risk.counts import village_table
from patrol_map.risk.forecast import DEFAULT_METHOD as BEST_KEEPS
from patrol_map.risk.forecast import METHODS
from patrol_map.risk.getis import GI_CELL_M, top_cells
from patrol_map.risk.kde import DEFAULT_BANDWIDTH_M
from patrol_map.risk.select import located, select_incidents
from patrol_map.risk.trends import MIN_COUNT, MIN_PERIOD_DAYS, RECENT_DAYS, VERDICTS, Period, category_trends
from patrol_map.ui import hotspot_data
from patrol_map.ui.common import (
    category_names,
    figures,
    lang,
    read_layer,
    settings_of,
    show_map,
    t,
    workspace,
    workspace_key,
)
from patrol_map.ui.hotspot_forecast import method_name, render_forecast
from patrol_map.ui.hotspot_when import render_when
from patrol_map.workspace import Workspace

Choice = TypeVar("Choice")
#: The forecast method the page opens with: the one ``best`` keeps unless its inner back-test says
#: otherwise, without that back-test's wait (a second against fifteen on the sample commune).
DEFAULT_METHOD = BEST_KEEPS
#: With fewer incidents than this in the chosen period, the page warns that counts are small: about a
#: month of the sample commune, where one incident more or less reorders the villages and Gi*, corrected
#: over some 1,500 cells, can hardly call any of them significant.
FEW_INCIDENTS = 50
#: Decimals of a cell centre's degrees: about a metre.
DEGREES = 5


def _verdict(key: str) -> str:
    if not key:
        return ""
    vi, en = VERDICTS[key]
    return en if lang() == "en" else vi


def _period(period: Period) -> str:
    span = f"{period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}"
    return span if not period.gaps else t("period_with_gaps", span=span, days=period.days)


@st.cache_data(show_spinner=False, max_entries=8)
def _opened(path: str, stamp: str, today: date) -> HotspotView:
    return default_view(Workspace(path), today)


def _default_view(ws: Workspace) -> HotspotView:
    """Return the view the page opens on (:func:`patrol_map.results.default_view`)."""
    return _opened(*workspace_key(ws), date.today())


def _remembered(name: str, default: Choice) -> Choice:
    """Return a choice kept across languages (widgets have a key per language: their labels change)."""
    return st.session_state.get(name, default)


def render() -> None:
    """Draw the hotspot page."""
    ws = workspace()
    st.title(t("page_hotspots"))
    incidents = read_layer(ws, "incidents")
    # The year to the last recorded day (never a day in the future: a typing error in a year), the
    # view whose results are stored in the workspace.
    opened = _default_view(ws)
    left, middle, right = st.columns([1, 1, 3])
    start = left.date_input(t("date_from"), value=opened.start, key="hot_from", format="DD/MM/YYYY")
    end = middle.date_input(t("date_to"), value=opened.end, key="hot_to", format="DD/MM/YYYY")
    names = category_names()
    categories = right.multiselect(
        t("categories"),
        options=list(names),
        default=_remembered("hot_categories", list(names)),
        format_func=names.__getitem__,
        placeholder=t("choose_categories"),
        key=f"hot_categories_{lang()}",  # per language: the labels change with it
    )
    st.session_state["hot_categories"] = categories  # the choice outlives a change of language
    left, right = st.columns(2)
    weight = left.slider(
        t("patrol_weight"),
        min_value=0.0,
        max_value=1.0,
        value=_remembered("hot_weight", opened.weight),  # the commune's setting
        step=0.1,
        help=t("patrol_weight_help"),
        key=f"hot_weight_{lang()}",
    )
    st.session_state["hot_weight"] = weight
    method: str = right.selectbox(
        t("forecast_method"),
        options=list(METHODS),
        index=METHODS.index(_remembered("hot_method", DEFAULT_METHOD)),
        format_func={m: method_name(m) for m in METHODS}.__getitem__,  # bound now: the language may change
        key=f"hot_method_{lang()}",
    )
    st.session_state["hot_method"] = method

    if start > end:
        st.error(t("bad_period", start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}"))
        return
    chosen = select_incidents(incidents, start, end, categories)
    chosen_key = tuple(categories)
    view = HotspotView(start, end, chosen_key, weight, method)
    st.caption(t("selected_incidents", count=len(chosen)))
    patrol_found = int((chosen["source"] == "patrol").sum())
    st.caption(
        t("located_patrol", located=int(located(chosen).sum()), patrol=patrol_found, weight=f"{weight:g}")
    )
    if len(chosen) < FEW_INCIDENTS:
        st.warning(t("few_incidents", count=len(chosen)))

    villages = read_layer(ws, "villages") if ws.has("villages") else None
    cells = hotspot_data.cell_spots(ws, view)
    village_gi = hotspot_data.village_spots(ws, view) if villages is not None else None
    grid, used = hotspot_data.forecast(ws, view)
    top = forecast_top(grid, villages, HEADLINE_COVERAGE)
    heat = hotspot_data.heat(ws, view)
    show_map(
        ("hotspots", *workspace_key(ws), view, lang()),
        lambda: hotspot_map(
            ws,
            heat,
            lang(),
            cells=cells,
            villages=village_gi,
            forecast=top,
            forecast_percent=HEADLINE_COVERAGE,
        ),
        height=560,
    )
    st.caption(t("map_caption", bandwidth=int(DEFAULT_BANDWIDTH_M), gi_cell=int(GI_CELL_M)))

    st.subheader(t("village_table"))
    if village_gi is None:
        st.info(t("no_villages"))
    else:
        _village_section(ws, village_gi, chosen, view)
    with st.expander(t("top_cells")):
        _top_cells(cells)

    festivals = settings_of(ws).festival_days()
    render_when(chosen, list(villages["name"]) if villages is not None else [], start, end, festivals)
    render_forecast(ws, top, used, view)


def _village_section(
    ws: Workspace,
    village_gi: gpd.GeoDataFrame,
    chosen: pd.DataFrame,
    view: HotspotView,
) -> None:
    """Draw the village table (count, rates, Gi* class, trend) and the trends by category."""
    start, end = view.start, view.end
    found = hotspot_data.trends(ws, view)
    trends, periods = found if found is not None else (None, None)
    # Rates over the days the log covers: after the last record nothing was written, not nothing happened.
    exposure = hotspot_data.days_with_records(ws, start, end) or (end - start).days + 1
    table = village_table(village_gi, trends, exposure)
    shown = pd.DataFrame(
        {
            t("col_village"): table["name"],
            t("col_total"): table["count"],
            t("col_rate"): table["rate"],
            t("col_rate_eb"): table["rate_eb"],
            t("col_gi"): [hotspot_name(key, lang()) for key in table["hotspot"]],
            t("col_trend"): [_verdict(v) for v in table["verdict"]],
            t("col_trend_counts"): [
                "" if pd.isna(r) else t("vs_counts", recent=int(r), earlier=int(e))
                for r, e in zip(table["recent"], table["earlier"], strict=True)
            ],
            t("col_p"): table["p"],
            t("col_q"): table["q"],
        }
    )
    written: dict[str, int | str] = {t("col_rate"): 1, t("col_rate_eb"): 1, t("col_p"): "p", t("col_q"): "p"}
    st.dataframe(figures(shown, written), hide_index=True, width="stretch")
    if periods is None:
        st.caption(t("no_trend", end=f"{end:%d/%m/%Y}", min_days=MIN_PERIOD_DAYS))
    else:
        recent, earlier = periods
        st.caption(t("trend_caption", recent=_period(recent), earlier=_period(earlier), min_count=MIN_COUNT))
        if recent.end < end or recent.days < RECENT_DAYS:
            st.caption(t("trend_shortened", days=recent.days, full=RECENT_DAYS))
    st.caption(t("rates_caption"))
    st.info(t("plain_words_villages"))  # what Gi*, the trend and p, q (FDR) mean, before any formula
    unknown = int((~chosen["village"].isin(table["name"])).sum())
    if unknown:
        st.caption(t("unknown_village_note", count=unknown))
    if trends is not None:
        with st.expander(t("category_trends")):
            _category_trends(trends)


def _category_trends(trends: pd.DataFrame) -> None:
    rows = category_trends(trends)
    names = category_names()
    shown = pd.DataFrame(
        {
            t("col_village"): rows["name"],
            t("col_category"): rows["category"].map(lambda key: names.get(key, key)),
            t("col_recent"): rows["recent"],
            t("col_earlier"): rows["earlier"],
            t("col_trend"): [_verdict(v) for v in rows["verdict"]],
            t("col_p"): rows["p"],
            t("col_q"): rows["q"],
        }
    )
    st.dataframe(figures(shown, {t("col_p"): "p", t("col_q"): "p"}), hide_index=True, width="stretch")


def _top_cells(cells: gpd.GeoDataFrame) -> None:
    ranked = top_cells(cells)
    ranked["hotspot"] = [hotspot_name(key, lang()) for key in ranked["hotspot"]]
    shown = ranked.rename(
        columns={
            "rank": t("col_rank"),
            "hotspot": t("col_gi"),
            "count": t("col_count"),
            "q": t("col_q"),
            "lat": t("col_lat"),
            "lon": t("col_lon"),
        }
    )
    written: dict[str, int | str] = {"z": 2, t("col_q"): "p", t("col_lat"): DEGREES, t("col_lon"): DEGREES}
    st.dataframe(figures(shown, written), hide_index=True, width="stretch")
