"""The two pieces every entry dialog has: a red problem banner at the top and 保存/取消 at the bottom."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import QSize, Qt
from PyQt6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QWidget,
)

ERROR_COLOUR = "#c0392b"
#: A message in red under a field or at the top of a dialog (every dialog says a problem the same way).
ERROR_STYLE = f"color: {ERROR_COLOUR};"
#: Room kept free around a window: the Windows taskbar (≈40 px at 100 %) and the title bar.
SCREEN_MARGIN = 40


def fit_screen_size(window: QWidget, width: int, height: int) -> None:
    """Open at the size wished for, or smaller where the screen (at its scaling) has less room."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width() - SCREEN_MARGIN // 2)
        height = min(height, room.height() - 2 * SCREEN_MARGIN)
    window.resize(width, height)


def fit_to_contents(window: QWidget) -> None:
    """Take the size the contents ask for (a FullScroll asks for all of its content), within the screen."""
    window.ensurePolished()  # the style's fonts and margins, as they will be when shown
    layout = window.layout()
    if layout is not None:
        layout.activate()
    hint = window.sizeHint()
    fit_screen_size(window, max(hint.width(), window.minimumWidth()), hint.height())


class FullScroll(QScrollArea):
    """Shows all of its content where the screen has room and scrolls it only where it has not (150 %
    scaling, a long form with its messages): a plain scroll area would ask for a few lines only."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def sizeHint(self) -> QSize:
        content = self.widget()
        if content is None:
            return super().sizeHint()
        hint = content.sizeHint()
        return QSize(hint.width() + self._bar_width(), hint.height())

    def minimumSizeHint(self) -> QSize:
        content = self.widget()
        width = content.minimumSizeHint().width() if content is not None else 0
        return QSize(width + self._bar_width(), 120)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """No scroll bar when all of the content has room: Qt's own test, run against the narrower width a
        bar leaves, can keep a bar that is not needed (a form with wrapping messages grows as it narrows)."""
        content = self.widget()
        fits = content is not None and self.height() >= content.sizeHint().height()
        self.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff if fits else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        super().resizeEvent(event)

    def _bar_width(self) -> int:
        bar = self.verticalScrollBar()
        return bar.sizeHint().width() if bar is not None else 0


def problem_banner() -> QLabel:
    """Hidden until a problem is shown in it (objectName "banner": tests and the screen reader find it)."""
    banner = QLabel()
    banner.setObjectName("banner")
    banner.setWordWrap(True)
    banner.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;")
    banner.hide()
    return banner


def show_problem(banner: QLabel, text: str) -> None:
    banner.setText(text)
    banner.show()


def save_cancel(
    dialog: QDialog, on_save: Callable[[], None], save_text: str = "保存", cancel_text: str = "取消"
) -> QDialogButtonBox:
    """Enter presses the save button (it is the default), Esc cancels."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    save.setText(save_text)
    save.setDefault(True)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(dialog.reject)
    return buttons


def push_button(text: str, slot, name: str = "", default: bool = False) -> QPushButton:  # type: ignore[no-untyped-def]
    """A button that Enter presses only if it is the dialog's default (Enter elsewhere must not close it)."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.setDefault(default)
    button.setAutoDefault(default)
    button.clicked.connect(slot)
    return button


def confirm(parent: QWidget, title: str, text: str, yes: str, no: str, default_yes: bool = True) -> bool:
    """Ask a yes/no question with buttons that say what they do; True only if `yes` was pressed."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent
    )
    box.button(QMessageBox.StandardButton.Yes).setText(yes)
    box.button(QMessageBox.StandardButton.No).setText(no)
    box.setDefaultButton(QMessageBox.StandardButton.Yes if default_yes else QMessageBox.StandardButton.No)
    box.exec()
    return box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
