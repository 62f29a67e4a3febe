"""The people page: the commune's police officers and militia members, when each can patrol and their leave.

Edited in a table and saved through the same checks as an imported list
(:func:`patrol_map.importing.import_people_table`): a wrong cell refuses the whole table, naming
the row and the column, and nothing stored changes. The next plan (or re-plan) uses what is saved.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from patrol_map.errors import PatrolMapError
from patrol_map.importing import import_people_table
from patrol_map.io.people import availability_text, leave_text
from patrol_map.ui.common import lang, read_layer, t, workspace

#: The columns shown, in order; ``is_synthetic`` is kept as it was, unseen.
COLUMNS = ("person_id", "name", "force", "rank", "phone", "availability", "leave")
FORCES = ("police", "militia")


def render() -> None:
    """Draw the people page."""
    ws = workspace()
    st.title(t("page_people"))
    st.caption(t("people_help"))
    for kind, text in st.session_state.pop("people_said", []):
        getattr(st, kind)(text)
    stored = (
        read_layer(ws, "people") if ws.has("people") else pd.DataFrame(columns=[*COLUMNS, "is_synthetic"])
    )
    shown = pd.DataFrame(stored)[[c for c in COLUMNS if c in stored.columns]].fillna("")
    # As a reader writes them ("T2, T3, tối", "24/11/2026..26/11/2026"), not as they are stored.
    shown["availability"] = [availability_text(a, lang()) for a in shown["availability"]]
    shown["leave"] = [leave_text(days, lang()) for days in shown["leave"]]
    column = st.column_config
    nonce = st.session_state.get("people_nonce", 0)
    edited = st.data_editor(
        shown,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            "person_id": column.TextColumn(t("field_person_id"), required=True),
            "name": column.TextColumn(t("field_name"), required=True),
            "force": column.SelectboxColumn(
                t("field_force"),
                options=list(FORCES),
                format_func=lambda force: t(f"force_{force}"),
                required=True,
            ),
            "rank": column.TextColumn(t("field_rank")),
            "phone": column.TextColumn(t("field_phone")),
            "availability": column.TextColumn(t("field_availability"), help=t("people_availability_help")),
            "leave": column.TextColumn(t("field_leave"), help=t("people_leave_help")),
        },
        key=f"people_table_{nonce}_{lang()}",  # per language: the cells are written in it
    )
    if st.button(t("people_save"), type="primary", key="people_save"):
        try:
            with st.status(t("people_saving"), expanded=False):
                report = import_people_table(ws, _with_flags(edited, stored))
        except PatrolMapError as exc:
            st.error(exc.message(lang()))
            return
        st.session_state["people_said"] = [("success", n.message(lang())) for n in report.notices]
        st.session_state["people_nonce"] = nonce + 1
        st.cache_data.clear()
        st.rerun()


def _with_flags(edited: pd.DataFrame, stored: pd.DataFrame) -> pd.DataFrame:
    """Return the edited rows with each person's synthetic flag as stored (a person added: false)."""
    flags = dict(zip(stored["person_id"], stored["is_synthetic"], strict=True)) if len(stored) else {}
    return edited.assign(is_synthetic=[bool(flags.get(pid, False)) for pid in edited["person_id"]])
