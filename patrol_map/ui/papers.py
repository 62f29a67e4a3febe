"""The papers page: the briefing of a week, a month or a quarter, and the patrol orders of a week, to print.

Each paper is made on demand (a button: it takes a few seconds, shown with ``st.status``) by the
same functions as ``patrol-map briefing`` and ``patrol-map orders`` (:mod:`patrol_map.meeting`), then
offered as a download the browser can print.
"""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

import streamlit as st

from patrol_map.errors import AccessError, PatrolMapError
from patrol_map.meeting import write_briefing, write_orders
from patrol_map.plan.shifts import PERIOD_KINDS, period_of, week_of
from patrol_map.plan.store import planned_weeks
from patrol_map.ui.common import current_user, lang, plan_days, plan_of, t, workspace
from patrol_map.workspace import Workspace


def render() -> None:
    """Draw the papers page."""
    ws = workspace()
    st.title(t("page_papers"))
    st.subheader(t("papers_briefing"))
    st.caption(t("papers_briefing_help"))
    left, right = st.columns(2)
    kind = left.radio(
        t("papers_period_kind"),
        PERIOD_KINDS,
        format_func=lambda k: t(f"papers_kind_{k}"),
        horizontal=True,
        key="papers_kind",
    )
    last_week = date.today() - timedelta(days=7)
    day = right.date_input(t("papers_period_day"), value=last_week, key="papers_day", format="DD/MM/YYYY")
    period = period_of(day, kind)
    if st.button(t("papers_make_briefing", period=period), key="papers_make_briefing", type="primary"):
        _make(ws, "briefing", period)
    _offer("briefing")
    st.divider()
    st.subheader(t("papers_orders"))
    weeks = planned_weeks(ws)
    if not weeks:
        st.info(t("papers_no_plan"))
        return
    today = week_of(date.today())
    week = st.selectbox(
        t("papers_orders_week"),
        weeks,
        index=weeks.index(today) if today in weeks else len(weeks) - 1,
        key="papers_week",
    )
    try:
        plan = plan_of(ws, week)
    except AccessError as exc:
        st.info(exc.message(lang()))
        return
    days = plan_days(plan.patrols) if plan is not None else {}
    # Options are the labels themselves, keyed per language: the labels change with it.
    label = st.selectbox(t("papers_orders_day"), [t("all_days"), *days], key=f"papers_orders_day_{lang()}")
    if st.button(t("papers_make_orders"), key="papers_make_orders", type="primary"):
        _make(ws, "orders", week, days.get(label))
    _offer("orders")


def _make(ws: Workspace, paper: str, period: str, day: str | None = None) -> None:
    """Make a paper into memory, with progress shown, and keep it for the download button."""
    with (
        st.status(t(f"papers_making_{paper}", period=period), expanded=False) as status,
        tempfile.TemporaryDirectory() as folder,
    ):
        out = Path(folder) / f"{paper}.pdf"
        try:
            if paper == "briefing":
                write_briefing(
                    ws, period, out, lang(), xlsx=Path(folder) / "tables.xlsx", user=current_user(ws)
                )
                files = {"pdf": out.read_bytes(), "xlsx": (Path(folder) / "tables.xlsx").read_bytes()}
            else:
                write_orders(ws, period, out, lang(), day=day, user=current_user(ws))
                files = {"pdf": out.read_bytes()}
        except PatrolMapError as exc:
            status.update(label=exc.message(lang()), state="error")
            return
        status.update(label=t("papers_ready"), state="complete")
    name = f"{'bao_cao' if paper == 'briefing' else 'lenh_tuan_tra'}_{period}{'_' + day if day else ''}"
    st.session_state[f"papers_{paper}"] = (name, files)


def _offer(paper: str) -> None:
    made = st.session_state.get(f"papers_{paper}")
    if made is None:
        return
    name, files = made
    columns = st.columns(len(files))
    mimes = {
        "pdf": "application/pdf",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    for column, (suffix, data) in zip(columns, files.items(), strict=True):
        column.download_button(
            t(f"papers_download_{suffix}", name=f"{name}.{suffix}"),
            data,
            file_name=f"{name}.{suffix}",
            mime=mimes[suffix],
            key=f"papers_download_{paper}_{suffix}",
        )
