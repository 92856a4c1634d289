"""A quarantine ledger's rows as the case import plans them, and what the database holds about them.

Why apart from the planner (forms.case_import): reading a row (its values and issues, column by column)
and looking up once what the ledger already knows (the people a file names, their cases, the policies)
are the same whichever way the rows are then decided.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from db.imports.rows import RowIssue
from db.models import Case, Grid, Household, Person, Policy, Village
from db.models.household import LEFT_STATUSES
from db.rules.observation import Stage, parse_stages
from forms.definitions.case import CASE
from forms.excel.formula_cells import cell_issues, with_cell_issues
from forms.excel.mapping import columns_by_field
from forms.excel.reader import SheetTable
from forms.import_steps import DEFAULT_GRID
from forms.parsing.names import shown_name
from forms.types import Issue

#: Fields that say who a case is and what its dates and kind are: a cell of one that holds a formula without a
#: result, or an error, refuses the row (blank, it would make another case, or print other dates); in any other
#: field the case is taken with that field blank, and a warning.
DECISIVE = ("name", "id_number", "kind", "status", "exposure_date", "start_date", "released_on")
#: Statuses of people who are no longer in the village.
LEFT = {s.value for s in LEFT_STATUSES}


@dataclass
class CaseRow:
    """One data row of the ledger: where it is, whose name it gives, its values (blanks left out), issues."""

    sheet: str
    row: int
    name: str
    values: dict[str, Any]
    issues: list[Issue]

    def issue(self, label: str, reason: str, severity: str = "error") -> RowIssue:
        return RowIssue(self.sheet, self.row, self.name, label, reason, severity)


def parse_table(table: SheetTable, mapping: dict[int, str]) -> Iterator[CaseRow]:
    """Each row's values (blank cells left out) and issues, parsed column by column."""
    fields = columns_by_field(mapping, CASE.name)
    columns = {name: table.column(cols) for name, cols in fields.items()}
    name_col = fields["name"][0]
    parsed = CASE.parse_columns(columns, len(table.rows), lenient=True)
    unread = cell_issues(table, mapping, CASE, DECISIVE)
    for index, ((row_no, cells), p) in enumerate(zip(table.rows, parsed, strict=True)):
        values = {k: v for k, v in p.values.items() if v not in ("", None)}
        name = values.get("name") or shown_name(cells[name_col])
        yield CaseRow(table.sheet, row_no, name, values, with_cell_issues(p.issues, unread.get(index)))


@dataclass(frozen=True)
class CasePolicy:
    """A policy as a case import assigns it: its stages counted, and whether it is still offered."""

    id: int
    name: str
    stages: tuple[Stage, ...]
    stages_json: str
    count_from: str
    retired: bool


def counted_policies() -> list[CasePolicy]:
    """Every policy whose stages can be counted, in the order they were made."""
    found = []
    for p in Policy.select().order_by(Policy.id):
        try:
            found.append(CasePolicy(p.id, p.name, parse_stages(p.stages), p.stages, p.count_from, p.retired))
        except ValueError:
            continue
    return found


class LedgerPeople:
    """What the database holds about the people a file names, looked up once per import."""

    def __init__(self, rows: list[CaseRow]) -> None:
        village = Village.select(Village.name).first()
        self.village_name = village.name if village else ""
        numbers = {r.values["id_number"] for r in rows if r.values.get("id_number")}
        names = {r.values["name"] for r in rows if r.values.get("name")}
        #: id number → (person id, name, status)
        people = Person.select(Person.id, Person.id_number, Person.name, Person.status)
        numbered: Iterable[tuple[int, str, str, str]] = people.where(Person.id_number.in_(sorted(numbers))).tuples()  # type: ignore[assignment]
        self.by_number = {n: (pid, name, status) for pid, n, name, status in numbered}
        #: name → [(person id, has an ID number)] of people present (not moved out or dead)
        self.present_by_name: dict[str, list[tuple[int, bool]]] = {}
        present_named = Person.name.in_(sorted(names)) & Person.status.not_in(list(LEFT))
        present: Iterable[tuple[int, str, str | None]] = (
            Person.select(Person.id, Person.name, Person.id_number).where(present_named).tuples()  # type: ignore[assignment]
        )
        for pid, name, number in present:
            self.present_by_name.setdefault(name, []).append((pid, bool(number)))
        ids = {pid for pid, _n, _s in self.by_number.values()}
        ids |= {pid for people_named in self.present_by_name.values() for pid, _has in people_named}
        #: person id → [(start date, status)] of their cases
        self.cases: dict[int, list[tuple[date, str]]] = {}
        query = Case.select(Case.person, Case.start_date, Case.status).where(Case.person.in_(sorted(ids)))
        cases = cast(Iterable[tuple[int, date, str]], query.tuples())
        for pid, start, status in cases:
            self.cases.setdefault(pid, []).append((start, status))
        #: person id → "一组12号", the address of their household
        addresses: Iterable[tuple[int, str, str]] = (
            Person.select(Person.id, Grid.name, Household.door_no)
            .join(Household)
            .join(Grid)
            .where(Person.id.in_(sorted(ids)))
            .tuples()  # type: ignore[assignment]
        )
        self.address = {pid: grid + door for pid, grid, door in addresses}
        grids: Iterable[tuple[str]] = Grid.select(Grid.name).tuples()  # type: ignore[assignment]
        self.grids = [name for (name,) in grids]

    def grid_of(self, address: str) -> str:
        """The grid an address starts with ("东风村一组12号" → 一组), else 未分组."""
        if self.village_name and address.startswith(self.village_name):
            address = address[len(self.village_name) :]
        longest_first = sorted(self.grids, key=len, reverse=True)
        return next((g for g in longest_first if g and address.startswith(g)), DEFAULT_GRID)
