"""The accounts page: the first account of a workspace, one's own password, and the commune's accounts.

Every change goes through :mod:`patrol_map.security.accounts`, which checks who may make it (only
an account that manages accounts adds one, only a commander adds a commander) whatever this page shows.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from patrol_map.errors import PatrolMapError
from patrol_map.security.accounts import (
    account_list,
    add_user,
    change_password,
    grant_plans_key,
    has_accounts,
    log_in,
)
from patrol_map.security.audit import record
from patrol_map.security.roles import ROLE_NAMES, Right, Role
from patrol_map.ui.common import current_user, lang, read_layer, t, workspace
from patrol_map.workspace import Workspace


def render() -> None:
    """Draw the accounts page."""
    ws = workspace()
    st.title(t("page_accounts"))
    for text in st.session_state.pop("accounts_said", []):
        st.success(text)
    if not has_accounts(ws):
        st.warning(t("accounts_none"))
        _add_form(ws, first=True)
        return
    user = current_user(ws)
    if user is None:  # the frame asks for a log-in first; never reached without one
        return
    _password_form(ws, user.name)
    if user.can(Right.MANAGE_ACCOUNTS):
        accounts = account_list(ws)
        st.subheader(t("accounts_list"))
        st.dataframe(_shown(accounts), hide_index=True, width="stretch")
        if user.role is Role.COMMANDER:
            _grant_form(ws, accounts)
        _add_form(ws, first=False)


def _role_name(role: str) -> str:
    vi, en = ROLE_NAMES[Role(role)]
    return vi if lang() == "vi" else en


def _shown(accounts: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("account_name"): accounts["name"],
            t("account_role"): accounts["role"].map(_role_name),
            t("account_person"): accounts["person_id"],
            t("account_locked"): accounts["locked"].map({True: t("yes"), False: ""}),
            t("account_key"): accounts["key"].map(lambda state: t(f"account_key_{state}") if state else ""),
        }
    )


def _grant_form(ws: Workspace, accounts: pd.DataFrame) -> None:
    """Let the commander hand the plans' key to the accounts waiting for it (made before it existed)."""
    waiting = list(accounts.loc[accounts["key"] == "waiting", "name"])
    if not waiting:
        return
    with st.form("account_grant"):
        st.subheader(t("account_grant"))
        name = st.selectbox(t("account_name"), waiting)
        if not st.form_submit_button(t("account_grant_button")):
            return
    try:
        commander = current_user(ws)
        if commander is None:
            return
        grant_plans_key(ws, name, commander)
    except PatrolMapError as exc:
        st.error(exc.message(lang()))
        return
    record(ws.file, commander.name, "account", f"plans key handed to {name} in the app")
    st.session_state["accounts_said"] = [t("account_granted", name=name)]
    st.rerun()


def _add_form(ws: Workspace, first: bool) -> None:
    roles = [Role.COMMANDER, Role.ADMIN] if first else list(Role)
    people = read_layer(ws, "people") if ws.has("people") else pd.DataFrame(columns=["person_id", "name"])
    names = dict(zip(people["person_id"].astype(str), people["name"].astype(str), strict=True))
    with st.form(f"account_add_{'first' if first else 'more'}"):
        st.subheader(t("account_first") if first else t("account_add"))
        name = st.text_input(t("account_name"))
        role = st.selectbox(t("account_role"), roles, format_func=lambda r: _role_name(r.value))
        person = st.selectbox(
            t("account_person_help"),
            ["", *names],
            format_func=lambda pid: f"{names[pid]} ({pid})" if pid else "—",
        )
        password = st.text_input(t("password_new"), type="password")
        again = st.text_input(t("password_again"), type="password")
        if not st.form_submit_button(t("account_add_button"), type="primary"):
            return
    if password != again:
        st.error(t("password_mismatch"))
        return
    try:
        by = None if first else current_user(ws)
        added = add_user(ws, name, role, password, by=by, person_id=person)
    except PatrolMapError as exc:
        st.error(exc.message(lang()))
        return
    record(ws.file, (by or added).name, "account", f"added {added.name} ({added.role.value}) in the app")
    st.session_state["accounts_said"] = [t("account_added", name=added.name)]
    if first:  # whoever made the first account is logged in as it (a commander's log-in makes the plans' key)
        log_in(ws, added.name, password)
        record(ws.file, added.name, "login", "app")
        st.session_state["user"] = added.name
    st.rerun()


def _password_form(ws: Workspace, name: str) -> None:
    with st.form("password_change"):
        st.subheader(t("password_change"))
        old = st.text_input(t("password_old"), type="password")
        new = st.text_input(t("password_new"), type="password")
        again = st.text_input(t("password_again"), type="password")
        if not st.form_submit_button(t("password_change_button")):
            return
    if new != again:
        st.error(t("password_mismatch"))
        return
    try:
        user = current_user(ws)
        if user is None or user.name != name:
            return
        change_password(ws, user, old, new)
    except PatrolMapError as exc:
        st.error(exc.message(lang()))
        return
    record(ws.file, name, "account", f"password of {name} changed in the app")
    st.session_state["accounts_said"] = [t("password_changed")]
    st.rerun()
