"""Editing one observation policy: its name, its stages, where day 1 is — with the counting rule written
out beside it, worked through for the stages being edited."""

from __future__ import annotations

from datetime import date

from PyQt6.QtGui import QKeySequence, QShortcut
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
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import ERROR_STYLE, problem_banner, push_button, save_cancel
from db import quarantine_actions as qa
from db.errors import LedgerError
from db.models import Policy
from db.models.quarantine import CaseKind
from db.queries import policies
from db.rules.chinese_dates import short_date
from db.rules.observation import COUNT_FROM, Stage, parse_stages, period_of, stages_json

NOTE_STYLE = "color: #1f618d;"
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
        rule = (
            "第1天是末次接触（或离开风险地区）的次日；发现晚的，已经过去的天数照算；"
            "没有填末次接触日期的，从隔离开始之日算。"
        )
        example = (
            f"例：{short_date(EXAMPLE_EXPOSURE)}末次接触，{short_date(EXAMPLE_FOUND)}开始隔离，共{total}天："
            f"第1天为{short_date(period.first_day)}"
        )
    else:
        period = period_of(stages, EXAMPLE_START, None, count_from)
        rule = "第1天是隔离开始的那一天。"
        example = f"例：{short_date(EXAMPLE_START)}开始隔离，共{total}天：第1天为{short_date(period.first_day)}"
    example += (
        f"，最后一天为{short_date(period.last_day)}，{short_date(period.release_due)}解除（解除告知书上的日期）。"
    )
    if len(stages) > 1:
        spans = "；".join(f"{kind} {short_date(first)}—{short_date(last)}" for kind, first, last in period.stages)
        example += f"\n各阶段首尾相接：{spans}。"
    return f"{rule}N天的阶段含N个日历日。\n{example}"


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
        policy = policies.policy(policy_id) if policy_id is not None else None
        try:
            stages = parse_stages(policy.stages) if policy else (Stage(CaseKind.HOME.value, 14),)
        except ValueError:
            stages = (Stage(CaseKind.HOME.value, 14),)
        self.setWindowTitle(f"修改管控政策：{policy.name}" if policy else "新建管控政策")
        self.setMinimumWidth(620)
        self.banner = problem_banner()
        name_box = self._build_name(policy)
        stage_box = self._build_stages(stages)
        count_row = self._build_count_from(policy)
        self.note = QLineEdit(policy.note if policy else "")
        self.note.setObjectName("policyNote")
        self.note.setPlaceholderText("如：依据县指挥部2026年第12号通知")
        self.retired = QCheckBox("停用（不再用于新登记的对象；已用此政策的对象不受影响）")
        self.retired.setObjectName("policyRetired")
        self.retired.setChecked(bool(policy and policy.retired))
        self._lay_out(name_box, stage_box, count_row)
        self.stages.on_change = self._update_rule
        self.from_start.toggled.connect(self._update_rule)
        QShortcut(QKeySequence("Ctrl+S"), self, self.try_save)
        self._update_rule()
        self.name.setFocus()

    def _build_name(self, policy: Policy | None) -> QVBoxLayout:
        self.name = QLineEdit(policy.name if policy else "")
        self.name.setObjectName("policyName")
        self.name.setPlaceholderText("如：14天居家隔离医学观察")
        self.name_message = QLabel()
        self.name_message.setObjectName("message_name")
        self.name_message.setStyleSheet(ERROR_STYLE)
        self.name_message.hide()
        name_box = QVBoxLayout()
        name_box.setSpacing(1)
        name_box.addWidget(self.name)
        name_box.addWidget(self.name_message)
        return name_box

    def _build_stages(self, stages: tuple[Stage, ...]) -> QVBoxLayout:
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
        return stage_box

    def _build_count_from(self, policy: Policy | None) -> QVBoxLayout:
        """Where day 1 is, with the rule written out below the choice."""
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
        return count_row

    def _lay_out(self, name_box: QVBoxLayout, stage_box: QVBoxLayout, count_row: QVBoxLayout) -> None:
        unchanged = QLabel(UNCHANGED_NOTE)
        unchanged.setWordWrap(True)
        unchanged.setStyleSheet(NOTE_STYLE)
        buttons = save_cancel(self, self.try_save)
        self.buttons = buttons
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
        elif policies.policy_name_taken(name, self.policy_id):
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
