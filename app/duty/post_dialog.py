"""岗位: the posts to staff, and the dialog that adds or changes one.

The day's shifts are one of the presets (三班倒 / 两班倒 / 白天值守) or shifts of the clerk's own, one row each
(name, start, hours); the preview under them says the day as it will be, or, in red, why it cannot be (two
shifts that overlap), and saving such a pattern is refused with the same words. A 卡点值守 post may name the
checkpoint it guards (卡点登记's list). Del stops a post, never deletes it: its shifts and logs name it.
"""

from __future__ import annotations

import json
from datetime import time

from PyQt6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.duty.table_parts import RecordTab, RecordTable
from app.editors.dialog_parts import (
    ERROR_STYLE,
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
from db.models.duty import PostKind
from db.queries import checkpoints as checkpoint_queries
from db.queries import duty_setup
from db.queries.duty_setup import PostLine
from db.rules import shift_patterns
from db.rules.shift_patterns import PatternError, PatternShift
from forms.definitions.duty_post import DUTY_POST, pattern_shifts, preset_name, shifts_text

#: The definition's fields the dialog's form shows; the shifts and the checkpoint have inputs of their own.
FORM_FIELDS = ("name", "kind", "per_shift", "needs_leader", "head", "head_phone", "note")
CUSTOM = "自定义班次"
SHIFT_HEADERS = ("班次名称", "开始时间", "时长（小时）")


class PostDialog(QDialog):
    """Adds (line None) or changes a post; `saved_id` is its id once saved."""

    def __init__(self, line: PostLine | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新增值班岗位" if line is None else f"修改值班岗位：{line.name}")
        self.line = line
        self.saved_id: int | None = None
        self.banner = problem_banner()
        self.form = RecordFormWidget(DUTY_POST, self, only=FORM_FIELDS)
        self.form.load(line.values() if line is not None else {"kind": PostKind.CHECKPOINT.value, "per_shift": 2})
        if line is None:
            self.form.inputs["needs_leader"].setChecked(True)  # type: ignore[attr-defined]
        self.checkpoint = QComboBox()
        self.checkpoint.setObjectName("postCheckpoint")
        self.checkpoint.addItem("（不关联卡点）", None)
        for c in checkpoint_queries.checkpoints(include_inactive=True):
            if c.active or (line is not None and c.id == line.checkpoint_id):
                self.checkpoint.addItem(c.name if c.active else f"{c.name}（已撤除）", c.id)
        if line is not None and line.checkpoint_id is not None:
            self.checkpoint.setCurrentIndex(max(self.checkpoint.findData(line.checkpoint_id), 0))
        self.form.layout().insertRow(3, "关联卡点", self.checkpoint)  # type: ignore[union-attr]
        body = QWidget()
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addWidget(self.form, 1)
        columns.addWidget(self._build_shifts(line), 1)
        self.buttons = save_cancel(self, self.try_save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(FullScroll(body), 1)
        layout.addWidget(self.buttons)
        self.form.inputs["name"].setFocus()
        fit_to_contents(self)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        fit_to_contents(self)
        super().showEvent(event)

    # --- the shifts --------------------------------------------------------------------------------

    def _build_shifts(self, line: PostLine | None) -> QGroupBox:
        box = QGroupBox("班次")
        self.preset = QComboBox()
        self.preset.setObjectName("postPattern")
        self.preset.addItems([*shift_patterns.PRESETS, CUSTOM])
        self.shifts = QTableWidget(0, len(SHIFT_HEADERS))
        self.shifts.setObjectName("postShifts")
        self.shifts.setHorizontalHeaderLabels(list(SHIFT_HEADERS))
        self.shifts.verticalHeader().setVisible(False)
        self.shifts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.shifts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.shifts.setMinimumHeight(self.shifts.fontMetrics().lineSpacing() * 5)
        self.add_shift = push_button("添加班次", self._add_row, "postAddShift")
        self.remove_shift = push_button("删除所选班次", self._remove_row, "postRemoveShift")
        self.preview = QLabel()
        self.preview.setObjectName("postPatternPreview")
        self.preview.setWordWrap(True)
        self.preview.setMinimumHeight(2 * self.preview.fontMetrics().lineSpacing())
        row = QHBoxLayout()
        row.addWidget(self.add_shift)
        row.addWidget(self.remove_shift)
        row.addStretch(1)
        form = QFormLayout()
        form.addRow("班次方式", self.preset)
        column = QVBoxLayout(box)
        column.addLayout(form)
        column.addWidget(self.shifts, 1)
        column.addLayout(row)
        column.addWidget(self.preview)
        kept = line.pattern if line is not None else shift_patterns.DEFAULT_PRESET
        self.preset.setCurrentText(preset_name(kept) or CUSTOM)
        try:
            self._show_rows(pattern_shifts(kept))
        except PatternError:
            self._show_rows(())
        self.preset.currentTextChanged.connect(self._preset_changed)
        self.shifts.itemChanged.connect(lambda _item: self._show_preview())
        self._follow_preset()
        return box

    def _show_rows(self, shifts: tuple[PatternShift, ...]) -> None:
        self.shifts.blockSignals(True)
        self.shifts.setRowCount(0)
        for s in shifts:
            self._append(s.name, f"{s.start:%H:%M}", f"{s.hours:g}")
        self.shifts.blockSignals(False)

    def _append(self, name: str, start: str, hours: str) -> None:
        row = self.shifts.rowCount()
        self.shifts.insertRow(row)
        for column, text in enumerate((name, start, hours)):
            self.shifts.setItem(row, column, QTableWidgetItem(text))

    def _preset_changed(self, text: str) -> None:
        if text in shift_patterns.PRESETS:
            self._show_rows(shift_patterns.PRESETS[text])
        self._follow_preset()

    def _follow_preset(self) -> None:
        """A preset's shifts are shown as they are; only 自定义班次 lets them be changed."""
        custom = self.preset.currentText() == CUSTOM
        self.shifts.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers if custom else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        self.add_shift.setEnabled(custom)
        self.remove_shift.setEnabled(custom)
        self._show_preview()

    def _add_row(self) -> None:
        self._append(f"第{self.shifts.rowCount() + 1}班", "", "8")
        self.shifts.setCurrentCell(self.shifts.rowCount() - 1, 1)
        self._show_preview()

    def _remove_row(self) -> None:
        rows = sorted({i.row() for i in self.shifts.selectedIndexes()} or {self.shifts.currentRow()}, reverse=True)
        for row in rows:
            if row >= 0:
                self.shifts.removeRow(row)
        self._show_preview()

    def pattern(self) -> str:
        """The preset's name, or the custom shifts as JSON; PatternError naming the row that cannot be read."""
        if self.preset.currentText() in shift_patterns.PRESETS:
            return self.preset.currentText()
        shifts = []
        for row in range(self.shifts.rowCount()):
            name, start, hours = (self._cell(row, c) for c in range(3))
            try:
                hour, _, minute = start.replace("：", ":").partition(":")
                begins = time(int(hour), int(minute or 0))
            except ValueError:
                raise PatternError(f"第 {row + 1} 行：开始时间“{start}”不对（写成 时:分，如 06:00）") from None
            try:
                length = float(hours)
            except ValueError:
                raise PatternError(f"第 {row + 1} 行：时长“{hours}”不是小时数") from None
            shifts.append(PatternShift(name, begins, length))
        return shift_patterns.to_json(shift_patterns.checked(tuple(shifts)))

    def _cell(self, row: int, column: int) -> str:
        item = self.shifts.item(row, column)
        return item.text().strip() if item is not None else ""

    def _show_preview(self) -> None:
        try:
            shifts = pattern_shifts(self.pattern())
        except PatternError as exc:
            self.preview.setText(str(exc))
            self.preview.setStyleSheet(ERROR_STYLE)
            return
        self.preview.setText("每天：" + shifts_text(shifts))
        self.preview.setStyleSheet("color: #2e6da4;")

    # --- saving ------------------------------------------------------------------------------------

    def try_save(self) -> None:
        parsed = self.form.parse()
        if not parsed.ok:
            show_problem(self.banner, "请改正标红的内容后再保存。")
            widget = self.form.first_error_field(parsed.errors)
            if widget is not None:
                widget.setFocus()
            return
        try:
            pattern = self.pattern()
        except PatternError as exc:
            show_problem(self.banner, f"班次：{exc}")
            self.shifts.setFocus()
            fit_to_contents(self)
            return
        values = {**parsed.values, "pattern": pattern, "checkpoint": self.checkpoint.currentData()}
        if self.line is None:
            values["sort_order"] = duty_setup.next_sort_order()
        try:
            post = duty_actions.save_post(values, self.line.id if self.line else None)
        except LedgerError as exc:
            show_problem(self.banner, str(exc))
            fit_to_contents(self)
            return
        self.saved_id = post.id
        self.accept()


class PostsTab(RecordTab):
    """岗位: the table, its buttons and keys."""

    noun = "值班岗位"

    def __init__(self, parent: QWidget | None = None) -> None:
        table = RecordTable(DUTY_POST, {"pattern": 44, "name": 20, "phone": 16, "checkpoint": 16})
        names = {
            "table": "dutyPosts",
            "new": "dutyPostNew",
            "edit": "dutyPostEdit",
            "stop": "dutyPostStop",
            "show_stopped": "dutyPostsShowStopped",
            "count": "dutyPostsCount",
            "action": "action_duty_post_new",
            "action_text": "新增值班岗位",
        }
        super().__init__(table, names, "新增岗位", parent)

    def load(self, include_inactive: bool) -> list[PostLine]:
        return duty_setup.posts(include_inactive=include_inactive)

    def count_text(self) -> str:
        active = [line for line in self.lines if line.active]
        per_day = sum(line.per_shift * _shift_count(line.pattern) for line in active)
        return f"在用 {len(active)} 个岗位，每天需 {per_day} 人次"

    def line_of(self, record_id: int) -> PostLine | None:
        return duty_setup.post_line(record_id)

    def dialog(self, line: PostLine | None) -> PostDialog:
        return PostDialog(line, self)

    def stop_question(self, line: PostLine) -> str:
        return (
            f"停用岗位“{line.name}”？\n\n停用后不再为这个岗位排班；已排的班次和值班日志都保留，"
            "所以岗位不删除，只停用。以后可勾选“显示已停用”后恢复。"
        )

    def set_active(self, record_id: int, active: bool) -> None:
        duty_actions.set_post_active(record_id, active)


def _shift_count(pattern: str) -> int:
    try:
        return len(pattern_shifts(pattern))
    except PatternError:
        return len(json.loads(pattern or "[]"))
