"""卡点登记: the gate's page. On top the checkpoint picker and today's statistics (this gate, and every gate);
then the entry (app/checkpoint/entry_form.py, keyboard only); below it today's register at this gate, ID
numbers and phones masked, flagged rows red. 登记管控… (Ctrl+G) opens the case a flagged entry calls for in one
action; 劝返 (F8) records the chosen people as turned back; 导出登记表… writes the day's 卡点出入登记表 (09).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PyQt6.QtCore import QAbstractTableModel, QModelIndex, Qt, pyqtSignal
from PyQt6.QtGui import QBrush, QColor, QShowEvent
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.checkpoint.case_action import open_case_asking
from app.checkpoint.entry_form import EntryForm
from app.shortcuts import add_shortcuts
from db import checkpoint_actions as ca
from db.errors import LedgerError
from db.models.checkpoint import GateOutcome
from db.queries import checkpoints as cq
from db.queries.checkpoints import CheckpointLine, EntryLine
from db.rules.phones import mask_phone

HEADINGS = (
    "时间",
    "进出",
    "姓名",
    "身份证号",
    "联系电话",
    "住址",
    "从何处来",
    "事由",
    "体温",
    "车牌",
    "同行",
    "处理结果",
    "异常情况",
)
WIDTHS = (44, 40, 64, 150, 100, 90, 80, 64, 44, 80, 70, 170, 200)
FLAGGED_BACKGROUND = QColor("#fdecea")
FLAGGED_TEXT = QColor("#b03a2e")
HANDLED_TEXT = QColor("#6b6b6b")


def line_cells(line: EntryLine, leads: dict[int, str], sizes: dict[int, int]) -> tuple[str, ...]:
    """A register line as the table shows it, in HEADINGS order (ID number and phone masked)."""
    if line.party_id is not None:
        party = f"随 {leads.get(line.party_id, '')}"
    elif sizes.get(line.id):
        party = f"带 {sizes[line.id]} 人"
    else:
        party = ""
    flags = line.flags + ("（已登记管控）" if line.case_id is not None else "")
    return (
        f"{line.at:%H:%M}",
        line.direction,
        line.name,
        line.shown_id_number,
        mask_phone(line.phone) if line.phone else "",
        line.address,
        line.from_place,
        line.reason,
        "" if line.temperature is None else f"{line.temperature:.1f}",
        line.plate,
        party,
        line.outcome,
        flags,
    )


class RegisterModel(QAbstractTableModel):
    """Today's register at one gate, read again after each save (a model: 500 lines re-read in a few ms)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines: list[EntryLine] = []
        self.cells: list[tuple[str, ...]] = []

    def set_lines(self, lines: list[EntryLine]) -> None:
        self.beginResetModel()
        self.lines = lines
        leads = {line.id: line.name for line in lines if line.party_id is None}
        sizes: dict[int, int] = {}
        for line in lines:
            if line.party_id is not None:
                sizes[line.party_id] = sizes.get(line.party_id, 0) + 1
        self.cells = [line_cells(line, leads, sizes) for line in lines]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.lines)

    def columnCount(self, parent: QModelIndex | None = None) -> int:
        return len(HEADINGS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and line.flags and line.case_id is None:
            return QBrush(FLAGGED_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if line.flags:
                return QBrush(FLAGGED_TEXT if line.case_id is None else HANDLED_TEXT)
            if line.outcome == GateOutcome.TURNED_BACK.value:
                return QBrush(QColor("#b35c00"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADINGS[section]
        return None


class CheckpointPage(QWidget):
    """status_changed(text) for the window's status bar; changed after an entry or an outcome was written (首页
    counts them); case_opened(case id) after a case was opened from an entry. now: the gate's clock."""

    status_changed = pyqtSignal(str)
    changed = pyqtSignal()
    case_opened = pyqtSignal(int)

    def __init__(self, parent: QWidget | None = None, now: Callable[[], datetime] = datetime.now) -> None:
        super().__init__(parent)
        self.now = now
        self.gates: list[CheckpointLine] = []
        self._loaded = False
        self._build_top()
        self.form = EntryForm(self._now)
        self.form.setObjectName("gateEntryForm")
        self.form.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)  # no gap once lines go
        self.form.saved.connect(self._saved)
        self._build_register()
        self._add_keys()
        self._lay_out()
        self.gate_combo.currentIndexChanged.connect(lambda _i: self._gate_chosen())

    def _now(self) -> datetime:
        return self.now()

    def day(self) -> date:
        return self.now().date()

    def showEvent(self, event: QShowEvent | None) -> None:
        if not self._loaded:
            self.reload()
        super().showEvent(event)
        self.form.who.setFocus()

    # --- building ------------------------------------------------------------------------------

    def _build_top(self) -> None:
        self.gate_combo = QComboBox()
        self.gate_combo.setObjectName("gateChoice")
        self.gate_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.gate_combo.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.new_gate = QPushButton("新增卡点…")
        self.new_gate.setObjectName("checkpointNew")
        self.new_gate.clicked.connect(lambda: self.edit_gate(new=True))
        self.edit_gate_button = QPushButton("修改卡点…")
        self.edit_gate_button.setObjectName("checkpointEdit")
        self.edit_gate_button.clicked.connect(lambda: self.edit_gate(new=False))
        self.export_button = QPushButton("导出登记表…")
        self.export_button.setObjectName("checkpointExport")
        self.export_button.clicked.connect(self.export_register)
        self.import_button = QPushButton("导入登记表…")
        self.import_button.setObjectName("checkpointImport")
        self.import_button.clicked.connect(self.import_register)
        self.blank_button = QPushButton("打印空白登记表…")
        self.blank_button.setObjectName("checkpointBlankRegister")
        self.blank_button.clicked.connect(self.print_blank_register)
        for button in (self.new_gate, self.edit_gate_button, self.export_button, self.import_button, self.blank_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stats = QLabel()
        self.stats.setObjectName("gateStatistics")
        self.stats.setStyleSheet("font-weight: bold;")
        self.village_stats = QLabel()
        self.village_stats.setObjectName("gateVillageStatistics")
        self.village_stats.setStyleSheet("color: #555555;")
        self.village_stats.setWordWrap(True)  # two lines where the screen is narrow (150 %)

    def _build_register(self) -> None:
        self.register_title = QLabel()
        self.register_title.setObjectName("gateRegisterTitle")
        self.model = RegisterModel(self)
        self.table = QTableView()
        self.table.setObjectName("gateRegister")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        for column, width in enumerate(WIDTHS):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.open_case())
        self.case_button = QPushButton("登记管控… (Ctrl+G)")
        self.case_button.setObjectName("gateOpenCase")
        self.case_button.clicked.connect(self.open_case)
        self.back_button = QPushButton("劝返 (F8)")
        self.back_button.setObjectName("gateTurnBack")
        self.back_button.clicked.connect(self.turn_back)
        for button in (self.case_button, self.back_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._follow())

    def _add_keys(self) -> None:
        """Ctrl+G: 登记管控 for the register's chosen entry; F8: 劝返; F6: the register, and back to the entry."""
        keys = (
            ("Ctrl+G", self.open_case),
            ("F8", self.turn_back),
            ("F6", self._switch_focus),
        )
        add_shortcuts(self, keys)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("卡点："))
        top.addWidget(self.gate_combo)
        top.addWidget(self.new_gate)
        top.addWidget(self.edit_gate_button)
        top.addStretch(1)
        top.addWidget(self.blank_button)
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)
        figures = QHBoxLayout()
        figures.addWidget(self.stats)
        figures.addSpacing(16)
        figures.addWidget(self.village_stats, 1)
        register_top = QHBoxLayout()
        register_top.addWidget(self.register_title, 1)
        register_top.addWidget(self.case_button)
        register_top.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(figures)
        layout.addWidget(self.form)
        layout.addLayout(register_top)
        layout.addWidget(self.table, 1)

    # --- reading -------------------------------------------------------------------------------

    def reload(self) -> None:
        """The gates, the key areas and today's register read again (the chosen gate kept)."""
        self._loaded = True
        chosen = self.gate_id()
        self.gates = cq.checkpoints()
        self.gate_combo.blockSignals(True)
        self.gate_combo.clear()
        for gate in self.gates:
            self.gate_combo.addItem(gate.name + ("（24小时）" if gate.hours == "24小时" else ""), gate.id)
        index = self.gate_combo.findData(chosen) if chosen is not None else 0
        self.gate_combo.setCurrentIndex(max(index, 0) if self.gates else -1)
        self.gate_combo.blockSignals(False)
        self.form.reload_areas()
        self.form.show_time()
        self._gate_chosen()

    def gate_id(self) -> int | None:
        data = self.gate_combo.currentData()
        return int(data) if data is not None else None

    def gate(self) -> CheckpointLine | None:
        return next((g for g in self.gates if g.id == self.gate_id()), None)

    def _gate_chosen(self) -> None:
        self.form.set_checkpoint(self.gate_id())
        self.edit_gate_button.setEnabled(self.gate_id() is not None)
        if not self.gates:
            self.form.say("还没有卡点：请先点“新增卡点…”登记村里的卡点", problem=True)
        self.refresh_register()
        self.form.who.setFocus()

    def refresh_register(self, select_id: int | None = None) -> None:
        """Today's register and statistics at this gate (and every gate's), read again."""
        day = self.day()
        gate_id = self.gate_id()
        lines = cq.register_lines(day, gate_id) if gate_id is not None else []
        self.model.set_lines(lines)
        every = cq.day_statistics(day)
        if gate_id is not None:
            own = next((c for c in every.checkpoints if c.checkpoint_id == gate_id), None)
            counts = own or cq.day_statistics(day, gate_id).total
            self.stats.setText(f"今日本卡点：{counts.line()}")
        else:
            self.stats.setText("")
        self.village_stats.setText(f"全村各卡点：{every.total.line()}")
        flagged = sum(1 for line in lines if line.flags and line.case_id is None)
        self.register_title.setText(
            f"今日本卡点登记 {len(lines)} 人" + (f"，其中 {flagged} 人异常未登记管控（红色）" if flagged else "")
        )
        self.status_changed.emit(f"卡点登记：今日全村 {every.total.line()}")
        if select_id is not None:
            row = next((r for r, line in enumerate(lines) if line.id == select_id), None)
            if row is not None:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
        elif lines:
            self.table.scrollToBottom()
        self._follow()

    def chosen_lines(self) -> list[EntryLine]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.lines[r] for r in rows if r < len(self.model.lines)]

    def _follow(self) -> None:
        chosen = self.chosen_lines()
        self.case_button.setEnabled(len(chosen) == 1 and bool(chosen[0].flags) and chosen[0].case_id is None)
        self.back_button.setEnabled(any(line.outcome != GateOutcome.TURNED_BACK.value for line in chosen))

    # --- acting --------------------------------------------------------------------------------

    def _saved(self, done: ca.Registered) -> None:
        """After an entry: the register read again, the entry chosen in it (a flagged one: Ctrl+G opens its
        case), the focus back in 查找 for the next person."""
        flagged = done.flagged
        self.refresh_register(select_id=(flagged[0] if flagged else done.lead).id)
        self.form.who.setFocus()
        self.changed.emit()

    def _switch_focus(self) -> None:
        if self.table.hasFocus():
            self.form.who.setFocus()
        else:
            self.table.setFocus()
            if not self.chosen_lines() and self.model.lines:
                self.table.selectRow(len(self.model.lines) - 1)

    def open_case(self) -> None:
        """登记管控… for the chosen flagged entry: the policy asked, the case opened."""
        chosen = self.chosen_lines()
        if len(chosen) != 1:
            self.form.say("请在下方登记表中选择一个异常人员", problem=True)
            return
        case_id, said = open_case_asking(self, chosen[0])
        if said:
            self.form.say(said, problem=case_id is None)
        if case_id is not None:
            self.refresh_register(select_id=chosen[0].id)
            self.case_opened.emit(case_id)
            self.changed.emit()
        self.form.who.setFocus()

    def turn_back(self) -> None:
        """劝返 for the chosen people (a car's people all chosen: the car too)."""
        chosen = self.chosen_lines()
        if not chosen:
            self.form.say("请在下方登记表中选择要劝返的人员", problem=True)
            return
        try:
            ca.set_outcome([line.id for line in chosen], GateOutcome.TURNED_BACK.value)
        except LedgerError as error:
            self.form.say(f"未记录：{error}", problem=True)
            return
        self.form.say(f"已记录劝返：{'、'.join(line.name for line in chosen)}")
        self.refresh_register(select_id=chosen[0].id)
        self.changed.emit()
        self.form.who.setFocus()

    def edit_gate(self, new: bool) -> None:
        from app.checkpoint.checkpoint_dialog import CheckpointDialog

        dialog = CheckpointDialog(None if new else self.gate(), self)
        if dialog.exec() and dialog.saved_id is not None:
            self.reload()
            self.gate_combo.setCurrentIndex(max(self.gate_combo.findData(dialog.saved_id), 0))

    def export_register(self) -> None:
        """导出登记表…: today's 卡点出入登记表 of this gate (both sheets), in the background."""
        from app.export_task import export_with_progress
        from forms.checkpoint_export import TITLE, default_file_name, export_checkpoint_register

        gate = self.gate()
        if gate is None:
            self.form.say("还没有卡点，没有可导出的登记", problem=True)
            return
        day = self.day()
        export_with_progress(
            self,
            TITLE,
            default_file_name(day, gate.name),
            lambda path, progress: export_checkpoint_register(day, path, gate.id, progress),
            lambda count: f"{TITLE}已导出 {count} 人",
        )

    def import_register(self) -> None:
        """导入登记表…: a typed paper register or an exported one, into this gate (every row accounted for)."""
        from app.checkpoint.import_dialog import open_checkpoint_import

        gate = self.gate()
        summary = open_checkpoint_import(self, gate.id if gate else None, self.day())
        if summary:
            self.refresh_register()
            self.form.say(f"导入完成：{summary}")
            self.changed.emit()

    def print_blank_register(self) -> None:
        """打印空白登记表…: pages of this gate's register to fill in by hand when the PC is not at the gate."""
        from app.export_task import save_pdf
        from printing.checkpoint_print import print_gate_register

        gate = self.gate()
        if gate is None:
            self.form.say("还没有卡点：请先新增卡点", problem=True)
            return
        pages, ok = QInputDialog.getInt(self, "打印空白登记表", "页数（每页 16 行）：", 5, 1, 100)
        if not ok:
            return
        save_pdf(
            self,
            "打印空白登记表",
            f"卡点出入登记表（空白）-{gate.name}.pdf",
            "正在生成空白登记表……",
            lambda target, progress: print_gate_register(gate.id, pages, target, progress),
            lambda _sheet: f"{gate.name}的空白登记表（{pages} 页）已保存",
        )
