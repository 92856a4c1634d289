"""状态变更: a dated, reasoned event (解除, 转运送医, 转集中隔离, 转居家, 失联外出, 找回); never an overwrite."""

from __future__ import annotations

from datetime import date

from PyQt6.QtCore import QDate
from PyQt6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.editors.dialog_parts import problem_banner, save_cancel, show_problem
from db import quarantine_actions as qa
from db.errors import LedgerError
from db.models import Case
from db.models.quarantine import CaseStatus, EventKind

#: What can happen to a case in each status.
CHOICES = {
    CaseStatus.ACTIVE.value: (EventKind.RELEASED, EventKind.HOSPITAL, EventKind.TO_CENTRAL, EventKind.TO_HOME,
                              EventKind.MISSING),
    CaseStatus.MISSING.value: (EventKind.FOUND,),
}
_REASON_HINTS = {
    EventKind.RELEASED: "依据，如：观察期满无异常，卫生院出具解除告知",
    EventKind.HOSPITAL: "如：发热38.5℃，120转运至县医院发热门诊",
    EventKind.TO_CENTRAL: "如：家中不具备隔离条件",
    EventKind.TO_HOME: "如：集中隔离期满，转居家健康监测",
    EventKind.MISSING: "如：夜间外出未归，电话不通，已报派出所",
    EventKind.FOUND: "如：已返回住处，继续观察",
}


class StatusDialog(QDialog):
    def __init__(self, case_id: int, parent: QWidget | None = None, kind: EventKind | None = None) -> None:
        super().__init__(parent)
        self.case = Case.get_by_id(case_id)
        self.setWindowTitle(f"状态变更 — {self.case.person.name}")
        self.setMinimumWidth(480)
        self.kind = QComboBox()
        self.kind.setObjectName("eventKind")
        for choice in CHOICES.get(self.case.status, ()):
            self.kind.addItem(choice.value, choice)
        if kind is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findText(kind.value)))
        self.on = QDateEdit(QDate(date.today()))
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
        self.banner = problem_banner()
        info = QLabel(f"当前：{self.case.kind}　{self.case.status}　应解除 {self.case.release_due:%Y-%m-%d}")
        self.layout_ = form = QFormLayout(self)
        form.addRow(self.banner)
        form.addRow(info)
        form.addRow("变更为", self.kind)
        form.addRow("日期", self.on)
        form.addRow("原因/依据", self.reason)
        form.addRow("隔离点", self.site)
        form.addRow("房间号", self.room)
        form.addRow("居家地址", self.address)
        buttons = save_cancel(self, self.try_save)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(lambda _i: self._fit())
        self._fit()
        self.reason.setFocus()

    def _fit(self) -> None:
        kind = self.kind.currentData()
        self.reason.setPlaceholderText(_REASON_HINTS.get(kind, ""))
        for widget, shown in ((self.site, kind == EventKind.TO_CENTRAL), (self.room, kind == EventKind.TO_CENTRAL),
                              (self.address, kind == EventKind.TO_HOME)):
            self.layout_.setRowVisible(widget, shown)

    def try_save(self) -> None:
        kind = self.kind.currentData()
        if kind is None:
            self.reject()
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
