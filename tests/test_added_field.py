"""Adding a field is its definition plus a migration: a field added to a copy of the person's or the case's
definition (and its column added, as a migration would) is in the list on screen, the entry form, the
import's column mapping, what the import stores, and the export or the correction — no other list of
fields to keep.

It runs in a child interpreter (tests/data/added_field.py) so the changed definition is the one every
module reads from its first import, as it would be in a program built with the field."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import Workbook, load_workbook

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "data" / "added_field.py"
#: The sheets name the new column 单位名称: one of the words the new definition gives it, not its label.
PLACES = {"张三": "县农机站", "李四": "", "王五": "镇卫生院"}


def _run(record: str, workbook: Path, tmp_path: Path) -> dict:  # type: ignore[type-arg]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env.pop("VILLAGE_LEDGER_DB", None)
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            record,
            str(workbook),
            str(tmp_path / f"{record}.db"),
            str(tmp_path / "out.xlsx"),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_new_person_field_is_in_the_list_the_form_the_import_and_the_export(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "一组"
    ws.append(["户号", "组别", "户主姓名", "姓名", "与户主关系", "单位名称"])
    heads = {"张三": ("0001", "张三"), "李四": ("0001", "张三"), "王五": ("0002", "王五")}
    for name, place in PLACES.items():
        number, head = heads[name]
        ws.append([number, "一组", head, name, "户主" if name == head else "配偶", place])
    wb.save(tmp_path / "roster.xlsx")

    seen = _run("person", tmp_path / "roster.xlsx", tmp_path)

    assert seen["import_exit"] == 0
    assert seen["stored"] == sorted(PLACES.values())
    assert "工作单位" in seen["table_headers"]
    assert seen["table_cells"] == sorted(PLACES.values())
    assert "work_place" in seen["form_inputs"]
    assert seen["export_exit"] == 0
    book = load_workbook(tmp_path / "out.xlsx", read_only=True)
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    header_row = next(i for i, r in enumerate(rows) if "姓名" in r)
    header = rows[header_row]
    assert "工作单位" in header
    exported = {r[header.index("姓名")]: r[header.index("工作单位")] or "" for r in rows[header_row + 1 :] if r[0]}
    assert exported == PLACES


def test_a_new_case_field_is_in_the_ledger_list_the_forms_and_what_the_import_stores(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "居家隔离"
    ws.append(["姓名", "性别", "隔离方式", "隔离开始日期", "单位名称"])
    ws.append(["赵六", "男", "居家隔离", "2026-11-30", "县一中"])
    ws.append(["钱七", "女", "居家隔离", "2026-12-01", "县医院"])
    wb.save(tmp_path / "cases.xlsx")

    seen = _run("case", tmp_path / "cases.xlsx", tmp_path)

    assert seen["import_exit"] == 0
    assert seen["stored"] == ["县一中", "县医院"]
    assert "工作单位" in seen["table_headers"]
    assert seen["table_cells"] == ["县一中", "县医院"]
    assert "work_place" in seen["form_inputs"]  # 登记管控对象
    assert seen["correctable"]  # 修改档案
    assert seen["corrected"] == "镇政府"
