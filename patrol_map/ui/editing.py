"""Editing a stored table in the app (the people, the places) and saving it through the import's checks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

import pandas as pd
import streamlit as st

from patrol_map.errors import PatrolMapError
from patrol_map.importing import import_edited_table
from patrol_map.ui.common import lang, t
from patrol_map.workspace import Workspace


def table_editor(
    ws: Workspace,
    kind: str,
    shown: pd.DataFrame,
    columns: Mapping[str, Any],
    complete: Callable[[pd.DataFrame], pd.DataFrame],
    num_rows: Literal["fixed", "dynamic"] = "dynamic",
) -> None:
    """Show ``shown`` to edit and a save button; saved, the page is drawn again with what was stored.

    ``complete`` adds to the edited rows what the table does not show (a flag, a position) before
    :func:`patrol_map.importing.import_edited_table` checks and stores them; a refusal is shown in
    words, naming the row and the column, and nothing stored changes. The editor is keyed per
    language (its cells may be written in it) and starts afresh after a save.
    """
    for level, text in st.session_state.pop(f"{kind}_said", []):
        getattr(st, level)(text)
    nonce = st.session_state.get(f"{kind}_nonce", 0)
    edited = st.data_editor(
        shown,
        num_rows=num_rows,
        hide_index=True,
        width="stretch",
        column_config=dict(columns),
        key=f"{kind}_table_{nonce}_{lang()}",
    )
    if not st.button(t(f"{kind}_save"), type="primary", key=f"{kind}_save"):
        return
    try:
        with st.status(t("table_saving"), expanded=False):
            report = import_edited_table(ws, kind, complete(edited))
    except PatrolMapError as exc:
        st.error(exc.message(lang()))
        return
    st.session_state[f"{kind}_said"] = [("success", notice.message(lang())) for notice in report.notices]
    st.session_state[f"{kind}_nonce"] = nonce + 1
    st.cache_data.clear()
    st.rerun()
