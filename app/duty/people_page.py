"""值班人员: who stands duty, and the dialog that adds or changes one.

The table's columns are forms.definitions.duty_person's (phones masked; 值班限制 says in one phrase when
someone may not serve). Ctrl+N adds, Enter changes the chosen one, Del stops them (停用): a person is never
deleted, since the shifts they served, their sign-ins and the duty logs name them.

The dialog is built from the same definition; a roster person is found by name, pinyin initials or part
of the ID number (the roster search the new-case dialog uses) and fills the name and phone, keeping the link.
The weekdays are seven boxes, the days away a list, and 不与…同班 a list of the others to tick.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QDate, QEvent, Qt, QTimer, pyqtSignal
from PyQt6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.duty.table_parts import RecordTab, RecordTable
from app.editors.dialog_parts import (
    FullScroll,
    fit_to_contents,
    problem_banner,
    push_button,
    save_cancel,
    show_problem,
)
from app.editors.record_form import RecordFormWidget
from db import duty_actions
from db.errors import LedgerError
from db.models.duty import LEADING_KINDS
from db.queries import duty_setup
from db.queries.duty_setup import PersonLine
from db.queries.people import Scope, search_people
from db.rules.chinese_dates import short_date
from db.rules.phones import mask_phone
from forms.definitions.duty_person import DUTY_PERSON, EVERY_DAY, WEEKDAY_NAMES

#: The definition's fields the dialog's form shows; weekdays, days away and 不与…同班 have inputs of their own.
FORM_FIELDS = ("name", "phone", "kind", "organisation", "can_lead", "no_night", "max_per_week", "note")
ROSTER_ROWS = 4


class PersonDialog(QDialog):
    """Adds (line None) or changes one who stands duty; `saved_id` is theirs once saved."""

    def __init__(self, line: PersonLine | None, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新增值班人员" if line is None else f"修改值班人员：{line.name}")
        self.line = line
        self.today = today
        self.saved_id: int | None = None
        self.roster_person: int | None = line.person_id if line is not None else None
        self.banner = problem_banner()
        self.form = RecordFormWidget(DUTY_PERSON, self, only=FORM_FIELDS)
        self.form.load(line.values() if line is not None else {"kind": DUTY_PERSON.field("kind").kind.default})
        self.form.inputs["kind"].currentTextChanged.connect(self._kind_changed)  # type: ignore[attr-defined]
        body = QWidget()
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        left.addWidget(self._build_roster_pick())
        left.addWidget(self.form, 1)
        right = QVBoxLayout()
        right.addWidget(self._build_weekdays())
        right.addWidget(self._build_away())
        right.addWidget(self._build_apart(), 1)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self.buttons = save_cancel(self, self.try_save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(FullScroll(body), 1)
        layout.addWidget(self.buttons)
        self._show_link()
        self.search.setFocus() if line is None else self.form.inputs["name"].setFocus()
        fit_to_contents(self)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        fit_to_contents(self)
        super().showEvent(event)

    # --- the parts -------------------------------------------------------------------------------

    def _build_roster_pick(self) -> QGroupBox:
        box = QGroupBox("从花名册选人（按姓名、拼音首字母或身份证号查找）")
        self.search = QLineEdit()
        self.search.setObjectName("dutyRosterSearch")
        self.search.setPlaceholderText("如：张三丰、zsf；不在花名册的人直接填下面的姓名")
        self.results = QListWidget()
        self.results.setObjectName("dutyRosterResults")
        self.results.setFixedHeight(self.results.fontMetrics().lineSpacing() * ROSTER_ROWS + 12)
        self.link = QLabel()
        self.link.setObjectName("dutyRosterLink")
        self.unlink = push_button("取消关联", self._unlink, "dutyRosterUnlink")
        row = QHBoxLayout()
        row.addWidget(self.link, 1)
        row.addWidget(self.unlink)
        column = QVBoxLayout(box)
        column.addWidget(self.search)
        column.addWidget(self.results)
        column.addLayout(row)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self._find)
        self.search.textChanged.connect(self._timer.start)
        self.search.installEventFilter(self)  # Enter there picks the first one found; elsewhere it saves
        self.results.itemActivated.connect(self._take)
        self.results.itemClicked.connect(self._take)
        return box

    def _build_weekdays(self) -> QGroupBox:
        box = QGroupBox("可值班的星期")
        grid = QGridLayout(box)
        days = self.line.weekdays if self.line is not None else EVERY_DAY
        self.weekdays: list[QCheckBox] = []
        for n, name in enumerate(WEEKDAY_NAMES, start=1):
            check = QCheckBox(name)
            check.setObjectName(f"weekday_{n}")
            check.setChecked(str(n) in days)
            grid.addWidget(check, (n - 1) // 4, (n - 1) % 4)
            self.weekdays.append(check)
        return box

    def _build_away(self) -> QGroupBox:
        box = QGroupBox("不在的日期（请假、外出）")
        self.away_date = QDateEdit()
        self.away_date.setObjectName("awayDate")
        self.away_date.setCalendarPopup(True)
        self.away_date.setDisplayFormat("yyyy-MM-dd")
        self.away_date.setDate(QDate(self.today.year, self.today.month, self.today.day))
        add = push_button("添加", self._add_away, "awayAdd")
        remove = push_button("删除所选", self._remove_away, "awayRemove")
        self.away_list = QListWidget()
        self.away_list.setObjectName("awayList")
        self.away_list.setFixedHeight(self.away_list.fontMetrics().lineSpacing() * 3 + 12)
        for day in self.line.away if self.line is not None else ():
            self._put_away(day)
        row = QHBoxLayout()
        row.addWidget(self.away_date, 1)
        row.addWidget(add)
        row.addWidget(remove)
        column = QVBoxLayout(box)
        column.addLayout(row)
        column.addWidget(self.away_list)
        return box

    def _build_apart(self) -> QGroupBox:
        box = QGroupBox("不与以下人员同班")
        self.apart = QListWidget()
        self.apart.setObjectName("apartList")
        chosen = set(self.line.apart_ids) if self.line is not None else set()
        for other in duty_setup.people(include_inactive=True):
            if (self.line is not None and other.id == self.line.id) or (not other.active and other.id not in chosen):
                continue
            item = QListWidgetItem(f"{other.name}（{other.kind}）")
            item.setData(Qt.ItemDataRole.UserRole, other.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if other.id in chosen else Qt.CheckState.Unchecked)
            self.apart.addItem(item)
        self.apart.setMinimumHeight(self.apart.fontMetrics().lineSpacing() * 3 + 12)
        column = QVBoxLayout(box)
        column.addWidget(self.apart)
        if not self.apart.count():
            column.addWidget(QLabel("（还没有其他值班人员）"))
        return box

    # --- the roster pick ---------------------------------------------------------------------------

    def eventFilter(self, watched, event) -> bool:  # type: ignore[no-untyped-def]
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._find()
            if self.results.count():
                self._take(self.results.item(0))
            return True
        return super().eventFilter(watched, event)

    def _find(self) -> None:
        self.results.clear()
        text = self.search.text().strip()
        if not text:
            return
        for row in search_people(text, Scope(), limit=20):
            phone = mask_phone(row["phone"]) if row["phone"] else "无电话"
            item = QListWidgetItem(f"{row['name']}　{row['grid_name']}{row['door_no']}　{phone}")
            item.setData(Qt.ItemDataRole.UserRole, (row["id"], row["name"], row["phone"] or ""))
            self.results.addItem(item)

    def _take(self, item: QListWidgetItem) -> None:
        person_id, name, phone = item.data(Qt.ItemDataRole.UserRole)
        self.roster_person = person_id
        self.form.load({**self.form.raw_values(), "name": name, "phone": phone})
        self._show_link(f"{name}（{item.text().split('　')[1]}）")
        self.form.inputs["kind"].setFocus()

    def _unlink(self) -> None:
        self.roster_person = None
        self._show_link()

    def _show_link(self, who: str = "") -> None:
        if self.roster_person is None:
            self.link.setText("未关联花名册")
        else:
            self.link.setText(f"已关联花名册：{who or (self.line.name if self.line else '')}")
        self.unlink.setEnabled(self.roster_person is not None)

    def _kind_changed(self, kind: str) -> None:
        """村干部 and 下沉干部 lead a shift unless the clerk says otherwise."""
        self.form.inputs["can_lead"].setChecked(kind in {k.value for k in LEADING_KINDS})  # type: ignore[attr-defined]

    # --- days away ---------------------------------------------------------------------------------

    def away_days(self) -> list[date]:
        return sorted(self.away_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.away_list.count()))

    def _put_away(self, day: date) -> None:
        if day in self.away_days():
            return
        item = QListWidgetItem(f"{day.isoformat()}（{short_date(day)}）")
        item.setData(Qt.ItemDataRole.UserRole, day)
        self.away_list.addItem(item)
        self.away_list.sortItems()

    def _add_away(self) -> None:
        self._put_away(self.away_date.date().toPyDate())

    def _remove_away(self) -> None:
        for item in self.away_list.selectedItems():
            self.away_list.takeItem(self.away_list.row(item))

    # --- saving ------------------------------------------------------------------------------------

    def apart_ids(self) -> list[int]:
        return [
            int(self.apart.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.apart.count())
            if self.apart.item(i).checkState() == Qt.CheckState.Checked
        ]

    def try_save(self) -> None:
        parsed = self.form.parse()
        if not parsed.ok:
            show_problem(self.banner, "请改正标红的内容后再保存。")
            widget = self.form.first_error_field(parsed.errors)
            if widget is not None:
                widget.setFocus()
            return
        weekdays = "".join(str(n) for n, check in enumerate(self.weekdays, start=1) if check.isChecked())
        if not weekdays:
            show_problem(self.banner, "请至少勾选一天可值班的星期。")
            self.weekdays[0].setFocus()
            return
        values: dict[str, Any] = {
            **parsed.values,
            "weekdays": weekdays,
            "away": self.away_days(),
            "person": self.roster_person,
        }
        try:
            person = duty_actions.save_person_apart(values, self.line.id if self.line else None, self.apart_ids())
        except LedgerError as exc:
            show_problem(self.banner, str(exc))
            fit_to_contents(self)
            return
        self.saved_id = person.id
        self.accept()


class PeopleTab(RecordTab):
    """值班人员: the table, its buttons and keys. `today` drops days away already past from 值班限制."""

    status_changed = pyqtSignal(str)
    noun = "值班人员"

    def __init__(self, today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        self.today = today
        table = RecordTable(DUTY_PERSON, {"limits": 56, "organisation": 20, "apart": 16, "phone": 16})
        names = {
            "table": "dutyPeople",
            "new": "dutyPersonNew",
            "edit": "dutyPersonEdit",
            "stop": "dutyPersonStop",
            "show_stopped": "dutyShowStopped",
            "count": "dutyPeopleCount",
            "action": "action_duty_person_new",
            "action_text": "新增值班人员",
        }
        super().__init__(table, names, "新增人员", parent)
        self.import_button = push_button("导入值班名单…", lambda: self.import_list(), "dutyImport")
        self.import_button.setToolTip("导入 Excel 值班人员名单（姓名、电话、身份、单位、可值班时间……）")
        self.top.addWidget(self.import_button)

    def import_list(self, path: Path | None = None) -> str | None:
        """导入值班名单…: the shared import flow (app/duty/import_dialog.py); the list is read again after."""
        from app.duty.import_dialog import open_duty_import

        summary = open_duty_import(self, path)
        if summary is not None:
            self.reload()
            self.changed.emit()
        return summary

    def load(self, include_inactive: bool) -> list[PersonLine]:
        return duty_setup.people(include_inactive=include_inactive)

    def row_values(self, line: PersonLine) -> dict[str, Any]:
        values = dict(line.values())
        today = self.today()
        values["away"] = [d for d in line.away if d >= today]
        return values

    def count_text(self) -> str:
        active = sum(line.active for line in self.lines)
        leaders = sum(line.active and line.can_lead for line in self.lines)
        return f"在用 {active} 人，其中可带班 {leaders} 人"

    def reload(self, choose: int | None = None) -> None:
        super().reload(choose)
        self.status_changed.emit(f"值班人员 {sum(line.active for line in self.lines)} 人")

    def line_of(self, record_id: int) -> PersonLine | None:
        return duty_setup.person_line(record_id)

    def dialog(self, line: PersonLine | None) -> PersonDialog:
        return PersonDialog(line, self.today(), self)

    def stop_question(self, line: PersonLine) -> str:
        served = duty_setup.shifts_served(line.id)
        why = f"{line.name}已排过 {served} 个班次，" if served else ""
        return (
            f"停用“{line.name}”？\n\n停用后不再给{line.name}排班；{why}已排的班次、签到和值班日志都保留，"
            "所以值班人员不删除，只停用。以后可勾选“显示已停用”后恢复。"
        )

    def set_active(self, record_id: int, active: bool) -> None:
        duty_actions.set_person_active(record_id, active)
