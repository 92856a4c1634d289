"""`python -m app import-pushed FILE` and `export feedback --batch ID`: the accounting and the matches said, the
batch written, the feedback workbook made from it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from db.connection import close_database
from tests.forms.pushed_lists import railway


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


def test_import_then_export_feedback(
    village: dict[str, int], db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    close_database()  # the command opens the file itself
    pushed = railway()
    path = pushed.write(tmp_path / "铁路名单.xlsx")
    db = str(db_path)
    assert main(["import-pushed", str(path), "--db", db, "--source", "铁路", "--now", "2026-12-03 09:30"]) == 0
    said = capsys.readouterr().out
    taken = len(pushed.items())
    refused = sum(1 for r in pushed.rows if r.fate == "refused")
    not_data = sum(1 for r in pushed.rows if r.fate == "skipped") + 1 + sum(1 for line in pushed.lines if line)
    read = taken + refused + not_data
    assert f"共读取 {read} 行（不含空行）：新建 {taken}、未导入 {refused}、跳过 {not_data}" in said
    assert (
        f"已导入核查名单 {taken} 人：身份证号一致 0 人（已确认），疑似匹配 1 人（待确认），花名册中未找到 2 人" in said
    )
    assert "下发单位：市铁路站疫情防控专班；下发批次：LS-0312；下发日期：2026-12-02；反馈时限：2026-12-03 10:00" in said
    assert "没有姓名和证件号码" in said and "批次编号：1" in said
    assert _rows(db_path, "SELECT name, mapping != '{}' FROM pushed_source") == [("铁路", 1)]
    assert _rows(
        db_path, "SELECT count(*), min(received_at) FROM pushed_item JOIN pushed_batch b ON b.id = batch_id"
    ) == [(taken, "2026-12-03 09:30:00")]

    out = tmp_path / "反馈.xlsx"
    assert main(["export", "feedback", "--batch", "1", "--db", db, str(out)]) == 0
    assert f"已导出 {taken} 人：{out}" in capsys.readouterr().out
    sheet = load_workbook(out)["Sheet1"]
    header = len(pushed.lines) + 2
    assert [c.value for c in sheet[header]][: len(pushed.header) + 1] == [*pushed.header, "核查结果"]
    assert sheet.max_row == header + taken

    assert main(["import-pushed", str(path), "--db", db]) == 2  # the same file again: refused, nothing written
    assert "没有重复导入" in capsys.readouterr().err
    assert _rows(db_path, "SELECT count(*) FROM pushed_batch") == [(1,)]


def test_a_bad_now_is_refused_before_anything(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["import-pushed", str(tmp_path / "x.xlsx"), "--db", str(tmp_path / "l.db"), "--now", "昨天"])
    assert "时间写成 YYYY-MM-DD HH:MM" in capsys.readouterr().err
    assert not (tmp_path / "l.db").exists()
