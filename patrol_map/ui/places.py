"""The places page: the bases, markets, school gates and other places patrols stop at, with their hours.

Each place's name, kind, priority, hours and days are edited in a table and saved through the same
checks as an imported list (:func:`patrol_map.ui.editing.table_editor`); positions stay as stored
(a place is added by importing a map file, or a table with its coordinates, on the import page).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from patrol_map.importing import editable_places
from patrol_map.io.places import PLACE_KINDS
from patrol_map.io.timetable import days_text
from patrol_map.ui.common import lang, t, workspace
from patrol_map.ui.editing import table_editor

#: The columns shown, in order; the position and ``is_synthetic`` are kept as stored, unseen.
COLUMNS = ("place_id", "name", "kind", "priority", "hours", "days")


def render() -> None:
    """Draw the places page."""
    ws = workspace()
    st.title(t("page_places"))
    st.caption(t("places_help"))
    if not ws.has("places"):
        st.info(t("places_none"))
        return
    stored = editable_places(ws)
    shown = stored[list(COLUMNS)].fillna("")
    shown["days"] = [days_text(days, lang()) for days in shown["days"]]  # "T2, T3", not "mon,tue"
    kinds = {key: vi if lang() == "vi" else en for key, (vi, en) in PLACE_KINDS.items()}
    column = st.column_config
    table_editor(
        ws,
        "places",
        shown,
        {
            "place_id": column.TextColumn(t("field_place_id"), disabled=True),
            "name": column.TextColumn(t("field_name"), required=True),
            "kind": column.SelectboxColumn(
                t("field_kind"), options=list(kinds), format_func=lambda k: kinds[str(k)], required=True
            ),
            "priority": column.NumberColumn(t("field_priority"), min_value=1, max_value=3, step=1),
            "hours": column.TextColumn(t("field_hours"), help=t("places_hours_help")),
            "days": column.TextColumn(t("field_days"), help=t("places_days_help")),
        },
        lambda edited: _with_positions(edited, stored),
        num_rows="fixed",
    )


def _with_positions(edited: pd.DataFrame, stored: pd.DataFrame) -> pd.DataFrame:
    """Return the edited rows with each place's position and synthetic flag as stored."""
    kept = stored.set_index("place_id")[["lon", "lat", "is_synthetic"]]
    return edited.join(kept, on="place_id")
