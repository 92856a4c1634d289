"""新建排查轮次 and 结束本轮: the two dialogs at a round's ends.

新建: a name (the next "第N轮拉网排查" offered), the dates, the grids it covers (all ticked at first; Space
ticks one off) and the grid worker of each for this round (the grid's own, typed over where another goes).
结束: a round with households not finished is not closed silently; the dialog lists them (grid, 户号, head,
door, what the round has so far, worker), can print the list, and closes only on 仍然结束 (取消 is the
default, so Enter keeps the round open). `close_round_asking` is the whole closing in one call.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PyQt6.QtCore import QDate, Qt, QUrl
from PyQt6.QtGui import QDesktopServices
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import confirm, fit_screen_size, problem_banner, push_button, show_problem
from db import screening_actions
from db.errors import LedgerError
from db.queries import screening as screening_queries
from db.queries import village as village_queries
from db.queries.screening import GapLine
from db.rules.chinese_dates import short_date
from db.screening_actions import RoundHasGaps

_NUMERALS = "零一二三四五六七八九十"
#: How long a new round runs unless the clerk says otherwise (a week, as the township's rounds went).
DEFAULT_DAYS = 7


def round_numeral(n: int) -> str:
    """一 … 十, 十一 … 九十九 (rounds are counted in Chinese: 第二轮拉网排查)."""
    if n <= 10:
        return _NUMERALS[n]
    tens, ones = divmod(n, 10)
    return (_NUMERALS[tens] if tens > 1 else "") + "十" + (_NUMERALS[ones] if ones else "")


def _date_edit(day: date, name: str) -> QDateEdit:
    edit = QDateEdit(QDate(day))
    edit.setObjectName(name)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    return edit


class RoundDialog(QDialog):
    """新建排查轮次; after 保存, round_id is the new round's."""

    GRID, WORKER, HOUSEHOLDS = range(3)

    def __init__(self, parent: QWidget | None = None, *, today: date) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建排查轮次")
        self.round_id: int | None = None
        self.name = QLineEdit(f"第{round_numeral(len(screening_queries.rounds()) + 1)}轮拉网排查")
        self.name.setObjectName("roundName")
        self.name.setPlaceholderText("如：第二轮拉网排查")
        self.starts = _date_edit(today, "roundStarts")
        self.ends = _date_edit(today + timedelta(days=DEFAULT_DAYS - 1), "roundEnds")
        self.grids = self._build_grids()
        self.scope = QLabel()
        self.scope.setObjectName("roundScope")
        self.grids.itemChanged.connect(lambda _item: self._show_scope())
        self.banner = problem_banner()
        everyone = push_button("全选", lambda: self._tick_all(True), "tickAllGrids")
        nobody = push_button("全不选", lambda: self._tick_all(False), "tickNoGrids")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        assert save is not None
        save.setText("新建")
        save.setObjectName("createRound")
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert cancel is not None
        cancel.setText("取消")
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("轮次名称：", self.name)
        dates = QHBoxLayout()
        dates.addWidget(self.starts)
        dates.addWidget(QLabel("至"))
        dates.addWidget(self.ends)
        dates.addStretch(1)
        form.addRow("起止日期：", dates)
        ticks = QHBoxLayout()
        ticks.addWidget(self.scope, 1)
        ticks.addWidget(everyone)
        ticks.addWidget(nobody)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(QLabel("排查范围（空格键勾选或取消；网格员可直接改，只改本轮）："))
        layout.addWidget(self.grids, 1)
        layout.addLayout(ticks)
        layout.addWidget(buttons)
        self._show_scope()
        fit_screen_size(self, 560, 300 + min(10, max(3, self.grids.rowCount())) * 30)
        self.name.selectAll()
        self.name.setFocus()

    def _build_grids(self) -> QTableWidget:
        rows = village_queries.grid_rows()
        table = QTableWidget(len(rows), 3)
        table.setObjectName("roundGrids")
        table.setHorizontalHeaderLabels(["网格（村民小组）", "本轮网格员", "户数"])
        table.verticalHeader().hide()
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        header = table.horizontalHeader()
        header.setSectionResizeMode(self.WORKER, QHeaderView.ResizeMode.Stretch)
        for r, grid in enumerate(rows):
            name = QTableWidgetItem(grid.name)
            name.setData(Qt.ItemDataRole.UserRole, grid.id)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Checked)
            worker = QTableWidgetItem(grid.worker)
            worker.setData(Qt.ItemDataRole.UserRole, grid.worker)
            count = QTableWidgetItem(str(grid.households))
            count.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for c, item in ((self.GRID, name), (self.WORKER, worker), (self.HOUSEHOLDS, count)):
                table.setItem(r, c, item)
        table.resizeColumnToContents(self.GRID)
        if rows:
            table.setCurrentCell(0, self.GRID)
        table.installEventFilter(self)
        return table

    def eventFilter(self, watched, event) -> bool:  # type: ignore[no-untyped-def]
        """Space on a grid's row ticks it on or off wherever the cursor is in the row."""
        if watched is self.grids and event.type() == event.Type.KeyPress and event.key() == Qt.Key.Key_Space:
            row = self.grids.currentRow()
            item = self.grids.item(row, self.GRID) if row >= 0 else None
            if item is not None and self.grids.state() != QAbstractItemView.State.EditingState:
                ticked = item.checkState() == Qt.CheckState.Checked
                item.setCheckState(Qt.CheckState.Unchecked if ticked else Qt.CheckState.Checked)
                return True
        return super().eventFilter(watched, event)

    def _items(self) -> list[QTableWidgetItem]:
        return [item for r in range(self.grids.rowCount()) if (item := self.grids.item(r, self.GRID)) is not None]

    def _tick_all(self, on: bool) -> None:
        for item in self._items():
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def ticked_ids(self) -> list[int]:
        return [int(i.data(Qt.ItemDataRole.UserRole)) for i in self._items() if i.checkState() == Qt.CheckState.Checked]

    def workers(self) -> dict[int, str]:
        """The grid worker typed for each grid (the grid's own where not changed)."""
        found = {}
        for r in range(self.grids.rowCount()):
            grid, worker = self.grids.item(r, self.GRID), self.grids.item(r, self.WORKER)
            if grid is not None and worker is not None:
                found[int(grid.data(Qt.ItemDataRole.UserRole))] = worker.text().strip()
        return found

    def _show_scope(self) -> None:
        total, ticked = self.grids.rowCount(), len(self.ticked_ids())
        self.scope.setText(f"全部 {total} 个网格" if ticked == total else f"已选 {ticked} / {total} 个网格")

    def try_save(self) -> None:
        ticked = self.ticked_ids()
        if not ticked:
            show_problem(self.banner, "请至少勾选一个网格。")
            self.grids.setFocus()
            return
        everyone = len(ticked) == self.grids.rowCount()
        try:
            made = screening_actions.new_round(
                self.name.text(),
                self.starts.date().toPyDate(),
                self.ends.date().toPyDate(),
                None if everyone else ticked,
                {gid: worker for gid, worker in self.workers().items() if gid in ticked},
            )
        except LedgerError as exc:
            show_problem(self.banner, str(exc))
            return
        self.round_id = made.id
        self.accept()


class CloseRoundDialog(QDialog):
    """结束本轮 with households not finished: the list, 打印清单…, and 仍然结束 or 取消 (the default)."""

    HEADINGS = ("网格", "户号", "户主", "门牌", "本轮情况", "网格员")
    #: Opens a saved PDF in the system's viewer, from which it is printed (tests put their own here).
    open_file: Callable[[QUrl], bool] = staticmethod(QDesktopServices.openUrl)  # type: ignore[assignment]

    def __init__(
        self, round_id: int, round_name: str, gaps: list[GapLine], parent: QWidget | None = None, *, today: date
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"结束本轮：{round_name}")
        self.round_id, self.round_name, self.gaps, self.today = round_id, round_name, gaps, today
        said = QLabel(
            f"“{round_name}”还有 <b>{len(gaps)}</b> 户没有排查完（未走访、无人在家待复查或拒绝配合）。"
            "仍然结束的话，这些户会记入本轮的结束说明，本轮不能再登记。"
        )
        said.setObjectName("gapSummary")
        said.setTextFormat(Qt.TextFormat.RichText)
        said.setWordWrap(True)
        self.table = QTableWidget(len(gaps), len(self.HEADINGS))
        self.table.setObjectName("gapTable")
        self.table.setHorizontalHeaderLabels(list(self.HEADINGS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for r, g in enumerate(gaps):
            so_far = f"{g.outcome}（{short_date(g.on)}）" if g.on else g.outcome
            for c, text in enumerate((g.grid, g.number, g.head_name, g.door_no, so_far, g.worker)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.message = QLabel()
        self.message.setObjectName("gapMessage")
        self.message.setWordWrap(True)
        self.print_button = push_button("打印清单…", lambda: self.print_list(), "printGaps")
        buttons = QDialogButtonBox()
        accept = buttons.addButton("仍然结束", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        assert accept is not None and cancel is not None
        accept.setObjectName("acceptGaps")
        accept.setAutoDefault(False)
        cancel.setObjectName("keepRound")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.print_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(said)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        cancel.setDefault(True)  # once in the dialog: a button's default is the dialog's to keep
        fit_screen_size(self, 720, 220 + min(12, max(4, len(gaps))) * 30)
        cancel.setFocus()

    def print_list(self, target: str | None = None) -> Path | None:
        """Save the list as a PDF (recorded as printed) and open it to print; returns where it went."""
        if target is None:
            start = Path.home() / f"未完成排查户清单-{self.round_name}.pdf"
            target, _ = QFileDialog.getSaveFileName(self, "打印未完成排查户清单", str(start), "PDF 文件 (*.pdf)")
            if not target:
                return None
        from printing.screening_print import print_gap_list

        try:
            sheet = print_gap_list(self.round_id, Path(target), self.today, self.gaps)
        except LedgerError as exc:
            self.message.setStyleSheet("color: #c0392b;")
            self.message.setText(f"未打印：{exc}")
            return None
        self.message.setStyleSheet("")
        self.message.setText(f"已生成清单（{sheet.households} 户）：{target}。已用 PDF 阅读器打开，可从那里打印。")
        type(self).open_file(QUrl.fromLocalFile(str(target)))
        return Path(target)


def close_round_asking(parent: QWidget | None, round_id: int, round_name: str, today: date) -> bool:
    """结束本轮 with the clerk's word: no gaps, a plain confirm; gaps, the list and 仍然结束. True when closed."""
    open_gaps = screening_queries.gaps(round_id)
    if not open_gaps:
        text = f"各户都已排查完。结束“{round_name}”？结束后不能再登记或修改。"
        if not confirm(parent, "结束本轮", text, "结束本轮", "取消"):
            return False
    while True:
        if open_gaps:
            dialog = CloseRoundDialog(round_id, round_name, open_gaps, parent, today=today)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
        try:
            screening_actions.close_round(round_id, today, accept_gaps=bool(open_gaps))
        except RoundHasGaps as refused:  # a visit changed meanwhile: ask again with the list as it stands
            open_gaps = refused.gaps
            continue
        return True
