"""A screenshot tour as a clerk would take it: every page, every menu opened and every dialog the menus and
the pages' buttons reach, on a demo village with running cases, readings, fevers and needs, in the real
main window at its default size. Each picture is kept in test-output/ (tour-<screen>-NN-<screen name>.png)
for a person to look at, and each step checks what a clerk would notice at once: a window past the screen,
a button outside its window, a label or a button whose text is cut, a toolbar hiding entries behind », a
list whose needed columns are out of view, English or a raw value (None, True) on the screen.

The tour runs on the 1366×768 screen of tests/conftest.py, and once more in a child process on a 1920×1080
one (tests/data/screen-1920x1080.json, kept by conftest as a preset configfile)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from PyQt6.QtCore import QAbstractListModel, QEvent, Qt
from PyQt6.QtGui import QAction, QPainter
from PyQt6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QTabWidget,
    QToolButton,
    QWidget,
)

from tests.app.english_check import english_in, english_words, visible_texts
from tests.conftest import DATA, HANG_GUARD_MS, ROOT, TASKBAR, open_module, save_screenshot, type_text

#: 首页 counts for the clock's day, so the village's dates are counted from it (passed to the demo and to
#: every case below; nothing else reads the clock here).
TODAY = date.today()
SEED = 2020
PEOPLE = 300
#: The roster's columns a clerk needs in view (tests/app/test_roster_in_view.py).
ROSTER_NEEDED = ("姓名", "性别", "公民身份号码", "年龄", "联系电话", "人员状态", "标记", "备注")
#: A date written as the computer stores it, where the screens write 12月2日 or 2026年12月2日.
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b(?! \d)")  # a time stamp (2026-12-03 07:28) is read as one
CELLS_LOOKED_AT = 40  # rows of each list read for raw values


# --- the village ---------------------------------------------------------------------------------


@pytest.fixture
def demo(db_path: Path) -> dict[str, object]:
    """The demo village with about a tenth of its people under observation: home and central cases over the
    last two weeks, readings of the last days (a few fevers, one handled), needs (one met), one case gone
    missing and one released; an administrator signed in, as at the office."""
    from db import accounts, session
    from db import quarantine_actions as qa
    from db.demo import build_demo_village
    from db.models import Grid, Household, Person, PersonStatus, Policy, Role
    from db.models.quarantine import CaseReason, EventKind

    build_demo_village(people=PEOPLE, seed=SEED, today=TODAY)
    admin = accounts.create_operator("李文书", Role.ADMIN, "admin-pass")
    session.begin(session.Session(admin.name, Role.ADMIN, admin.id))
    accounts.create_operator("王录入", Role.ENTRY, "entry-pass")
    home = Policy.get(Policy.name == "14天居家隔离医学观察")
    central = Policy.get(Policy.name == "7天集中隔离+7天居家健康监测")
    here = (PersonStatus.PRESENT.value, PersonStatus.RETURNED.value)
    people = list(Person.select().where(Person.status.in_(here)).order_by(Person.id))[::8]
    reasons = list(CaseReason)
    cases: list[int] = []
    for n, person in enumerate(people):
        household = Household.get_by_id(person.household_id)
        grid = Grid.get_by_id(household.grid_id)
        values: dict[str, object] = {
            "policy": (central if n % 5 == 0 else home).id,
            "start_date": TODAY - timedelta(days=n % 15),
            "address": f"{grid.name}{household.door_no}",
            "reason": reasons[n % len(reasons)].value,
            "grid_worker": grid.worker,
            "grid_worker_phone": grid.worker_phone,
            "phone": person.phone or "",
        }
        if n % 5 == 0:
            values.update(site="县党校隔离点", room=str(201 + n))
        if n % 7 == 3:
            values.update(origin="武汉", reason_text="武汉返乡")
        cases.append(qa.open_case(person.id, values).id)
    for n, case_id in enumerate(cases):
        for back in (2, 1):
            day = TODAY - timedelta(days=back)
            if day >= TODAY - timedelta(days=n % 15):
                for slot in ("上午", "下午"):
                    qa.record_reading(case_id, day, slot, {"value": 36.2 + (n + back) % 7 / 10})
        if n % 2 == 0:
            fever = n % 9 == 0
            qa.record_reading(
                case_id, TODAY, "上午", {"value": 38.1 if fever else 36.6, "symptoms": "咳嗽、乏力" if fever else ""}
            )
    handled = next(r for r in qa.Reading.select().where(qa.Reading.value >= 37.3))
    qa.record_fever_action(handled.id, {"reported_to": "乡镇卫生院", "result": "已送县医院发热门诊"})
    for n, case_id in enumerate(cases[1:6]):
        follow = qa.record_follow_up(
            case_id,
            {
                "on": TODAY,
                "need_kind": ("代购", "药品", "心理疏导")[n % 3],
                "needs": "代购降压药一盒、大米一袋" if n % 3 == 0 else "需要常用药",
            },
        )
        if n == 4:
            qa.mark_need_met(follow.id, TODAY)
    qa.change_status(cases[-1], EventKind.MISSING, TODAY, "电话不通，家中无人")
    old = next(c for n, c in enumerate(cases) if n % 15 == 14)
    qa.change_status(old, EventKind.RELEASED, TODAY, "期满未见异常（提前解除，经卫生院同意）")
    return {"cases": cases, "released": old, "missing": cases[-1]}


# --- what a clerk notices --------------------------------------------------------------------------


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget is root or widget.isVisibleTo(root)


def _scrolled(widget: QWidget, root: QWidget) -> bool:
    """Inside a list's or a scroll area's viewport: it scrolls into view, its place says nothing."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractScrollArea) and widget is not parent:
            return True
        parent = parent.parentWidget()
    return False


def _cells(view: QAbstractItemView) -> Iterable[tuple[int, int, str]]:
    model = view.model()
    if model is None:
        return
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
    for row in range(min(model.rowCount(), CELLS_LOOKED_AT)):
        for column in range(columns):
            if isinstance(view, QTableView) and view.isColumnHidden(column):
                continue
            value = model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
            if value not in (None, ""):
                yield row, column, str(value)


def columns_out_of_view(view: QTableView, needed: Iterable[str] | None = None) -> list[str]:
    """The needed columns (default: all shown) not wholly inside the list's viewport, or narrower than
    their header's words."""
    header = view.horizontalHeader()
    model = view.model()
    labels = [
        str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)) for c in range(header.count())
    ]
    wanted = (
        list(needed)
        if needed is not None
        else [label for c, label in enumerate(labels) if not header.isSectionHidden(c)]
    )
    room = view.viewport().width()
    problems = []
    for label in wanted:
        if label not in labels:
            problems.append(f"没有“{label}”列")
            continue
        column = labels.index(label)
        left = header.sectionViewportPosition(column)
        right = left + header.sectionSize(column)
        if header.isSectionHidden(column) or left < 0 or right > room:
            problems.append(f"“{label}”列在视野外（{left}..{right}，可见宽度 {room}）")
        elif header.sectionSize(column) < header.fontMetrics().horizontalAdvance(label):
            problems.append(f"“{label}”列比列名还窄")
    return problems


def clerk_problems(root: QWidget, cells: bool = True) -> list[str]:
    """What a clerk sees wrong in root at a glance (an empty list when nothing); `cells` False where the lists
    show a file's own cells (an import's samples and refused rows), whatever they hold."""
    problems: list[str] = []
    if root.isWindow() and not isinstance(root, QMenu):
        room = root.screen().availableGeometry()
        frame = root.frameGeometry()
        if frame.width() > room.width() or frame.height() > room.height() - TASKBAR:
            problems.append(f"窗口 {frame.width()}×{frame.height()} 超出屏幕 {room.width()}×{room.height() - TASKBAR}")
    whole = root.rect()
    wide = root.screen().geometry().width() >= 1366
    for widget in root.findChildren(QWidget):
        if not _shown(widget, root) or widget.window() is not root.window():
            continue  # hidden, or a window of its own (a dialog), looked at as itself
        name = f"{type(widget).__name__}“{getattr(widget, 'text', lambda: '')() or widget.objectName()}”"
        if (
            isinstance(widget, QAbstractButton)
            and not _scrolled(widget, root)
            and not isinstance(widget.parentWidget(), (QLineEdit, QComboBox))
        ):
            corners = (widget.mapTo(root, widget.rect().topLeft()), widget.mapTo(root, widget.rect().bottomRight()))
            if not all(whole.contains(p) for p in corners):
                problems.append(f"{name} 在窗口外")
        if isinstance(widget, QPushButton) and widget.text() and widget.width() < widget.sizeHint().width() - 2:
            problems.append(f"{name} 文字被截断（{widget.width()} < {widget.sizeHint().width()}）")
        if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull() and not _scrolled(widget, root):
            if not widget.wordWrap() and widget.width() < widget.sizeHint().width() - 1:
                problems.append(f"{name} 文字被截断（{widget.width()} < {widget.sizeHint().width()}）")
            elif widget.wordWrap() and widget.heightForWidth(widget.width()) > widget.height() + 1:
                problems.append(f"{name} 折行后显示不全（{widget.height()} < {widget.heightForWidth(widget.width())}）")
        # With display scaling a toolbar may fold its last buttons into » (they are in the menus too).
        if wide and isinstance(widget, QToolButton) and widget.objectName() == "qt_toolbar_ext_button":
            problems.append(
                f"工具栏“{'、'.join(a.text() for a in widget.parentWidget().actions())}”放不下，有按钮藏在 » 里"
            )
        if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView) and cells:
            for row, column, text in _cells(widget):
                words = english_words(text)
                if words or ISO_DATE.search(text):
                    problems.append(
                        f"{type(widget).__name__}“{widget.objectName()}”第{row + 1}行第{column + 1}列：{text!r}"
                    )
                    break  # one cell says it for the list
    problems += english_in(visible_texts(root))
    return problems


class Tour:
    """Takes the pictures in order and keeps what was seen wrong on each."""

    def __init__(self, qtbot, window, on_modal, output_dir: Path) -> None:  # type: ignore[no-untyped-def]
        self.qtbot, self.window, self.on_modal, self.output_dir = qtbot, window, on_modal, output_dir
        screen = window.screen().geometry()
        self.prefix = f"tour-{screen.width()}x{screen.height()}"
        self.shots: list[str] = []
        self.problems: list[str] = []

    def look(
        self,
        widget: QWidget,
        name: str,
        *,
        lists: Iterable[tuple[QTableView, Iterable[str] | None]] = (),
        picture: QWidget | None = None,
        cells: bool = True,
    ) -> None:
        """A picture of widget (or of `picture`, what it stands on) and what is wrong on it."""
        self.shots.append(name)
        # A label given new text asks its layout for room on a posted event: handled now, the picture is
        # what the clerk sees once the window has caught up (no waiting).
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)
        save_screenshot(picture or widget, self.output_dir, f"{self.prefix}-{len(self.shots):02d}-{name}")
        found = clerk_problems(widget, cells)
        # Every needed column in view is the promise for a 1366-wide screen or more; with display scaling
        # (125 %: 1093 logical pixels) the lists scroll sideways, and only fitting and cut text are checked.
        if widget.screen().geometry().width() >= 1366:
            for view, needed in lists:
                view.doItemsLayout()
                found += columns_out_of_view(view, needed)
        self.problems += [f"{name}：{problem}" for problem in found]

    def modal(
        self,
        name: str,
        open_it: Callable[[], object],
        inside: Callable[[QWidget], object] | None = None,
        close: Callable[[QWidget], object] | None = None,
        **look: object,
    ) -> None:
        """Open a modal dialog the clerk's way, look at it while it is open, then close it (取消 unless told)."""
        seen: list[QWidget] = []

        def handler(dialog: QWidget) -> None:
            seen.append(dialog)
            if inside is not None:
                inside(dialog)
            self.look(dialog, name, **look)  # type: ignore[arg-type]
            (close or (lambda d: d.reject()))(dialog)

        self.on_modal(handler)
        open_it()
        assert seen, f"{name}: no dialog opened"

    def menu(self, title: str) -> QMenu:
        """Open a menu of the bar with the mouse; the picture is the window with the menu over it."""
        bar = self.window.menuBar()
        action = next(a for a in bar.actions() if a.text().startswith(title))
        self.qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(action).center())
        menu = action.menu()
        self.qtbot.waitUntil(menu.isVisible, timeout=HANG_GUARD_MS)
        picture = self.window.grab()
        with QPainter(picture) as painter:
            painter.drawPixmap(menu.geometry().topLeft() - self.window.geometry().topLeft(), menu.grab())
        self.shots.append(f"menu-{title}")
        picture.save(str(self.output_dir / f"{self.prefix}-{len(self.shots):02d}-menu-{title}.png"))
        room = menu.screen().availableGeometry()
        if not room.contains(menu.geometry()):
            self.problems.append(f"菜单“{title}”超出屏幕")
        self.problems += [f"菜单“{title}”：{p}" for p in clerk_problems(menu)]
        menu.close()
        return menu


def _trigger(window, name: str) -> Callable[[], None]:  # type: ignore[no-untyped-def]
    action = window.findChild(QAction, name)
    assert action is not None and action.isVisible() and action.isEnabled(), name
    return action.trigger


def _wait_plan(qtbot) -> Callable[[QWidget], None]:  # type: ignore[no-untyped-def]
    def wait(dialog: Any) -> None:
        qtbot.waitUntil(lambda: dialog.plan is not None, timeout=HANG_GUARD_MS)

    return wait


# --- the tour ------------------------------------------------------------------------------------


def test_screen_tour(qtbot, demo, main_window, on_modal, output_dir, monkeypatch):  # type: ignore[no-untyped-def]
    from app.quarantine.case_table import ALL, BRIEF

    window = main_window
    tour = Tour(qtbot, window, on_modal, output_dir)
    window.roster.reload()
    window.ledger.reload()
    home = open_module(qtbot, window, "首页")
    home.refresh()
    QApplication.processEvents()  # its list follows the figures on the next turn of the loop
    assert home.tiles["alerts"].count > 0 and home.tiles["needs"].count > 0
    alerts_columns = [*BRIEF, "日期", "时段", "体温", "症状"]
    tour.look(window, "首页-异常", lists=[(home.alerts, alerts_columns)])
    home.show_list("needs")
    tour.look(window, "首页-需求", lists=[(home.needs, [*BRIEF, "日期", "类别", "需求"])])
    home.show_list("readings_missing")
    tour.look(window, "首页-未录体温", lists=[(home.cases, ALL)])

    # 首页's own buttons: a fever's action, the slot's readings.
    home.show_list("alerts")
    unhandled = home.alerts.rowCount()
    home.alerts.setFocus()
    home.alerts.selectRow(0)
    tour.modal("异常处置", lambda: qtbot.keyClick(home.alerts, Qt.Key.Key_Return))
    tour.modal("体温录入-首页", home.findChild(QPushButton, "enterReadings").click)
    assert home.alerts.rowCount() == unhandled  # 取消 recorded nothing

    ledger = open_module(qtbot, window, "隔离管控台账")
    assert ledger.table.rowCount() > 0
    tour.look(window, "隔离管控台账", lists=[(ledger.table, ALL)])
    ledger.table.setFocus()
    ledger.table.selectRow(0)
    case_id = ledger.table.current_id()
    assert case_id is not None

    def case_file(dialog: Any) -> None:
        """Its tabs, then 修改档案 and 添加随访 opened from it."""
        tabs = dialog.findChild(QTabWidget)
        for index in (1, 2):
            tabs.setCurrentIndex(index)
            tour.look(dialog, f"档案-{tabs.tabText(index)}")
        tabs.setCurrentIndex(2)
        tour.modal("添加随访", dialog.findChild(QPushButton, "addFollowUp").click)
        tabs.setCurrentIndex(0)
        tour.modal("修改档案", dialog.findChild(QPushButton, "caseEdit").click)

    tour.modal("档案", lambda: qtbot.keyClick(ledger.table, Qt.Key.Key_Return), inside=case_file)
    tour.modal("状态变更", _trigger(window, "action_change_status"))

    def preview(dialog: Any) -> None:
        """Shown at once: the first page drawn (the view renders pages off the UI thread)."""
        from PyQt6.QtPdf import QPdfPageRenderer

        rendered: list[int] = []
        dialog.view.findChild(QPdfPageRenderer).pageRendered.connect(lambda page, *_: rendered.append(page))
        qtbot.waitUntil(lambda: dialog.pdf.pageCount() > 0 and 0 in rendered, timeout=HANG_GUARD_MS)

    tour.modal("打印", _trigger(window, "action_print"), inside=preview)

    def search(dialog: Any) -> None:
        """Pinyin initials of a common surname: the results list fills (after its typing pause)."""
        type_text(dialog.search, "w")
        qtbot.waitUntil(lambda: dialog.people.count() > 0, timeout=HANG_GUARD_MS)

    tour.modal("登记管控对象", _trigger(window, "action_new_case"), inside=search)
    tour.modal("体温录入", _trigger(window, "action_readings"))
    tour.modal("导出隔离人员名单", ledger.findChild(QAction, "action_export_isolation").trigger)

    roster = open_module(qtbot, window, "户籍花名册")
    tree = roster.tree
    grid_index = tree.model().index(0, 0, tree.model().index(0, 0))
    tree.expand(grid_index)
    tree.setCurrentIndex(tree.model().index(0, 0, grid_index))  # the grid's first household
    qtbot.waitUntil(lambda: roster.people.rowCount() > 0, timeout=HANG_GUARD_MS)
    tour.look(window, "户籍花名册-一户", lists=[(roster.table, ROSTER_NEEDED)])
    tree.setCurrentIndex(tree.model().index(0, 0))  # the whole village
    qtbot.waitUntil(lambda: roster.people.rowCount() > 20, timeout=HANG_GUARD_MS)
    tour.look(window, "户籍花名册", lists=[(roster.table, ROSTER_NEEDED)])
    tree.setCurrentIndex(tree.model().index(0, 0, grid_index))
    roster.table.setFocus()
    roster.table.selectRow(0)

    for title in ("文件", "编辑", "管控", "设置", "账户", "帮助"):
        tour.menu(title)

    # 编辑 (the roster page's entries, on the chosen person and household).
    tour.modal("新建户", _trigger(window, "action_new_household"))
    tour.modal("新建人员", _trigger(window, "action_new_person"))
    tour.modal("修改人员", _trigger(window, "action_edit"))
    tour.modal("修改户", _trigger(window, "action_edit_household"))
    tour.modal("移到其他户", _trigger(window, "action_move"))
    tour.modal("标记迁出", _trigger(window, "action_mark_left"))

    def choose_and_confirm(dialog: Any) -> None:
        """A status chosen: the dialog names what it will do; its confirm then asks again (取消 there)."""
        dialog.status.setCurrentIndex(dialog.status.count() - 1)
        tour.look(dialog, "整户迁出-已选")
        tour.on_modal(lambda box: (tour.look(box, "整户迁出-确认"), box.reject()))
        dialog.confirm_button.click()

    def household_left(dialog: Any) -> None:
        tour.look(dialog, "整户迁出")
        choose_and_confirm(dialog)

    seen_before = len(tour.shots)
    on_modal(household_left, closes=False)
    _trigger(window, "action_mark_household_left")()
    assert tour.shots[seen_before:] == ["整户迁出", "整户迁出-已选", "整户迁出-确认"]
    tour.modal("登记管控-花名册", _trigger(window, "action_register_case"))

    # 文件.
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args, **_kw: (str(DATA / "messy_roster.xlsx"), ""))
    tour.modal("导入花名册", _trigger(window, "action_import"), inside=_wait_plan(qtbot), cells=False)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args, **_kw: (str(DATA / "messy_cases.xlsx"), ""))
    tour.modal("导入隔离台账", _trigger(window, "action_import_cases"), inside=_wait_plan(qtbot), cells=False)
    tour.modal("导出花名册", _trigger(window, "action_export"))
    tour.modal("备份与恢复", _trigger(window, "action_backups"))

    # 设置.
    tour.modal("村庄信息和网格", _trigger(window, "action_village"))

    def policies(dialog: Any) -> None:
        edit = next(b for b in dialog.findChildren(QPushButton) if b.text().startswith("修改"))
        tour.modal("修改管控政策", edit.click)

    tour.modal("管控政策", _trigger(window, "action_policies"), inside=policies)
    tour.modal("告知书文字", _trigger(window, "action_notice_text"))
    tour.modal("解除告知书文字", _trigger(window, "action_release_text"))

    # 账户.
    tour.modal("切换操作员", _trigger(window, "action_switch"))
    tour.modal("修改我的密码", _trigger(window, "action_password"))

    def accounts(dialog: Any) -> None:
        new = next(b for b in dialog.findChildren(QPushButton) if b.text().startswith("新建"))
        tour.modal("新建操作员", new.click)

    tour.modal("操作员管理", _trigger(window, "action_accounts"), inside=accounts)
    tour.modal("操作记录", _trigger(window, "action_audit"))

    # 帮助: the guide stays open beside the work (not modal).
    _trigger(window, "action_help")()
    guide = window.help_guide
    qtbot.waitExposed(guide)
    tour.look(guide, "使用说明")
    guide.close()
    tour.modal("关于", _trigger(window, "action_about"))

    # The first page again, as it is left: nothing the tour opened changed the figures.
    open_module(qtbot, window, "首页")
    assert home.alerts.rowCount() == unhandled
    assert not tour.problems, f"{len(tour.problems)} problems on {len(tour.shots)} screens:\n" + "\n".join(
        tour.problems
    )


# --- the same tour on a 1920×1080 screen ---------------------------------------------------------


@pytest.mark.parametrize("config", ["screen-1920x1080.json"])
def test_screen_tour_on_another_screen(config: str, tmp_path: Path) -> None:
    """Qt reads its screens once, at its start: the tour runs again in a child process on this screen."""
    screen = DATA / config
    width, height = (int(n) for n in re.findall(r"\d+", config)[:2])
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            "--basetemp",
            str(tmp_path / "run"),
            f"{Path(__file__).relative_to(ROOT)}::test_screen_tour",
        ],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_MS / 1000,
    )
    tail = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
    assert result.returncode == 0, f"on {config}:\n{tail}"
    assert "1 passed" in result.stdout
    assert list((ROOT / "test-output").glob(f"tour-{width}x{height}-*.png")), "the child took no pictures"
