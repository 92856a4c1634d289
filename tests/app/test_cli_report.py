"""`python -m app report daily|definition` in a child process, as the clerk's scripts run it: the figures
printed as the report sheet has them and the workbook written; a township's own definition used, and a wrong
one refused naming the category and the field."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db import quarantine_actions as qa
from db.models.quarantine import EventKind
from forms.reports.daily_export import REPORT_SHEET
from tests.data.report_ledger import at, open_case, people


def _app(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *(str(a) for a in args)], capture_output=True, text=True, check=False
    )


def test_report_daily_prints_the_figures_and_writes_the_workbook(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with at(datetime(2026, 12, 1, 9, 0), monkeypatch):
        folk = people(2)
        case = open_case(folk[0], date(2026, 12, 1))
    with at(datetime(2026, 12, 2, 9, 0), monkeypatch):
        qa.change_status(case, EventKind.RELEASED, date(2026, 12, 2), "解除")
    out = tmp_path / "日报.xlsx"
    done = _app("report", "daily", out, "--day", "2026-12-01", "--reviewer", "张主任", "--db", db_path)
    assert done.returncode == 0, done.stderr
    assert "个人信息" in done.stderr
    lines = [line.split() for line in done.stdout.splitlines()]
    assert ["居家隔离医学观察", "居家隔离医学观察", "1", "0", "1", "1"] in lines
    assert any("其后的" in line and "改动不计入" in line for line in done.stdout.splitlines())
    assert load_workbook(out)[REPORT_SHEET]["A1"].value == "东风村疫情防控工作日报表"


def test_a_townships_definition_is_used_and_a_wrong_one_refused(db_path: Path, tmp_path: Path) -> None:
    people(1)
    definition = tmp_path / "日报定义.json"
    assert _app("report", "definition", definition, "--db", db_path).returncode == 0
    data = json.loads(definition.read_text(encoding="utf-8"))
    data["title"] = "重点人群排查管理日报表"
    data["categories"] = [c for c in data["categories"] if c["source"] == "cases"]
    definition.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "own.xlsx"
    done = _app("report", "daily", out, "--day", "2026-12-01", "--definition", definition, "--db", db_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("已导出") and "重点人群排查管理日报表（2026-12-01）" in done.stdout
    sheet = load_workbook(out)[REPORT_SHEET]
    labels = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True) if len(row) > 1 and row[1]]
    assert labels == [c["label"] for c in data["categories"]]

    data["categories"][0]["where"] = {"colour": ["红"]}
    definition.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = _app("report", "daily", out, "--definition", definition, "--db", db_path)
    assert done.returncode == 2
    assert "第 1 项" in done.stderr and "没有字段“colour”" in done.stderr


def test_use_definition_keeps_the_townships_file_until_builtin(db_path: Path, tmp_path: Path) -> None:
    """report use-definition: from then on `report daily` (no --definition) counts as the township's file says;
    the exported definition carries the 说明 of every word a definition may use; --builtin undoes it."""
    people(1)
    definition = tmp_path / "日报定义.json"
    assert _app("report", "definition", definition, "--db", db_path).returncode == 0
    data = json.loads(definition.read_text(encoding="utf-8"))
    guide = data["说明"]
    assert "cases" in guide["数据来源（source）"] and guide["栏目（columns、measures）"]["new"] == "当日新增"
    data["categories"] = data["categories"][:2]
    definition.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    def labels() -> list[str]:
        out = tmp_path / "日报.xlsx"
        done = _app("report", "daily", out, "--day", "2026-12-01", "--db", db_path)
        assert done.returncode == 0, done.stderr
        sheet = load_workbook(out)[REPORT_SHEET]
        return [row[1] for row in sheet.iter_rows(min_row=4, values_only=True) if len(row) > 1 and row[1]]

    built_in = labels()
    done = _app("report", "use-definition", definition, "--db", db_path)
    assert done.returncode == 0 and "已导入报表定义" in done.stdout, done.stderr
    assert labels() == [c["label"] for c in data["categories"]]
    assert _app("report", "use-definition", "--builtin", "--db", db_path).stdout.startswith("已恢复为内置")
    assert labels() == built_in


def test_report_pdf_prints_the_figures_and_writes_the_pdf(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with at(datetime(2026, 12, 1, 9, 0), monkeypatch):
        folk = people(2)
        open_case(folk[0], date(2026, 12, 1))
    out = tmp_path / "日报.pdf"
    done = _app("report", "pdf", "--day", "2026-12-01", "--out", out, "--reviewer", "张主任", "--db", db_path)
    assert done.returncode == 0, done.stderr
    assert f"已打印日报表：{out}" in done.stdout
    assert ["居家隔离医学观察", "居家隔离医学观察", "1", "0", "1", "1"] in [
        line.split() for line in done.stdout.splitlines()
    ]
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "东风村疫情防控工作日报表" in text and "张主任" in text and "居家隔离" in text
