"""What every page shares: the language, the open workspace and cached reads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import geopandas as gpd
import streamlit as st

from patrol_map.demo import SAMPLE_WORKSPACE, build_demo, chosen_workspace
from patrol_map.i18n import DEFAULT_LANGUAGE, LANGUAGES, tr
from patrol_map.risk.kde import kde_grid
from patrol_map.risk.select import select_incidents
from patrol_map.workspace import OPTIONAL_COLUMNS, Workspace


def lang() -> str:
    """Return the language the user chose (Vietnamese by default)."""
    return st.session_state.get("lang", DEFAULT_LANGUAGE)


def t(key: str, **values: object) -> str:
    """Return the app text ``key`` in the chosen language."""
    return tr(key, lang(), **values)


def language_switch() -> None:
    """Show the language switch in the sidebar."""
    st.sidebar.radio(
        tr("language", lang()),
        options=list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="lang",
        horizontal=True,
    )


@st.cache_resource(show_spinner=False)
def _ensure_sample() -> Path:
    """Build the sample workspace once, on the first start that finds it missing."""
    if not SAMPLE_WORKSPACE.exists():
        build_demo(SAMPLE_WORKSPACE)
    return SAMPLE_WORKSPACE


def workspace() -> Workspace:
    """Open the workspace of ``$PATROL_MAP_WORKSPACE``, or the sample one (built on first start).

    A workspace named by the variable is never built: a missing file is an error to show.
    """
    path = chosen_workspace()
    if path is None:
        with st.spinner(t("building_sample")):
            path = _ensure_sample()
    return Workspace(path)


@st.cache_data(show_spinner=False, max_entries=32)
def _read_layer(path: str, layer: str, modified: float) -> gpd.GeoDataFrame:
    ws = Workspace(path)
    return ws.read_optional(layer) if layer in OPTIONAL_COLUMNS else ws.read(layer)


def read_layer(ws: Workspace, layer: str) -> gpd.GeoDataFrame:
    """Read a layer (an empty one for a missing optional layer), cached until the workspace file changes."""
    return _read_layer(str(ws.path), layer, ws.path.stat().st_mtime)


@st.cache_data(show_spinner=False, max_entries=16)
def _density(path: str, modified: float, start: date, end: date, categories: tuple[str, ...] | None):
    ws = Workspace(path)
    chosen = select_incidents(ws.read_optional("incidents"), start, end, categories)
    return kde_grid(chosen, ws.read("commune"))


def density(
    ws: Workspace, start: date, end: date, categories: tuple[str, ...] | None = None
) -> gpd.GeoDataFrame:
    """Incident density grid for a period and categories, cached until the workspace changes."""
    return _density(str(ws.path), ws.path.stat().st_mtime, start, end, categories)
