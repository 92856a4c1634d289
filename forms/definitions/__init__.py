"""One module per record type; each declares its fields once (see forms.types.RecordForm)."""

from forms.definitions.case import CASE
from forms.definitions.grid import GRID
from forms.definitions.household import HOUSEHOLD
from forms.definitions.person import PERSON
from forms.definitions.village import VILLAGE

__all__ = ["CASE", "GRID", "HOUSEHOLD", "PERSON", "VILLAGE"]
