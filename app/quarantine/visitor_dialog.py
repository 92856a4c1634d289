"""新增暂住人员: someone not from the village who is observed here is first added to the roster, as 暂住,
in the household where they stay, so every later list and paper knows them like anyone else."""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import problem_banner, save_cancel, show_problem
from app.editors.record_form import RecordFormWidget
from db import changes
from db.models import Person
from db.models.household import PersonStatus
from db.queries import village as vq
from forms.definitions import PERSON
from forms.types import Issue


class VisitorDialog(QDialog):
    """Add someone not from the village to the roster as 暂住, in the household where they stay."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新增暂住人员")
        self.setMinimumWidth(480)
        self.person_id: int | None = None
        self.household = QComboBox()
        self.household.setObjectName("visitorHousehold")
        self.household.setEditable(True)
        self.household.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for household_id, text in vq.households_for_choice():
            self.household.addItem(text, household_id)
        completer = self.household.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.form = RecordFormWidget(PERSON, self)
        self.form.load({"status": PersonStatus.TEMPORARY.value, "relation": "其他"})
        self.banner = problem_banner()
        buttons = save_cancel(self, self.try_save)
        top = QFormLayout()
        top.addRow("住在哪一户", self.household)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.form.inputs["name"].setFocus()

    def try_save(self) -> None:
        household_id = self.household.currentData()
        if household_id is None or self.household.currentText() != self.household.itemText(
            self.household.currentIndex()
        ):
            show_problem(self.banner, "请从列表中选择暂住人员所住的户（可输入户号、户主或门牌查找）。")
            return
        parsed = self.form.parse()
        number = parsed.values.get("id_number")
        holder = vq.person_with_id_number(number) if number else None
        if holder:
            self.form.show_issues([*parsed.issues, Issue("id_number", "公民身份号码", f"该身份证号已登记：{holder}")])
            show_problem(self.banner, "此人已在花名册中，请关闭本窗口后直接查找选择。")
            return
        if not parsed.ok:
            show_problem(self.banner, "请改正标红的内容后再保存。")
            return
        values = {**parsed.values, "household": household_id}
        person, _entries = changes.save(Person, values, None, f"新增暂住人员：{values['name']}")
        self.person_id = person.id
        self.accept()
