"""乡镇汇总's workbook: 汇总 (a row per village and 合计, a column per figure), 上报情况 (villages × days) and
each merged list of the day, written and read back as every other export."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from db import exports
from db.models import Village
from db.queries.township import grid, merged_lists, number_notes, sequence_gaps, sequence_reuses, summary
from db.reports.spec import MEASURE_LABELS
from db.rules.chinese_dates import long_date
from forms.excel.report_sheet import STRONG, SheetSpec, expect_sheets, write_sheet
from forms.excel.workbook_files import save_verified


def export_township_summary(day: date, first: date, target: Path) -> dict[str, int]:
    """The workbook for `day`, its grid from `first` to `day`; returns sheet name -> data rows (an empty list's
    sheet says （无）)."""
    exports.may_export()
    township = Village.select().first()
    unit = township.name if township else ""
    wb = Workbook(write_only=True)
    written: dict[str, int] = {}
    measures, rows, villages = summary(day)
    columns = [f"{block}·{label}·{MEASURE_LABELS.get(m, m)}" for block, label in rows for m in measures]
    sheet = SheetSpec("汇总", "汇总", (("村（社区）", 12), ("上报情况", 10), *((c, 12) for c in columns)), frozen=2)
    lines: list[dict[str, Any]] = []
    for v in villages:
        line: dict[str, Any] = {"村（社区）": v.name, "上报情况": v.state, STRONG: not v.code}
        for key in rows:
            for m in measures:
                value = v.figures.get(key, {}).get(m)
                line[f"{key[0]}·{key[1]}·{MEASURE_LABELS.get(m, m)}"] = "" if value is None else value
        lines.append(line)
    written["汇总"] = write_sheet(wb, sheet, f"{unit}疫情防控工作日报汇总表", f"报告日期：{long_date(day)}", lines)
    data_rows = {"汇总": len(lines)}
    days, states = grid(first, day)
    notes = number_notes(sequence_gaps(), sequence_reuses())
    day_columns = [f"{d.month}月{d.day}日" for d in days]
    grid_sheet = SheetSpec(
        "上报情况",
        "上报情况",
        (("村（社区）", 12), *((c, 8) for c in day_columns), ("数据包序号", 24)),
        centred=frozenset(day_columns),
        frozen=1,
    )
    grid_lines = [
        {
            "村（社区）": name,
            **dict(zip(day_columns, cells, strict=True)),
            "数据包序号": notes.get(code, ""),
        }
        for code, name, cells in states
    ]
    said = f"{long_date(first)}至{long_date(day)}：已上报、零报告、迟报（次日中午以后才导出）、未上报"
    written["上报情况"] = write_sheet(wb, grid_sheet, f"{unit}各村上报情况", said, grid_lines)
    data_rows["上报情况"] = len(grid_lines)
    for name, (headers, list_rows) in merged_lists(day).items():
        spec = SheetSpec(
            name[:31],
            name,
            tuple((h, 20 if h in ("住址", "身份证号") else 12) for h in headers),
            text=frozenset({"身份证号", "联系电话"}) & set(headers),
        )
        data = [dict(zip(headers, r, strict=True)) for r in list_rows]
        written[spec.name] = write_sheet(wb, spec, f"{unit}{name}（各村合并）", f"报告日期：{long_date(day)}", data)
        data_rows[spec.name] = len(data)
    save_verified(wb, target, expect_sheets(written))
    exports.record_list_export(f"{unit}日报汇总表", day, len(villages), target)
    return data_rows
