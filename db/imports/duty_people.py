"""A duty list workbook (值班人员名单) brought in: the plan (who is added, who changes, who is the same, which
rows are refused and why, worked out without writing by forms.duty_import) and its apply.

A row is one who stands duty. It is the same person as one already listed of that name (with that phone when
several share the name), or as an earlier row of the file of that name (merged into it); else a new one.
apply_duty_plan backs the file up and writes every person and every 不与…同班 pair in one transaction through
db.changes, so a cancel or a crash leaves the list as it was.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from db import changes
from db.connection import backup_open_database
from db.duty_actions import checked_person_values
from db.imports.rows import PlannedRow, RowAccount, RowIssue, RowsRead, in_file_order, refused_accounts
from db.models import DutyApart, DutyPerson
from db.progress import Progress, check_cancelled
from db.session import Can


@dataclass
class PlannedPerson:
    """One who stands duty as the file gives them (its rows merged), and the one already listed, if any."""

    name: str
    values: dict[str, Any]
    existing_id: int | None = None
    #: "created", "updated" or "unchanged"
    state: str = "created"
    rows: list[PlannedRow] = field(default_factory=list)
    #: The names of those they are not put on a shift with, as the file wrote them (resolved when planned).
    apart_names: list[str] = field(default_factory=list)


@dataclass
class DutyImportPlan(RowsRead):
    """What importing a duty list would do, worked out without writing."""

    people: list[PlannedPerson] = field(default_factory=list)
    #: (index in people, index in people, or None and an existing person's id) pairs kept apart.
    apart: list[tuple[int, int | None, int | None]] = field(default_factory=list)
    refused: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    choices: Any = None
    ledger_version: int | None = None

    @property
    def to_write(self) -> list[PlannedPerson]:
        return [p for p in self.people if p.state != "unchanged"]

    @property
    def refused_rows(self) -> int:
        return len({(i.sheet, i.row) for i in self.refused})

    @property
    def accounted(self) -> list[RowAccount]:
        """Every non-blank row read, with its outcome, in the file's order."""
        rows = [RowAccount(r.sheet, r.row, r.outcome, r.reason, r.name) for p in self.people for r in p.rows]
        rows += refused_accounts(self.refused)
        rows += [RowAccount(sheet, row, "skipped", reason) for sheet, row, reason in self.skipped_rows]
        return in_file_order(rows, self.sheets)

    def outcome_counts(self) -> Counter[str]:
        counts = Counter(r.outcome for p in self.people for r in p.rows)
        counts["refused"] = self.refused_rows
        counts["skipped"] = len(self.skipped_rows)
        return counts

    def new_pairs(self) -> int:
        return len(self.apart)

    def preview(self) -> str:
        states = Counter(p.state for p in self.people)
        return (
            f"{self.describe_rows()}。\n值班人员：新增 {states['created']} 人、更新 {states['updated']} 人、"
            f"已有且相同 {states['unchanged']} 人；不同班 {self.new_pairs()} 对；未导入 {self.refused_rows} 行；"
            f"提示 {len(self.warnings)} 条。" + "".join(f"\n注意：{note}" for note in self.notes)
        )


@dataclass
class DutyImportResult:
    """What apply_duty_plan wrote, with the plan it wrote."""

    created: int
    updated: int
    pairs: int
    refused_rows: int
    plan: DutyImportPlan

    def summary(self) -> str:
        return (
            f"新增值班人员 {self.created} 人、更新 {self.updated} 人、不同班 {self.pairs} 对、"
            f"未导入 {self.refused_rows} 行"
        )


def apply_duty_plan(plan: DutyImportPlan, source: str, progress: Progress | None = None) -> DutyImportResult:
    """Back the file up, then write the plan's people and pairs in one transaction (nothing when all is there);
    a plan made before the ledger last changed is refused (PlanOutdated) before anything is written."""
    people = plan.to_write
    states = Counter(p.state for p in people)
    result = DutyImportResult(states["created"], states["updated"], 0, plan.refused_rows, plan)
    if not people and not plan.apart:
        return result
    if plan.ledger_version is not None:
        changes.require_unchanged(plan.ledger_version)  # early, so an outdated plan makes no backup
    backup_open_database("before-import")
    with changes.transaction(
        f"导入值班人员名单：{source}", needs=Can.IMPORT, unchanged_since=plan.ledger_version
    ) as cs:
        ids: list[int | None] = []
        for done, person in enumerate(plan.people, start=1):
            check_cancelled(progress)
            if person.state == "created":
                ids.append(cs.create(DutyPerson, checked_person_values(person.values)).id)
            elif person.state == "updated" and person.existing_id is not None:
                kept = DutyPerson.get_by_id(person.existing_id)
                ids.append(cs.update(kept, checked_person_values(person.values)).id)
            else:
                ids.append(person.existing_id)
            if progress is not None:
                progress.update(done, len(plan.people))
        for one, other, existing in plan.apart:
            first, second = ids[one], ids[other] if other is not None else existing
            if first is None or second is None or first == second:
                continue
            low, high = sorted((first, second))
            if DutyApart.get_or_none((DutyApart.first == low) & (DutyApart.second == high)) is None:
                cs.create(DutyApart, {"first": low, "second": high})
                result.pairs += 1
        cs.note(
            "import",
            "duty_person",
            {
                "source": source,
                "created": result.created,
                "updated": result.updated,
                "refused_rows": result.refused_rows,
            },
        )
    return result
