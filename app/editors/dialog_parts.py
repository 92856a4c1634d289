"""The two pieces every entry dialog has: a red problem banner at the top and 保存/取消 at the bottom."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtWidgets import QDialog, QDialogButtonBox, QLabel

ERROR_COLOUR = "#c0392b"


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


def save_cancel(dialog: QDialog, on_save: Callable[[], None], save_text: str = "保存",
                cancel_text: str = "取消") -> QDialogButtonBox:
    """Enter presses the save button (it is the default), Esc cancels."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    save.setText(save_text)
    save.setDefault(True)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(dialog.reject)
    return buttons
