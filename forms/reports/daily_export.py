"""The daily report workbook: the report sheet (title, unit and day, a row per category with its figures,
signature lines; 零报告 said in the title when nothing is new), then the records behind each block on sheets
of their own, so every figure can be checked, and the official lists that go with the report, in the township's
columns: 重点人员排查登记表, 居家 / 集中隔离人员名单, 发热人员登记表, 卡点登记汇总 and 核查反馈表 (which records
each holds: forms.reports.official_lists). Every list reads the ledger as it stood at the day's cut-off."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from db import exports
from db.models import Village
from db.progress import Progress, check_cancelled
from db.reports.figures import FigureRow, Figures, Listing, as_reported, compute, listings
from db.reports.spec import ReportSpec
from db.rules.chinese_dates import long_date
from forms.excel.report_sheet import HEADER_ROW, SheetSpec, expect_sheets, write_sheet
from forms.excel.report_style import FONT, LEFT, add_meta, styled
from forms.excel.workbook_files import save_verified
from forms.isolation_export import CENTRAL, HOME, LISTS, header_line, list_rows
from forms.reports.official_lists import (
    CHECKPOINT,
    FEEDBACK,
    FEVER,
    OFFICIAL_LISTS,
    SCREENING,
    VEHICLES,
    reviewer_of,
)
from forms.reports.official_lists import header_line as official_line

REPORT_SHEET = "日报表"
#: The lists after the report and its 明细 sheets, in this order (HOME, CENTRAL: forms.isolation_export).
LIST_ORDER = (SCREENING, HOME, CENTRAL, FEVER, CHECKPOINT, VEHICLES, FEEDBACK)
ZERO = "零报告"
BLANK = "—"
_TEXT = frozenset({"身份证号", "联系电话", "户号", "车牌"})
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Written:
    """What an export wrote: the figures, and each sheet's rows (for the caller's message and the manifest)."""

    figures: Figures
    sheets: dict[str, int]
    """Sheet name -> its data rows (the report sheet's categories, each list's records)."""


def fill(text: str, village: Village | None, day: date, reviewer: str) -> str:
    unit = f"{village.township}{village.name}" if village else ""
    return text.format(
        unit=unit,
        day=long_date(day),
        clerk=(village.clerk if village else "") or "______",
        reviewer=reviewer_of(village, reviewer) or "______",
        phone=(village.office_phone if village else "") or "______",
    )


def report_title(spec: ReportSpec, figures: Figures, village: Village | None) -> str:
    name = village.name if village else ""
    return f"{name}{spec.title}" + (f"（{ZERO}）" if figures.zero else "")


def export_daily_report(
    spec: ReportSpec, day: date, target: Path, reviewer: str = "", progress: Progress | None = None
) -> Written:
    """Compute the day's figures, write the workbook (temp file, read back, renamed), note it in the audit
    trail. Full ID numbers are in the lists: the export permission is needed first."""
    exports.may_export()
    figures = compute(spec, day)
    check_cancelled(progress)
    village = Village.select().first()
    wb = Workbook(write_only=True)
    sheets = {REPORT_SHEET: _report_sheet(wb, spec, figures, village, reviewer)}
    blocks: dict[str, list[tuple[FigureRow, Listing]]] = {}
    for row, behind in zip(figures.rows, listings(spec, list(figures.rows), day), strict=True):
        blocks.setdefault(row.block, []).append((row, behind))
    for n, (block, rows) in enumerate(blocks.items(), start=1):
        check_cancelled(progress)
        if progress is not None:
            progress.update(n, len(blocks) + 2)
        sheets.update(_block_sheet(wb, spec, block, rows, day, village))
    prefix = village.name if village else ""
    with as_reported(day):  # read as the day's end saw them, then written (saves elsewhere wait while reading)
        found = {key: list_rows(key, day, day) for key in (HOME, CENTRAL)}
        found.update({key: OFFICIAL_LISTS[key].rows(day, village) for key in LIST_ORDER if key not in found})
    for key in LIST_ORDER:
        check_cancelled(progress)
        if key in (HOME, CENTRAL):
            sheet, title, line = LISTS[key].sheet, LISTS[key].title, header_line(village, day)
        else:
            official = OFFICIAL_LISTS[key]
            sheet, title, line = official.sheet, official.title, official_line(village, day, reviewer)
        write_sheet(wb, sheet, prefix + title, line, found[key])
        sheets[sheet.name] = len(found[key])
    add_meta(wb, f"report-{spec.key}", len(figures.rows), day=day.isoformat(), zero=figures.zero)
    save_verified(wb, target, expect_sheets({name: _rows_written(rows) for name, rows in sheets.items()}))
    exports.record_list_export(report_title(spec, figures, village), day, len(figures.rows), target)
    if progress is not None:
        progress.update(1, 1)
    return Written(figures, sheets)


def _rows_written(data_rows: int) -> int:
    """Title, header line and header row above the data; an empty list has its one （无） row."""
    return 3 + max(1, data_rows)


def _report_sheet(wb: Workbook, spec: ReportSpec, figures: Figures, village: Village | None, reviewer: str) -> int:
    """Returns the rows under the header row: the categories, then the signature lines (merged, no borders)."""
    labels = [spec.column_labels.get(c, c) for c in spec.columns]
    sheet = SheetSpec(
        REPORT_SHEET,
        REPORT_SHEET,
        (("类别", 18), ("项目", 36), *((label, 10) for label in labels)),
        centred=frozenset(labels),
        frozen=2,
    )
    rows: list[dict[str, Any]] = []
    shown_block = None
    for row in figures.rows:
        cells = zip(spec.columns, labels, strict=True)
        values = {label: BLANK if row.figures[c] is None else row.figures[c] for c, label in cells}
        block = "" if row.block == shown_block else row.block  # a block named once, on its first row
        shown_block = row.block
        rows.append({"类别": block, "项目": row.label, **values})
    header = "    ".join(fill(line, village, figures.day, reviewer) for line in spec.header)
    write_sheet(wb, sheet, report_title(spec, figures, village), header, rows)
    footer = [fill(line, village, figures.day, reviewer) for line in spec.footer]
    if figures.zero:
        footer.insert(0, f"{ZERO}：本日各项无新增、无减少。")
    ws = wb.worksheets[-1]
    last = get_column_letter(len(sheet.columns))
    for n, line in enumerate(footer, start=HEADER_ROW + len(rows) + 1):
        ws.append([styled(ws, line, FONT, LEFT)])
        ws.merged_cells.add(f"A{n}:{last}{n}")
    return len(rows) + len(footer)


def _block_sheet(
    wb: Workbook,
    spec: ReportSpec,
    block: str,
    rows: list[tuple[FigureRow, Listing]],
    day: date,
    village: Village | None,
) -> dict[str, int]:
    """The records behind a block's rows (the first row's columns; a row with nothing behind it adds none)."""
    found: list[dict[str, Any]] = []
    headers: tuple[str, ...] = ()
    for row, behind in rows:
        headers = headers or behind.headers
        found += [{"项目": row.label, **dict(zip(behind.headers, values, strict=True))} for values in behind.rows]
    name = _SHEET_NAME.sub("", f"明细-{block}")[:31]
    columns = (("项目", 18), *((h, 20 if h in ("住址", "身份证号") else 12) for h in headers))
    sheet = SheetSpec(name, name, columns, text=_TEXT & set(headers), centred=frozenset({"本日"}))
    title = f"{village.name if village else ''}{block}明细"
    write_sheet(
        wb, sheet, title, f"报告日期：{long_date(day)}    本日：新增、减少为与前一日相比，现有为当日在册", found
    )
    return {name: len(found)}
