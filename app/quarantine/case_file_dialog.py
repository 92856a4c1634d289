"""The case file (一人一档): who, where, the period, a day-by-day grid of readings, the history, follow-ups."""

from __future__ import annotations

from datetime import date, timedelta

from PyQt6.QtCore import QDate
from PyQt6.QtGui import QColor
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import fit_screen_size, push_button, save_cancel
from db import quarantine_actions as qa
from db.models.quarantine import FOLLOW_UP_METHODS, NEED_KINDS, CaseStatus
from db.queries.cases import CaseFile, case_file
from db.rules import observation
from db.rules.chinese_dates import long_date, short_date
from db.rules.id_number import mask_id_number
from forms.case_fields import AT_HOME, DOCTOR, RESPONSIBLE
from forms.definitions.case import CASE, shown_reason
from forms.parsing.phones import mask_phone

_ALERT = QColor("#f9d6d2")


def _table(headers: list[str], widths: list[int]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    table.horizontalHeader().setStretchLastSection(True)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], alert_rows: set[int] = frozenset()) -> None:  # type: ignore[assignment]
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if r in alert_rows:
                item.setBackground(_ALERT)
            table.setItem(r, c, item)


class CaseFileDialog(QDialog):
    """One case's file: its daily readings, status history and follow-ups, with editing, status change and print."""

    def __init__(self, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case_id = case_id
        fit_screen_size(self, 900, 640)
        self.header = QLabel()
        self.header.setObjectName("caseHeader")
        self.header.setWordWrap(True)
        self.days = _table(["第几天", "日期", "阶段", "上午", "下午", "症状", "处置"], [60, 90, 130, 60, 60, 150, 200])
        self.days.setObjectName("caseDays")
        self.events = _table(["日期", "事项", "原因/依据", "之后状态"], [90, 90, 400, 80])
        self.events.setObjectName("caseEvents")
        self.follow_ups = _table(["日期", "方式", "情况", "需求类别", "需求", "是否解决"], [90, 60, 200, 80, 200, 80])
        self.follow_ups.setObjectName("caseFollowUps")
        add_follow_up = QPushButton("添加随访…")
        add_follow_up.setObjectName("addFollowUp")
        add_follow_up.clicked.connect(self.add_follow_up)
        met = QPushButton("需求已解决")
        met.setObjectName("needMet")
        met.clicked.connect(self.mark_met)
        follow_page = QWidget()
        follow_layout = QVBoxLayout(follow_page)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(add_follow_up)
        buttons_row.addWidget(met)
        buttons_row.addStretch(1)
        follow_layout.addLayout(buttons_row)
        follow_layout.addWidget(self.follow_ups)
        tabs = QTabWidget()
        tabs.addTab(self.days, "逐日体温")
        tabs.addTab(self.events, "状态记录")
        tabs.addTab(follow_page, "随访与需求")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        edit = push_button("修改档案…", self.edit_case, "caseEdit")
        status = push_button("状态变更…", self.change_status, "caseChangeStatus")
        papers = push_button("打印…", self.print_papers, "casePrint")
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(edit)
        top.addWidget(status)
        top.addWidget(papers)
        layout.addLayout(top)
        layout.addWidget(tabs, 1)
        layout.addWidget(close)
        self.file: CaseFile
        self.reload()

    def reload(self) -> None:
        self.file = f = case_file(self.case_id)
        case, line = f.case, f.line
        self.setWindowTitle(f"管控档案 — {line.name}")
        stages = observation.parse_stages(case.stages)
        period = observation.period_of(stages, case.start_date, case.exposure_date, case.count_from)
        place = case.address + (f"（{case.site} {case.room}）" if case.site else "")
        self.header.setText(
            f"<b style='font-size:16px'>{line.name}</b>　{case.person.sex}　"
            f"{mask_id_number(line.id_number) if line.id_number else '无身份证号'}　"
            f"{mask_phone(line.phone) if line.phone else ''}<br>"
            f"{case.kind}　<b>{case.status}</b>　{shown_reason(case.reason, case.reason_text, case.origin)}"
            f"　来源：{case.source}　地点：{place}<br>"
            f"观察期：{long_date(period.first_day)}至{short_date(period.last_day)}（{observation.describe_stages(stages)}），"
            f"{short_date(period.release_due)}解除　封条编号：{case.seal_no or '—'}<br>"
            f"{RESPONSIBLE}：{case.grid_worker} {case.grid_worker_phone}　{DOCTOR}：{case.doctor} {case.doctor_phone}"
        )
        readings = {(r.on, r.slot): r for r in f.readings}
        last = period.last_day if case.status != CaseStatus.ACTIVE.value else max(period.last_day, date.today())
        rows: list[list[str]] = []
        alerts: set[int] = set()
        day = period.first_day
        while day <= min(last, period.last_day + timedelta(days=30)):
            am, pm = readings.get((day, "上午")), readings.get((day, "下午"))
            symptoms = "、".join(r.symptoms for r in (am, pm) if r is not None and r.symptoms)
            actions = [f.actions[r.id] for r in (am, pm) if r is not None and r.id in f.actions]
            if any(r is not None and qa.is_alert(r.value, r.symptoms) for r in (am, pm)):
                alerts.add(len(rows))
            rows.append(
                [
                    f"第{period.day_number(day)}天" if period.day_number(day) else "",
                    short_date(day),
                    period.stage_on(day) or "",
                    _value(am),
                    _value(pm),
                    symptoms,
                    "；".join(
                        f"报{a.reported_to}{'，120转运' if a.transfer_120 else ''}{'：' + a.result if a.result else ''}"
                        for a in actions
                    ),
                ]
            )
            day += timedelta(days=1)
        _fill(self.days, rows, alerts)
        _fill(self.events, [[short_date(e.on), e.kind, e.reason, e.status_after] for e in f.events])
        _fill(
            self.follow_ups,
            [
                [
                    short_date(u.on),
                    u.method,
                    u.findings,
                    u.need_kind,
                    u.needs,
                    ("已解决" + (f" {short_date(u.met_on)}" if u.met_on else ""))
                    if u.met
                    else ("未解决" if u.needs else ""),
                ]
                for u in f.follow_ups
            ],
        )

    def edit_case(self) -> None:
        from app.editors.record_dialog import RecordDialog
        from db.queries.case_records import case_values

        def save(values: dict) -> None:  # type: ignore[type-arg]
            qa.edit_case(self.case_id, values)

        values = case_values(self.file.case)
        only = CASE.correctable_names
        if RecordDialog(CASE, f"修改档案：{self.file.line.name}", save, values, parent=self, only=only).exec():
            self.reload()

    def change_status(self) -> None:
        from app.quarantine.status_dialog import StatusDialog

        if StatusDialog(self.case_id, self, today=date.today()).exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def print_papers(self) -> None:
        from app.quarantine.print_dialog import PrintDialog

        case = self.file.case
        # A released case gets its release notice; a case at a central site its notice only (no door, no seal).
        document = (
            "release-notices"
            if case.status == CaseStatus.RELEASED.value
            else "notices-and-seals"
            if case.kind in AT_HOME
            else "notices"
        )
        PrintDialog(self, [self.case_id], document).exec()

    def add_follow_up(self) -> None:
        dialog = FollowUpDialog(date.today(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            qa.record_follow_up(self.case_id, dialog.values())
            self.reload()

    def mark_met(self) -> None:
        row = self.follow_ups.currentRow()
        if 0 <= row < len(self.file.follow_ups) and self.file.follow_ups[row].needs:
            qa.mark_need_met(self.file.follow_ups[row].id, date.today())
            self.reload()


def _value(reading) -> str:  # type: ignore[no-untyped-def]
    if reading is None:
        return ""
    return "未测" if reading.value is None else f"{reading.value:.1f}"


class FollowUpDialog(QDialog):
    """A day's follow-up: when (today, or a day before when written up later; never ahead), how it was done,
    what was found, what the household needs."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("随访记录")
        self.setMinimumWidth(420)
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setObjectName("followDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy年M月d日")
        self.day.setMaximumDate(QDate(today.year, today.month, today.day))
        self.method = QComboBox()
        self.method.setObjectName("followMethod")
        self.method.addItems(FOLLOW_UP_METHODS)
        self.findings = QLineEdit()
        self.findings.setObjectName("followFindings")
        self.findings.setPlaceholderText("如：情绪稳定，无不适")
        self.need_kind = QComboBox()
        self.need_kind.setObjectName("followNeedKind")
        self.need_kind.addItems(("",) + NEED_KINDS)
        self.needs = QLineEdit()
        self.needs.setObjectName("followNeeds")
        self.needs.setPlaceholderText("如：代购大米一袋、降压药（硝苯地平）")
        form = QFormLayout(self)
        form.addRow("日期", self.day)
        form.addRow("方式", self.method)
        form.addRow("情况", self.findings)
        form.addRow("需求类别", self.need_kind)
        form.addRow("需求", self.needs)
        buttons = save_cancel(self, self.accept)
        form.addRow(buttons)

    def values(self) -> dict[str, object]:
        needs = self.needs.text().strip()
        return {
            "on": self.day.date().toPyDate(),
            "method": self.method.currentText(),
            "findings": self.findings.text().strip(),
            "need_kind": self.need_kind.currentText() if needs else "",
            "needs": needs,
        }
