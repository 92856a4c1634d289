"""Who is signed in, and what their role lets them do.

The one save path asks here before it writes (`require`), so a screen that forgot to hide a button still
cannot let a read-only operator change anything. With nobody signed in (headless commands run by
whoever holds the file; tests) nothing is refused.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from enum import StrEnum

from db.errors import LedgerError
from db.models.operator import Role


class Can(StrEnum):
    """The actions that need permission, in the words a refusal says."""

    EDIT = "录入和修改"
    IMPORT = "导入"
    PRINT = "打印"
    EXPORT = "导出个人信息"
    BACKUP = "备份和恢复"
    SETTINGS = "修改设置"
    ACCOUNTS = "管理操作员、查看操作记录"


ROLE_CAN: dict[Role, frozenset[Can]] = {
    Role.ADMIN: frozenset(Can),
    Role.ENTRY: frozenset({Can.EDIT, Can.IMPORT, Can.PRINT}),
    Role.READONLY: frozenset(),
}

#: What each role is for, in the words the account screen shows.
ROLE_NOTES = {
    Role.ADMIN: "全部功能，包括导出、备份恢复、设置、操作员管理和操作记录",
    Role.ENTRY: "录入、修改、导入和打印；不能导出个人信息、恢复备份或改设置",
    Role.READONLY: "只能查看；不能修改、打印或导出",
}


class NotAllowed(LedgerError):
    """The signed-in operator may not do this; nothing was written."""


@dataclass(frozen=True)
class Session:
    """Who is signed in and what their role lets them do; the audit trail names them."""

    name: str
    role: Role
    operator_id: int | None = None

    def can(self, what: Can) -> bool:
        return what in ROLE_CAN[self.role]


_current: Session | None = None


def current() -> Session | None:
    return _current


def begin(session: Session | None) -> None:
    global _current
    _current = session


def os_account_name() -> str | None:
    """The account the operating system runs us as. Not getpass: it reads LOGNAME/USER first, and a changed
    environment must not sign someone else's name in the audit."""
    try:
        if sys.platform == "win32":
            import ctypes

            size = ctypes.c_ulong(257)
            buffer = ctypes.create_unicode_buffer(size.value)
            if ctypes.windll.advapi32.GetUserNameW(buffer, ctypes.byref(size)):  # type: ignore[attr-defined]
                return buffer.value or None
            return None
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name or None
    except (OSError, KeyError, AttributeError):  # a uid with no account entry (a container, say)
        return None


def command_line() -> Session:
    """Headless commands are run by whoever holds the database file; the audit names the system account."""
    return Session(f"命令行（{os_account_name() or '未知用户'}）", Role.ADMIN)


def may(what: Can) -> bool:
    return _current is None or _current.can(what)


def require(what: Can | None) -> None:
    if what is not None and not may(what):
        assert _current is not None
        raise NotAllowed(f"{_current.role.value}“{_current.name}”没有“{what.value}”的权限，请找管理员。")
