"""The hotspot page's forecast section: next week's riskiest cells beside how good the forecast has been.

The back-test (:data:`BACKTEST_WINDOWS` weeks, each forecast anew) takes from a second (``naive``)
to about half a minute (``best``) on the sample commune, so it runs when asked, with a button; once
asked it stays on for the session and follows the page's settings, cached like the rest.
"""

from __future__ import annotations

import geopandas as gpd
import streamlit as st

from patrol_map.results import HotspotView
from patrol_map.risk.commune_forecast import (
    BACKTEST_WINDOWS,
    FORECAST_CELL_M,
    HEADLINE_COVERAGE,
    TRAIN_DAYS,
    BacktestSummary,
    backtest_frame,
    forecast_week,
)
from patrol_map.ui import hotspot_data
from patrol_map.ui.common import figures, t
from patrol_map.workspace import Workspace

#: Session flag: the user asked for the back-test.
BACKTEST_ON = "hot_backtest_on"
#: Riskiest cells listed beside the back-test.
LISTED_CELLS = 10
#: Decimals of a cell centre's degrees: about a metre.
DEGREES = 5


def method_name(method: str) -> str:
    """Return a forecast method's name in the chosen language."""
    return t(f"method_{method}")


def render_forecast(
    ws: Workspace,
    top: gpd.GeoDataFrame,
    used: str,
    view: HotspotView,
) -> None:
    """Draw the forecast's riskiest cells and, on demand, the back-test of the same method and settings.

    Parameters
    ----------
    ws
        The workspace.
    top
        The forecast's top cells (:func:`patrol_map.risk.commune_forecast.forecast_top`).
    used
        The method that made the forecast (``best`` names its choice).
    view
        The page's choices: the forecast knows the days to ``view.end``, and the back-test's last
        window ends on it.

    """
    end = view.end
    st.subheader(t("forecast_title"))
    first, last = forecast_week(end)
    st.caption(
        t(
            "forecast_caption",
            start=f"{first:%d/%m}",
            end=f"{last:%d/%m/%Y}",
            train=TRAIN_DAYS,
            last=f"{end:%d/%m/%Y}",
            cell=int(FORECAST_CELL_M),
            used=method_name(used),
        )
    )
    left, right = st.columns(2)
    left.markdown(f"**{t('forecast_top')}**")
    listed = top.head(LISTED_CELLS)[["rank", "expected", "village", "lat", "lon"]].rename(
        columns={
            "rank": t("col_rank"),
            "expected": t("col_expected"),
            "village": t("col_village"),
            "lat": t("col_lat"),
            "lon": t("col_lon"),
        }
    )
    if listed.empty:
        left.info(t("forecast_nothing"))
    left.dataframe(
        figures(listed, {t("col_expected"): 2, t("col_lat"): DEGREES, t("col_lon"): DEGREES}), hide_index=True
    )
    with right:
        if st.button(t("run_backtest", weeks=BACKTEST_WINDOWS), key="hot_backtest"):
            st.session_state[BACKTEST_ON] = True
        if st.session_state.get(BACKTEST_ON):
            with st.spinner(t("run_backtest", weeks=BACKTEST_WINDOWS)):
                summary = hotspot_data.backtest(ws, view)
            _show_backtest(summary)


def _show_backtest(summary: BacktestSummary) -> None:
    weeks = len(summary.windows)
    if summary.scored == 0:
        st.info(t("backtest_none", weeks=weeks))
        return
    hit = summary.mean["hit_rate"][str(HEADLINE_COVERAGE)] or 0.0  # scored windows: never None
    st.markdown(f"**{t('backtest_sentence', weeks=weeks, percent=HEADLINE_COVERAGE, hit=round(100 * hit))}**")
    table = backtest_frame(summary)
    table["coverage"] = [f"{c} %" for c in table["coverage"]]
    table["hit_rate"] = 100 * table["hit_rate"]
    table = figures(table, {"hit_rate": "%", "pai": 1, "pei": 2}).rename(
        columns={
            "coverage": t("col_coverage"),
            "hit_rate": t("col_hit_rate"),
            "pai": t("col_pai"),
            "pei": t("col_pei"),
        }
    )
    st.dataframe(table, hide_index=True)
    st.caption(t("backtest_caption", train=TRAIN_DAYS, incidents=summary.incidents, scored=summary.scored))
