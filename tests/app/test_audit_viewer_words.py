"""操作记录 shows what changed in the screens' words: labels, not column names; 是/否, Chinese dates and names,
not False, 2026-12-02 and 186; whose case an automatic move moved; the operator's name uncut."""

from __future__ import annotations

import re
from datetime import date, timedelta

from PyQt6.QtGui import QAction
from PyQt6.QtWidgets import QPlainTextEdit, QTableWidget

from db import changes
from db import quarantine_actions as qa
from db.models import Person, Policy
from db.models.quarantine import EventKind
from db.rules.chinese_dates import long_date
from tests.app.english_check import english_in, visible_texts
from tests.conftest import save_screenshot

COLUMN_NAME = re.compile(r"\b[a-z]+_[a-z_]+\b|\bNone\b|\bTrue\b|\bFalse\b")


def _details(dialog) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Each row's 对象 + 摘要 → its detail text, as the clerk sees them by clicking the rows."""
    table = dialog.findChild(QTableWidget, "auditTable")
    detail = dialog.findChild(QPlainTextEdit, "detail")
    shown = {}
    for row in range(table.rowCount()):
        table.selectRow(row)
        shown[f"{table.item(row, 3).text()}｜{table.item(row, 4).text()}｜{row}"] = detail.toPlainText()
    return shown


def test_the_detail_speaks_the_screens_words(qtbot, main_window, village, on_modal, output_dir):  # type: ignore[no-untyped-def]
    from app.audit_viewer import AuditDialog

    today = date.today()
    changes.save(Person, {"chronic": True, "phone": "13900001111"}, village["zhang"], "修改人员：张三丰")
    home = Policy.get(Policy.name == "14天居家隔离医学观察")
    case = qa.open_case(village["zhang"], {"policy": home.id, "start_date": today, "reason": "密切接触者"})
    qa.change_status(case.id, EventKind.RELEASED, today, "检测阴性")
    central = Policy.get(Policy.name == "7天集中隔离+7天居家健康监测")
    qa.open_case(village["qian"], {"policy": central.id, "start_date": today - timedelta(days=8), "reason": "入境"})
    assert qa.advance_stages(today) == 1  # 钱𠮷祥's case moves on by itself

    seen: dict[str, object] = {}

    def read(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, AuditDialog)
        seen["opens_on"] = dialog.findChild(QPlainTextEdit, "detail").toPlainText()  # before any click
        seen["details"] = _details(dialog)
        table = dialog.findChild(QTableWidget, "auditTable")
        seen["rows"] = [[table.item(r, c).text() for c in range(5)] for r in range(table.rowCount())]
        seen["operator_room"] = table.columnWidth(1) - table.fontMetrics().horizontalAdvance("系统（按政策自动）")
        seen["english"] = english_in(visible_texts(dialog))
        table.selectRow(0)
        save_screenshot(dialog, output_dir, "h4-audit-viewer")
        dialog.reject()

    on_modal(read)
    main_window.findChild(QAction, "action_audit").trigger()
    details: dict[str, str] = seen["details"]  # type: ignore[assignment]
    rows: list[list[str]] = seen["rows"]  # type: ignore[assignment]
    assert seen["english"] == []
    assert seen["opens_on"] == next(iter(details.values()))  # the newest entry's detail is shown at once
    everything = "\n".join(details.values())
    assert not COLUMN_NAME.search(everything), COLUMN_NAME.findall(everything)

    person_edit = next(text for key, text in details.items() if key.startswith("人员 张三丰｜修改人员"))
    assert "慢性病：否 → 是" in person_edit and "联系电话：13812345678 → 13900001111" in person_edit
    release = next(text for key, text in details.items() if key.startswith("管控对象 张三丰｜解除"))
    assert f"结束日期：空 → {long_date(today)}" in release and "当前状态：在管 → 解除" in release
    opened = next(text for key, text in details.items() if key.startswith("管控对象 张三丰｜登记管控"))
    assert "人员：张三丰" in opened and "管控阶段：居家隔离医学观察 14天" in opened
    assert f"隔离开始日期：{long_date(today)}" in opened

    automatic = [row for row in rows if row[1] == "系统（按政策自动）"]
    assert automatic and all("钱𠮷祥" in row[3] for row in automatic), automatic  # whose case moved
    moved = next(text for key, text in details.items() if key.startswith("管控对象 钱𠮷祥｜按政策"))
    assert "隔离方式：集中隔离医学观察 → 居家健康监测" in moved
    assert seen["operator_room"] >= 0  # "系统（按政策自动）" is not cut
