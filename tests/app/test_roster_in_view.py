"""At 1366×768 (the office screen the conftest gives) the roster shows every column a clerk needs without
sideways scrolling, the special groups folded into one 标记 column, and the divider where it was left."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PyQt6.QtCore import QPoint, Qt

from app.roster.page import TREE_WIDTH
from db.models import Person
from tests.conftest import HANG_GUARD_MS, ROOT, open_module, save_screenshot, settle

SHOTS = ROOT / "test-output"  # for a person to look at (tests/conftest.py output_dir)
#: The columns a clerk reads every day; each must end inside the table's visible width.
NEEDED = ("姓名", "性别", "公民身份号码", "年龄", "联系电话", "人员状态", "标记", "备注")
#: The definition's special-group flags (forms.definitions.person) each shown by its short name in 标记.
FLAG_FIELDS = {"chronic": "慢病", "pregnant": "孕产", "disabled": "残疾", "lives_alone": "独居"}
DEMO_DAY = date(2026, 12, 1)


def _demo_roster(qtbot, window):  # type: ignore[no-untyped-def]
    from db.demo import build_demo_village

    build_demo_village(people=240, seed=15, today=DEMO_DAY)
    page = window.roster
    page.reload()
    assert open_module(qtbot, window, "户籍花名册") is page
    qtbot.waitUntil(lambda: page.people.total is not None, timeout=HANG_GUARD_MS)  # counted off the UI thread
    page.table.doItemsLayout()
    return page


def _labels(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [page.people.headerData(c, Qt.Orientation.Horizontal) for c in range(page.people.columnCount())]


def _cell(page, row: int, label: str) -> str:  # type: ignore[no-untyped-def]
    return page.people.data(page.people.index(row, _labels(page).index(label))) or ""


def test_the_needed_columns_fit_at_1366_without_scrolling(qtbot, main_window, output_dir):  # type: ignore[no-untyped-def]
    page = _demo_roster(qtbot, main_window)
    screen = main_window.screen().availableGeometry()
    assert (screen.width(), screen.height()) == (1366, 768)
    assert main_window.frameGeometry().width() <= 1366 and main_window.frameGeometry().height() <= 728
    header = page.table.horizontalHeader()
    viewport = page.table.viewport().width()
    labels = _labels(page)
    save_screenshot(main_window, output_dir, "roster_1366")
    SHOTS.mkdir(exist_ok=True)
    save_screenshot(main_window, SHOTS, "roster_1366")
    outside = []
    for label in NEEDED:
        column = labels.index(label)
        left = header.sectionViewportPosition(column)
        right = left + header.sectionSize(column)
        if left < 0 or right > viewport or header.isSectionHidden(column):
            outside.append(f"{label}: {left}..{right} of {viewport}")
    assert not outside, outside
    assert page.table.horizontalScrollBar().maximum() == 0
    assert page.tree.width() == TREE_WIDTH


def test_the_id_column_is_no_wider_than_its_text_and_nothing_is_cut(qtbot, main_window):  # type: ignore[no-untyped-def]
    page = _demo_roster(qtbot, main_window)
    header = page.table.horizontalHeader()
    metrics = page.table.fontMetrics()
    digit = metrics.horizontalAdvance("0")
    for label in ("公民身份号码", "联系电话", "人员状态", "与户主关系"):
        shown = [_cell(page, r, label) for r in range(page.people.rowCount())]
        widest = max(metrics.horizontalAdvance(t) for t in [*shown, label])
        size = header.sectionSize(_labels(page).index(label))
        assert widest < size <= widest + 2 * digit, (label, widest, size)


def test_the_flags_are_one_column_of_short_names(qtbot, main_window):  # type: ignore[no-untyped-def]
    from forms.definitions import PERSON
    from forms.kinds import YesNo

    page = _demo_roster(qtbot, main_window)
    labels = _labels(page)
    flag_labels = [f.label for f in PERSON.table_fields if isinstance(f.kind, YesNo)]
    assert len(flag_labels) >= 4 and not set(flag_labels) & set(labels)  # no column of its own each
    while page.people.canFetchMore():
        page.people.fetchMore()
    people = {p.id: p for p in Person.select()}
    flagged = 0
    for row in range(page.people.rowCount()):
        person = people[page.people.person_id(row)]
        flags = _cell(page, row, "标记").split()
        wanted = [short for name, short in FLAG_FIELDS.items() if getattr(person, name)]
        assert [f for f in flags if f != "老人"] == wanted, (person.name, flags)
        age = _cell(page, row, "年龄")
        assert ("老人" in flags) == (age != "" and int(age) >= 60), (person.name, age, flags)
        flagged += bool(flags)
    assert flagged > 0, "the demo village should have someone with a flag"


def _drag_divider(qtbot, page, by: int) -> None:  # type: ignore[no-untyped-def]
    handle = page.splitter.handle(1)
    start = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(handle, start + QPoint(by, 0))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start + QPoint(by, 0))


def test_the_divider_is_where_the_clerk_left_it_after_a_restart(qtbot, main_window, db_path: Path):  # type: ignore[no-untyped-def]
    from app.main_window import MainWindow

    page = main_window.roster
    assert open_module(qtbot, main_window, "户籍花名册") is page
    assert page.tree.width() == TREE_WIDTH
    _drag_divider(qtbot, page, 70)
    dragged = page.tree.width()
    assert dragged == TREE_WIDTH + 70, dragged
    main_window.close()
    again = MainWindow(db_path, first_run=False)
    qtbot.addWidget(again)
    again.show()
    again.start()
    qtbot.waitExposed(again)
    settle(again)
    assert open_module(qtbot, again, "户籍花名册") is again.roster
    assert again.roster.tree.width() == dragged
