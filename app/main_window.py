"""The main window: module navigation on the left, the module's page on the right, counts below.

The window is shown first and filled right after (`start`): only Qt is imported before it appears, so
the clerk sees it at once; the database, the pages and their data follow within a fraction of a second.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PyQt6.QtCore import QSettings, pyqtSignal
from PyQt6.QtGui import QAction, QKeySequence
from PyQt6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import confirm, fit_screen_size
from app.page_actions import PageActions, focus_search

if TYPE_CHECKING:
    from app.idle_lock import IdleLock
    from app.quarantine.home_page import HomePage
    from app.quarantine.ledger_page import LedgerPage
    from app.roster.page import RosterPage
    from app.tasks import BackgroundTask

def _holds_practice_only() -> bool:
    """The open file is the demo's or still empty: only then may a practice window skip the sign-in."""
    from db.demo import database_is_empty
    from db.queries import village as vq

    return vq.is_practice() or database_is_empty()


#: Modules in the order the navigation shows them; later issues add theirs here. 首页 opens at start.
MODULES = ("首页", "隔离管控台账", "户籍花名册")


class MainWindow(QMainWindow):
    #: From the backup thread (a queued signal reaches the window on the UI thread).
    backup_failed = pyqtSignal(str)
    backup_made = pyqtSignal(Path, str)

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
        self._backup_thread: threading.Thread | None = None
        self._started = False
        self.backup_failed.connect(lambda text: QMessageBox.warning(self, "自动备份没有成功", text))
        self.backup_made.connect(self._note_backup)
        self.operator = QLabel()
        self.operator.setObjectName("operatorLabel")
        self.statusBar().addPermanentWidget(self.operator)
        self.roster: RosterPage
        self.home: HomePage
        self.ledger: LedgerPage
        self.idle_lock: IdleLock | None = None

    def start(self) -> None:
        """Open the database (unless it is open already), build the pages and fill them."""
        from app.roster.page import RosterPage
        from db.base import database
        from db.connection import open_database
        from db.queries import village as vq

        bound = database.obj
        if bound is None or bound.is_closed() or Path(bound.database) != self.db_path:
            self._check_file()
            open_database(self.db_path)
            self._say_restored_triggers()
        practice = self.practice_people is not None and _holds_practice_only()
        if self.asks and not practice and not self._sign_in():  # practice asks no password
            self.close()  # the clerk chose 退出程序: nothing was shown
            return
        from app.quarantine.home_page import HomePage
        from app.quarantine.ledger_page import LedgerPage

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
        for page in (self.home, self.ledger, self.roster):
            self.pages.addWidget(page)
        self.nav.setCurrentRow(0)
        self._page_status: dict[QWidget, str] = {}
        for page in (self.home, self.ledger, self.roster):
            signal = getattr(page, "status_changed", None)
            if signal is not None:
                signal.connect(lambda text, page=page: self._set_page_status(page, text))
        self.pages.currentChanged.connect(lambda _index: self._show_page_status())
        self._make_menus()
        self._bind_page_actions()
        self.operator_changed()
        if practice or vq.is_practice():
            self.show_practice_mark()
        if practice and vq.village() is None and self.asks and self.practice_people is not None:
            from app.practice import build_practice_village

            build_practice_village(self, self.practice_people)  # the clerk's ledger is never offered a demo
        elif vq.village() is None and self.asks:
            self.first_run()
        else:
            self.roster.reload()
        self.home.refresh()
        self.ledger.reload()
        self._started = True
        self._start_daily_backup()

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
            self.restored_notice = QMessageBox(QMessageBox.Icon.Warning, "操作记录保护已恢复",
                                               f"{message}\n\n有人在本程序之外改动过数据库文件，"
                                               "请在“账户 → 操作记录”中核对最近的记录。", parent=self)
            self.restored_notice.open()

    # --- menus ---------------------------------------------------------------------------------

    def _make_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        self._add(file_menu, "导入花名册…", "Ctrl+I", self.import_roster, "action_import")
        self._add(file_menu, "导出花名册…", "Ctrl+E", self.export_roster, "action_export")
        self._add(file_menu, "导入隔离台账…", None, self.import_cases, "action_import_cases")
        self._add(file_menu, "导出隔离人员名单…", None, self.export_isolation_list, "action_export_isolation")
        file_menu.addSeparator()
        self._add(file_menu, "备份与恢复…", None, self.open_backups, "action_backups")
        file_menu.addSeparator()
        self._add(file_menu, "退出", QKeySequence.StandardKey.Quit, self.close, "action_quit")
        edit_menu = self.menuBar().addMenu("编辑(&E)")
        edit_menu.addAction(self.roster.actions_by_name["undo"])
        self._add(edit_menu, "查找", QKeySequence.StandardKey.Find, lambda: focus_search(self.pages), "action_find")
        edit_menu.addSeparator()
        for name in ("new_household", "new_person", "edit", "edit_household", "move", "mark_left",
                     "mark_household_left", "register_case"):
            edit_menu.addAction(self.roster.actions_by_name[name])
        cases_menu = self.menuBar().addMenu("管控(&Q)")
        for name in ("new_case", "open_file", "change_status", "print"):
            cases_menu.addAction(self.ledger.actions_by_name[name])
        self._add(cases_menu, "体温录入…", "Ctrl+T", self.ledger.enter_readings, "action_readings")
        settings_menu = self.menuBar().addMenu("设置(&S)")
        self._add(settings_menu, "村庄信息和网格…", None, self.edit_village, "action_village")
        self._add(settings_menu, "管控政策…", None, self.edit_policies, "action_policies")
        self._add(settings_menu, "告知书文字…", None, lambda: self.edit_template("notice"), "action_notice_text")
        self._add(settings_menu, "解除告知书文字…", None, lambda: self.edit_template("release_notice"),
                  "action_release_text")
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
        ledger["print"].triggered.disconnect()
        ledger["print"].triggered.connect(
            lambda: self.ledger.print_papers(case_ids=None if self.pages.currentWidget() is self.ledger else []))

    def _set_page_status(self, page: QWidget, text: str) -> None:
        self._page_status[page] = text
        self._show_page_status()

    def _show_page_status(self) -> None:
        """The status bar speaks of the page that is shown (首页 does not say the roster's count)."""
        shown = self.pages.currentWidget()
        self.status.setText(self._page_status.get(shown, "") if shown is not None else "")

    def _hide_empty_menus(self) -> None:
        """A menu whose every entry this operator may not use is not shown at all (只读: no 设置)."""
        bar = self.menuBar()
        for menu in bar.findChildren(QMenu) if bar is not None else []:
            if menu.parent() is bar:
                menu.menuAction().setVisible(any(a.isVisible() and not a.isSeparator() for a in menu.actions()))

    def _add(self, menu, text, shortcut, slot, name) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # --- operators (db/accounts.py): sign-in, what the role shows, the idle lock ------------------

    def _sign_in(self) -> bool:
        """A database without accounts asks for its administrator; one with accounts, for a sign-in."""
        from app.sign_in import CreateAdminDialog, SignInDialog
        from db import accounts

        dialog = SignInDialog(self) if accounts.has_operators() else CreateAdminDialog(self)
        return bool(dialog.exec())

    def operator_changed(self) -> None:
        from app import permissions
        from app.idle_lock import IdleLock
        from db import accounts

        current = accounts.refresh_session()
        self.operator.setText(f"操作员：{current.name}（{current.role.value}）" if current else "")
        for name in ("action_lock", "action_switch", "action_password"):
            self.findChild(QAction, name).setVisible(current is not None and current.operator_id is not None)
        permissions.apply(self)
        self._hide_empty_menus()
        if current is not None:
            if self.idle_lock is None:
                self.idle_lock = IdleLock(self, self.switch_operator)
                permissions.DialogPermissions(self)
            self.idle_lock.set_minutes(accounts.lock_minutes())

    def lock(self) -> None:
        if self.idle_lock is not None:
            self.idle_lock.lock()

    def switch_operator(self) -> bool:
        from app.sign_in import SignInDialog

        if not SignInDialog(self, cancel_text="取消").exec():
            return False
        self.operator_changed()
        return True

    def change_password(self) -> None:
        from app.sign_in import PasswordDialog
        from db import session

        current = session.current()
        if current is None or current.operator_id is None:
            return
        if PasswordDialog(current.operator_id, current.name, own=True, parent=self).exec():
            QMessageBox.information(self, "修改密码", "密码已修改，下次登录请用新密码。")

    def manage_accounts(self) -> None:
        from app.accounts_dialog import AccountsDialog

        AccountsDialog(self).exec()
        self.operator_changed()  # a new lock time, or this operator's own role changed

    def show_audit(self) -> None:
        from app.audit_viewer import AuditDialog

        AuditDialog(self).exec()

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
            fit_screen_size(self, max(1280, int(room.width() * 0.85)) if room else 1280,
                            max(700, int(room.height() * 0.85)) if room else 700)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt API
        if self.task is not None:
            self.task.stop()
        self._settings().setValue("main/geometry", self.saveGeometry())
        if self._started:  # the database was opened (not a window closed over a refused file)
            if self._backup_thread is not None:
                self._backup_thread.join()
            self._backup("exit")  # every session ends with a checked copy (kept by rotation)
        super().closeEvent(event)

    def _check_file(self) -> None:
        """A damaged or foreign file is never opened (nor replaced by a new empty one): the clerk is told,
        and offered the newest good backup; anything else ends with a LedgerError naming the problem."""
        from db import backups
        from db.errors import LedgerError
        from db.rules.chinese_dates import long_date

        if not self.db_path.exists():
            return
        found = backups.problems(self.db_path, thorough=False)
        if not found:
            return
        if found[0].startswith("数据库文件已损坏："):  # the rest is SQLite's own check lines, in English
            found = ["数据库文件已损坏：文件内部的数据结构有错误，程序不能安全地读写它"]
        problem = "；".join(found)
        newest = backups.newest_good(self.db_path)
        if newest is None:
            raise LedgerError(f"{problem}。没有找到可用的备份，程序没有打开也没有改动这个文件。")
        held = backups.info(newest)
        made = f"{long_date(held.made_at.date())} {held.made_at:%H:%M}"
        question = (f"{problem}。\n\n最近的完好备份：{made}，{held.households} 户、"
                    f"{held.people} 人、{held.cases} 个管控对象。\n\n恢复备份：用这份备份代替损坏的文件"
                    "（损坏的文件另存在备份文件夹中，不会丢）。\n退出：不打开、也不改动这个文件。")
        if not self.asks or not confirm(self, "数据库文件已损坏", question, "恢复备份", "退出"):
            raise LedgerError(f"{problem}。可用备份：{newest}")
        backups.restore(newest, self.db_path)

    # --- automatic backups (db/backups.py): daily at the first start of a day, and on exit ---------

    def _start_daily_backup(self) -> None:
        """Off the UI thread: the window is usable while the day's copy is made."""
        from db import backups

        if backups.daily_backup_due(self.db_path):
            self._backup_thread = threading.Thread(target=self._backup, args=("daily",))
            self._backup_thread.start()

    def _backup(self, label: str) -> None:
        from db import backups
        from db.errors import LedgerError

        try:
            path = backups.make_backup(self.db_path, label)
            backups.rotate(backups.folder_for(self.db_path))
        except LedgerError as exc:  # the data itself is untouched; the clerk must still hear of it
            self.backup_failed.emit(str(exc))
        else:
            self.backup_made.emit(path, label)  # the audit entry is written on the UI thread, like every save

    def _note_backup(self, path: Path, label: str) -> None:
        from db import backups

        backups.note_backup(path, self.db_path, label, who=backups.AUTOMATIC)

    # --- commands ------------------------------------------------------------------------------

    def register_case(self, person_id: int) -> None:
        """From the roster: register the chosen person, then show them in the ledger."""
        if self.ledger.new_case(person_id) is not None:
            self.nav.setCurrentRow(MODULES.index("隔离管控台账"))

    def record_fever_action(self, reading_id: int) -> None:
        from app.quarantine.fever_dialog import FeverActionDialog

        FeverActionDialog(reading_id, self).exec()
        self.home.refresh()

    def first_run(self) -> None:
        from app.village_setup import FirstRunDialog


        dialog = FirstRunDialog(self)
        dialog.exec()
        self.roster.reload()

    def edit_village(self) -> None:
        from app.village_setup import VillageSettingsDialog

        VillageSettingsDialog(self).exec()
        self.roster.reload()

    def import_roster(self) -> None:
        from app.editors.import_dialog import ask_spreadsheet
        from app.roster.import_dialog import ImportDialog

        path = ask_spreadsheet(self, "选择花名册文件")
        if path is None:
            return
        dialog = ImportDialog(path, self)
        dialog.start()
        dialog.exec()
        if dialog.result_summary:
            self.roster.reload()
            self.ledger.reload()  # their first steps move on from 导入花名册
            self.home.refresh()

    def import_cases(self) -> None:
        from app.quarantine.case_import_dialog import open_case_import

        if open_case_import(self):
            self.roster.reload()  # visitors were added as 暂住
            self.ledger.reload()
            self.home.refresh()

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
        """Close the database, put the backup in its place (after a safety copy), open it and show it."""
        from db import backups
        from db.connection import close_database, open_database

        if self.task is not None:
            self.task.stop()
        if self._backup_thread is not None:
            self._backup_thread.join()
        close_database()
        try:
            safety = backups.restore(path, self.db_path)
        finally:
            open_database(self.db_path)  # the restored file, or the untouched one if the restore failed
            self.roster.reload()
            self.ledger.reload()
            self.home.refresh()
        backups.note_restore(path, safety)
        self._sign_in_again()

    def _sign_in_again(self) -> None:
        """After a restore: the file may not know who is signed in (a copy from before their account)."""
        from db import accounts, session

        if session.current() is not None and accounts.refresh_session() is None:
            if not self._sign_in():
                self.close()
                return
        self.operator_changed()

    def export_isolation_list(self) -> None:
        from app.quarantine.export_action import export_isolation_list

        export_isolation_list(self)

    def edit_policies(self) -> None:
        from app.quarantine.policy_dialog import PolicyDialog

        PolicyDialog(self).exec()
        self.ledger.reload()
        self.home.refresh()

    def edit_template(self, kind: str) -> None:
        from app.quarantine.template_dialog import TemplateDialog

        TemplateDialog(kind, self).exec()

    def export_roster(self) -> None:
        from app.export_notice import choose_target, tell_saved, write_to
        from app.tasks import BackgroundTask
        from db.queries import village as vq
        from forms.roster_export import export_roster

        village = vq.village()
        chosen = choose_target(self, "花名册", f"{village.name if village else ''}花名册_{date.today():%Y%m%d}.xlsx")
        if chosen is None:
            return
        target, password = chosen

        def done(count: int) -> None:
            sealed = "（已加密）" if password else ""
            tell_saved(self, target, f"已导出 {count} 人{sealed}到：\n{target}", "导出花名册")

        self.task = BackgroundTask(self, "正在导出花名册……",
                                   lambda p: write_to(target, password, lambda path: export_roster(path, p)), done,
                                   lambda exc: self.show_error("导出花名册", exc)).start()

    def show_error(self, title: str, exc: BaseException) -> None:
        from db.progress import Cancelled

        if isinstance(exc, Cancelled):
            QMessageBox.information(self, title, "已取消，数据没有任何改动。")
            return
        QMessageBox.warning(self, title, str(exc) or type(exc).__name__)

    def show_help(self) -> None:
        """使用说明 stays open beside the work (not modal); F1 again brings it forward."""
        from app.help_guide import HelpGuide

        if getattr(self, "help_guide", None) is None:
            self.help_guide = HelpGuide(self)
        self.help_guide.show()
        self.help_guide.raise_()
        self.help_guide.activateWindow()

    def about(self) -> None:
        from app.help_guide import AboutDialog

        AboutDialog(self.db_path, self).exec()



