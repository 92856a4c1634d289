"""值班排班: a tab each for who stands duty (值班人员), the posts (岗位) and the roster itself (排班表), in the
order they are set up: people and posts first, then the roster made of them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtGui import QShowEvent
from PyQt6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.duty.people_page import PeopleTab
from app.duty.post_dialog import PostsTab
from app.duty.roster_tab import RosterTab


class DutyPage(QWidget):
    """Emits status_changed for the status bar and changed after every save. `today` dates the view (days away
    already past are not shown as limits; the roster opens on its week), `now` the roster's sign-ins, swaps and
    generations."""

    status_changed = pyqtSignal(str)
    changed = pyqtSignal()

    def __init__(
        self,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__(parent)
        self.people = PeopleTab(today)
        self.posts = PostsTab()
        self.roster = RosterTab(today, now)
        #: The page's tabs: 值班人员, 岗位, 排班表.
        self.tabs = QTabWidget()
        self.tabs.setObjectName("dutyTabs")
        self.tabs.addTab(self.people, "值班人员")
        self.tabs.addTab(self.posts, "岗位")
        self.tabs.addTab(self.roster, "排班表")
        for tab in (self.people, self.posts, self.roster):
            tab.changed.connect(self.changed)
        self.people.status_changed.connect(self.status_changed)
        self.roster.status_changed.connect(self.status_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def reload(self) -> None:
        self.people.reload()
        self.posts.reload()
        self.roster.reload()

    def showEvent(self, event: QShowEvent | None) -> None:
        """Read again each time the page is shown: another page (or PC) may have changed the lists."""
        self.reload()
        super().showEvent(event)
