"""A checkpoint register workbook brought into the ledger: the plan (parties of gate entries, worked out without
writing by forms.checkpoint_import) and its apply.

apply_checkpoint_plan backs the database file up and writes every party in one transaction through db.changes,
each through db.checkpoint_actions.register_entry (its own checks, flags and vehicle), so a party refused at
that point, a cancel or a crash leaves the register as it was: never half a car, never half a file. The same
file (by its SHA-256, kept in the import's audit note) is refused a second time, naming when it was imported.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, cast

from db import changes
from db.checkpoint_actions import register_entry
from db.connection import backup_open_database
from db.errors import LedgerError
from db.imports.rows import PlannedRow, RowAccount, RowIssue, RowsRead, in_file_order, refused_accounts, tally
from db.models import AuditEntry
from db.models.checkpoint import GateEntry
from db.progress import Progress, check_cancelled
from db.session import Can

#: The audit note's table for a register's import (its details hold the file's SHA-256).
IMPORT_TABLE = "gate_entry"

#: (checkpoint id, moment, direction, name, ID number or "") — one person passing once.
EntryKey = tuple[int, datetime, str, str, str]


class RegisterAlreadyImported(LedgerError):
    """The same file was imported before: its entries are in the register already."""


@dataclass
class PlannedParty:
    """People typed together: the lead entry (the driver when by car), the companions, the vehicle's own
    fields (sheet B) — as register_entry takes them — and the rows of the file they came from."""

    lead: dict[str, Any]
    companions: list[dict[str, Any]] = field(default_factory=list)
    vehicle: dict[str, Any] | None = None
    rows: list[PlannedRow] = field(default_factory=list)

    @property
    def people(self) -> int:
        return 1 + len(self.companions)

    @property
    def label(self) -> str:
        at = self.lead["at"]
        more = f" 等 {self.people} 人" if self.companions else ""
        plate = f"（{self.lead['plate']}）" if self.lead.get("plate") else ""
        return f"{at:%m-%d %H:%M} {self.lead['name']}{more}{plate}"


@dataclass
class CheckpointImportPlan(RowsRead):
    """What importing a checkpoint register workbook would do, worked out without writing."""

    file_name: str = ""
    file_sha256: str = ""
    parties: list[PlannedParty] = field(default_factory=list)
    #: Rows taken without an entry of their own: repeats, vehicle rows, entries the register already has.
    other_rows: list[PlannedRow] = field(default_factory=list)
    refused: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    #: The choice words that were not our values (forms.choice_words.ChoiceTally), for the preview.
    choices: Any = None
    ledger_version: int | None = None
    #: Checkpoint id → name, of the checkpoints the entries go to.
    checkpoints: dict[int, str] = field(default_factory=dict)

    @property
    def entries(self) -> int:
        return sum(p.people for p in self.parties)

    @property
    def refused_rows(self) -> int:
        return len({(i.sheet, i.row) for i in self.refused})

    @property
    def accounted(self) -> list[RowAccount]:
        """Every non-blank row read, with its outcome, in the file's order."""
        rows = [RowAccount(r.sheet, r.row, r.outcome, r.reason, r.name) for p in self.parties for r in p.rows]
        rows += [RowAccount(r.sheet, r.row, r.outcome, r.reason, r.name) for r in self.other_rows]
        rows += refused_accounts(self.refused)
        rows += [RowAccount(sheet, row, "skipped", reason) for sheet, row, reason in self.skipped_rows]
        return in_file_order(rows, self.sheets)

    def outcome_counts(self) -> Counter[str]:
        return tally(self.accounted)

    def preview(self) -> str:
        """What importing would do, for the dialog and the console."""
        cars = sum(1 for p in self.parties if p.lead.get("plate"))
        flagged = sum(1 for p in self.parties for e in (p.lead, *p.companions) if e.get("flags"))
        where = "、".join(self.checkpoints.values()) or "（无）"
        return (
            f"{self.describe_rows()}。\n将登记到 {where}：{self.entries} 人次"
            f"（车辆 {cars} 辆，需处置提示 {flagged} 人）；"
            f"未导入 {self.refused_rows} 行；提示 {len(self.warnings)} 条。"
            + "".join(f"\n注意：{note}" for note in self.notes)
        )


@dataclass(frozen=True)
class CheckpointImportResult:
    """What apply_checkpoint_plan wrote, with the plan it wrote."""

    entries: int
    vehicles: int
    flagged: int
    refused_rows: int
    plan: CheckpointImportPlan

    def summary(self) -> str:
        return (
            f"卡点登记 {self.entries} 人次（车辆 {self.vehicles} 辆，需处置提示 {self.flagged} 人）、"
            f"未导入 {self.refused_rows} 行"
        )


def registered_keys(checkpoint_ids: Iterable[int], days: Iterable[date]) -> Counter[EntryKey]:
    """The entries the register holds at these checkpoints on these days, counted by EntryKey (an import's rows
    that are already there are not written again; two people of one name without ID numbers in one car are two)."""
    ids, found = sorted(set(checkpoint_ids)), Counter[EntryKey]()
    for day in sorted(set(days)):
        start = datetime.combine(day, datetime.min.time())
        query = GateEntry.select(
            GateEntry.checkpoint, GateEntry.at, GateEntry.direction, GateEntry.name, GateEntry.id_number
        ).where(GateEntry.checkpoint.in_(ids) & (GateEntry.at >= start) & (GateEntry.at < start + timedelta(days=1)))
        rows = cast(Iterable[tuple[int, datetime, str, str, str | None]], query.tuples())
        for cp, at, direction, name, number in rows:
            found[(int(cp), at, str(direction), str(name), str(number or ""))] += 1
    return found


def previous_import(sha256: str) -> AuditEntry | None:
    """The audit note of an earlier import of the file with this SHA-256, if any."""
    query = AuditEntry.select().where(
        (AuditEntry.action == "import") & (AuditEntry.table == IMPORT_TABLE) & AuditEntry.after.contains(sha256)
    )
    for entry in query:
        try:
            if json.loads(entry.after or "{}").get("sha256") == sha256:
                found: AuditEntry = entry
                return found
        except (ValueError, AttributeError):
            continue
    return None


def refuse_if_imported(sha256: str) -> None:
    earlier = previous_import(sha256) if sha256 else None
    if earlier is not None:
        details = json.loads(earlier.after or "{}")
        raise RegisterAlreadyImported(
            f"这个文件已于 {earlier.at:%Y-%m-%d %H:%M} 导入（{details.get('source', '')}，"
            f"{details.get('entries', 0)} 人次），没有重复导入"
        )


def apply_checkpoint_plan(plan: CheckpointImportPlan, progress: Progress | None = None) -> CheckpointImportResult:
    """Back the file up, then write every party of the plan in one transaction (nothing when there is none).

    A file imported before is refused (RegisterAlreadyImported); a plan made before the ledger last changed is
    refused with PlanOutdated before anything is written; a party register_entry refuses now leaves the whole
    file unwritten."""
    refuse_if_imported(plan.file_sha256)
    cars = sum(1 for p in plan.parties if p.lead.get("plate"))
    flagged = sum(1 for p in plan.parties for e in (p.lead, *p.companions) if e.get("flags"))
    result = CheckpointImportResult(plan.entries, cars, flagged, plan.refused_rows, plan)
    if not plan.parties:
        return result
    if plan.ledger_version is not None:
        changes.require_unchanged(plan.ledger_version)  # early, so an outdated plan makes no backup
    backup_open_database("before-import")
    summary = f"导入卡点登记：{plan.file_name}（{plan.entries} 人次）"
    with changes.transaction(summary, needs=Can.IMPORT, unchanged_since=plan.ledger_version) as cs:
        for done, party in enumerate(plan.parties, start=1):
            if done % 50 == 0:
                check_cancelled(progress)
                if progress is not None:
                    progress.update(done, len(plan.parties))
            register_entry(_given(party.lead), [_given(c) for c in party.companions], party.vehicle)
        check_cancelled(progress)
        cs.note(
            "import",
            IMPORT_TABLE,
            {
                "source": plan.file_name,
                "sha256": plan.file_sha256,
                "entries": plan.entries,
                "vehicles": cars,
                "checkpoints": sorted(plan.checkpoints),
                "refused_rows": plan.refused_rows,
            },
        )
    if progress is not None:
        progress.update(len(plan.parties), len(plan.parties))
    return result


#: What checked_entry adds that register_entry judges again itself.
_JUDGED = ("flags", "pinyin_initials")


def _given(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k not in _JUDGED}
