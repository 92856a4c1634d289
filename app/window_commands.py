"""The main window's commands that open a dialog or a task of their own (import, export, settings, help).

A part of MainWindow (app/main_window.py), kept apart so that the window stays about its pages.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PyQt6.QtWidgets import QInputDialog, QListWidget, QMainWindow, QMessageBox, QStackedWidget

if TYPE_CHECKING:
    from app.pushed.page import PushedPage
    from app.quarantine.home_page import HomePage
    from app.quarantine.ledger_page import LedgerPage
    from app.roster.page import RosterPage
    from app.screening.page import ScreeningPage
    from app.tasks import BackgroundTask

    _Window = QMainWindow
else:
    _Window = object


class WindowCommands(_Window):
    """Menu commands; MainWindow provides the pages, the file and `task`."""

    db_path: Path
    roster: RosterPage
    ledger: LedgerPage
    home: HomePage
    screening: ScreeningPage
    pushed: PushedPage
    nav: QListWidget
    pages: QStackedWidget
    task: BackgroundTask | None

    def apply_mode(self) -> None: ...

    def record_fever_action(self, reading_id: int) -> None:
        from app.quarantine.fever_dialog import FeverActionDialog

        FeverActionDialog(reading_id, self).exec()
        self.home.refresh()

    def first_run(self) -> None:
        from app.village_setup import FirstRunDialog

        dialog = FirstRunDialog(self)
        dialog.exec()
        self.roster.reload()
        self.apply_mode()

    def edit_village(self) -> None:
        from app.village_setup import VillageSettingsDialog

        VillageSettingsDialog(self).exec()
        self.roster.reload()
        self.apply_mode()

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

    def export_isolation_list(self) -> None:
        from app.quarantine.export_action import export_isolation_list

        export_isolation_list(self)

    def edit_policies(self) -> None:
        from app.quarantine.policy_dialog import PolicyDialog

        PolicyDialog(self).exec()
        self.ledger.reload()
        self.home.refresh()

    def screening_job(self, key: str) -> None:
        """The screening page's 纸质表和文件 menu, for the round it shows (app/screening/round_jobs.py)."""
        from app.screening import round_jobs
        from app.screening.import_dialog import open_screening_import

        chosen = self.screening.current_round
        if chosen is None:
            return
        today = self.screening.today()
        if key == "field_sheets":
            round_jobs.print_field_sheets(self, chosen)
        elif key == "gaps":
            round_jobs.print_gaps(self, chosen, today)
        elif key == "export":
            round_jobs.export_register(self, chosen, today)
        elif open_screening_import(chosen.id, self):
            self.screening.reload(chosen.id)
            self.roster.reload()  # people met who were not on it were added as 暂住
            self.home.refresh()

    def export_feedback(self, batch_id: int) -> None:
        """核查名单's 导出反馈表…: the township's sheet back with the village's findings, dated (反馈日期) by the
        page's clock, the one its steps are dated with."""
        from app.export_task import export_with_progress
        from forms.feedback_export import default_file_name, export_feedback

        today = self.pushed.now().date()
        export_with_progress(
            self,
            "核查反馈表",
            default_file_name(batch_id, today),
            lambda path, progress: export_feedback(batch_id, path, progress, today),
            lambda count: f"核查反馈表已导出 {count} 人",
        )

    def screen_household(self, household_id: int) -> None:
        """核查名单's 入户排查: the screening page at the person's household, in the round shown there."""
        self.nav.setCurrentRow(self.pages.indexOf(self.screening))
        if not self.screening.show_household(household_id):
            text = "当前排查轮次不包括此户所在网格（或还没有进行中的轮次），请先新建或选择轮次。"
            self.screening.entry.say(text, problem=True)

    def edit_pushed_deadline(self) -> None:
        """设置 → 核查名单反馈时限: the hours a list's names have when the list names no deadline of its own."""
        from db.errors import LedgerError
        from db.settings_values import PUSHED_DEADLINE_HOURS, set_value, value

        hours, ok = QInputDialog.getInt(
            self,
            "核查名单反馈时限",
            "名单未写明反馈时限时，自收到起的小时数（已导入的名单不变）：",
            value(PUSHED_DEADLINE_HOURS),
            PUSHED_DEADLINE_HOURS.low,
            PUSHED_DEADLINE_HOURS.high,
        )
        if not ok:
            return
        try:
            set_value(PUSHED_DEADLINE_HOURS, hours)
        except LedgerError as exc:
            QMessageBox.warning(self, "核查名单反馈时限", str(exc))

    def edit_key_areas(self) -> None:
        """设置 → 重点地区: the list and its days judge every finding, so 首页 and the screening page re-read."""
        from app.screening.key_area_dialog import KeyAreaDialog

        KeyAreaDialog(self, today=date.today()).exec()
        self.home.refresh()
        self.screening.reload()

    def new_screening_round(self) -> None:
        """The screening page's 新建轮次…: the dialog, then the page shows the new round."""
        from app.screening.round_dialog import RoundDialog

        dialog = RoundDialog(self, today=self.screening.today())
        if dialog.exec() and dialog.round_id is not None:
            self.screening.reload(dialog.round_id)

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

        self.task = BackgroundTask(
            self,
            "正在导出花名册……",
            lambda p: write_to(target, password, lambda path: export_roster(path, p)),
            done,
            lambda exc: self.show_error("导出花名册", exc),
        ).start()

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
