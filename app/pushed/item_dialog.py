"""The three small dialogs of the 核查名单 page: record a check (move items on), pick who a name is, 登记管控.

Each one writes through db.pushed_actions in one call, so a refusal (PushedError, in Chinese) is shown in
the dialog's red banner and nothing is written; the dialog stays open for the clerk to correct.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PyQt6.QtCore import QDateTime, QEvent, Qt, QTimer
from PyQt6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import fit_to_contents, problem_banner, save_cancel, show_problem
from db import pushed_actions
from db.errors import LedgerError
from db.models.pushed import METHODS, RESULT_OF_STATUS, RESULTS, ItemStatus
from db.models.screening import Measure
from db.pushed_actions import NEXT
from db.queries import case_records, policies
from db.queries import cases as case_queries
from db.queries.people import Scope, search_people
from db.queries.pushed import ItemLine
from db.rules.id_number import mask_id_number
from db.rules.phones import mask_phone

#: 采取措施 offered first; the clerk's own words are kept too.
MEASURES = tuple(m.value for m in Measure if m is not Measure.NONE)


def who(lines: Sequence[ItemLine]) -> str:
    """ "张三（第 5 行）", or "张三 等 3 人" for a group."""
    first = lines[0]
    return f"{first.name}（第 {first.row_no} 行）" if len(lines) == 1 else f"{first.name} 等 {len(lines)} 人"


def next_statuses(lines: Sequence[ItemLine]) -> list[str]:
    """The statuses every chosen item may move to, in the workflow's order."""
    allowed = set(NEXT.get(lines[0].status, ()))
    for line in lines[1:]:
        allowed &= set(NEXT.get(line.status, ()))
    return [s.value for s in ItemStatus if s.value in allowed]


def _editable_combo(name: str, values: Sequence[str]) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.addItems(["", *values])
    return box


class MoveDialog(QDialog):
    """核查登记: the next status of the chosen items with what was found, dated (now by default) and signed by
    the operator signed in. Only what is filled in is written: an item's earlier findings are kept."""

    def __init__(self, lines: Sequence[ItemLine], at: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("核查登记")
        self.lines = list(lines)
        self.banner = problem_banner()
        self.status = QComboBox()
        self.status.setObjectName("moveStatus")
        self.status.addItems(next_statuses(self.lines))
        self.result = _editable_combo("moveResult", RESULTS)
        self.address = QLineEdit()
        self.address.setObjectName("moveAddress")
        self.phone = QLineEdit()
        self.phone.setObjectName("movePhone")
        self.measure = _editable_combo("moveMeasure", MEASURES)
        self.method = QComboBox()
        self.method.setObjectName("moveMethod")
        self.method.addItems(["", *METHODS])
        self.note = QLineEdit()
        self.note.setObjectName("moveNote")
        self.at = QDateTimeEdit(QDateTime(at.replace(second=0, microsecond=0)))
        self.at.setObjectName("moveAt")
        self.at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.at.setCalendarPopup(True)
        form = QFormLayout()
        form.addRow("核查对象", QLabel(who(self.lines)))
        form.addRow("改为(&S)", self.status)
        form.addRow("核查结果(&R)", self.result)
        form.addRow("现居住地", self.address)
        form.addRow("核实联系电话", self.phone)
        form.addRow("采取措施", self.measure)
        form.addRow("核查方式", self.method)
        form.addRow("备注", self.note)
        form.addRow("核查时间", self.at)
        signer = QLabel("核查人：当前登录的操作员")
        signer.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(signer)
        layout.addWidget(save_cancel(self, self.try_save))
        self.status.currentTextChanged.connect(self._show_default_result)
        self._show_default_result(self.status.currentText())
        self.setMinimumWidth(460)
        fit_to_contents(self)
        self.status.setFocus()

    def _show_default_result(self, status: str) -> None:
        """A closing status without a chosen result takes form 10's word for it: say which."""
        default = {s.value: r for s, r in RESULT_OF_STATUS.items()}.get(status)
        edit = self.result.lineEdit()
        if edit is not None:
            edit.setPlaceholderText(f"不填则记为“{default}”" if default else "")

    def findings(self) -> dict[str, str]:
        given = {
            "result": self.result.currentText(),
            "current_address": self.address.text(),
            "verified_phone": self.phone.text(),
            "measure": self.measure.currentText(),
            "method": self.method.currentText(),
            "note": self.note.text(),
        }
        return {k: v.strip() for k, v in given.items() if v.strip()}

    def try_save(self) -> None:
        status = self.status.currentText()
        if not status:
            show_problem(self.banner, "所选人员当前的状态不同，没有可以同时改成的状态，请分开登记。")
            return
        at = self.at.dateTime().toPyDateTime().replace(second=0, microsecond=0)
        try:
            pushed_actions.move_items([line.id for line in self.lines], status, at, self.findings())
        except LedgerError as exc:
            show_problem(self.banner, f"没有保存：{exc}")
            return
        self.accept()


def _person_text(name: str, id_number: str, place: str) -> str:
    masked = mask_id_number(id_number) if id_number else "无身份证号"
    return f"{name}　{masked}　{place}"


class PickPersonDialog(QDialog):
    """选择花名册人员: the people the match found (the proposed one and the others that fit as well), or
    anyone found by name, pinyin initials or ID number. Enter or a double-click takes the one chosen."""

    def __init__(self, line: ItemLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("选择花名册人员")
        self.person_id: int | None = None
        self.banner = problem_banner()
        phone = f"，电话 {mask_phone(line.phone)}" if line.phone else ""
        number = f"，身份证号 {mask_id_number(line.id_number)}" if line.id_number else ""
        wanted = QLabel(f"名单第 {line.row_no} 行：{line.name}{number}{phone}")
        wanted.setStyleSheet("font-weight: bold;")
        self.search = QLineEdit()
        self.search.setObjectName("pickSearch")
        self.search.setPlaceholderText("在花名册中查找：姓名、拼音首字母、身份证号")
        self.people = QListWidget()
        self.people.setObjectName("pickPeople")
        self.people.setMinimumHeight(180)
        self._proposed = [pid for pid in (line.person_id, *line.candidates) if pid is not None]
        self._show_proposed()
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(wanted)
        layout.addWidget(QLabel("符合的人员（上下键选择，回车确认）；或在下面查找其他人"))
        layout.addWidget(self.search)
        layout.addWidget(self.people, 1)
        layout.addWidget(save_cancel(self, self.try_save, "就是此人"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.find)
        self.search.textChanged.connect(self._timer.start)
        self.search.installEventFilter(self)
        self.people.itemActivated.connect(lambda _item: self.try_save())
        self.setMinimumWidth(520)
        fit_to_contents(self)
        (self.people if self.people.count() else self.search).setFocus()

    def _add(self, person_id: int, text: str) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, person_id)
        self.people.addItem(item)

    def _show_proposed(self) -> None:
        self.people.clear()
        for pid in self._proposed:
            person = case_records.person(pid)
            household = person.household
            self._add(
                pid, _person_text(person.name, person.id_number or "", f"{household.grid.name}{household.door_no}")
            )
        if self.people.count():
            self.people.setCurrentRow(0)

    def find(self) -> None:
        self._timer.stop()
        text = self.search.text().strip()
        if not text:
            self._show_proposed()
            return
        self.people.clear()
        for row in search_people(text, Scope(include_left=True), limit=20):
            self._add(
                row["id"], _person_text(row["name"], row["id_number"] or "", f"{row['grid_name']}{row['door_no']}")
            )
        if self.people.count():
            self.people.setCurrentRow(0)

    def eventFilter(self, watched, event) -> bool:  # type: ignore[no-untyped-def]
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.find()
                self.try_save()
                return True
            if event.key() == Qt.Key.Key_Down and self.people.count():
                self.people.setFocus()
                return True
        return super().eventFilter(watched, event)

    def try_save(self) -> None:
        item = self.people.currentItem()
        if item is None:
            show_problem(self.banner, "请先在列表中选择一个人。")
            return
        self.person_id = int(item.data(Qt.ItemDataRole.UserRole))
        self.accept()


class CaseDialog(QDialog):
    """登记管控 of a confirmed pushed name: the policy to observe them under; the case opens with source
    上级推送, the list's origin and arrival date, starting on the day given, and the item becomes 已纳入管控."""

    def __init__(self, line: ItemLine, at: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("登记管控")
        self.line = line
        self.at = at
        self.case_id: int | None = None
        self.banner = problem_banner()
        self.policy = QComboBox()
        self.policy.setObjectName("casePolicy")
        for p in policies.policies_in_use():
            self.policy.addItem(p.name, p.id)
        origin = f"，来自 {line.origin}" if line.origin else ""
        arrived = f"，{line.arrived_on:%Y-%m-%d} 到达" if line.arrived_on else ""
        about = QLabel(
            f"为 {line.person_name}（{line.person_place}）登记管控：来源“上级推送”{origin}{arrived}，"
            f"{at:%Y-%m-%d} 开始。核查名单中此人记为“已纳入管控”。"
        )
        about.setWordWrap(True)
        form = QFormLayout()
        form.addRow("管控政策(&P)", self.policy)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(save_cancel(self, self.try_save, "登记"))
        self.setMinimumWidth(460)
        fit_to_contents(self)
        self.policy.setFocus()

    def try_save(self) -> None:
        if self.policy.currentData() is None:
            show_problem(self.banner, "还没有可用的管控政策，请先在“设置 → 管控政策”中添加。")
            return
        assert self.line.person_id is not None  # the page offers 登记管控 for a confirmed person only
        # Where they live, their phone and grid worker, as 登记管控对象 fills them in (the ledger's papers need them).
        values = {k: v for k, v in case_queries.case_defaults(self.line.person_id).items() if v}
        values["policy"] = self.policy.currentData()
        try:
            case = pushed_actions.open_case_from_item(self.line.id, values, self.at)
        except LedgerError as exc:
            show_problem(self.banner, f"没有登记：{exc}")
            return
        self.case_id = case.id
        self.accept()
