"""The main window's operators (db/accounts.py): sign-in, what the role shows, the idle lock.

A part of MainWindow (app/main_window.py), kept apart so that the window stays about its pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PyQt6.QtGui import QAction
from PyQt6.QtWidgets import QLabel, QMainWindow, QMenu, QMessageBox

if TYPE_CHECKING:
    from app.idle_lock import IdleLock

    _Window = QMainWindow
else:
    _Window = object


class OperatorActions(_Window):
    """The window's sign-in and account entries; MainWindow provides `operator` and `idle_lock`."""

    operator: QLabel
    idle_lock: IdleLock | None

    def _hide_empty_menus(self) -> None:
        """A menu whose every entry this operator may not use is not shown at all (只读: no 设置)."""
        bar = self.menuBar()
        for menu in bar.findChildren(QMenu) if bar is not None else []:
            if menu.parent() is bar:
                menu.menuAction().setVisible(any(a.isVisible() and not a.isSeparator() for a in menu.actions()))

    def _sign_in(self) -> bool:
        """A database without accounts asks for its administrator; one with accounts, for a sign-in."""
        from app.sign_in import CreateAdminDialog, SignInDialog
        from db import accounts

        dialog = SignInDialog(self) if accounts.has_operators() else CreateAdminDialog(self)
        return bool(dialog.exec())

    def operator_changed(self) -> None:
        from app import permissions
        from app.idle_lock import IdleLock
        from db import accounts

        current = accounts.refresh_session()
        self.operator.setText(f"操作员：{current.name}（{current.role.value}）" if current else "")
        for name in ("action_lock", "action_switch", "action_password"):
            self.findChild(QAction, name).setVisible(current is not None and current.operator_id is not None)
        permissions.apply(self)
        self._hide_empty_menus()
        if current is not None:
            if self.idle_lock is None:
                self.idle_lock = IdleLock(self, self.switch_operator)
                permissions.DialogPermissions(self)
            self.idle_lock.set_minutes(accounts.lock_minutes())

    def lock(self) -> None:
        if self.idle_lock is not None:
            self.idle_lock.lock()

    def switch_operator(self) -> bool:
        from app.sign_in import SignInDialog

        if not SignInDialog(self, cancel_text="取消").exec():
            return False
        self.operator_changed()
        return True

    def change_password(self) -> None:
        from app.sign_in import PasswordDialog
        from db import session

        current = session.current()
        if current is None or current.operator_id is None:
            return
        if PasswordDialog(current.operator_id, current.name, own=True, parent=self).exec():
            QMessageBox.information(self, "修改密码", "密码已修改，下次登录请用新密码。")

    def manage_accounts(self) -> None:
        from app.accounts_dialog import AccountsDialog

        AccountsDialog(self).exec()
        self.operator_changed()  # a new lock time, or this operator's own role changed

    def show_audit(self) -> None:
        from app.audit_viewer import AuditDialog

        AuditDialog(self).exec()

    def _sign_in_again(self) -> None:
        """After a restore: the file may not know who is signed in (a copy from before their account)."""
        from db import accounts, session

        if session.current() is not None and accounts.refresh_session() is None and not self._sign_in():
            self.close()
            return
        self.operator_changed()
