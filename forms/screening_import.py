"""Bring a grid worker's screening workbook into a round: read, map columns, plan the household visits, apply.

The same split as the roster and ledger imports: the plan is worked out without writing, so the dialog can
preview it; db.imports.screening.apply_screening_plan backs the file up and writes every visit in one
transaction, with record_visit's own checks.

How rows become visits (whose finding, which household, visitors added as 暂住) is forms.screening_visits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path

from db import changes
from db.bulk import collector_paused
from db.choice_memory import remembered
from db.imports.screening import (
    ScreeningImportPlan,
    ScreeningImportResult,
    apply_screening_plan,
)
from db.models import ScreeningRound
from db.models.screening import RoundStatus
from db.progress import Progress, check_cancelled
from db.screening_actions import ScreeningError
from forms.choice_words import ChoiceTally, reading_choices
from forms.excel.mapping import header_words, missing_required
from forms.excel.reader import SheetTable, read_tables
from forms.import_steps import MappingError, applied_once_more, only_sheet, table_mapping, tell_plan
from forms.screening_fields import SCREENING_TARGETS
from forms.screening_rows import Roster, ScreeningRow, parse_table
from forms.screening_visits import NOT_IN_ROSTER, Planner

__all__ = [
    "NOT_IN_ROSTER",
    "MappingError",
    "guess_screening_mapping",
    "import_screening",
    "plan_screening_import",
    "read_screening",
    "screening_mapping_problems",
]

NO_NAME_COLUMN = "工作表没有姓名列，不是排查记录（如汇总表）"


@collector_paused()
def read_screening(path: Path, progress: Progress | None = None) -> list[SheetTable]:
    return read_tables(path, header_words(SCREENING_TARGETS), progress)


def guess_screening_mapping(table: SheetTable) -> dict[int, str]:
    return table.guess_mapping(SCREENING_TARGETS)


def screening_mapping_problems(mapping: dict[int, str]) -> list[str]:
    """Chinese messages for columns the import needs but the mapping lacks."""
    return [f"找不到“{t.label}”列" for t in missing_required(mapping, SCREENING_TARGETS)]


def _without_people(tables: list[SheetTable], mappings: dict[str, dict[int, str]] | None) -> set[str]:
    """The tables with no 姓名 column, when another table of the file has one (else none: the file is refused)."""
    named = {
        t.key: "screening.name" in ((mappings or {}).get(t.key) or guess_screening_mapping(t)).values()
        for t in tables
        if t.rows
    }
    return {key for key, has in named.items() if not has} if any(named.values()) else set()


def _open_round(round_id: int) -> ScreeningRound:
    found: ScreeningRound | None = ScreeningRound.get_or_none(ScreeningRound.id == round_id)
    if found is None:
        raise ScreeningError(f"没有编号为 {round_id} 的排查轮次")
    if found.status != RoundStatus.OPEN.value:
        raise ScreeningError(f"“{found.name}”已结束，不能再导入")
    return found


@collector_paused()
def plan_screening_import(
    round_id: int,
    tables: Iterable[SheetTable],
    mappings: dict[str, dict[int, str]] | None = None,
    progress: Progress | None = None,
    today: date | None = None,
) -> ScreeningImportPlan:
    """Work out, without writing, what importing these tables into the round would do (today: the visit day
    of households whose rows give none)."""
    version = changes.ledger_version()  # before the ledger is read: a change after it makes the plan outdated
    screening_round = _open_round(round_id)
    plan = ScreeningImportPlan(
        ledger_version=version, choices=ChoiceTally(), round_id=round_id, round_name=screening_round.name
    )
    rows: list[ScreeningRow] = []
    learned = remembered()
    tables = list(tables)
    aside = _without_people(tables, mappings)
    for table in tables:
        if table.key in aside:  # a summary sheet (汇总) beside the register: no person in it
            not_people = [(row, NO_NAME_COLUMN) for row, _cells in table.rows]
            plan.read(replace(table, rows=[], skipped=[*table.skipped, *not_people]))
            continue
        if not plan.read(table):
            continue
        mapping = table_mapping(plan, table, mappings, guess_screening_mapping, screening_mapping_problems)
        with reading_choices(learned, plan.choices):
            rows.extend(parse_table(table, mapping))
    planner = Planner(plan, Roster.load(rows), today or date.today())
    for done, row in enumerate(rows, start=1):
        if progress is not None and done % 100 == 0:
            check_cancelled(progress)
            progress.update(done, len(rows))
        planner.add(row)
    planner.finish()
    if progress is not None:
        progress.update(len(rows), len(rows))
    return plan


def import_screening(
    path: Path,
    round_id: int,
    progress: Progress | None = None,
    sheet: str | None = None,
    say: Callable[[str], None] | None = None,
    today: date | None = None,
) -> ScreeningImportResult:
    """The headless import: the same reading, column guess, plan and single transaction as the dialog; say is
    told the mapping used and what the plan holds before anything is written."""

    def planned() -> ScreeningImportPlan:
        tables = only_sheet(read_screening(path, progress), sheet)
        mappings = {t.key: guess_screening_mapping(t) for t in tables if t.rows}
        plan = plan_screening_import(round_id, tables, mappings, progress=progress, today=today)
        if say is not None:
            tell_plan(say, tables, mappings, SCREENING_TARGETS, plan.notes)
        return plan

    return applied_once_more(planned, lambda plan: apply_screening_plan(round_id, plan, Path(path).name, progress), say)
