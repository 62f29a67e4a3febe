"""Local accounts that work offline: names, roles, passwords hashed with Argon2, lock-out.

Streamlit's own login needs an online identity provider; a commune office laptop often has no
connection, so the accounts live in the workspace. Passwords are hashed with ``argon2-cffi``
(Argon2id, its recommended parameters; a hash made with older parameters is replaced at the next
login). After :data:`MAX_FAILURES` wrong passwords in a row an account is locked for
:data:`LOCKOUT`; a try while it is locked is refused without looking at the password. Each failed
log-in is written in the audit log; a name with no account is checked against a hash all the same,
so the time a refusal takes tells nothing of which names exist.

The first account of a workspace must be able to manage accounts (an administrator or a
commander); every later one is added by such an account, and only a commander adds a commander.

What the accounts protect is reading and changing through the library, the command line and the
app; not the file: whoever can copy the GeoPackage can open its tables in QGIS (encrypting the
confidential fields is for that) and reset the failure counts in the copy. A failed log-in writes
the workspace (its count), so a read-only workspace with accounts cannot be logged in to.

**The layer** (this module is its only reader and writer): ``accounts``, one row per account,
``name``, ``role``, ``person_id`` (a police officer's or militia member's id among the people, for
their own team's plan), ``password_hash``, ``failures``, ``locked_until`` (ISO time or empty),
``created`` (ISO time) and ``plans_key``: the key that seals the plans of weeks to come
(:mod:`patrol_map.plan.store`), wrapped under the account's password
(:func:`patrol_map.security.crypto.wrap_key`). A log-in opens it for the process
(:func:`plans_key`); a new account gets it from the logged-in account that adds it (the first makes
it), and a new password wraps it again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from patrol_map.errors import AccessError
from patrol_map.security import audit
from patrol_map.security.crypto import remember_key, remembered_key, unwrap_key, wrap_key
from patrol_map.security.roles import ROLE_NAMES, Right, Role, can, require, role_of
from patrol_map.workspace import Workspace

LAYER = "accounts"
COLUMNS = ("name", "role", "person_id", "password_hash", "failures", "locked_until", "created", "plans_key")
#: Wrong passwords in a row that lock an account.
MAX_FAILURES = 5
#: How long a locked account stays locked.
LOCKOUT = timedelta(minutes=15)
#: The shortest password accepted.
MIN_PASSWORD = 8
#: The longest account name.
MAX_NAME = 64

_HASHER = PasswordHasher()
#: Checked against for a name that has no account, so that a refusal takes as long either way.
_UNKNOWN_HASH = _HASHER.hash("no account has this password")


def _matches(stored_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(str(stored_hash), password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class User:
    """A logged-in account: its name, role and, for a police officer or militia member, their person id."""

    name: str
    role: Role
    person_id: str = ""

    def require(self, right: Right) -> None:
        """Refuse (:class:`AccessError`, naming the user) unless this user's role holds ``right``."""
        require(self.name, self.role, right)

    def can(self, right: Right) -> bool:
        """Tell whether this user's role holds ``right``."""
        return can(self.role, right)


def has_accounts(ws: Workspace) -> bool:
    """Tell whether the workspace has any account (then every protected read needs a user)."""
    return ws.has(LAYER) and len(ws.read(LAYER, columns=["name"])) > 0


def add_user(
    ws: Workspace, name: str, role: Role | str, password: str, by: User | None = None, person_id: str = ""
) -> User:
    """Add an account.

    Parameters
    ----------
    ws
        The workspace.
    name
        The account's name (unique, whatever its case).
    role
        Its role (:class:`~patrol_map.security.roles.Role` or its name).
    password
        At least :data:`MIN_PASSWORD` characters, not the name.
    by
        The user adding it, who must manage accounts; ``None`` only for the first account, which
        must itself manage accounts (an administrator or a commander).
    person_id
        For a police officer or militia member: their id among the workspace's people.

    Raises
    ------
    AccessError
        When ``by`` may not add accounts, the name is taken or not valid, the password is too
        weak, the first account could not manage the others, or ``person_id`` is unknown.

    """
    role = role_of(role)
    name = _checked_name(name)
    with ws.locked():  # two programs adding the first account at once: one of them is refused
        stored = _stored(ws)
        if by is None:
            if len(stored):
                raise AccessError(
                    "Xã đã có tài khoản; hãy thêm tài khoản mới bằng một tài khoản quản trị (--user).",
                    "The workspace has accounts already; add a new one as an administrator (--user).",
                )
            if not can(role, Right.MANAGE_ACCOUNTS):
                raise AccessError(
                    "Tài khoản đầu tiên phải là quản trị (admin) hoặc chỉ huy (commander), để thêm các tài "
                    "khoản khác.",
                    "The first account must be an administrator (admin) or a commander, to add the others.",
                )
        else:
            by.require(Right.MANAGE_ACCOUNTS)
            if role is Role.COMMANDER and by.role is not Role.COMMANDER:
                raise AccessError(
                    "Chỉ chỉ huy mới thêm được tài khoản chỉ huy.",
                    "Only a commander may add a commander's account.",
                )
        if stored["name"].str.casefold().eq(name.casefold()).any():
            raise AccessError(f"Đã có tài khoản '{name}'.", f"There is an account '{name}' already.")
        _check_password(name, password)
        person_id = _checked_person(ws, role, person_id)
        key = _plans_key_to_share(ws, stored)
        row = {
            "name": name,
            "role": role.value,
            "person_id": person_id,
            "password_hash": _HASHER.hash(password),
            "failures": 0,
            "locked_until": "",
            "created": _now().isoformat(timespec="seconds"),
            "plans_key": wrap_key(key, password),
        }
        ws.write({LAYER: pd.concat([stored, pd.DataFrame([row])], ignore_index=True)})
    remember_key(ws.file, key)
    return User(name, role, person_id)


def log_in(ws: Workspace, name: str, password: str, now: datetime | None = None) -> User:
    """Return the user whose name and password these are.

    A wrong password counts towards the lock-out; a right one clears the count.

    Raises
    ------
    AccessError
        For an unknown name or a wrong password (the same words for both: a guess learns
        nothing of which names exist), or a locked account (saying until when).

    """
    now = now or _now()
    with ws.locked():
        stored = _stored(ws)
        found = stored.index[stored["name"].str.casefold() == str(name).strip().casefold()]
        if not len(found):
            _matches(_UNKNOWN_HASH, password)  # as long as a known name takes: the time tells nothing
            # Not the name typed: a password typed in the name's place would be written down.
            audit.record(ws.file, "?", "login-failed", "no such account")
            raise _wrong()
        k = found[0]
        locked_until = str(stored.at[k, "locked_until"] or "")
        if locked_until and now < datetime.fromisoformat(locked_until):
            until = datetime.fromisoformat(locked_until)
            raise AccessError(
                f"Tài khoản '{stored.at[k, 'name']}' đang bị khóa đến {until:%H:%M %d/%m/%Y} vì nhập sai "
                f"mật khẩu {MAX_FAILURES} lần.",
                f"The account '{stored.at[k, 'name']}' is locked until {until:%H:%M %d/%m/%Y} after "
                f"{MAX_FAILURES} wrong passwords.",
            )
        try:
            _HASHER.verify(str(stored.at[k, "password_hash"]), password)
        except (VerificationError, InvalidHashError):
            failures = int(stored.at[k, "failures"]) + 1
            stored.at[k, "failures"] = 0 if failures >= MAX_FAILURES else failures
            stored.at[k, "locked_until"] = (
                (now + LOCKOUT).isoformat(timespec="seconds") if failures >= MAX_FAILURES else ""
            )
            ws.write({LAYER: stored})
            audit.record(
                ws.file,
                str(stored.at[k, "name"]),
                "login-failed",
                "locked" if failures >= MAX_FAILURES else "password",
            )
            raise _wrong() from None
        renew = bool(
            int(stored.at[k, "failures"])
            or locked_until
            or _HASHER.check_needs_rehash(str(stored.at[k, "password_hash"]))
        )
        if not stored.at[k, "plans_key"] and not stored["plans_key"].astype(bool).any():
            # Accounts made before the plans were sealed: the first to log in makes the plans' key.
            stored.at[k, "plans_key"] = wrap_key(os.urandom(32), password)
            renew = True
        if renew:
            stored.at[k, "failures"] = 0
            stored.at[k, "locked_until"] = ""
            stored.at[k, "password_hash"] = _HASHER.hash(password)
            ws.write({LAYER: stored})
        if stored.at[k, "plans_key"]:
            remember_key(ws.file, unwrap_key(str(stored.at[k, "plans_key"]), password))
        return User(
            str(stored.at[k, "name"]), Role(stored.at[k, "role"]), str(stored.at[k, "person_id"] or "")
        )


def change_password(ws: Workspace, user: User, old: str, new: str) -> None:
    """Change ``user``'s own password, given the old one.

    Raises
    ------
    AccessError
        When the old password is wrong (counted as a failed login) or the new one too weak.

    """
    log_in(ws, user.name, old)
    _check_password(user.name, new)
    with ws.locked():
        stored = _stored(ws)
        k = stored.index[stored["name"] == user.name][0]
        stored.at[k, "password_hash"] = _HASHER.hash(new)
        key = unwrap_key(str(stored.at[k, "plans_key"]), old) if stored.at[k, "plans_key"] else None
        if key is None:
            key = _plans_key_to_share(ws, stored)
        stored.at[k, "plans_key"] = wrap_key(key, new)
        ws.write({LAYER: stored})


def account_of(ws: Workspace, name: str) -> User | None:
    """Return the account ``name`` as stored now (``None`` when it is gone), with no password.

    For a session already logged in: its role is read again at each step, so a change takes effect
    at once.
    """
    stored = _stored(ws)
    found = stored[stored["name"] == name]
    if found.empty:
        return None
    row = found.iloc[0]
    return User(str(row["name"]), Role(row["role"]), str(row["person_id"] or ""))


def account_list(ws: Workspace, now: datetime | None = None) -> pd.DataFrame:
    """Return the accounts without their password hashes: ``name``, ``role``, ``person_id``, ``locked``."""
    now = now or _now()
    stored = _stored(ws)
    locked = [bool(until) and now < datetime.fromisoformat(str(until)) for until in stored["locked_until"]]
    return stored[["name", "role", "person_id"]].assign(locked=locked).reset_index(drop=True)


def plans_key(ws: Workspace) -> bytes | None:
    """Return the key sealing the plans of weeks to come, once a log-in opened it (``None``: no accounts).

    Raises
    ------
    AccessError
        When the workspace has accounts and no log-in of this process opened the key.

    """
    if not ws.has(LAYER) or not _stored(ws)["plans_key"].astype(bool).any():
        return None
    key = remembered_key(ws.file)
    if key is None:
        raise AccessError(
            "Kế hoạch các tuần tới được mã hóa: hãy đăng nhập (--user TÊN) để đọc hoặc lập kế hoạch.",
            "The plans of weeks to come are encrypted: log in (--user NAME) to read or make plans.",
        )
    return key


def _plans_key_to_share(ws: Workspace, stored: pd.DataFrame) -> bytes:
    """Return the plans' key to wrap for an account: the one a log-in opened, or a new one for the first.

    Raises
    ------
    AccessError
        When accounts hold a key and this process has not opened it (no log-in).

    """
    if not stored["plans_key"].astype(bool).any():
        return remembered_key(ws.file) or os.urandom(32)
    key = remembered_key(ws.file)
    if key is None:
        raise AccessError(
            "Hãy đăng nhập trước khi thêm tài khoản hoặc đổi mật khẩu.",
            "Log in before adding an account or changing a password.",
        )
    return key


def _stored(ws: Workspace) -> pd.DataFrame:
    """Return the accounts as stored: text columns as Python strings, ``failures`` as integers."""
    if not ws.has(LAYER):
        return pd.DataFrame({column: pd.Series(dtype=object) for column in COLUMNS})
    stored = pd.DataFrame(ws.read(LAYER).drop(columns="geometry", errors="ignore"))
    for column in set(COLUMNS) - set(stored.columns):  # a column of a later version (plans_key)
        stored[column] = ""
    texts = [column for column in COLUMNS if column != "failures"]
    stored[texts] = stored[texts].astype(object).where(stored[texts].notna(), "")
    stored["failures"] = pd.to_numeric(stored["failures"], errors="coerce").fillna(0).astype(int)
    return stored[list(COLUMNS)]


def _checked_name(name: str) -> str:
    name = str(name).strip()
    if not name or len(name) > MAX_NAME or not name.isprintable():
        raise AccessError(
            f"Tên tài khoản phải có từ 1 đến {MAX_NAME} ký tự in được (đã cho {name!r}).",
            f"An account name must hold 1 to {MAX_NAME} printable characters (given {name!r}).",
        )
    return name


def _check_password(name: str, password: str) -> None:
    if len(password) < MIN_PASSWORD or password.strip().casefold() == name.casefold():
        raise AccessError(
            f"Mật khẩu phải dài ít nhất {MIN_PASSWORD} ký tự và khác tên tài khoản.",
            f"A password must hold at least {MIN_PASSWORD} characters and differ from the account's name.",
        )


def _checked_person(ws: Workspace, role: Role, person_id: str) -> str:
    person_id = str(person_id or "").strip()
    if role in (Role.POLICE, Role.MILITIA) and not person_id:
        vi, en = ROLE_NAMES[role]
        raise AccessError(
            f"Tài khoản {vi} cần mã người trong danh sách (--person), để xem kế hoạch của tổ mình.",
            f"A {en}'s account needs their id among the people (--person), to see their own team's plan.",
        )
    if person_id and (not ws.has("people") or person_id not in set(ws.read("people")["person_id"])):
        raise AccessError(
            f"Không có người mã '{person_id}' trong danh sách của xã.",
            f"There is no person '{person_id}' among the commune's people.",
        )
    return person_id


def _wrong() -> AccessError:
    return AccessError("Sai tên tài khoản hoặc mật khẩu.", "Wrong account name or password.")


def _now() -> datetime:
    return datetime.now().astimezone()
