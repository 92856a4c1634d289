"""The columns a roster workbook may carry: household fields and person fields, keyed "household.x" / "person.x"."""

from __future__ import annotations

from forms.definitions import HOUSEHOLD, PERSON
from forms.excel.mapping import Target
from forms.types import RecordForm

#: Columns that tell which household a row belongs to; a roster needs at least one of them.
HOUSEHOLD_KEYS = ("household.number", "household.door_no", "household.head_name", "person.relation")


def _targets(form: RecordForm) -> list[Target]:
    return [
        Target(f"{form.name}.{f.name}", f.label, f.headers, required=f.required and form is PERSON)
        for f in form.input_fields
    ]


ROSTER_TARGETS: list[Target] = _targets(HOUSEHOLD) + _targets(PERSON)
