"""首页 → 入户排查异常: abnormal screening findings (fever, a symptom, key-area travel, a contact, judged on
their visit day) not yet turned into a quarantine case, from every round. 登记管控 (or Enter) asks for the
policy and opens the case in one action (db.screening_actions.open_case_from_finding); the finding then
names its case and leaves this list. 首页 shows it below the tiles when its tile is chosen (the tile's number
is len(lines)).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import QWidget

from app.editors.action_list import ActionList
from app.screening import finding_handled
from db import screening_actions
from db.errors import LedgerError
from db.queries.screening import AbnormalLine, abnormal_findings
from db.rules.chinese_dates import short_date

HEADINGS = ("姓名", "住址", "走访日期", "排查轮次", "异常情况", "措施")


class ScreeningAlerts(ActionList):
    """The section; case_opened(case id) after a case was opened from a finding, finding_handled after one was
    marked 无需管控 or 并入已有管控 (app/screening/finding_handled.py); day: the day such handling is dated.
    Enter: 登记管控 (并入已有管控 when the person has a running case)."""

    case_opened = pyqtSignal(int)
    finding_handled = pyqtSignal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("screeningAlerts", HEADINGS, (80, 110, 76, 130, 300, 96), 4, parent)
        self.lines: list[AbnormalLine] = []
        self.day = date.today()
        self.case_button = self.add_button("登记管控…", "screeningOpenCase", self.open_case)
        self.link_button = self.add_button(finding_handled.LINK_TEXT, "screeningLinkCase", self.link_case)
        self.handled_button = self.add_button(finding_handled.HANDLED_TEXT, "screeningHandled", self.mark_handled)

    def refresh(self, day: date | None = None) -> None:  # type: ignore[override]
        """Read the open findings again (day: 首页's day, for handling)."""
        self.day = day or self.day
        super().refresh()

    def read(self) -> list[AbnormalLine]:
        return abnormal_findings(open_only=True)

    def cells(self, line: AbnormalLine) -> tuple[str, ...]:
        return (line.name, line.address, short_date(line.on), line.round_name, "；".join(line.reasons), line.measure)

    def follow(self) -> None:
        line = self.current()
        running = line is not None and line.running_case_id is not None
        self.case_button.setEnabled(line is not None and not running)
        self.link_button.setEnabled(running)
        self.handled_button.setEnabled(line is not None)

    def act(self) -> None:
        """Enter or a double click: 并入已有管控 for a person under control already, else 登记管控."""
        line = self.current()
        if line is not None and line.running_case_id is not None:
            self.link_case()
        else:
            self.open_case()

    def link_case(self) -> None:
        line = self.current()
        if line is not None and line.running_case_id is not None:
            self._handled(line, lambda: finding_handled.link_to_running_case(line, self.day))

    def mark_handled(self) -> None:
        """无需管控…: the reason asked and written in the dialog; the list is read again."""
        line = self.current()
        if line is not None:
            self._handled(line, lambda: _undo_hint(finding_handled.handle_asking(self, line, self.day)))

    def _handled(self, line: AbnormalLine, do: Callable[[], str | None]) -> None:
        try:
            said = do()
        except LedgerError as error:
            self.tell(f"未处理：{error}", problem=True)
            return
        if said is None:
            return
        self.refresh()
        self.tell(said)
        self.finding_handled.emit()

    def open_case(self) -> None:
        """The policy asked, then the case opened from the finding; the list is read again."""
        line = self.current()
        if line is None:
            return
        from app.screening.dialogs import FindingCaseDialog  # the screening page asks the same question

        self.dialog = FindingCaseDialog(line.name, line.address, line.reasons, short_date(line.on), self)
        policy_id = self.dialog.policy_id() if self.dialog.exec() else None
        if policy_id is None:
            return
        try:
            case = screening_actions.open_case_from_finding(line.finding_id, {"policy": policy_id})
        except LedgerError as error:
            self.tell(f"未登记：{error}", problem=True)
            return
        self.tell(f"{line.name} 已登记管控（来源：入户排查）")
        self.refresh()
        self.case_opened.emit(case.id)


def _undo_hint(said: str | None) -> str | None:
    return None if said is None else f"{said}，可在入户排查页撤销"
