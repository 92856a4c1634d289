"""`python -m app report daily|pdf|definition`: the daily report headless, with the same calls as the screen (no Qt
is loaded here): the figures printed as the report sheet has them, then the workbook written."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from db.reports.figures import Figures
from db.reports.spec import ReportSpec


def run_report(args: argparse.Namespace) -> int:
    from forms.reports import definitions

    if args.report_what == "definition":
        print(f"已导出报表定义：{definitions.write_definition(definitions.current(), args.out)}")
        return 0
    if args.report_what == "use-definition":
        return _use_definition(args)
    if args.report_what == "package":
        return _package(args)
    spec = definitions.load(args.definition) if args.definition else definitions.current()
    day = args.day or args.today or date.today()
    if args.report_what == "pdf":
        return _pdf(args, spec, day)
    return _daily(args, spec, day)


def _use_definition(args: argparse.Namespace) -> int:
    from db.reports.definition_store import forget_definition
    from forms.reports import definitions

    if args.builtin:
        print("已恢复为内置的日报表定义" if forget_definition() else "正在使用的就是内置的日报表定义")
        return 0
    if args.file is None:
        print("请给出报表定义文件，或用 --builtin 恢复内置定义")
        return 2
    spec = definitions.import_definition(args.file)
    print(f"已导入报表定义“{spec.title}”：{len(spec.categories)} 个统计项目，以后的日报表都按它计算")
    return 0


def _package(args: argparse.Namespace) -> int:
    from app.commands import package_password
    from forms.reports import definitions
    from forms.reports.day_package import write_day_package

    day = args.day or args.today or date.today()
    written = write_day_package(definitions.current(), day, args.folder, package_password())
    said = "零报告，" if written.zero else ""
    print(f"已导出 {day:%Y-%m-%d} 的数据包（{said}序号 {written.sequence}，{written.rows} 行，已加密）：{written.path}")
    return 0


def _daily(args: argparse.Namespace, spec: ReportSpec, day: date) -> int:
    from app.commands import ConsoleProgress, _personal_export
    from forms.reports.daily_export import export_daily_report

    shown: list[Figures] = []

    def write(path: Path) -> int:
        written = export_daily_report(spec, day, path, args.reviewer, ConsoleProgress("导出"))
        shown.append(written.figures)
        return len(written.sheets)

    code = _personal_export(args, write, unit="张工作表")
    if shown:
        print_figures(spec, shown[0])
    return code


def _pdf(args: argparse.Namespace, spec: ReportSpec, day: date) -> int:
    from app.commands import ConsoleProgress
    from printing.daily_report_print import print_daily_report

    out = args.out if args.out.suffix.lower() == ".pdf" else args.out.with_suffix(".pdf")
    figures = print_daily_report(spec, day, out, args.reviewer, ConsoleProgress("打印"))
    print(f"已打印日报表：{out}")
    print_figures(spec, figures)
    return 0


def print_figures(spec: ReportSpec, figures: Figures) -> None:
    labels = [spec.column_labels.get(c, c) for c in spec.columns]
    title = f"{spec.title}（{figures.day:%Y-%m-%d}）" + ("  零报告：本日各项无新增、无减少" if figures.zero else "")
    print(title)
    if figures.walked_back:
        print(f"  按当天结束时的台账计算（其后的 {figures.walked_back} 处改动不计入）")
    print("  " + "  ".join(["类别", "项目", *labels]))
    for row in figures.rows:
        cells = ["—" if row.figures[c] is None else str(row.figures[c]) for c in spec.columns]
        print("  " + "  ".join([row.block, row.label, *cells]))
