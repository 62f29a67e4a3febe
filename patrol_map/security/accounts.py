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
confidential fields is for that) and reset the failure counts in the copy. A read-only workspace is
logged in to all the same, without counting wrong passwords (a copy can be tried offline anyway);
what the user then reads is still written in the audit log, and refused when the log cannot be.

**The layer** (this module is its only reader and writer): ``accounts``, one row per account,
``name``, ``role``, ``person_id`` (a police officer's or militia member's id among the people, for
their own team's plan), ``password_hash``, ``failures``, ``locked_until`` (ISO time or empty),
``created`` (ISO time), ``public_key`` and ``private_key`` (the account's X25519 key pair, the private
one wrapped under its password) and ``plans_key``: the key that seals the plans of weeks to come
(:mod:`patrol_map.plan.store`), boxed to the account's public key
(:func:`patrol_map.security.crypto.box_key`), for the roles that read plans to come
(:data:`KEY_ROLES`). A log-in opens it for the process (:func:`plans_key`); the first commander to log
in makes it. Only a commander hands it on: by adding an account of those roles (an administrator adds
only viewers, administrators and a workspace's first commander), or with :func:`grant_plans_key` for
an account made before (by an earlier version, or before the commander's first log-in). A new password
wraps the private key again.
"""

from __future__ import annotations

import base64
import contextlib
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from patrol_map.errors import AccessError
from patrol_map.security import audit
from patrol_map.security.crypto import (
    BOX_PREFIX,
    FieldCipher,
    box_key,
    new_key_pair,
    remember_key,
    remembered_key,
    unbox_key,
    unwrap_key,
    wrap_key,
)
from patrol_map.security.roles import ROLE_NAMES, Right, Role, can, require, role_of
from patrol_map.workspace import Workspace

LAYER = "accounts"
COLUMNS = (
    "name",
    "role",
    "person_id",
    "password_hash",
    "failures",
    "locked_until",
    "created",
    "public_key",
    "private_key",
    "plans_key",
)
#: The roles whose accounts hold the plans' key: those that read plans of weeks to come (all of them,
#: or their own team's). A meeting viewer and an administrator do not: a copy of the file and their
#: password open no plan to come.
KEY_ROLES = frozenset({Role.COMMANDER, Role.POLICE, Role.MILITIA})
#: The workspace metadata holding a known text sealed with the plans' key: a key is checked against it.
KEY_CHECK_META = "plans_key_check"
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
    ws.refuse_on_server()  # a server's accounts are PostgreSQL's own roles
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
            _refuse_key_role_by_non_commander(stored, role, by)
        if stored["name"].str.casefold().eq(name.casefold()).any():
            raise AccessError(f"Đã có tài khoản '{name}'.", f"There is an account '{name}' already.")
        _check_password(name, password)
        person_id = _checked_person(ws, role, person_id)
        private, public = new_key_pair()
        row = {
            "name": name,
            "role": role.value,
            "person_id": person_id,
            "password_hash": _HASHER.hash(password),
            "failures": 0,
            "locked_until": "",
            "created": _now().isoformat(timespec="seconds"),
            "public_key": _text(public),
            "private_key": wrap_key(private, password),
            "plans_key": "",
        }
        if role in KEY_ROLES and by is not None and by.role is Role.COMMANDER:
            key = _opened_key(ws)  # the commander's log-in opened it
            row["plans_key"] = box_key(key, public) if key is not None else ""
        stored = pd.concat([stored, pd.DataFrame([row])], ignore_index=True)
        ws.write({LAYER: stored})
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
    # A read-only workspace (a copy on a locked USB stick) is logged in to all the same, its counts
    # and keys left as they are (:func:`_write_if_writable`).
    with ws.locked() if ws.writable() else contextlib.nullcontext(ws):
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
            _write_if_writable(ws, stored)
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
        if not stored.at[k, "private_key"]:  # an account made before accounts had key pairs
            private, public = new_key_pair()
            stored.at[k, "public_key"], stored.at[k, "private_key"] = (
                _text(public),
                wrap_key(private, password),
            )
            renew = True
        meta: dict[str, str] = {}
        made = b""
        if _is_box(stored.at[k, "plans_key"]):
            private = unwrap_key(str(stored.at[k, "private_key"]), password)
            remember_key(ws.file, unbox_key(str(stored.at[k, "plans_key"]), private))
        elif stored.at[k, "role"] == Role.COMMANDER.value and not stored["plans_key"].map(_is_box).any():
            # The first commander to log in makes the plans' key (no account holds one yet).
            made = os.urandom(32)
            stored.at[k, "plans_key"] = box_key(made, base64.b64decode(str(stored.at[k, "public_key"])))
            meta = {KEY_CHECK_META: FieldCipher(made).check(KEY_CHECK_META)}
            renew = True
        if renew and ws.writable():
            stored.at[k, "failures"] = 0
            stored.at[k, "locked_until"] = ""
            stored.at[k, "password_hash"] = _HASHER.hash(password)
            ws.write({LAYER: stored}, meta=meta)
            if made:
                remember_key(ws.file, made)
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
        private = unwrap_key(str(stored.at[k, "private_key"]), old)  # log_in above gave it one
        stored.at[k, "private_key"] = wrap_key(private, new)
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
    """Return the accounts without their secrets: ``name``, ``role``, ``person_id``, ``locked``, ``key``.

    ``key`` is ``yes`` for an account holding the plans' key, ``waiting`` for one of :data:`KEY_ROLES`
    a commander can hand it to (:func:`grant_plans_key`), ``first log-in`` for one that must log in
    once to get a key pair, and empty for the roles that hold none.
    """
    now = now or _now()
    stored = _stored(ws)
    locked = [bool(until) and now < datetime.fromisoformat(str(until)) for until in stored["locked_until"]]
    key = [
        ""
        if Role(role) not in KEY_ROLES
        else "yes"
        if _is_box(box)
        else "waiting"
        if public
        else "first log-in"
        for role, box, public in zip(stored["role"], stored["plans_key"], stored["public_key"], strict=True)
    ]
    return stored[["name", "role", "person_id"]].assign(locked=locked, key=key).reset_index(drop=True)


def plans_key(ws: Workspace) -> bytes | None:
    """Return the key sealing the plans of weeks to come, once a log-in opened it (``None``: no key yet).

    Raises
    ------
    AccessError
        When accounts hold a key and no log-in of this process opened it.

    """
    if not ws.has(LAYER) or not _stored(ws)["plans_key"].map(_is_box).any():
        return None
    key = _opened_key(ws)
    if key is None:
        raise AccessError(
            "Kế hoạch các tuần tới được mã hóa; chỉ mở được khi một tài khoản chỉ huy, công an hoặc dân quân "
            "đã đăng nhập (--user TÊN).",
            "The plans of weeks to come are encrypted; they open once a commander's, police officer's or "
            "militia member's account holding their key has logged in (--user NAME).",
        )
    return key


def grant_plans_key(ws: Workspace, name: str, by: User) -> None:
    """Hand the plans' key to the account ``name`` (a police officer, militia member or commander).

    For an account that has none: one made by an earlier version (once it has logged in, which gives
    it a key pair), or added before the commander's first log-in. ``by`` must be a commander whose
    log-in in this process opened the key. A key is never handed on without this call: an account
    row changed in the file gets nothing.

    Raises
    ------
    AccessError
        When ``by`` is no commander or has not opened the key, ``name`` is unknown, of a role that
        holds no key, or has not logged in since this version.

    """
    if by.role is not Role.COMMANDER:
        raise AccessError(
            "Chỉ chỉ huy mới cấp được khóa kế hoạch.", "Only a commander may hand on the plans' key."
        )
    with ws.locked():
        stored = _stored(ws)
        found = stored.index[stored["name"] == name]
        if not len(found) or Role(stored.at[found[0], "role"]) not in KEY_ROLES:
            raise AccessError(
                f"Không có tài khoản chỉ huy, công an hay dân quân tên '{name}'.",
                f"There is no commander's, police officer's or militia member's account '{name}'.",
            )
        k = found[0]
        if not stored.at[k, "public_key"]:
            raise AccessError(
                f"Tài khoản '{name}' cần đăng nhập một lần trước (để có cặp khóa).",
                f"The account '{name}' must log in once first (to get its key pair).",
            )
        key = _opened_key(ws)
        if key is None:
            raise AccessError(
                "Hãy đăng nhập bằng tài khoản chỉ huy (--user) để cấp khóa.",
                "Log in with a commander's account (--user) to hand on the key.",
            )
        stored.at[k, "plans_key"] = box_key(key, base64.b64decode(str(stored.at[k, "public_key"])))
        ws.write({LAYER: stored})


def _refuse_key_role_by_non_commander(stored: pd.DataFrame, role: Role, by: User) -> None:
    """Refuse an administrator adding a commander, police or militia account, but the first commander.

    Those accounts hold the plans' key, which only a commander hands on: an administrator who chose
    their password could otherwise read the plans to come through them.
    """
    if role not in KEY_ROLES or by.role is Role.COMMANDER:
        return
    if role is Role.COMMANDER and not (stored["role"] == Role.COMMANDER.value).any():
        return  # the first commander of a workspace an administrator set up
    vi, en = ROLE_NAMES[role]
    raise AccessError(
        f"Chỉ chỉ huy mới thêm được tài khoản {vi}.", f"Only a commander may add a {en}'s account."
    )


def _opened_key(ws: Workspace) -> bytes | None:
    """Return the plans' key a log-in of this process opened, when it is this workspace's; else ``None``.

    A key remembered for a path whose file was since replaced (a restore) is not this one's: the
    check in the metadata does not open with it.
    """
    key, check = remembered_key(ws.file), ws.meta.get(KEY_CHECK_META)
    if key is None or check is None or not FieldCipher(key).opens(check, KEY_CHECK_META):
        return None
    return key


def _is_box(value: object) -> bool:
    return isinstance(value, str) and value.startswith(BOX_PREFIX)


def _text(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _write_if_writable(ws: Workspace, stored: pd.DataFrame) -> None:
    """Store the accounts after a log-in, unless the workspace is read-only.

    A read-only copy keeps no count of wrong passwords: whoever holds a copy of the file can try
    passwords against its hashes anyway, with or without this program.
    """
    if ws.writable():
        ws.write({LAYER: stored})


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
