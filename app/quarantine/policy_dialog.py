"""Settings → 管控政策: the observation policies, their stages and day-counting rule, and moving running
cases onto a policy.

A case copies its policy's stages when it starts, so editing a policy moves no running case; that is on
purpose (a notice already handed out must stay true). Moving cases is a separate, confirmed step
(应用到在管对象…) that names the cases and shows their new release dates before anything changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QColor, QKeySequence, QShortcut
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import ERROR_STYLE, fit_screen_size, push_button
from app.quarantine.apply_policy_dialog import ApplyPolicyDialog
from app.quarantine.policy_edit_dialog import (
    NOTE_STYLE,
    UNCHANGED_NOTE,
    PolicyEditDialog,
    count_from_words,
)
from db import quarantine_actions as qa
from db.errors import LedgerError
from db.queries import policies
from db.rules.observation import Stage, describe_stages, parse_stages

GREY = QColor("#888888")


@dataclass(frozen=True)
class PolicyRow:
    """A policy as the list shows it; stages None when its stored stages cannot be read."""

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
    for p in policies.all_policies():
        try:
            stages: tuple[Stage, ...] | None = parse_stages(p.stages)
        except ValueError:
            stages = None
        rows.append(PolicyRow(p.id, p.name, stages, p.count_from, p.note, p.retired))
    return rows


class PolicyDialog(QDialog):
    """The list of policies, with add / edit / retire and 应用到在管对象…."""

    COLUMNS = ("名称", "阶段", "第1天", "状态")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("管控政策")
        fit_screen_size(self, 860, 460)
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
        return policies.running_on(policy_id)

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
            kept = (
                (
                    f"使用此政策的 {running} 个在管对象仍按原来的阶段计算，解除日期没有改变；"
                    "如需改用，请点“应用到在管对象…”。"
                )
                if running
                else ""
            )
            self.status.setText(f"已保存“{dialog.saved.name}”。{kept}")

    def toggle_retired(self) -> None:
        policy = self.current()
        if policy is None:
            return
        record = policies.policy(policy.id)
        values = {
            "name": record.name,
            "stages": record.stages,
            "count_from": record.count_from,
            "note": record.note,
            "retired": not record.retired,
        }
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
