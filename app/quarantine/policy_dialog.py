"""Settings → 管控政策: the observation policies, their stages and day-counting rule, and moving running
cases onto a policy.

A case copies its policy's stages when it starts, so editing a policy moves no running case; that is on
purpose (a notice already handed out must stay true). Moving cases is a separate, confirmed step
(应用到在管对象…) that names the cases and shows their new release dates before anything changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QColor, QKeySequence, QShortcut
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import problem_banner, save_cancel
from app.quarantine.case_table import short_date
from db import quarantine_actions as qa
from db.errors import LedgerError
from db.models import Case, Policy
from db.models.quarantine import CaseKind, CaseStatus
from db.queries.cases import case_lines
from db.rules.observation import COUNT_FROM, Stage, describe_stages, parse_stages, period_of, stages_json

ERROR_STYLE = "color: #c0392b;"
NOTE_STYLE = "color: #1f618d;"
GREY = QColor("#888888")
UNCHANGED_NOTE = (
    "修改政策只影响今后登记的对象：已在管控中的对象仍按登记时的阶段计算，解除日期不变。"
    "要让在管对象改用修改后的政策，请选中政策后点“应用到在管对象…”。"
)
#: Worked examples of the counting rule use these dates (any will do; these read easily).
EXAMPLE_START = date(2026, 11, 1)
EXAMPLE_EXPOSURE = date(2026, 10, 31)
EXAMPLE_FOUND = date(2026, 11, 3)


def count_from_words(count_from: str) -> str:
    return f"从{COUNT_FROM.get(count_from, count_from)}算起"


def rule_text(stages: tuple[Stage, ...], count_from: str) -> str:
    """The day-counting rule (db.rules.observation) written out, with a worked example for these stages."""
    total = sum(s.days for s in stages)
    if count_from == "exposure":
        period = period_of(stages, EXAMPLE_FOUND, EXAMPLE_EXPOSURE, count_from)
        rule = ("第1天是末次接触（或离开风险地区）的次日；发现晚的，已经过去的天数照算；"
                "没有填末次接触日期的，从隔离开始之日算。")
        example = (f"例：{short_date(EXAMPLE_EXPOSURE)}末次接触，{short_date(EXAMPLE_FOUND)}开始隔离，共{total}天："
                   f"第1天为{short_date(period.first_day)}")
    else:
        period = period_of(stages, EXAMPLE_START, None, count_from)
        rule = "第1天是隔离开始的那一天。"
        example = f"例：{short_date(EXAMPLE_START)}开始隔离，共{total}天：第1天为{short_date(period.first_day)}"
    example += f"，最后一天为{short_date(period.last_day)}，{short_date(period.release_due)}解除（解除告知书上的日期）。"
    if len(stages) > 1:
        spans = "；".join(f"{kind} {short_date(first)}—{short_date(last)}" for kind, first, last in period.stages)
        example += f"\n各阶段首尾相接：{spans}。"
    return f"{rule}N天的阶段含N个日历日。\n{example}"


def push_button(text: str, slot, name: str = "", default: bool = False) -> QPushButton:  # type: ignore[no-untyped-def]
    """A button that Enter presses only if it is the dialog's default (Enter elsewhere must not close it)."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.setDefault(default)
    button.setAutoDefault(default)
    button.clicked.connect(slot)
    return button


def confirm(parent: QWidget, title: str, text: str, yes: str, no: str, default_yes: bool = True) -> bool:
    """Ask a yes/no question with buttons that say what they do; True only if `yes` was pressed."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.button(QMessageBox.StandardButton.Yes).setText(yes)
    box.button(QMessageBox.StandardButton.No).setText(no)
    box.setDefaultButton(QMessageBox.StandardButton.Yes if default_yes else QMessageBox.StandardButton.No)
    box.exec()
    return box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)


@dataclass(frozen=True)
class PolicyRow:
    id: int
    name: str
    stages: tuple[Stage, ...] | None  # None: stored stages that cannot be counted
    count_from: str
    note: str
    retired: bool

    @property
    def described(self) -> str:
        return describe_stages(self.stages) if self.stages else "（阶段设置有误）"


def load_policies() -> list[PolicyRow]:
    rows = []
    for p in Policy.select().order_by(Policy.retired, Policy.id):
        try:
            stages: tuple[Stage, ...] | None = parse_stages(p.stages)
        except ValueError:
            stages = None
        rows.append(PolicyRow(p.id, p.name, stages, p.count_from, p.note, p.retired))
    return rows


class StagesTable(QTableWidget):
    """The stages of a policy in order: each a kind (combo) and a number of days (1–60)."""

    def __init__(self, stages: tuple[Stage, ...], parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.setObjectName("stagesTable")
        self.setHorizontalHeaderLabels(["观察方式", "天数"])
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(1, 90)
        self.verticalHeader().setDefaultSectionSize(30)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab moves between the combos and spin boxes, not cells
        self.on_change = lambda: None
        for stage in stages:
            self.add_stage(stage)

    def add_stage(self, stage: Stage | None = None) -> None:
        row = self.rowCount()
        self.insertRow(row)
        kind = QComboBox()
        kind.addItems([k.value for k in CaseKind])
        if stage is not None:
            if kind.findText(stage.kind) < 0:
                kind.addItem(stage.kind)
            kind.setCurrentText(stage.kind)
        elif row > 0:
            kind.setCurrentText(CaseKind.MONITOR.value)  # a later stage is usually home monitoring
        days = QSpinBox()
        days.setRange(1, 60)
        days.setSuffix(" 天")
        days.setValue(stage.days if stage is not None else 7)
        kind.currentIndexChanged.connect(lambda _i: self.on_change())
        days.valueChanged.connect(lambda _v: self.on_change())
        self.setCellWidget(row, 0, kind)
        self.setCellWidget(row, 1, days)
        self.setVerticalHeaderItem(row, QTableWidgetItem(f"第{row + 1}段"))
        self.setCurrentCell(row, 0)
        self.on_change()

    def remove_current(self) -> bool:
        """Remove the selected stage (a policy keeps at least one)."""
        if self.rowCount() <= 1:
            return False
        self.removeRow(max(self.currentRow(), 0))
        for row in range(self.rowCount()):
            self.setVerticalHeaderItem(row, QTableWidgetItem(f"第{row + 1}段"))
        self.on_change()
        return True

    def stages(self) -> tuple[Stage, ...]:
        return tuple(
            Stage(self.cellWidget(r, 0).currentText(), self.cellWidget(r, 1).value())  # type: ignore[union-attr]
            for r in range(self.rowCount())
        )


class PolicyEditDialog(QDialog):
    """Add or edit one policy; saving goes through db.quarantine_actions.save_policy."""

    def __init__(self, policy_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.policy_id = policy_id
        self.saved: Policy | None = None
        policy = Policy.get_by_id(policy_id) if policy_id is not None else None
        try:
            stages = parse_stages(policy.stages) if policy else (Stage(CaseKind.HOME.value, 14),)
        except ValueError:
            stages = (Stage(CaseKind.HOME.value, 14),)
        self.setWindowTitle(f"修改管控政策：{policy.name}" if policy else "新建管控政策")
        self.setMinimumWidth(620)
        self.banner = problem_banner()
        self.name = QLineEdit(policy.name if policy else "")
        self.name.setObjectName("policyName")
        self.name.setPlaceholderText("如：14天居家隔离医学观察")
        self.name_message = QLabel()
        self.name_message.setObjectName("message_name")
        self.name_message.setStyleSheet(ERROR_STYLE)
        self.name_message.hide()
        self.stages = StagesTable(stages)
        self.stages.setFixedHeight(4 * 30 + 4)  # header and three stages; more scroll
        add = push_button("添加阶段", lambda: self.stages.add_stage(), "addStage")
        remove = push_button("删除阶段", self._remove_stage, "removeStage")
        self.total = QLabel()
        stage_buttons = QHBoxLayout()
        stage_buttons.addWidget(add)
        stage_buttons.addWidget(remove)
        stage_buttons.addStretch(1)
        stage_buttons.addWidget(self.total)
        stage_box = QVBoxLayout()
        stage_box.addWidget(self.stages)
        stage_box.addLayout(stage_buttons)
        self.from_start = QRadioButton(f"从{COUNT_FROM['start']}算起")
        self.from_start.setObjectName("countFromStart")
        self.from_exposure = QRadioButton(f"从{COUNT_FROM['exposure']}算起")
        self.from_exposure.setObjectName("countFromExposure")
        (self.from_exposure if policy and policy.count_from == "exposure" else self.from_start).setChecked(True)
        self.rule = QLabel()
        self.rule.setObjectName("ruleText")
        self.rule.setWordWrap(True)
        self.rule.setStyleSheet(NOTE_STYLE)
        count_row = QVBoxLayout()
        count_row.setSpacing(4)
        count_row.addWidget(self.from_start)
        count_row.addWidget(self.from_exposure)
        count_row.addWidget(self.rule)
        self.note = QLineEdit(policy.note if policy else "")
        self.note.setObjectName("policyNote")
        self.note.setPlaceholderText("如：依据县指挥部2026年第12号通知")
        self.retired = QCheckBox("停用（不再用于新登记的对象；已用此政策的对象不受影响）")
        self.retired.setObjectName("policyRetired")
        self.retired.setChecked(bool(policy and policy.retired))
        unchanged = QLabel(UNCHANGED_NOTE)
        unchanged.setWordWrap(True)
        unchanged.setStyleSheet(NOTE_STYLE)
        buttons = save_cancel(self, self.try_save)
        self.buttons = buttons
        name_box = QVBoxLayout()
        name_box.setSpacing(1)
        name_box.addWidget(self.name)
        name_box.addWidget(self.name_message)
        form = QFormLayout()
        form.addRow("名称＊", name_box)
        form.addRow("阶段＊", stage_box)
        form.addRow("第1天", count_row)
        form.addRow("备注", self.note)
        form.addRow("", self.retired)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(unchanged)
        layout.addWidget(buttons)
        self.stages.on_change = self._update_rule
        self.from_start.toggled.connect(self._update_rule)
        QShortcut(QKeySequence("Ctrl+S"), self, self.try_save)
        self._update_rule()
        self.name.setFocus()

    def count_from(self) -> str:
        return "exposure" if self.from_exposure.isChecked() else "start"

    def _remove_stage(self) -> None:
        if not self.stages.remove_current():
            self._problem("至少要有一个阶段。")

    def _update_rule(self) -> None:
        stages = self.stages.stages()
        if not stages:
            return
        self.total.setText(f"合计 {sum(s.days for s in stages)} 天")
        self.rule.setText(rule_text(stages, self.count_from()))
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow when the worked example needs more lines: a dialog does not follow a wrapped label by itself."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.heightForWidth(self.width()) if layout.hasHeightForWidth() else layout.sizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self._fit_height()

    def _problem(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    def try_save(self) -> None:
        name = self.name.text().strip()
        self.name_message.hide()
        problem = ""
        if not name:
            problem = "请填写政策名称。"
        elif Policy.select().where((Policy.name == name) & (Policy.id != (self.policy_id or 0))).exists():
            problem = f"已有名为“{name}”的政策，请换一个名称。"
        if problem:
            self.name_message.setText(problem)
            self.name_message.show()
            self._problem("请改正标红的内容后再保存。")
            self.name.setFocus()
            return
        values = {
            "name": name,
            "stages": stages_json(self.stages.stages()),
            "count_from": self.count_from(),
            "note": self.note.text().strip(),
            "retired": self.retired.isChecked(),
        }
        try:
            self.saved = qa.save_policy(values, self.policy_id)
        except (LedgerError, ValueError) as exc:
            self._problem(str(exc))
            return
        self.accept()


@dataclass(frozen=True)
class _Running:
    """A running case as the apply list shows it: now, and after moving onto the policy."""

    id: int
    name: str
    grid: str
    kind: str
    start: date
    policy: str
    described: str
    release_due: date
    new_release_due: date
    on_old_stages: bool  # on this policy, but still counted by the stages it had when the case started


def running_cases(policy: Policy) -> list[_Running]:
    stages = parse_stages(policy.stages)
    lines = case_lines()
    cases = {c.id: c for c in Case.select().where(Case.id.in_([line.id for line in lines]))}
    names = {p.id: p.name for p in Policy.select(Policy.id, Policy.name)}
    found = []
    for line in lines:
        case = cases[line.id]
        try:
            described = describe_stages(parse_stages(case.stages))
        except ValueError:
            described = "（阶段设置有误）"
        new = period_of(stages, case.start_date, case.exposure_date, policy.count_from).release_due
        same_policy = case.policy_id == policy.id
        old = same_policy and (case.stages != policy.stages or case.count_from != policy.count_from)
        found.append(_Running(line.id, line.name, line.grid, line.kind, line.start_date,
                              names.get(case.policy_id, ""), described, line.release_due, new, old))
    return found


class ApplyPolicyDialog(QDialog):
    """Choose running cases and move them onto the policy's current stages (apply_policy), confirmed."""

    COLUMNS = ("姓名", "网格", "观察方式", "开始", "现用政策（阶段）", "现应解除", "改用后解除")

    def __init__(self, policy_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.policy = Policy.get_by_id(policy_id)
        self.moved = 0
        stages = parse_stages(self.policy.stages)
        self.setWindowTitle(f"应用到在管对象：{self.policy.name}")
        self.resize(900, 520)
        intro = QLabel(
            f"勾选的在管对象将改用“{self.policy.name}”（{describe_stages(stages)}，"
            f"{count_from_words(self.policy.count_from)}），观察期和解除日期按它重新计算；未勾选的不变。"
            "已勾选的是使用此政策、但仍按修改前阶段计算的对象。"
        )
        intro.setWordWrap(True)
        self.cases = running_cases(self.policy)
        self.table = QTableWidget(len(self.cases), len(self.COLUMNS))
        self.table.setObjectName("runningCases")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for r, c in enumerate(self.cases):
            changed = c.new_release_due != c.release_due
            values = (c.name, c.grid, c.kind, short_date(c.start), f"{c.policy}（{c.described}）",
                      short_date(c.release_due), short_date(c.new_release_due) + (" ←" if changed else "（不变）"))
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if col == 0:
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(Qt.CheckState.Checked if c.on_old_stages else Qt.CheckState.Unchecked)
                if col == 6 and changed:
                    item.setForeground(QColor("#c0392b"))
                self.table.setItem(r, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(lambda _item: self._update_count())
        self.count = QLabel()
        self.message = QLabel()
        self.message.setObjectName("banner")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        all_on = push_button("全选", lambda: self._check_all(True))
        all_off = push_button("全不选", lambda: self._check_all(False))
        self.apply_button = push_button("应用…", self.apply, "applyButton", default=True)
        cancel = push_button("取消", self.reject)
        row = QHBoxLayout()
        row.addWidget(all_on)
        row.addWidget(all_off)
        row.addWidget(self.count)
        row.addStretch(1)
        row.addWidget(self.apply_button)
        row.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if not self.cases:
            layout.addWidget(QLabel("现在没有在管对象。"))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self._update_count()
        self.table.setFocus()

    def checked_ids(self) -> list[int]:
        return [c.id for r, c in enumerate(self.cases) if self.table.item(r, 0).checkState() == Qt.CheckState.Checked]

    def set_checked(self, case_ids: list[int]) -> None:
        for r, c in enumerate(self.cases):
            self.table.item(r, 0).setCheckState(Qt.CheckState.Checked if c.id in case_ids else Qt.CheckState.Unchecked)

    def _check_all(self, on: bool) -> None:
        self.set_checked([c.id for c in self.cases] if on else [])

    def _update_count(self) -> None:
        n = len(self.checked_ids())
        self.count.setText(f"已选 {n} 人")
        self.apply_button.setEnabled(n > 0)

    def confirmation_text(self, ids: list[int]) -> str:
        changing = sum(1 for c in self.cases if c.id in ids and c.new_release_due != c.release_due)
        return (
            f"将把 {len(ids)} 个在管对象改用“{self.policy.name}”。\n"
            f"他们的观察期和解除日期将按新政策重新计算，其中 {changing} 人的解除日期会改变（见列表“改用后解除”）；"
            "已打印的告知书请按新日期重新打印。\n\n确定改用吗？"
        )

    def apply(self) -> None:
        ids = self.checked_ids()
        if not ids:
            return
        if not confirm(self, "确认改用政策", self.confirmation_text(ids), "确定改用", "取消"):
            return
        try:
            self.moved = qa.apply_policy(ids, self.policy.id, date.today())
        except LedgerError as exc:
            self.message.setText(str(exc))
            self.message.show()
            return
        self.accept()


class PolicyDialog(QDialog):
    """The list of policies, with add / edit / retire and 应用到在管对象…."""

    COLUMNS = ("名称", "阶段", "第1天", "状态")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("管控政策")
        self.resize(860, 460)
        self.rows: list[PolicyRow] = []
        intro = QLabel("管控政策规定观察分几个阶段、各多少天、第1天从哪天算。登记新对象时按所选政策当时的设置计算。")
        intro.setWordWrap(True)
        self.unchanged = QLabel(UNCHANGED_NOTE)
        self.unchanged.setObjectName("unchangedNote")
        self.unchanged.setWordWrap(True)
        self.unchanged.setStyleSheet(NOTE_STYLE)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("policyTable")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.status = QLabel()
        self.status.setObjectName("policyStatus")
        self.status.setWordWrap(True)
        self.new_button = self._button("新建政策…", "newPolicy", self.add, "Ctrl+N")
        self.edit_button = self._button("修改…", "editPolicy", self.edit, "F2")
        self.retire_button = self._button("停用", "retirePolicy", self.toggle_retired)
        self.apply_button = self._button("应用到在管对象…", "applyPolicy", self.apply_to_cases)
        close = push_button("关闭", self.reject)
        side = QVBoxLayout()
        for button in (self.new_button, self.edit_button, self.retire_button):
            side.addWidget(button)
        side.addSpacing(16)
        side.addWidget(self.apply_button)
        side.addStretch(1)
        side.addWidget(close)
        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.unchanged)
        layout.addLayout(middle, 1)
        layout.addWidget(self.status)
        self.reload()
        self.table.setFocus()

    def _button(self, text: str, name: str, slot, shortcut: str | None = None) -> QPushButton:  # type: ignore[no-untyped-def]
        button = push_button(text + (f"（{shortcut}）" if shortcut else ""), slot, name)
        if shortcut:
            QShortcut(QKeySequence(shortcut), self, slot)
        return button

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """Enter on a policy edits it (the list has no default button to press)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self.edit()
            return
        super().keyPressEvent(event)

    def reload(self, select_id: int | None = None) -> None:
        current = select_id if select_id is not None else self.current_id()
        self.rows = load_policies()
        self.table.setRowCount(len(self.rows))
        for r, p in enumerate(self.rows):
            values = (p.name, p.described, count_from_words(p.count_from), "已停用" if p.retired else "在用")
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if p.retired:
                    item.setForeground(GREY)
                if c == 1 and p.note:
                    item.setToolTip(p.note)
                self.table.setItem(r, c, item)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)
        ids = [p.id for p in self.rows]
        self.table.selectRow(ids.index(current) if current in ids else 0)
        self._update_buttons()

    def current(self) -> PolicyRow | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def current_id(self) -> int | None:
        policy = self.current()
        return policy.id if policy else None

    def select(self, policy_id: int) -> None:
        self.table.selectRow([p.id for p in self.rows].index(policy_id))

    def _update_buttons(self) -> None:
        policy = self.current()
        self.edit_button.setEnabled(policy is not None)
        self.retire_button.setEnabled(policy is not None)
        self.retire_button.setText("恢复使用" if policy and policy.retired else "停用")
        self.apply_button.setEnabled(policy is not None and not policy.retired and policy.stages is not None)

    def _running_on(self, policy_id: int) -> int:
        return Case.select().where((Case.policy == policy_id) & (Case.status == CaseStatus.ACTIVE.value)).count()

    def add(self) -> None:
        dialog = PolicyEditDialog(None, self)
        if dialog.exec() and dialog.saved is not None:
            self.reload(dialog.saved.id)
            self.status.setText(f"已新建政策“{dialog.saved.name}”。")

    def edit(self) -> None:
        policy_id = self.current_id()
        if policy_id is None:
            return
        dialog = PolicyEditDialog(policy_id, self)
        if dialog.exec() and dialog.saved is not None:
            self.reload(policy_id)
            running = self._running_on(policy_id)
            kept = (f"使用此政策的 {running} 个在管对象仍按原来的阶段计算，解除日期没有改变；"
                    "如需改用，请点“应用到在管对象…”。") if running else ""
            self.status.setText(f"已保存“{dialog.saved.name}”。{kept}")

    def toggle_retired(self) -> None:
        policy = self.current()
        if policy is None:
            return
        record = Policy.get_by_id(policy.id)
        values = {"name": record.name, "stages": record.stages, "count_from": record.count_from,
                  "note": record.note, "retired": not record.retired}
        try:
            qa.save_policy(values, policy.id)
        except (LedgerError, ValueError) as exc:
            self.status.setText(str(exc))
            self.status.setStyleSheet(ERROR_STYLE)
            return
        self.status.setStyleSheet("")
        self.status.setText(f"“{policy.name}”已{'恢复使用' if policy.retired else '停用，不再用于新登记的对象'}。")
        self.reload(policy.id)

    def apply_to_cases(self) -> None:
        policy = self.current()
        if policy is None or policy.retired:
            return
        dialog = ApplyPolicyDialog(policy.id, self)
        if dialog.exec():
            self.status.setStyleSheet("")
            self.status.setText(f"已有 {dialog.moved} 个在管对象改用“{policy.name}”，解除日期已重新计算。")
