"""Weekly plan page: make the week's joint patrols, read them as tables and on the map."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from functools import partial

import streamlit as st

from patrol_map.errors import AccessError, PatrolMapError, WorkspaceError
from patrol_map.i18n import number
from patrol_map.maps.views import plan_map
from patrol_map.plan.edits import Edits
from patrol_map.plan.schedule import plan_with
from patrol_map.plan.settings import PlanSettings
from patrol_map.plan.shifts import DEFAULT_SHIFTS, chosen_templates, day_label, parse_week, week_of
from patrol_map.plan.store import WeeklyPlan, plan_history, planned_weeks, save_plan
from patrol_map.report.exports import FORMATS, export_bytes, export_name
from patrol_map.report.stoplist import stop_table
from patrol_map.report.tables import carried_stops, load_spreads, load_table, person_turns, team_table
from patrol_map.risk.holidays import holiday_calendar
from patrol_map.security.roles import Right
from patrol_map.ui.common import (
    current_user,
    day_and_shift,
    figures,
    lang,
    plan_of,
    read_layer,
    settings_of,
    show_map,
    t,
    week_chooser,
    workspace,
    workspace_key,
)
from patrol_map.ui.plan_edits import render_edits
from patrol_map.workspace import Workspace

#: The form's widgets (key -> least, most), filled from the settings of the week's stored plan.
_FORM_RANGES = {
    "plan_seed": (0, None),
    "plan_teams": (1, 12),
    "plan_size": (2, 8),
    "plan_size_max": (2, 8),
    "plan_unpredictability": (0.0, 1.0),
}

#: The export formats that hold no stop list, so a plan whose stops do not match is still written.
_WITHOUT_STOP_LIST = ("geojson",)


def _form_values(plan: WeeklyPlan | None, commune: PlanSettings) -> dict[str, object]:
    """Return the form's values for a week: its stored plan's settings, else the commune's."""
    settings = plan.settings if plan is not None else commune
    values: dict[str, float] = {
        "plan_seed": settings.seed,
        "plan_teams": settings.teams_per_shift,
        "plan_size": settings.team_size[0],
        "plan_size_max": settings.team_size[1],
        "plan_unpredictability": settings.unpredictability,
    }
    for key, (least, most) in _FORM_RANGES.items():  # a plan of the command line may go beyond the form
        values[key] = max(least, values[key] if most is None else min(most, values[key]))
    try:
        chosen = {t.name for t in chosen_templates(settings.shifts or None)}
    except PatrolMapError:
        chosen = {s.name for s in DEFAULT_SHIFTS}
    return {
        **values,
        "plan_shifts": [s.name for s in DEFAULT_SHIFTS if s.name in chosen],
        "plan_carry_missed": settings.carry_missed,
    }


def _fill_form(week: str, plan: WeeklyPlan | None, commune: PlanSettings) -> None:
    """Show the week's settings in the form when another week is chosen (or the form was cleared).

    A keyed widget takes its value from the session state after its first run, so the values are
    set there, and the shift choice of each language is forgotten so it starts from ``plan_shifts``.
    """
    if st.session_state.get("plan_form_week") == week and "plan_seed" in st.session_state:
        return
    st.session_state.update(_form_values(plan, commune))
    for code in ("vi", "en"):
        st.session_state.pop(f"plan_shifts_{code}", None)
    st.session_state["plan_form_week"] = week


def _plan_form(ws: Workspace, week: str, stored: WeeklyPlan | None) -> bool:
    """Draw the form that makes the week's plan, keeping the stored plan's edits; True once it is saved.

    What the form does not show (when the shifts are, stop minutes, motorbike or foot) is the
    commune's settings page's.
    """
    commune = settings_of(ws).plan
    _fill_form(week, stored, commune)
    times = {template.name: template.span() for template in commune.shift_times}
    edits = stored.edits if stored is not None else Edits()
    with st.form("plan_form"):
        columns = st.columns(4)
        seed = columns[0].number_input(t("seed"), min_value=0, step=1, key="plan_seed")
        teams = columns[1].number_input(t("teams_per_shift"), min_value=1, max_value=12, key="plan_teams")
        smallest = columns[2].number_input(t("team_size_min"), min_value=2, max_value=8, key="plan_size")
        largest = columns[3].number_input(t("team_size_max"), min_value=2, max_value=8, key="plan_size_max")
        shifts = st.multiselect(
            t("shifts"),
            options=[s.name for s in DEFAULT_SHIFTS],
            default=st.session_state.get("plan_shifts", [s.name for s in DEFAULT_SHIFTS]),
            format_func=lambda name: f"{t(f'shift_{name}')} ({times[name]})",
            placeholder=t("choose_shifts"),
            key=f"plan_shifts_{lang()}",  # per language: the labels change with it
        )
        st.session_state["plan_shifts"] = shifts  # the choice outlives a change of language
        unpredictability = st.slider(
            t("unpredictability"),
            min_value=0.0,
            max_value=1.0,
            step=0.1,
            help=t("unpredictability_help"),
            key="plan_unpredictability",
        )
        carry = st.checkbox(t("carry_missed"), help=t("carry_missed_help"), key="plan_carry_missed")
        minutes = number(commune.stop_minutes, lang(), 0 if float(commune.stop_minutes).is_integer() else 1)
        st.caption(t("plan_from_settings", minutes=minutes, mode=t(f"mode_{commune.mode}")))
        if edits:
            st.caption(t("plan_keeps_edits"))
        if st.form_submit_button(t("make_plan"), type="primary"):
            try:
                settings = PlanSettings.for_week(
                    commune,
                    seed=int(seed),
                    shifts=tuple(shifts) if shifts else None,
                    teams_per_shift=int(teams),
                    team_size=(int(smallest), max(int(smallest), int(largest))),
                    unpredictability=float(unpredictability),
                    carry_missed=bool(carry),
                )
                if not shifts:  # none chosen: every shift, whatever the stored plan had
                    settings = replace(settings, shifts=None)
                with st.status(t("plan_running", week=week), expanded=False):
                    plan = plan_with(ws, week, settings, edits)
                    save_plan(ws, plan)
                st.success(t("plan_saved", week=plan.week))
                if plan.unreachable:
                    st.warning(t("unreachable", places=", ".join(plan.unreachable)))
                return True
            except PatrolMapError as exc:
                st.error(exc.message(lang()))
    return False


def _scores(plan: WeeklyPlan) -> None:
    """Show the risk covered beside the predictability, and warn when the plan is predictable."""
    score = plan.predictability
    columns = st.columns(2)
    columns[0].metric(t("risk_covered"), f"{plan.risk_covered:.0%}")
    # With no earlier week there is nothing to repeat: "0 %" would read as a measured, perfect score.
    shown = f"{score.score:.0%}" if score.weeks else t("no_history")
    columns[1].metric(t("predictability"), shown, help=t("predictability_help", weeks=score.weeks))
    if score.is_predictable:
        st.warning(t("predictable_warning", score=f"{score.score:.0%}"))


def _downloads(plan: WeeklyPlan) -> None:
    """Offer every format the plan can be written in, each built only when its button is clicked.

    Building them all took most of a second of each draw. Only the stop lists can refuse a plan
    (stops that do not match their times), so that check is made once, here, and said in words.
    """
    try:
        stop_table(plan)
        refusal = None
    except PatrolMapError as exc:
        refusal = exc.message(lang())
    columns = st.columns(3)
    for k, fmt in enumerate(FORMATS):
        label = t(f"download_{fmt}")
        if refusal is not None and fmt not in _WITHOUT_STOP_LIST:
            columns[k % 3].error(f"{label}: {refusal}")
            continue
        file_name, mime = export_name(plan, fmt)
        columns[k % 3].download_button(
            label,
            data=partial(_export_data, plan, fmt),
            file_name=file_name,
            mime=mime,
            on_click="ignore",  # a download needs no new draw of the page
            key=f"download_{fmt}",
        )


def _export_data(plan: WeeklyPlan, fmt: str) -> bytes:
    return export_bytes(plan, fmt).data


def _holidays(ws: Workspace, week: str) -> None:
    """Name the week's public holidays and the commune's festival days (more patrols are usual then)."""
    monday = parse_week(week)
    calendar = holiday_calendar(monday, monday + timedelta(days=6), settings_of(ws).festival_days())
    if len(calendar):
        names = calendar["name_vi" if lang() == "vi" else "name_en"]
        days = "; ".join(
            f"{day_label(day.date(), lang())}: {name}"
            for day, name in zip(calendar["date"], names, strict=True)
        )
        st.info(t("week_holidays", days=days))


def render() -> None:
    """Draw the weekly plan page."""
    ws = workspace()
    st.title(t("page_plan"))
    week = week_chooser(t("week_choose"), "plan_week", planned_weeks(ws), week_of(date.today()))
    _holidays(ws, week)
    try:
        plan = plan_of(ws, week)
    except (WorkspaceError, AccessError) as exc:  # a stored plan that cannot be read is no "plan yet"
        st.error(exc.message(lang()))
        return
    user = current_user(ws)
    plans = user is None or user.can(Right.EDIT_DATA)
    # Folded once the week has a plan: in a meeting the map comes first, the settings when asked for.
    if plans:
        with st.expander(t("plan_form_title"), expanded=plan is None):
            saved = _plan_form(ws, week, plan)
        if saved:
            plan = plan_of(ws, week)
    if plan is None:  # the commune to plan on: its villages, roads and bases
        st.warning(t("no_plan", week=week))
        show_map(("plan", *workspace_key(ws), None, lang()), lambda: plan_map(ws, None, lang()), height=560)
        return
    if "edit_message" in st.session_state:
        st.success(st.session_state.pop("edit_message"))
    rounds, turns = person_turns(plan)
    st.caption(t("person_turns", teams=rounds, people=turns))
    _scores(plan)
    if plan.unreachable:
        st.warning(t("unreachable", places=", ".join(plan.unreachable)))
    carried = carried_stops(plan, lang())
    if carried:  # one line; the places, as many as there are, when unfolded
        with st.expander(t("carried_stops", count=len(carried))):
            st.markdown("; ".join(carried))
    shown, on_map = day_and_shift(plan, "plan")
    show_map(
        ("plan", *workspace_key(ws), tuple(on_map["patrol_id"]), lang()),
        lambda: plan_map(ws, on_map, lang()),
        height=560,
    )

    st.subheader(t("teams_title"))
    teams = figures(team_table(shown, lang()), {t("col_length"): 1, t("col_risk"): 1})
    st.dataframe(teams, hide_index=True, width="stretch")
    st.subheader(t("load_title"))
    people, history = read_layer(ws, "people"), plan_history(ws, week)
    st.dataframe(load_table(plan, people, lang(), history), hide_index=True, width="stretch")
    spreads = load_spreads(plan, people, history)
    items = [
        t("load_spread_item", force=t(f"force_{force.value}"), week=week_spread, five=five)
        for force, (week_spread, five) in spreads.items()
    ]
    st.caption(t("load_spread", items="; ".join(items)))
    if plans:
        render_edits(ws, plan)
    _downloads(plan)
