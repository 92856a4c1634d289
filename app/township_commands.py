"""`python -m app township import|summary`: 乡镇汇总 headless, with the same calls as its screen."""

from __future__ import annotations

import argparse
from datetime import date, timedelta


def run_township(args: argparse.Namespace) -> int:
    if args.township_what == "import":
        return _import(args)
    return _summary(args)


def _import(args: argparse.Namespace) -> int:
    from app.commands import package_password
    from forms.reports.township_import import REFUSED, import_paths

    result = import_paths(args.paths, package_password(twice=False))
    for o in result.outcomes:
        what = f"{o.village}{o.day}" if o.village else ""
        print(f"  {o.file.name}：{o.outcome}{'：' + o.reason if o.reason else ''}{'（' + what + '）' if what else ''}")
    print(result.summary())
    return 1 if result.count(REFUSED) else 0


def _summary(args: argparse.Namespace) -> int:
    from db.queries.township import grid, number_notes, sequence_gaps, sequence_reuses, summary
    from forms.reports.township_export import export_township_summary

    day = args.day or args.today or date.today()
    first = args.first or day - timedelta(days=6)
    _measures, _rows, villages = summary(day)
    print(f"{day:%Y-%m-%d} 各村上报情况：")
    for v in villages:
        print(f"  {v.name}  {v.state}")
    days, states = grid(first, day)
    print("  " + "  ".join(["村（社区）", *(f"{d.month}/{d.day}" for d in days)]))
    for _code, name, cells in states:
        print("  " + "  ".join([name, *cells]))
    for code, note in number_notes(sequence_gaps(), sequence_reuses()).items():
        print(f"  代码 {code} 的数据包：{note}")
    if args.out is not None:
        out = args.out if args.out.suffix.lower() == ".xlsx" else args.out.with_suffix(".xlsx")
        sheets = export_township_summary(day, first, out)
        print(f"已导出汇总表（{len(sheets)} 张工作表）：{out}")
    return 0
