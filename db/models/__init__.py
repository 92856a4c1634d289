"""All tables, in dependency order."""

from db.models.audit import AuditEntry
from db.models.checkpoint import Checkpoint, GateEntry, Vehicle
from db.models.duty import DutyApart, DutyAssignment, DutyLog, DutyPerson, DutyPost, DutyShift
from db.models.handover import HandOver
from db.models.household import Household, HouseholdKind, Person, PersonStatus
from db.models.operator import Operator, Role
from db.models.pushed import ItemStep, PushedBatch, PushedItem, PushedSource
from db.models.quarantine import Case, CaseEvent, FeverAction, FollowUp, Policy, Reading, Template
from db.models.screening import Finding, KeyArea, RoundGrid, ScreeningRound, Visit
from db.models.settings import Setting
from db.models.township import PackageSeen, VillagePackage
from db.models.village import Grid, Village

ALL_MODELS = (
    Village,
    Grid,
    Household,
    Person,
    AuditEntry,
    Setting,
    Policy,
    Case,
    CaseEvent,
    Reading,
    FeverAction,
    FollowUp,
    Template,
    Operator,
    KeyArea,
    ScreeningRound,
    RoundGrid,
    Visit,
    Finding,
    PushedSource,
    PushedBatch,
    PushedItem,
    ItemStep,
    Checkpoint,
    Vehicle,
    GateEntry,
    DutyPerson,
    DutyApart,
    DutyPost,
    DutyShift,
    DutyAssignment,
    DutyLog,
    HandOver,
    VillagePackage,
    PackageSeen,
)

__all__ = [
    "ALL_MODELS",
    "AuditEntry",
    "Case",
    "CaseEvent",
    "Checkpoint",
    "DutyApart",
    "DutyAssignment",
    "DutyLog",
    "DutyPerson",
    "DutyPost",
    "DutyShift",
    "FeverAction",
    "Finding",
    "FollowUp",
    "GateEntry",
    "Grid",
    "HandOver",
    "Household",
    "HouseholdKind",
    "ItemStep",
    "KeyArea",
    "Operator",
    "PackageSeen",
    "Person",
    "PersonStatus",
    "Policy",
    "PushedBatch",
    "PushedItem",
    "PushedSource",
    "Reading",
    "Role",
    "RoundGrid",
    "ScreeningRound",
    "Setting",
    "Template",
    "Vehicle",
    "Village",
    "VillagePackage",
    "Visit",
]
