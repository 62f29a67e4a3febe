"""What each role reads of the plans through the library (patrol_map.access, patrol_map.meeting)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from patrol_map.access import plan_for
from patrol_map.commune_settings import read_settings, save_settings
from patrol_map.errors import AccessError
from patrol_map.meeting import gather_briefing
from patrol_map.plan.schedule import plan_with
from patrol_map.plan.settings import PlanSettings
from patrol_map.plan.shifts import week_of
from patrol_map.plan.store import find_plan, save_plan
from patrol_map.security.accounts import User, add_user
from patrol_map.security.audit import log_path, verify
from patrol_map.security.roles import Role
from patrol_map.workspace import Workspace

# Accounts, their audit log and tips live only in a commune's file; on a province server PostgreSQL's
# own roles decide who reads what (tests/test_workspace_server.py: the refusal in words).
pytestmark = pytest.mark.file_only

PASSWORD = "mật-khẩu-đủ-dài"
WEEK = "2026-W48"  # the sample's planned week: 23–29/11/2026
DURING = date(2026, 11, 25)  # a day inside it: the week is not over
AFTER = date(2026, 12, 1)


@pytest.fixture
def ws(sample_copy: Workspace) -> Workspace:
    return sample_copy


@pytest.fixture
def users(ws: Workspace) -> dict[str, User]:
    boss = add_user(ws, "chi_huy", Role.COMMANDER, PASSWORD)
    member = find_plan(ws, WEEK).patrols["members"].iloc[0][1]  # in the week's first patrol
    return {
        "commander": boss,
        "militia": add_user(ws, "dq", Role.MILITIA, PASSWORD, by=boss, person_id=member),
        "viewer": add_user(ws, "xem", Role.VIEWER, PASSWORD, by=boss),
        "admin": add_user(ws, "qt", Role.ADMIN, PASSWORD, by=boss),
    }


def test_without_a_user_a_workspace_with_accounts_shows_nothing(
    ws: Workspace, users: dict[str, User]
) -> None:
    with pytest.raises(AccessError, match="has accounts: log in"):
        plan_for(ws, WEEK, None)


def test_the_commander_sees_every_team_of_a_week_to_come(ws: Workspace, users: dict[str, User]) -> None:
    whole = find_plan(ws, WEEK).patrols
    assert len(plan_for(ws, WEEK, users["commander"], today=DURING).patrols) == len(whole)


def test_a_militia_member_sees_only_their_own_patrols_until_the_week_is_over(
    ws: Workspace, users: dict[str, User]
) -> None:
    member = users["militia"].person_id
    own = plan_for(ws, WEEK, users["militia"], today=DURING).patrols
    assert 0 < len(own) < len(find_plan(ws, WEEK).patrols)
    assert all(member in members for members in own["members"])
    assert len(plan_for(ws, WEEK, users["militia"], today=AFTER).patrols) == len(find_plan(ws, WEEK).patrols)


@pytest.mark.parametrize("role", ["viewer", "admin"])
def test_a_viewer_sees_no_plan_of_a_week_to_come_and_every_past_one(
    ws: Workspace, users: dict[str, User], role: str
) -> None:
    with pytest.raises(AccessError, match="not over yet"):
        plan_for(ws, WEEK, users[role], today=DURING)
    assert len(plan_for(ws, WEEK, users[role], today=AFTER).patrols) > 0


def test_every_read_is_in_the_audit_log(ws: Workspace, users: dict[str, User]) -> None:
    plan_for(ws, WEEK, users["commander"], action="export", today=DURING)
    plan_for(ws, WEEK, users["militia"], today=DURING)
    text = log_path(ws.file).read_text(encoding="utf-8")
    assert '"user": "chi_huy", "action": "export", "what": "plan 2026-W48"' in text
    assert '"user": "dq", "action": "view", "what": "plan 2026-W48, own teams' in text
    assert verify(ws.file)[1] is None


def test_a_viewers_briefing_has_no_plan_to_come(ws: Workspace, users: dict[str, User]) -> None:
    coming = week_of(date.today() + timedelta(days=7))
    save_plan(ws, plan_with(ws, coming, PlanSettings(shifts=("evening",), teams_per_shift=1)))
    period = week_of(date.today())  # this week: its briefing shows next week's plan to those who may see it
    assert gather_briefing(ws, period, user=users["commander"]).next_plan is not None
    assert gather_briefing(ws, period, user=users["viewer"]).next_plan is None
    own = gather_briefing(ws, period, user=users["militia"]).next_plan
    assert own is not None and all(users["militia"].person_id in m for m in own.patrols["members"])


def test_the_commander_may_let_viewers_see_the_plans_to_come(ws: Workspace, users: dict[str, User]) -> None:
    with pytest.raises(AccessError, match="not over yet"):
        plan_for(ws, WEEK, users["viewer"], today=DURING)
    save_settings(ws, replace(read_settings(ws), viewers_see_plans=True))
    assert len(plan_for(ws, WEEK, users["viewer"], today=DURING).patrols) == len(find_plan(ws, WEEK).patrols)
    with pytest.raises(AccessError, match="not over yet"):  # an administrator is no meeting screen
        plan_for(ws, WEEK, users["admin"], today=DURING)
