"""Reading protected data as a user: what each role may see of the plans, and the audit of it.

A workspace without accounts is open to whoever holds the file (a commune that has set none up,
the sample); once it has one, every function here needs a logged-in user
(:func:`patrol_map.security.accounts.log_in`) and records what that user did in the audit log
(:mod:`patrol_map.security.audit`).

What a user sees of a week's plan (:func:`plan_for`):

- every team's plan, any week: the commander (``read_plans``);
- a police officer or militia member: their own team's patrols in any week, and every team's
  once the week is over (a past plan is the record of what was planned);
- a meeting viewer or an administrator: every team's plan of a week that is over; a week still to
  come is refused (a plan that leaks is a plan criminals can avoid), unless the commander lets the
  commune's meeting viewers see them (``viewers_see_plans``, :mod:`patrol_map.commune_settings`).

The citizens' tips (:func:`tips_for`): their content and informants only to the commander, with the
workspace's passphrase; every role sees how many tips came and how many proved valuable
(:func:`patrol_map.tips.tip_counts`, the briefing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pandas as pd

from patrol_map.commune_settings import read_settings
from patrol_map.errors import AccessError
from patrol_map.plan.shifts import iso_week, week_over
from patrol_map.plan.store import WeeklyPlan, find_plan, load_plan
from patrol_map.security import audit
from patrol_map.security.accounts import User, has_accounts
from patrol_map.security.crypto import place
from patrol_map.security.roles import ROLE_NAMES, Right, Role
from patrol_map.tips import cipher_of, has_key, opened_tips, stored_tips
from patrol_map.workspace import Workspace


def checked_user(ws: Workspace, user: User | None, right: Right) -> User | None:
    """Return ``user`` once it may do what ``right`` allows here (``None`` in a workspace without accounts).

    Raises
    ------
    AccessError
        When the workspace has accounts and no user is given, or the user's role lacks ``right``.

    """
    if user is None:
        if has_accounts(ws):
            raise AccessError(
                "Xã này có tài khoản: hãy đăng nhập (--user TÊN, mật khẩu qua PATROL_MAP_PASSWORD hoặc khi "
                "được hỏi).",
                "This workspace has accounts: log in (--user NAME, the password from PATROL_MAP_PASSWORD or "
                "when asked).",
            )
        return None
    user.require(right)
    return user


def note(ws: Workspace, user: User | None, action: str, what: str) -> None:
    """Record in the audit log that ``user`` did ``action`` on ``what`` (nothing without accounts)."""
    if user is not None:
        audit.record(ws.file, user.name, action, what)


def load_plan_for(ws: Workspace, week: str, user: User | None, action: str = "view") -> WeeklyPlan:
    """Return what :func:`plan_for` returns, refusing a week without a plan as :func:`load_plan` does."""
    plan = plan_for(ws, week, user, action)
    return plan if plan is not None else load_plan(ws, week)  # says the week has none, and how to make one


def sees_every_plan(ws: Workspace, user: User | None) -> bool:
    """Tell whether ``user`` sees every team's plan of weeks to come (``None``: no accounts at all)."""
    if user is None or user.can(Right.READ_PLANS):
        return True
    return user.role is Role.VIEWER and read_settings(ws).viewers_see_plans


def plan_for(
    ws: Workspace, week: str, user: User | None, action: str = "view", today: date | None = None
) -> WeeklyPlan | None:
    """Return the week's stored plan as ``user`` may see it (``None`` when the week has none), recorded.

    Parameters
    ----------
    ws
        The workspace.
    week
        The ISO week.
    user
        The logged-in user; ``None`` only in a workspace without accounts (the whole plan).
    action
        What the plan is read for, as the audit log names it (``view``, ``export``, ``print``).
    today
        The day that tells a week over from a week to come (today by default).

    Raises
    ------
    AccessError
        When no user is given in a workspace with accounts, or the user may see nothing of a
        week still to come.

    """
    user = checked_user(ws, user, Right.READ_AGGREGATES)
    whole = _whole_week(ws, iso_week(week), user, today)  # before reading: see visible_plan
    plan = find_plan(ws, week)
    if plan is None or user is None:
        return plan
    shown = plan if whole else _own_teams(plan, user)
    note(
        ws,
        user,
        action,
        f"plan {plan.week}" + ("" if whole else f", own teams ({len(shown.patrols)} patrols)"),
    )
    return shown


def visible_plan(
    ws: Workspace,
    week: str,
    read: Callable[[], WeeklyPlan | None],
    user: User | None,
    today: date | None = None,
) -> WeeklyPlan | None:
    """Return what ``user`` may see of ``week``'s plan, read by ``read``: :func:`plan_for` unrecorded.

    A user who may see nothing of the week is refused before ``read`` is called: a plan sealed for
    the teams (:mod:`patrol_map.plan.store`) is never opened for them. For the app, which reads a
    plan once (cached) and draws it at every click: it records the first view itself.

    Raises
    ------
    AccessError
        As :func:`plan_for`.

    """
    user = checked_user(ws, user, Right.READ_AGGREGATES)
    whole = _whole_week(ws, week, user, today)
    plan = read()
    return plan if plan is None or user is None or whole else _own_teams(plan, user)


def _whole_week(ws: Workspace, week: str, user: User | None, today: date | None) -> bool:
    """Tell whether ``user`` sees every team of ``week`` (else only their own); refuse one who sees none.

    Raises
    ------
    AccessError
        For a user who may see nothing of a week still to come.

    """
    if user is None or sees_whole_week(ws, week, user, today):
        return True
    if user.can(Right.READ_OWN_TEAM) and user.person_id:
        return False
    vi, en = ROLE_NAMES[user.role]
    raise AccessError(
        f"Tài khoản '{user.name}' ({vi}) không được xem kế hoạch tuần {week}, tuần chưa qua.",
        f"The account '{user.name}' ({en}) may not see the plan of week {week}, which is not over yet.",
    )


def _own_teams(plan: WeeklyPlan, user: User) -> WeeklyPlan:
    """Return ``plan`` cut to the patrols ``user`` is a member of."""
    own = plan.patrols["members"].map(lambda members: user.person_id in members).astype(bool)
    return replace(plan, patrols=plan.patrols[own])


def sees_whole_week(ws: Workspace, week: str, user: User | None, today: date | None = None) -> bool:
    """Tell whether ``user`` sees every team's plan of ``week``: one over, or any if they see every plan."""
    return sees_every_plan(ws, user) or week_over(week, today)


def tips_for(ws: Workspace, user: User | None, passphrase: str | None, action: str = "view") -> pd.DataFrame:
    """Return the stored tips with their content and informants opened, for a user who may read them.

    Only the commander holds ``read_confidential``; every other role is refused, whatever the
    passphrase. The reading is recorded in the audit log.

    Parameters
    ----------
    ws
        The workspace.
    user
        The logged-in user; ``None`` only in a workspace without accounts.
    passphrase
        The workspace's encryption passphrase (not needed while no tip is stored).
    action
        What the tips are read for, as the audit log names it.

    Raises
    ------
    AccessError
        For a user without the right, a missing or wrong passphrase, or a sealed field that was
        edited or moved.

    """
    user = checked_user(ws, user, Right.READ_CONFIDENTIAL)
    if not has_key(ws):
        return stored_tips(ws)
    tips = opened_tips(ws, cipher_of(ws, passphrase)[0])
    note(ws, user, action, f"tips ({len(tips)})")
    return tips


def suspects_for(ws: Workspace, user: User | None, passphrase: str | None) -> pd.DataFrame:
    """Return the incidents that name suspects, with the names opened, for the commander.

    Returns
    -------
    pandas.DataFrame
        ``incident_id``, ``date``, ``village``, ``category`` and ``suspect``; empty when no
        incident names one.

    Raises
    ------
    AccessError
        As :func:`tips_for`.

    """
    user = checked_user(ws, user, Right.READ_CONFIDENTIAL)
    columns = ["incident_id", "date", "village", "category", "suspect"]
    incidents = ws.read_optional("incidents")
    if "suspect" not in incidents:
        return pd.DataFrame(columns=columns)
    named = pd.DataFrame(incidents.loc[incidents["suspect"].fillna("") != "", columns])
    if named.empty:
        return named
    cipher = cipher_of(ws, passphrase)[0]
    named["suspect"] = [
        cipher.open(token, place("incidents", "suspect", incident))
        for incident, token in zip(named["incident_id"], named["suspect"], strict=True)
    ]
    note(ws, user, "view", f"suspects ({len(named)} incidents)")
    return named.reset_index(drop=True)
