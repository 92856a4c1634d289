"""登记管控对象: pick a person from the roster, a policy, and fill in the case; the dates follow the policy.

The case fields come from the case form definition (forms.definitions.CASE), the same one the Excel
import maps columns to; the person comes from the roster (a visitor is added there first, as 暂住).

Laid out wide, not tall, so it fits a 1366×768 screen at 125 % scaling (1093×574 above the taskbar) with a
problem shown: the person and the policy on the left, with a result list six rows tall; the case's fields
on the right in two columns, in the order Tab goes.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from PyQt6.QtCore import QEvent, Qt, QTimer
from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import fit_screen_size, problem_banner, save_cancel, show_problem
from app.editors.record_form import RecordFormWidget
from db import quarantine_actions as qa
from db.errors import LedgerError
from db.queries import case_records, policies
from db.queries import cases as case_queries
from db.queries.people import Scope, search_people
from db.rules import observation
from db.rules.chinese_dates import short_date
from db.rules.id_number import mask_id_number
from forms.definitions import CASE

#: The case form's fields this dialog asks for (the person's own come from the roster).
ENTRY_FIELDS = CASE.entry_names
#: The two columns of the case's fields, top to bottom (also the Tab order): the case, then who looks after it.
#: A field the definition adds and this does not place goes at the foot of the shorter column.
COLUMNS = (
    ("kind", "reason", "source", "exposure_date", "start_date", "address", "site", "room"),
    ("phone", "grid_worker", "grid_worker_phone", "doctor", "doctor_phone", "seal_no", "seal_posted_on", "note"),
)
#: Results the person list shows without scrolling.
RESULT_ROWS = 6
#: Wide enough for both columns' inputs to show a phone number or a date whole; narrower where the screen is.
WIDTH = 900


def _rows_height(view: QListWidget, rows: int) -> int:
    """The height that shows `rows` whole rows (measured on a sample row: the style decides its padding)."""
    view.addItem("张三丰　110105********002X　一组12号")
    row = view.sizeHintForRow(0)
    view.clear()
    return rows * row + 2 * view.frameWidth()


def _in_columns(form: RecordFormWidget, columns: tuple[tuple[str, ...], ...]) -> None:
    """Lay the form's rows (label, input with its message) out in side-by-side columns, in the given order."""
    old = form.layout()
    assert isinstance(old, QFormLayout)
    rows: dict[str, tuple[QWidget, QWidget]] = {}
    while old.rowCount():
        taken = old.takeRow(0)
        label, field = taken.labelItem.widget(), taken.fieldItem.widget()
        assert label is not None and field is not None  # RecordFormWidget adds a label and a box per field
        name = next(n for n, editor in form.inputs.items() if field.isAncestorOf(editor))
        rows[name] = (label, field)
    QWidget().setLayout(old)  # a widget has one layout: the emptied one goes with a throwaway widget
    side = QHBoxLayout(form)
    side.setContentsMargins(0, 0, 0, 0)
    side.setSizeConstraint(QLayout.SizeConstraint.SetDefaultConstraint)
    placed = [[name for name in names if name in rows] for names in columns]
    for name in [n for n in rows if not any(n in names for names in placed)]:
        min(placed, key=len).append(name)
    for names in placed:
        column = QFormLayout()
        column.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name in names:
            column.addRow(*rows.pop(name))
        side.addLayout(column, 1)


class NewCaseDialog(QDialog):
    """登记管控对象: find the person in the roster (or add a visitor), choose the policy, see the dates it gives."""

    def __init__(self, parent: QWidget | None = None, person_id: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("登记管控对象")
        self.setMinimumWidth(560)
        self.person_id: int | None = None
        self.case_id: int | None = None
        self._build_person_inputs()
        self.form = RecordFormWidget(CASE, self, only=ENTRY_FIELDS)
        _in_columns(self.form, COLUMNS)
        self.form.load({"start_date": date.today(), "source": "入户排查"})
        self.banner = problem_banner()
        buttons = save_cancel(self, self.try_save, "登记")
        visitor = QPushButton("不在花名册：新增暂住人员…")
        visitor.setObjectName("addVisitor")
        visitor.setAutoDefault(False)
        visitor.clicked.connect(self.add_visitor)
        layout = self._lay_out(self._build_left(visitor), buttons)
        order = [
            self.search,
            self.people,
            visitor,
            self.policy,
            *(self.form.inputs[name] for column in COLUMNS for name in column),
            *buttons.buttons(),
        ]
        for before, after in itertools.pairwise(order):
            QWidget.setTabOrder(before, after)
        self._wire()
        if person_id is not None:
            self.choose(person_id)
        self._show_period()
        layout.activate()
        fit_screen_size(self, max(WIDTH, self.sizeHint().width()), self.sizeHint().height())
        self.search.setFocus()

    def _build_person_inputs(self) -> None:
        """The search, its results, the chosen person, the policy and the dates it gives."""
        self.search = QLineEdit()
        self.search.setObjectName("personSearch")
        self.search.setPlaceholderText("如：张三丰、zsf、身份证号的一部分")
        self.people = QListWidget()
        self.people.setObjectName("personResults")
        self.people.setFixedHeight(_rows_height(self.people, RESULT_ROWS))
        self.chosen = QLabel("尚未选择人员")
        self.chosen.setObjectName("chosenPerson")
        self.chosen.setStyleSheet("font-weight: bold;")
        self.policy = QComboBox()
        self.policy.setObjectName("policy")
        for p in policies.policies_in_use():
            self.policy.addItem(p.name, p.id)
        self.period = QLabel()
        self.period.setObjectName("periodPreview")
        self.period.setStyleSheet("color: #2e6da4;")
        self.period.setWordWrap(True)
        # A wrapped label asks for one line when the layout's minimum is summed: keep room for three.
        self.period.setMinimumHeight(3 * self.period.fontMetrics().lineSpacing())

    def _build_left(self, visitor: QPushButton) -> QWidget:
        """The left column: the person, then the policy."""
        person = QVBoxLayout()
        person.addWidget(QLabel("人员：在花名册中按姓名、拼音首字母或身份证号查找"))
        person.addWidget(self.search)
        person.addWidget(self.people)
        person.addWidget(self.chosen)
        person.addWidget(visitor, 0, Qt.AlignmentFlag.AlignLeft)
        person.addSpacing(6)
        person.addWidget(QLabel("管控政策"))
        person.addWidget(self.policy)
        person.addWidget(self.period)
        person.addStretch(1)
        left = QWidget()
        left.setLayout(person)
        left.setFixedWidth(330)
        person.setContentsMargins(0, 0, 0, 0)
        return left

    def _lay_out(self, left: QWidget, buttons: QWidget) -> QVBoxLayout:
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.VLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        body = QHBoxLayout()
        body.addWidget(left)
        body.addWidget(rule)
        body.addWidget(self.form, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        return layout

    def _wire(self) -> None:
        """The search (after a pause in typing), the pick, and the dates following the policy and the form."""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self._find)
        self.search.textChanged.connect(self._timer.start)
        self.search.installEventFilter(self)  # Enter there picks the person; elsewhere it saves
        self.people.itemActivated.connect(self._take)
        self.people.itemClicked.connect(self._take)
        self.policy.currentIndexChanged.connect(lambda _i: self._show_period())
        self.form.edited.connect(self._show_period)
        self.form.inputs["start_date"].textChanged.connect(lambda _t: self._show_period())
        self.form.inputs["exposure_date"].textChanged.connect(lambda _t: self._show_period())

    def eventFilter(self, watched, event) -> bool:  # type: ignore[no-untyped-def]
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._take_first()
            return True
        return super().eventFilter(watched, event)

    def _find(self) -> None:
        self.people.clear()
        text = self.search.text().strip()
        if not text:
            return
        for row in search_people(text, Scope(), limit=20):
            masked = mask_id_number(row["id_number"]) if row["id_number"] else "无身份证号"
            item = QListWidgetItem(f"{row['name']}　{masked}　{row['grid_name']}{row['door_no']}")
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
            self.people.addItem(item)

    def _take_first(self) -> None:
        self._find()
        if self.people.count():
            self._take(self.people.item(0))

    def _take(self, item: QListWidgetItem) -> None:
        self.choose(item.data(Qt.ItemDataRole.UserRole))

    def add_visitor(self) -> None:
        from app.quarantine.visitor_dialog import VisitorDialog

        dialog = VisitorDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.person_id is not None:
            self.choose(dialog.person_id)

    def choose(self, person_id: int) -> None:
        self.person_id = person_id
        person = case_records.person(person_id)
        self.chosen.setText(f"已选：{person.name}（{person.household.grid.name}{person.household.door_no}）")
        defaults = case_queries.case_defaults(person_id)
        raw = self.form.raw_values()
        self.form.load({**{k: v for k, v in raw.items() if v}, **{k: v for k, v in defaults.items() if not raw.get(k)}})
        self.form.inputs["kind"].setFocus()

    def _show_period(self) -> None:
        policy = policies.policy_or_none(self.policy.currentData())
        if policy is None:
            self.period.setText("")
            return
        raw = self.form.raw_values()
        parsed = CASE.parse({k: raw[k] for k in ("start_date", "exposure_date")}, partial=True)
        start = parsed.values.get("start_date")
        stages = observation.parse_stages(policy.stages)
        if not isinstance(start, date):
            self.period.setText(observation.describe_stages(stages))
            return
        period = observation.period_of(stages, start, parsed.values.get("exposure_date"), policy.count_from)
        parts = "；".join(f"{kind} {short_date(first)}—{short_date(last)}" for kind, first, last in period.stages)
        self.period.setText(f"共 {period.days} 天：{parts}；{short_date(period.release_due)} 解除")

    def try_save(self) -> None:
        if self.person_id is None:
            show_problem(self.banner, "请先在“人员”中查找并选择要管控的人。")
            self.search.setFocus()
            return
        parsed = self.form.parse()
        if not parsed.ok:
            show_problem(self.banner, "请改正标红的内容后再登记。")
            widget = self.form.first_error_field(parsed.errors)
            if widget is not None:
                widget.setFocus()
            return
        values: dict[str, Any] = {k: v for k, v in parsed.values.items() if k in ENTRY_FIELDS and v not in (None, "")}
        if not isinstance(values.get("start_date"), date):
            show_problem(self.banner, "请填写隔离开始日期。")
            return
        values["policy"] = self.policy.currentData()
        try:
            self.case_id = qa.open_case(self.person_id, values).id
        except LedgerError as exc:
            show_problem(self.banner, str(exc))
            return
        self.accept()
