"""The tips page (the commander's): tips counted by village, a tips file imported, tips and suspects read.

The tips' content and informants open only with the workspace's passphrase, typed for one look: it
is not kept in the session, and the table goes when the page is drawn again. Every look is recorded
(:func:`patrol_map.access.tips_for`).
"""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import streamlit as st

from patrol_map.access import suspects_for, tips_for
from patrol_map.errors import PatrolMapError
from patrol_map.importing import import_file
from patrol_map.tips import tip_counts
from patrol_map.ui.common import current_user, lang, t, workspace
from patrol_map.workspace import Workspace

#: The counts cover the tips of this many days up to today.
COUNT_DAYS = 90


def render() -> None:
    """Draw the tips page."""
    ws = workspace()
    st.title(t("page_tips"))
    st.caption(t("tips_help"))
    for text in st.session_state.pop("tips_said", []):
        st.success(text)
    today = date.today()
    counts = tip_counts(ws, today - timedelta(days=COUNT_DAYS), today)
    st.subheader(t("tips_counts", days=COUNT_DAYS))
    st.dataframe(
        counts.rename(
            columns={
                "village": t("col_village"),
                "received": t("col_tips_received"),
                "valuable": t("col_tips_valuable"),
            }
        ),
        hide_index=True,
        width="stretch",
    )
    _import(ws)
    _read(ws)


def _import(ws: Workspace) -> None:
    with st.form("tips_import", clear_on_submit=True):
        st.subheader(t("tips_import"))
        upload = st.file_uploader(t("tips_file"), type=["csv", "xlsx", "xls", "ods"])
        passphrase = st.text_input(t("tips_passphrase"), type="password", key="tips_import_passphrase")
        if not st.form_submit_button(t("tips_import_button")) or upload is None:
            return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        try:
            report = import_file(ws, "tips", path, passphrase=passphrase)
        except PatrolMapError as exc:
            st.error(exc.message(lang()))
            return
    st.session_state["tips_said"] = [notice.message(lang()) for notice in report.notices]
    st.rerun()


def _read(ws: Workspace) -> None:
    with st.form("tips_read", clear_on_submit=True):
        st.subheader(t("tips_read"))
        passphrase = st.text_input(t("tips_passphrase"), type="password", key="tips_read_passphrase")
        if not st.form_submit_button(t("tips_read_button")):
            return
    try:
        user = current_user(ws)
        tips = tips_for(ws, user, passphrase)
        suspects = suspects_for(ws, user, passphrase)
    except PatrolMapError as exc:
        st.error(exc.message(lang()))
        return
    worded = {"yes": t("yes"), "no": t("no"), "": ""}  # the stored keys, as the chosen language says them
    _table(
        tips.assign(valuable=tips["valuable"].map(worded)),
        {
            "date": "col_date",
            "village": "col_village",
            "content": "tips_content",
            "informant_name": "tips_informant",
            "informant_phone": "tips_phone",
            "valuable": "col_tips_valuable",
        },
    )
    if len(suspects):
        st.subheader(t("tips_suspects"))
        _table(
            suspects,
            {
                "incident_id": "tips_incident",
                "date": "col_date",
                "village": "col_village",
                "category": "tips_category",
                "suspect": "tips_suspect",
            },
        )


def _table(frame: pd.DataFrame, headers: dict[str, str]) -> None:
    """Show ``frame``'s columns named in ``headers`` (column -> text key), headed in the chosen language."""
    st.dataframe(
        frame[list(headers)].rename(columns={column: t(key) for column, key in headers.items()}),
        hide_index=True,
        width="stretch",
    )
