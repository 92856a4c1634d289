"""导出到U盘: the day's report handed over on a USB stick the clerk picks by its label and free space, with
上报记录 (the last hand-overs, failed ones with their reason) on a second tab.

What goes on the stick is a list of offers (`report_offers`), each one file with a tick box: today only the
day's workbook (its 居家/集中隔离人员名单 are sheets inside it), so a later file is one more offer, not a new
screen. The work itself is db.handover.hand_over, off the UI thread with the cancellable progress dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from PyQt6.QtCore import QEventLoop, Qt
from PyQt6.QtGui import QBrush, QColor
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import ERROR_COLOUR, ERROR_STYLE, fit_screen_size, push_button
from app.export_notice import ExportNoticeDialog, tell_saved
from app.shortcuts import add_shortcuts
from app.tasks import BackgroundTask
from db import session
from db.drives import Drive, removable_drives
from db.errors import LedgerError
from db.handover import TOP_FOLDER, HandedOver, Part, folder_name, hand_over
from db.progress import Cancelled, Progress
from db.queries.handover import HandOverRow, handover_history
from db.queries.village import village
from db.reports.spec import ReportSpec
from db.session import Can
from forms.excel.data_package import package_path, packaged
from forms.reports.daily_export import export_daily_report
from forms.reports.day_package import package_name, write_day_package_at

TITLE = "导出到U盘"
NO_DRIVE = "没有找到 U 盘：请插入 U 盘后点“刷新”。移动硬盘不在此列。"
HISTORY_HEADERS = ["时间", "报告日期", "U盘", "文件", "操作员", "结果"]
GREY = QColor("#888888")
HISTORY_TAB = 1
NEEDS_PASSWORD = "数据包没有导出：数据包必须加密，下次请在个人信息提示中勾选“加密”并设置密码。"

#: Writes one file at path (the progress only for its cancel) and returns how many data rows it holds.
Make = Callable[[Path, Progress], int]


@dataclass(frozen=True)
class Offer:
    """One file the clerk may tick to go on the stick."""

    label: str
    name: str
    make: Make
    checked: bool = True
    sealed: Callable[[Path, str], int] | None = None
    """A file that is always encrypted (the data package): written with the password, never sealed again."""


def report_offers(spec: ReportSpec, day: date, reviewer: str, zero: bool) -> list[Offer]:
    """What a day's hand-over may hold. The workbook's rows in 清单.json are all its sheets' data rows."""
    title = "零报告" if zero else "日报表"

    def workbook(path: Path, progress: Progress) -> int:
        return sum(export_daily_report(spec, day, path, reviewer, progress).sheets.values())

    def package(path: Path, password: str) -> int:
        return write_day_package_at(spec, day, path, password).rows

    return [
        Offer("日报表（或零报告），内含居家/集中隔离人员名单", f"{title}-{day:%Y%m%d}.xlsx", workbook),
        Offer(
            "数据包（乡镇汇总直接导入，需加密）",
            package_name(village(), day),
            lambda _path, _progress: 0,
            sealed=package,
        ),
    ]


class _CancelOnly:
    """The hand-over's progress as a part's writer sees it: its cancel, not its counts (the hand-over counts)."""

    def __init__(self, outer: Progress) -> None:
        self.outer = outer

    @property
    def cancelled(self) -> bool:
        return self.outer.cancelled

    def update(self, done: int, total: int) -> None:
        pass


def chinese_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_time(at: datetime) -> str:
    return f"{chinese_day(at.date())} {at:%H:%M}"


def size_text(n: int) -> str:
    """ "3.2G", "512M": the way a clerk says a stick's size (16G的U盘)."""
    if n >= 1 << 30:
        return f"{n / (1 << 30):.1f}G"
    return f"{n / (1 << 20):.0f}M"


def drive_text(drive: Drive) -> str:
    said = f"{drive.title}　可用 {size_text(drive.free_bytes)}，共 {size_text(drive.total_bytes)}"
    return said if drive.writable else said + "（只读）"


class HandOverDialog(QDialog):
    """drives: how the sticks are found (removable_drives; a test passes its own folder as a stick)."""

    def __init__(
        self,
        day: date,
        spec: ReportSpec,
        reviewer: str = "",
        zero: bool = False,
        drives: Callable[[], list[Drive]] = removable_drives,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        fit_screen_size(self, 820, 520)
        self.day = day
        self.find_drives = drives
        self.drives: list[Drive] = []
        self.offers = report_offers(spec, day, reviewer, zero)
        found = village()
        self.village_name = found.name if found is not None else ""
        self.village_code = found.code if found is not None else ""
        self.task: BackgroundTask | None = None
        self.history_rows: list[HandOverRow] = []

        self.drive_list = QListWidget()
        self.drive_list.setObjectName("handoverDrives")
        self.drive_list.currentRowChanged.connect(lambda _row: self._update())
        self.no_drive = QLabel(NO_DRIVE)
        self.no_drive.setObjectName("handoverNoDrive")
        self.no_drive.setWordWrap(True)
        self.no_drive.setStyleSheet(ERROR_STYLE)
        self.refresh_button = push_button("刷新（F5）", self.refresh, "handoverRefresh")
        drive_row = QHBoxLayout()
        drive_row.addWidget(QLabel(f"选择 U 盘（{chinese_day(day)}的上报材料）："), 1)
        drive_row.addWidget(self.refresh_button)

        what = QGroupBox("导出内容")
        what_layout = QVBoxLayout(what)
        self.boxes: list[QCheckBox] = []
        for offer in self.offers:
            box = QCheckBox(offer.label)
            box.setChecked(offer.checked)
            box.toggled.connect(lambda _on: self._update())
            what_layout.addWidget(box)
            self.boxes.append(box)
        self.folder_line = QLabel()
        self.folder_line.setObjectName("handoverFolder")
        self.folder_line.setWordWrap(True)
        self.folder_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.start_button = push_button("开始导出", self.start, "handoverStart", default=True)
        start_row = QHBoxLayout()
        start_row.addWidget(self.folder_line, 1)
        start_row.addWidget(self.start_button)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(push_button("关闭", self.reject, "handoverClose"))

        export_tab = QWidget()
        export_layout = QVBoxLayout(export_tab)
        export_layout.addLayout(drive_row)
        export_layout.addWidget(self.drive_list, 1)
        export_layout.addWidget(self.no_drive)
        export_layout.addWidget(what)
        export_layout.addLayout(start_row)

        self.history = QTableWidget(0, len(HISTORY_HEADERS))
        self.history.setObjectName("handoverHistory")
        self.history.setHorizontalHeaderLabels(HISTORY_HEADERS)
        self.history.verticalHeader().setVisible(False)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for column, width in enumerate((150, 110, 90, 220, 70)):
            self.history.setColumnWidth(column, width)
        self.history.horizontalHeader().setSectionResizeMode(len(HISTORY_HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.history.currentCellChanged.connect(lambda row, *_: self.show_detail(row))
        self.detail = QLabel()
        self.detail.setObjectName("handoverDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        history_tab = QWidget()
        history_layout = QVBoxLayout(history_tab)
        history_layout.addWidget(self.history, 1)
        history_layout.addWidget(self.detail)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("handoverTabs")
        self.tabs.addTab(export_tab, "导出")
        self.tabs.addTab(history_tab, "上报记录")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        add_shortcuts(self, [("F5", self.refresh)])
        self.refresh()
        self.load_history()

    # --- the sticks ---------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Look for sticks again (one plugged in after the dialog opened); the chosen one stays chosen."""
        chosen = self.chosen_drive()
        self.drives = self.find_drives()
        self.drive_list.clear()
        pick = -1
        for row, drive in enumerate(self.drives):
            item = QListWidgetItem(drive_text(drive))
            if not drive.writable:
                item.setFlags(Qt.ItemFlag.NoItemFlags)  # greyed, and never chosen
                item.setForeground(QBrush(GREY))
                item.setToolTip("这个 U 盘是只读的（开了写保护），不能写入。")
            elif pick < 0 or (chosen is not None and drive.root == chosen.root):
                pick = row
            self.drive_list.addItem(item)
        self.drive_list.setCurrentRow(pick)
        self.drive_list.setVisible(bool(self.drives))
        self.no_drive.setVisible(not self.drives)
        self._update()

    def chosen_drive(self) -> Drive | None:
        row = self.drive_list.currentRow()
        if not 0 <= row < len(self.drives) or not self.drives[row].writable:
            return None
        return self.drives[row]

    def target_folder(self, drive: Drive) -> Path:
        return drive.root / TOP_FOLDER / folder_name(self.village_name, self.day)

    def chosen_offers(self) -> list[Offer]:
        return [offer for offer, box in zip(self.offers, self.boxes, strict=True) if box.isChecked()]

    def _update(self) -> None:
        drive = self.chosen_drive()
        name = folder_name(self.village_name, self.day)
        if drive is not None:
            self.folder_line.setText(f"将写入文件夹：{self.target_folder(drive)}")
        elif self.drives:
            self.folder_line.setText(f"没有可写入的 U 盘；将写入 U 盘上的“{TOP_FOLDER}”文件夹中的“{name}”。")
        else:
            self.folder_line.setText(f"将写入 U 盘上的“{TOP_FOLDER}”文件夹中的“{name}”。")
        self.start_button.setEnabled(drive is not None and bool(self.chosen_offers()))

    # --- the hand-over ------------------------------------------------------------------------------------

    def start(self) -> HandedOver | None:
        """The personal-data notice, then the hand-over off the UI thread; the outcome told, 上报记录 shown."""
        drive = self.chosen_drive()
        offers = self.chosen_offers()
        if drive is None or not offers:
            return None
        if not session.may(Can.EXPORT):
            try:
                session.require(Can.EXPORT)
            except LedgerError as exc:
                QMessageBox.warning(self, TITLE, str(exc))
            return None
        notice = ExportNoticeDialog("到U盘", self)
        if notice.exec() != QDialog.DialogCode.Accepted:
            return None
        password = notice.password()
        left_out = password is None and any(offer.sealed is not None for offer in offers)
        if left_out:  # the data package is never written unencrypted: the rest goes, and the message says so
            offers = [offer for offer in offers if offer.sealed is None]
            if not offers:
                QMessageBox.warning(self, TITLE, NEEDS_PASSWORD)
                return None
        village_name, village_code, day = self.village_name, self.village_code, self.day

        def work(progress: Progress) -> HandedOver:
            quiet = _CancelOnly(progress)
            parts = [_part(offer, password, quiet) for offer in offers]
            return hand_over(
                parts,
                drive.root,
                village=village_name,
                village_code=village_code,
                day=day,
                drive_label=drive.label,
                progress=progress,
            )

        outcome: list[HandedOver] = []
        failure: list[BaseException] = []
        loop = QEventLoop()
        self.task = BackgroundTask(self, "正在导出到 U 盘……", work, outcome.append, failure.append)
        self.task.done.connect(loop.quit)
        self.task.start()
        loop.exec()
        self.task.deleteLater()
        self.task = None
        self.load_history()
        self.refresh()  # the free space has changed
        if outcome:
            self.tabs.setCurrentIndex(HISTORY_TAB)
            said = self.saved_text(outcome[0], bool(password)) + (f"\n{NEEDS_PASSWORD}" if left_out else "")
            tell_saved(self, outcome[0].manifest, said, TITLE)
            return outcome[0]
        exc = failure[0]
        if isinstance(exc, Cancelled):
            QMessageBox.information(self, TITLE, "已取消，这次没有向 U 盘写入文件。")
        else:
            self.tabs.setCurrentIndex(HISTORY_TAB)
            QMessageBox.warning(self, TITLE, str(exc) or type(exc).__name__)
        return None

    def saved_text(self, done: HandedOver, sealed: bool) -> str:
        files = "\n".join(f"　{f.name}（{f.rows} 行）" for f in done.files)
        lock = "（已加密）" if sealed else ""
        return (
            f"{chinese_day(self.day)}的上报材料已导出到 U 盘{lock}，写入后已逐个读回校验：\n{files}\n"
            f"　另附文件清单（含每个文件的行数和校验码）\n文件夹：\n{done.folder}"
        )

    def reject(self) -> None:
        if self.task is not None:
            self.task.stop()
        super().reject()

    # --- 上报记录 -------------------------------------------------------------------------------------------

    def load_history(self) -> None:
        rows = self.history_rows = handover_history(100)
        self.history.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(history_cells(row)):
                item = QTableWidgetItem(text)
                if c == len(HISTORY_HEADERS) - 1:
                    item.setToolTip(text if row.ok else row.note)
                    if not row.ok:
                        item.setForeground(QBrush(QColor(ERROR_COLOUR)))
                if c == 3:
                    item.setToolTip(row.folder)
                self.history.setItem(r, c, item)
        self.history.setCurrentCell(0 if rows else -1, 0)
        self.show_detail(0 if rows else -1)

    def show_detail(self, row: int) -> None:
        """The chosen hand-over's folder, and a failed one's reason in full (a cell shows only its start)."""
        if not 0 <= row < len(self.history_rows):
            self.detail.setText("还没有导出到 U 盘的记录。" if not self.history_rows else "")
            self.detail.setStyleSheet("")
            return
        chosen = self.history_rows[row]
        said = f"文件夹：{chosen.folder}"
        if not chosen.ok:
            said += f"\n未完成的原因：{chosen.note}"
        self.detail.setText(said)
        self.detail.setStyleSheet("" if chosen.ok else ERROR_STYLE)


def history_cells(row: HandOverRow) -> list[str]:
    files = "；".join(f"{f.name}（{f.rows} 行）" for f in row.files) or "—"
    result = "成功" if row.ok else f"未完成：{row.note}"
    return [chinese_time(row.at), chinese_day(row.day), row.drive_label, files, row.who, result]


def _part(offer: Offer, password: str | None, progress: Progress) -> Part:
    """The offer as the hand-over writes it: the workbook itself, or sealed in a .zip when encrypting."""
    if offer.sealed is not None and password is not None:
        sealed, key = offer.sealed, password
        return Part(offer.name, lambda path: sealed(path, key))
    if password is None:
        return Part(offer.name, lambda path: offer.make(path, progress))
    name = package_path(Path(offer.name)).name
    return Part(name, lambda path: packaged(path, password, lambda inner: offer.make(inner, progress)))
