"""What `--smoke` checks besides the window: the data files a frozen bundle must carry (pinyin table,
region codes, the PDF fonts, Qt's Chinese translations, the SQLite functions the daily report uses), and
that the program really writes its two kinds of output file: one PDF (a 居家隔离医学观察告知书 with the
bundled Chinese fonts) and one Excel workbook (an import's refused-rows list), each written into a
temporary folder, read back and deleted.

A bundle that left something out would start fine and fail only when the clerk first saves a person,
prints or exports.
"""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from db.errors import LedgerError

if TYPE_CHECKING:
    from printing.case_print import CasePrint


def smoke_problems() -> list[str]:
    """Everything `--smoke` checks once the database is open; an empty list when all is well."""
    return bundled_data_problems() + translation_problems() + output_file_problems()


def translation_problems() -> list[str]:
    """Qt's Chinese catalogue (app/translations.py): without it every message box says "OK"."""
    from app.translations import check_findings

    return check_findings()


def bundled_data_problems() -> list[str]:
    problems: list[str] = []
    try:
        from db.rules.search_keys import name_pinyin

        if name_pinyin("张三丰") != ("zsf", "zhangsanfeng"):
            problems.append("拼音字典内容不对")
    except (OSError, RuntimeError, ValueError) as exc:
        problems.append(f"缺少拼音字典：{exc}")
    try:
        from db.rules.id_number import region_known

        if not region_known("110105"):
            problems.append("行政区划代码表内容不对")
    except (OSError, ImportError) as exc:
        problems.append(f"缺少行政区划代码表：{exc}")
    try:  # rapidfuzz's compiled distance: the pushed lists' typo matching
        from db.rules.person_match import RosterEntry, RosterIndex, Wanted

        index = RosterIndex.of([RosterEntry(1, "张三丰", "11010519491231002X", "", None, "zhangsanfeng")])
        found = index.match(Wanted("张三丰", "11010519491231003X"))
        if found is None or found.person_id != 1:
            problems.append("核查名单匹配（rapidfuzz）结果不对")
    except ImportError as exc:
        problems.append(f"缺少核查名单匹配模块：{exc}")
    try:  # HiGHS and numpy, compiled: the duty rosters' solver
        from datetime import date, time

        from db.duty.problem import Person, Post, Problem, ShiftTime
        from db.duty.solver import solve

        day = date(2026, 12, 7)
        post = Post(1, "卡点", (ShiftTime("白班", time(8), 12, 2, True),))
        people = (Person(1, "甲", "村干部", True), Person(2, "乙"), Person(3, "丙"))
        if solve(Problem(day, day, people, (post,))).filled != 2:
            problems.append("排班计算（HiGHS）结果不对")
    except ImportError as exc:
        problems.append(f"缺少排班计算模块：{exc}")
    try:  # the daily report: SQLite's JSON functions, and the day before read on a second connection
        from db.reports.figures import compute
        from forms.reports.definitions import daily

        compute(daily(), date.today())
    except Exception as exc:  # (a self-check reports whatever went wrong: a missing SQL function, a module)
        problems.append(f"日报表无法计算：{type(exc).__name__}: {exc}")
    try:
        from printing.fonts import missing_characters

        if missing := missing_characters("居家医学观察钱𠮷祥王䶮"):
            problems.append(f"打印字体缺少这些字：{''.join(sorted(missing))}")
    except LedgerError as exc:  # the main font is not there at all
        problems.append(str(exc))
    return problems


def output_file_problems() -> list[str]:
    """Write one PDF and one xlsx into a temporary folder, check them, delete them (the folder too)."""
    problems: list[str] = []
    try:
        with tempfile.TemporaryDirectory(prefix="village-ledger-smoke-") as folder:
            for check in (_pdf_problem, _xlsx_problem):
                try:
                    if problem := check(Path(folder)):
                        problems.append(problem)
                except Exception as exc:  # (a self-check reports whatever went wrong)
                    problems.append(f"{check.__doc__}失败：{type(exc).__name__}: {exc}")
    except OSError as exc:  # no temporary folder at all (a full disk, say)
        problems.append(f"无法创建临时文件夹：{exc}")
    return problems


def _sample_case() -> CasePrint:
    """A made-up case with the rare characters the fonts must carry (nothing of it is saved)."""
    from printing.case_print import HOME_ISOLATION, CasePrint

    start = date.today()
    end = start + timedelta(days=13)
    return CasePrint(
        case_id=1,
        serial="2026-0001",
        person_name="钱𠮷祥",
        sex="男",
        age=40,
        id_number="110105198001010019",
        phone="13800000000",
        address="一组12号",
        kind=HOME_ISOLATION,
        stages=((HOME_ISOLATION, start, end),),
        start=start,
        end=end,
        release_due=end + timedelta(days=1),
        released_on=None,
        grid_worker="王䶮",
        grid_worker_phone="13900000000",
        doctor="张三丰",
        doctor_phone="13700000000",
        supervision_phone="0371-61234567",
        village="东风村",
        committee="东风村村民委员会",
        township="城关镇",
        printed_on=start,
    )


def _pdf_problem(folder: Path) -> str | None:
    """写 PDF（告知书）"""
    from pypdf import PdfReader

    from printing.documents import DOCUMENTS

    path = DOCUMENTS["notices"].render([_sample_case()], folder / "自检告知书.pdf")
    if path.read_bytes()[:5] != b"%PDF-":
        return "生成的 PDF 文件开头不对"
    if len(PdfReader(path).pages) < 1:
        return "生成的 PDF 没有页面"
    if b"/FontFile2" not in path.read_bytes():  # reportlab embeds TrueType subsets so
        return "生成的 PDF 没有嵌入中文字体"
    path.unlink()
    return None


def _xlsx_problem(folder: Path) -> str | None:
    """写 Excel（导入结果清单）"""
    from openpyxl import load_workbook

    from db.imports.rows import RowAccount
    from forms.excel.issue_report import write_import_report

    # The report of an import: openpyxl, the shared styles and the verified save, without touching the
    # database (a roster export would be an audited export of real people).
    path = folder / "自检.xlsx"
    write_import_report(path, [RowAccount("一组", 5, "refused", "身份证号：自检", "钱𠮷祥")])
    workbook = load_workbook(path, read_only=True)
    try:
        if "未导入" not in workbook.sheetnames:
            return "导出的 Excel 没有“未导入”工作表"
        rows = sum(1 for _ in workbook["未导入"].iter_rows())
    finally:
        workbook.close()
    if rows != 2:
        return f"导出的 Excel 行数不对：{rows} 行，应有 2 行"
    path.unlink()
    return None
