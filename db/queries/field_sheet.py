"""What a round's printed field sheet (填写用排查表) carries for one grid: its households in 户号 order and
their people due, as plain values with the ID number and the phone already masked (the paper leaves the
office, so the full numbers never reach the printing code).

People due follow db.queries.screening: members living in the village now, none in a household whose visit
this round says 已搬离 (the household is still listed: the worker sees it was recorded so).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import peewee

from db.errors import LedgerError
from db.models import Grid, Household, Person, RoundGrid, ScreeningRound, Village, Visit
from db.models.screening import RoundStatus, VisitOutcome
from db.queries.screening import is_due, tuple_rows
from db.rules.age import age_on
from db.rules.id_number import mask_id_number
from db.rules.phones import mask_phone
from db.rules.search_keys import natural_key


class FieldSheetError(LedgerError):
    """No sheet for this round and grid; the message says why, in Chinese."""


@dataclass(frozen=True)
class SheetMember:
    """A person due, as the sheet prints them (age on the round's first day)."""

    person_id: int
    name: str
    sex: str
    age: int | None
    id_number: str  # masked
    phone: str  # masked
    relation: str


@dataclass(frozen=True)
class SheetHousehold:
    """A household of the grid with its people due and what this round has recorded of it so far."""

    household_id: int
    number: str
    head_name: str
    door_no: str
    members: tuple[SheetMember, ...]
    outcome: str | None = None  # the round's visit so far, if any
    visited_on: date | None = None


@dataclass(frozen=True)
class FieldSheet:
    """One grid's sheet of a round."""

    round_id: int
    round_name: str
    starts_on: date
    ends_on: date
    village: str
    grid: str
    worker: str
    households: tuple[SheetHousehold, ...]

    @property
    def people(self) -> int:
        return sum(len(h.members) for h in self.households)


def _round_grid(round_id: int, grid_name: str) -> tuple[ScreeningRound, RoundGrid]:
    found: ScreeningRound | None = ScreeningRound.get_or_none(ScreeningRound.id == round_id)
    if found is None:
        raise FieldSheetError(f"没有编号为 {round_id} 的排查轮次")
    if found.status != RoundStatus.OPEN.value:
        raise FieldSheetError(f"“{found.name}”已结束，不能再登记，无需打印排查表")
    grid: Grid | None = Grid.get_or_none(Grid.name == grid_name.strip())
    if grid is None:
        raise FieldSheetError(f"没有名为“{grid_name.strip()}”的网格（村民小组）")
    covered: RoundGrid | None = RoundGrid.get_or_none((RoundGrid.round == round_id) & (RoundGrid.grid == grid.id))
    if covered is None:
        raise FieldSheetError(f"{grid.name}不在“{found.name}”的排查范围内")
    return found, covered


def field_sheet(round_id: int, grid_name: str) -> FieldSheet:
    """The grid's households (户号 order) and their people due, for the round's printed sheet."""
    found, covered = _round_grid(round_id, grid_name)
    grid: Grid = covered.grid
    visit_on = (Visit.household == Household.id) & (Visit.round == round_id)
    households = tuple_rows(
        Household.select(
            Household.id, Household.number, Household.head_name, Household.door_no, Visit.outcome, Visit.on
        )
        .join(Visit, peewee.JOIN.LEFT_OUTER, on=visit_on)
        .where(Household.grid == grid.id)
    )
    households.sort(key=lambda r: (natural_key(r[1]), r[0]))
    people = tuple_rows(
        Person.select(
            Person.household, Person.id, Person.name, Person.sex, Person.birth_date, Person.id_number, Person.phone
        )
        .join(Household)
        .where((Household.grid == grid.id) & is_due())
        .order_by(Person.sort_key, Person.id)
        .select_extend(Person.relation)
    )
    by_household: dict[int, list[SheetMember]] = {}
    for household_id, pid, name, sex, birth, id_number, phone, relation in people:
        member = SheetMember(
            pid, name, sex, age_on(birth, found.starts_on), mask_id_number(id_number or ""), mask_phone(phone), relation
        )
        by_household.setdefault(household_id, []).append(member)
    village: Village | None = Village.select().first()
    return FieldSheet(
        found.id,
        found.name,
        found.starts_on,
        found.ends_on,
        village.name if village is not None else "",
        grid.name,
        covered.worker,
        tuple(
            SheetHousehold(
                hid,
                number,
                head,
                door,
                () if outcome == VisitOutcome.MOVED_AWAY.value else tuple(by_household.get(hid, ())),
                outcome,
                on,
            )
            for hid, number, head, door, outcome, on in households
        ),
    )
