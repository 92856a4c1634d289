"""The screening page's paper and file jobs for the round shown: the grid's field sheet, the list of households
not finished, a grid worker's workbook brought in, and the register exported — each the same code as its
headless command, written off the UI thread.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PyQt6.QtWidgets import QInputDialog, QWidget

from app.export_task import export_with_progress, save_pdf
from db.queries.screening import coverage
from db.queries.screening_entry import EntryRound

#: What the page's 纸质表和文件 menu offers, in its order: (key, the menu's words).
JOBS = (
    ("field_sheets", "打印入户排查表（填写用）…"),
    ("gaps", "打印未完成排查户清单…"),
    ("import", "导入网格员的排查表…"),
    ("export", "导出入户排查登记表…"),
)


def print_field_sheets(parent: QWidget, chosen: EntryRound) -> Path | None:
    """Ask which grid, then save its sheet as a PDF and open it to print."""
    grids = [line.grid for line in coverage(chosen.id).grids]
    grid, ok = QInputDialog.getItem(parent, "打印入户排查表", "网格：", grids, 0, False)
    if not ok or not grid:
        return None
    from printing.screening_print import print_field_sheet

    return save_pdf(
        parent,
        "打印入户排查表",
        f"入户排查表-{chosen.name}-{grid}.pdf",
        f"正在生成{grid}的入户排查表……",
        lambda target, p: print_field_sheet(chosen.id, grid, target, p),
        lambda sheet: f"{grid}的入户排查表（{len(sheet.households)} 户，{sheet.people} 人）已保存",
    )


def print_gaps(parent: QWidget, chosen: EntryRound, today: date) -> Path | None:
    """The round's 未完成排查户清单 as a PDF, opened to print."""
    from printing.screening_print import print_gap_list

    return save_pdf(
        parent,
        "打印未完成排查户清单",
        f"未完成排查户清单-{chosen.name}.pdf",
        "正在生成未完成排查户清单……",
        lambda target, p: print_gap_list(chosen.id, target, today, progress=p),
        lambda sheet: f"未完成排查户清单（{sheet.households} 户）已保存",
    )


def export_register(parent: QWidget, chosen: EntryRound, today: date) -> Path | None:
    """The round's 入户排查登记表 workbook (form 02, with 03 and the summary)."""
    from forms.screening_export import default_file_name, export_screening_register

    return export_with_progress(
        parent,
        "入户排查登记表",
        default_file_name(chosen.name, today),
        lambda path, p: export_screening_register(chosen.id, path, p, today),
        lambda count: f"{chosen.name}的入户排查登记表已导出 {count} 人",
    )
