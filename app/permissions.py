"""What each role sees: menu entries and buttons the signed-in operator may not use are hidden.

The one save path refuses such changes anyway (db.session.require); hiding them spares the clerk a
button that only says no. Dialogs are covered as they open (an application-wide Show filter), so a
new screen needs only its buttons' object names listed here.
"""

from __future__ import annotations

from PyQt6.QtCore import QEvent, QObject
from PyQt6.QtGui import QAction
from PyQt6.QtWidgets import QAbstractButton, QApplication, QDialog, QWidget

from db import session
from db.session import Can

#: Object name of an action or a button → what it needs.
NEEDS = {
    # 户籍花名册
    "action_new_household": Can.EDIT,
    "action_new_person": Can.EDIT,
    "action_edit": Can.EDIT,
    "action_edit_household": Can.EDIT,
    "action_move": Can.EDIT,
    "action_mark_left": Can.EDIT,
    "action_mark_household_left": Can.EDIT,
    "action_undo": Can.EDIT,
    "action_register_case": Can.EDIT,
    # 隔离管控台账 and 首页
    "action_new_case": Can.EDIT,
    "action_change_status": Can.EDIT,
    "action_readings": Can.EDIT,
    "action_print": Can.PRINT,
    "enterReadings": Can.EDIT,
    "nextStepButton": Can.EDIT,
    # the case file
    "caseEdit": Can.EDIT,
    "caseChangeStatus": Can.EDIT,
    "casePrint": Can.PRINT,
    "addFollowUp": Can.EDIT,
    "needMet": Can.EDIT,
    # 入户排查 (round dialogs, key areas, 首页's 入户排查异常)
    "createRound": Can.EDIT,
    "acceptGaps": Can.EDIT,
    "printGaps": Can.PRINT,
    "screeningOpenCase": Can.EDIT,
    "screeningLinkCase": Can.EDIT,
    "screeningHandled": Can.EDIT,
    "findingHandled": Can.EDIT,
    "addKeyArea": Can.SETTINGS,
    "endKeyArea": Can.SETTINGS,
    "saveKeyAreaDays": Can.SETTINGS,
    # 值班排班 (its tabs' buttons and keys)
    "dutyPersonNew": Can.EDIT,
    "dutyPersonEdit": Can.EDIT,
    "dutyPersonStop": Can.EDIT,
    "action_duty_person_new": Can.EDIT,
    "dutyImport": Can.IMPORT,
    "dutyPostNew": Can.EDIT,
    "dutyPostEdit": Can.EDIT,
    "dutyPostStop": Can.EDIT,
    "action_duty_post_new": Can.EDIT,
    # 卡点登记 (the page and 首页's 卡点异常)
    "checkpointNew": Can.EDIT,
    "checkpointEdit": Can.EDIT,
    "checkpointExport": Can.EXPORT,
    "gateSave": Can.EDIT,
    "gateOpenCase": Can.EDIT,
    "gateTurnBack": Can.EDIT,
    "checkpointFlaggedCase": Can.EDIT,
    # menus of the main window
    "action_import": Can.IMPORT,
    "action_import_cases": Can.IMPORT,
    "action_export": Can.EXPORT,
    "action_export_isolation": Can.EXPORT,
    "action_backups": Can.BACKUP,
    "action_village": Can.SETTINGS,
    "action_policies": Can.SETTINGS,
    "action_key_areas": Can.SETTINGS,
    "action_pushed_deadline": Can.SETTINGS,
    "action_import_pushed": Can.IMPORT,
    "action_notice_text": Can.SETTINGS,
    "action_release_text": Can.SETTINGS,
    "action_accounts": Can.ACCOUNTS,
    "action_audit": Can.ACCOUNTS,
}


def apply(root: QWidget) -> None:
    """Show or hide root's named entries. Qt finds them by name itself: asking every button for its name
    would wrap Qt's own unnamed ones (a table's corner button …), whose wrappers outlive them when Qt deletes
    them, and a later object at the same address would be reached through a dead wrapper (a crash)."""
    for name, need in NEEDS.items():
        allowed = session.may(need)
        for item in (*root.findChildren(QAction, name), *root.findChildren(QAbstractButton, name)):
            item.setVisible(allowed)


class DialogPermissions(QObject):
    """Applies the rules to every dialog as it is shown."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog):
            apply(watched)
        return False
