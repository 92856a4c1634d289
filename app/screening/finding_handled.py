"""An abnormal finding that needs no case of its own, from 首页's 入户排查异常 and the screening page's list:
无需管控… (a reason from a short list the clerk may type over, and a note; dated and signed by the
operator) and 并入已有管控 (the person has a running case: the finding names it). Each is one use case in
db.screening_actions, so it is audited and can be undone (撤销处理 on the screening page).
"""

from __future__ import annotations

from datetime import date

from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import ERROR_STYLE, fit_to_contents
from db import changes, screening_actions
from db.errors import LedgerError
from db.models.screening import HANDLED_REASONS
from db.queries.screening import AbnormalLine
from db.rules.chinese_dates import short_date

#: The buttons' texts (Alt+W / Alt+B reach them from the keyboard).
HANDLED_TEXT = "无需管控(&W)…"
LINK_TEXT = "并入已有管控(&B)"
REOPEN_TEXT = "撤销处理(&U)"


class FindingHandledDialog(QDialog):
    """无需管控: why (required), a note, the day and the operator; 确定 writes it (handle_finding) and stays
    open with the reason shown when it is refused."""

    def __init__(self, line: AbnormalLine, day: date, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.line, self.day = line, day
        self.setWindowTitle(f"无需管控：{line.name}")
        self.setMinimumWidth(440)
        self.reason = QComboBox()
        self.reason.setObjectName("handledReason")
        self.reason.setEditable(True)
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # typed words are this finding's, not the list's
        self.reason.addItems(HANDLED_REASONS)
        self.reason.setCurrentIndex(-1)  # required: the clerk chooses or types it
        line_edit = self.reason.lineEdit()
        assert line_edit is not None
        line_edit.setPlaceholderText("选择或输入原因")
        self.note = QLineEdit()
        self.note.setObjectName("handledNote")
        self.note.setPlaceholderText("如：11月21日复测 36.5℃（原因为“其他”时必填）")
        self.error = QLabel()
        self.error.setObjectName("handledError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.reason.currentTextChanged.connect(lambda _text: self.error.clear())
        self.note.textChanged.connect(lambda _text: self.error.clear())
        form = QFormLayout()
        form.addRow("姓名：", QLabel(f"<b>{line.name}</b>　{line.address}"))
        why = QLabel(f"{'；'.join(line.reasons)}（{short_date(line.on)} {line.round_name}）")
        why.setWordWrap(True)
        form.addRow("排查发现：", why)
        form.addRow("原因(&R)：", self.reason)
        form.addRow("说明(&N)：", self.note)
        form.addRow("处理日期：", QLabel(f"{day.year}年{short_date(day)}　经办人：{changes.operator_name()}"))
        hint = QLabel("标为无需管控后，此人不再列在“入户排查异常”中；排查登记表的备注写明处理情况。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555555;")
        buttons = QDialogButtonBox()
        ok = buttons.addButton("确定无需管控", QDialogButtonBox.ButtonRole.AcceptRole)
        assert ok is not None
        ok.setObjectName("confirmHandled")
        ok.setDefault(True)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.reason.setFocus()
        fit_to_contents(self)

    def accept(self) -> None:
        try:
            screening_actions.handle_finding(
                self.line.finding_id, self.reason.currentText(), self.note.text(), self.day
            )
        except LedgerError as error:
            self.error.setText(f"未保存：{error}")
            (self.note if self.reason.currentText().strip() else self.reason).setFocus()  # where to put it right
            return
        super().accept()


def handle_asking(parent: QWidget, line: AbnormalLine, day: date) -> str | None:
    """The dialog; what to say after it was written, None when the clerk cancelled."""
    dialog = FindingHandledDialog(line, day, parent)
    if not dialog.exec():
        return None
    return f"{line.name}：已标为无需管控（{dialog.reason.currentText().strip()}）"


def link_to_running_case(line: AbnormalLine, day: date) -> str:
    """并入已有管控; what to say (LedgerError when refused, e.g. the case ended meanwhile)."""
    case = screening_actions.link_finding_to_case(line.finding_id, day)
    return f"{line.name}：已并入在管的管控（{case.kind}，{short_date(case.start_date)}起）"


def reopen(line: AbnormalLine) -> str:
    """撤销处理; what to say (LedgerError when refused)."""
    screening_actions.reopen_finding(line.finding_id)
    return f"{line.name}：已撤销“{line.handled_reason}”，重新列为待处理"
