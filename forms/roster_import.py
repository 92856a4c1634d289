"""Bring a roster workbook in: read, map columns, plan (what would be created or merged), then apply.

The plan is computed without writing (forms.roster_plan decides the households row by row), so the
dialog can preview it; db.imports.roster.apply_plan writes the whole plan in one transaction through
db.changes, so cancel or a crash leaves the database as it was.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from db import changes
from db.bulk import collector_paused
from db.choice_memory import remembered
from db.imports.roster import ImportPlan, ImportResult, apply_plan
from db.progress import Progress
from db.rules import id_number, search_keys
from forms.choice_words import ChoiceTally, reading_choices
from forms.excel.mapping import header_words, missing_required
from forms.excel.reader import SheetTable, read_tables
from forms.import_steps import MappingError, applied_once_more, only_sheet, table_mapping, tell_plan
from forms.roster_fields import HOUSEHOLD_KEYS, ROSTER_TARGETS
from forms.roster_plan import Planner

__all__ = ["MappingError", "guess_roster_mapping", "import_roster", "mapping_problems", "plan_import", "read_roster"]


@collector_paused()
def read_roster(path: Path, progress: Progress | None = None) -> list[SheetTable]:
    """The tables of the workbook, with the rules every row will be checked and keyed by loaded meanwhile
    (pinyin readings, region codes: calamine leaves the interpreter free for them); both are done on return."""
    loading = threading.Thread(target=_load_rules, name="load-rules")
    loading.start()
    try:
        return read_tables(path, header_words(ROSTER_TARGETS), progress)
    finally:
        loading.join()


def _load_rules() -> None:
    search_keys.load()
    id_number.load()


def guess_roster_mapping(table: SheetTable) -> dict[int, str]:
    return table.guess_mapping(ROSTER_TARGETS)


def mapping_problems(mapping: dict[int, str]) -> list[str]:
    """Chinese messages for columns the import needs but the mapping lacks."""
    problems = [f"找不到“{t.label}”列" for t in missing_required(mapping, ROSTER_TARGETS)]
    if not set(mapping.values()) & set(HOUSEHOLD_KEYS):
        problems.append("找不到能确定所属户的列（户号、门牌号、户主姓名或与户主关系，至少需要一列）")
    return problems


@collector_paused()
def plan_import(
    tables: Iterable[SheetTable],
    mappings: dict[str, dict[int, str]] | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """Work out, without writing, what importing these tables would do (mappings: by SheetTable.key)."""
    tables = list(tables)
    version = changes.ledger_version()  # before the ledger is read: a change after it makes the plan outdated
    planner = Planner(progress, sum(len(t.rows) for t in tables) or 1)
    plan = planner.plan
    plan.ledger_version = version
    plan.choices = ChoiceTally()
    # Choice cells read with the clerk's earlier corrections; what was not our words is counted for the preview.
    with reading_choices(remembered(), plan.choices):
        for table in tables:
            if plan.read(table):
                planner.table(table, table_mapping(plan, table, mappings, guess_roster_mapping, mapping_problems))
    planner.finish()
    if progress is not None:
        progress.update(planner.total, planner.total)
    existing = planner.existing
    plan.notes.extend(
        f"组别“{written}”与“{stored}”是同一个组，按“{stored}”导入" for written, stored in planner.groups.renamed()
    )
    plan.new_grids = sorted(
        {h.values["grid_name"] for h in plan.households if h.to_write and h.values["grid_name"] not in existing.grids}
    )
    return plan


@collector_paused()  # over all three steps: each one's objects would otherwise be walked between them
def import_roster(
    path: Path, progress: Progress | None = None, sheet: str | None = None, say: Callable[[str], None] | None = None
) -> ImportResult:
    """The headless import: the same reading, column guess, plan and single transaction as the dialog; say
    (print, for the console) is told the mapping used and what the plan holds before anything is written."""
    return applied_once_more(
        lambda: _plan_file(path, progress, sheet, say), lambda plan: apply_plan(plan, path.name, progress), say
    )


def _plan_file(
    path: Path, progress: Progress | None, sheet: str | None, say: Callable[[str], None] | None
) -> ImportPlan:
    """Read, guess the columns and plan (the raw cells are let go on return: the plan holds what is needed)."""
    tables = only_sheet(read_roster(path, progress), sheet)
    mappings = {t.key: guess_roster_mapping(t) for t in tables if t.rows}
    plan = plan_import(tables, mappings, progress=progress)
    if say is not None:
        tell_plan(say, tables, mappings, ROSTER_TARGETS, plan.notes)
    return plan
