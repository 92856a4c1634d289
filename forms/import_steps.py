"""The steps every spreadsheet import shares between reading a file and planning it, and its headless run.

The roster import (forms.roster_import) and the quarantine-ledger import (forms.case_import) each read,
map columns and plan in their own way; which mapping a table is read by, which sheet the console asked
for, what the console is told and how an outdated plan is made again are the same for both, here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from db.errors import LedgerError, PlanOutdated
from db.imports.rows import RowsRead
from forms.excel.mapping import Target, column_letters, describe_mapping
from forms.excel.reader import SheetTable

#: The group of rows that name none (and whose sheet names none).
DEFAULT_GRID = "未分组"

P = TypeVar("P")
R = TypeVar("R")


class MappingError(LedgerError):
    """The workbook lacks a column the import cannot do without; the message names it."""


def table_mapping(
    plan: RowsRead,
    table: SheetTable,
    mappings: dict[str, dict[int, str]] | None,
    guess: Callable[[SheetTable], dict[int, str]],
    problems_of: Callable[[dict[int, str]], list[str]],
) -> dict[int, str]:
    """The table's mapping as the clerk confirmed it, else as guessed; refused when a needed column lacks. Two
    columns of one name are said in the plan's notes: which one is read."""
    mapping = (mappings or {}).get(table.key) or guess(table)
    problems = problems_of(mapping)
    if problems:
        raise MappingError(f"工作表“{table.label}”：" + "；".join(problems))
    repeated: dict[str, list[int]] = {}
    for col in table.repeated_filled():
        repeated.setdefault(table.headers[col], []).append(col)
    for header, cols in repeated.items():
        read = [column_letters(c) for c in cols if c in mapping]
        others = "、".join(column_letters(c) for c in cols if c not in mapping)
        if read and others:
            plan.notes.append(
                f"工作表“{table.label}”有几列都叫“{header}”：按 {read[0]} 列导入（填了数据的一列），{others} 列未导入"
            )
    return mapping


def only_sheet(tables: list[SheetTable], sheet: str | None) -> list[SheetTable]:
    """The tables of the sheet the console asked for (all without one); a sheet the file lacks is refused."""
    if sheet is None:
        return tables
    tables = [t for t in tables if t.sheet == sheet]
    if not tables:
        raise MappingError(f"找不到工作表“{sheet}”")
    return tables


def applied_once_more(plan: Callable[[], P], apply: Callable[[P], R], say: Callable[[str], None] | None) -> R:
    """A headless import's plan, applied; made once more from the file if another writer changed the ledger
    in between (nobody is there to re-check a preview). A second change in between is told as PlanOutdated."""
    try:
        return apply(plan())
    except PlanOutdated:
        if say is not None:
            say("注意：制定导入计划后台账被另一个程序修改，重新读取并核对一次。")
        return apply(plan())


def tell_plan(
    say: Callable[[str], None],
    tables: list[SheetTable],
    mappings: dict[str, dict[int, str]],
    targets: list[Target],
    notes: list[str],
) -> None:
    """The columns each table is read by, and the plan's remarks, as the dialog shows them."""
    for table in tables:
        if table.key in mappings:
            say(f"工作表“{table.label}”（表头在第 {table.header_row} 行，{len(table.rows)} 行数据）的列：")
            for line in describe_mapping(table.headers, mappings[table.key], targets):
                say(f"  {line}")
    for note in notes:
        say(f"注意：{note}")
