"""Keys of a page or form that work while the focus is anywhere inside it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QAction, QKeySequence
from PyQt6.QtWidgets import QWidget


def add_shortcuts(owner: QWidget, keys: Iterable[tuple[str, Callable[[], object]]]) -> None:
    """(key, slot) pairs as actions of owner, each slot called without arguments."""
    for key, slot in keys:
        action = QAction(owner)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False, slot=slot: slot())
        owner.addAction(action)
