"""排班表: the roster of a date range (this week by default; Alt+←/Alt+→ a week back or on), one post or every
post, a line per person on each shift (app/duty/roster_grid.py).

生成排班 says first, in plain numbers, what no roster can cover (db.duty_roster.shortfalls) and asks whether to
go on, then solves off the UI thread with progress and cancel, and says what changed. 调班, 签到 and 签退 work
on the chosen person, 值班日志 on the chosen shift; the papers and the workbook are the headless commands' calls
(printing.duty_print, forms.duty_export), written in the background.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from PyQt6.QtCore import QDate, Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.duty import roster_jobs
from app.duty.roster_dialogs import LogDialog, SwapDialog, generated_text, missed_text, shortfall_text
from app.duty.roster_grid import RosterGrid, sort_shifts
from app.duty.table_parts import tab_action
from app.editors.dialog_parts import ERROR_STYLE, confirm, push_button
from app.tasks import BackgroundTask
from db import duty_actions, duty_roster
from db.errors import LedgerError
from db.progress import Cancelled
from db.queries import duty as duty_queries
from db.queries import duty_setup
from db.queries.duty_log import log_draft
from db.rules.chinese_dates import short_date


def week_of(day: date) -> tuple[date, date]:
    """Monday to Sunday of the day's week."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class RosterTab(QWidget):
    """Emits changed after every change it makes and status_changed for the status bar. `today` places the
    first week shown, `now` dates sign-ins, swaps and generations (a shift begun by then is kept)."""

    changed = pyqtSignal()
    status_changed = pyqtSignal(str)

    def __init__(
        self,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] = datetime.now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.today, self.now = today, now
        self.task: BackgroundTask | None = None
        self.shifts: list[duty_queries.ShiftLine] = []
        self._placed = False
        self.first_edit = self._date_edit("dutyRosterFirst")
        self.last_edit = self._date_edit("dutyRosterLast")
        self.post = QComboBox()
        self.post.setObjectName("dutyRosterPost")
        self.post.currentIndexChanged.connect(lambda _i: self.reload())
        self.count = QLabel()
        self.count.setObjectName("dutyRosterCount")
        self.generate_button = push_button("生成排班…（Ctrl+G）", self.generate, "dutyGenerate")
        self.swap_button = push_button("调班…", self.swap, "dutySwap")
        self.sign_in_button = push_button("签到", lambda: self.sign(True), "dutySignIn")
        self.sign_out_button = push_button("签退", lambda: self.sign(False), "dutySignOut")
        self.log_button = push_button("值班日志…", self.write_log, "dutyLog")
        self.print_button = push_button("打印本周排班表", self.print_roster, "dutyPrintRoster")
        self.slips_button = push_button("打印值班条", self.print_slips, "dutyPrintSlips")
        self.export_button = push_button("导出Excel", self.export, "dutyExport")
        self.grid = RosterGrid()
        self.grid.currentCellChanged.connect(lambda *_: self._update_buttons())
        self.grid.cellDoubleClicked.connect(lambda *_: self.write_log())
        self.missed = QLabel()
        self.missed.setObjectName("dutyRosterMissed")
        self.missed.setWordWrap(True)
        self.missed.setStyleSheet(ERROR_STYLE)
        self._lay_out()
        tab_action(self, "上一周", "action_duty_week_back", "Alt+Left", lambda: self.move_week(-1))
        tab_action(self, "下一周", "action_duty_week_on", "Alt+Right", lambda: self.move_week(1))
        tab_action(self, "生成排班", "action_duty_generate", "Ctrl+G", self.generate)

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.dateChanged.connect(lambda _d: self.reload())
        return edit

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("日期"))
        top.addWidget(self.first_edit)
        top.addWidget(QLabel("至"))
        top.addWidget(self.last_edit)
        for text, weeks, name, key in (
            ("◀ 上一周", -1, "dutyWeekBack", "Alt+←"),
            ("下一周 ▶", 1, "dutyWeekOn", "Alt+→"),
        ):
            button = push_button(text, lambda _c=False, w=weeks: self.move_week(w), name)
            button.setToolTip(f"{text.strip('◀▶ ')}（{key}）")
            top.addWidget(button)
        top.addWidget(QLabel("岗位"))
        top.addWidget(self.post)
        top.addStretch(1)
        actions = QHBoxLayout()
        for button in (self.generate_button, self.swap_button, self.sign_in_button, self.sign_out_button):
            actions.addWidget(button)
        actions.addWidget(self.log_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.grid, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.missed, 1)
        bottom.addWidget(self.count, 0, Qt.AlignmentFlag.AlignTop)
        bottom.addStretch(1)
        for button in (self.print_button, self.slips_button, self.export_button):  # the papers, below the grid
            bottom.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(bottom)

    # --- the range and what is shown -----------------------------------------------------------------

    def range(self) -> tuple[date, date]:
        return _day(self.first_edit.date()), _day(self.last_edit.date())

    def post_id(self) -> int | None:
        data = self.post.currentData()
        return int(data) if data is not None else None

    def show_range(self, first: date, last: date) -> None:
        """Show first..last (both dates set before reading once)."""
        self._placed = True
        for edit, day in ((self.first_edit, first), (self.last_edit, last)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)
        self.reload()

    def show_week(self, day: date) -> None:
        self.show_range(*week_of(day))

    def move_week(self, weeks: int) -> None:
        first, last = self.range()
        step = timedelta(days=7 * weeks)
        self.show_range(first + step, last + step)

    def _fill_posts(self) -> dict[int, tuple[str, int]]:
        posts = duty_setup.posts(include_inactive=True)
        chosen = self.post_id()
        self.post.blockSignals(True)
        self.post.clear()
        self.post.addItem("全部岗位", None)
        for line in posts:
            self.post.addItem(line.name + ("" if line.active else "（已停用）"), line.id)
        found = self.post.findData(chosen) if chosen is not None else 0
        self.post.setCurrentIndex(max(found, 0))
        self.post.blockSignals(False)
        return {line.id: (line.name, n) for n, line in enumerate(posts)}

    def reload(self) -> None:
        if not self._placed:
            self.show_week(self.today())
            return
        posts = self._fill_posts()
        first, last = self.range()
        if last < first:
            self.grid.fill([], {}, ())
            self.count.setText("结束日期早于开始日期")
            self.missed.clear()
            self._update_buttons()
            return
        wanted = [self.post_id()] if self.post_id() is not None else list(posts)
        shifts = [line for pid in wanted if pid is not None for line in duty_queries.week_lines(pid, first, last)]
        self.shifts = sort_shifts(shifts, {pid: order for pid, (_n, order) in posts.items()})
        missed = [
            m for m in duty_queries.missed(self.now(), since=first) if m.day <= last and self._shown_post(m.post, posts)
        ]
        self.grid.fill(self.shifts, {pid: name for pid, (name, _o) in posts.items()}, {m.assignment_id for m in missed})
        self.missed.setText(missed_text(missed))
        self.missed.setVisible(bool(missed))
        seats = sum(s.needs for s in self.shifts)
        filled = sum(min(len(s.members), s.needs) for s in self.shifts)
        if self.shifts:
            self.count.setText(f"{len(self.shifts)} 个班次，{filled}/{seats} 个位置有人")
        else:
            self.count.setText("这段时间还没有排班：请点“生成排班”")
        self._update_buttons()

    def _shown_post(self, post_name: str, posts: dict[int, tuple[str, int]]) -> bool:
        chosen = self.post_id()
        return chosen is None or posts.get(chosen, ("", 0))[0] == post_name

    def _update_buttons(self) -> None:
        line = self.grid.current_line()
        person = line is not None and line.member is not None
        self.swap_button.setEnabled(person)
        self.sign_in_button.setEnabled(person and line is not None and line.member.signed_in is None)  # type: ignore[union-attr]
        self.sign_out_button.setEnabled(
            person and line is not None and line.member.signed_in is not None and line.member.signed_out is None  # type: ignore[union-attr]
        )
        self.log_button.setEnabled(line is not None)
        for button in (self.print_button, self.slips_button, self.export_button):
            button.setEnabled(bool(self.shifts))

    def _after_change(self, said: str) -> None:
        self.reload()
        self.changed.emit()
        self.status_changed.emit(said)

    # --- generating ----------------------------------------------------------------------------------

    def generate(self) -> None:
        """Shortfalls first (ask to go on), then the solver in the background, then what changed."""
        if self.task is not None:
            return
        first, last = self.range()
        now = self.now()
        try:
            found = duty_roster.shortfalls(first, last, now)
        except LedgerError as exc:
            QMessageBox.warning(self, "生成排班", str(exc))
            return
        if found and not confirm(self, "生成排班", shortfall_text(found), "仍然生成", "先不生成", default_yes=False):
            return
        span = (short_date(first), short_date(last))

        def done(result: duty_roster.Generated) -> None:
            self.task = None
            self._after_change(f"已生成排班：{span[0]}至{span[1]}")
            box = QMessageBox(QMessageBox.Icon.Information, "生成排班", generated_text(result, *span), parent=self)
            box.setObjectName("dutyGenerated")
            box.exec()

        def failed(exc: BaseException) -> None:
            self.task = None
            text = "已取消，排班没有改动。" if isinstance(exc, Cancelled) else str(exc) or type(exc).__name__
            QMessageBox.warning(self, "生成排班", text)

        self.task = BackgroundTask(
            self, "正在生成排班……", lambda p: duty_roster.generate(first, last, now, p), done, failed
        ).start()

    # --- the chosen person and shift ---------------------------------------------------------------

    def swap(self) -> None:
        line = self.grid.current_line()
        if line is None or line.member is None:
            return
        member = line.member
        try:
            dialog = SwapDialog(line.shift, member.assignment_id, member.name, self.now(), self)
        except LedgerError as exc:
            QMessageBox.warning(self, "调班", str(exc))
            return
        if dialog.exec() and dialog.saved:
            self._after_change(f"已调班：{short_date(line.shift.day)} {line.shift.name}")
            self.grid.choose(line.shift.shift_id)

    def sign(self, coming: bool) -> None:
        line = self.grid.current_line()
        if line is None or line.member is None:
            return
        at = self.now().replace(second=0, microsecond=0)
        try:
            (duty_actions.sign_in if coming else duty_actions.sign_out)(line.member.assignment_id, at)
        except LedgerError as exc:
            QMessageBox.warning(self, "签到" if coming else "签退", str(exc))
            return
        self._after_change(f"{line.member.name}已{'签到' if coming else '签退'}（{at:%H:%M}）")

    def write_log(self) -> None:
        line = self.grid.current_line()
        if line is None:
            return
        shift = line.shift
        missed = [m for m in duty_queries.missed(self.now(), since=shift.day) if m.assignment_id in _ids(shift)]
        dialog = LogDialog(log_draft(shift.shift_id), missed, self.now(), self)
        if dialog.exec() and dialog.saved:
            self._after_change(f"已保存值班日志：{short_date(shift.day)} {shift.name}")

    # --- papers and the workbook (app/duty/roster_jobs.py) ---------------------------------------

    def print_roster(self) -> None:
        roster_jobs.print_roster(self, *self.range(), self.post_id(), self.today())

    def print_slips(self) -> None:
        roster_jobs.print_slips(self, *self.range())

    def export(self) -> None:
        roster_jobs.export_roster(self, *self.range(), self.post_id(), self.today())

    def stop_work(self) -> None:
        """Cancel and wait for a generation still running (the window is closing)."""
        if self.task is not None:
            self.task.stop()


def _ids(shift: duty_queries.ShiftLine) -> set[int]:
    return {m.assignment_id for m in shift.members}
