"""`python -m app print duty-roster|duty-slips` and `export duty-roster` on a real database file, in a child
process as the clerk's scripts run them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db.queries.duty import person_slips
from tests.data.duty_week import FIRST, LAST, DutyWeek, write_week
from tests.printing.conftest import page_count, page_texts

RANGE = ["--from", FIRST.isoformat(), "--to", LAST.isoformat()]


@pytest.fixture
def week(village: dict[str, int]) -> DutyWeek:
    return write_week(village["zhang"])


def _app(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *(str(a) for a in args)], capture_output=True, text=True, check=False
    )


def test_print_the_roster_and_the_slips(week: DutyWeek, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "值班表.pdf"
    done = _app("print", "duty-roster", *RANGE, "--db", db_path, "--today", "2026-11-30", "--out", out)
    assert done.returncode == 0, done.stderr
    people = len({n for crew in week.on.values() for n in crew})
    said = f"已生成值班表（2026-12-01 至 2026-12-07，村东卡点、村西卡点，{people} 人）：{out}"
    assert said in done.stdout
    assert page_count(out) == 2
    assert "制表日期：2026年11月30日" in re.sub(r"\s+", "", page_texts(out)[0])

    one = tmp_path / "村西.pdf"
    done = _app("print", "duty-roster", *RANGE, "--post", "村西卡点", "--mask-phones", "--db", db_path, "--out", one)
    assert done.returncode == 0, done.stderr
    (text,) = page_texts(one)
    assert "村西卡点" in text and "138****3333" in text and "13800003333" not in text

    slips = tmp_path / "通知单.pdf"
    done = _app("print", "duty-slips", *RANGE, "--db", db_path, "--out", slips)
    assert done.returncode == 0, done.stderr
    count = len(person_slips(FIRST, LAST))
    assert f"已生成 {count} 人的个人值班通知单（2026-12-01 至 2026-12-07）" in done.stdout
    assert "".join(page_texts(slips)).count("个人值班通知单") == count


def test_export_the_roster(week: DutyWeek, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "值班表.xlsx"
    done = _app("export", "duty-roster", *RANGE, "--db", db_path, out)
    assert done.returncode == 0, done.stderr
    people = len({n for crew in week.on.values() for n in crew})
    assert f"已导出 {people} 人：{out}" in done.stdout
    assert "值班人员的姓名和完整联系电话" in done.stderr and "身份证" not in done.stderr  # the file holds no ID numbers
    wb = load_workbook(out)
    assert wb.sheetnames == ["村东卡点", "村西卡点", "每日人数", "_meta"]
    assert wb["村东卡点"].max_row == 3 + 14 + 7  # title, header line, heads, 14 shifts, the lines below


def test_what_the_commands_refuse(week: DutyWeek, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    for args, words in (
        (["print", "duty-roster", "--db", db_path, "--out", out], "--from"),
        (["print", "duty-slips", "--from", "2026-12-01", "--db", db_path, "--out", out], "--to"),
        (
            ["print", "duty-roster", *RANGE, "--post", "村北卡点", "--db", db_path, "--out", out],
            "没有名为“村北卡点”的值班岗位",
        ),
        (["print", "duty-roster", "--from", "2026-12-07", "--to", "2026-12-01", "--db", db_path, "--out", out], "早于"),
        (
            ["print", "duty-slips", "--from", "2027-01-01", "--to", "2027-01-07", "--db", db_path, "--out", out],
            "没有排班",
        ),
        (["export", "duty-roster", "--from", "2026-13-01", "--to", "2026-12-07", "--db", db_path, out], "日期"),
    ):
        done = _app(*args)
        assert done.returncode != 0 and words in done.stderr, (args, done.stderr)
    assert not out.exists()
