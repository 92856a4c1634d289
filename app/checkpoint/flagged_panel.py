"""首页 → 卡点异常: today's gate entries with a fever, a symptom or a key-area origin not yet turned into a
quarantine case (db.queries.checkpoints.flagged_open). 登记管控… (or Enter, or a double click) asks for the
policy and opens the case in one action (app/checkpoint/case_action.py); the entry then leaves this list.
首页 shows it below the tiles when its tile is chosen (the tile's number is len(lines))."""

from __future__ import annotations

from datetime import date

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import QLabel, QWidget

from app.checkpoint.case_action import open_case_asking
from app.editors.action_list import ActionList
from app.home_sections import day_figures
from db.queries.checkpoints import EntryLine, flagged_open

HEADINGS = ("时间", "卡点", "姓名", "身份证号", "从何处来", "异常情况")


class FlaggedPanel(ActionList):
    """`refresh(day)` re-reads the day's open flagged entries; `lines` holds what is shown; case_opened(case id)."""

    case_opened = pyqtSignal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("checkpointFlaggedList", HEADINGS, (50, 120, 80, 150, 110, 300), 5, parent)
        self.setObjectName("checkpointFlagged")
        self.message.setObjectName("checkpointFlaggedMessage")
        self.lines: list[EntryLine] = []
        self.day = date.today()
        self.case_button = self.add_button("登记管控…", "checkpointFlaggedCase", self.act)
        self.figures = QLabel()  # the day at every gate, above the entries waiting
        self.figures.setObjectName("checkpointDayFigures")
        self.figures.setWordWrap(True)
        self.layout().insertWidget(0, self.figures)

    def refresh(self, day: date | None = None) -> None:  # type: ignore[override]
        self.day = day or self.day
        super().refresh()

    def read(self) -> list[EntryLine]:
        self.figures.setText(day_figures(self.day))
        return flagged_open(self.day)

    def cells(self, line: EntryLine) -> tuple[str, ...]:
        return (f"{line.at:%H:%M}", line.checkpoint, line.name, line.shown_id_number, line.from_place, line.flags)

    def follow(self) -> None:
        self.case_button.setEnabled(self.current() is not None)

    def act(self) -> None:
        """登记管控: the policy asked, the case opened from the entry; the entry leaves the list."""
        line = self.current()
        if line is None:
            return
        case_id, said = open_case_asking(self, line)
        if said:
            self.tell(said, problem=case_id is None)
        if case_id is not None:
            self.refresh()
            self.case_opened.emit(case_id)
