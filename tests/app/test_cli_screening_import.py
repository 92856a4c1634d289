"""`python -m app import-screening FILE --round ID`: a grid worker's sheet into a round, every row accounted for
on the console (adding up to the rows read), the report workbook, and a second run that writes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from app.cli import main


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


@pytest.fixture
def ledger(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    db = tmp_path / "ledger.db"
    assert main(["demo", "--db", str(db), "--people", "60", "--seed", "4", "--today", "2020-02-01"]) == 0
    new = ["screening", "new", "--name", "第一轮拉网排查", "--from", "2020-02-03", "--to", "2020-02-09"]
    assert main([*new, "--db", str(db)]) == 0
    capsys.readouterr()
    return db


def test_import_screening_prints_the_accounting_and_a_second_run_writes_nothing(
    ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people = _rows(
        ledger,
        "SELECT p.name, p.id_number, g.name || h.door_no FROM person p JOIN household h ON h.id = p.household_id "
        "JOIN grid g ON g.id = h.grid_id WHERE p.id_number IS NOT NULL AND p.status = '在村' ORDER BY p.id LIMIT 3",
    )
    path = tmp_path / "网格员.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["入户排查登记表"])
    ws.append(["序号", "姓名", "身份证号", "家庭住址", "体温", "其他症状", "排查日期", "排查人", "备注"])
    for n, (name, number, address) in enumerate(people, 1):
        ws.append([n, name, number, address, "36.5", "无", "2020-02-04", "网格员甲", None])
    ws.append([4, "查无此人", None, None, "36.6", "无", "2020-02-04", "网格员甲", None])
    ws.append(["合计", "4人"])
    wb.save(path)
    report = tmp_path / "结果.xlsx"

    db = str(ledger)
    args = ["import-screening", str(path), "--round", "1", "--db", db, "--today", "2020-02-05"]
    assert main([*args, "--report", str(report)]) == 0
    said = capsys.readouterr().out
    assert "B 列“姓名” → 姓名" in said and "E 列“体温” → 体温" in said
    households = len({address for _n, _i, address in people})
    assert f"导入完成：新走访 {households} 户、更新 0 户、排查结果 3 人、未导入 1 行" in said
    assert "共读取 7 行（不含空行）：新建 3、未导入 1、跳过 3" in said
    assert "未导入 Sheet 第 6 行 查无此人：姓名 花名册中没有此人" in said
    assert _rows(ledger, "SELECT count(*) FROM finding") == [(3,)]
    assert _rows(ledger, 'SELECT DISTINCT worker, "on" FROM visit') == [("网格员甲", "2020-02-04")]
    sheets = load_workbook(report).sheetnames
    assert sheets[0] == "汇总" and "未导入" in sheets

    trail = _rows(ledger, "SELECT count(*) FROM audit_entry WHERE action NOT IN ('backup')")
    assert main(args) == 0
    again = capsys.readouterr().out
    assert "新走访 0 户、更新 0 户、排查结果 0 人" in again and "已登记 3" in again
    assert _rows(ledger, "SELECT count(*) FROM audit_entry WHERE action NOT IN ('backup')") == trail


def test_an_unknown_round_is_said_and_nothing_written(
    ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.xlsx"
    wb = Workbook()
    wb.active.append(["姓名", "体温", "其他症状"])
    wb.active.append(["某人", "36.5", "无"])
    wb.save(path)
    assert main(["import-screening", str(path), "--round", "9", "--db", str(ledger)]) == 2
    assert "没有编号为 9 的排查轮次" in capsys.readouterr().err
    assert _rows(ledger, "SELECT count(*) FROM visit") == [(0,)]
