"""Importing the rosters clerks keep: what lands, what is merged, what is refused and why."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from db.imports.roster import apply_plan
from db.models import AuditEntry, Grid, Household, Person
from forms.excel.issue_report import write_import_report
from forms.excel.reader import ImportCancelled
from forms.roster_import import MappingError, import_roster, plan_import, read_roster
from tests.conftest import DATA, ROOT


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_messy_roster_lands_as_a_clerk_expects(village, suffix: str) -> None:  # type: ignore[no-untyped-def]
    result = import_roster(DATA / f"messy_roster.{suffix}")
    assert (result.created_households, result.created_people, result.merged) == (7, 15, 1)
    refused = {(i.row, i.field): i.reason for i in result.plan.refused}
    assert "存成了数字" in refused[(10, "公民身份号码")]
    assert "校验位" in refused[(11, "公民身份号码")]
    assert Person.select().where(Person.name == "王桂兰").count() == 0  # never stored with a broken number
    qian = Person.get(Person.id_number == "42010219581123031X")
    assert qian.name == "钱𠮷祥" and qian.relation == "户主" and qian.household.head_name == "钱𠮷祥"
    assert Person.get(Person.id_number == "11010519670820048X").phone == "13912345678"  # +86 and dashes gone
    assert Person.get(Person.name == "张伟").id_number == "11010519900501035X"  # full-width digits
    assert Person.get(Person.name == "刘洋").birth_date.isoformat() == "1999-03-21"  # from the ID
    assert Person.get(Person.name == "艾力·买买提").household.door_no == "18号"
    assert Person.select().where(Person.name == "孙秀梅").count() == 1  # twice in the file: merged
    assert Grid.get(Grid.name == "一组").households.count() == 1 + 5  # the fixture's own + 5 from the sheet
    assert Household.get(Household.number == "005").phone == "0311-86001234"  # 固话 → household phone
    chen = Person.get(Person.name == "陈志刚")
    assert chen.relation == "户主" and chen.household.grid.name == "二组"
    note = AuditEntry.get(AuditEntry.action == "import")
    assert "messy_roster" in note.summary and note.who == "李文书"


def test_importing_the_same_file_twice_duplicates_nobody(village) -> None:  # type: ignore[no-untyped-def]
    import_roster(DATA / "messy_roster.xlsx")
    people, households = Person.select().count(), Household.select().count()
    again = import_roster(DATA / "messy_roster.xlsx")
    assert again.created_people == 0
    assert again.merged >= 12
    assert (Person.select().count(), Household.select().count()) == (people, households)


def test_gbk_csv_reads_chinese(village) -> None:  # type: ignore[no-untyped-def]
    result = import_roster(DATA / "roster_gbk.csv")
    assert result.created_people >= 2
    assert Person.select().where(Person.name.contains("马")).count() >= 1


def test_cancel_leaves_the_roster_as_it_was(village) -> None:  # type: ignore[no-untyped-def]
    class CancelDuringWrite:
        cancelled = False

        def update(self, done: int, total: int) -> None:
            pass

    plan = plan_import(read_roster(DATA / "messy_roster.xlsx"))
    progress = CancelDuringWrite()
    progress.cancelled = True
    before = (Person.select().count(), Household.select().count(), AuditEntry.select().count())
    with pytest.raises(ImportCancelled):
        apply_plan(plan, "messy_roster.xlsx", progress)
    assert (Person.select().count(), Household.select().count(), AuditEntry.select().count()) == before


def test_a_sheet_without_names_is_refused_naming_the_column(village, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wb = Workbook()
    wb.active.append(["户号", "身份证号", "电话"])
    wb.active.append(["001", "11010519491231002X", "13812345678"])
    wb.save(tmp_path / "no_names.xlsx")
    with pytest.raises(MappingError, match="姓名"):
        import_roster(tmp_path / "no_names.xlsx")


def test_every_row_goes_into_the_report_with_counts_that_add_up(village, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = plan_import(read_roster(DATA / "messy_roster.xlsx"))
    accounted = plan.accounted
    assert len({(a.sheet, a.row) for a in accounted}) == len(accounted) == plan.rows_read
    out = write_import_report(tmp_path / "report.xlsx", accounted, plan.warnings)
    book = load_workbook(out)
    summary = dict(book["汇总"].iter_rows(min_row=2, values_only=True))
    outcomes = [v for k, v in summary.items() if not str(k).startswith(("共读取", "提示"))]
    assert sum(outcomes) == summary["共读取（不含空行）"] == plan.rows_read
    refused = list(book["未导入"].iter_rows(values_only=True))
    assert refused[0] == ("工作表", "行号", "姓名", "原因")
    assert refused[1][:3] == ("一组", 10, "王桂兰") and "公民身份号码" in refused[1][3]
    skipped = {(sheet, row) for sheet, row, _name, _why in book["跳过"].iter_rows(min_row=2, values_only=True)}
    # title, header, 小计, copy, 合计
    assert {("一组", 1), ("一组", 3), ("一组", 20), ("二组", 6), ("二组", 8)} <= skipped
    rows_per_sheet = {name: book[name].max_row - 1 for name in book.sheetnames if name not in ("汇总", "提示")}
    assert sum(rows_per_sheet.values()) == plan.rows_read


def test_a_refused_name_of_a_paragraph_is_listed_cut_short(village, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A note pasted into the name column is refused, and the list (screen, report, console) shows the start
    of it rather than a paragraph; a real name is listed whole."""
    wb = Workbook()
    wb.active.append(["户号", "姓名", "身份证号"])
    wb.active.append(["001", "该户已于2020年整户迁往县城居住，" * 20, "11010519491231002X"])
    wb.active.append(["001", "阿依古丽·买买提", "110105194912310021"])  # wrong check digit
    wb.save(tmp_path / "paragraph.xlsx")
    refused = {i.row: i for i in plan_import(read_roster(tmp_path / "paragraph.xlsx")).refused}
    assert refused[2].field == "姓名"
    assert refused[2].name == ("该户已于2020年整户迁往县城居住，" * 20)[:50] + "…"
    assert refused[3].name == "阿依古丽·买买提"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_headless_import_and_export(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    report = tmp_path / "refused.xlsx"
    done = _cli("import-roster", str(DATA / "messy_roster.xlsx"), "--db", db, "--report", str(report))
    assert done.returncode == 0, done.stderr
    assert "新建 7 户、15 人" in done.stdout and "未导入 2 行" in done.stdout
    assert load_workbook(report)["未导入"].max_row == 3
    out = tmp_path / "花名册.xlsx"
    exported = _cli("export-roster", str(out), "--db", db)
    assert exported.returncode == 0, exported.stderr
    assert len(list(load_workbook(out)["花名册"].iter_rows())) == 3 + 15
    missing = _cli("import-roster", str(tmp_path / "nope.xlsx"), "--db", db)
    assert missing.returncode != 0 and "nope.xlsx" in missing.stderr and "Traceback" not in missing.stderr


def test_reading_a_roster_leaves_no_thread_of_its_own_running(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules load on a thread while the file is read; it is joined before the tables are handed back,
    so no reading leaves a thread behind (issue 16: every thread owned)."""
    started: list[threading.Thread] = []

    class Recorded(threading.Thread):
        joined = False

        def start(self) -> None:
            started.append(self)
            super().start()

        def join(self, timeout: float | None = None) -> None:
            super().join(timeout)
            self.joined = not self.is_alive()

    monkeypatch.setattr(threading, "Thread", Recorded)
    tables = read_roster(DATA / "messy_roster.xlsx")
    assert tables and any(t.name == "load-rules" for t in started)
    assert [t.name for t in started if not t.joined] == []
