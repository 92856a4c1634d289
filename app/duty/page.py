"""值班排班: a tab each for who stands duty (值班人员) and the posts (岗位); the roster itself (排班表) is
the next tab to come, added to `tabs` after these two."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtGui import QShowEvent
from PyQt6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.duty.people_page import PeopleTab
from app.duty.post_dialog import PostsTab


class DutyPage(QWidget):
    """Emits status_changed for the status bar and changed after every save. `today` dates the view (days away
    already past are not shown as limits)."""

    status_changed = pyqtSignal(str)
    changed = pyqtSignal()

    def __init__(self, parent: QWidget | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.people = PeopleTab(today)
        self.posts = PostsTab()
        #: The page's tabs: 值班人员, 岗位; the roster (排班表) goes here next.
        self.tabs = QTabWidget()
        self.tabs.setObjectName("dutyTabs")
        self.tabs.addTab(self.people, "值班人员")
        self.tabs.addTab(self.posts, "岗位")
        for tab in (self.people, self.posts):
            tab.changed.connect(self.changed)
        self.people.status_changed.connect(self.status_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def reload(self) -> None:
        self.people.reload()
        self.posts.reload()

    def showEvent(self, event: QShowEvent | None) -> None:
        """Read again each time the page is shown: another page (or PC) may have changed the lists."""
        self.reload()
        super().showEvent(event)
