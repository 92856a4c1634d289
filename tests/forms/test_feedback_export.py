"""核查反馈表: the township's workbook comes back cell for cell (lines, header, every name's cells, their types),
the village's line below its lines and its findings to the right; an office suite opens it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from db import accounts, pushed_actions
from db.models import AuditEntry, PushedItem, Role
from db.models.pushed import RESULT_OF_STATUS, ItemStatus
from db.session import NotAllowed
from forms.feedback_export import NOT_ON_ROSTER, ON_ROSTER, VILLAGE_HEADERS, export_feedback
from forms.pushed_import import import_pushed
from tests.forms.pushed_lists import LAYOUTS, ZHANG_ID
from tests.office import office_pdf_text

RECEIVED = datetime(2026, 12, 3, 9, 30)
CHECKED = datetime(2026, 12, 3, 15, 0)
TODAY = date(2026, 12, 3)


def _worked(village: dict[str, int], tmp_path: Path, key: str) -> tuple[Path, int, dict[str, list[Any]]]:
    """Import a layout and move its items along; returns the original file, the batch, the expected findings."""
    original = LAYOUTS[key]().write(tmp_path / f"{key}.xlsx")
    result = import_pushed(original, key, RECEIVED)
    items = list(PushedItem.select().where(PushedItem.batch == result.batch_id).order_by(PushedItem.row_no))
    expected: dict[str, list[Any]] = {}
    for n, item in enumerate(items):
        if item.person_id is not None and not item.match_confirmed:  # the clerk confirms the proposal
            pushed_actions.confirm_match(item.id, item.person_id)
        if n == 0:
            pushed_actions.move_item(item.id, ItemStatus.CONTACTED.value, CHECKED, {"method": "电话"}, "王网格")
            findings = {"measure": "居家隔离", "current_address": "东风村一组12号", "verified_phone": "13999990000"}
            pushed_actions.move_item(
                item.id, ItemStatus.CONTROLLED.value, CHECKED, {**findings, "note": "已报镇"}, "王网格"
            )
        elif n == 1:
            pushed_actions.move_item(
                item.id,
                ItemStatus.NOT_FOUND.value,
                CHECKED,
                {"method": "电话+入户", "result": "信息有误(号码或身份不符)"},
                "赵网格",
            )
    for item in PushedItem.select().where(PushedItem.batch == result.batch_id).order_by(PushedItem.row_no):
        match = NOT_ON_ROSTER if item.person_id is None else f"{ON_ROSTER}（{item.match_reason}）"
        expected[item.name] = [
            item.result or None,
            item.current_address or None,
            item.verified_phone or None,
            item.measure or None,
            item.method or None,
            item.checker or None,
            item.checked_at,
            item.status,
            match,
            item.note or None,
        ]
    return original, result.batch_id, expected


@pytest.mark.parametrize("key", sorted(LAYOUTS))
def test_the_township_gets_its_sheet_back_cell_for_cell(village: dict[str, int], tmp_path: Path, key: str) -> None:
    original, batch_id, expected = _worked(village, tmp_path, key)
    out = tmp_path / "feedback.xlsx"
    assert export_feedback(batch_id, out, today=TODAY) == len(expected)

    pushed = LAYOUTS[key]()
    theirs = load_workbook(original).active
    ours = load_workbook(out)
    assert ours.sheetnames[0] == pushed.sheet and ours["_meta"].sheet_state == "hidden"
    sheet = ours[pushed.sheet]
    width = len(pushed.header)
    lines = len(pushed.lines)
    # The township's lines above the header: every cell, in its row and column.
    for r in range(1, lines + 1):
        for c in range(1, max(theirs.max_column, width) + 1):
            assert sheet.cell(r, c).value == theirs.cell(r, c).value, (r, c)
    line = sheet.cell(lines + 1, 1).value
    checkers = "、".join(dict.fromkeys(f[5] for f in expected.values() if f[5]))  # those who checked, in row order
    assert checkers == "王网格、赵网格"
    assert (
        line
        == f"填报单位(村/社区)：红旗镇东风村    核查人：{checkers}    联系电话：    审核人：    反馈日期：2026年12月3日"
    )
    header = lines + 2
    assert [sheet.cell(header, c).value for c in range(1, width + 1)] == pushed.header
    assert [sheet.cell(header, c).value for c in range(width + 1, width + 11)] == list(VILLAGE_HEADERS)
    assert sheet.cell(header, width + 11).value is None
    assert sheet.freeze_panes == f"A{header + 1}"
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4

    # Every name's row: the township's cells untouched (values and types), then the village's findings.
    taken = [row_no for row_no, _r in pushed.items()]
    assert sheet.max_row == header + len(taken)
    id_col = next((i for i, h in enumerate(pushed.header, 1) if h in ("身份证号", "证件号码")), None)
    for n, row_no in enumerate(taken, start=header + 1):
        for c in range(1, width + 1):
            was, now = theirs.cell(row_no, c), sheet.cell(n, c)
            if c == id_col and isinstance(was.value, float):  # Excel's number: its digits come back as text
                assert now.value == format(Decimal(f"{was.value:.15g}"), "f") and now.data_type == "s"
                continue
            assert now.value == was.value, (row_no, c)
            assert type(now.value) is type(was.value), (row_no, c)
            if isinstance(was.value, str):
                assert now.data_type == "s"
        name = pushed.rows[row_no - pushed.header_row - 1].name
        found = [sheet.cell(n, c).value for c in range(width + 1, width + 11)]
        assert found == expected[name], name
    if id_col is not None:
        ids = [sheet.cell(n, id_col) for n in range(header + 1, header + 1 + len(taken))]
        assert all(c.number_format == "@" for c in ids if c.value)

    entry = AuditEntry.select().where(AuditEntry.action == "export").order_by(AuditEntry.id.desc()).first()
    assert entry is not None and "核查反馈表" in entry.summary and f"{len(taken)} 人" in entry.summary


def test_closing_findings_are_the_forms_words(village: dict[str, int], tmp_path: Path) -> None:
    _original, batch_id, expected = _worked(village, tmp_path, "railway")
    first, second, third = (expected[n] for n in ("李秀英", "章三丰", "王五"))
    assert first[0] == RESULT_OF_STATUS[ItemStatus.CONTROLLED] and first[3] == "居家隔离" and first[4] == "电话"
    assert first[5] == "王网格" and first[6] == CHECKED and first[7] == ItemStatus.CONTROLLED.value
    assert second[0] == "信息有误(号码或身份不符)" and second[7] == ItemStatus.NOT_FOUND.value
    assert second[8] == f"{ON_ROSTER}（人工核对）" or second[8].startswith(ON_ROSTER)
    assert third[7] == ItemStatus.PENDING.value and third[0] is None and third[8] == NOT_ON_ROSTER


def test_libreoffice_opens_the_feedback(village: dict[str, int], tmp_path: Path) -> None:
    """The township opens it in WPS or LibreOffice: it converts, with the ID in full and the findings' header."""
    _original, batch_id, _expected = _worked(village, tmp_path, "fever_clinic")
    out = tmp_path / "feedback.xlsx"
    export_feedback(batch_id, out, today=TODAY)
    text = office_pdf_text(out, tmp_path)
    assert "发热门诊就诊人员协查名单" in text and ZHANG_ID in text and "核查结果" in text
    assert "已纳入管控" in text


def test_an_entry_clerk_imports_but_may_not_export(village: dict[str, int], tmp_path: Path) -> None:
    """Importing is data entry (a 录入员 may); the feedback carries full ID numbers: the administrator's."""
    accounts.create_operator("李文书", Role.ADMIN, "admin-pass")
    accounts.create_operator("王录入", Role.ENTRY, "entry-pass")
    accounts.sign_in("王录入", "entry-pass")  # the conftest signs out after the test
    result = import_pushed(LAYOUTS["railway"]().write(tmp_path / "r.xlsx"), "铁路", RECEIVED)
    out = tmp_path / "feedback.xlsx"
    exports = AuditEntry.select().where(AuditEntry.action == "export").count()
    with pytest.raises(NotAllowed):
        export_feedback(result.batch_id, out, today=TODAY)
    assert not out.exists() and not list(tmp_path.glob("*feedback*"))  # nothing written, no temporary file
    assert AuditEntry.select().where(AuditEntry.action == "export").count() == exports
