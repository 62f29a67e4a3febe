"""The people page: the commune's police officers and militia members, when each can patrol and their leave.

Edited in a table and saved through the same checks as an imported list
(:func:`patrol_map.ui.editing.table_editor`): a wrong cell refuses the whole table, naming the row
and the column, and nothing stored changes. The next plan (or re-plan) uses what is saved.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from patrol_map.io.people import availability_text, leave_text
from patrol_map.ui.common import lang, read_layer, t, workspace
from patrol_map.ui.editing import table_editor

#: The columns shown, in order; ``is_synthetic`` is kept as it was, unseen.
COLUMNS = ("person_id", "name", "force", "rank", "phone", "availability", "leave")
FORCES = ("police", "militia")


def render() -> None:
    """Draw the people page."""
    ws = workspace()
    st.title(t("page_people"))
    st.caption(t("people_help"))
    empty = pd.DataFrame(columns=[*COLUMNS, "is_synthetic"])
    stored = read_layer(ws, "people") if ws.has("people") else empty
    shown = pd.DataFrame(stored)[[c for c in COLUMNS if c in stored.columns]].fillna("")
    # As a reader writes them ("T2, T3, tối", "24/11/2026..26/11/2026"), not as they are stored.
    shown["availability"] = [availability_text(a, lang()) for a in shown["availability"]]
    shown["leave"] = [leave_text(days, lang()) for days in shown["leave"]]
    column = st.column_config
    table_editor(
        ws,
        "people",
        shown,
        {
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
        lambda edited: _with_flags(edited, stored),
    )


def _with_flags(edited: pd.DataFrame, stored: pd.DataFrame) -> pd.DataFrame:
    """Return the edited rows with each person's synthetic flag as stored (a person added: false)."""
    flags = dict(zip(stored["person_id"], stored["is_synthetic"], strict=True)) if len(stored) else {}
    return edited.assign(is_synthetic=[bool(flags.get(pid, False)) for pid in edited["person_id"]])
