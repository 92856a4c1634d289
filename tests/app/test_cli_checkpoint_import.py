"""`python -m app import-checkpoint FILE --checkpoint NAME [--day D]`: a checkpoint register into the ledger, every
row accounted for on the console (adding up to the rows read) and in the report workbook; the same file a
second time is refused and writes nothing; the day's export, imported into the ledger it came from, adds nobody."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from app.cli import main

GATE = "村东路口卡点"  # the demo village's


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


@pytest.fixture
def ledger(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    db = tmp_path / "ledger.db"
    assert main(["demo", "--db", str(db), "--people", "60", "--seed", "4", "--today", "2026-12-03"]) == 0
    capsys.readouterr()
    return db


def _clerks_sheet(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["村东路口卡点人员出入登记表"])
    ws.append(["序号", "登记时间", "进/出", "姓名", "电话", "体温", "车牌", "处理情况", "值守人员"])
    ws.append([1, "06:05", "进", "甲某", "13900001111", "36.5", "豫A12345", "放行", "赵值守"])
    ws.append([2, "06:05", "进", "乙某", "", "36.7", "豫A12345", "放行", "赵值守"])
    ws.append([3, "06:20", "出", "丙某", "", "36.4", "", "放行", "赵值守"])
    ws.append([4, "06:30", "进", "丁某", "", "45", "", "", "赵值守"])
    ws.append(["合计", "", "", "4人"])
    wb.save(path)
    return path


def test_import_checkpoint_accounts_for_every_row_and_refuses_the_file_twice(
    ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _rows(ledger, "SELECT count(*) FROM gate_entry")[0][0]
    path = _clerks_sheet(tmp_path / "卡点.xlsx")
    report = tmp_path / "结果.xlsx"
    args = ["import-checkpoint", str(path), "--checkpoint", GATE, "--day", "2026-12-04", "--db", str(ledger)]
    assert main([*args, "--report", str(report)]) == 0
    said = capsys.readouterr().out
    assert "B 列“登记时间” → 时间" in said and "G 列“车牌” → 车牌号码" in said
    assert "导入完成：卡点登记 3 人次（车辆 1 辆，需处置提示 0 人）、未导入 1 行" in said
    assert "共读取 7 行（不含空行）：新建 3、未导入 1、跳过 3" in said
    assert "未导入 Sheet 第 6 行 丁某：体温(℃) 45.0℃ 不在 34～43℃ 之间" in said
    assert _rows(ledger, "SELECT count(*) FROM gate_entry")[0][0] == before + 3
    assert _rows(ledger, "SELECT name, at FROM gate_entry WHERE name = '乙某'") == [("乙某", "2026-12-04 06:05:00")]
    assert _rows(ledger, "SELECT count(*) FROM vehicle WHERE plate = '豫A12345' AND at LIKE '2026-12-04%'") == [(1,)]
    book = load_workbook(report)
    assert book.sheetnames[0] == "汇总" and "未导入" in book.sheetnames

    trail = _rows(ledger, "SELECT count(*) FROM audit_entry")
    assert main(args) == 2
    assert "这个文件已于" in capsys.readouterr().err
    assert _rows(ledger, "SELECT count(*) FROM gate_entry")[0][0] == before + 3
    assert _rows(ledger, "SELECT count(*) FROM audit_entry") == trail


def test_the_days_export_imported_back_adds_nobody(
    ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (day,) = _rows(ledger, "SELECT substr(max(at), 1, 10) FROM gate_entry")[0]
    out = tmp_path / "导出.xlsx"
    assert main(["export", "checkpoint", str(out), "--day", str(day), "--db", str(ledger)]) == 0
    count = _rows(ledger, f"SELECT count(*) FROM gate_entry WHERE at LIKE '{day}%'")[0][0]
    cars = _rows(ledger, f"SELECT count(*) FROM vehicle WHERE at LIKE '{day}%'")[0][0]
    capsys.readouterr()
    assert main(["import-checkpoint", str(out), "--checkpoint", GATE, "--db", str(ledger)]) == 0
    said = capsys.readouterr().out
    assert "导入完成：卡点登记 0 人次" in said and f"已登记 {count + cars}" in said
    assert _rows(ledger, f"SELECT count(*) FROM gate_entry WHERE at LIKE '{day}%'")[0][0] == count


def test_an_unknown_checkpoint_is_said_and_nothing_written(
    ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _clerks_sheet(tmp_path / "卡点.xlsx")
    before = _rows(ledger, "SELECT count(*) FROM gate_entry")
    assert main(["import-checkpoint", str(path), "--checkpoint", "北门", "--db", str(ledger)]) == 2
    assert "没有名为“北门”的卡点" in capsys.readouterr().err
    assert _rows(ledger, "SELECT count(*) FROM gate_entry") == before
