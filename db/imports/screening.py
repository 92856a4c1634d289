"""A grid worker's screening workbook brought into a round: the plan (household visits with their people's
findings, worked out without writing by forms.screening_import) and its apply.

apply_screening_plan backs the database file up and writes every visit in one transaction through db.changes,
each with record_visit's own checks (db.screening_actions.record_visit_in); people the roster lacks are added
as 暂住 to their grid's 外来暂住人员 household (as the ledger import adds them) in the same transaction. So a
visit refused at that point, a cancel or a crash leaves the round as it was: never half a household, never
half a file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from db import changes
from db.connection import backup_open_database
from db.errors import LedgerError
from db.imports.cases import VisitorHouseholds
from db.imports.rows import RowAccount, RowIssue, RowsRead, in_file_order, refused_accounts
from db.models import Person
from db.progress import Progress, check_cancelled
from db.screening_actions import record_visit_in
from db.session import Can

#: A row's outcome when its finding (or visit) is already in the round as the file says.
ALREADY_RECORDED = "本轮已登记，内容相同"


@dataclass
class PlannedRow:
    """One row of the file taken into a visit: where it is, whose, and what it does (an OUTCOMES key)."""

    sheet: str
    row: int
    name: str
    outcome: str = "created"
    reason: str = ""
    #: The person whose finding the row gives (None: a row of the household without one, 不在家 …).
    finding_of: int | None = None
    #: The row's person is added to the roster (暂住).
    added: bool = False


@dataclass
class PlannedVisit:
    """A household's visit as the file gives it: the day, who, the outcome, its people's findings."""

    #: None: the grid's 外来暂住人员 household, made when the visit is written (for the people added to it).
    household_id: int | None
    label: str  # "一组12号 张三丰"
    on: date
    worker: str  # "" for the round's grid worker
    outcome: str
    #: The visit's note; None keeps an existing visit's (the file said nothing of the household itself).
    note: str | None
    #: {"person": id, finding fields …}, as record_visit takes them.
    findings: list[dict[str, Any]] = field(default_factory=list)
    rows: list[PlannedRow] = field(default_factory=list)
    #: The household's grid (where a 外来暂住人员 household is found or made).
    grid: str = ""
    #: People the roster lacks, added as 暂住 to the household, each with its finding (None: not met).
    new_people: list[tuple[dict[str, Any], dict[str, Any] | None]] = field(default_factory=list)
    #: "created" (a new visit), "updated" (the household's visit changes) or "unchanged".
    state: str = "created"


@dataclass
class ScreeningImportPlan(RowsRead):
    """What importing a screening workbook into a round would do, worked out without writing."""

    round_id: int = 0
    round_name: str = ""
    visits: list[PlannedVisit] = field(default_factory=list)
    refused: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    #: The choice words that were not our values (forms.choice_words.ChoiceTally), for the preview.
    choices: Any = None
    ledger_version: int | None = None

    @property
    def to_write(self) -> list[PlannedVisit]:
        return [v for v in self.visits if v.state != "unchanged"]

    @property
    def refused_rows(self) -> int:
        return len({(i.sheet, i.row) for i in self.refused})

    @property
    def findings(self) -> int:
        return sum(len(v.findings) + sum(1 for _p, f in v.new_people if f is not None) for v in self.to_write)

    @property
    def new_people(self) -> int:
        return sum(len(v.new_people) for v in self.to_write)

    @property
    def accounted(self) -> list[RowAccount]:
        """Every non-blank row read, with its outcome, in the file's order."""
        rows = [RowAccount(r.sheet, r.row, r.outcome, r.reason, r.name) for v in self.visits for r in v.rows]
        rows += refused_accounts(self.refused)
        rows += [RowAccount(sheet, row, "skipped", reason) for sheet, row, reason in self.skipped_rows]
        return in_file_order(rows, self.sheets)

    def outcome_counts(self) -> Counter[str]:
        counts = Counter(r.outcome for v in self.visits for r in v.rows)
        counts["refused"] = self.refused_rows
        counts["skipped"] = len(self.skipped_rows)
        return counts

    def visits_by_state(self) -> Counter[str]:
        return Counter(v.state for v in self.visits)

    def preview(self) -> str:
        """What importing would do, for the dialog and the console."""
        states = self.visits_by_state()
        outcomes = Counter(v.outcome for v in self.to_write)
        said = "、".join(f"{o} {n} 户" for o, n in outcomes.items())
        return (
            f"{self.describe_rows()}。\n将登记到“{self.round_name}”：新走访 {states['created']} 户、"
            f"更新 {states['updated']} 户（{said or '无'}），排查结果 {self.findings} 人，"
            f"加入花名册 {self.new_people} 人（暂住）；已登记且相同 {states['unchanged']} 户；"
            f"未导入 {self.refused_rows} 行；提示 {len(self.warnings)} 条。"
            + "".join(f"\n注意：{note}" for note in self.notes)
        )


@dataclass
class ScreeningImportResult:
    """What apply_screening_plan wrote, with the plan it wrote."""

    visits_created: int
    visits_updated: int
    findings: int
    created_people: int
    refused_rows: int
    plan: ScreeningImportPlan

    def summary(self) -> str:
        added = f"加入花名册 {self.created_people} 人（暂住）、" if self.created_people else ""
        return (
            f"新走访 {self.visits_created} 户、更新 {self.visits_updated} 户、排查结果 {self.findings} 人、"
            f"{added}未导入 {self.refused_rows} 行"
        )


def apply_screening_plan(
    round_id: int, plan: ScreeningImportPlan, source: str, progress: Progress | None = None
) -> ScreeningImportResult:
    """Back the file up, then write every visit of the plan in one transaction (nothing when all is there).

    A plan made before the ledger last changed is refused with PlanOutdated before anything is written; a
    visit that record_visit's checks refuse now (a round closed meanwhile) leaves the whole file unwritten."""
    if round_id != plan.round_id:
        raise LedgerError("导入计划不是为这一轮排查制定的，请重新预览")
    visits = plan.to_write
    states = Counter(v.state for v in visits)
    result = ScreeningImportResult(
        states["created"], states["updated"], plan.findings, plan.new_people, plan.refused_rows, plan
    )
    if not visits:
        return result
    if plan.ledger_version is not None:
        changes.require_unchanged(plan.ledger_version)  # early, so an outdated plan makes no backup
    backup_open_database("before-import")
    summary = f"导入入户排查：{plan.round_name} {source}"
    with changes.transaction(summary, needs=Can.IMPORT, unchanged_since=plan.ledger_version) as cs:
        households = VisitorHouseholds(cs)
        for done, visit in enumerate(visits, start=1):
            check_cancelled(progress)
            household_id = visit.household_id if visit.household_id is not None else households.of(visit.grid)
            findings = list(visit.findings)
            for person, finding in visit.new_people:
                person_id = cs.create(Person, {**person, "household": household_id}).id
                if finding is not None:
                    findings.append({**finding, "person": person_id})
            record_visit_in(cs, round_id, household_id, visit.on, visit.worker, visit.outcome, findings, visit.note)
            if progress is not None:
                progress.update(done, len(visits))
        check_cancelled(progress)
        cs.note(
            "import",
            "visit",
            {
                "source": source,
                "round": round_id,
                "visits_created": states["created"],
                "visits_updated": states["updated"],
                "findings": plan.findings,
                "people": plan.new_people,
                "refused_rows": plan.refused_rows,
            },
        )
    return result
