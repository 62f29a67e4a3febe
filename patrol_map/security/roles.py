"""The roles of a commune's accounts and what each may do.

The library enforces them: every function that reads or changes protected data is given the user
and calls :func:`require` (or asks :func:`can`) before it does anything; the app hiding a button is
only a convenience on top of that.

- **commander** (chỉ huy): everything.
- **police** (công an) and **militia** (dân quân): their own team's plan and stops, the maps and
  the aggregates; they record what their patrol did.
- **viewer** (người xem, a meeting screen): aggregates and maps; no confidential field and no plan
  of a week still to come.
- **admin** (quản trị): the accounts and the backups; no patrol data beyond the aggregates.
"""

from __future__ import annotations

from enum import StrEnum

from patrol_map.errors import AccessError


class Role(StrEnum):
    """A role an account holds."""

    COMMANDER = "commander"
    POLICE = "police"
    MILITIA = "militia"
    VIEWER = "viewer"
    ADMIN = "admin"


class Right(StrEnum):
    """Something a role may do."""

    READ_AGGREGATES = "read_aggregates"  # counts, maps, hotspots, past plans' totals
    READ_PLANS = "read_plans"  # every team's plan, future weeks included
    READ_OWN_TEAM = "read_own_team"  # the plan and stops of the teams the user is in
    READ_CONFIDENTIAL = "read_confidential"  # tips, informants, suspects
    EDIT_DATA = "edit_data"  # imports, plans, edits, settings
    RECORD_PATROLS = "record_patrols"  # tracks and check-in sheets
    MANAGE_ACCOUNTS = "manage_accounts"
    BACKUP = "backup"


#: Vietnamese and English names of each role, as the app and messages show them.
ROLE_NAMES: dict[Role, tuple[str, str]] = {
    Role.COMMANDER: ("chỉ huy", "commander"),
    Role.POLICE: ("công an", "police officer"),
    Role.MILITIA: ("dân quân", "militia member"),
    Role.VIEWER: ("người xem", "meeting viewer"),
    Role.ADMIN: ("quản trị", "administrator"),
}

RIGHTS: dict[Role, frozenset[Right]] = {
    Role.COMMANDER: frozenset(Right),
    Role.POLICE: frozenset({Right.READ_AGGREGATES, Right.READ_OWN_TEAM, Right.RECORD_PATROLS}),
    Role.MILITIA: frozenset({Right.READ_AGGREGATES, Right.READ_OWN_TEAM, Right.RECORD_PATROLS}),
    Role.VIEWER: frozenset({Right.READ_AGGREGATES}),
    Role.ADMIN: frozenset({Right.READ_AGGREGATES, Right.MANAGE_ACCOUNTS, Right.BACKUP}),
}

#: What each right lets a user do, said in a refusal.
_RIGHT_WORDS: dict[Right, tuple[str, str]] = {
    Right.READ_AGGREGATES: ("xem số liệu tổng hợp và bản đồ", "see the totals and maps"),
    Right.READ_PLANS: ("xem kế hoạch tuần tra của mọi tổ", "see every team's patrol plan"),
    Right.READ_OWN_TEAM: ("xem kế hoạch của tổ mình", "see their own team's plan"),
    Right.READ_CONFIDENTIAL: ("xem tin báo và thông tin mật", "see tips and confidential fields"),
    Right.EDIT_DATA: ("nhập, sửa dữ liệu và lập kế hoạch", "import, change data and make plans"),
    Right.RECORD_PATROLS: ("nhập kết quả tuần tra", "record what patrols did"),
    Right.MANAGE_ACCOUNTS: ("quản lý tài khoản", "manage accounts"),
    Right.BACKUP: ("sao lưu, khôi phục", "back up and restore"),
}


def role_of(text: str) -> Role:
    """Return the role named ``text`` (its English key or Vietnamese name, any case).

    Raises
    ------
    AccessError
        For a name that is no role, listing the roles.

    """
    key = str(text).strip().lower()
    for role, (vi, en) in ROLE_NAMES.items():
        if key in (role.value, vi, en):
            return role
    known = ", ".join(f"{role.value} ({vi})" for role, (vi, _) in ROLE_NAMES.items())
    raise AccessError(
        f"Không có vai trò '{text}'; các vai trò: {known}.", f"No role '{text}'; the roles are: {known}."
    )


def can(role: Role, right: Right) -> bool:
    """Tell whether ``role`` holds ``right``."""
    return right in RIGHTS[role]


def require(name: str, role: Role, right: Right) -> None:
    """Refuse, naming the user, their role and what they tried, unless ``role`` holds ``right``.

    Raises
    ------
    AccessError
        When it does not.

    """
    if can(role, right):
        return
    vi_role, en_role = ROLE_NAMES[role]
    vi, en = _RIGHT_WORDS[right]
    raise AccessError(
        f"Tài khoản '{name}' ({vi_role}) không được {vi}.",
        f"The account '{name}' ({en_role}) may not {en}.",
    )
