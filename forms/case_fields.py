"""The columns a quarantine ledger workbook may carry, keyed "case.x" (as forms.roster_fields does)."""

from __future__ import annotations

from forms.definitions.case import CASE
from forms.excel.mapping import Target

CASE_TARGETS: list[Target] = [
    Target(f"{CASE.name}.{f.name}", f.label, f.headers, required=f.required) for f in CASE.input_fields
]
