"""The roster's use cases: saving a household or a person with its checks, moving a person, marking
people as left. Each is one audited change through db.changes; a refused save names the field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from db import changes
from db.errors import LedgerError
from db.models import Household, Person
from db.models.household import LEFT_STATUSES
from db.queries import village as vq


class FieldRefused(LedgerError):
    """A save refused because of one field's value; the screen shows `message` under that field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _ids(cs: changes.ChangeSet) -> list[int]:
    return [entry.id for entry in cs.entries]


def save_household(values: Mapping[str, Any], household_id: int | None, summary: str) -> tuple[int, list[int]]:
    """Create (id None) or update a household given with its grid's name; its 户号 must be free in that grid.

    Returns the household's id and the audit ids (for undo). FieldRefused("number") when the number is taken.
    """
    record = dict(values)
    grid_name = record.pop("grid_name")
    with changes.transaction(summary) as cs:
        grid_id = vq.grid_id_by_name(grid_name)
        if vq.household_number_taken(record["number"], grid_id, household_id):
            raise FieldRefused("number", f"{grid_name}已有户号 {record['number']}")
        record["grid"] = grid_id
        household = (
            cs.create(Household, record)
            if household_id is None
            else cs.update(Household.get_by_id(household_id), record)
        )
    return household.id, _ids(cs)


def save_person(
    values: Mapping[str, Any], person_id: int | None, summary: str, household_id: int | None = None
) -> tuple[int, list[int]]:
    """Create a person in household_id (person_id None) or update one; an ID number is held by one person only.

    Returns the person's id and the audit ids. FieldRefused("id_number") names who holds the number already.
    """
    record = dict(values)
    if household_id is not None:
        record["household"] = household_id
    with changes.transaction(summary) as cs:
        number = record.get("id_number")
        holder = vq.person_with_id_number(number, person_id) if number else None
        if holder:
            raise FieldRefused("id_number", f"该身份证号已登记：{holder}")
        person = cs.create(Person, record) if person_id is None else cs.update(Person.get_by_id(person_id), record)
    return person.id, _ids(cs)


def move_person(person_id: int, household_id: int) -> list[int]:
    """Move a person to another household (their search keys follow it); returns the audit ids."""
    with changes.transaction(f"移户：{Person.get_by_id(person_id).name}") as cs:
        cs.update(Person.get_by_id(person_id), {"household": household_id}, action="move")
    return _ids(cs)


def mark_left(person_ids: list[int], status: str, note: str, summary: str) -> list[int]:
    """Mark people as moved out or deceased (never deleted); returns the audit ids, for undo."""
    if status not in {s.value for s in LEFT_STATUSES}:
        raise ValueError(status)
    with changes.transaction(summary) as cs:
        for person in Person.select().where(Person.id.in_(person_ids)):
            values = {"status": status}
            if note:
                values["note"] = (person.note + "；" if person.note else "") + note
            cs.update(person, values, action="mark_left")
    return _ids(cs)
