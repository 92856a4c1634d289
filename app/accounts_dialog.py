"""操作员管理 (administrators only): accounts, their roles, password resets, and the idle-lock minutes.

Accounts are switched off rather than deleted: the audit trail keeps naming them.
"""

from __future__ import annotations

from PyQt6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import fit_screen_size, problem_banner, push_button, save_cancel, show_problem
from app.sign_in import PasswordDialog, new_password_rows
from db import accounts
from db.errors import LedgerError
from db.models import Operator, Role
from db.session import ROLE_NOTES


def role_box(name: str, role: Role = Role.ENTRY) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    for r in Role:
        box.addItem(f"{r.value}：{ROLE_NOTES[r]}", r)
    box.setCurrentIndex(list(Role).index(role))
    return box


class NewOperatorDialog(QDialog):
    """A new account: its name, role and first password (typed twice), made in one step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建操作员")
        self.setMinimumWidth(520)
        self.banner = problem_banner()
        self.name = QLineEdit()
        self.name.setObjectName("newName")
        self.role = role_box("newRole")
        form = QFormLayout()
        form.addRow("姓名", self.name)
        form.addRow("角色", self.role)
        self.password, self.again = new_password_rows(form, "new", "初始密码")
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(save_cancel(self, self.save))

    def save(self) -> None:
        try:
            accounts.create_operator(self.name.text(), self.role.currentData(), self.password.text(), self.again.text())
        except LedgerError as exc:
            show_problem(self.banner, str(exc))
            return
        self.accept()


class AccountsDialog(QDialog):
    """操作员管理: the administrator adds, changes and stops accounts (never deletes: the trail names them)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("操作员管理")
        fit_screen_size(self, 640, 420)
        self.banner = problem_banner()
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("operatorTable")
        self.table.setHorizontalHeaderLabels(["姓名", "角色", "状态", "开设时间"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.role = QComboBox()
        self.role.setObjectName("roleOfSelected")
        self.role.addItems([r.value for r in Role])
        buttons = QHBoxLayout()
        buttons.addWidget(push_button("新建操作员…", self.new_operator, "newOperator"))
        buttons.addWidget(QLabel("所选改为"))
        buttons.addWidget(self.role)
        buttons.addWidget(push_button("改角色", self.change_role, "changeRole"))
        buttons.addWidget(push_button("停用/启用", self.toggle_active, "toggleActive"))
        buttons.addWidget(push_button("重设密码…", self.reset_password, "resetPassword"))
        buttons.addStretch(1)
        self.lock = QSpinBox()
        self.lock.setObjectName("lockMinutes")
        self.lock.setRange(0, 240)
        self.lock.setSuffix(" 分钟")
        self.lock.setSpecialValueText("不自动锁屏")
        self.lock.setValue(accounts.lock_minutes())
        lock_row = QHBoxLayout()
        lock_row.addWidget(QLabel("无人操作多久后自动锁屏："))
        lock_row.addWidget(self.lock)
        lock_row.addWidget(push_button("保存锁屏时间", self.save_lock, "saveLock"))
        lock_row.addStretch(1)
        lock_row.addWidget(push_button("关闭", self.accept, "closeAccounts"))  # every change above is saved at once
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(lock_row)
        self.reload()

    def reload(self) -> None:
        self.operators = accounts.operators()
        self.table.setRowCount(len(self.operators))
        for row, o in enumerate(self.operators):
            cells = (o.name, o.role, "在用" if o.active else "已停用", f"{o.created_at:%Y-%m-%d %H:%M}")
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def _selected(self) -> Operator | None:
        row = self.table.currentRow()
        if row < 0:
            show_problem(self.banner, "请先在表中选一个操作员")
            return None
        return self.operators[row]

    def _do(self, action) -> None:  # type: ignore[no-untyped-def]
        try:
            action()
        except LedgerError as exc:
            show_problem(self.banner, str(exc))
            return
        self.banner.hide()
        self.reload()

    def new_operator(self) -> None:
        if NewOperatorDialog(self).exec():
            self.reload()

    def change_role(self) -> None:
        if (o := self._selected()) is not None:
            self._do(lambda: accounts.change_operator(o.id, role=Role(self.role.currentText())))

    def toggle_active(self) -> None:
        if (o := self._selected()) is not None:
            self._do(lambda: accounts.change_operator(o.id, active=not o.active))

    def reset_password(self) -> None:
        if (o := self._selected()) is not None:
            PasswordDialog(o.id, o.name, own=False, parent=self).exec()

    def save_lock(self) -> None:
        self._do(lambda: accounts.set_lock_minutes(self.lock.value()))
