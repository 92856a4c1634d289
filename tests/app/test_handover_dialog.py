"""导出到U盘 on screen: the sticks listed by label and free space (a read-only one greyed, none said plainly), the
day's workbook handed over into the stick's dated folder with 清单.json, and 上报记录 showing each attempt.

The sticks are real folders of the test's own: the dialog takes how it finds drives (db/drives.py reads the
system's mounts, which a test cannot make without privileges); the files are really written and read back."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QApplication

from app.reports.handover_dialog import HISTORY_TAB, NEEDS_PASSWORD, NO_DRIVE, HandOverDialog
from app.reports.page import ReportPage
from db import accounts, session
from db.drives import Drive
from db.handover_manifest import MANIFEST_NAME
from db.models import Role, Village
from db.queries.handover import handover_history
from forms.reports.definitions import daily
from tests.app.test_screen_tour import clerk_problems
from tests.conftest import HANG_GUARD_MS, close_next_message_box, save_screenshot
from tests.data.report_ledger import at, open_case, people

DEC_2 = date(2026, 12, 2)
GIB = 1 << 30


def stick(root: Path, label: str = "金士顿", writable: bool = True) -> Drive:
    """A real folder standing for a mounted stick, with its real free space."""
    root.mkdir(parents=True, exist_ok=True)
    usage = shutil.disk_usage(root)
    return Drive(root, label, usage.free, usage.total, writable)


def ledger(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two people under home isolation from 12月2日, and 李文书 signed in as administrator."""
    with at(datetime(2026, 12, 2, 9, 0), monkeypatch):
        folk = people(3)
        open_case(folk[0], DEC_2)
        open_case(folk[1], DEC_2)
    admin = accounts.create_operator("李文书", Role.ADMIN, "admin-pass")
    session.begin(session.Session(admin.name, Role.ADMIN, admin.id))
    Village.update(code="410122101201").execute()  # as the clerk wrote it in 村庄设置


def open_dialog(qtbot, drives) -> HandOverDialog:  # type: ignore[no-untyped-def]
    dialog = HandOverDialog(DEC_2, daily(), "王主任", drives=drives)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.windowHandle().requestActivate()  # shortcuts reach only the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=HANG_GUARD_MS)
    return dialog


def test_the_day_goes_on_the_stick_with_its_manifest_and_into_the_record(  # type: ignore[no-untyped-def]
    qtbot, db_path: Path, tmp_path: Path, output_dir: Path, monkeypatch: pytest.MonkeyPatch, on_modal
) -> None:
    ledger(monkeypatch)
    sticks: list[Drive] = []
    dialog = open_dialog(qtbot, lambda: list(sticks))
    assert dialog.no_drive.isVisible() and dialog.no_drive.text() == NO_DRIVE
    assert not dialog.start_button.isEnabled()

    # Two sticks plugged in after the dialog opened, one with its lock switch on: 刷新 (F5) finds them.
    sticks += [stick(tmp_path / "只读盘", "只读盘", writable=False), stick(tmp_path / "金士顿")]
    dialog.tabs.setFocus()
    qtbot.keyClick(dialog.tabs, Qt.Key.Key_F5)
    assert not dialog.no_drive.isVisible() and dialog.drive_list.count() == 2
    locked, good = dialog.drive_list.item(0), dialog.drive_list.item(1)
    assert locked.text().endswith("（只读）") and not locked.flags() & Qt.ItemFlag.ItemIsEnabled
    assert "可用" in good.text() and good.text().startswith("金士顿（")
    assert dialog.drive_list.currentRow() == 1  # the writable one, never the locked one
    folder = tmp_path / "金士顿" / "疫情防控上报" / "东风村20261202"
    assert dialog.folder_line.text() == f"将写入文件夹：{folder}"
    assert dialog.start_button.isEnabled() and dialog.start_button.isDefault()
    assert clerk_problems(dialog) == []
    save_screenshot(dialog, output_dir, "handover_dialog")

    notices: list[str] = []

    def read_notice(notice) -> None:  # type: ignore[no-untyped-def]
        notices.append(notice.windowTitle())
        notice.save()

    messages: list[str] = []
    on_modal(read_notice)
    close_next_message_box(messages)
    with at(datetime(2026, 12, 2, 17, 30), monkeypatch):
        qtbot.keyClick(dialog.drive_list, Qt.Key.Key_Return)  # Enter presses 开始导出, the default button
        qtbot.waitUntil(lambda: bool(messages), timeout=HANG_GUARD_MS)
    assert notices == ["导出到U盘：个人信息提示"]

    manifest = json.loads((folder / MANIFEST_NAME).read_bytes())
    assert manifest["village"] == "东风村" and manifest["day"] == "2026-12-02" and manifest["who"] == "李文书"
    assert manifest["village_code"] == "410122101201"
    [listed] = manifest["files"]
    assert listed["name"] == "日报表-20261202.xlsx"
    data = (folder / listed["name"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == listed["sha256"] and len(data) == listed["bytes"]
    assert sorted(p.name for p in folder.iterdir()) == sorted([MANIFEST_NAME, listed["name"]])
    assert messages[0].startswith("2026年12月2日的上报材料已导出到 U 盘")
    assert f"日报表-20261202.xlsx（{listed['rows']} 行）" in messages[0] and str(folder) in messages[0]
    assert messages[0].endswith(NEEDS_PASSWORD)  # not encrypted: the data package stays off the stick

    assert dialog.tabs.currentIndex() == HISTORY_TAB
    cells = [dialog.history.item(0, c).text() for c in range(dialog.history.columnCount())]
    files = f"日报表-20261202.xlsx（{listed['rows']} 行）"
    assert cells == ["2026年12月2日 17:30", "2026年12月2日", "金士顿", files, "李文书", "成功"]
    assert manifest["written_at"] == "2026-12-02T17:30:00"
    save_screenshot(dialog, output_dir, "handover_history")


def test_a_refused_hand_over_is_said_as_is_and_kept_in_red(  # type: ignore[no-untyped-def]
    qtbot, db_path: Path, tmp_path: Path, output_dir: Path, monkeypatch: pytest.MonkeyPatch, on_modal
) -> None:
    ledger(monkeypatch)
    blocked = stick(tmp_path / "旧U盘", "旧U盘")
    (blocked.root / "疫情防控上报").mkdir()
    (blocked.root / "疫情防控上报" / "东风村20261202").write_bytes(b"")  # a file where the day's folder must go
    dialog = open_dialog(qtbot, lambda: [blocked])
    messages: list[str] = []
    on_modal(lambda notice: notice.save())
    close_next_message_box(messages)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(messages), timeout=HANG_GUARD_MS)
    [record] = handover_history()
    assert not record.ok and messages == [record.note] and messages[0].startswith("写入 U 盘时出错")
    assert dialog.tabs.currentIndex() == HISTORY_TAB
    result = dialog.history.item(0, dialog.history.columnCount() - 1)
    assert result.text() == f"未完成：{record.note}" and result.toolTip() == record.note
    assert result.foreground().color().name() == "#c0392b"
    assert dialog.detail.text().endswith(f"未完成的原因：{record.note}")
    assert clerk_problems(dialog) == []
    save_screenshot(dialog, output_dir, "handover_failed")


def test_no_stick_is_said_and_ctrl_u_opens_the_dialog_from_the_report_page(  # type: ignore[no-untyped-def]
    qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch, on_modal
) -> None:
    ledger(monkeypatch)
    dialog = open_dialog(qtbot, lambda: [])
    assert dialog.no_drive.isVisible() and not dialog.drive_list.isVisible()
    assert not dialog.start_button.isEnabled() and dialog.history.rowCount() == 0
    assert "东风村20261202" in dialog.folder_line.text()
    assert clerk_problems(dialog) == []
    dialog.close()

    page = ReportPage(today=lambda: DEC_2)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page, timeout=HANG_GUARD_MS)
    assert page.handover_button.text() == "导出到U盘…" and "Ctrl+U" in page.handover_button.toolTip()
    opened: list[object] = []

    def look(found) -> None:  # type: ignore[no-untyped-def]
        opened.append((type(found), found.day, found.windowTitle()))
        found.reject()

    on_modal(look)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert opened == [(HandOverDialog, DEC_2, "导出到U盘")]
    assert QApplication.activeModalWidget() is None


def test_an_encrypted_hand_over_carries_the_day_package_the_township_loads(  # type: ignore[no-untyped-def]
    qtbot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on_modal
) -> None:
    """With 加密 ticked the stick gets the sealed workbook and the data package; the package reads back with the
    password and says the village, its code, the day and the same figures as the report."""
    from db.reports.figures import compute
    from forms.reports.day_package import read_day_package
    from forms.reports.definitions import daily

    ledger(monkeypatch)
    dialog = open_dialog(qtbot, lambda: [stick(tmp_path / "金士顿")])
    assert [box.text() for box in dialog.boxes][1].startswith("数据包") and dialog.boxes[1].isChecked()

    def encrypt(notice) -> None:  # type: ignore[no-untyped-def]
        notice.encrypt.setChecked(True)
        notice.password_box.setText("Xiang-zhen-2026")
        notice.again.setText("Xiang-zhen-2026")
        notice.save()

    messages: list[str] = []
    on_modal(encrypt)
    close_next_message_box(messages)
    with at(datetime(2026, 12, 2, 17, 30), monkeypatch):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(messages), timeout=HANG_GUARD_MS)
    folder = tmp_path / "金士顿" / "疫情防控上报" / "东风村20261202"
    manifest = json.loads((folder / MANIFEST_NAME).read_bytes())
    names = [f["name"] for f in manifest["files"]]
    assert names == ["日报表-20261202.zip", "数据包-东风村-410122101201-20261202.zip"]
    record = read_day_package(folder / names[1], "Xiang-zhen-2026")
    assert (record.village_name, record.village_code, record.day) == ("东风村", "410122101201", DEC_2)
    assert [r["figures"] for r in json.loads(record.figures)] == [r.figures for r in compute(daily(), DEC_2).rows]
    assert "数据包没有导出" not in messages[0]
