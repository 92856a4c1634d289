"""Formula cells without a result, and error values (#DIV/0!, #N/A), are said for their row, never read as blank.

A workbook openpyxl (or a system's "export to Excel") writes keeps a formula without its result; Excel keeps
an error as t="e". calamine reads both as an empty cell, so a person came in with no ID number and no word
about it. Real .xlsx files are written with openpyxl (its formulas have no result), the error cells are put
in the sheet's XML as Excel writes them, and each is imported through the real roster (or case) import into
a real ledger: the row says its field and cell, the counts add up, nobody is made from a row without its ID.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from db.imports.roster import ImportPlan
from db.imports.rows import tally
from db.models import Household, Person
from db.rules.id_number import check_digit
from forms.case_import import plan_case_import, read_cases
from forms.excel.reader import WorkbookError
from forms.roster_import import import_roster, plan_import, read_roster
from tests.fuzz.hostile_files import ods_cell, ods_row, write_ods

HEADER = ["户号", "姓名", "与户主关系", "身份证号", "联系电话", "出生日期"]
NO_RESULT = "是公式，但文件中没有它的计算结果"
ONLY_UNREAD = "只有算不出结果的公式，请在 Excel 或 WPS 中打开并保存后再导入"  # (a skipped row's reason)


def person_id(seq: int) -> str:
    first = f"41012219800101{seq:03d}"
    return first + check_digit(first)


def roster(path: Path, rows: list[list[object]], cells: dict[str, str] | None = None, merge: str = "") -> Path:
    """A roster saved by openpyxl (formulas without results), then each of `cells` ("D4" → its XML, as Excel
    writes it) put in place of that cell in the sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "一组"
    for row in (HEADER, *rows):
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    wb.save(path)
    if cells:
        rewrite(path, lambda xml: _put_cells(xml, cells))
    return path


def rewrite(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as z:
        parts = {info.filename: z.read(info) for info in z.infolist()}
    parts[part] = change(parts[part].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _put_cells(xml: str, cells: dict[str, str]) -> str:
    for place, cell in cells.items():
        xml, n = re.subn(rf'<c r="{place}"[^>]*?(?:/>|>.*?</c>)', cell, xml, count=1)
        assert n == 1, place
    return xml


def assert_adds_up(plan: ImportPlan) -> None:
    counts = tally(plan.accounted)
    assert sum(counts.values()) == plan.rows_read == sum(plan.outcome_counts().values())
    assert counts == +plan.outcome_counts()


def reasons(plan: ImportPlan) -> dict[int, str]:
    return {a.row: a.reason for a in plan.accounted if a.outcome == "refused"}


def test_an_id_number_without_a_result_or_an_error_refuses_its_row_saying_cell_and_why(village, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = roster(
        tmp_path / "roster.xlsx",
        [
            ["01-0101", "王建华", "户主", person_id(1), "13812340001"],
            ["01-0101", "王小华", "子女", '=D2&""'],  # openpyxl: a formula with no result
            ["01-0101", "刘芳", "配偶", "=VLOOKUP(B4,底册!A:B,2,0)"],
            ["01-0101", "王小明", "孙子女", "=1/0"],
        ],
        {
            "D4": '<c r="D4" t="e"><f>VLOOKUP(B4,底册!A:B,2,0)</f><v>#N/A</v></c>',
            "D5": '<c r="D5" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
        },
    )
    result = import_roster(path)
    plan = result.plan
    assert_adds_up(plan)
    assert (result.created_people, result.refused_rows) == (1, 3)
    why = reasons(plan)
    assert why[3] == f"公民身份号码：单元格 D3 {NO_RESULT}（请在 Excel 或 WPS 中打开并保存后再导入）"
    assert why[4].startswith("公民身份号码：单元格 D4 是错误值 #N/A")
    assert why[5].startswith("公民身份号码：单元格 D5 是错误值 #DIV/0!")
    assert {i.name for i in plan.refused} == {"王小华", "刘芳", "王小明"}
    # Nobody was made from those rows, with or without an ID number.
    assert not Person.select().where(Person.name.in_(["王小华", "刘芳", "王小明"])).exists()
    assert Person.get(Person.name == "王建华").id_number == person_id(1)


def test_a_name_without_a_result_says_so_rather_than_blank(village, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = roster(
        tmp_path / "roster.xlsx",
        [
            ["01-0101", "王建华", "户主", person_id(1)],
            ["01-0101", "=底册!B3", "子女", person_id(2)],
        ],
    )
    plan = plan_import(read_roster(path))
    assert_adds_up(plan)
    assert reasons(plan) == {3: f"姓名：单元格 B3 {NO_RESULT}（请在 Excel 或 WPS 中打开并保存后再导入）"}


def test_other_fields_without_a_result_take_the_person_with_a_warning(village, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = roster(
        tmp_path / "roster.xlsx",
        [
            ["01-0101", "王建华", "户主", person_id(1), "=底册!E2", "=DATE(1980,1,1)"],
        ],
        {"F2": '<c r="F2" t="e"><f>DATE(1980,1,1)</f><v>#VALUE!</v></c>'},
    )
    result = import_roster(path)
    plan = result.plan
    assert_adds_up(plan)
    assert (result.created_people, result.refused_rows) == (1, 0)
    said = {(w.row, w.field): w.reason for w in plan.warnings}
    assert said[(2, "联系电话")] == f"单元格 E2 {NO_RESULT}（请在 Excel 或 WPS 中打开并保存后再导入）；此项按空白导入"
    assert said[(2, "出生日期")].startswith("单元格 F2 是错误值 #VALUE!")
    wang = Person.get(Person.name == "王建华")
    assert (wang.id_number, wang.phone) == (person_id(1), "")


def test_a_row_of_only_formulas_is_counted_and_a_sheet_of_them_is_explained(village, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = roster(
        tmp_path / "roster.xlsx",
        [
            ["01-0101", "王建华", "户主", person_id(1)],
            ["=底册!A3", "=底册!B3", "=底册!C3", "=底册!D3"],
        ],
    )
    plan = plan_import(read_roster(path))
    assert_adds_up(plan)
    assert ("一组", 3, ONLY_UNREAD) in plan.skipped_rows
    assert "只有算不出结果的公式 1" in plan.describe_rows()

    only = roster(tmp_path / "only.xlsx", [["=底册!A2", "=底册!B2", "=底册!C2", "=底册!D2"]] * 3)
    with pytest.raises(WorkbookError, match="算不出结果的公式"):
        read_roster(only)


def test_a_household_number_merged_down_without_a_result_refuses_every_row_it_covers(village, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = roster(
        tmp_path / "roster.xlsx",
        [
            ["01-0101", "王建华", "户主", person_id(1)],
            ["=底册!A3", "李强", "户主", person_id(2)],
            [None, "赵敏", "配偶", person_id(3)],
        ],
        merge="A3:A4",
    )
    result = import_roster(path)
    assert_adds_up(result.plan)
    assert sorted(reasons(result.plan)) == [3, 4]
    assert all(r.startswith("户号：单元格 A3 ") for r in reasons(result.plan).values())
    # 赵敏 did not go into the household above (王建华's) for want of a number.
    assert not Person.select().where(Person.name == "赵敏").exists()
    assert Person.select().join(Household).where(Household.head_name == "王建华").count() == 1


def test_cells_spelled_otherwise_are_found_by_the_parser_too(village, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = roster(
        tmp_path / "roster.xlsx",
        [
            ["01-0101", "王建华", "户主", person_id(1)],
            ["01-0101", "王小华", "子女", '=D2&""'],
            ["01-0101", "刘芳", "配偶", "=1/0"],
        ],
        {"D4": '<c t="e" r="D4"><f>1/0</f><v>#DIV/0!</v></c>'},
    )  # (r not first: read with an XML parser)
    rewrite(path, lambda xml: xml.replace('<c r="D3">', '<c s="0" r="D3">'))
    plan = plan_import(read_roster(path))
    assert_adds_up(plan)
    why = reasons(plan)
    assert why[3].startswith(f"公民身份号码：单元格 D3 {NO_RESULT}")
    assert why[4].startswith("公民身份号码：单元格 D4 是错误值 #DIV/0!")


def test_formulas_with_their_results_are_read_as_the_results(village, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = roster(
        tmp_path / "roster.xlsx",
        [["01-0101", "王建华", "户主", person_id(1), "x"]],
        {
            "D2": f'<c r="D2" t="str"><f>底册!D2&amp;""</f><v>{person_id(1)}</v></c>',
            "E2": '<c r="E2" t="str"><f>IF(1,"","x")</f><v></v></c>',  # a formula whose result is ""
        },
    )
    result = import_roster(path)
    assert (result.created_people, result.refused_rows, result.plan.warnings) == (1, 0, [])
    assert Person.get(Person.name == "王建华").id_number == person_id(1)


def test_an_ods_error_or_formula_without_a_result_is_said(village, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    calcext = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
    error = (
        f'<table:table-cell xmlns:calcext="{calcext}" table:formula="of:=1/0" office:value-type="string" '
        'office:string-value="" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>'
    )  # (as LibreOffice)
    no_result = '<table:table-cell table:formula="of:=[.D2]&amp;&quot;&quot;"/>'
    rows = [
        ods_row([ods_cell(h) for h in HEADER[:4]]),
        ods_row([ods_cell("01-0101"), ods_cell("王建华"), ods_cell("户主"), ods_cell(person_id(1))]),
        ods_row([ods_cell("01-0101"), ods_cell("王小华"), ods_cell("子女"), no_result]),
        ods_row([ods_cell("01-0101"), ods_cell("刘芳"), ods_cell("配偶"), error]),
    ]
    path = write_ods(tmp_path / "roster.ods", "".join(rows))
    plan = plan_import(read_roster(path))
    assert_adds_up(plan)
    why = reasons(plan)
    assert why[3].startswith(f"公民身份号码：单元格 D3 {NO_RESULT}")
    assert why[4].startswith("公民身份号码：单元格 D4 是错误值 #DIV/0!")


def test_a_case_ledger_refuses_a_start_date_without_a_result_and_warns_for_a_phone(village, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "隔离方式", "开始隔离时间", "联系电话"])
    ws.append(["张三丰", "11010519491231002X", "居家隔离", "=TODAY()-3", None])
    ws.append(["赵新", None, "居家隔离", "2026-11-21", "=底册!E3"])
    path = tmp_path / "cases.xlsx"
    wb.save(path)
    plan = plan_case_import(read_cases(path))
    counts = tally(plan.accounted)
    assert sum(counts.values()) == plan.rows_read == 3
    assert [(i.row, i.field, i.reason) for i in plan.refused] == [
        (2, "隔离开始日期", f"单元格 D2 {NO_RESULT}（请在 Excel 或 WPS 中打开并保存后再导入）")
    ]
    assert [c.name for c in plan.cases] == ["赵新"]
    assert any(w.row == 3 and w.field == "联系电话" and "单元格 E3" in w.reason for w in plan.warnings)
