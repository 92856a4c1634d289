"""Operator accounts: scrypt-hashed passwords, roles enforced by the one save path, sign-in in the audit."""

from __future__ import annotations

import pytest

from db import accounts, changes, session
from db.errors import LedgerError
from db.models import AuditEntry, Operator, Person, Role
from db.session import Can, NotAllowed


@pytest.fixture
def staff(village):  # type: ignore[no-untyped-def]
    """An administrator, a data-entry clerk and a read-only viewer; nobody signed in."""
    admin = accounts.create_operator("李文书", Role.ADMIN, "admin-pass")
    session.begin(session.Session(admin.name, Role.ADMIN, admin.id))
    entry = accounts.create_operator("王录入", Role.ENTRY, "entry-pass")
    viewer = accounts.create_operator("赵查看", Role.READONLY, "view-pass")
    session.begin(None)
    return {"admin": admin.id, "entry": entry.id, "viewer": viewer.id, **village}


def test_the_first_account_must_be_an_administrator(db_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(LedgerError, match="第一个操作员必须是管理员"):
        accounts.create_operator("王录入", Role.ENTRY, "secret1")
    with pytest.raises(LedgerError, match="密码至少 6 位；两次输入的密码不一样"):
        accounts.create_operator("李文书", Role.ADMIN, "12345", "54321")
    admin = accounts.create_operator("李文书", Role.ADMIN, "secret1")
    assert admin.password_hash.startswith("scrypt$16384$8$1$") and "secret1" not in admin.password_hash
    entry = AuditEntry.select().where(AuditEntry.table == "operator").get()
    assert entry.who == "李文书" and "scrypt" not in entry.after and '"password_hash": "******"' in entry.after


def test_sign_in_checks_the_password_and_records_every_try(staff) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(accounts.SignInFailed, match="用户名或密码不对"):
        accounts.sign_in("王录入", "wrong-pass")
    assert session.current() is None
    signed = accounts.sign_in("王录入", "entry-pass")
    assert (signed.name, signed.role) == ("王录入", Role.ENTRY) and session.current() == signed
    tries = [
        (e.who, e.action)
        for e in AuditEntry.select().where(AuditEntry.table == "operator", AuditEntry.action.startswith("sign_in"))
    ]
    assert tries == [("王录入", "sign_in_failed"), ("王录入", "sign_in")]
    changes.save(Person, {"phone": "13900001111"}, staff["zhang"], "改电话")
    assert AuditEntry.select().order_by(AuditEntry.id.desc()).get().who == "王录入"  # the audit names the operator


def test_a_switched_off_account_cannot_sign_in(staff) -> None:  # type: ignore[no-untyped-def]
    accounts.change_operator(staff["entry"], active=False)
    with pytest.raises(accounts.SignInFailed):
        accounts.sign_in("王录入", "entry-pass")


def test_roles_are_enforced_by_the_save_path(staff) -> None:  # type: ignore[no-untyped-def]
    accounts.sign_in("赵查看", "view-pass")
    audits = AuditEntry.select().count()
    with pytest.raises(NotAllowed, match="只读“赵查看”没有“录入和修改”的权限"):
        changes.save(Person, {"phone": "13900001111"}, staff["zhang"])
    assert Person.get_by_id(staff["zhang"]).phone == "13812345678" and AuditEntry.select().count() == audits
    accounts.sign_in("王录入", "entry-pass")
    changes.save(Person, {"phone": "13900001111"}, staff["zhang"])
    with pytest.raises(NotAllowed, match="导出个人信息"), changes.transaction("导出", needs=Can.EXPORT):
        pass
    with pytest.raises(NotAllowed):
        accounts.set_lock_minutes(5)
    with pytest.raises(NotAllowed):
        accounts.create_operator("钱新人", Role.ENTRY, "new-pass")


def test_the_last_administrator_stays(staff) -> None:  # type: ignore[no-untyped-def]
    accounts.sign_in("李文书", "admin-pass")
    with pytest.raises(LedgerError, match="至少要保留一个在用的管理员"):
        accounts.change_operator(staff["admin"], role=Role.ENTRY)
    with pytest.raises(LedgerError, match="至少要保留一个在用的管理员"):
        accounts.change_operator(staff["admin"], active=False)
    accounts.change_operator(staff["entry"], role=Role.ADMIN)
    accounts.change_operator(staff["admin"], role=Role.ENTRY)  # another administrator now exists
    assert Operator.get_by_id(staff["admin"]).role == Role.ENTRY.value


def test_passwords_change_with_the_old_one_or_by_an_administrator(staff) -> None:  # type: ignore[no-untyped-def]
    accounts.sign_in("王录入", "entry-pass")
    with pytest.raises(LedgerError, match="原密码不对"):
        accounts.set_password(staff["entry"], "newer-pass", "newer-pass", old="guess")
    accounts.set_password(staff["entry"], "newer-pass", "newer-pass", old="entry-pass")
    with pytest.raises(NotAllowed):  # resetting someone else's is the administrator's
        accounts.set_password(staff["viewer"], "reset-pass", "reset-pass")
    accounts.sign_in("李文书", "admin-pass")
    accounts.set_password(staff["viewer"], "reset-pass", "reset-pass")
    accounts.sign_in("赵查看", "reset-pass")
    accounts.sign_in("王录入", "newer-pass")
    assert accounts.confirm_password("newer-pass") and not accounts.confirm_password("entry-pass")


def test_the_lock_time_is_set_by_an_administrator(staff) -> None:  # type: ignore[no-untyped-def]
    assert accounts.lock_minutes() == accounts.DEFAULT_LOCK_MINUTES
    accounts.sign_in("李文书", "admin-pass")
    accounts.set_lock_minutes(3)
    accounts.set_lock_minutes(0)
    assert accounts.lock_minutes() == 0
    with pytest.raises(LedgerError, match="0（不锁屏）到 240 分钟"):
        accounts.set_lock_minutes(500)


def test_the_session_follows_the_database(staff) -> None:  # type: ignore[no-untyped-def]
    accounts.sign_in("李文书", "admin-pass")
    accounts.change_operator(staff["entry"], role=Role.ADMIN)
    accounts.change_operator(staff["admin"], role=Role.ENTRY)  # demoted by themselves: another admin exists
    assert accounts.refresh_session().role is Role.ENTRY
    Operator.update(active=False).where(Operator.id == staff["admin"]).execute()  # as a restored older copy
    assert accounts.refresh_session() is None and session.current() is None
