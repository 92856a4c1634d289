"""入户排查: a screening round worked household by household, in the field sheet's order, by keyboard.

Left: the round's coverage per grid and for the village (households and people screened / due), and its
households in grid and 户号 order with what each visit came to. Right: the household being screened
(app/screening/household_entry.py) and the round's abnormal findings, each opening its case in one action.
Saving a household moves on to the next one not visited yet. A closed round is shown, never changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QBrush, QColor, QFont, QShowEvent
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.screening.findings_table import FindingsPanel
from app.screening.household_entry import HouseholdEntry
from app.screening.round_jobs import JOBS
from app.shortcuts import add_shortcuts
from db.errors import LedgerError
from db.models.screening import DONE_OUTCOMES, VisitOutcome
from db.queries.screening import Coverage, RoundCoverage, coverage
from db.queries.screening_entry import (
    EntryHousehold,
    EntryRound,
    entry_households,
    entry_households_by_id,
    entry_rounds,
)

COVERAGE_HEADINGS = ("网格", "户", "人", "未访", "待复查", "拒绝")
COVERAGE_TIPS = ("", "已排查 / 应查户数", "已查 / 应查人数", "未走访户数", "无人在家待复查户数", "拒绝配合户数")
#: How a household's line in the list says its visit (none: not visited yet).
MARKS = {
    VisitOutcome.SCREENED.value: "✓",
    VisitOutcome.NOBODY_HOME.value: "待复查",
    VisitOutcome.REFUSED.value: "拒绝",
    VisitOutcome.MOVED_AWAY.value: "已搬离",
}
_DONE = QColor("#6b6b6b")
_WAITING = QColor("#b35c00")


def coverage_cells(line: Coverage) -> tuple[str, ...]:
    """A coverage line as the table shows it, in COVERAGE_HEADINGS order."""
    return (
        line.grid,
        f"{line.visited}/{line.households_due}",
        f"{line.screened}/{line.people_due}",
        str(line.not_visited),
        str(line.waiting),
        str(line.refused),
    )


def household_text(h: EntryHousehold) -> str:
    mark = MARKS.get(h.outcome or "", "")
    return f"{h.grid} {h.door_no or h.number} {h.head_name}" + (f"　{mark}" if mark else "")


class ScreeningPage(QWidget):
    """status_changed(text) for the window's status bar; new_round_requested for 新建轮次 (the window opens
    the dialog, then calls reload(new id)); roster_changed and cases_changed after a change of those."""

    status_changed = pyqtSignal(str)
    new_round_requested = pyqtSignal()
    roster_changed = pyqtSignal()
    cases_changed = pyqtSignal()
    #: A paper or file job for the round shown (a key of app.screening.round_jobs.JOBS); the window runs it.
    job_requested = pyqtSignal(str)

    def __init__(self, parent: QWidget | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.today = today
        self.rounds: list[EntryRound] = []
        self.households: list[EntryHousehold] = []
        self.coverage: RoundCoverage | None = None
        self._rows: dict[int, int] = {}  # household id → row in the list
        self._loaded = False  # read when first shown: a start does not wait for a round's 30,000 households
        self._build_top()
        self.coverage_table = self._build_coverage()
        self.household_list = QListWidget()
        self.household_list.setObjectName("screeningHouseholds")
        self.household_list.setUniformItemSizes(True)  # a line's new mark re-measures one line, not all of them
        self.household_list.currentRowChanged.connect(self._household_chosen)
        self.entry = HouseholdEntry(self._today)
        self.entry.saved.connect(self._saved)
        self.entry.roster_changed.connect(self._roster_changed)
        self.findings = FindingsPanel(today=self._today)
        self.findings.case_opened.connect(lambda _case_id: self._case_opened())
        self.findings.handled.connect(self._case_opened)
        self.findings.back.connect(self.entry.table.setFocus)
        self._add_keys()
        self._lay_out()
        self.round_combo.currentIndexChanged.connect(lambda _i: self._round_chosen())

    def _today(self) -> date:
        return self.today()

    def showEvent(self, event: QShowEvent | None) -> None:
        if not self._loaded:
            self.reload()
        super().showEvent(event)

    # --- building ------------------------------------------------------------------------------

    def _add_keys(self) -> None:
        """Ctrl+G: the abnormal findings (Enter there opens a case); Ctrl+PgDown / Ctrl+PgUp: the next or
        previous household, visited or not (a revisit); Enter in the household list: its rows."""
        keys = (
            ("Ctrl+G", self.findings.focus_open),
            ("Ctrl+PgDown", lambda: self.step_household(1)),
            ("Ctrl+PgUp", lambda: self.step_household(-1)),
        )
        add_shortcuts(self, keys)
        self.household_list.itemActivated.connect(lambda _item: self.entry.table.setFocus())

    def _build_top(self) -> None:
        self.round_combo = QComboBox()
        self.round_combo.setObjectName("screeningRound")
        self.round_combo.setMinimumWidth(220)
        self.new_round_button = QPushButton("新建轮次…")
        self.new_round_button.setObjectName("newRoundButton")
        self.new_round_button.clicked.connect(self.new_round_requested.emit)
        self.close_button = QPushButton("结束本轮…")
        self.close_button.setObjectName("closeRoundButton")
        self.close_button.clicked.connect(self.close_round)
        self.jobs_button = QPushButton("纸质表和文件")
        self.jobs_button.setObjectName("roundJobsButton")
        jobs = QMenu(self.jobs_button)
        for key, words in JOBS:
            jobs.addAction(words, lambda key=key: self.job_requested.emit(key))
        self.jobs_button.setMenu(jobs)
        self.search = QLineEdit()
        self.search.setObjectName("screeningSearch")
        self.search.setPlaceholderText("跳到户：门牌号、户主姓名或户号（回车）")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.jump)
        self.round_info = QLabel()
        self.round_info.setObjectName("roundInfo")
        self.round_info.setStyleSheet("color: #555555;")
        self.round_info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def _build_coverage(self) -> QTableWidget:
        table = QTableWidget(0, len(COVERAGE_HEADINGS))
        table.setObjectName("screeningCoverage")
        table.setHorizontalHeaderLabels(list(COVERAGE_HEADINGS))
        for column, tip in enumerate(COVERAGE_TIPS):
            item = table.horizontalHeaderItem(column)
            if item is not None and tip:
                item.setToolTip(tip)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(22)
        header = table.horizontalHeader()
        for column, width in enumerate((44, 52, 64, 36, 46, 36)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return table

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("排查轮次"))
        top.addWidget(self.round_combo)
        top.addWidget(self.new_round_button)
        top.addWidget(self.close_button)
        top.addWidget(self.jobs_button)
        top.addWidget(self.round_info, 1)
        left = QVBoxLayout()
        cover_title = QLabel("完成情况")
        cover_title.setStyleSheet("font-weight: bold;")
        left.addWidget(cover_title)
        left.addWidget(self.coverage_table)
        left.addWidget(QLabel("按网格、户号排列（✓ 已排查）"))
        left.addWidget(self.search)
        left.addWidget(self.household_list, 1)
        left_widget = QWidget()
        left_widget.setLayout(left)
        left.setContentsMargins(0, 0, 0, 0)
        left_widget.setFixedWidth(290)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.entry, 3)
        right.addWidget(self.findings, 1)
        body = QHBoxLayout()
        body.addWidget(left_widget)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(body, 1)

    # --- rounds --------------------------------------------------------------------------------

    def reload(self, round_id: int | None = None) -> None:
        """Read the rounds again and show `round_id` (default: the one shown, else the newest open one)."""
        self._loaded = True
        shown = round_id if round_id is not None else self.round_combo.currentData()
        self.rounds = entry_rounds()
        self.round_combo.blockSignals(True)
        self.round_combo.clear()
        for r in self.rounds:
            self.round_combo.addItem(f"{r.name}（{'进行中' if r.open else '已结束'}）", r.id)
        index = self.round_combo.findData(shown) if shown is not None else -1
        self.round_combo.setCurrentIndex(index if index >= 0 else (0 if self.rounds else -1))
        self.round_combo.blockSignals(False)
        self._round_chosen()

    @property
    def current_round(self) -> EntryRound | None:
        round_id = self.round_combo.currentData()
        return next((r for r in self.rounds if r.id == round_id), None)

    def _round_chosen(self) -> None:
        chosen = self.current_round
        self.close_button.setEnabled(chosen is not None and chosen.open)
        self.jobs_button.setEnabled(chosen is not None)
        self.household_list.blockSignals(True)
        self.household_list.clear()
        self.household_list.blockSignals(False)
        if chosen is None:
            self.households, self.coverage = [], None
            self.coverage_table.setRowCount(0)
            self.round_info.setText("还没有排查轮次：点“新建轮次…”开始第一轮")
            self.entry.setEnabled(False)
            self.findings.refresh(None)
            self.status_changed.emit("入户排查：还没有排查轮次")
            return
        span = f"{chosen.starts_on.month}月{chosen.starts_on.day}日—{chosen.ends_on.month}月{chosen.ends_on.day}日"
        self.round_info.setText(span + ("" if chosen.open else "　已结束，只能查看"))
        self.households = entry_households(chosen.id)
        self._rows = {h.household_id: row for row, h in enumerate(self.households)}
        self.household_list.blockSignals(True)
        for h in self.households:
            item = QListWidgetItem(household_text(h))
            item.setData(Qt.ItemDataRole.UserRole, h.household_id)
            self._paint(item, h)
            self.household_list.addItem(item)
        self.household_list.blockSignals(False)
        self._show_coverage()
        self.findings.refresh(chosen.id)
        start = self._next_unvisited(-1) if chosen.open else 0
        self.go_to(start if start is not None else 0)

    def _paint(self, item: QListWidgetItem, h: EntryHousehold) -> None:
        if h.outcome in {o.value for o in DONE_OUTCOMES}:
            item.setForeground(QBrush(_DONE))
        elif h.outcome is not None:
            item.setForeground(QBrush(_WAITING))
        else:
            item.setData(Qt.ItemDataRole.ForegroundRole, None)

    def _show_coverage(self) -> None:
        chosen = self.current_round
        if chosen is None:
            return
        self.coverage = coverage(chosen.id)
        lines = [*self.coverage.grids, self.coverage.total]
        table = self.coverage_table
        if table.rowCount() != len(lines):
            table.setRowCount(len(lines))
            table.setFixedHeight(table.horizontalHeader().height() + 22 * len(lines) + 2 * table.frameWidth())
        bold = QFont()
        bold.setBold(True)
        for row, line in enumerate(lines):
            for column, text in enumerate(coverage_cells(line)):
                item = table.item(row, column)
                if item is None:
                    item = QTableWidgetItem()
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignVCenter
                        | (Qt.AlignmentFlag.AlignLeft if column == 0 else Qt.AlignmentFlag.AlignRight)
                    )
                    table.setItem(row, column, item)
                if item.text() != text:  # after a save only a few numbers change: only they are repainted
                    item.setText(text)
                item.setFont(bold if line.grid_id is None else QFont())
                item.setToolTip(f"网格员：{line.worker}" if column == 0 and line.worker else "")
        self.status_changed.emit(f"{chosen.name}：{self.coverage.total.line()}")

    # --- households ----------------------------------------------------------------------------

    def go_to(self, row: int) -> None:
        """Show the household on `row` of the list and put the cursor in its first person's first cell."""
        if not 0 <= row < len(self.households):
            self.entry.setEnabled(False)
            return
        if self.household_list.currentRow() == row:
            self._household_chosen(row)
        else:
            self.household_list.setCurrentRow(row)
        self.entry.table.setFocus()

    def step_household(self, by: int) -> None:
        """The next (1) or previous (-1) household in the list, visited or not; the ends stay where they are."""
        row = self.household_list.currentRow() + by
        if 0 <= row < len(self.households):
            self.go_to(row)

    def _household_chosen(self, row: int) -> None:
        chosen = self.current_round
        if chosen is None or not 0 <= row < len(self.households):
            return
        self.entry.load(chosen, self.households[row])

    def _next_unvisited(self, after: int) -> int | None:
        """The first household after row `after` (round the list) not visited in this round yet."""
        count = len(self.households)
        for step in range(1, count + 1):
            row = (after + step) % count
            if self.households[row].outcome is None:
                return row
        return None

    def _saved(self, household_id: int) -> None:
        chosen = self.current_round
        if chosen is None:
            return
        row = self._rows[household_id]
        listed = {line.person_id for line in self.findings.lines}
        judged = bool(self.entry.abnormal_people)
        fresh = entry_households_by_id(chosen.id, [household_id])
        if fresh:
            self.households[row] = fresh[0]
            item = self.household_list.item(row)
            if item is not None:
                item.setText(household_text(fresh[0]))
                self._paint(item, fresh[0])
        self._show_coverage()
        if judged or listed & {m.person_id for m in self.entry.members}:
            self.findings.refresh(chosen.id)
        said = f"已保存：{self.households[row].label()} {self.households[row].outcome}"
        after = self._next_unvisited(row)
        if after is None:
            self.go_to(row)
            self.entry.say(said + "；本轮各户都已走访")
        else:
            self.go_to(after)
            self.entry.say(said)

    def jump(self) -> None:
        """Enter in the search box: the first household (after the one shown) whose door, head or 户号 holds it."""
        text = self.search.text().strip()
        if not text or not self.households:
            return
        start = self.household_list.currentRow()
        count = len(self.households)
        for step in range(1, count + 1):
            row = (start + step) % count
            h = self.households[row]
            if text in h.door_no or text in h.head_name or text == h.number or text in f"{h.grid}{h.door_no}":
                self.go_to(row)
                return
        self.entry.say(f"本轮没有门牌、户主或户号为“{text}”的户", problem=True)

    def show_household(self, household_id: int) -> bool:
        """Show a household of the round shown (from another page); False when the round does not cover it."""
        row = self._rows.get(household_id)
        if row is None:
            return False
        self.go_to(row)
        return True

    def focus_search(self) -> None:
        """Ctrl+F (the window's 查找) on this page."""
        self.search.setFocus()
        self.search.selectAll()

    def _roster_changed(self) -> None:
        self._show_coverage()
        self.roster_changed.emit()

    def _case_opened(self) -> None:
        chosen, row = self.current_round, self.household_list.currentRow()
        if chosen is not None and 0 <= row < len(self.households):
            self.entry.load(chosen, self.households[row], keep_typed=self.entry.dirty)
        self.cases_changed.emit()

    # --- closing -------------------------------------------------------------------------------

    def close_round(self) -> None:
        """结束本轮: with gaps, the list (printable) and the clerk's word; without, a confirm. Then the round
        is shown closed."""
        from app.screening.round_dialog import close_round_asking

        chosen = self.current_round
        if chosen is None or not chosen.open:
            return
        try:
            if not close_round_asking(self, chosen.id, chosen.name, self.today()):
                return
        except LedgerError as error:
            self.entry.say(f"未结束：{error}", problem=True)
            return
        self.reload(chosen.id)
