"""The hotspot page's computations, cached until the workspace file changes.

Each public function takes the open workspace and the page's choices; its cached twin is keyed on
the workspace's path and modification time, so a new import recomputes and nothing else does. Gi*
and the forecast's learned model are randomised: they run with :data:`SEED`, so the page shows the
same spots and forecast every time.
"""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import pandas as pd
import streamlit as st

from patrol_map.risk.commune_forecast import BacktestSummary, backtest_summary, forecast_grid
from patrol_map.risk.feedback import incident_weights
from patrol_map.risk.getis import cell_hotspots, village_hotspots
from patrol_map.risk.kde import kde_grid
from patrol_map.risk.select import select_incidents
from patrol_map.risk.temporal import incident_days
from patrol_map.risk.trends import Period, covered_days, log_coverage, trend_table, trend_window
from patrol_map.ui.common import workspace_key
from patrol_map.workspace import Workspace

#: Seed of Gi*'s permutations and of the learned forecast.
SEED = 0

Categories = tuple[str, ...]


def _incidents(
    path: str, start: date | None, end: date | None, categories: Categories | None
) -> gpd.GeoDataFrame:
    ws = Workspace(path)
    return select_incidents(ws.read_optional("incidents"), start, end, categories)


@st.cache_data(show_spinner=False, max_entries=16)
def _heat(path: str, modified: float, start: date, end: date, categories: Categories, weight: float):
    chosen = _incidents(path, start, end, categories)
    return kde_grid(chosen, Workspace(path).read("commune"), weights=incident_weights(chosen, weight))


def heat(ws: Workspace, start: date, end: date, categories: Categories, weight: float) -> gpd.GeoDataFrame:
    """Return the density grid of the chosen incidents, patrol-found ones weighing ``weight``."""
    return _heat(*workspace_key(ws), start, end, categories, weight)


@st.cache_data(show_spinner=False, max_entries=16)
def _cell_spots(path: str, modified: float, start: date, end: date, categories: Categories, weight: float):
    chosen = _incidents(path, start, end, categories)
    commune = Workspace(path).read("commune")
    return cell_hotspots(chosen, commune, seed=SEED, weights=incident_weights(chosen, weight))


def cell_spots(
    ws: Workspace, start: date, end: date, categories: Categories, weight: float
) -> gpd.GeoDataFrame:
    """Return Gi* hot and cold spots on grid cells (:func:`cell_hotspots`); patrol finds weigh ``weight``."""
    return _cell_spots(*workspace_key(ws), start, end, categories, weight)


@st.cache_data(show_spinner=False, max_entries=16)
def _village_spots(path: str, modified: float, start: date, end: date, categories: Categories, weight: float):
    chosen = _incidents(path, start, end, categories)
    villages = Workspace(path).read("villages")
    return village_hotspots(chosen, villages, seed=SEED, weights=incident_weights(chosen, weight))


def village_spots(
    ws: Workspace, start: date, end: date, categories: Categories, weight: float
) -> gpd.GeoDataFrame:
    """Return Gi* hot and cold spots of villages (:func:`village_hotspots`); patrol finds weigh ``weight``."""
    return _village_spots(*workspace_key(ws), start, end, categories, weight)


@st.cache_data(show_spinner=False, max_entries=16)
def _coverage(path: str, modified: float) -> list[Period]:
    return log_coverage(incident_days(_incidents(path, None, None, None)))


def days_with_records(ws: Workspace, start: date, end: date) -> int:
    """Return the days from ``start`` to ``end`` that the incident log covers (the exposure of a rate)."""
    return covered_days(_coverage(*workspace_key(ws)), start, end)


@st.cache_data(show_spinner=False, max_entries=16)
def _trends(path: str, modified: float, end: date, categories: Categories):
    # The days the log covers come from every record, whatever its category: the log was kept or not.
    periods = trend_window(_coverage(path, modified), end)
    if periods is None:
        return None
    chosen = _incidents(path, None, end, categories)
    return trend_table(chosen, Workspace(path).read("villages"), *periods), periods


def trends(
    ws: Workspace, end: date, categories: Categories
) -> tuple[pd.DataFrame, tuple[Period, Period]] | None:
    """Return the villages' trend table up to ``end`` and its periods, or ``None`` (log too short).

    The periods are those of :func:`patrol_map.risk.trends.trend_window`: the recent one ends on
    ``end`` or on the last record, whichever comes first, and both count only the days the log covers.
    """
    return _trends(*workspace_key(ws), end, categories)


@st.cache_data(show_spinner=False, max_entries=16)
def _forecast(path: str, modified: float, end: date, categories: Categories, weight: float, method: str):
    chosen = _incidents(path, None, end, categories)
    commune = Workspace(path).read("commune")
    return forecast_grid(chosen, commune, method, end, incident_weights(chosen, weight), seed=SEED)


def forecast(
    ws: Workspace, end: date, categories: Categories, weight: float, method: str
) -> tuple[gpd.GeoDataFrame, str]:
    """Return the forecast of the week after ``end`` and the method used (:func:`forecast_grid`)."""
    return _forecast(*workspace_key(ws), end, categories, weight, method)


@st.cache_data(show_spinner=False, max_entries=8)
def _backtest(path: str, modified: float, end: date, categories: Categories, weight: float, method: str):
    chosen = _incidents(path, None, end, categories)
    commune = Workspace(path).read("commune")
    return backtest_summary(chosen, commune, method, end, incident_weights(chosen, weight), seed=SEED)


def backtest(ws: Workspace, end: date, categories: Categories, weight: float, method: str) -> BacktestSummary:
    """Return how ``method`` did over the weeks ending on ``end`` (:func:`backtest_summary`)."""
    return _backtest(*workspace_key(ws), end, categories, weight, method)
