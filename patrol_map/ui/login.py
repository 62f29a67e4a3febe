"""Logging in to the app: the form, the session's user, its time-out and logging out.

A workspace without accounts opens to whoever sits at the screen, as the command line does; the
accounts page offers to create the first one. Once it has accounts, no page is drawn before a log-in
(:func:`patrol_map.security.accounts.log_in`: the same lock-out, the same audit), and a session
left alone for :data:`SESSION_TIMEOUT` asks for the password again at its next click. The account is
read again at every step, so a removed account or a changed role takes effect at once.
"""

from __future__ import annotations

import time

import streamlit as st

from patrol_map.errors import AccessError
from patrol_map.plan.store import settle_plans
from patrol_map.security.accounts import User, account_of, has_accounts, log_in
from patrol_map.security.audit import record
from patrol_map.security.roles import ROLE_NAMES
from patrol_map.ui.common import lang, t
from patrol_map.workspace import Workspace

#: A session with no click for this long must log in again, seconds.
SESSION_TIMEOUT = 15 * 60.0


def signed_in(ws: Workspace) -> User | None:
    """Return the session's user, or ``None`` in a workspace without accounts.

    In a workspace with accounts and no live session, show the log-in form and stop the page.
    """
    if not has_accounts(ws):
        st.session_state.pop("user", None)
        return None
    name = st.session_state.get("user")
    now = time.monotonic()
    if name is not None and now - st.session_state.get("user_seen", now) > SESSION_TIMEOUT:
        record(ws.file, name, "logout", "session timed out")
        st.session_state.pop("user")
        st.session_state["login_said"] = t("login_timed_out")
        name = None
    user = account_of(ws, name) if name is not None else None
    if user is None:
        _form(ws)
        st.stop()
    st.session_state["user_seen"] = now
    _sidebar(ws, user)
    return user


def _form(ws: Workspace) -> None:
    st.title(t("login_title"))
    st.caption(t("login_help", commune=ws.commune_name))
    said = st.session_state.pop("login_said", None)
    if said:
        st.info(said)
    with st.form("login"):
        name = st.text_input(t("login_name"), key="login_name")
        password = st.text_input(t("login_password"), type="password", key="login_password")
        if not st.form_submit_button(t("login_button"), type="primary"):
            return
    try:
        user = log_in(ws, name, password)
    except AccessError as exc:
        st.error(exc.message(lang()))
        return
    record(ws.file, user.name, "login", "app")
    settle_plans(ws)  # plans of weeks now over stored in clear, plans to come sealed
    st.session_state["user"] = user.name
    st.session_state["user_seen"] = time.monotonic()
    st.rerun()


def _sidebar(ws: Workspace, user: User) -> None:
    vi, en = ROLE_NAMES[user.role]
    st.sidebar.caption(t("login_as", name=user.name, role=vi if lang() == "vi" else en))
    if st.sidebar.button(t("logout_button"), key="logout"):
        record(ws.file, user.name, "logout", "app")
        st.session_state.pop("user", None)
        st.session_state["login_said"] = t("logged_out")
        st.rerun()
