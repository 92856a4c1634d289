"""新增 / 修改卡点: a checkpoint's name, where it is, its hours (24小时 / 普通), the post (unit) it belongs to,
who leads it and their phone; saved with db.checkpoint_actions.save_checkpoint (a name of its own)."""

from __future__ import annotations

from PyQt6.QtWidgets import QComboBox, QDialog, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from app.editors.dialog_parts import fit_to_contents, problem_banner, save_cancel, show_problem
from db import checkpoint_actions as ca
from db.errors import LedgerError
from db.models.checkpoint import CheckpointHours
from db.queries.checkpoints import CheckpointLine
from forms.parsing.phones import PhoneError, parse_phone


class CheckpointDialog(QDialog):
    """saved_id: the checkpoint written (None until saved)."""

    def __init__(self, line: CheckpointLine | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = line
        self.saved_id: int | None = None
        self.setWindowTitle("修改卡点" if line is not None else "新增卡点")
        self.setMinimumWidth(420)
        self.banner = problem_banner()
        self.name = self._edit("checkpointName", "如：村东路口卡点", line.name if line else "")
        self.place = self._edit("checkpointPlace", "如：村东与县道交叉口", line.place if line else "")
        self.hours = QComboBox()
        self.hours.setObjectName("checkpointHours")
        self.hours.addItems([h.value for h in CheckpointHours])
        self.hours.setCurrentText(line.hours if line else CheckpointHours.ORDINARY.value)
        self.post = self._edit("checkpointPost", "如：村委会、镇派出所", line.post if line else "")
        self.leader = self._edit("checkpointLeader", "带班负责人姓名", line.leader if line else "")
        self.phone = self._edit("checkpointPhone", "负责人联系电话", line.leader_phone if line else "")
        form = QFormLayout()
        form.addRow("卡点名称：", self.name)
        form.addRow("位置：", self.place)
        form.addRow("值守时间：", self.hours)
        form.addRow("所属单位：", self.post)
        form.addRow("带班负责人：", self.leader)
        form.addRow("联系电话：", self.phone)
        buttons = save_cancel(self, self.try_save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.name.setFocus()
        fit_to_contents(self)

    def _edit(self, name: str, placeholder: str, text: str) -> QLineEdit:
        edit = QLineEdit(text)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        return edit

    def values(self) -> dict[str, str]:
        return {
            "name": self.name.text(),
            "place": self.place.text(),
            "hours": self.hours.currentText(),
            "post": self.post.text(),
            "leader": self.leader.text(),
            "leader_phone": self.phone.text(),
        }

    def try_save(self) -> None:
        values = self.values()
        if values["leader_phone"].strip():
            try:
                values["leader_phone"] = parse_phone(values["leader_phone"])
            except PhoneError as exc:
                show_problem(self.banner, f"联系电话：{exc}")
                self.phone.setFocus()
                return
        try:
            saved = ca.save_checkpoint(values, self.line.id if self.line is not None else None)
        except LedgerError as exc:
            show_problem(self.banner, str(exc))
            self.name.setFocus()
            return
        self.saved_id = saved.id
        self.accept()
