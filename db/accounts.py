"""Operator accounts: passwords kept as scrypt hashes, sign-in, and the administrator's changes.

scrypt is memory-hard (16 MiB and ~50 ms per try here), so a stolen database file does not give up its
passwords to a quick guessing run. Every account change and every sign-in, failed ones included, is in
the audit trail; the hash itself never is.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from datetime import datetime

from db import changes, session
from db.errors import LedgerError
from db.models import Operator, Role, Setting
from db.session import Can, Session

SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MIN_PASSWORD = 6
LOCK_MINUTES_KEY = "lock_minutes"
DEFAULT_LOCK_MINUTES = 10


class SignInFailed(LedgerError):
    """A sign-in refused; its message is what the sign-in box shows."""


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, maxmem=64 * 2**20, **SCRYPT)
    return "scrypt${n}${r}${p}$".format(**SCRYPT) + "$".join(base64.b64encode(part).decode() for part in (salt, digest))


def password_matches(stored: str, password: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        tried = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), maxmem=64 * 2**20
        )
    except ValueError:
        return False
    return hmac.compare_digest(tried, base64.b64decode(digest))


def password_problems(password: str, again: str, what: str = "密码") -> list[str]:
    """For an account's password, and for a data package's (what="加密密码")."""
    problems = []
    if len(password) < MIN_PASSWORD:
        problems.append(f"{what}至少 {MIN_PASSWORD} 位")
    if password != again:
        problems.append(f"两次输入的{what}不一样")
    return problems


def has_operators() -> bool:
    return Operator.select().exists()


def operators() -> list[Operator]:
    """Every account, active or not, in the order they were made (操作员管理 lists them all)."""
    return list(Operator.select().order_by(Operator.id))


def active_names() -> list[str]:
    return [o.name for o in Operator.select(Operator.name).where(Operator.active).order_by(Operator.id)]


def create_operator(name: str, role: Role, password: str, again: str | None = None) -> Operator:
    """The first account (made at first start) must be an administrator; later ones need one signed in."""
    name = name.strip()
    problems = password_problems(password, password if again is None else again)
    if not name:
        problems.insert(0, "请填写操作员姓名")
    elif Operator.select().where(Operator.name == name).exists():
        problems.insert(0, f"已有名为“{name}”的操作员")
    first = not has_operators()
    if first and role is not Role.ADMIN:
        problems.append("第一个操作员必须是管理员")
    if problems:
        raise LedgerError("；".join(problems))
    with changes.transaction(
        f"新建操作员：{name}（{role.value}）", who=name if first else None, needs=None if first else Can.ACCOUNTS
    ) as cs:
        return cs.create(
            Operator,
            {
                "name": name,
                "role": role.value,
                "password_hash": hash_password(password),
                "active": True,
                "created_at": datetime.now().replace(microsecond=0),
            },
        )


def change_operator(operator_id: int, *, role: Role | None = None, active: bool | None = None) -> Operator:
    """Role and on/off; the last active administrator can be neither demoted nor switched off."""
    operator = Operator.get_by_id(operator_id)
    values: dict[str, object] = {}
    if role is not None:
        values["role"] = role.value
    if active is not None:
        values["active"] = active
    stays_admin = values.get("role", operator.role) == Role.ADMIN.value and values.get("active", operator.active)
    if operator.role == Role.ADMIN.value and operator.active and not stays_admin:
        others = Operator.select().where(
            (Operator.role == Role.ADMIN.value) & Operator.active & (Operator.id != operator.id)
        )
        if not others.exists():
            raise LedgerError("至少要保留一个在用的管理员")
    with changes.transaction(f"修改操作员：{operator.name}", needs=Can.ACCOUNTS) as cs:
        return cs.update(operator, values)


def set_password(operator_id: int, password: str, again: str, old: str | None = None) -> None:
    """An operator changes their own (old password asked); an administrator resets anyone's."""
    operator = Operator.get_by_id(operator_id)
    problems = password_problems(password, again)
    if old is not None and not password_matches(operator.password_hash, old):
        problems.insert(0, "原密码不对")
    if problems:
        raise LedgerError("；".join(problems))
    own = old is not None
    with changes.transaction(
        f"{'修改密码' if own else '重设密码'}：{operator.name}", needs=None if own else Can.ACCOUNTS
    ) as cs:
        cs.update(operator, {"password_hash": hash_password(password)})


def sign_in(name: str, password: str) -> Session:
    """Check the password and make the operator the one signed in; a failure is recorded too."""
    operator = Operator.get_or_none((Operator.name == name) & Operator.active)
    ok = operator is not None and password_matches(operator.password_hash, password)
    with changes.transaction("登录" if ok else "登录失败：密码不对", who=name, needs=None) as cs:
        cs.note("sign_in" if ok else "sign_in_failed", "operator", {"name": name})
    if not ok:
        raise SignInFailed("用户名或密码不对")
    assert operator is not None
    signed = Session(operator.name, Role(operator.role), operator.id)
    session.begin(signed)
    return signed


def refresh_session() -> Session | None:
    """The signed-in operator as the database now has them: a role changed, the account switched off, or
    a restored file that does not know them (then nobody is signed in)."""
    current = session.current()
    if current is None or current.operator_id is None:
        return current
    operator = Operator.get_or_none(
        (Operator.id == current.operator_id) & (Operator.name == current.name) & Operator.active
    )
    session.begin(None if operator is None else Session(operator.name, Role(operator.role), operator.id))
    return session.current()


def confirm_password(password: str) -> bool:
    """Unlocking the screen: the signed-in operator's own password."""
    current = session.current()
    if current is None or current.operator_id is None:
        return True
    operator = Operator.get_by_id(current.operator_id)
    return operator.active and password_matches(operator.password_hash, password)


def lock_minutes() -> int:
    """Idle minutes before the screen locks (0: never); set by an administrator, kept in the database."""
    row = Setting.get_or_none(Setting.key == LOCK_MINUTES_KEY)
    return int(json.loads(row.value)) if row else DEFAULT_LOCK_MINUTES


def set_lock_minutes(minutes: int) -> None:
    if not 0 <= minutes <= 240:
        raise LedgerError("自动锁屏时间应在 0（不锁屏）到 240 分钟之间")
    with changes.transaction(f"自动锁屏时间改为 {minutes} 分钟", needs=Can.ACCOUNTS) as cs:
        row = Setting.get_or_none(Setting.key == LOCK_MINUTES_KEY)
        if row is None:
            cs.create(Setting, {"key": LOCK_MINUTES_KEY, "value": json.dumps(minutes)})
        else:
            cs.update(row, {"value": json.dumps(minutes)})
