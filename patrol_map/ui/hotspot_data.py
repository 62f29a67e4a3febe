"""The hotspot page's results, cached in memory until the workspace file changes.

The heavy ones (Gi*, trends, the forecast and its back-test) come from :mod:`patrol_map.results`:
stored in the workspace for the view the page opens on, computed for another. Each cached twin is
keyed on the workspace's path and modification time, so a new import recomputes and nothing else does.
"""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import pandas as pd
import streamlit as st

from patrol_map import results
from patrol_map.results import HotspotView
from patrol_map.risk.commune_forecast import BacktestSummary
from patrol_map.risk.feedback import incident_weights
from patrol_map.risk.kde import kde_grid
from patrol_map.risk.select import select_incidents
from patrol_map.risk.temporal import incident_days
from patrol_map.risk.trends import Period, covered_days, log_coverage
from patrol_map.ui.common import workspace_key
from patrol_map.workspace import Workspace

Categories = tuple[str, ...]


def _incidents(
    path: str, start: date | None, end: date | None, categories: Categories | None
) -> gpd.GeoDataFrame:
    ws = Workspace(path)
    return select_incidents(ws.read_optional("incidents"), start, end, categories)


@st.cache_data(show_spinner=False, max_entries=16)
def _heat(path: str, stamp: str, start: date, end: date, categories: Categories, weight: float):
    chosen = _incidents(path, start, end, categories)
    return kde_grid(chosen, Workspace(path).read("commune"), weights=incident_weights(chosen, weight))


def heat(ws: Workspace, view: HotspotView) -> gpd.GeoDataFrame:
    """Return the density grid of the view's incidents, patrol-found ones weighing ``view.weight``."""
    return _heat(*workspace_key(ws), view.start, view.end, view.categories, view.weight)


@st.cache_data(show_spinner=False, max_entries=16)
def _cell_spots(path: str, stamp: str, view: HotspotView) -> gpd.GeoDataFrame:
    return results.cell_spots(Workspace(path), view)


def cell_spots(ws: Workspace, view: HotspotView) -> gpd.GeoDataFrame:
    """Return Gi* hot and cold spots on grid cells (:func:`patrol_map.results.cell_spots`)."""
    return _cell_spots(*workspace_key(ws), view)


@st.cache_data(show_spinner=False, max_entries=16)
def _village_spots(path: str, stamp: str, view: HotspotView) -> gpd.GeoDataFrame:
    return results.village_spots(Workspace(path), view)


def village_spots(ws: Workspace, view: HotspotView) -> gpd.GeoDataFrame:
    """Return Gi* hot and cold spots of villages (:func:`patrol_map.results.village_spots`)."""
    return _village_spots(*workspace_key(ws), view)


@st.cache_data(show_spinner=False, max_entries=16)
def _coverage(path: str, stamp: str) -> list[Period]:
    return log_coverage(incident_days(_incidents(path, None, None, None)))


def days_with_records(ws: Workspace, start: date, end: date) -> int:
    """Return the days from ``start`` to ``end`` that the incident log covers (the exposure of a rate)."""
    return covered_days(_coverage(*workspace_key(ws)), start, end)


@st.cache_data(show_spinner=False, max_entries=16)
def _trends(path: str, stamp: str, view: HotspotView):
    return results.trends(Workspace(path), view)


def trends(ws: Workspace, view: HotspotView) -> tuple[pd.DataFrame, tuple[Period, Period]] | None:
    """Return the villages' trend table up to ``view.end`` and its periods, or ``None`` (log too short).

    As :func:`patrol_map.results.trends`: the recent period ends on ``end`` or on the last record,
    whichever comes first, and both count only the days the log covers.
    """
    return _trends(*workspace_key(ws), view)


@st.cache_data(show_spinner=False, max_entries=16)
def _forecast(path: str, stamp: str, view: HotspotView):
    return results.forecast(Workspace(path), view)


def forecast(ws: Workspace, view: HotspotView) -> tuple[gpd.GeoDataFrame, str]:
    """Return the forecast of the week after ``view.end`` and the method used (:func:`results.forecast`)."""
    return _forecast(*workspace_key(ws), view)


@st.cache_data(show_spinner=False, max_entries=8)
def _backtest(path: str, stamp: str, view: HotspotView):
    return results.backtest(Workspace(path), view)


def backtest(ws: Workspace, view: HotspotView) -> BacktestSummary:
    """Return how ``view.method`` did over the weeks ending on ``view.end`` (:func:`results.backtest`)."""
    return _backtest(*workspace_key(ws), view)
