"""The main window: module navigation on the left, the module's page on the right, counts below.

The window is shown first and filled right after (`start`): only Qt is imported before it appears, so
the clerk sees it at once; the database, the pages and their data follow within a fraction of a second.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PyQt6.QtCore import QSettings
from PyQt6.QtGui import QAction, QKeySequence
from PyQt6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import fit_screen_size
from app.page_actions import PageActions, focus_search
from app.window_commands import WindowCommands
from app.window_operators import OperatorActions

if TYPE_CHECKING:
    from app.backup_actions import AutomaticBackups
    from app.checkpoint.page import CheckpointPage
    from app.duty.page import DutyPage
    from app.idle_lock import IdleLock
    from app.pushed.page import PushedPage
    from app.quarantine.home_page import HomePage
    from app.quarantine.ledger_page import LedgerPage
    from app.reports.page import ReportPage
    from app.roster.page import RosterPage
    from app.screening.page import ScreeningPage
    from app.tasks import BackgroundTask
    from app.township.page import TownshipPage


def _holds_practice_only() -> bool:
    """The open file is the demo's or still empty: only then may a practice window skip the sign-in."""
    from db.demo import database_is_empty
    from db.queries import village as vq

    return vq.is_practice() or database_is_empty()


#: Modules in the order the navigation shows them; later issues add theirs here. 首页 opens at start.
MODULES = ("首页", "隔离管控台账", "户籍花名册", "入户排查", "核查名单", "值班排班", "卡点登记", "上报", "乡镇汇总")


class MainWindow(WindowCommands, OperatorActions, QMainWindow):
    """The program's one window: it opens the file, signs the operator in and holds the pages."""

    def __init__(self, db_path: Path, first_run: bool = True, practice_people: int | None = None) -> None:
        super().__init__()
        self.db_path = db_path
        #: Set for the practice file (app/practice.py): the demo village's size if it must be built.
        self.practice_people = practice_people
        self.restored_notice: QMessageBox | None = None
        self.asks = first_run  # an installation check (--smoke) and most tests ask nothing
        self.setWindowTitle(f"村级疫情防控台账 — {db_path.name}")
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.addItems(list(MODULES))
        self.nav.setFixedWidth(130)
        self.nav.setStyleSheet("QListWidget { font-size: 15px; } QListWidget::item { padding: 10px 8px; }")
        self.pages = QStackedWidget()
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        central = QWidget()
        from app.practice import practice_banner

        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.practice_banner = practice_banner()  # shown on a practice file only (show_practice_mark)
        column.addWidget(self.practice_banner)
        row = QHBoxLayout()
        column.addLayout(row, 1)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        if practice_people is not None:
            self.show_practice_mark()
        self.status = QLabel("正在打开数据……")
        self.status.setObjectName("statusCounts")
        self.statusBar().addWidget(self.status, 1)
        self._restore_geometry()
        self.task: BackgroundTask | None = None
        #: The daily and exit backups (app/backup_actions.py); made once the file is open.
        self.backups: AutomaticBackups | None = None
        self._started = False
        self.operator = QLabel()
        self.operator.setObjectName("operatorLabel")
        self.statusBar().addPermanentWidget(self.operator)
        self.roster: RosterPage
        self.home: HomePage
        self.ledger: LedgerPage
        self.pushed: PushedPage
        self.screening: ScreeningPage
        self.duty: DutyPage
        self.checkpoint: CheckpointPage
        self.report: ReportPage
        self.township: TownshipPage
        self.idle_lock: IdleLock | None = None

    def start(self) -> None:
        """Open the database (unless it is open already), build the pages and fill them."""
        from app.backup_actions import AutomaticBackups
        from db.queries import village as vq

        self._open_file()
        practice = self.practice_people is not None and _holds_practice_only()
        if self.asks and not practice and not self._sign_in():  # practice asks no password
            self.close()  # the clerk chose 退出程序: nothing was shown
            return
        self._build_pages()
        self._make_menus()
        self._bind_page_actions()
        self.operator_changed()
        if practice or vq.is_practice():
            self.show_practice_mark()
        self._fill_pages(practice)
        self._started = True
        self.backups = AutomaticBackups(self, self.db_path)
        self.backups.start_daily()

    def _open_file(self) -> None:
        """Check and open the file, unless this window's file is open already."""
        from app.backup_actions import check_file
        from db.base import database
        from db.connection import open_database

        bound = database.obj
        if bound is None or bound.is_closed() or Path(bound.database) != self.db_path:
            check_file(self.db_path, self, self.asks)
            open_database(self.db_path)
            self._say_restored_triggers()

    def _build_pages(self) -> None:
        """首页, 隔离管控 and 花名册, wired to each other and to the window."""
        from app.quarantine.home_page import HomePage
        from app.quarantine.ledger_page import LedgerPage
        from app.roster.page import RosterPage
        from app.screening.page import ScreeningPage

        self.home = HomePage()
        self.ledger = LedgerPage()
        self.home.enter_readings.connect(self.ledger.enter_readings)
        self.home.alert_chosen.connect(self.record_fever_action)
        self.home.open_case.connect(self.ledger.open_file)
        self.ledger.changed.connect(self.home.refresh)
        self.home.new_case_requested.connect(lambda: self.ledger.new_case())
        for page in (self.home, self.ledger):  # first steps on an empty ledger, and the township's list
            page.import_cases_requested.connect(self.import_cases)
            page.import_roster_requested.connect(self.import_roster)
            page.export_isolation_requested.connect(self.export_isolation_list)
        self.roster = RosterPage()
        self.roster.register_case.connect(self.register_case)
        self.roster.import_requested.connect(self.import_roster)  # the empty roster's 导入花名册…
        self.screening = ScreeningPage()
        self.screening.roster_changed.connect(lambda: self.roster.reload())
        self.screening.cases_changed.connect(lambda: (self.ledger.reload(), self.home.refresh()))
        self.screening.new_round_requested.connect(self.new_screening_round)
        self.screening.job_requested.connect(self.screening_job)
        for page in (self.home, self.ledger, self.roster, self.screening):
            self.pages.addWidget(page)
        self.nav.setCurrentRow(0)
        self._page_status: dict[QWidget, str] = {}
        for page in (self.home, self.ledger, self.roster, self.screening):
            signal = getattr(page, "status_changed", None)
            if signal is not None:
                signal.connect(lambda text, page=page: self._set_page_status(page, text))
        self._build_pushed_page()
        self._build_duty_page()
        self._build_checkpoint_page()
        self._build_report_page()
        self.pages.currentChanged.connect(lambda _index: self._show_page_status())

    def _build_pushed_page(self) -> None:
        """核查名单 (app/pushed), the last module: its saves re-read 首页 and the ledger; 首页's overdue list
        opens a batch there. Its export_feedback_requested and open_household_in_screening are for the window
        to wire to those jobs."""
        from app.pushed.page import PushedPage

        self.pushed = PushedPage()
        self.pages.addWidget(self.pushed)
        self.pushed.status_changed.connect(lambda text: self._set_page_status(self.pushed, text))
        self.pushed.changed.connect(self.home.refresh)
        self.pushed.case_opened.connect(lambda _case_id: self.ledger.reload())
        self.pushed.export_feedback_requested.connect(self.export_feedback)
        self.pushed.open_household_in_screening.connect(self.screen_household)

        def show_batch(batch_id: int) -> None:
            self.nav.setCurrentRow(MODULES.index("核查名单"))
            self.pushed.show_batch(batch_id)

        self.home.pushed_overdue.batch_chosen.connect(show_batch)

    def _build_duty_page(self) -> None:
        """值班排班 (app/duty), after 核查名单: it reads its lists each time it is shown."""
        from app.duty.page import DutyPage

        self.duty = DutyPage()
        self.pages.addWidget(self.duty)
        self.duty.status_changed.connect(lambda text: self._set_page_status(self.duty, text))

    def _build_checkpoint_page(self) -> None:
        """卡点登记 (app/checkpoint): its entries and outcomes re-read 首页; a case opened there, the ledger."""
        from app.checkpoint.page import CheckpointPage

        self.checkpoint = CheckpointPage()
        self.pages.addWidget(self.checkpoint)
        self.checkpoint.status_changed.connect(lambda text: self._set_page_status(self.checkpoint, text))
        self.checkpoint.changed.connect(self.home.refresh)
        self.checkpoint.case_opened.connect(lambda _case_id: self.ledger.reload())
        self.home.checkpoint_flagged.case_opened.connect(lambda _case_id: self.checkpoint.reload())

    def _build_report_page(self) -> None:
        """上报 (app/reports): it computes the day's report each time it is shown; then 乡镇汇总 (app/township),
        shown only on a township's PC (apply_mode)."""
        from app.reports.page import ReportPage
        from app.township.page import TownshipPage

        self.report = ReportPage()
        self.pages.addWidget(self.report)
        self.report.status_changed.connect(lambda text: self._set_page_status(self.report, text))
        self.township = TownshipPage()
        self.pages.addWidget(self.township)
        self.township.status_changed.connect(lambda text: self._set_page_status(self.township, text))

    def apply_mode(self) -> None:
        """本机用途 (村庄设置): a village's PC has no 乡镇汇总; a township's opens on it."""
        from db.day_packages import is_township

        township = is_township()
        row = MODULES.index("乡镇汇总")
        self.nav.item(row).setHidden(not township)
        if township:
            self.nav.setCurrentRow(row)
        elif self.nav.currentRow() == row:
            self.nav.setCurrentRow(0)

    def _fill_pages(self, practice: bool) -> None:
        """An empty file starts the first run (or builds the practice village); any other is read."""
        from db.queries import village as vq

        if practice and vq.village() is None and self.asks and self.practice_people is not None:
            from app.practice import build_practice_village

            build_practice_village(self, self.practice_people)  # the clerk's ledger is never offered a demo
        elif vq.village() is None and self.asks:
            self.first_run()
        else:
            self.roster.reload()
        self.home.refresh()
        self.ledger.reload()
        self.apply_mode()

    def show_practice_mark(self) -> None:
        """A practice file says so on top and in the title (app/practice.py); the clerk's ledger never does."""
        from app.practice import TITLE_MARK

        self.practice_banner.show()
        self.setWindowTitle(f"村级疫情防控台账 {TITLE_MARK} — {self.db_path.name}")

    def _say_restored_triggers(self) -> None:
        """Someone removed the audit trail's protection outside the program: it is back, and the clerk is told
        (a window-modal box that does not block the start, so an installation check still ends by itself)."""
        from db import audit_guard, connection

        if connection.restored_triggers:
            message = audit_guard.restored_message(connection.restored_triggers)
            self.restored_notice = QMessageBox(
                QMessageBox.Icon.Warning,
                "操作记录保护已恢复",
                f"{message}\n\n有人在本程序之外改动过数据库文件，请在“账户 → 操作记录”中核对最近的记录。",
                parent=self,
            )
            self.restored_notice.open()

    # --- menus ---------------------------------------------------------------------------------

    def _make_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        self._add(file_menu, "导入花名册…", "Ctrl+I", self.import_roster, "action_import")
        self._add(file_menu, "导出花名册…", "Ctrl+E", self.export_roster, "action_export")
        self._add(file_menu, "导入隔离台账…", None, self.import_cases, "action_import_cases")
        self._add(file_menu, "导出隔离人员名单…", None, self.export_isolation_list, "action_export_isolation")
        self._add(file_menu, "导入核查名单…", None, lambda: self.pushed.import_list(), "action_import_pushed")
        file_menu.addSeparator()
        self._add(file_menu, "备份与恢复…", None, self.open_backups, "action_backups")
        file_menu.addSeparator()
        self._add(file_menu, "退出", QKeySequence.StandardKey.Quit, self.close, "action_quit")
        edit_menu = self.menuBar().addMenu("编辑(&E)")
        edit_menu.addAction(self.roster.actions_by_name["undo"])
        self._add(edit_menu, "查找", QKeySequence.StandardKey.Find, lambda: focus_search(self.pages), "action_find")
        edit_menu.addSeparator()
        for name in (
            "new_household",
            "new_person",
            "edit",
            "edit_household",
            "move",
            "mark_left",
            "mark_household_left",
            "register_case",
        ):
            edit_menu.addAction(self.roster.actions_by_name[name])
        cases_menu = self.menuBar().addMenu("管控(&Q)")
        for name in ("new_case", "open_file", "change_status", "print"):
            cases_menu.addAction(self.ledger.actions_by_name[name])
        self._add(cases_menu, "体温录入…", "Ctrl+T", self.ledger.enter_readings, "action_readings")
        settings_menu = self.menuBar().addMenu("设置(&S)")
        self._add(settings_menu, "村庄信息和网格…", None, self.edit_village, "action_village")
        self._add(settings_menu, "管控政策…", None, self.edit_policies, "action_policies")
        self._add(settings_menu, "重点地区…", None, self.edit_key_areas, "action_key_areas")
        self._add(settings_menu, "核查名单反馈时限…", None, self.edit_pushed_deadline, "action_pushed_deadline")
        self._add(settings_menu, "告知书文字…", None, lambda: self.edit_template("notice"), "action_notice_text")
        self._add(
            settings_menu, "解除告知书文字…", None, lambda: self.edit_template("release_notice"), "action_release_text"
        )
        account_menu = self.menuBar().addMenu("账户(&A)")
        self._add(account_menu, "锁定屏幕", "Ctrl+Alt+L", self.lock, "action_lock")
        self._add(account_menu, "切换操作员…", None, self.switch_operator, "action_switch")
        self._add(account_menu, "修改我的密码…", None, self.change_password, "action_password")
        account_menu.addSeparator()
        self._add(account_menu, "操作员管理…", None, self.manage_accounts, "action_accounts")
        self._add(account_menu, "操作记录…", None, self.show_audit, "action_audit")
        help_menu = self.menuBar().addMenu("帮助(&H)")
        self._add(help_menu, "使用说明", QKeySequence.StandardKey.HelpContents, self.show_help, "action_help")
        help_menu.addSeparator()
        self._add(help_menu, "关于", None, self.about, "action_about")

    def _bind_page_actions(self) -> None:
        """花名册's and 台账's entries act on what is chosen on their page: only while it is shown
        (app/page_actions.py). 打印 from another page offers the day's papers, not the ledger's hidden choice."""
        roster = self.roster.actions_by_name
        roster["find"].setShortcut(QKeySequence())  # the window's 查找 serves every page's search
        self.page_actions = PageActions(self.pages)
        self.page_actions.bind(self.roster, [a for name, a in roster.items() if name != "find"])
        ledger = self.ledger.actions_by_name
        self.page_actions.bind(self.ledger, [ledger["open_file"], ledger["change_status"]])
        self.page_actions.bind(self.pushed, list(self.pushed.actions_by_name.values()))
        ledger["print"].triggered.disconnect()
        ledger["print"].triggered.connect(
            lambda: self.ledger.print_papers(case_ids=None if self.pages.currentWidget() is self.ledger else [])
        )

    def _set_page_status(self, page: QWidget, text: str) -> None:
        self._page_status[page] = text
        self._show_page_status()

    def _show_page_status(self) -> None:
        """The status bar speaks of the page that is shown (首页 does not say the roster's count)."""
        shown = self.pages.currentWidget()
        self.status.setText(self._page_status.get(shown, "") if shown is not None else "")

    def _add(self, menu, text, shortcut, slot, name) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # --- window state (per PC, not in the database) --------------------------------------------

    def _settings(self) -> QSettings:
        return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "VillageLedger", "ui")

    def _restore_geometry(self) -> None:
        geometry = self._settings().value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            room = self.screen().availableGeometry() if self.screen() else None
            # 1280×700 on an office screen (within its room), most of a big one
            fit_screen_size(
                self,
                max(1280, int(room.width() * 0.85)) if room else 1280,
                max(700, int(room.height() * 0.85)) if room else 700,
            )

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.task is not None:
            self.task.stop()
        self._settings().setValue("main/geometry", self.saveGeometry())
        if getattr(self, "roster", None) is not None:
            self.roster.shutdown()
        if getattr(self, "duty", None) is not None:
            self.duty.roster.stop_work()  # a generation still running: cancelled, nothing half written
        if self._started and self.backups is not None:  # the file was opened (not a window over a refused one)
            self.backups.on_exit()
        super().closeEvent(event)

    # --- commands ------------------------------------------------------------------------------

    def register_case(self, person_id: int) -> None:
        """From the roster: register the chosen person, then show them in the ledger."""
        if self.ledger.new_case(person_id) is not None:
            self.nav.setCurrentRow(MODULES.index("隔离管控台账"))

    def bring_forward(self) -> None:
        """Another start asked for this database: show this window instead."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()

    def open_backups(self) -> None:
        from app.backup_dialog import BackupDialog

        BackupDialog(self.db_path, self.restore_backup, self).exec()

    def restore_backup(self, path: Path) -> None:
        """Put the backup in the file's place (app/backup_actions.py) and show it, signed in again."""
        from app.backup_actions import restore

        if self.task is not None:
            self.task.stop()
        if self.backups is not None:
            self.backups.wait()
        restore(self.db_path, path, self._reload_pages)
        self._sign_in_again()

    def _reload_pages(self) -> None:
        self.roster.reload()
        self.ledger.reload()
        self.home.refresh()
        self.screening.reload()
        self.pushed.reload()
        self.duty.reload()
        self.checkpoint.reload()
