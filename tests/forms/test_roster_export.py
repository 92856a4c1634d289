"""The exported 花名册 opens as a clean, printable workbook with ID numbers kept as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from db import changes
from db.models import Person
from forms.excel.workbook_files import ExportCheckFailed, save_verified
from forms.roster_export import HEADER_ROW, export_roster


def test_roster_workbook_layout_and_values(village, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    changes.save(Person, {"status": "迁出"}, village["qian"])
    out = tmp_path / "花名册.xlsx"
    assert export_roster(out) == 3  # the person who moved out is not on the roster
    wb = load_workbook(out)
    ws = wb["花名册"]
    assert ws["A1"].value == "东风村户籍人口花名册"
    assert "共 2 户 3 人" in ws["A2"].value and "红旗镇" in ws["A2"].value
    header = [c.value for c in ws[HEADER_ROW]]
    assert header[:4] == ["序号", "组别（网格）", "户号", "门牌号"]
    assert "公民身份号码" in header and "联系电话" in header and "60岁以上" in header
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=HEADER_ROW + 1)]
    id_col = header.index("公民身份号码")
    zhang = next(r for r in rows if r[header.index("姓名")] == "张三丰")
    assert zhang[id_col] == "11010519491231002X"  # full number, as text
    assert ws.cell(HEADER_ROW + 1, id_col + 1).number_format == "@"
    assert zhang[header.index("60岁以上")] == "是"
    assert zhang[header.index("户号")] == "01-0001" and zhang[header.index("门牌号")] == "12号"
    names = [r[header.index("姓名")] for r in rows]
    assert names.index("张三丰") < names.index("李秀英")  # grouped by household, head first
    assert "阿依古丽·买买提" in names
    assert ws.freeze_panes == f"B{HEADER_ROW + 1}"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    meta = dict(row for row in wb["_meta"].iter_rows(values_only=True))
    assert wb["_meta"].sheet_state == "hidden" and meta["template"] == "roster" and meta["schema_version"] >= 2


def test_a_failed_check_leaves_no_file_that_looks_complete(tmp_path: Path) -> None:
    from openpyxl import Workbook

    target = tmp_path / "out.xlsx"
    target.write_bytes(b"previous export")

    def refuse(_path: Path) -> None:
        raise ExportCheckFailed("核对失败")

    with pytest.raises(ExportCheckFailed):
        save_verified(Workbook(), target, refuse)
    assert target.read_bytes() == b"previous export"
    assert list(tmp_path.iterdir()) == [target]
