"""The settings page: the commune's shifts, teams, stops, patrol-find weight, festival days and basemap.

Everything is saved at once through :func:`patrol_map.commune_settings.save_settings`, which checks
every value first (a refusal is shown in words and nothing stored changes); the stored hotspots and
forecast are then brought up to date (they weigh patrol finds as the commune says).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

import pandas as pd
import streamlit as st

from patrol_map.commune_settings import LIMITS, CommuneSettings, Festival, save_settings
from patrol_map.errors import PatrolMapError
from patrol_map.plan.settings import PlanSettings
from patrol_map.plan.shifts import shift_times
from patrol_map.results import refresh
from patrol_map.ui.common import lang, settings_of, t, workspace

#: The ways of patrolling, in the order offered.
MODES = ("moto", "foot")


def _shift_table(plan: PlanSettings) -> pd.DataFrame:
    planned = plan.shifts or tuple(s.name for s in plan.shift_times)
    return pd.DataFrame(
        {
            "name": [s.name for s in plan.shift_times],
            "label": [t(f"shift_{s.name}") for s in plan.shift_times],
            "start": [s.start for s in plan.shift_times],
            "hours": [s.hours for s in plan.shift_times],
            "planned": [s.name in planned for s in plan.shift_times],
        }
    )


def _festival_table(settings: CommuneSettings) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "day": pd.Series([f.day for f in settings.festivals], dtype="object"),
            "vi": pd.Series([f.vi for f in settings.festivals], dtype="object"),
            "en": pd.Series([f.en for f in settings.festivals], dtype="object"),
        }
    )


def _festivals_of(table: pd.DataFrame) -> tuple[Festival, ...]:
    """Return the festivals of the edited table; a row with no date and no name is an empty new row."""
    festivals = []
    for number, row in enumerate(table.itertuples(index=False), start=1):
        day, vi, en = row.day, _text(row.vi), _text(row.en)
        if _blank(day) and not vi and not en:
            continue
        if _blank(day):
            raise ValueError(t("festival_no_day", row=number))
        festivals.append(Festival(_day(day), vi, en))
    return tuple(festivals)


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, (date, str)) and pd.isna(value))


def _text(value: object) -> str:
    return "" if _blank(value) else str(value).strip()


def _day(value: object) -> date:
    return value.date() if isinstance(value, datetime) else pd.Timestamp(value).date()


def _time(value: object) -> time:
    return value if isinstance(value, time) else pd.Timestamp(str(value)).time()


def _form(stored: CommuneSettings) -> CommuneSettings | None:
    """Draw the settings form; return the settings it was submitted with, else ``None``."""
    nonce = st.session_state.get("settings_nonce", 0)
    suffix = f"{nonce}_{lang()}"  # afresh after a save (the stored values shown), and per language
    plan = stored.plan
    column = st.column_config
    with st.form(f"settings_form_{suffix}"):
        st.subheader(t("settings_shifts"))
        shifts = st.data_editor(
            _shift_table(plan),
            hide_index=True,
            num_rows="fixed",
            column_order=("label", "start", "hours", "planned"),
            column_config={
                "label": column.TextColumn(t("col_shift"), disabled=True),
                "start": column.TimeColumn(t("settings_start"), format="HH:mm", step=900, required=True),
                "hours": column.NumberColumn(
                    t("settings_hours"), min_value=1, max_value=12, step=0.5, format="%g", required=True
                ),
                "planned": column.CheckboxColumn(t("settings_planned")),
            },
            key=f"settings_shifts_{suffix}",
        )
        st.subheader(t("settings_teams"))
        left, middle, right = st.columns(3)
        teams = left.number_input(
            t("teams_per_shift"),
            min_value=int(LIMITS["teams_per_shift"][0]),
            max_value=int(LIMITS["teams_per_shift"][1]),
            value=plan.teams_per_shift,
            key=f"settings_teams_{suffix}",
        )
        least = middle.number_input(
            t("team_size_min"),
            min_value=int(LIMITS["team_size"][0]),
            max_value=int(LIMITS["team_size"][1]),
            value=plan.team_size[0],
            key=f"settings_size_{suffix}",
        )
        most = right.number_input(
            t("team_size_max"),
            min_value=int(LIMITS["team_size"][0]),
            max_value=int(LIMITS["team_size"][1]),
            value=plan.team_size[1],
            key=f"settings_size_max_{suffix}",
        )
        left, middle, right = st.columns(3)
        minutes = left.number_input(
            t("settings_stop_minutes"),
            min_value=float(LIMITS["stop_minutes"][0]),
            max_value=float(LIMITS["stop_minutes"][1]),
            value=float(plan.stop_minutes),
            step=1.0,
            format="%g",  # 12, not 12.00: a whole number of minutes reads as one
            key=f"settings_minutes_{suffix}",
        )
        mode = middle.radio(
            t("settings_mode"),
            MODES,
            index=MODES.index(plan.mode),
            format_func=lambda m: t(f"mode_{m}"),
            horizontal=True,
            key=f"settings_mode_{suffix}",
        )
        unpredictability = right.slider(
            t("unpredictability"),
            0.0,
            1.0,
            value=float(plan.unpredictability),
            step=0.1,
            help=t("unpredictability_help"),
            key=f"settings_unpredictability_{suffix}",
        )
        st.subheader(t("settings_hotspots"))
        weight = st.slider(
            t("patrol_weight"),
            0.0,
            1.0,
            value=float(stored.patrol_weight),
            step=0.1,
            help=t("patrol_weight_help"),
            key=f"settings_weight_{suffix}",
        )
        st.subheader(t("settings_festivals"))
        st.caption(t("settings_festivals_help"))
        festivals = st.data_editor(
            _festival_table(stored),
            hide_index=True,
            num_rows="dynamic",
            width="stretch",
            column_config={
                "day": column.DateColumn(t("col_date"), format="DD/MM/YYYY"),
                "vi": column.TextColumn(t("festival_name_vi"), max_chars=120),
                "en": column.TextColumn(t("festival_name_en"), max_chars=120),
            },
            key=f"settings_festivals_{suffix}",
        )
        st.subheader(t("settings_basemap"))
        basemap = st.text_input(
            t("settings_basemap_file"),
            value=stored.basemap,
            help=t("settings_basemap_help"),
            key=f"settings_basemap_{suffix}",
        )
        if not st.form_submit_button(t("settings_save"), type="primary", key="settings_save"):
            return None
    try:
        times = shift_times([(row.name, _time(row.start), float(row.hours)) for row in shifts.itertuples()])
        planned = tuple(row.name for row in shifts.itertuples() if row.planned)
        if not planned:
            raise ValueError(t("settings_no_shift"))
        wanted = replace(
            plan,
            shift_times=times,
            shifts=planned if 0 < len(planned) < len(times) else None,
            teams_per_shift=int(teams),
            team_size=(int(least), int(most)),
            stop_minutes=float(minutes),
            mode=str(mode),
            unpredictability=float(unpredictability),
        )
        # What the page does not show (whether viewers see plans to come) is kept as stored.
        return replace(
            stored,
            plan=wanted,
            patrol_weight=float(weight),
            festivals=_festivals_of(festivals),
            basemap=basemap.strip(),
        )
    except PatrolMapError as exc:
        st.error(exc.message(lang()))
    except ValueError as exc:
        st.error(str(exc))
    return None


def render() -> None:
    """Draw the settings page."""
    ws = workspace()
    st.title(t("page_settings"))
    st.caption(t("settings_help"))
    for level, text in st.session_state.pop("settings_said", []):
        getattr(st, level)(text)
    stored = settings_of(ws)
    wanted = _form(stored)
    if wanted is None:
        return
    try:
        with st.status(t("settings_saving"), expanded=False):
            save_settings(ws, wanted)
            refresh(ws)  # the stored hotspots and forecast weigh patrol finds as now set
    except PatrolMapError as exc:
        st.error(exc.message(lang()))
        return
    st.session_state["settings_said"] = [("success", t("settings_saved"))]
    st.session_state["settings_nonce"] = st.session_state.get("settings_nonce", 0) + 1
    st.cache_data.clear()
    st.rerun()
