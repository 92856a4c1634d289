"""Roster changes that touch several records at once, each one audited change."""

from __future__ import annotations

from db import changes
from db.models import Person
from db.models.household import LEFT_STATUSES


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
    return [e.id for e in cs.entries]
