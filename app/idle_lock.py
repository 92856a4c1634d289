"""The screen lock: after the idle minutes the administrator set (or on request), every window of the
program is covered until the signed-in operator types their password again.

Dialogs left open stay open (closing them would lose what was being typed); they are made invisible,
and the main window is covered by the lock itself, so nobody passing by reads a name or an ID number.
"""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import QEvent, QObject, Qt, QTimer
from PyQt6.QtWidgets import QApplication, QDialog, QLabel, QVBoxLayout, QWidget

from app.editors.dialog_parts import problem_banner, push_button, show_problem
from app.sign_in import password_box
from db import accounts, session

#: What counts as someone at the keyboard.
ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}


class LockScreen(QDialog):
    """Covers the main window; only the password (or another operator's sign-in) opens it."""

    def __init__(self, window: QWidget, switch_operator: Callable[[], bool]) -> None:
        super().__init__(window, Qt.WindowType.Dialog | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("lockScreen")
        self.setModal(True)
        self.setStyleSheet("#lockScreen { background: #2c3e50; } QLabel { color: white; font-size: 16px; }")
        self._switch_operator = switch_operator
        current = session.current()
        title = QLabel(f"已锁定（操作员：{current.name if current else ''}）")
        title.setStyleSheet("font-size: 22px; font-weight: bold;")
        self.banner = problem_banner()
        self.banner.setStyleSheet("color: #ffb3a7; font-weight: bold;")
        self.password = password_box("unlockPassword")
        self.password.setFixedWidth(260)
        self.password.setPlaceholderText("输入密码后按回车解锁")
        self.password.returnPressed.connect(self.unlock)
        column = QVBoxLayout(self)
        column.addStretch(1)
        buttons = (
            push_button("解锁", self.unlock, "unlock", default=True),
            push_button("换其他操作员登录…", self.switch, "switchOperator"),
        )
        for button in buttons:
            button.setFixedWidth(260)
        for widget in (title, self.banner, self.password, *buttons):
            column.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(2)
        self.setGeometry(window.geometry())

    def unlock(self) -> None:
        if accounts.confirm_password(self.password.text()):
            self.accept()
            return
        self.password.clear()
        show_problem(self.banner, "密码不对")

    def switch(self) -> None:
        if self._switch_operator():
            self.accept()

    def reject(self) -> None:  # Esc does not open the lock
        pass


class IdleLock(QObject):
    """Watches the whole application's input; at the limit, locks."""

    def __init__(self, window: QWidget, switch_operator: Callable[[], bool]) -> None:
        super().__init__(window)
        self.window = window
        self.switch_operator = switch_operator
        self.screen: LockScreen | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        QApplication.instance().installEventFilter(self)

    def set_minutes(self, minutes: float) -> None:
        """0: never by itself (the menu still locks)."""
        self.timer.stop()
        if minutes > 0:
            self.timer.setInterval(int(minutes * 60_000))
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and self.screen is None and self.timer.interval() > 0 and self.timer.isActive():
            self.timer.start()
        return False

    def lock(self) -> None:
        if self.screen is not None or session.current() is None:
            return
        hidden = [
            w
            for w in QApplication.topLevelWidgets()
            if w.isVisible() and w is not self.window and w.windowOpacity() > 0
        ]
        for widget in hidden:
            widget.setWindowOpacity(0.0)
        self.screen = LockScreen(self.window, self.switch_operator)
        try:
            self.screen.exec()
        finally:
            self.screen.deleteLater()
            self.screen = None
            for widget in hidden:
                widget.setWindowOpacity(1.0)
            self.set_minutes(accounts.lock_minutes())
