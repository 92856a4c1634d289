"""Which page a menu entry or shortcut belongs to.

A page's entries act on what is chosen on that page (花名册's 新建人员 adds to the household chosen in its
tree), so they work only while the page is shown: on any other page they are greyed in the menu and their
shortcut does nothing, instead of acting on a hidden choice. The jobs a clerk starts from anywhere
(登记管控对象, 体温录入, 打印) are not tied to a page; 查找 (Ctrl+F) searches the page that is shown.
"""

from __future__ import annotations

from collections.abc import Iterable

from PyQt6.QtGui import QAction, QActionGroup
from PyQt6.QtWidgets import QStackedWidget, QWidget


class PageActions:
    """One action group per page, enabled only while its page is current (an action's own enabled state,
    set by its page from the selection, is kept and applies again when the page is shown)."""

    def __init__(self, pages: QStackedWidget) -> None:
        self.pages = pages
        self.groups: dict[QWidget, QActionGroup] = {}
        pages.currentChanged.connect(lambda _index: self._follow())

    def bind(self, page: QWidget, actions: Iterable[QAction]) -> None:
        group = QActionGroup(page)
        group.setExclusionPolicy(QActionGroup.ExclusionPolicy.None_)
        for action in actions:
            group.addAction(action)
        self.groups[page] = group
        self._follow()

    def _follow(self) -> None:
        shown = self.pages.currentWidget()
        for page, group in self.groups.items():
            group.setEnabled(page is shown)


def focus_search(pages: QStackedWidget) -> bool:
    """Ctrl+F: the search box of the page that is shown, if it has one."""
    page = pages.currentWidget()
    focus = getattr(page, "focus_search", None)
    if focus is None:
        return False
    focus()
    return True
