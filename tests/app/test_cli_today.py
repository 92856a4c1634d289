"""`--today` is the day a headless command works on, before or after the command, as the screens' today."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from app.cli import main


def _births(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        return [row[0] for row in connection.execute("SELECT birth_date FROM person ORDER BY id")]


def test_the_demo_village_is_built_for_the_day_given(tmp_path: Path) -> None:
    """Ages are drawn for the day given: nobody is born after it, and the young are young on it."""
    early, late = tmp_path / "early.db", tmp_path / "late.db"
    assert main(["demo", "--db", str(early), "--people", "200", "--seed", "5", "--today", "2000-06-01"]) == 0
    assert main(["--today", "2021-02-01", "demo", "--db", str(late), "--people", "200", "--seed", "5"]) == 0
    born_early = [date.fromisoformat(b) for b in _births(early) if b]
    born_late = [date.fromisoformat(b) for b in _births(late) if b]
    assert max(born_early) <= date(2000, 6, 1) < max(born_late) <= date(2021, 2, 1)
    assert max(born_early) > date(1990, 6, 1)  # someone is under ten on the day


def test_today_reports_the_day_given(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "ledger.db"
    assert main(["demo", "--db", str(db), "--people", "20", "--today", "2020-02-01"]) == 0
    capsys.readouterr()
    assert main(["today", "--db", str(db), "--today", "2020-02-03"]) == 0
    assert capsys.readouterr().out.startswith("2020-02-03 ")


def test_a_today_that_is_not_a_date_is_refused_before_anything_opens(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "ledger.db"
    try:
        main(["today", "--db", str(db), "--today", "2020-13-40"])
    except SystemExit as exc:
        assert exc.code == 2
    else:
        raise AssertionError("an impossible --today was taken")
    assert "日期" in capsys.readouterr().err
    assert not db.exists()


def test_print_takes_the_cases_new_on_the_day_given(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    db, ledger = tmp_path / "ledger.db", tmp_path / "ledger.xlsx"
    wb = Workbook()
    wb.active.append(["姓名", "性别", "隔离方式", "隔离开始日期"])
    wb.active.append(["赵六", "男", "居家隔离", "2020-02-03"])
    wb.active.append(["钱七", "女", "居家隔离", "2020-02-04"])
    wb.save(ledger)
    assert main(["import-cases", str(ledger), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["print", "notices", "--db", str(db), "--out", str(tmp_path / "n.pdf"), "--today", "2020-02-04"]) == 0
    said = capsys.readouterr().out
    assert "已生成 1 人" in said, said
    assert (tmp_path / "n.pdf").stat().st_size > 0
