"""The 身份证号/姓名 box of the gate's entry, with the people it finds listed under it (the focus stays in the
box, so the list is not a window of its own)."""

from __future__ import annotations

from typing import Any

from PyQt6 import sip
from PyQt6.QtCore import QPoint, Qt, pyqtSignal
from PyQt6.QtGui import QKeyEvent
from PyQt6.QtWidgets import QAbstractItemView, QLineEdit, QListWidget, QWidget

from db.queries.checkpoints import Candidate, lookup

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def candidate_text(c: Candidate) -> str:
    """A line of the fill-in list: who, masked number, where they live, when last seen at a gate."""
    parts = [c.name, c.shown_id_number or "（无身份证号）", c.address or ("本村" if c.is_villager else "外来")]
    if c.last_at is not None:
        parts.append(f"上次 {c.last_at:%m-%d %H:%M} {c.last_checkpoint} {c.last_direction}")
    else:
        parts.append(c.source)
    return "　".join(p for p in parts if p)


class LookupBox(QLineEdit):
    """The 身份证号/姓名 box: looks up what is typed and offers the people in a list under it (not a window of
    its own: the focus stays here). picked(candidate) when Enter takes one; entered() when Enter is pressed
    with nothing offered."""

    picked = pyqtSignal(object)
    entered = pyqtSignal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.candidates: list[Candidate] = []
        self.popup = QListWidget()
        self.popup.setObjectName("gateLookupList")
        self.popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.popup.setUniformItemSizes(True)
        self.popup.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.popup.setStyleSheet("QListWidget { border: 1px solid #2e6da4; background: #ffffff; }")
        self.popup.itemClicked.connect(lambda _item: self.take())
        self.popup.hide()
        self.textEdited.connect(self._look_up)

    def _look_up(self, text: str) -> None:
        self.candidates = lookup(text)
        self.popup.clear()
        if not self.candidates:
            self.popup.hide()
            return
        self.popup.addItems([candidate_text(c) for c in self.candidates])
        self.popup.setCurrentRow(0)
        self._place()

    def _place(self) -> None:
        """Under the box, in front of what is below it, inside the window."""
        window = self.window()
        if self.popup.parent() is not window:
            self.popup.setParent(window)
        below = self.mapTo(window, QPoint(0, self.height()))
        rows = min(len(self.candidates), 8)
        height = rows * (self.popup.sizeHintForRow(0) or 20) + 4
        width = max(self.width(), min(620, window.width() - below.x() - 8))
        self.popup.setGeometry(below.x(), below.y(), width, height)
        self.popup.show()
        self.popup.raise_()

    def hide_popup(self) -> None:
        self.popup.hide()

    def clear_all(self) -> None:
        self.clear()
        self.candidates = []
        self.popup.clear()
        self.popup.hide()

    def take(self) -> None:
        row = self.popup.currentRow()
        if self.popup.isVisible() and 0 <= row < len(self.candidates):
            chosen = self.candidates[row]
            self.popup.hide()
            self.picked.emit(chosen)

    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        if event is None:
            return
        key = event.key()
        shown = self.popup.isVisible() and self.popup.count() > 0
        if shown and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            step = 1 if key == Qt.Key.Key_Down else -1
            self.popup.setCurrentRow((self.popup.currentRow() + step) % self.popup.count())
            return
        if key in ENTER_KEYS and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            if shown:
                self.take()
            else:
                self.entered.emit()
            return
        if key == Qt.Key.Key_Escape and shown:
            self.popup.hide()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: Any) -> None:
        if not sip.isdeleted(self.popup):  # (the window, its parent, may be going)
            self.popup.hide()
        super().focusOutEvent(event)
