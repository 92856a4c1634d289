"""The columns a quarantine ledger workbook may carry, keyed "case.x" (as forms.roster_fields does), and the
words every screen and paper uses for a case.

The words are read from the definitions (the case kinds of db.models.quarantine.CaseKind, the labels of
forms.definitions.case), never typed again elsewhere: a seal, its notice and the ledger's columns then say
the same thing, and the other words clerks write (网格员, 居家医学观察) stay import aliases only.
"""

from __future__ import annotations

from db.models.quarantine import CaseKind
from forms.definitions.case import CASE, KIND_ALIASES
from forms.excel.mapping import Target

CASE_TARGETS: list[Target] = [
    Target(f"{CASE.name}.{f.name}", f.label, f.headers, required=f.required) for f in CASE.input_fields
]

#: The case kinds, one term each (居家隔离医学观察 on the seal and on the notice alike).
HOME = CaseKind.HOME.value
CENTRAL = CaseKind.CENTRAL.value
MONITOR = CaseKind.MONITOR.value
#: The kinds observed at home: their door gets a seal (封条); a central site's room never does.
AT_HOME = frozenset({HOME, MONITOR})

#: Who answers for the case, and the village doctor, as the definitions label them.
RESPONSIBLE = CASE.field("grid_worker").label
RESPONSIBLE_PHONE = CASE.field("grid_worker_phone").label
DOCTOR = CASE.field("doctor").label
DOCTOR_PHONE = CASE.field("doctor_phone").label

#: Other words for the same things, kept so an import (and an old notice wording) still understands them;
#: a screen or a paper never prints them.
OTHER_WORDS: dict[str, tuple[str, ...]] = {
    RESPONSIBLE: CASE.field("grid_worker").headers,
    RESPONSIBLE_PHONE: CASE.field("grid_worker_phone").headers,
    DOCTOR: CASE.field("doctor").headers,
    DOCTOR_PHONE: CASE.field("doctor_phone").headers,
    **{kind.value: tuple(a for a, canonical in KIND_ALIASES.items() if canonical == kind.value) for kind in CaseKind},
}
