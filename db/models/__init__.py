"""All tables, in dependency order."""

from db.models.audit import AuditEntry
from db.models.household import Household, HouseholdKind, Person, PersonStatus
from db.models.settings import Setting
from db.models.village import Grid, Village

ALL_MODELS = (Village, Grid, Household, Person, AuditEntry, Setting)

__all__ = [
    "ALL_MODELS",
    "AuditEntry",
    "Grid",
    "Household",
    "HouseholdKind",
    "Person",
    "PersonStatus",
    "Setting",
    "Village",
]
