"""Single records of the quarantine ledger read by id, for the dialogs that show or change one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from playhouse.shortcuts import model_to_dict

from db.models import Case, FeverAction, Person, Reading


def case(case_id: int) -> Case:
    """The case (peewee's DoesNotExist if it is gone)."""
    return Case.get_by_id(case_id)


def case_values(record: Case) -> dict[str, Any]:
    """A case's own fields as a form loads them (dates as dates, the person and policy as ids)."""
    values: dict[str, Any] = model_to_dict(record, recurse=False)
    return values


def cases_by_id(case_ids: Iterable[int]) -> dict[int, Case]:
    return {c.id: c for c in Case.select().where(Case.id.in_(list(case_ids)))}


def reading(reading_id: int) -> Reading:
    return Reading.get_by_id(reading_id)


def reading_handled(reading_id: int) -> bool:
    """Whether an action (处置) has been recorded for the reading."""
    return FeverAction.select().where(FeverAction.reading == reading_id).exists()


def person(person_id: int) -> Person:
    return Person.get_by_id(person_id)
