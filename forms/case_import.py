"""Bring in the quarantine ledger a village already keeps in Excel: read, map columns, plan, then apply.

The same split as the roster import (forms.roster_import): the plan is worked out without writing, so the
dialog can preview it; db.imports.cases.apply_case_plan backs the database file up and writes the whole
plan in one transaction through db.changes, so a cancel or a crash leaves the ledger as it was.

Who a row is: the roster person with its ID number; else, for a row without one, the only person present
in the village with its name; else a visitor, added to the roster as 暂住 in the 外来暂住人员 household
of the grid its address names. Which policy: the one asked for, else the first in use whose first stage
is the row's kind. A row whose person already has a case starting that day is skipped, so importing the
same file again adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from db import changes
from db.bulk import collector_paused
from db.choice_memory import remembered
from db.errors import LedgerError
from db.imports.cases import (
    ALREADY_REGISTERED,
    CaseImportPlan,
    CaseImportResult,
    PlannedCase,
    apply_case_plan,
)
from db.imports.rows import RowIssue
from db.models.household import PersonStatus
from db.models.quarantine import CaseKind, CaseStatus, EventKind
from db.progress import Progress, check_cancelled
from db.rules.numbers import small_number
from db.rules.observation import period_of
from forms.case_fields import CASE_TARGETS
from forms.case_rows import LEFT, CasePolicy, CaseRow, LedgerPeople, counted_policies, parse_table
from forms.choice_words import ChoiceTally, reading_choices
from forms.definitions.case import CASE, MOVED_TO_CENTRAL
from forms.excel.mapping import header_words, missing_required
from forms.excel.reader import SheetTable, read_tables
from forms.import_steps import MappingError, applied_once_more, only_sheet, table_mapping, tell_plan

__all__ = [
    "VISITOR_ADDED",
    "MappingError",
    "PolicyError",
    "case_mapping_problems",
    "case_policies",
    "guess_case_mapping",
    "import_cases",
    "plan_case_import",
    "policy_by_name",
    "read_cases",
]

VISITOR_RELATION = "其他"
VISITOR_ADDED = "不在花名册中，已作为暂住人员加入"
#: Fields of a row that are stored in the case as they are (its note is made of the row's note and more).
CASE_COLUMNS = tuple(name for name in CASE.stored_names if name != "note")
#: A sheet named 集中隔离人员 lists central cases: the kind of its rows that do not say.
_SHEET_KINDS = (("集中", CaseKind.CENTRAL.value), ("健康监测", CaseKind.MONITOR.value), ("居家", CaseKind.HOME.value))


class PolicyError(LedgerError):
    """The policy asked for does not exist; the message lists those that do."""


# --- reading, mapping and policies ----------------------------------------------------------------


@collector_paused()
def read_cases(path: Path, progress: Progress | None = None) -> list[SheetTable]:
    return read_tables(path, header_words(CASE_TARGETS), progress)


def guess_case_mapping(table: SheetTable) -> dict[int, str]:
    return table.guess_mapping(CASE_TARGETS)


def case_mapping_problems(mapping: dict[int, str]) -> list[str]:
    """Chinese messages for columns the import needs but the mapping lacks."""
    return [f"找不到“{t.label}”列" for t in missing_required(mapping, CASE_TARGETS)]


def case_policies() -> list[tuple[int, str]]:
    """(id, name) of the policies in use, for the dialog's choice."""
    return [(p.id, p.name) for p in counted_policies() if not p.retired]


def policy_by_name(name: str) -> int:
    """The id of the policy so named (a retired one too: asked for by name, it is meant)."""
    for p in counted_policies():
        if p.name == name.strip():
            return p.id
    raise PolicyError(f"找不到管控政策“{name}”（现有：{'、'.join(n for _i, n in case_policies())}）")


# --- planning -----------------------------------------------------------------------------------


class _Planner:
    """Decides, row by row, whose case it is, under which policy, and whether it may be opened."""

    def __init__(
        self, plan: CaseImportPlan, existing: LedgerPeople, policies: list[CasePolicy], chosen: CasePolicy | None
    ) -> None:
        self.plan, self.existing, self.policies, self.chosen = plan, existing, policies, chosen
        self.seen: dict[tuple[str, Any], CaseRow] = {}
        self.today = date.today()

    def add(self, r: CaseRow) -> None:
        plan = self.plan
        if any(i.severity == "error" for i in r.issues):
            for i in r.issues:
                target = plan.refused if i.severity == "error" else plan.warnings
                target.append(r.issue(i.label, i.message, i.severity))
            return
        warnings = [r.issue(i.label, i.message, "warning") for i in r.issues]
        v = r.values
        policy, kind = self._policy(r, warnings)
        if policy is None:
            plan.refused.append(r.issue("隔离方式", f"没有可用于“{kind}”的管控政策，请在设置中添加，或导入时指定政策"))
            return
        who = self._who(r, warnings)
        if who is None:
            return
        key, person_id = who
        twin = self.seen.get(key)
        if twin is not None:
            where = f"第 {twin.row} 行" if twin.sheet == r.sheet else f"工作表“{twin.sheet}”第 {twin.row} 行"
            plan.refused.append(r.issue("姓名", f"与{where}是同一人"))
            return
        self.seen[key] = r
        period = period_of(policy.stages, v["start_date"], v.get("exposure_date"), policy.count_from)
        ended = self._ended(r, period.release_due, warnings)
        earlier = self.existing.cases.get(person_id, []) if person_id is not None else []
        if any(start == v["start_date"] for start, _status in earlier):
            plan.warnings.append(r.issue("隔离开始日期", ALREADY_REGISTERED, "warning"))
            plan.skipped += 1
            plan.unchanged_rows.append((r.sheet, r.row, r.name))
            return
        running = [start for start, status in earlier if status == CaseStatus.ACTIVE.value]
        if running and ended is None:
            plan.refused.append(r.issue("姓名", f"已在管控中（{running[0]} 开始），不能重复登记"))
            return
        expected = v.get("expected_release")
        if expected and expected != period.release_due:
            warnings.append(
                r.issue(
                    "预计解除日期",
                    f"填写为 {expected}，按“{policy.name}”计算应为 {period.release_due}，已按政策计算",
                    "warning",
                )
            )
        values = self._case_values(v, kind, person_id)
        case = PlannedCase(
            r.sheet,
            r.row,
            r.name,
            values,
            policy.id,
            policy.name,
            policy.stages_json,
            policy.count_from,
            person_id,
            ended=ended,
        )
        if person_id is None:
            case.visitor = _visitor_values(v)
            case.grid = self.existing.grid_of(v.get("address", ""))
        plan.cases.append(case)
        plan.warnings.extend(warnings)

    def _policy(self, r: CaseRow, warnings: list[RowIssue]) -> tuple[CasePolicy | None, str]:
        """Policy and kind of a row's case: the kind it names, else the chosen policy's, sheet's or site's."""
        v = r.values
        kind = CaseKind.CENTRAL.value if v.get("status") == MOVED_TO_CENTRAL else v.get("kind")
        days = small_number(str(v.get("period_days", "")))  # "居家医学观察14天" says the period too
        if v.get("status") == MOVED_TO_CENTRAL:
            warnings.append(r.issue("当前状态", f"转集中隔离：按{kind}登记", "warning"))
        if self.chosen is not None:
            if kind and kind != self.chosen.stages[0].kind:
                warnings.append(
                    r.issue(
                        "隔离方式",
                        f"“{kind}”与政策“{self.chosen.name}”的第一阶段（{self.chosen.stages[0].kind}）不同，按{kind}登记",
                        "warning",
                    )
                )
            _check_days(r, days, self.chosen, warnings)
            return self.chosen, kind or self.chosen.stages[0].kind
        if not kind:
            hinted = next((k for word, k in _SHEET_KINDS if word in r.sheet), None)
            kind = hinted or (CaseKind.CENTRAL.value if v.get("site") else CaseKind.HOME.value)
        # The first policy in use for the kind; with "14天" written, the first whose first stage is that long.
        usable = [p for p in self.policies if not p.retired and p.stages[0].kind == kind]
        policy = next((p for p in usable if p.stages[0].days == days), usable[0] if usable else None)
        if policy is not None:
            _check_days(r, days, policy, warnings)
        return policy, kind

    def _who(self, r: CaseRow, warnings: list[RowIssue]) -> tuple[tuple[str, Any], int | None] | None:
        """(key, roster person id or None for a visitor), or None when the row was refused."""
        name, number = r.values["name"], r.values.get("id_number")
        if number:
            found = self.existing.by_number.get(number)
            if found is not None:
                person_id, roster_name, status = found
                if roster_name != name:
                    said = f"花名册中此身份证号的人叫“{roster_name}”，已按身份证号对应"
                    warnings.append(r.issue("姓名", said, "warning"))
                if status in LEFT:
                    warnings.append(r.issue("身份证号码", f"花名册中此人状态为“{status}”，请核对", "warning"))
                return ("person", person_id), person_id
            hint = (
                "（花名册中有同名但未填身份证号的人，请核对是否同一人）"
                if any(not has for _pid, has in self.existing.present_by_name.get(name, []))
                else ""
            )
            warnings.append(r.issue("姓名", VISITOR_ADDED + hint, "warning"))
            return ("id", number), None
        namesakes = self.existing.present_by_name.get(name, [])
        if len(namesakes) > 1:
            self.plan.refused.append(
                r.issue(
                    "身份证号码",
                    f"未填身份证号，花名册中有 {len(namesakes)} 个叫“{name}”的人，无法确定是谁，请填写身份证号",
                )
            )
            return None
        if namesakes:
            warnings.append(r.issue("姓名", "未填身份证号，已按姓名对应花名册中的人员，请核对", "warning"))
            return ("person", namesakes[0][0]), namesakes[0][0]
        warnings.append(r.issue("姓名", VISITOR_ADDED, "warning"))
        return ("name", name), None

    def _ended(self, r: CaseRow, release_due: date, warnings: list[RowIssue]) -> tuple[EventKind, date] | None:
        """The event closing a case the ledger says is over (released, taken to hospital) or gone (失联外出),
        else None."""
        v = r.values
        status, released = v.get("status"), v.get("released_on")
        if released is not None and released > self.today:
            warnings.append(r.issue("实际解除日期", f"{released} 在今天之后，按在管登记", "warning"))
            released = None
        start = v["start_date"]
        if status == CaseStatus.MISSING.value:  # not over: back in the ledger when found (找回)
            warnings.append(r.issue("当前状态", "按今天记为失联外出，找回后在档案中登记“找回”", "warning"))
            return EventKind.MISSING, max(self.today, start)
        if status == CaseStatus.HOSPITAL.value:
            if released is None:
                warnings.append(r.issue("实际解除日期", "未填结束日期，按今天记为转运送医", "warning"))
            return EventKind.HOSPITAL, max(released or self.today, start)
        if status == CaseStatus.RELEASED.value and released is None:
            on = max(min(release_due, self.today), start)
            warnings.append(r.issue("实际解除日期", f"未填写，按 {on} 记为解除", "warning"))
            return EventKind.RELEASED, on
        if released is not None:
            if status:
                warnings.append(r.issue("当前状态", f"填写为“{status}”，但已填实际解除日期，按已解除登记", "warning"))
            return EventKind.RELEASED, released
        return None

    def _case_values(self, v: dict[str, Any], kind: str, person_id: int | None) -> dict[str, Any]:
        values = {k: v[k] for k in CASE_COLUMNS if k in v}
        values["kind"] = kind
        if not values.get("address") and person_id is not None:
            values["address"] = self.existing.address.get(person_id, "")
        notes = [v.get("note", ""), f"户籍地址：{v['home_address']}" if "home_address" in v else ""]
        values["note"] = "；".join(n for n in notes if n)
        return values


def _check_days(r: CaseRow, days: int | None, policy: CasePolicy, warnings: list[RowIssue]) -> None:
    """A period written in the kind's words that the policy does not have is said, never silently dropped."""
    first = policy.stages[0]
    if days and days != first.days:
        said = f"台账写明 {days} 天，按政策“{policy.name}”（{first.kind} {first.days} 天）计算，请核对"
        warnings.append(r.issue("隔离方式", said, "warning"))


def _visitor_values(v: dict[str, Any]) -> dict[str, Any]:
    """The roster record of someone not yet in it: 暂住, 其他, with what the row says of them."""
    person: dict[str, Any] = {k: v[k] for k in ("name", "id_number", "sex", "phone") if k in v}
    person.update(status=PersonStatus.TEMPORARY.value, relation=VISITOR_RELATION)
    if "home_address" in v:
        person["note"] = f"户籍地址：{v['home_address']}"
    return person


@collector_paused()
def plan_case_import(
    tables: Iterable[SheetTable],
    mappings: dict[str, dict[int, str]] | None = None,
    progress: Progress | None = None,
    policy_id: int | None = None,
) -> CaseImportPlan:
    """Work out, without writing, what importing these tables would do (policy_id: one for all rows)."""
    version = changes.ledger_version()  # before the ledger is read: a change after it makes the plan outdated
    policies = counted_policies()
    learned = remembered()  # the clerk's corrections of how earlier files' words were read
    chosen = None
    if policy_id is not None:
        chosen = next((p for p in policies if p.id == policy_id), None)
        if chosen is None:
            raise PolicyError("所选的管控政策已不存在或阶段设置有误，请重新选择")
    rows: list[CaseRow] = []
    plan = CaseImportPlan(ledger_version=version, choices=ChoiceTally())
    for table in tables:
        if not plan.read(table):
            continue
        mapping = table_mapping(plan, table, mappings, guess_case_mapping, case_mapping_problems)
        with reading_choices(learned, plan.choices):
            rows.extend(parse_table(table, mapping))
    existing = LedgerPeople(rows)
    planner = _Planner(plan, existing, policies, chosen)
    for done, row in enumerate(rows, start=1):
        if progress is not None and done % 100 == 0:
            check_cancelled(progress)
            progress.update(done, len(rows))
        planner.add(row)
    if progress is not None:
        progress.update(len(rows), len(rows))
    plan.new_grids = sorted({c.grid for c in plan.cases if c.visitor is not None} - set(existing.grids))
    return plan


def import_cases(
    path: Path,
    progress: Progress | None = None,
    sheet: str | None = None,
    policy_name: str | None = None,
    say: Callable[[str], None] | None = None,
) -> CaseImportResult:
    """The headless import: the same reading, column guess, plan and single transaction as the dialog; say is
    told the mapping used and what the plan holds before anything is written. A plan outdated by another
    writer is made once more from the file, as import_roster does."""
    policy_id = policy_by_name(policy_name) if policy_name else None  # a mistyped name fails before reading

    def planned() -> CaseImportPlan:
        tables = only_sheet(read_cases(path, progress), sheet)
        mappings = {t.key: guess_case_mapping(t) for t in tables if t.rows}
        plan = plan_case_import(tables, mappings, progress=progress, policy_id=policy_id)
        if say is not None:
            tell_plan(say, tables, mappings, CASE_TARGETS, plan.notes)
        return plan

    return applied_once_more(planned, lambda plan: apply_case_plan(plan, Path(path).name, progress), say)
