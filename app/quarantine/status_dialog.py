"""状态变更: a dated, reasoned event (解除, 转运送医, 转集中隔离, 转居家, 失联外出, 找回); never an overwrite.

Only the moves that make sense for the case's kind and status are offered (db.quarantine_actions.moves_for),
and a release before the due day says how early it is and waits for the clerk to tick that it is meant.
"""

from __future__ import annotations

from datetime import date

from PyQt6.QtCore import QDate
from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.editors.dialog_parts import ERROR_COLOUR, problem_banner, save_cancel, show_problem
from db import quarantine_actions as qa
from db.errors import LedgerError
from db.models.quarantine import EventKind
from db.queries import case_records
from db.rules.chinese_dates import short_date

_REASON_HINTS = {
    EventKind.RELEASED: "依据，如：观察期满无异常，卫生院出具解除告知",
    EventKind.HOSPITAL: "如：发热38.5℃，120转运至县医院发热门诊",
    EventKind.TO_CENTRAL: "如：家中不具备隔离条件",
    EventKind.TO_HOME: "如：集中隔离期满，转居家健康监测",
    EventKind.MISSING: "如：夜间外出未归，电话不通，已报派出所",
    EventKind.FOUND: "如：已返回住处，继续观察",
}


class StatusDialog(QDialog):
    """`today` is the day the change is dated by default (passed in: the page's day, a test's day)."""

    def __init__(
        self, case_id: int, parent: QWidget | None = None, kind: EventKind | None = None, *, today: date
    ) -> None:
        super().__init__(parent)
        self.case = case_records.case(case_id)
        self.setWindowTitle(f"状态变更 — {self.case.person.name}")
        self.setMinimumWidth(480)
        self.moves = qa.moves_for(self.case.kind, self.case.status)
        self._build_inputs(kind, today)
        self.banner = problem_banner()
        info = QLabel(f"当前：{self.case.kind}　{self.case.status}　应解除 {short_date(self.case.release_due)}")
        info.setObjectName("caseNow")
        self._lay_out(info)
        self.kind.currentIndexChanged.connect(lambda _i: self._fit())
        self.on.dateChanged.connect(lambda _d: self._fit())
        self.early_ok.toggled.connect(lambda _t: self._fit())
        self._fit()
        self.reason.setFocus()

    def _build_inputs(self, kind: EventKind | None, today: date) -> None:
        """The move (`kind` chosen if given), its day and reason, where to, and the early release's tick."""
        self.kind = QComboBox()
        self.kind.setObjectName("eventKind")
        for choice in self.moves:
            self.kind.addItem(choice.value, choice)
        if kind is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findText(kind.value)))
        self.on = QDateEdit(QDate(today))
        self.on.setObjectName("eventDate")
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.on.setCalendarPopup(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("eventReason")
        self.site = QLineEdit(self.case.site)
        self.site.setObjectName("eventSite")
        self.room = QLineEdit(self.case.room)
        self.room.setObjectName("eventRoom")
        self.address = QLineEdit(self.case.address)
        self.address.setObjectName("eventAddress")
        self.early = QLabel()
        self.early.setObjectName("earlyRelease")
        self.early.setWordWrap(True)
        self.early.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.early_ok = QCheckBox()
        self.early_ok.setObjectName("confirmEarly")

    def _lay_out(self, info: QLabel) -> None:
        self.layout_ = form = QFormLayout(self)
        form.addRow(self.banner)
        form.addRow(info)
        if self.moves:
            form.addRow("变更为", self.kind)
        else:
            nothing = QLabel(f"该对象已“{self.case.status}”，管控已结束，没有可登记的状态变更。")
            nothing.setObjectName("noMoves")
            nothing.setWordWrap(True)
            form.addRow(nothing)
        form.addRow("日期", self.on)
        form.addRow("原因/依据", self.reason)
        form.addRow("隔离点", self.site)
        form.addRow("房间号", self.room)
        form.addRow("居家地址", self.address)
        form.addRow(self.early)
        form.addRow(self.early_ok)
        self.buttons = save_cancel(self, self.try_save)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert save is not None
        self.save_button: QPushButton = save
        form.addRow(self.buttons)

    def _days_early(self) -> int:
        if self.kind.currentData() != EventKind.RELEASED:
            return 0
        return qa.days_early(self.case, self.on.date().toPyDate())

    def _fit(self) -> None:
        kind = self.kind.currentData()
        self.reason.setPlaceholderText(_REASON_HINTS.get(kind, ""))
        for widget, shown in (
            (self.site, kind == EventKind.TO_CENTRAL),
            (self.room, kind == EventKind.TO_CENTRAL),
            (self.address, kind == EventKind.TO_HOME),
            (self.on, kind is not None),
            (self.reason, kind is not None),
        ):
            self.layout_.setRowVisible(widget, shown)
        early = self._days_early()
        self.layout_.setRowVisible(self.early, early > 0)
        self.layout_.setRowVisible(self.early_ok, early > 0)
        if early > 0:
            self.early.setText(f"比应解除日期（{short_date(self.case.release_due)}）提前 {early} 天")
            text = f"确认提前 {early} 天解除"
            if self.early_ok.text() != text:  # another day is another decision: tick it again
                self.early_ok.setChecked(False)
                self.early_ok.setText(text)
        self.save_button.setText(f"登记{kind.value}" if kind is not None else "保存")
        self.save_button.setVisible(kind is not None)  # nothing to record: only 关闭
        self.save_button.setEnabled(kind is not None and (early == 0 or self.early_ok.isChecked()))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setText("取消" if kind is not None else "关闭")

    def try_save(self) -> None:
        kind = self.kind.currentData()
        if kind is None:
            self.reject()
            return
        early = self._days_early()
        if early and not self.early_ok.isChecked():
            show_problem(
                self.banner, f"解除日期比应解除日期提前 {early} 天：请勾选“确认提前 {early} 天解除”，或改正日期。"
            )
            self.early_ok.setFocus()
            return
        place = {}
        if kind == EventKind.TO_CENTRAL:
            if not self.site.text().strip():
                show_problem(self.banner, "请填写集中隔离点名称。")
                return
            place = {"site": self.site.text().strip(), "room": self.room.text().strip()}
        elif kind == EventKind.TO_HOME:
            place = {"address": self.address.text().strip(), "site": "", "room": ""}
        try:
            qa.change_status(self.case.id, kind, self.on.date().toPyDate(), self.reason.text().strip(), place)
        except LedgerError as exc:
            show_problem(self.banner, str(exc))
            return
        self.accept()
