"""Operators in the real window: sign-in at start, what each role sees, the idle lock, account
management and the audit viewer."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtGui import QAction
from PyQt6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
)

from db import accounts, changes, session
from db.models import AuditEntry, Operator, Person, Role
from tests.conftest import HANG_GUARD_MS, save_screenshot, settle, type_text


def _staff() -> None:
    admin = accounts.create_operator("李文书", Role.ADMIN, "admin-pass")
    session.begin(session.Session(admin.name, Role.ADMIN, admin.id))
    accounts.create_operator("王录入", Role.ENTRY, "entry-pass")
    accounts.create_operator("赵查看", Role.READONLY, "view-pass")
    session.begin(None)


def _window(qtbot, db_path: Path, tmp_path: Path, on_modal, name: str, password: str, seen: list[str] | None = None):  # type: ignore[no-untyped-def]
    """Start the window as a clerk would, signing in (after one wrong password when `seen` is given)."""

    from app.main_window import MainWindow

    def sign_in(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.findChild(QComboBox, "operatorName").setCurrentText(name)
        box = dialog.findChild(QLineEdit, "password")
        if seen is not None:
            type_text(box, "wrong-pass")
            dialog.save()
            seen.append(dialog.findChild(QLabel, "banner").text())
        type_text(box, password)
        dialog.save()

    on_modal(sign_in)
    window = MainWindow(db_path, first_run=True)
    qtbot.addWidget(window)
    window.show()
    window.start()
    settle(window)
    return window


def _visible(window, name: str) -> bool:  # type: ignore[no-untyped-def]
    return window.findChild(QAction, name).isVisible()


def test_every_start_signs_in_and_the_audit_names_the_operator(qtbot, village, db_path, tmp_path, on_modal, output_dir):  # type: ignore[no-untyped-def]
    _staff()
    seen: list[str] = []
    window = _window(qtbot, db_path, tmp_path, on_modal, "王录入", "entry-pass", seen)
    assert seen == ["用户名或密码不对"]
    assert window.operator.text() == "操作员：王录入（录入员）"
    failed = AuditEntry.select().where(AuditEntry.action == "sign_in_failed").get()
    assert failed.who == "王录入"
    changes.save(Person, {"phone": "13900001111"}, village["zhang"], "改电话")
    assert AuditEntry.select().order_by(AuditEntry.id.desc()).get().who == "王录入"
    # 录入员: enter and print; no export, backup, settings or accounts
    assert (
        _visible(window, "action_new_person") and _visible(window, "action_print") and _visible(window, "action_import")
    )
    for hidden in (
        "action_export",
        "action_export_isolation",
        "action_backups",
        "action_policies",
        "action_accounts",
        "action_audit",
    ):
        assert not _visible(window, hidden), hidden
    save_screenshot(window, output_dir, "signed_in_as_entry_clerk")


def test_a_read_only_operator_only_looks(qtbot, village, db_path, tmp_path, on_modal):  # type: ignore[no-untyped-def]
    _staff()
    window = _window(qtbot, db_path, tmp_path, on_modal, "赵查看", "view-pass")
    for hidden in (
        "action_new_person",
        "action_edit",
        "action_new_case",
        "action_print",
        "action_import",
        "action_export",
        "action_readings",
    ):
        assert not _visible(window, hidden), hidden
    assert window.home.findChild(QPushButton, "enterReadings").isHidden()
    menus = [a.text() for a in window.menuBar().actions() if a.isVisible()]
    assert "设置(&S)" not in menus and "文件(&F)" in menus  # no menu whose every entry is hidden
    window.roster.reload()
    qtbot.waitUntil(lambda: window.roster.people.rowCount() > 0, timeout=HANG_GUARD_MS)
    window.roster.table.selectRow(0)
    window.roster.edit_person()  # a double-click on a row: nothing opens
    assert QApplication.activeModalWidget() is None


def test_the_screen_locks_when_idle_and_opens_with_the_password(
    qtbot, village, db_path, tmp_path, on_modal, output_dir
):  # type: ignore[no-untyped-def]
    from PyQt6.QtWidgets import QDialog

    _staff()
    window = _window(qtbot, db_path, tmp_path, on_modal, "李文书", "admin-pass")
    other = QDialog(window)  # a dialog left open on the desk
    other.setWindowTitle("打开着的对话框")
    other.show()
    seen: dict[str, object] = {}

    def locked(screen) -> None:  # type: ignore[no-untyped-def]
        seen["name"] = screen.objectName()
        seen["hidden"] = other.windowOpacity()
        save_screenshot(screen, output_dir, "lock_screen")
        box = screen.findChild(QLineEdit, "unlockPassword")
        type_text(box, "wrong-pass")
        screen.unlock()
        seen["banner"] = screen.findChild(QLabel, "banner").text()
        type_text(box, "admin-pass")
        screen.unlock()

    on_modal(locked)
    window.idle_lock.set_minutes(0.002)  # 120 ms
    qtbot.waitUntil(lambda: "banner" in seen, timeout=HANG_GUARD_MS)  # the lock came, and was opened
    qtbot.waitUntil(lambda: window.idle_lock.screen is None, timeout=HANG_GUARD_MS)
    assert seen["name"] == "lockScreen" and seen["hidden"] == 0.0 and seen["banner"] == "密码不对"
    assert other.isVisible() and other.windowOpacity() == 1.0  # what was being typed is still there
    other.close()


def test_the_administrator_manages_operators(qtbot, village, db_path, tmp_path, on_modal, output_dir):  # type: ignore[no-untyped-def]
    from app.accounts_dialog import AccountsDialog

    _staff()
    window = _window(qtbot, db_path, tmp_path, on_modal, "李文书", "admin-pass")
    dialog = AccountsDialog(window)
    qtbot.addWidget(dialog)
    table = dialog.findChild(QTableWidget, "operatorTable")
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["李文书", "王录入", "赵查看"]

    def new_operator(form) -> None:  # type: ignore[no-untyped-def]
        type_text(form.findChild(QLineEdit, "newName"), "孙新人")
        form.findChild(QComboBox, "newRole").setCurrentIndex(2)
        for box in ("newPassword", "newAgain"):
            form.findChild(QLineEdit, box).setText("start-pass")
        form.save()

    on_modal(new_operator)
    dialog.new_operator()
    assert Operator.get(Operator.name == "孙新人").role == Role.READONLY.value
    table.selectRow(0)
    dialog.role.setCurrentText(Role.ENTRY.value)
    dialog.change_role()  # the only administrator
    assert dialog.banner.text() == "至少要保留一个在用的管理员" and Operator.get_by_id(1).role == Role.ADMIN.value
    table.selectRow(1)
    dialog.toggle_active()
    assert table.item(1, 2).text() == "已停用"
    dialog.lock.setValue(5)
    dialog.save_lock()
    assert accounts.lock_minutes() == 5
    save_screenshot(dialog, output_dir, "accounts_dialog")


def test_the_audit_viewer_filters_and_explains(qtbot, village, db_path, tmp_path, on_modal, output_dir):  # type: ignore[no-untyped-def]
    from app.audit_viewer import AuditDialog

    _staff()
    window = _window(qtbot, db_path, tmp_path, on_modal, "李文书", "admin-pass")
    changes.save(Person, {"phone": "13900001111"}, village["zhang"], "改电话：张三丰")
    dialog = AuditDialog(window)
    qtbot.addWidget(dialog)
    table = dialog.findChild(QTableWidget, "auditTable")
    assert table.item(0, 4).text() == "改电话：张三丰" and table.item(0, 1).text() == "李文书"
    dialog.who.setCurrentIndex(dialog.who.findData("测试"))
    assert {table.item(r, 1).text() for r in range(table.rowCount())} == {"测试"}  # the village fixture's entries
    dialog.who.setCurrentIndex(0)
    dialog.action.setCurrentIndex(dialog.action.findData("sign_in"))
    assert table.rowCount() == 1 and table.item(0, 2).text() == "登录"
    dialog.action.setCurrentIndex(0)
    type_text(dialog.text, "张三丰")
    dialog.reload()
    table.selectRow(0)
    detail = dialog.findChild(QPlainTextEdit, "detail").toPlainText()
    assert "联系电话：13812345678 → 13900001111" in detail
    save_screenshot(dialog, output_dir, "audit_viewer")


def test_an_error_no_screen_caught_is_shown_not_fatal(qtbot, main_window, village, on_modal):  # type: ignore[no-untyped-def]
    """A read-only operator reaching a save some screen forgot to hide: a message, and the window stays."""
    import sys

    from app import error_hook

    seen: list[str] = []
    on_modal(lambda box: (seen.append(box.text()), box.accept()))
    session.begin(session.Session("赵查看", Role.READONLY, None))
    try:
        changes.save(Person, {"phone": "13900001111"}, village["zhang"])
    except Exception:
        error_hook.show_error(*sys.exc_info())  # what sys.excepthook gets from a slot in the app
    qtbot.waitUntil(lambda: bool(seen), timeout=HANG_GUARD_MS)
    assert seen == ["只读“赵查看”没有“录入和修改”的权限，请找管理员。"]
    assert Person.get_by_id(village["zhang"]).phone == "13812345678" and main_window.isVisible()


def test_an_operator_changes_their_own_password(qtbot, village, db_path, tmp_path, on_modal):  # type: ignore[no-untyped-def]
    _staff()
    window = _window(qtbot, db_path, tmp_path, on_modal, "王录入", "entry-pass")
    seen: list[str] = []

    def change(dialog) -> None:  # type: ignore[no-untyped-def]
        seen.append(dialog.windowTitle())
        dialog.findChild(QLineEdit, "oldPassword").setText("not-it")
        for box in ("newPassword", "newAgain"):
            dialog.findChild(QLineEdit, box).setText("fresh-pass")
        dialog.save()
        seen.append(dialog.banner.text())
        dialog.findChild(QLineEdit, "oldPassword").setText("entry-pass")
        on_modal(lambda box: (seen.append(box.text()), box.accept()))
        dialog.save()

    on_modal(change)
    window.findChild(QAction, "action_password").trigger()
    assert seen == ["修改密码：王录入", "原密码不对", "密码已修改，下次登录请用新密码。"]
    assert accounts.sign_in("王录入", "fresh-pass").name == "王录入"
