"""Bring a checkpoint register workbook (卡点出入登记表, form 09) into the ledger: read, map columns, plan the gate
entries, apply; db.imports.checkpoints writes the plan in one transaction.

What a sheet may be: our own export (forms.checkpoint_export: a people sheet and a vehicle sheet per checkpoint),
the paper register typed into Excel in the paper's order (printing.documents.gate_register), or a clerk's own
ledger with the words clerks write (登记时间, 进/出, 体温, 交通方式, 处理情况, 值守人员 …: the headers of
forms.definitions.gate_entry). A row's moment is its 时间 (HH:mm) on its 日期 column, else the day of the
header line ("日期：2026年12月3日"), else the day the clerk gives. The checkpoint is a 卡点名称 column's,
else the header line's when it names a checkpoint of the list, else the one the clerk chose. Choices are the
clerk's words (进 / 入 / 进入, 出 / 外出; 放行 / 劝返 / 转发热门诊; 步行 / 驾车 / 开车), a box ticked on
the paper (☑进 □出 or √进 □出) its word. People in one vehicle are the rows of one 车牌号码 in the same
minute: the first is the driver (the lead entry), the others are its companions; a 同车人员 column names the
companions (their own rows join the party, a name without a row of its own is registered with the driver's
journey). A vehicle sheet (车辆类型, 驾驶员姓名, 是否消毒) gives its vehicles' details to those parties.

Every non-blank row is accounted for: taken (新建), merged (a repeat of an earlier row; a vehicle row), already
registered (已登记: the same person at the same checkpoint and minute), refused with its reason (no name, no
time, a plate that cannot be, a temperature no body has, an ID number that fails its check), or skipped as
not data (title, header lines, header copies, 合计).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from db import changes
from db.bulk import collector_paused
from db.choice_memory import remembered
from db.imports.checkpoints import (
    CheckpointImportPlan,
    CheckpointImportResult,
    apply_checkpoint_plan,
    refuse_if_imported,
)
from db.progress import Progress, check_cancelled
from forms.checkpoint_parties import plan_parties
from forms.checkpoint_rows import Checkpoints, RowReader
from forms.checkpoint_sheets import (
    GATE_TARGETS,
    VEHICLE_TARGETS,
    checkpoint_mapping_problems,
    file_sha256,
    guess_checkpoint_mapping,
    read_checkpoint_register,
)
from forms.choice_words import ChoiceTally, reading_choices
from forms.excel.reader import SheetTable
from forms.import_steps import applied_once_more, only_sheet, table_mapping, tell_plan

__all__ = ["import_checkpoint", "plan_checkpoint_import"]


@collector_paused()
def plan_checkpoint_import(
    tables: Iterable[SheetTable],
    path: Path,
    checkpoint_id: int | None,
    day: date | None = None,
    mappings: dict[str, dict[int, str]] | None = None,
    progress: Progress | None = None,
    today: date | None = None,
) -> CheckpointImportPlan:
    """Work out, without writing, what importing these tables (read from path) would do: checkpoint_id the
    checkpoint of rows and sheets that name none, day the day of rows whose sheet says none."""
    version = changes.ledger_version()  # before the ledger is read: a change after it makes the plan outdated
    path = Path(path)
    plan = CheckpointImportPlan(
        ledger_version=version, choices=ChoiceTally(), file_name=path.name, file_sha256=file_sha256(path)
    )
    planner = RowReader(plan, Checkpoints.load(checkpoint_id), day, today or date.today())
    with reading_choices(remembered(), plan.choices):
        for table in tables:
            if not plan.read(table):
                continue
            mapping = table_mapping(plan, table, mappings, guess_checkpoint_mapping, checkpoint_mapping_problems)
            if any(key.startswith("vehicle.") for key in mapping.values()):
                planner.vehicle_table(table, mapping)
            else:
                planner.people_table(table, mapping)
            check_cancelled(progress)
    plan_parties(planner, progress)
    return plan


def import_checkpoint(
    path: Path,
    checkpoint_id: int | None,
    day: date | None = None,
    progress: Progress | None = None,
    sheet: str | None = None,
    say: Callable[[str], None] | None = None,
    today: date | None = None,
) -> CheckpointImportResult:
    """The headless import: the same reading, column guess, plan and single transaction as the dialog; say is
    told the mapping used and what the plan holds before anything is written."""
    refuse_if_imported(file_sha256(Path(path)))

    def planned() -> CheckpointImportPlan:
        tables = only_sheet(read_checkpoint_register(Path(path), progress), sheet)
        mappings = {t.key: guess_checkpoint_mapping(t) for t in tables if t.rows}
        plan = plan_checkpoint_import(tables, Path(path), checkpoint_id, day, mappings, progress, today)
        if say is not None:
            tell_plan(say, tables, mappings, GATE_TARGETS + VEHICLE_TARGETS, plan.notes)
        return plan

    return applied_once_more(planned, lambda plan: apply_checkpoint_plan(plan, progress), say)
