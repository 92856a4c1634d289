"""登记管控对象 fits the screen with a problem shown, and its person search shows six results whole."""

from __future__ import annotations

from PyQt6.QtCore import QPoint, QRect, Qt
from PyQt6.QtWidgets import QWidget

from db import changes
from db.models import Person
from tests.conftest import HANG_GUARD_MS, TASKBAR, save_screenshot, type_text

#: Results the list must show whole, without scrolling.
RESULT_ROWS = 6
#: More people named 张 than the list has rows for.
NAMES = ("张一", "张二", "张三", "张四", "张五", "张六", "张七", "张八")


def _box(widget: QWidget, top: QWidget) -> QRect:
    return QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())


def test_the_dialog_fits_with_a_problem_shown_and_the_sixth_result_is_whole(  # type: ignore[no-untyped-def]
    qtbot, main_window, village, on_modal, output_dir
):
    from app.quarantine.new_case_dialog import NewCaseDialog

    with changes.transaction("测试村民", who="测试") as cs:
        for name in NAMES:
            cs.create(Person, {"household": village["h1"], "name": name, "relation": "子女", "sex": "男"})
    matching = Person.select().where(Person.name.contains("张")).count()
    assert matching > RESULT_ROWS
    seen: dict[str, object] = {}

    def register(dialog: NewCaseDialog) -> None:
        type_text(dialog.search, "张")
        qtbot.waitUntil(lambda: dialog.people.count() == matching, timeout=HANG_GUARD_MS)
        # A bad date, then Enter from a field: 登记 refuses (nobody chosen) and shows its banner.
        type_text(dialog.form.inputs["exposure_date"], "2026-2-30")
        qtbot.keyClick(dialog.form.inputs["exposure_date"], Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.banner.isVisible() and "选择" in dialog.banner.text()
        dialog.form.parse()  # the field's own message under it as well
        assert dialog.form.messages["exposure_date"].isVisible()
        layout = dialog.layout()
        assert layout is not None
        layout.activate()  # now, not when the posted LayoutRequest comes: the dialog grows for what was shown
        screen = dialog.screen()
        assert screen is not None
        room = screen.availableGeometry()
        seen["frame"] = dialog.frameGeometry()
        seen["room"] = QRect(room.x(), room.y(), room.width(), room.height() - TASKBAR)
        view = dialog.people
        viewport = view.viewport()
        assert viewport is not None
        seen["rows"] = [viewport.rect().contains(view.visualItemRect(view.item(r))) for r in range(RESULT_ROWS)]
        # Nothing in the person pane is drawn over another (a layout squeezed below its minimum would).
        pane = view.parentWidget()
        assert pane is not None
        boxes = [_box(w, pane) for w in pane.findChildren(QWidget) if w.parentWidget() is pane and w.isVisible()]
        seen["overlaps"] = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if a.intersects(b)]
        seen["inputs_inside"] = all(dialog.rect().contains(_box(w, dialog)) for w in dialog.form.inputs.values())
        save_screenshot(dialog, output_dir, "h2-new-case-banner")
        dialog.reject()

    on_modal(register)
    main_window.ledger.new_case()
    frame, room = seen["frame"], seen["room"]
    assert isinstance(frame, QRect) and isinstance(room, QRect)
    assert frame.width() <= room.width() and frame.height() <= room.height(), (frame, room)
    assert seen["rows"] == [True] * RESULT_ROWS
    assert seen["overlaps"] == []
    assert seen["inputs_inside"]
