"""Bring in the quarantine ledger a village already keeps in Excel: read, map columns, plan, then apply.

The same split as the roster import (forms.roster_import): the plan is worked out without writing, so the
dialog can preview it; apply backs the database file up and writes the whole plan in one transaction
through db.changes, so a cancel or a crash leaves the ledger as it was.

Who a row is: the roster person with its ID number; else, for a row without one, the only person present
in the village with its name; else a visitor, added to the roster as 暂住 in the 外来暂住人员 household
of the grid its address names. Which policy: the one asked for, else the first in use whose first stage
is the row's kind. A row whose person already has a case starting that day is skipped, so importing the
same file again adds nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from db import changes
from db.bulk import collector_paused
from db.choice_memory import remembered
from db.connection import backup_open_database
from db.errors import LedgerError
from db.models import Case, CaseEvent, Grid, Household, Person, Policy, Village
from db.models.household import LEFT_STATUSES, HouseholdKind, PersonStatus
from db.models.quarantine import STATUS_AFTER, CaseKind, CaseStatus, EventKind
from db.progress import Progress, check_cancelled
from db.quarantine_actions import next_seal_number
from db.queries.village import taken_household_numbers
from db.rules.household_numbers import NumberAllocator
from db.rules.numbers import small_number
from db.rules.observation import Stage, parse_stages, period_of
from db.session import Can
from forms.case_fields import CASE_TARGETS
from forms.choice_words import ChoiceTally, reading_choices
from forms.definitions.case import CASE, MOVED_TO_CENTRAL
from forms.excel.formula_cells import cell_issues, with_cell_issues
from forms.excel.mapping import columns_by_field, header_words, missing_required
from forms.excel.reader import SheetTable, read_tables
from forms.parsing.names import shown_name
from forms.roster_import import (
    DEFAULT_GRID,
    MappingError,
    RowIssue,
    applied_once_more,
    table_mapping,
    tell_plan,
)
from forms.row_accounting import RowAccount, RowsRead, in_file_order, refused_accounts
from forms.types import Issue

__all__ = [
    "ALREADY_REGISTERED", "VISITOR_ADDED", "VISITOR_HEAD", "CaseImportPlan", "CaseImportResult",
    "MappingError", "PlannedCase", "PolicyError", "apply_case_plan", "case_mapping_problems", "case_policies",
    "guess_case_mapping", "import_cases", "plan_case_import", "policy_by_name", "read_cases",
]

VISITOR_HEAD = "外来暂住人员"
VISITOR_DOOR = "暂住"
VISITOR_RELATION = "其他"
VISITOR_ADDED = "不在花名册中，已作为暂住人员加入"
ALREADY_REGISTERED = "已登记，跳过"
END_REASON = "按原台账导入"
#: Fields of a row that are stored in the case as they are.
CASE_COLUMNS = (
    "kind", "reason", "reason_text", "origin", "source", "address", "site", "room", "exposure_date", "start_date",
    "phone", "grid_worker", "grid_worker_phone", "doctor", "doctor_phone", "seal_no", "seal_posted_on",
)
#: A sheet named 集中隔离人员 lists central cases: the kind of its rows that do not say.
_SHEET_KINDS = (("集中", CaseKind.CENTRAL.value), ("健康监测", CaseKind.MONITOR.value), ("居家", CaseKind.HOME.value))
_LEFT = {s.value for s in LEFT_STATUSES}


class PolicyError(LedgerError):
    """The policy asked for does not exist; the message lists those that do."""


@dataclass
class PlannedCase:
    """One case to open: whose (a roster person or a visitor to add), under which policy, its end if over."""

    sheet: str
    row: int
    name: str
    values: dict[str, Any]
    policy_id: int
    policy_name: str
    stages: str
    count_from: str
    person_id: int | None = None
    #: A visitor's roster fields, and the grid whose 外来暂住人员 household takes them.
    visitor: dict[str, Any] | None = None
    grid: str = ""
    #: (event, date) for a case the ledger says is already over.
    ended: tuple[EventKind, date] | None = None

    @property
    def status(self) -> str:
        return (STATUS_AFTER[self.ended[0]] if self.ended else CaseStatus.ACTIVE).value


@dataclass
class CaseImportPlan(RowsRead):
    cases: list[PlannedCase] = field(default_factory=list)
    refused: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    #: Rows already in the ledger (same person, same start date).
    skipped: int = 0
    new_grids: list[str] = field(default_factory=list)
    #: The words of choice columns that were not our values, counted: forms.choice_words.choice_groups.
    choices: ChoiceTally = field(default_factory=ChoiceTally)
    #: (sheet, row, name) of the rows already in the ledger.
    unchanged_rows: list[tuple[str, int, str]] = field(default_factory=list)
    #: changes.ledger_version() when planning began: apply_case_plan writes the plan only if it is still so.
    ledger_version: int | None = None

    @property
    def new_cases(self) -> int:
        return len(self.cases)

    @property
    def new_people(self) -> int:
        return sum(1 for c in self.cases if c.visitor is not None)

    @property
    def ended(self) -> int:
        return sum(1 for c in self.cases if c.ended is not None)

    @property
    def refused_rows(self) -> int:
        return len({(i.sheet, i.row) for i in self.refused})

    @property
    def accounted(self) -> list[RowAccount]:
        """Every non-blank row read, with its outcome, in the file's order."""
        rows = [RowAccount(c.sheet, c.row, "created", name=c.name) for c in self.cases]
        rows += [RowAccount(sheet, row, "unchanged", ALREADY_REGISTERED, name) for sheet, row, name in self.unchanged_rows]
        rows += refused_accounts(self.refused)
        rows += [RowAccount(sheet, row, "skipped", reason) for sheet, row, reason in self.skipped_rows]
        return in_file_order(rows, self.sheets)

    def outcome_counts(self) -> Counter[str]:
        return Counter({
            "created": len(self.cases), "unchanged": len(self.unchanged_rows), "refused": self.refused_rows,
            "skipped": len(self.skipped_rows),
        })

    @property
    def policies(self) -> dict[str, int]:
        """Policy name → how many of the new cases it counts."""
        return dict(Counter(c.policy_name for c in self.cases))

    def preview(self) -> str:
        """What importing would do, in one sentence for the dialog."""
        ended = f"（其中已结束 {self.ended} 个）" if self.ended else ""
        policies = "、".join(f"{name} {n} 人" for name, n in self.policies.items())
        grids = f"；新建网格：{'、'.join(self.new_grids)}" if self.new_grids else ""
        return (
            f"{self.describe_rows()}。\n将新建 {self.new_cases} 个管控对象{ended}、加入花名册 {self.new_people} 人（暂住）；"
            f"已登记跳过 {self.skipped} 行；未导入 {self.refused_rows} 行；提示 {len(self.warnings)} 条"
            + (f"；按政策：{policies}" if policies else "") + grids + "。"
            + "".join(f"\n注意：{note}" for note in self.notes)
        )


@dataclass
class CaseImportResult:
    created_cases: int
    created_people: int
    skipped: int
    refused_rows: int
    plan: CaseImportPlan

    def summary(self) -> str:
        return f"新建 {self.created_cases} 个管控对象、加入花名册 {self.created_people} 人（暂住）、未导入 {self.refused_rows} 行"


# --- reading, mapping and policies ----------------------------------------------------------------


@collector_paused()
def read_cases(path: Path, progress: Progress | None = None) -> list[SheetTable]:
    return read_tables(path, header_words(CASE_TARGETS), progress)


def guess_case_mapping(table: SheetTable) -> dict[int, str]:
    return table.guess_mapping(CASE_TARGETS)


def case_mapping_problems(mapping: dict[int, str]) -> list[str]:
    """Chinese messages for columns the import needs but the mapping lacks."""
    return [f"找不到“{t.label}”列" for t in missing_required(mapping, CASE_TARGETS)]


@dataclass(frozen=True)
class _Policy:
    id: int
    name: str
    stages: tuple[Stage, ...]
    stages_json: str
    count_from: str
    retired: bool


def _policies() -> list[_Policy]:
    """Every policy whose stages can be counted, in the order they were made."""
    found = []
    for p in Policy.select().order_by(Policy.id):
        try:
            found.append(_Policy(p.id, p.name, parse_stages(p.stages), p.stages, p.count_from, p.retired))
        except ValueError:
            continue
    return found


def case_policies() -> list[tuple[int, str]]:
    """(id, name) of the policies in use, for the dialog's choice."""
    return [(p.id, p.name) for p in _policies() if not p.retired]


def policy_by_name(name: str) -> int:
    """The id of the policy so named (a retired one too: asked for by name, it is meant)."""
    for p in _policies():
        if p.name == name.strip():
            return p.id
    raise PolicyError(f"找不到管控政策“{name}”（现有：{'、'.join(n for _i, n in case_policies())}）")


# --- planning -----------------------------------------------------------------------------------


@dataclass
class _Row:
    sheet: str
    row: int
    name: str
    values: dict[str, Any]
    issues: list[Issue]

    def issue(self, label: str, reason: str, severity: str = "error") -> RowIssue:
        return RowIssue(self.sheet, self.row, self.name, label, reason, severity)


#: Fields that say who a case is and what its dates and kind are: a cell of one that holds a formula without a
#: result, or an error, refuses the row (blank, it would make another case, or print other dates); in any other
#: field the case is taken with that field blank, and a warning.
DECISIVE = ("name", "id_number", "kind", "status", "exposure_date", "start_date", "released_on")


def _parse_table(table: SheetTable, mapping: dict[int, str]) -> Iterator[_Row]:
    """Each row's values (blank cells left out) and issues, parsed column by column."""
    fields = columns_by_field(mapping, CASE.name)
    columns = {name: table.column(cols) for name, cols in fields.items()}
    name_col = fields["name"][0]
    parsed = CASE.parse_columns(columns, len(table.rows), lenient=True)
    unread = cell_issues(table, mapping, CASE, DECISIVE)
    for index, ((row_no, cells), p) in enumerate(zip(table.rows, parsed, strict=True)):
        values = {k: v for k, v in p.values.items() if v not in ("", None)}
        name = values.get("name") or shown_name(cells[name_col])
        yield _Row(table.sheet, row_no, name, values, with_cell_issues(p.issues, unread.get(index)))


class _Existing:
    """What the database holds about the people a file names, looked up once per import."""

    def __init__(self, rows: list[_Row]) -> None:
        village = Village.select(Village.name).first()
        self.village_name = village.name if village else ""
        numbers = {r.values["id_number"] for r in rows if r.values.get("id_number")}
        names = {r.values["name"] for r in rows if r.values.get("name")}
        #: id number → (person id, name, status)
        people = Person.select(Person.id, Person.id_number, Person.name, Person.status)
        self.by_number = {
            n: (pid, name, status)
            for pid, n, name, status in people.where(Person.id_number.in_(sorted(numbers))).tuples()
        }
        #: name → [(person id, has an ID number)] of people present (not moved out or dead)
        self.present_by_name: dict[str, list[tuple[int, bool]]] = {}
        for pid, name, number in Person.select(Person.id, Person.name, Person.id_number).where(
            Person.name.in_(sorted(names)) & Person.status.not_in(list(_LEFT))
        ).tuples():
            self.present_by_name.setdefault(name, []).append((pid, bool(number)))
        ids = {pid for pid, _n, _s in self.by_number.values()}
        ids |= {pid for people in self.present_by_name.values() for pid, _has in people}
        #: person id → [(start date, status)] of their cases
        self.cases: dict[int, list[tuple[date, str]]] = {}
        cases = Case.select(Case.person, Case.start_date, Case.status).where(Case.person.in_(sorted(ids)))
        for pid, start, status in cases.tuples():
            self.cases.setdefault(pid, []).append((start, status))
        #: person id → "一组12号", the address of their household
        self.address = {
            pid: grid + door for pid, grid, door in Person.select(Person.id, Grid.name, Household.door_no)
            .join(Household).join(Grid).where(Person.id.in_(sorted(ids))).tuples()
        }
        self.grids = [name for (name,) in Grid.select(Grid.name).tuples()]

    def grid_of(self, address: str) -> str:
        """The grid an address starts with ("东风村一组12号" → 一组), else 未分组."""
        if self.village_name and address.startswith(self.village_name):
            address = address[len(self.village_name):]
        longest_first = sorted(self.grids, key=len, reverse=True)
        return next((g for g in longest_first if g and address.startswith(g)), DEFAULT_GRID)


class _Planner:
    """Decides, row by row, whose case it is, under which policy, and whether it may be opened."""

    def __init__(
        self, plan: CaseImportPlan, existing: _Existing, policies: list[_Policy], chosen: _Policy | None
    ) -> None:
        self.plan, self.existing, self.policies, self.chosen = plan, existing, policies, chosen
        self.seen: dict[tuple[str, Any], _Row] = {}
        self.today = date.today()

    def add(self, r: _Row) -> None:
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
            warnings.append(r.issue(
                "预计解除日期", f"填写为 {expected}，按“{policy.name}”计算应为 {period.release_due}，已按政策计算", "warning"
            ))
        values = self._case_values(v, kind, person_id)
        case = PlannedCase(r.sheet, r.row, r.name, values, policy.id, policy.name, policy.stages_json,
                           policy.count_from, person_id, ended=ended)
        if person_id is None:
            case.visitor = _visitor_values(v)
            case.grid = self.existing.grid_of(v.get("address", ""))
        plan.cases.append(case)
        plan.warnings.extend(warnings)

    def _policy(self, r: _Row, warnings: list[RowIssue]) -> tuple[_Policy | None, str]:
        """Policy and kind of a row's case: the kind it names, else the chosen policy's, sheet's or site's."""
        v = r.values
        kind = CaseKind.CENTRAL.value if v.get("status") == MOVED_TO_CENTRAL else v.get("kind")
        days = small_number(str(v.get("period_days", "")))  # "居家医学观察14天" says the period too
        if v.get("status") == MOVED_TO_CENTRAL:
            warnings.append(r.issue("当前状态", f"转集中隔离：按{kind}登记", "warning"))
        if self.chosen is not None:
            if kind and kind != self.chosen.stages[0].kind:
                warnings.append(r.issue(
                    "隔离方式", f"“{kind}”与政策“{self.chosen.name}”的第一阶段（{self.chosen.stages[0].kind}）不同，按{kind}登记",
                    "warning",
                ))
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

    def _who(self, r: _Row, warnings: list[RowIssue]) -> tuple[tuple[str, Any], int | None] | None:
        """(key, roster person id or None for a visitor), or None when the row was refused."""
        name, number = r.values["name"], r.values.get("id_number")
        if number:
            found = self.existing.by_number.get(number)
            if found is not None:
                person_id, roster_name, status = found
                if roster_name != name:
                    warnings.append(r.issue("姓名", f"花名册中此身份证号的人叫“{roster_name}”，已按身份证号对应", "warning"))
                if status in _LEFT:
                    warnings.append(r.issue("身份证号码", f"花名册中此人状态为“{status}”，请核对", "warning"))
                return ("person", person_id), person_id
            hint = "（花名册中有同名但未填身份证号的人，请核对是否同一人）" if any(
                not has for _pid, has in self.existing.present_by_name.get(name, [])) else ""
            warnings.append(r.issue("姓名", VISITOR_ADDED + hint, "warning"))
            return ("id", number), None
        namesakes = self.existing.present_by_name.get(name, [])
        if len(namesakes) > 1:
            self.plan.refused.append(r.issue(
                "身份证号码", f"未填身份证号，花名册中有 {len(namesakes)} 个叫“{name}”的人，无法确定是谁，请填写身份证号"
            ))
            return None
        if namesakes:
            warnings.append(r.issue("姓名", "未填身份证号，已按姓名对应花名册中的人员，请核对", "warning"))
            return ("person", namesakes[0][0]), namesakes[0][0]
        warnings.append(r.issue("姓名", VISITOR_ADDED, "warning"))
        return ("name", name), None

    def _ended(self, r: _Row, release_due: date, warnings: list[RowIssue]) -> tuple[EventKind, date] | None:
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


def _check_days(r: _Row, days: int | None, policy: _Policy, warnings: list[RowIssue]) -> None:
    """A period written in the kind's words that the policy does not have is said, never silently dropped."""
    if days and days != policy.stages[0].days:
        warnings.append(r.issue(
            "隔离方式", f"台账写明 {days} 天，按政策“{policy.name}”（{policy.stages[0].kind} {policy.stages[0].days} 天）计算，"
            "请核对", "warning",
        ))


def _visitor_values(v: dict[str, Any]) -> dict[str, Any]:
    """The roster record of someone not yet in it: 暂住, 其他, with what the row says of them."""
    person = {k: v[k] for k in ("name", "id_number", "sex", "phone") if k in v}
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
    policies = _policies()
    learned = remembered()  # the clerk's corrections of how earlier files' words were read
    chosen = None
    if policy_id is not None:
        chosen = next((p for p in policies if p.id == policy_id), None)
        if chosen is None:
            raise PolicyError("所选的管控政策已不存在或阶段设置有误，请重新选择")
    rows: list[_Row] = []
    plan = CaseImportPlan(ledger_version=version)
    for table in tables:
        if not plan.read(table):
            continue
        mapping = table_mapping(plan, table, mappings, guess_case_mapping, case_mapping_problems)
        with reading_choices(learned, plan.choices):
            rows.extend(_parse_table(table, mapping))
    existing = _Existing(rows)
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


# --- applying ------------------------------------------------------------------------------------


class _VisitorHouseholds:
    """The 外来暂住人员 household of each grid, found or made (with its grid) inside the import's transaction."""

    def __init__(self, cs: changes.ChangeSet) -> None:
        self.cs = cs
        self.ids: dict[str, int] = {}
        self.numbers = NumberAllocator(taken_household_numbers())

    def of(self, grid_name: str) -> int:
        if grid_name not in self.ids:
            grid = Grid.get_or_none(Grid.name == grid_name)
            if grid is None:
                order = (Grid.select(Grid.sort_order).order_by(Grid.sort_order.desc()).scalar() or 0) + 1
                grid = self.cs.create(Grid, {"name": grid_name, "sort_order": order})
            household = Household.get_or_none(
                (Household.grid == grid.id)
                & (Household.head_name == VISITOR_HEAD)
                & (Household.door_no == VISITOR_DOOR)
            )
            if household is None:
                household = self.cs.create(Household, {
                    "number": self.numbers.next(grid.sort_order), "grid": grid.id, "door_no": VISITOR_DOOR,
                    "head_name": VISITOR_HEAD, "kind": HouseholdKind.RENTED.value,
                })
            self.ids[grid_name] = household.id
        return self.ids[grid_name]


class _SealNumbers:
    """Seal numbers as open_case gives them (after the year's highest, "2026-0007"), handed out here so that
    two new cases never share one, nor one a number the file gives another."""

    def __init__(self, given: Iterable[str]) -> None:
        self.given = set(given)
        self.last: dict[int, int] = {}

    def next(self, year: int) -> str:
        if year not in self.last:
            self.last[year] = int(next_seal_number(year).split("-")[1]) - 1
        n = self.last[year] + 1
        while f"{year}-{n:04d}" in self.given:
            n += 1
        self.last[year] = n
        return f"{year}-{n:04d}"


@collector_paused()
def apply_case_plan(plan: CaseImportPlan, source: str, progress: Progress | None = None) -> CaseImportResult:
    """Back up the file, then write the plan in one transaction; a cancel leaves nothing written.

    The plan itself is not changed, so after a cancel it can be applied again (or planned afresh). A plan
    made before the ledger last changed is refused with PlanOutdated before anything is written: it may
    open a case twice or give two cases one seal number.
    """
    if not plan.cases:
        return CaseImportResult(0, 0, plan.skipped, plan.refused_rows, plan)
    if plan.ledger_version is not None:
        changes.require_unchanged(plan.ledger_version)  # early, so an outdated plan makes no backup
    backup_open_database("before-import")
    with changes.transaction(f"导入隔离台账：{source}", needs=Can.IMPORT, unchanged_since=plan.ledger_version) as cs:
        households = _VisitorHouseholds(cs)
        seals = _SealNumbers(c.values["seal_no"] for c in plan.cases if c.values.get("seal_no"))
        people = 0
        for done, planned in enumerate(plan.cases, start=1):
            check_cancelled(progress)
            person_id = planned.person_id
            if person_id is None:
                visitor = {**(planned.visitor or {}), "household": households.of(planned.grid)}
                person_id = cs.create(Person, visitor).id
                people += 1
            _write_case(cs, planned, person_id, seals)
            if progress is not None:
                progress.update(done, len(plan.cases))
        check_cancelled(progress)
        cs.note("import", "case", {
            "source": source,
            "cases": len(plan.cases),
            "people": people,
            "skipped": plan.skipped,
            "refused_rows": plan.refused_rows,
            "policies": plan.policies,
        })
    return CaseImportResult(len(plan.cases), people, plan.skipped, plan.refused_rows, plan)


def _write_case(cs: changes.ChangeSet, planned: PlannedCase, person_id: int, seals: _SealNumbers) -> None:
    """The case, its 开始 event and, for a case already over, its closing event (as change_status)."""
    values = dict(planned.values)
    if not values.get("seal_no") and values["kind"] != CaseKind.CENTRAL.value:
        values["seal_no"] = seals.next(values["start_date"].year)
    case = cs.create(Case, {
        **values,
        "person": person_id,
        "policy": planned.policy_id,
        "stages": planned.stages,
        "count_from": planned.count_from,
        "status": planned.status,
        "ended_on": planned.ended[1] if planned.ended and planned.ended[0] != EventKind.MISSING else None,
    })
    cs.create(CaseEvent, {
        "case": case.id, "on": values["start_date"], "kind": EventKind.OPENED.value,
        "reason": values.get("reason", ""), "status_after": CaseStatus.ACTIVE.value,
    })
    if planned.ended is not None:
        kind, on = planned.ended
        cs.create(CaseEvent, {
            "case": case.id, "on": on, "kind": kind.value, "reason": END_REASON,
            "status_after": STATUS_AFTER[kind].value,
        })


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
        tables = read_cases(path, progress)
        if sheet is not None:
            tables = [t for t in tables if t.sheet == sheet]
            if not tables:
                raise MappingError(f"找不到工作表“{sheet}”")
        mappings = {t.key: guess_case_mapping(t) for t in tables if t.rows}
        plan = plan_case_import(tables, mappings, progress=progress, policy_id=policy_id)
        if say is not None:
            tell_plan(say, tables, mappings, CASE_TARGETS, plan.notes)
        return plan

    return applied_once_more(planned, lambda plan: apply_case_plan(plan, Path(path).name, progress), say)
