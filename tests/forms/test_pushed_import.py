"""Importing the township's lists (form 10's four layouts): header facts, the sheet kept as received, every
row's fate with the counts adding up, the roster matched, and the source's mapping remembered."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from db.imports.pushed import BatchAlreadyImported, apply_pushed_plan
from db.models import PushedBatch, PushedItem, PushedSource
from db.models.pushed import MatchReason
from db.queries.pushed import remembered_mapping
from forms.pushed_cells import decode, encode
from forms.pushed_import import NO_PERSON, import_pushed, plan_pushed_import
from forms.pushed_rows import excel_digits
from tests.forms.pushed_lists import LAYOUTS, QIAN_ID, ZHANG_ID, PushedList, Row, railway

TODAY = date(2026, 12, 3)
RECEIVED = datetime(2026, 12, 3, 9, 30)


def _nonblank(cells: list[Any]) -> bool:
    return any(c not in (None, "") for c in cells)


def _kept(value: Any) -> Any:
    """A cell as the import keeps it (calamine reads whole numbers as floats; the kept form makes them ints)."""
    if isinstance(value, float) and value > 1e15:
        return excel_digits(value)  # an ID number Excel made a number: its digits, as text
    return encode(value)


@pytest.mark.parametrize("key", sorted(LAYOUTS))
def test_every_layout_read_as_received(key: str, db_path: Path, tmp_path: Path) -> None:
    pushed = LAYOUTS[key]()
    plan = plan_pushed_import(pushed.write(tmp_path / f"{key}.xlsx"), "测试来源", today=TODAY)

    facts = {k: getattr(plan, k) for k in pushed.facts}
    assert facts == pushed.facts
    assert plan.columns == pushed.header
    assert [[decode(v) for v in line] for line in plan.header_lines] == [
        [None if v in (None, "") else v for v in line] for line in pushed.lines
    ]

    # Every item is its row, its cells in order as they came.
    by_row = {i.row_no: i for i in plan.items}
    assert sorted(by_row) == [row_no for row_no, _r in pushed.items()]
    for row_no, row in pushed.items():
        item = by_row[row_no]
        assert (item.name, item.id_number) == (row.name, row.id_number)
        assert item.cells == [_kept(c) for c in row.cells]

    refused = sorted(i.row for i in plan.refused)
    assert refused == [pushed.row_no(i) for i, r in enumerate(pushed.rows) if r.fate == "refused"]
    assert all(i.reason == NO_PERSON for i in plan.refused)
    skipped = {row for _sheet, row, _reason in plan.skipped_rows}
    not_data = [pushed.row_no(i) for i, r in enumerate(pushed.rows) if r.fate == "skipped"]
    above = [r for r, line in enumerate(pushed.lines, start=1) if _nonblank(line)]
    assert skipped == {*above, pushed.header_row, *not_data}
    blank = {pushed.row_no(i) for i, r in enumerate(pushed.rows) if r.fate == "blank"}
    assert not blank & (skipped | set(by_row) | set(refused))

    # The counts add up to the rows read, the rows the sheet has that are not blank.
    counts = plan.outcome_counts()
    assert counts["created"] + counts["refused"] + counts["skipped"] == plan.rows_read
    assert plan.rows_read == len(above) + 1 + sum(1 for r in pushed.rows if r.fate != "blank")
    assert (counts["created"], counts["refused"], counts["skipped"]) == (len(by_row), len(refused), len(skipped))


def test_a_mangled_id_number_is_kept_as_text_with_a_warning(db_path: Path, tmp_path: Path) -> None:
    pushed = LAYOUTS["telecom"]()
    plan = plan_pushed_import(pushed.write(tmp_path / "t.xlsx"), "大数据", today=TODAY)
    row_no, row = pushed.items()[1]
    item = next(i for i in plan.items if i.row_no == row_no)
    col = pushed.header.index("身份证号")
    assert item.cells[col] == "420102199001011000" and item.id_number == ""
    (warning,) = [w for w in plan.warnings if w.row == row_no]
    assert warning.field == "身份证号" and "Excel" in warning.reason and warning.severity == "warning"
    assert not [r for r in plan.refused if r.row == row_no]  # the township's row comes back


def test_import_matches_the_roster(village: dict[str, int], tmp_path: Path) -> None:
    result = import_pushed(LAYOUTS["railway"]().write(tmp_path / "r.xlsx"), "铁路", RECEIVED)
    items = {i.name: i for i in PushedItem.select().where(PushedItem.batch == result.batch_id)}
    assert set(items) == {"李秀英", "章三丰", "王五"}
    typo = items["章三丰"]  # 章/张 by pinyin and the phone's tail: proposed, not taken
    assert typo.person_id == village["zhang"] and not typo.match_confirmed
    assert typo.match_reason == MatchReason.PINYIN_PHONE_TAIL.value
    assert (result.exact, result.proposed, result.unmatched) == (0, 1, 2)
    batch = PushedBatch.get_by_id(result.batch_id)
    assert batch.deadline == datetime(2026, 12, 3, 10, 0) and batch.received_at == RECEIVED

    telecom = import_pushed(LAYOUTS["telecom"]().write(tmp_path / "t.xlsx"), "大数据", RECEIVED)
    exact = PushedItem.get((PushedItem.batch == telecom.batch_id) & (PushedItem.id_number == ZHANG_ID))
    assert exact.person_id == village["zhang"] and exact.match_confirmed  # the ID number itself: taken
    assert (telecom.exact, telecom.proposed, telecom.unmatched) == (1, 0, 2)
    assert PushedItem.get(PushedItem.id_number == QIAN_ID).person_id is None  # no number on the roster

    with pytest.raises(BatchAlreadyImported):
        import_pushed(tmp_path / "r.xlsx", "铁路", RECEIVED)


def _renamed(note: str) -> PushedList:
    """The railway list with 姓名 called 乘车人 (the guess misses it), and a row of its own."""
    pushed = railway()
    pushed.header[pushed.header.index("姓名")] = "乘车人"
    pushed.rows.append(Row([date(2026, 12, 2), "G1", "平安站", "武汉", note, "", "", "绿码", "否", ""], name=note))
    return pushed


def test_the_source_remembers_its_mapping(db_path: Path, tmp_path: Path) -> None:
    first = _renamed("吴一").write(tmp_path / "first.xlsx")
    guessed = plan_pushed_import(first, "铁路", today=TODAY)
    name_col = guessed.columns.index("乘车人")
    assert name_col not in guessed.mapping  # the guess does not know 乘车人
    mapping = {**guessed.mapping, name_col: "name"}  # the clerk says it in the dialog
    plan = plan_pushed_import(first, "铁路", mapping, today=TODAY)
    assert plan.remembered["乘车人"] == "name" and plan.remembered["车次"] == ""
    apply_pushed_plan(plan, RECEIVED, 24)
    assert remembered_mapping("铁路")["乘车人"] == "name"

    second = _renamed("郑二").write(tmp_path / "second.xlsx")
    again = plan_pushed_import(second, "铁路", today=TODAY)
    assert again.mapping == mapping  # the next list from the source maps itself
    assert [i.name for i in again.items][-1] == "郑二"
    other = plan_pushed_import(second, "大数据比对", today=TODAY)
    assert name_col not in other.mapping  # another source has not learnt it
    result = apply_pushed_plan(again, RECEIVED, 24)
    assert PushedSource.select().count() == 1
    assert json.loads(PushedBatch.get_by_id(result.batch_id).mapping)[str(name_col)] == "name"


def test_hours_from_receipt_when_the_issue_day_has_no_time(db_path: Path, tmp_path: Path) -> None:
    pushed = LAYOUTS["fever_clinic"]()
    pushed.lines[4] = ["反馈时限：48小时内"]
    plan = plan_pushed_import(pushed.write(tmp_path / "f.xlsx"), "卫健", today=TODAY)
    assert (plan.deadline, plan.deadline_hours) == (None, 48)
    result = apply_pushed_plan(plan, RECEIVED, 24)
    assert PushedBatch.get_by_id(result.batch_id).deadline == RECEIVED + timedelta(hours=48)

    pushed.lines[4] = []  # no deadline at all: the setting's hours
    plan = plan_pushed_import(pushed.write(tmp_path / "g.xlsx"), "卫健", today=TODAY)
    assert (plan.deadline, plan.deadline_hours) == (None, None)
    result = apply_pushed_plan(plan, RECEIVED, 24)
    assert PushedBatch.get_by_id(result.batch_id).deadline == RECEIVED + timedelta(hours=24)


def test_odd_cells_are_kept_and_warned_never_a_traceback(village: dict[str, int], tmp_path: Path) -> None:
    """Whatever a township's cells hold, the row comes back: odd values are warnings, formulas stay text."""
    from openpyxl import load_workbook

    from forms.feedback_export import export_feedback

    header = ["姓名", "身份证号", "联系电话", "到达日期", "出生日期", "说明"]
    rows = [
        Row([True, ZHANG_ID, 1e300, time(8, 30), "1990年13月1日", '=HYPERLINK("http://x")'], name="True"),
        Row(["周九", -4.2e17, "不详", "昨天", 19900101.5, "@SUM(A1)"], name="周九", id_number=""),
        Row(["吴十", "", "138", date(2026, 12, 1), date(1990, 1, 1), "-"], name="吴十"),
    ]
    lines = [["=cmd|' /C calc'!A0"], ["反馈时限：99999小时内"]]
    pushed = PushedList("odd", lines, header, rows)
    plan = plan_pushed_import(pushed.write(tmp_path / "odd.xlsx"), "其他", today=TODAY)
    assert [i.row_no for i in plan.items] == [r for r, _row in pushed.items()]
    assert plan.deadline is None and plan.deadline_hours is None
    assert any("99999小时内" in note for note in plan.notes)
    warned = {(w.row, w.field) for w in plan.warnings}
    first, second, third = (r for r, _row in pushed.items())
    assert {(first, "联系电话"), (first, "出生日期"), (second, "身份证号"), (second, "联系电话")} <= warned
    assert {(second, "到达日期"), (third, "联系电话")} <= warned
    assert plan.items[1].cells[1] == "-420000000000000000"  # a number in the ID column: its digits, as text

    result = apply_pushed_plan(plan, RECEIVED, 24)
    out = tmp_path / "odd_feedback.xlsx"
    export_feedback(result.batch_id, out, today=TODAY)
    sheet = load_workbook(out)["Sheet1"]
    assert sheet["A1"].value == "=cmd|' /C calc'!A0" and sheet["A1"].data_type == "s"
    data = len(lines) + 3
    assert [sheet.cell(data + n, 6).value for n in range(3)] == ['=HYPERLINK("http://x")', "@SUM(A1)", "-"]
    assert all(sheet.cell(data + n, 6).data_type == "s" for n in range(3))
    assert sheet.cell(data, 4).value == time(8, 30)
