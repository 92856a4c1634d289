"""Village details and grids: asked for on first start, editable later from 设置."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import problem_banner, push_button, save_cancel
from app.editors.record_form import RecordFormWidget
from app.practice import launch_practice
from db.system_reasons import system_reason
from db.village_actions import save_village_settings, village_settings
from forms.definitions import GRID, VILLAGE

DEFAULT_GRIDS = ("一组", "二组", "三组", "四组")
GRID_ID_ROLE = Qt.ItemDataRole.UserRole
_GRID_COLUMNS = ("name", "worker", "worker_phone")


class GridTable(QTableWidget):
    """Grid rows: name, worker, phone; the id of an existing grid rides on the name cell."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(_GRID_COLUMNS), parent)
        self.setObjectName("gridTable")
        self.setHorizontalHeaderLabels([GRID.field(c).label for c in _GRID_COLUMNS])
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def add_row(self, values: dict[str, Any] | None = None, grid_id: int | None = None) -> None:
        row = self.rowCount()
        self.insertRow(row)
        for column, name in enumerate(_GRID_COLUMNS):
            item = QTableWidgetItem(str((values or {}).get(name, "")))
            if column == 0:
                item.setData(GRID_ID_ROLE, grid_id)
            self.setItem(row, column, item)

    def parsed_rows(self) -> tuple[list[tuple[int | None, dict[str, Any]]], list[str]]:
        """(grid id or None, values) for each non-empty row, and Chinese problems naming the row."""
        rows: list[tuple[int | None, dict[str, Any]]] = []
        problems: list[str] = []
        names: set[str] = set()
        for row in range(self.rowCount()):
            cells = [self.item(row, c) for c in range(len(_GRID_COLUMNS))]
            raw = {name: (cell.text() if cell else "") for cell, name in zip(cells, _GRID_COLUMNS, strict=True)}
            if not any(v.strip() for v in raw.values()):
                continue
            parsed = GRID.parse(raw)
            problems += [f"第 {row + 1} 行 {issue}" for issue in parsed.errors]
            if parsed.ok and parsed.values["name"] in names:
                problems.append(f"第 {row + 1} 行 网格名称“{parsed.values['name']}”重复")
            names.add(parsed.values.get("name", ""))
            rows.append((self.item(row, 0).data(GRID_ID_ROLE), {**parsed.values, "sort_order": len(rows) + 1}))
        return rows, problems


class VillageSettingsDialog(QDialog):
    """Edit the village and its grids; everything is saved in one transaction."""

    def __init__(self, parent: QWidget | None = None, title: str = "村庄信息和网格") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(860)
        village, existing = village_settings()
        self.form = RecordFormWidget(VILLAGE, self)
        if village is not None:
            self.form.load(village)
        self.grids = GridTable(self)
        for grid_id, values in existing:
            self.grids.add_row(values, grid_id)
        if not existing:
            for name in DEFAULT_GRIDS:
                self.grids.add_row({"name": name})
        add = QPushButton("添加网格")
        add.clicked.connect(lambda: self.grids.add_row())
        self.banner = problem_banner()
        grid_box = QGroupBox("网格（村民小组）")
        grid_layout = QVBoxLayout(grid_box)
        grid_layout.addWidget(self.grids)
        grid_layout.addWidget(add)
        village_box = QGroupBox("本村信息")
        QVBoxLayout(village_box).addWidget(self.form)
        self.buttons = save_cancel(self, self.save)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.banner)
        boxes = QHBoxLayout()  # side by side: the village's nine fields and the grids fit a small screen at 150 %
        boxes.addWidget(village_box, 1)
        boxes.addWidget(grid_box, 1)
        self.layout_.addLayout(boxes)
        self.layout_.addWidget(self.buttons)

    def save(self) -> None:
        parsed = self.form.parse()
        grid_rows, problems = self.grids.parsed_rows()
        if not grid_rows:
            problems.append("至少需要一个网格（村民小组）")
        if not parsed.ok or problems:
            self.banner.setText("请改正后再保存：" + "；".join([str(i) for i in parsed.errors] + problems))
            self.banner.show()
            return
        save_village_settings(parsed.values, grid_rows)
        self.accept()


class FirstRunDialog(VillageSettingsDialog):
    """First start on an empty database: fill in the village. The demo village is never built here (one slip
    would fill the clerk's ledger with invented people): 先用演示村庄练习 opens it in a window and file of its own
    (app/practice.py), and this dialog stays open for the real village."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, "欢迎使用村级疫情防控台账")
        #: Starts the practice window (a separate program); an attribute, so a test can see what is started.
        self.launch: Callable[[], object] = launch_practice
        intro = QLabel("第一次使用：请填写本村信息和网格（村民小组），保存后即可录入或导入花名册。")
        intro.setWordWrap(True)
        self.layout_.insertWidget(0, intro)
        practice = push_button("先用演示村庄练习…", self.open_practice, "practiceButton")
        hint = QLabel("在单独的练习窗口打开，人员都是编的，不会写进本村的台账。")
        hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(practice)
        row.addWidget(hint, 1)
        self.layout_.insertLayout(1, row)
        self.practice_note = QLabel("已在另一个窗口打开演示村庄（标题带【练习】）。练好后回到这里填写本村信息。")
        self.practice_note.setObjectName("practiceNote")
        self.practice_note.setWordWrap(True)
        self.practice_note.setStyleSheet("color: #5c4400;")
        self.practice_note.hide()
        self.layout_.insertWidget(2, self.practice_note)

    def open_practice(self) -> None:
        try:
            self.launch()
        except OSError as exc:
            QMessageBox.warning(self, "无法打开演示村庄", f"练习窗口没有打开：{system_reason(exc)}")
            return
        self.practice_note.show()
