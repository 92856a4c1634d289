"""Signing in: the administrator made at first start, the sign-in at every start, a new password.

A database without accounts (made before they existed) asks for its administrator at the next start,
like a new one.
"""

from __future__ import annotations

from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import problem_banner, save_cancel, show_problem
from db import accounts
from db.errors import LedgerError
from db.models import Role


def password_box(name: str) -> QLineEdit:
    box = QLineEdit()
    box.setObjectName(name)
    box.setEchoMode(QLineEdit.EchoMode.Password)
    return box


def new_password_rows(form: QFormLayout, prefix: str, what: str = "密码") -> tuple[QLineEdit, QLineEdit]:
    """A new password typed twice (boxes named prefix+"Password" and prefix+"Again")."""
    password, again = password_box(f"{prefix}Password"), password_box(f"{prefix}Again")
    form.addRow(f"{what}（至少 {accounts.MIN_PASSWORD} 位）", password)
    form.addRow(f"再输一次{what}", again)
    return password, again


class CreateAdminDialog(QDialog):
    """First start: the administrator's name and password; signed in once made."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("设置管理员")
        self.setMinimumWidth(420)
        intro = QLabel(
            "台账里有村民的身份证号和电话，请先设置管理员账户。\n"
            "以后每次打开都要登录；管理员可以再为其他人开设录入员或只读账户。"
        )
        intro.setWordWrap(True)
        self.banner = problem_banner()
        self.name = QLineEdit()
        self.name.setObjectName("adminName")
        form = QFormLayout()
        form.addRow("管理员姓名", self.name)
        self.password, self.again = new_password_rows(form, "admin")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(save_cancel(self, self.save, "创建并登录", "退出程序"))

    def save(self) -> None:
        try:
            accounts.create_operator(self.name.text(), Role.ADMIN, self.password.text(), self.again.text())
            accounts.sign_in(self.name.text().strip(), self.password.text())
        except LedgerError as exc:
            show_problem(self.banner, str(exc))
            return
        self.accept()


class SignInDialog(QDialog):
    """Every start (and 切换操作员): choose the name, type the password."""

    def __init__(self, parent: QWidget | None = None, cancel_text: str = "退出程序") -> None:
        super().__init__(parent)
        self.setWindowTitle("登录")
        self.setMinimumWidth(360)
        self.banner = problem_banner()
        self.name = QComboBox()
        self.name.setObjectName("operatorName")
        self.name.addItems(accounts.active_names())
        self.password = password_box("password")
        form = QFormLayout()
        form.addRow("操作员", self.name)
        form.addRow("密码", self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(save_cancel(self, self.save, "登录", cancel_text))
        self.password.setFocus()

    def save(self) -> None:
        try:
            accounts.sign_in(self.name.currentText(), self.password.text())
        except LedgerError as exc:
            show_problem(self.banner, str(exc))
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()


class PasswordDialog(QDialog):
    """A new password: the operator's own (the old one asked), or anyone's reset by an administrator."""

    def __init__(self, operator_id: int, name: str, own: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.operator_id = operator_id
        self.setWindowTitle(f"{'修改密码' if own else '重设密码'}：{name}")
        self.banner = problem_banner()
        self.old = password_box("oldPassword") if own else None
        form = QFormLayout()
        if self.old is not None:
            form.addRow("原密码", self.old)
        self.password, self.again = new_password_rows(form, "new", "新密码")
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(save_cancel(self, self.save))

    def save(self) -> None:
        try:
            accounts.set_password(
                self.operator_id,
                self.password.text(),
                self.again.text(),
                old=self.old.text() if self.old is not None else None,
            )
        except LedgerError as exc:
            show_problem(self.banner, str(exc))
            return
        self.accept()
