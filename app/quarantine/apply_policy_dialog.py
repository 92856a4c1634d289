"""应用到在管对象: moving chosen running cases onto a policy's current stages, after showing each one's new
release date and asking once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QColor
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import ERROR_STYLE, confirm, fit_screen_size, push_button
from app.quarantine.policy_edit_dialog import count_from_words
from db import quarantine_actions as qa
from db.errors import LedgerError
from db.models import Policy
from db.queries import case_records, policies
from db.queries.cases import case_lines
from db.rules.chinese_dates import short_date
from db.rules.observation import describe_stages, parse_stages, period_of


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
    cases = case_records.cases_by_id(line.id for line in lines)
    names = policies.policy_names()
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
        found.append(
            _Running(
                line.id,
                line.name,
                line.grid,
                line.kind,
                line.start_date,
                names.get(case.policy_id, ""),
                described,
                line.release_due,
                new,
                old,
            )
        )
    return found


class ApplyPolicyDialog(QDialog):
    """Choose running cases and move them onto the policy's current stages (apply_policy), confirmed."""

    COLUMNS = ("姓名", "网格", "观察方式", "开始", "现用政策（阶段）", "现应解除", "改用后解除")

    def __init__(self, policy_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.policy = policies.policy(policy_id)
        self.moved = 0
        stages = parse_stages(self.policy.stages)
        self.setWindowTitle(f"应用到在管对象：{self.policy.name}")
        fit_screen_size(self, 900, 520)
        intro = QLabel(
            f"勾选的在管对象将改用“{self.policy.name}”（{describe_stages(stages)}，"
            f"{count_from_words(self.policy.count_from)}），观察期和解除日期按它重新计算；未勾选的不变。"
            "已勾选的是使用此政策、但仍按修改前阶段计算的对象。"
        )
        intro.setWordWrap(True)
        self.cases = running_cases(self.policy)
        self._build_table()
        row = self._build_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if not self.cases:
            layout.addWidget(QLabel("现在没有在管对象。"))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self._update_count()
        self.table.setFocus()

    def _build_table(self) -> None:
        """One row a running case, checked if it is on this policy's old stages."""
        self.table = QTableWidget(len(self.cases), len(self.COLUMNS))
        self.table.setObjectName("runningCases")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for r, c in enumerate(self.cases):
            changed = c.new_release_due != c.release_due
            values = (
                c.name,
                c.grid,
                c.kind,
                short_date(c.start),
                f"{c.policy}（{c.described}）",
                short_date(c.release_due),
                short_date(c.new_release_due) + (" ←" if changed else "（不变）"),
            )
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

    def _build_buttons(self) -> QHBoxLayout:
        """The count and the buttons below the table, and the message shown above them."""
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
        return row

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
