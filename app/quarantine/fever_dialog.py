"""Record what was done about a fever or a symptom: reported to whom and when, 120 transfer, result."""

from __future__ import annotations

from datetime import datetime

from PyQt6.QtCore import QDateTime
from PyQt6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.editors.dialog_parts import save_cancel
from db import quarantine_actions as qa
from db.queries import case_records
from db.rules.chinese_dates import short_date


class FeverActionDialog(QDialog):
    """A fever or symptom reading needs what was done recorded (报告, 120 转运, 结果): the ledger's proof."""

    def __init__(self, reading_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        reading = case_records.reading(reading_id)
        self.reading_id = reading_id
        self.setWindowTitle("异常处置")
        self.setMinimumWidth(440)
        what = []
        if reading.value is not None:
            what.append(f"体温 {reading.value:.1f}℃")
        if reading.symptoms:
            what.append(f"症状：{reading.symptoms}")
        summary = QLabel(f"{reading.case.person.name}　{short_date(reading.on)} {reading.slot}　{'，'.join(what)}")
        summary.setStyleSheet("color: #c0392b; font-weight: bold;")
        self.reported_to = QLineEdit("乡镇卫生院")
        self.reported_to.setObjectName("reportedTo")
        self.reported_at = QDateTimeEdit(QDateTime.currentDateTime())
        self.reported_at.setObjectName("reportedAt")
        self.reported_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.transfer = QCheckBox("已由120转运至发热门诊")
        self.transfer.setObjectName("transfer120")
        self.result = QPlainTextEdit()
        self.result.setObjectName("result")
        self.result.setPlaceholderText("处置结果，如：复测36.8℃，卫生院电话指导，继续观察；或 发热门诊核酸阴性，已返家")
        self.result.setTabChangesFocus(True)
        self.result.setFixedHeight(70)
        form = QFormLayout(self)
        form.addRow(summary)
        form.addRow("报告给", self.reported_to)
        form.addRow("报告时间", self.reported_at)
        form.addRow("", self.transfer)
        form.addRow("处置结果", self.result)
        buttons = save_cancel(self, self.save, "保存", "稍后再登记")
        form.addRow(buttons)
        self.reported_to.setFocus()

    def save(self) -> None:
        qa.record_fever_action(
            self.reading_id,
            {
                "reported_to": self.reported_to.text().strip(),
                "reported_at": self.reported_at.dateTime().toPyDateTime().replace(second=0, microsecond=0),
                "transfer_120": self.transfer.isChecked(),
                "result": self.result.toPlainText().strip(),
                "recorded_at": datetime.now().replace(microsecond=0),
            },
        )
        self.accept()
