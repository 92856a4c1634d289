"""No English on the clerk's screens: Qt's own texts come in Chinese (its translations are installed at the
start and checked by --smoke), our decisive buttons say what they do, and every window the tests open here
shows Chinese only (tests/app/english_check.py says what counts as English)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from PyQt6.QtCore import Qt, QUrl
from PyQt6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox, QPushButton

from tests.app.english_check import english_in, english_words, menu_english, visible_texts
from tests.conftest import HANG_GUARD_MS, ROOT, open_module, save_screenshot

SHOTS = ROOT / "test-output"  # for a person to look at (tests/conftest.py output_dir)


def _shot(widget, name: str, output_dir: Path) -> None:  # type: ignore[no-untyped-def]
    save_screenshot(widget, output_dir, name)
    SHOTS.mkdir(exist_ok=True)
    save_screenshot(widget, SHOTS, name)


def test_the_english_check_finds_english_and_passes_what_clerks_know() -> None:
    assert english_words("Select All") == ["Select", "All"]
    assert english_words("结束日期：None → 2026年12月2日") == ["None"]
    assert english_words("ended_on：空") == ["ended", "on"]
    assert english_words("另存为 PDF…") == [] and english_words("导出 Excel 表") == []
    assert english_words("撤消(&U)\tCtrl+Z") == [] and english_words("文件(&F)") == []
    assert english_words("数据文件：ledger.db") == [] and english_words("所在文件夹：/tmp/pytest-of-x/ledger") == []
    assert english_words("备份到U盘…") == [] and english_words("如：张三丰、zsf、身份证号的一部分") == []


def test_qt_texts_are_chinese_in_a_message_box_a_text_box_menu_and_a_file_dialog(  # type: ignore[no-untyped-def]
    qtbot, main_window, on_modal, output_dir
):
    seen: list[str] = []

    def look(box) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(box, QMessageBox)
        seen.extend(button.text() for button in box.buttons())
        seen.extend(english_in(visible_texts(box)))
        _shot(box, "h4-message-box", output_dir)
        box.accept()

    on_modal(look)
    main_window.show_error("导出花名册", OSError("磁盘空间不足"))  # a message box of ours: QMessageBox.warning
    assert seen == ["确定"], seen

    edit = QLineEdit("张三丰")
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    texts = [action.text().split("\t")[0] for action in menu.actions() if not action.isSeparator()]
    for word in ("撤消", "重做", "剪切", "复制", "粘贴", "删除", "全选"):
        assert any(text.startswith(word) for text in texts), texts
    assert menu_english(menu) == []
    menu.popup(main_window.mapToGlobal(main_window.rect().center()))
    qtbot.waitExposed(menu)
    _shot(menu, "h4-context-menu", output_dir)
    menu.close()

    dialog = QFileDialog(main_window, "选择花名册文件")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # Windows' own dialog is Windows' Chinese
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    buttons = {b.text() for b in dialog.findChildren(QPushButton) if b.isVisible()}
    assert {"打开(&O)", "取消"} <= buttons, buttons
    assert english_in(visible_texts(dialog)) == []
    dialog.reject()


def test_the_main_window_and_every_page_show_chinese_only(qtbot, main_window, village, output_dir):  # type: ignore[no-untyped-def]
    from app.main_window import MODULES
    from db.models import Village
    from db.models.village import TOWNSHIP_MODE

    main_window.roster.reload()
    Village.update(mode=TOWNSHIP_MODE).execute()  # every page shown, 乡镇汇总 too
    main_window.apply_mode()
    for label in MODULES:
        page = open_module(qtbot, main_window, label)
        found = english_in(visible_texts(main_window))
        assert found == [], f"{label}: {found}"
        assert page.isVisible()
    help_menu = next(a.menu() for a in main_window.menuBar().actions() if a.text() == "帮助(&H)")
    assert [a.text() for a in help_menu.actions() if not a.isSeparator()] == ["使用说明", "关于"]


def _scribble(path: Path) -> None:
    """Two kilobytes of rubbish over page 3: SQLite refuses the file ("database disk image is malformed")."""
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 2 + 2048] = b"\xff" * 2048
    path.write_bytes(bytes(data))


def _bad_cell_pointers(path: Path) -> None:
    """A b-tree page's cell pointers bent: SQLite's quick_check then lists what is wrong in its own English
    ("On tree page 3 cell 0: invalid page number …"). The first page where it does is found, not assumed."""
    from db import backups

    original = path.read_bytes()
    for page in range(1, len(original) // 4096):
        data = bytearray(original)
        data[page * 4096 + 8 : page * 4096 + 12] = b"\x0f\xf0\x0f\xf0"
        path.write_bytes(bytes(data))
        found = backups.problems(path, thorough=False)
        if found and found[0].startswith("数据库文件已损坏：") and re.search("[A-Za-z]{4,}", found[0]):
            return
    raise AssertionError("no page gave SQLite's own report")


@pytest.mark.parametrize("damage", [_scribble, _bad_cell_pointers])
def test_the_damaged_file_question_says_what_happened_with_buttons_of_its_own(  # type: ignore[no-untyped-def]
    qtbot, village, db_path: Path, tmp_path: Path, on_modal, output_dir, damage
):
    import sqlite3

    from app.main_window import MainWindow
    from db import backups
    from db.connection import close_database
    from db.errors import LedgerError

    backups.make_backup(db_path, "daily")
    close_database()
    with sqlite3.connect(db_path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damage(db_path)
    damaged = db_path.read_bytes()

    window = MainWindow(db_path, first_run=True)
    qtbot.addWidget(window)
    asked: list[tuple[str, list[str], list[str]]] = []

    def refuse(box) -> None:  # type: ignore[no-untyped-def]
        asked.append((box.text(), [b.text() for b in box.buttons()], english_in(visible_texts(box))))
        _shot(box, f"h4-damaged-file{damage.__name__}", output_dir)
        leave = next(b for b in box.buttons() if b.text() == "退出")
        leave.click()

    on_modal(refuse)
    with pytest.raises(LedgerError):
        window.start()
    text, buttons, english = asked[0]
    assert sorted(buttons) == sorted(["恢复备份", "退出"]) and english == []
    assert "已损坏" in text and "2 户、4 人" in text
    assert db_path.read_bytes() == damaged  # 退出 left the file as it was


def test_the_help_guide_opens_with_f1_and_covers_the_daily_jobs(qtbot, main_window, output_dir):  # type: ignore[no-untyped-def]
    from app.help_guide import HelpGuide

    main_window.activateWindow()
    qtbot.keyClick(main_window, Qt.Key.Key_F1)
    guides = [w for w in QApplication.topLevelWidgets() if isinstance(w, HelpGuide) and w.isVisible()]
    assert len(guides) == 1
    guide = guides[0]
    qtbot.waitExposed(guide)
    titles = [guide.topics.item(i).text() for i in range(guide.topics.count())]
    assert titles == [
        "今天的体温录入",
        "登记新的管控对象",
        "打印封条和告知书",
        "处理乡镇下发的名单",
        "导入花名册",
        "备份与恢复",
        "导出上报",
    ]
    pages = {}
    for row, title in enumerate(titles):
        guide.topics.setCurrentRow(row)
        pages[title] = guide.text.toPlainText()
        assert pages[title].startswith(title) and len(pages[title]) > 100
        assert english_in(visible_texts(guide, contents=True)) == [], title
    assert "Ctrl+T" in pages["今天的体温录入"] and "365" in pages["今天的体温录入"]
    assert "还没有" in pages["处理乡镇下发的名单"]  # said honestly: there is no such screen yet
    guide.choose("打印封条和告知书")
    _shot(guide, "h4-help-guide", output_dir)
    qtbot.keyClick(main_window, Qt.Key.Key_F1)  # again: the same guide comes forward, not a second one
    assert [w for w in QApplication.topLevelWidgets() if isinstance(w, HelpGuide) and w.isVisible()] == [guide]
    guide.close()


def test_about_names_the_version_and_the_data_places_in_words(  # type: ignore[no-untyped-def]
    qtbot, main_window, db_path: Path, on_modal, output_dir, monkeypatch
):
    from app.help_guide import AboutDialog
    from db import backups
    from db.version import APP_VERSION
    from tests.conftest import join_backup

    join_backup(main_window)  # the day's backup is made: 最近一次备份 names it
    opened: list[QUrl] = []
    monkeypatch.setattr(AboutDialog, "open_url", staticmethod(lambda url: opened.append(url) or True))
    seen: dict[str, object] = {}

    def look(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, AboutDialog)
        seen["texts"] = [text for _where, text in visible_texts(dialog)]
        seen["english"] = english_in(visible_texts(dialog))
        _shot(dialog, "h4-about", output_dir)
        dialog.findChild(QPushButton, "openDataFolder").click()
        dialog.accept()

    on_modal(look)
    main_window.findChild(type(main_window.menuBar().actions()[0]), "action_about").trigger()
    texts = seen["texts"]
    assert seen["english"] == []
    assert any(APP_VERSION in t for t in texts)
    for label, value in (
        ("数据文件：", db_path.name),
        ("所在文件夹：", str(db_path.parent)),
        ("备份文件夹：", str(backups.folder_for(db_path))),
    ):
        assert label in texts and value in texts, (label, texts)
    assert "打开所在文件夹" in texts and "还没有备份" not in texts
    assert [Path(url.toLocalFile()) for url in opened] == [db_path.parent]


def test_the_import_dialog_shows_chinese_only(qtbot, main_window, tmp_path: Path, output_dir):  # type: ignore[no-untyped-def]
    from app.roster.import_dialog import ImportDialog
    from tests.data import village_workbooks as vw

    path = vw.measured_roster(vw.MEASURED_PER_GROUP_SHEETS).write(tmp_path)
    dialog = ImportDialog(path, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=HANG_GUARD_MS)
    assert english_in(visible_texts(dialog)) == []
    dialog.reject()


def test_the_audit_viewer_and_the_backup_dialog_show_chinese_only(qtbot, main_window, db_path: Path):  # type: ignore[no-untyped-def]
    from app.audit_viewer import AuditDialog
    from app.backup_dialog import BackupDialog

    for dialog in (AuditDialog(main_window), BackupDialog(db_path, main_window.restore_backup, main_window)):
        qtbot.addWidget(dialog)
        dialog.show()
        assert english_in(visible_texts(dialog)) == [], type(dialog).__name__
        dialog.reject()


# --- the --smoke check: Qt's translations must be there -----------------------------------------


def test_the_self_check_finds_missing_or_broken_translations(tmp_path: Path, monkeypatch, qapp) -> None:  # type: ignore[no-untyped-def]
    from app import translations

    assert translations.check_findings() == []  # the session's application has them installed
    monkeypatch.setenv(translations.FOLDER_VARIABLE, str(tmp_path))
    assert any("qtbase_zh_CN.qm" in p and "缺少" in p for p in translations.check_findings())
    (tmp_path / "qtbase_zh_CN.qm").write_bytes(b"not a catalogue")
    assert any("无法读取" in p for p in translations.check_findings())


@pytest.mark.parametrize("translations_there", [True, False])
def test_smoke_fails_when_qt_translations_are_missing(tmp_path: Path, translations_there: bool) -> None:
    from app.translations import FOLDER_VARIABLE

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path / "data")}
    if not translations_there:
        (tmp_path / "empty").mkdir()
        env[FOLDER_VARIABLE] = str(tmp_path / "empty")
    done = subprocess.run(
        [sys.executable, "-m", "app", "--smoke", "--db", str(tmp_path / "ledger.db")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=HANG_GUARD_MS / 1000,
        check=False,
    )
    if translations_there:
        assert done.returncode == 0, done.stderr
    else:
        assert done.returncode == 2, done.stderr
        assert "qtbase_zh_CN.qm" in done.stderr and "Traceback" not in done.stderr
