"""What every page shares: the language, the open workspace and cached reads."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st

from patrol_map.access import note, sees_whole_week, visible_plan
from patrol_map.commune_settings import CommuneSettings, read_settings
from patrol_map.demo import SAMPLE_WORKSPACE, build_demo, chosen_workspace
from patrol_map.errors import PlanningError
from patrol_map.i18n import DEFAULT_LANGUAGE, LANGUAGES, number, p_value, tr
from patrol_map.model import INCIDENT_CATEGORIES
from patrol_map.plan.shifts import day_label, iso_week, parse_period, span_label, week_of
from patrol_map.plan.store import WeeklyPlan, find_plan
from patrol_map.risk.kde import kde_grid
from patrol_map.risk.select import select_incidents
from patrol_map.security.accounts import User, account_of
from patrol_map.workspace import OPTIONAL_COLUMNS, Workspace


def lang() -> str:
    """Return the language the user chose (Vietnamese by default)."""
    return st.session_state.get("lang", DEFAULT_LANGUAGE)


def t(key: str, **values: object) -> str:
    """Return the app text ``key`` in the chosen language."""
    return tr(key, lang(), **values)


#: Weeks offered before and after the current one by a week chooser, besides every planned week.
WEEKS_AROUND = 8
#: The session's commune opened on the province page (its code), on a whole server.
PROVINCE_COMMUNE = "province_commune"


def week_chooser(label: str, key: str, planned: list[str], default: str) -> str:
    """Offer weeks (Monday to Sunday) to choose from; the choice applies at once, unlike a typed date.

    The weeks are those around today (:data:`WEEKS_AROUND` each side) and every planned one, each
    named with its days (:func:`week_name`) and marked when a plan is stored. The week the address
    names (``?week=2026-W48``) is chosen at first, else ``default``; the choice is kept in
    ``st.session_state[key]`` across a change of language, and written to the address.
    """
    around = {week_of(date.today() + timedelta(weeks=k)) for k in range(-WEEKS_AROUND, WEEKS_AROUND + 1)}
    chosen = st.session_state.get(key) or _week_in_address() or default
    names = {
        week_name(week, lang(), week in planned): week for week in sorted(around | set(planned) | {chosen})
    }
    # The options are the names themselves, and the widget is keyed per language: the names change with it.
    options = list(names)
    picked = st.selectbox(label, options, index=list(names.values()).index(chosen), key=f"{key}_{lang()}")
    st.session_state[key] = names[picked]
    st.query_params["week"] = names[picked]  # the address names the week: a link opens the same page
    return names[picked]


def _week_in_address() -> str | None:
    """Return the week the page's address names (``/plan?week=2026-W48``), or ``None``."""
    try:
        return iso_week(st.query_params["week"]) if "week" in st.query_params else None
    except PlanningError:
        return None


def plan_days(patrols: pd.DataFrame) -> dict[str, str]:
    """Return the days with a shift in ``patrols``, in order: their label ("Thứ Ba 24/11") -> ISO date.

    A day chooser offers the labels and is keyed per language, as the labels change with it.
    """
    days = sorted({start[:10] for start in patrols["shift_start"]})
    return {day_label(date.fromisoformat(day), lang()): day for day in days}


def day_and_shift(plan: WeeklyPlan, key: str) -> tuple[WeeklyPlan, gpd.GeoDataFrame]:
    """Let a day and a shift be chosen: the day's patrols for the tables, the shift's for the map.

    The page opens on today when the week holds it (else its first day) and on that day's first
    shift: a room reads one shift's circuits, not a week's 42 stacked. "Cả tuần" and "Cả ngày" show more.
    The choosers are keyed ``<key>_day_<lang>`` and ``<key>_shift_<lang>_<day>``.
    """
    patrols = plan.patrols
    days = plan_days(patrols)
    today = day_label(date.today(), lang())
    left, right = st.columns(2)
    # Options are the labels themselves, keyed per language: the labels change with it.
    options = [*days, t("all_days")]
    label = left.selectbox(
        t("show_day"),
        options=options,
        index=options.index(today) if today in days else 0,
        key=f"{key}_day_{lang()}",
    )
    day = days.get(label)
    if day is None:
        return plan, patrols
    of_day = patrols[patrols["shift_start"].str.startswith(day)]
    shifts = {
        span_label(start, end, lang()): start
        for start, end in sorted(set(zip(of_day["shift_start"], of_day["shift_end"], strict=True)))
    }
    chosen = right.selectbox(
        t("show_shift"), options=[*shifts, t("whole_day")], key=f"{key}_shift_{lang()}_{day}"
    )
    start = shifts.get(chosen)
    on_map = of_day if start is None else of_day[of_day["shift_start"] == start]
    return replace(plan, patrols=of_day), on_map


def week_name(week: str, lang: str, planned: bool = False) -> str:
    """Name a week as the chooser shows it: ``Tuần 48/2026 (23/11–29/11/2026) · đã có kế hoạch``."""
    text = parse_period(week).label(lang)
    text = text[:1].upper() + text[1:]
    return f"{text} · {tr('week_planned', lang)}" if planned else text


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

    A workspace named by the variable is never built: a missing file is an error to show. On a
    whole server (the province), it is the commune opened on the province page.
    """
    server = province_server()
    if server is not None:
        from patrol_map.workspace.postgis import ServerAddress  # only a server's app needs it

        return Workspace(ServerAddress(server).of(opened_commune() or "").where)
    path = chosen_workspace()
    if path is None:
        with st.spinner(t("building_sample")):
            path = _ensure_sample()
    return Workspace(path)


def province_server() -> str | None:
    """Return ``$PATROL_MAP_WORKSPACE`` when it names a whole server (no ``?commune=``): the province."""
    chosen = chosen_workspace()
    if isinstance(chosen, str) and "commune=" not in chosen:
        return chosen
    return None


def category_names() -> dict[str, str]:
    """Return the incident categories' names in the chosen language, by key, in their order."""
    return {key: (vi if lang() == "vi" else en) for key, (vi, en) in INCIDENT_CATEGORIES.items()}


def opened_commune() -> str | None:
    """Return the code of the commune opened on the province page, or ``None``."""
    return st.session_state.get(PROVINCE_COMMUNE) or None


def current_user(ws: Workspace) -> User | None:
    """Return the session's logged-in user (the app's frame asked for a log-in); ``None`` without accounts."""
    name = st.session_state.get("user")
    return account_of(ws, name) if name is not None else None  # no account of that name: None


@st.cache_data(show_spinner=False, max_entries=32)
def _read_layer(path: str, stamp: str, layer: str) -> gpd.GeoDataFrame:
    ws = Workspace(path)
    return ws.read_optional(layer) if layer in OPTIONAL_COLUMNS else ws.read(layer)


def read_layer(ws: Workspace, layer: str) -> gpd.GeoDataFrame:
    """Read a layer (an empty one for a missing optional layer), cached until the workspace file changes."""
    return _read_layer(*workspace_key(ws), layer)


@st.cache_data(show_spinner=False, max_entries=16)
def _density(path: str, stamp: str, start: date, end: date, categories: tuple[str, ...] | None):
    ws = Workspace(path)
    chosen = select_incidents(ws.read_optional("incidents"), start, end, categories)
    return kde_grid(chosen, ws.read("commune"))


def density(
    ws: Workspace, start: date, end: date, categories: tuple[str, ...] | None = None
) -> gpd.GeoDataFrame:
    """Incident density grid for a period and categories, cached until the workspace changes."""
    return _density(*workspace_key(ws), start, end, categories)


@st.cache_data(show_spinner=False, max_entries=24)
def _map_html(key: tuple[Hashable, ...], _build: Callable[[], folium.Map]) -> str:
    return _build().get_root().render()


@st.cache_data(show_spinner=False, max_entries=16)
def _plan_of(path: str, stamp: str, week: str) -> WeeklyPlan | None:
    return find_plan(Workspace(path), week)


def whole_plan(ws: Workspace, week: str) -> WeeklyPlan | None:
    """Return every team's plan of the week, cached: for a page that checked :func:`whole_week_shown`."""
    return _plan_of(*workspace_key(ws), week)


def plan_of(ws: Workspace, week: str) -> WeeklyPlan | None:
    """Return what the session's user may see of the week's stored plan, or ``None`` when it has none.

    The plan is read once (cached until the workspace changes) and cut to what the user may see
    (:func:`patrol_map.access.visible_plan`); the first view of a week in a session is recorded in
    the audit log, not every redraw.

    Raises
    ------
    WorkspaceError
        As :func:`find_plan`, for a stored plan that cannot be read (an error is never cached).
    AccessError
        When the user may see nothing of a week still to come.

    """
    user = current_user(ws)
    shown = visible_plan(ws, week, lambda: _plan_of(*workspace_key(ws), week), user)
    seen = st.session_state.setdefault("plans_seen", set())
    if shown is not None and user is not None and (user.name, week) not in seen:
        note(ws, user, "view", f"plan {week} in the app ({len(shown.patrols)} patrols)")
        seen.add((user.name, week))
    return shown


def whole_week_shown(ws: Workspace, week: str) -> bool:
    """Tell whether the session's user sees every team of ``week``; say why not on the page when not.

    The coverage and meeting pages compare every team's plan with what was done: a user who sees only
    their own teams of a week still to come sees those pages once it is over.
    """
    if sees_whole_week(ws, week, current_user(ws)):
        return True
    st.info(tr("week_not_over", lang(), week=week))
    return False


@st.cache_data(show_spinner=False, max_entries=4)
def _settings_of(path: str, stamp: str) -> CommuneSettings:
    return read_settings(Workspace(path))


def settings_of(ws: Workspace) -> CommuneSettings:
    """Return the commune's settings (:func:`read_settings`), cached until the workspace changes."""
    return _settings_of(*workspace_key(ws))


def figures(frame: pd.DataFrame, places: Mapping[str, int | str]) -> pd.DataFrame:
    """Return a copy of ``frame`` with the named columns' numbers written as the chosen language writes them.

    ``places`` maps a column to its decimals, ``"p"`` for a p- or q-value (:func:`p_value`) or
    ``"%"`` for a whole percent. Streamlit's number columns write a decimal point in every language
    (their format is printf's), so the figures are shown as text (``36,2`` in Vietnamese); the rows
    keep their order, and an empty or NaN value is left empty.
    """
    shown = frame.copy()
    for column, form in places.items():
        if form == "p":
            shown[column] = [p_value(value, lang()) for value in frame[column]]
        elif form == "%":
            shown[column] = [
                f"{number(value, lang())} %" if pd.notna(value) else "" for value in frame[column]
            ]
        else:
            shown[column] = [number(value, lang(), int(form)) for value in frame[column]]
    return shown


def workspace_key(ws: Workspace) -> tuple[str, str]:
    """Return what names a workspace's present content in a cache key: where it is and its last write."""
    return ws.where, ws.stamp()


def show_map(key: tuple[Hashable, ...], build: Callable[[], folium.Map], height: int) -> None:
    """Show a folium map as its own HTML page in a frame, built and rendered once per ``key``.

    ``key`` must name everything the map is drawn from (the page, the workspace and its
    modification time, the choices, the language): a repeat visit then costs only the frame.

    Not ``streamlit_folium.st_folium``: it is a two-way component (for clicks on the map), which no
    page uses, and it cost each visit 0.4–0.7 s to start its own script in the frame and 0.15–0.6 s
    to render the map again on every draw (measured on the sample commune, issue #14). The HTML is
    folium's own, with Leaflet from this machine (:mod:`patrol_map.maps.offline`); every text in it
    is escaped where the layers are made.
    """
    st.iframe(_map_html(key, build), height=height)
