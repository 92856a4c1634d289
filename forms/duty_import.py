"""Bring a duty list workbook (值班人员名单: 姓名, 联系电话, 身份 in the clerk's words, 单位, 带班, 可值班时间 …)
into 值班人员: read, map columns by forms.definitions.duty_person's words, plan, apply.

Every non-blank row is accounted for: taken (新建 / 合并 into an earlier row of the same name / 更新 / 已登记),
refused with its reason (no name, a weekday or day away that cannot be read, two listed people of that name
and no phone to tell them apart), or skipped as not data (titles, header copies, 合计). A phone that cannot
be read is left blank with its text in the note (as the roster import does); a kind in words we do not know
is 志愿者 with the words in the note. The people are matched by name (and phone where several share it); a
roster person of that name and phone is linked. 不与…同班 names are found in the file or among those listed,
else a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from db import changes
from db.bulk import collector_paused
from db.choice_memory import remembered
from db.duty_actions import DutyError, checked_person_values
from db.imports.duty_people import DutyImportPlan, DutyImportResult, PlannedPerson, apply_duty_plan
from db.imports.rows import PlannedRow, RowIssue
from db.models import DutyApart, DutyPerson, Person
from db.progress import Progress, check_cancelled
from forms.choice_words import ChoiceTally, reading_choices
from forms.definitions.duty_person import DUTY_PERSON, apart_names
from forms.excel.formula_cells import cell_issues, with_cell_issues
from forms.excel.mapping import Target, columns_by_field, header_words, missing_required
from forms.excel.reader import SheetTable, read_tables
from forms.import_steps import applied_once_more, only_sheet, table_mapping, tell_plan
from forms.parsing.names import shown_name
from forms.types import Issue

DUTY_TARGETS: list[Target] = [
    Target(f"{DUTY_PERSON.name}.{f.name}", f.label, f.headers, required=f.required) for f in DUTY_PERSON.input_fields
]
#: The fields kept on the person (apart is kept as pairs).
_KEPT = frozenset(DUTY_PERSON.stored_names)


def labels() -> dict[str, str]:
    """Target key → label, for the dialog's 导入为 choice."""
    return {t.key: t.label for t in DUTY_TARGETS}


@collector_paused()
def read_duty_list(path: Path, progress: Progress | None = None) -> list[SheetTable]:
    return read_tables(path, header_words(DUTY_TARGETS), progress)


def guess_duty_mapping(table: SheetTable) -> dict[int, str]:
    return table.guess_mapping(DUTY_TARGETS)


def duty_mapping_problems(mapping: dict[int, str]) -> list[str]:
    return [f"找不到“{t.label}”列" for t in missing_required(mapping, DUTY_TARGETS)]


class _Listed:
    """Those already listed, by name; and the roster's people by name and phone (to link them)."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[DutyPerson]] = {}
        for person in DutyPerson.select():
            self.by_name.setdefault(person.name, []).append(person)
        self.pairs = {(a.first_id, a.second_id) for a in DutyApart.select()}

    def find(self, name: str, phone: str) -> tuple[DutyPerson | None, str]:
        """(the listed person, "") or (None, why the row cannot say which) or (None, "") for someone new."""
        same = self.by_name.get(name, [])
        if len(same) <= 1:
            return (same[0] if same else None), ""
        by_phone = [p for p in same if phone and p.phone == phone]
        if len(by_phone) == 1:
            return by_phone[0], ""
        return None, f"值班人员中已有 {len(same)} 个“{name}”，请填写电话以区分"

    @staticmethod
    def roster_person(name: str, phone: str) -> int | None:
        if not phone:
            return None
        found = [p.id for p in Person.select(Person.id).where((Person.name == name) & (Person.phone == phone))]
        return found[0] if len(found) == 1 else None


def _differs(person: DutyPerson, values: dict[str, Any]) -> bool:
    checked = checked_person_values(values)
    return any(getattr(person, key) != value for key, value in checked.items() if key != "person" or value)


def _rows(table: SheetTable, mapping: dict[int, str]) -> Iterable[tuple[int, str, dict[str, Any], list[Issue]]]:
    """(row number, name as shown, values, issues) of each data row."""
    fields = columns_by_field(mapping, DUTY_PERSON.name)
    columns = {name: table.column(cols) for name, cols in fields.items()}
    name_col = fields["name"][0]
    unread = cell_issues(table, mapping, DUTY_PERSON, ("name",))
    parsed = DUTY_PERSON.parse_columns(columns, len(table.rows), partial=True, lenient=True)
    for index, ((row_no, cells), p) in enumerate(zip(table.rows, parsed, strict=True)):
        name = p.values.get("name") or shown_name(cells[name_col])
        if "name" not in p.values and not any(i.field == "name" for i in p.issues):
            p.issues.append(Issue("name", "姓名", "不能为空"))
        yield row_no, name, p.values, with_cell_issues(p.issues, unread.get(index))


@collector_paused()
def plan_duty_import(
    tables: Iterable[SheetTable], mappings: dict[str, dict[int, str]] | None = None, progress: Progress | None = None
) -> DutyImportPlan:
    """Work out, without writing, what importing these tables into 值班人员 would do."""
    version = changes.ledger_version()
    plan = DutyImportPlan(ledger_version=version, choices=ChoiceTally())
    listed = _Listed()
    by_name: dict[str, int] = {}  # name → index in plan.people
    learned = remembered()
    for table in tables:
        if not plan.read(table):
            continue
        mapping = table_mapping(plan, table, mappings, guess_duty_mapping, duty_mapping_problems)
        with reading_choices(learned, plan.choices):
            rows = list(_rows(table, mapping))
        for done, (row_no, name, values, issues) in enumerate(rows, start=1):
            if progress is not None and done % 100 == 0:
                check_cancelled(progress)
                progress.update(done, len(rows))
            _plan_row(plan, listed, by_name, table.sheet, row_no, name, values, issues)
    _plan_apart(plan, listed, by_name)
    return plan


def _plan_row(
    plan: DutyImportPlan,
    listed: _Listed,
    by_name: dict[str, int],
    sheet: str,
    row_no: int,
    name: str,
    values: dict[str, Any],
    issues: list[Issue],
) -> None:
    errors = [i for i in issues if i.severity == "error"]
    for issue in issues:
        target = plan.refused if issue.severity == "error" else plan.warnings
        if issue.severity == "error" or not errors:
            target.append(RowIssue(sheet, row_no, name, issue.label, issue.message, issue.severity))
    if errors:
        return
    kept = {k: v for k, v in values.items() if k in _KEPT}
    if name in by_name:  # a second row of the same name: the same person, its filled cells win
        planned = plan.people[by_name[name]]
        planned.values.update({k: v for k, v in kept.items() if v not in ("", None)})
        planned.apart_names += [n for n in apart_names(values.get("apart")) if n not in planned.apart_names]
        planned.rows.append(PlannedRow(sheet, row_no, name, "merged", f"与第 {planned.rows[0].row} 行同名，合并"))
        return
    existing, why = listed.find(name, str(kept.get("phone", "")))
    if why:
        plan.refused.append(RowIssue(sheet, row_no, name, "姓名", why))
        return
    if existing is None:
        roster = listed.roster_person(name, str(kept.get("phone", "")))
        if roster is not None:
            kept["person"] = roster
    try:
        checked_person_values(kept)
    except DutyError as exc:
        plan.refused.append(RowIssue(sheet, row_no, name, "值班人员", str(exc)))
        return
    planned = PlannedPerson(name, kept, existing.id if existing is not None else None)
    planned.apart_names = apart_names(values.get("apart"))
    planned.rows.append(PlannedRow(sheet, row_no, name))
    by_name[name] = len(plan.people)
    plan.people.append(planned)


def _plan_apart(plan: DutyImportPlan, listed: _Listed, by_name: dict[str, int]) -> None:
    """Each person's state (new, changed, the same) and the 不与…同班 pairs not kept yet."""
    seen: set[frozenset[str]] = set()
    for index, person in enumerate(plan.people):
        if person.existing_id is not None:
            existing = DutyPerson.get_by_id(person.existing_id)
            person.state = "updated" if _differs(existing, person.values) else "unchanged"
            for row in person.rows:
                if row.outcome == "created":
                    row.outcome = person.state
        for other in person.apart_names:
            row = person.rows[0]
            key = frozenset((person.name, other))
            if other == person.name or key in seen:
                continue
            seen.add(key)
            if other in by_name:
                partner = plan.people[by_name[other]]
                if person.existing_id is not None and partner.existing_id is not None:
                    low, high = sorted((person.existing_id, partner.existing_id))
                    if (low, high) in listed.pairs:
                        continue
                plan.apart.append((index, by_name[other], None))
            elif len(found := listed.by_name.get(other, [])) == 1:
                if person.existing_id is not None and tuple(sorted((person.existing_id, found[0].id))) in listed.pairs:
                    continue
                plan.apart.append((index, None, found[0].id))
            else:
                reason = (
                    f"“{other}”不在值班人员中，未设置不同班"
                    if not found
                    else f"值班人员中有几个“{other}”，未设置不同班"
                )
                plan.warnings.append(RowIssue(row.sheet, row.row, person.name, "不与谁同班", reason, "warning"))


def import_duty_list(
    path: Path, progress: Progress | None = None, sheet: str | None = None, say: Callable[[str], None] | None = None
) -> DutyImportResult:
    """The headless import: the same reading, column guess, plan and single transaction as the dialog."""

    def planned() -> DutyImportPlan:
        tables = only_sheet(read_duty_list(path, progress), sheet)
        mappings = {t.key: guess_duty_mapping(t) for t in tables if t.rows}
        plan = plan_duty_import(tables, mappings, progress)
        if say is not None:
            tell_plan(say, tables, mappings, DUTY_TARGETS, plan.notes)
        return plan

    return applied_once_more(planned, lambda plan: apply_duty_plan(plan, Path(path).name, progress), say)
