"""One module per record type; each declares its fields once (see forms.types.RecordForm)."""

from forms.definitions.case import CASE
from forms.definitions.duty_person import DUTY_PERSON
from forms.definitions.duty_post import DUTY_POST
from forms.definitions.gate_entry import GATE_ENTRY
from forms.definitions.grid import GRID
from forms.definitions.household import HOUSEHOLD
from forms.definitions.person import PERSON
from forms.definitions.village import VILLAGE

__all__ = ["CASE", "DUTY_PERSON", "DUTY_POST", "GATE_ENTRY", "GRID", "HOUSEHOLD", "PERSON", "VILLAGE"]
