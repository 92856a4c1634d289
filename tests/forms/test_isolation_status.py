"""The home-isolation list's 当前状态 says what the screens say: a case gone without leave is 失联外出 there,
not 隔离中 (one mapping of status words, db.queries.cases.STATUS_WORDS, for the screens and the list)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from openpyxl import load_workbook

from db import quarantine_actions as qa
from db.models import Policy
from db.models.quarantine import CaseStatus, EventKind
from forms.excel.report_sheet import HEADER_ROW
from forms.isolation_export import HOME, export_isolation_list, list_rows

START = date(2026, 11, 1)
TODAY = date(2026, 11, 24)  # the list is for a day already past


def _open(person_id: int) -> int:
    policy = Policy.get(Policy.name == "14天居家隔离医学观察")
    case = qa.open_case(
        person_id,
        {
            "policy": policy.id,
            "start_date": START,
            "reason": "密切接触者",
            "address": "一组12号",
            "grid_worker": "王网格",
        },
    )
    return case.id


def test_a_lost_case_is_listed_as_lost_in_the_screens_words(village: dict[str, int], tmp_path: Path) -> None:
    lost = _open(village["zhang"])
    _open(village["qian"])
    gone_on = START + timedelta(days=4)
    qa.change_status(lost, EventKind.MISSING, gone_on, "电话不通，家中无人")
    day = START + timedelta(days=6)

    rows = {r["姓名"]: r for r in list_rows(HOME, day, TODAY)}
    assert rows["张三丰"]["当前状态"] == "失联外出"
    assert rows["钱𠮷祥"]["当前状态"] == "隔离中"  # a running case: the form's own word
    # The same words as the ledger's 状态 column reads them.
    from db.queries.cases import STATUS_WORDS, case_lines

    screen = {line.name: STATUS_WORDS[line.status] for line in case_lines(statuses=None)}
    assert rows["张三丰"]["当前状态"] == screen["张三丰"] == STATUS_WORDS[CaseStatus.MISSING.value]
    assert "失联外出" in rows["张三丰"]["备注"] and rows["张三丰"]["实际解除日期"] == ""
    # Before the day it happened the case was still under observation.
    before = {r["姓名"]: r for r in list_rows(HOME, gone_on - timedelta(days=1), TODAY)}
    assert before["张三丰"]["当前状态"] == "隔离中"

    out = tmp_path / "居家.xlsx"
    export_isolation_list(HOME, day, out, today=TODAY)
    sheet = load_workbook(out)[load_workbook(out).sheetnames[0]]
    headers = [c.value for c in sheet[HEADER_ROW]]
    status_column = headers.index("当前状态") + 1
    by_name = {
        sheet.cell(r, 2).value: sheet.cell(r, status_column).value for r in range(HEADER_ROW + 1, sheet.max_row + 1)
    }
    assert by_name["张三丰"] == "失联外出" and by_name["钱𠮷祥"] == "隔离中"
