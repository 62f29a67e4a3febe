"""The plan page's edit panel: lock a team, move a person, add or remove a stop, then re-plan the rest."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from patrol_map.errors import PatrolMapError
from patrol_map.io.places import BASE_KINDS
from patrol_map.plan.edits import Edits
from patrol_map.plan.schedule import replan
from patrol_map.plan.shifts import span_label
from patrol_map.plan.store import WeeklyPlan, save_plan
from patrol_map.ui.common import lang, read_layer, t
from patrol_map.workspace import Workspace


def render_edits(ws: Workspace, plan: WeeklyPlan) -> None:
    """Draw the edit panel of a stored plan; each change re-plans the week around what is kept."""
    st.subheader(t("edit_title"))
    patrols = plan.patrols
    st.caption(_kept(plan.edits, patrols, _place_names(ws, patrols)))
    labels = {_team_label(row): row["team_id"] for _, row in patrols.iterrows()}
    label = st.selectbox(t("edit_team"), options=list(labels), key=f"edit_team_{lang()}")
    team = labels[label]
    row = patrols.set_index("team_id").loc[team]
    columns = st.columns(2)
    if columns[0].button(t("lock_team"), key="edit_lock"):
        _apply(ws, plan, lambda edits: edits.lock_team(patrols, team))
    # Unlocking also takes back the stops added to the team.
    kept = team in plan.edits.members or team in plan.edits.stops
    if columns[1].button(t("unlock_team"), key="edit_unlock", disabled=not kept):
        _apply(ws, plan, lambda edits: edits.unlock_team(team))

    people = read_layer(ws, "people")
    names = {
        f"{name} ({t('force_' + force)})": pid
        for pid, name, force in zip(people["person_id"], people["name"], people["force"], strict=True)
        if pid not in row["members"]
    }
    person = st.selectbox(t("move_person"), options=list(names), key=f"edit_person_{lang()}")
    if st.button(t("move"), key="edit_move") and person:
        _apply(ws, plan, lambda edits: edits.move_person(patrols, names[person], team))

    places = _place_names(ws, patrols)
    add = st.selectbox(
        t("add_stop"), options=list(places), format_func=lambda p: places.get(p, p), key="edit_add_place"
    )
    if st.button(t("add"), key="edit_add") and add:
        _apply(ws, plan, lambda edits: edits.add_stop(patrols, team, add))

    fixed = list(plan.edits.stops.get(team, ()))
    if fixed:  # shown only then, so the choice starts afresh when its options change
        undo = st.selectbox(
            t("undo_stop"),
            options=fixed,
            format_func=lambda p: places.get(p, p),
            key=f"edit_undo_place_{team}",
        )
        if st.button(t("undo"), key="edit_undo") and undo:
            _apply(ws, plan, lambda edits: edits.drop_added_stop(team, undo))

    shift_stops = [s for stops in patrols.loc[patrols["shift_id"] == row["shift_id"], "stops"] for s in stops]
    drop = st.selectbox(
        t("remove_stop"), options=shift_stops, format_func=lambda p: places.get(p, p), key="edit_drop_place"
    )
    if st.button(t("remove"), key="edit_remove", disabled=not shift_stops) and drop:
        _apply(ws, plan, lambda edits: edits.remove_stop(patrols, row["shift_id"], drop))


def _apply(ws: Workspace, plan: WeeklyPlan, change: Callable[[Edits], Edits]) -> None:
    """Make the change, re-plan the week keeping every edit, and store it; or say which rule it breaks."""
    try:
        with st.status(t("edit_running"), expanded=False):
            new = replan(ws, plan, change(plan.edits))
    except PatrolMapError as exc:
        st.error(exc.message(lang()))
        return
    save_plan(ws, new)
    st.session_state["edit_message"] = t("edit_done")
    st.rerun()


def _team_label(row: pd.Series) -> str:
    number = str(row["team_id"]).rsplit("-", 1)[-1]
    return f"{span_label(row['shift_start'], row['shift_end'], lang())} · {number}"


def _place_names(ws: Workspace, patrols: pd.DataFrame) -> dict[str, str]:
    """Return every place a stop may be made at (the commander's and the plan's hotspots): id -> name."""
    places = read_layer(ws, "places")
    names = dict(zip(places["place_id"], places["name"], strict=True))
    bases = set(places.loc[places["kind"].isin(BASE_KINDS), "place_id"])
    names = {pid: name for pid, name in names.items() if pid not in bases}
    for stops, stop_names in zip(patrols["stops"], patrols["stop_names"], strict=True):
        names.update(zip(stops, stop_names, strict=True))
    return dict(sorted(names.items(), key=lambda item: item[1]))


def _kept(edits: Edits, patrols: pd.DataFrame, places: dict[str, str]) -> str:
    """Say what the plan keeps, naming teams by shift and number and places by name."""
    teams = {row["team_id"]: _team_label(row) for _, row in patrols.iterrows()}
    shifts = {
        row["shift_id"]: span_label(row["shift_start"], row["shift_end"], lang())
        for _, row in patrols.iterrows()
    }

    def named(stops: tuple[str, ...]) -> str:
        return ", ".join(places.get(p, p) for p in stops)

    items = [t("edit_locked_team", team=teams.get(team, team)) for team in edits.members]
    items += [
        t("edit_fixed_stops", team=teams.get(team, team), stops=named(s)) for team, s in edits.stops.items()
    ]
    items += [
        t("edit_removed", shift=shifts.get(sid, sid), stops=named(s)) for sid, s in edits.removed.items()
    ]
    return t("edits_kept", items="; ".join(items)) if items else t("edits_none")
