"""The columns a roster workbook may carry: household fields and person fields, keyed "household.x" / "person.x"."""

from __future__ import annotations

from forms.definitions import HOUSEHOLD, PERSON
from forms.excel.mapping import Target
from forms.types import Field, RecordForm

#: Columns that tell which household a row belongs to; a roster needs at least one of them.
HOUSEHOLD_KEYS = ("household.number", "household.door_no", "household.head_name", "person.relation")


def _targets(form: RecordForm) -> list[Target]:
    return [
        Target(f"{form.name}.{f.name}", f.label, f.headers, required=f.required and form is PERSON)
        for f in form.input_fields
    ]


ROSTER_TARGETS: list[Target] = _targets(HOUSEHOLD) + _targets(PERSON)


def target_field(key: str) -> Field:
    form_name, field_name = key.split(".", 1)
    return (HOUSEHOLD if form_name == HOUSEHOLD.name else PERSON).field(field_name)


def known_headers() -> list[str]:
    return [name for t in ROSTER_TARGETS for name in (t.label, *t.synonyms)]
