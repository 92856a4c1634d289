"""One household's screening entry, keyboard only: its people due in rows, the field sheet's blank columns
in the field sheet's order, only the exceptions typed.

Typing in a cell edits it; Enter (or Tab) moves on to the next cell, Enter on the last one saves. Keys:
F2 全户正常 (everyone normal, saved at once), Ctrl+S 保存本户, Ctrl+1…4 the visit's outcome, Ctrl+N
添加人员, Ctrl+L 已离开. A row turns red as soon as what is typed in it is abnormal; the
reasons are in the last column. Nothing is written until the household is saved, and then in one
transaction (db.screening_actions.record_visit): a refused value leaves the ledger as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PyQt6.QtCore import QDate, QEvent, QModelIndex, QObject, Qt, pyqtSignal
from PyQt6.QtGui import QAction, QColor, QFont, QKeyEvent, QKeySequence
from PyQt6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import ERROR_STYLE
from app.screening.entry_columns import ENTRY_COLUMNS, CellError, read_row, row_is_blank
from db import screening_actions
from db.errors import LedgerError
from db.models import KeyArea
from db.models.screening import VisitOutcome
from db.queries.screening_entry import (
    EntryHousehold,
    EntryMember,
    EntryRound,
    entry_members,
    key_areas,
    reasons_for,
)
from db.settings_values import key_area_days

FIXED = ("姓名", "性别", "年龄")
FIRST_ENTRY = len(FIXED)
REASONS = FIRST_ENTRY + len(ENTRY_COLUMNS)
HEADINGS = (*FIXED, *(c.heading for c in ENTRY_COLUMNS), "异常情况")
OUTCOMES = tuple(o.value for o in VisitOutcome)
HINT = "只填异常：回车到下一格，最后一格回车即保存；鼠标停在列名上可看输入方法"
_ABNORMAL = QColor("#f9d6d2")
_BAD_CELL = QColor("#f3a59c")
_TEMPORARY = QColor("#eef4fb")
_PERSON = Qt.ItemDataRole.UserRole


class _CellDelegate(QStyledItemDelegate):
    """Enter in a cell's editor commits it and moves on (to the next cell, or saves after the last one)."""

    def __init__(self, table: EntryTable) -> None:
        super().__init__(table)
        self.table = table

    def eventFilter(self, editor: QObject | None, event: QEvent | None) -> bool:
        if (
            isinstance(editor, QWidget)
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.table.advance()
            return True
        return super().eventFilter(editor, event)


class EntryTable(QTableWidget):
    """The household's rows; `advance` is Enter's move (the entry sets `at_end`, what Enter on the last cell does)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(HEADINGS), parent)
        self.setObjectName("screeningEntry")
        self.setHorizontalHeaderLabels(list(HEADINGS))
        for column, spec in enumerate(ENTRY_COLUMNS, start=FIRST_ENTRY):
            header = self.horizontalHeaderItem(column)
            if header is not None:
                header.setToolTip(spec.hint)
        self.setItemDelegate(_CellDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(26)
        header = self.horizontalHeader()
        widths = {"姓名": 62, "性别": 32, "年龄": 34, "体温": 44, "症状": 72, "重点地区旅居史": 96, "返回日期": 62}
        widths |= {"交通方式/车次": 90, "接触史": 76, "措施": 80, "备注": 60}
        for column, heading in enumerate(HEADINGS):
            header.resizeSection(column, widths.get(heading, 100))
        header.setStretchLastSection(True)
        header.setSectionResizeMode(REASONS, QHeaderView.ResizeMode.Stretch)
        self.at_end: Callable[[], None] = lambda: None

    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        if (
            event is not None
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self.advance()
            return
        super().keyPressEvent(event)

    def advance(self) -> None:
        """The next entry cell (row by row); past the last one, `at_end` (the entry saves the household)."""
        following = self._step(1)
        if following is None:
            self.at_end()
        else:
            self.setCurrentCell(*following)

    def _step(self, by: int) -> tuple[int, int] | None:
        """The entry cell after (by 1) or before (by -1) the current one, row by row; None past either end."""
        row, column = self.currentRow(), self.currentColumn()
        if row < 0:
            return None
        first, last = FIRST_ENTRY, REASONS - 1
        if column < first or column > last:
            column = first - 1 if by > 0 else last + 1
        column += by
        if column > last:
            row, column = row + 1, first
        elif column < first:
            row, column = row - 1, last
        return (row, column) if 0 <= row < self.rowCount() else None

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Tab and Shift+Tab go through the cells the clerk types only (not the names, not the reasons)."""
        by = {QAbstractItemView.CursorAction.MoveNext: 1, QAbstractItemView.CursorAction.MovePrevious: -1}.get(action)
        if by is not None:
            cell = self._step(by)
            return self.model().index(*cell) if cell is not None else self.currentIndex()
        return super().moveCursor(action, modifiers)

    def close_open_editor(self) -> None:
        """A cell still being typed in is committed (Ctrl+S or F2 pressed inside it)."""
        if self.state() == QAbstractItemView.State.EditingState:
            editor = self.indexWidget(self.currentIndex())
            if editor is not None:
                self.commitData(editor)
                self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def reasons(self, row: int) -> str:
        """What the row's last column says: why it is abnormal, 已查，正常 for a saved normal finding, or ""."""
        return self._text(row, REASONS)

    def texts(self, row: int) -> list[str]:
        return [self._text(row, c) for c in range(FIRST_ENTRY, REASONS)]

    def _text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item is not None else ""


class HouseholdEntry(QWidget):
    """The household being screened. saved(household_id) after a visit is written; roster_changed after a
    person was added or marked as left."""

    saved = pyqtSignal(int)
    roster_changed = pyqtSignal()

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.round: EntryRound | None = None
        self.household: EntryHousehold | None = None
        self.members: list[EntryMember] = []
        self.areas: list[KeyArea] = []
        #: People whose row holds something abnormal now (typed or saved).
        self.abnormal_people: set[int] = set()
        self.dirty = False
        self._filling = False
        self.header = QLabel("请选择一户")
        self.header.setObjectName("householdHeader")
        self.header.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.header.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # no relayout per household
        self.outcome = QComboBox()
        self.outcome.setObjectName("visitOutcome")
        for number, outcome in enumerate(OUTCOMES, start=1):
            self.outcome.addItem(f"{outcome}（Ctrl+{number}）", outcome)
        self.outcome.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.outcome.setMinimumContentsLength(10)
        self.outcome.currentIndexChanged.connect(self._follow_outcome)
        self.worker = QLineEdit()
        self.worker.setObjectName("visitWorker")
        self.worker.setPlaceholderText("网格员")
        self.worker.setFixedWidth(90)
        self.visit_date = QDateEdit()
        self.visit_date.setObjectName("visitDate")
        self.visit_date.setDisplayFormat("yyyy年M月d日")
        self.visit_date.setCalendarPopup(True)
        self.visit_date.setToolTip("走访日期")
        self.table = EntryTable()
        self.table.at_end = self.save
        self.table.itemChanged.connect(self._typed)
        self.message = QLabel()
        self.message.setObjectName("entryMessage")
        self.message.setWordWrap(True)  # two lines held (a fixed height: no relayout on every message)
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.message.setFixedHeight(self.message.fontMetrics().lineSpacing() * 2 + 4)
        self.actions_by_name = self._make_actions()
        self.buttons: dict[str, QPushButton] = {}
        self._lay_out()
        self.setEnabled(False)

    # --- building ----------------------------------------------------------------------------------

    def _make_actions(self) -> dict[str, QAction]:
        specs: dict[str, tuple[str, str, Callable[[], None]]] = {
            "all_normal": ("全户正常", "F2", self.all_normal),
            "save": ("保存本户", "Ctrl+S", self.save),
            "add_person": ("添加人员", "Ctrl+N", self.add_person),
            "mark_left": ("已离开", "Ctrl+L", self.mark_left),
        }
        found = {}
        for name, (text, key, slot) in specs.items():
            action = QAction(f"{text} {key}", self)
            action.setObjectName(f"screening_{name}")
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            self.addAction(action)
            found[name] = action
        for number, outcome in enumerate(OUTCOMES, start=1):
            action = QAction(outcome, self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, index=number - 1: self.choose_outcome(index))
            self.addAction(action)
            found[f"outcome_{number}"] = action
        return found

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("走访结果"))
        top.addWidget(self.outcome)
        top.addWidget(QLabel("网格员"))
        top.addWidget(self.worker)
        top.addWidget(self.visit_date)
        top.addStretch(1)
        row = QHBoxLayout()
        for name in ("all_normal", "save", "add_person", "mark_left"):
            button = QPushButton(self.actions_by_name[name].text())
            button.setObjectName(f"{name}Button")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys are on the table; a click leaves it there
            button.clicked.connect(self.actions_by_name[name].trigger)
            self.buttons[name] = button
            row.addWidget(button)
        self.buttons["all_normal"].setStyleSheet("font-weight: bold;")
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(row)

    # --- showing a household -----------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return self.round is None or not self.round.open

    def load(self, screening_round: EntryRound, household: EntryHousehold, keep_typed: bool = False) -> None:
        """Show the household: its people with this round's findings; the outcome, worker and day to record."""
        typed = {self._person(r): self.table.texts(r) for r in range(self.table.rowCount())} if keep_typed else {}
        self.round, self.household = screening_round, household
        on = household.on if household.on is not None and self.read_only else self.today()
        self.members = entry_members(screening_round.id, household.household_id, on)
        self.areas = key_areas()
        self.area_days = key_area_days()
        self.header.setText(household.label())
        self.outcome.setCurrentIndex(OUTCOMES.index(household.outcome) if household.outcome else 0)
        self.worker.setText(household.visit_worker or household.worker)
        self.visit_date.setDate(QDate(on.year, on.month, on.day))
        self._fill(typed)
        self.dirty = bool(typed) and any(not row_is_blank(t) for t in typed.values())
        self.setEnabled(True)
        for widget in (self.outcome, self.worker, self.visit_date):
            widget.setEnabled(not self.read_only)
        for name in ("all_normal", "save", "add_person", "mark_left"):
            self.actions_by_name[name].setEnabled(not self.read_only)
            self.buttons[name].setEnabled(not self.read_only)
        triggers = QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if self.read_only else triggers)
        state = f"本轮已记：{household.outcome}" if household.outcome else "本轮尚未走访"
        if not self.members:
            state += "；本户没有在村居住的人：遇到人员请“添加人员”，整户不在请选“已搬离”"
        elif not household.outcome:
            state += f"。{HINT}"
        self.say(state + ("（本轮已结束，只能查看）" if self.read_only else ""))
        if self.members:
            self.table.setCurrentCell(0, FIRST_ENTRY)
        self._follow_outcome()

    def _fill(self, typed: dict[int, list[str]]) -> None:
        self._filling = True
        self.abnormal_people = set()
        self.table.clearContents()
        self.table.setRowCount(len(self.members))
        bold = QFont()
        bold.setBold(True)
        for row, member in enumerate(self.members):
            name = QTableWidgetItem(member.name)
            name.setData(_PERSON, member.person_id)
            name.setToolTip(f"{member.relation} · {member.status} · {member.id_number or '无身份证号'}")
            if member.relation == "户主":
                name.setFont(bold)
            age = "" if member.age is None else str(member.age)
            for column, text in enumerate((name, member.sex, age)):
                item = text if isinstance(text, QTableWidgetItem) else QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if member.status != "在村":
                    item.setBackground(_TEMPORARY)
                self.table.setItem(row, column, item)
            texts = typed.get(member.person_id) or [spec.show(member.values) for spec in ENTRY_COLUMNS]
            for offset, text in enumerate(texts):
                self.table.setItem(row, FIRST_ENTRY + offset, QTableWidgetItem(text))
            reasons = QTableWidgetItem()
            reasons.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.table.setItem(row, REASONS, reasons)
            self._judge(row)
        self._filling = False

    def _person(self, row: int) -> int:
        item = self.table.item(row, 0)
        return int(item.data(_PERSON)) if item is not None else 0

    def _member(self, row: int) -> EntryMember | None:
        return self.members[row] if 0 <= row < len(self.members) else None

    # --- typing ------------------------------------------------------------------------------------

    def _typed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() < FIRST_ENTRY or item.column() >= REASONS:
            return
        self.dirty = True
        spec = ENTRY_COLUMNS[item.column() - FIRST_ENTRY]
        self._filling = True
        try:
            values = spec.read(item.text(), self._visit_day())
        except CellError as error:
            item.setBackground(_BAD_CELL)
            item.setToolTip(str(error))
            name = self.members[item.row()].name
            self.say(f"{name}：{error}", problem=True)
        else:
            shown = spec.show(values)
            if shown != item.text():
                item.setText(shown)
            item.setData(Qt.ItemDataRole.BackgroundRole, None)
            item.setToolTip("")
            self.say("")
        finally:
            self._filling = False
        self._judge(item.row())

    def _judge(self, row: int) -> None:
        """Colour the row and say why when what it holds is abnormal (judged as the backend will)."""
        member = self._member(row)
        if member is None:
            return
        try:
            values = read_row(self.table.texts(row), self._visit_day())
        except CellError:
            values = {}
        reasons = reasons_for(values, self._visit_day(), self.areas, self.area_days)
        if reasons:
            self.abnormal_people.add(member.person_id)
        else:
            self.abnormal_people.discard(member.person_id)
        self._filling, was = True, self._filling
        words = "；".join(reasons) or ("已查，正常" if member.finding_id is not None else "")
        if member.case_id is not None:
            words = ("已登记管控；" + words) if words else "已登记管控"
        reason_item = self.table.item(row, REASONS)
        if reason_item is not None:
            reason_item.setText(words)
            reason_item.setToolTip(words)
        for column in range(FIRST_ENTRY, REASONS + 1):
            item = self.table.item(row, column)
            if item is not None and item.background().color() != _BAD_CELL:
                item.setBackground(_ABNORMAL if reasons else QColor(0, 0, 0, 0))
        self._filling = was

    def _visit_day(self) -> date:
        return self.visit_date.date().toPyDate()

    def say(self, text: str, problem: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if problem else "color: #2e6da4;")

    def choose_outcome(self, index: int) -> None:
        """Ctrl+1…4: the outcome; the keys stay in the entry (the rows, or the outcome when nobody is met)."""
        if not self.read_only:
            self.outcome.setCurrentIndex(index)
            (self.table if index == 0 else self.outcome).setFocus()

    def _follow_outcome(self) -> None:
        screened = self.outcome.currentData() == VisitOutcome.SCREENED.value
        if not screened and self.table.hasFocus():
            self.outcome.setFocus()  # a disabled table would drop the keys out of the entry
        self.table.setEnabled(screened or self.read_only)
        self.actions_by_name["all_normal"].setEnabled(not self.read_only)

    # --- saving ------------------------------------------------------------------------------------

    def all_normal(self) -> None:
        """F2: everyone living here normal, the household screened, on to the next one."""
        if self.household is None or self.round is None or self.read_only:
            return
        self.table.close_open_editor()
        if self.dirty and any(not row_is_blank(self.table.texts(r)) for r in range(self.table.rowCount())):
            self.say("本户已填写了情况：请按 Ctrl+S 保存（“全户正常”会把所填内容清除）", problem=True)
            return
        self._write(
            lambda: screening_actions.mark_all_normal(
                self.round.id,
                self.household.household_id,
                self._visit_day(),
                self.worker.text().strip(),  # type: ignore[union-attr]
            )
        )

    def save(self) -> None:
        """Ctrl+S (or Enter past the last cell): the visit with the outcome chosen and what is typed."""
        if self.household is None or self.round is None or self.read_only:
            return
        self.table.close_open_editor()
        outcome = str(self.outcome.currentData())
        on = self._visit_day()
        findings: list[dict[str, Any]] = []
        if outcome == VisitOutcome.SCREENED.value:
            for row in range(self.table.rowCount()):
                try:
                    values = read_row(self.table.texts(row), on)
                except CellError as error:
                    self.say(f"{self.members[row].name}：{error}，本户未保存", problem=True)
                    return
                findings.append({**values, "person": self._person(row)})
        round_id, household_id, worker = self.round.id, self.household.household_id, self.worker.text().strip()
        self._write(lambda: screening_actions.record_visit(round_id, household_id, on, worker, outcome, findings))

    def _write(self, write: Callable[[], object]) -> None:
        assert self.household is not None
        try:
            write()
        except LedgerError as error:
            self.say(f"未保存：{error}", problem=True)
            return
        self.dirty = False
        self.saved.emit(self.household.household_id)

    # --- the roster and cases from here --------------------------------------------------------------

    def add_person(self) -> None:
        """A person met at the door who is not in the roster: into this household (暂住 by default)."""
        if self.household is None or self.round is None or self.read_only:
            return
        from app.editors.record_dialog import RecordDialog
        from db import roster_actions
        from forms.definitions import PERSON
        from forms.types import Issue

        household_id = self.household.household_id
        title = f"添加人员：{self.household.label()}"
        saved: list[int] = []

        def write(values: dict[str, Any]) -> list[Issue] | None:
            try:
                person_id, _entries = roster_actions.save_person(values, None, title, household_id)
            except roster_actions.FieldRefused as refused:
                return [Issue(refused.field, PERSON.field(refused.field).label, refused.message)]
            saved.append(person_id)
            return None

        self.table.close_open_editor()
        self.last_dialog = RecordDialog(PERSON, title, write, {"status": "暂住", "relation": "其他"}, None, self)
        if self.last_dialog.exec() and saved:
            self.roster_changed.emit()
            self.load(self.round, self.household, keep_typed=True)
            row = next((r for r, m in enumerate(self.members) if m.person_id == saved[0]), 0)
            self.table.setCurrentCell(row, FIRST_ENTRY)
            self.table.setFocus()
            self.say(f"已添加到花名册：{self.members[row].name}（{self.members[row].status}）")

    def mark_left(self) -> None:
        """The chosen member has left (迁出 / 死亡): marked in the roster, off the household's rows."""
        member = self._member(self.table.currentRow())
        if member is None or self.round is None or self.household is None or self.read_only:
            return
        from app.roster.person_actions import ask_mark_left

        self.table.close_open_editor()
        if ask_mark_left(self, member.person_id) is not None:
            self.roster_changed.emit()
            self.load(self.round, self.household, keep_typed=True)
            self.table.setFocus()
            self.say(f"{member.name} 已在花名册中标记为离开")
