"""The one save path: every change runs in one transaction and writes its audit entry in it.

Nothing else in the program writes user data. Derived columns (a person's pinyin, search text and sort
key; a case's first and last day and release date) are filled here, so every caller gets them the same way.
"""

from __future__ import annotations

import json
import operator
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, TypeVar

import peewee
from playhouse.shortcuts import model_to_dict

from db import session
from db.base import BaseModel, database
from db.errors import DatabaseBusy, PlanOutdated, RecordInUse, StorageError
from db.models import ALL_MODELS, AuditEntry, Case, Grid, Household, Person, Village
from db.models.household import RELATIONS
from db.rules import observation, search_keys
from db.rules.id_number import IdNumberError, parse_id_number
from db.session import Can
from db.system_reasons import system_reason

M = TypeVar("M", bound=BaseModel)

#: When a change is made, as its audit entry says (a report of a past day reads the ledger as it stood then:
#: db.reports.as_of); a test sets it to make a ledger's history day by day.
clock: Callable[[], datetime] = datetime.now


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def record_values(record: BaseModel) -> dict[str, Any]:
    """A record's own fields as JSON-ready values (foreign keys as ids)."""
    return {k: _jsonable(v) for k, v in model_to_dict(record, recurse=False).items()}


def _audited(record: BaseModel, values: dict[str, Any]) -> dict[str, Any]:
    """Secrets (a password hash) written as "******": the audit shows that they changed, never what they are."""
    return {k: "******" if k in record.audit_hidden else v for k, v in values.items()}


def operator_name() -> str:
    """The signed-in operator; with nobody signed in (no accounts yet), the clerk named in the village settings."""
    current = session.current()
    if current is not None:
        return current.name
    village = Village.select(Village.clerk).first()
    return village.clerk if village and village.clerk else "未设置"


class ChangeSet:
    """The writes of one transaction; get one from `transaction()`."""

    def __init__(self, summary: str, who: str) -> None:
        self.summary = summary
        self.who = who
        self.at = clock().replace(microsecond=0)
        self.entries: list[AuditEntry] = []

    def _audit(self, action: str, table: str, record_id: int | None, before: Any, after: Any) -> AuditEntry:
        entry = AuditEntry.create(
            at=self.at,
            who=self.who,
            action=action,
            table=table,
            record_id=record_id,
            summary=self.summary,
            before=None if before is None else json.dumps(before, ensure_ascii=False),
            after=None if after is None else json.dumps(after, ensure_ascii=False),
        )
        self.entries.append(entry)
        return entry

    def create(self, model: type[M], values: Mapping[str, Any]) -> M:
        record = model(**values)
        _derive(record)
        record.save(force_insert=True)
        self._audit(
            "create", model._meta.table_name, getattr(record, "id", None), None, _audited(record, record_values(record))
        )
        _after_write(record)
        return record

    def update(self, record: M, values: Mapping[str, Any], action: str = "update") -> M:
        """Write the changed fields of values into record; a change that changes nothing is not audited."""
        before = record_values(record)
        for key, value in values.items():
            setattr(record, key, value)
        _derive(record)
        after = record_values(record)
        changed = {k: after[k] for k in after if after[k] != before.get(k)}
        if not changed:
            return record
        record.save()
        self._audit(
            action,
            record._meta.table_name,
            getattr(record, "id", None),
            _audited(record, {k: before[k] for k in changed}),
            _audited(record, changed),
        )
        _after_write(record)
        return record

    def delete(self, record: BaseModel) -> None:
        """Delete a record nothing refers to; otherwise raise RecordInUse."""
        before = record_values(record)
        try:
            with database.atomic():
                record.delete_instance()
        except peewee.IntegrityError as exc:
            raise RecordInUse("该记录已被其他记录引用，不能删除。") from exc
        self._audit("delete", record._meta.table_name, before.get("id"), _audited(record, before), None)

    def bulk_create(self, model: type[M], rows: Iterable[dict[str, Any]]) -> range:
        """Insert many rows (derived columns already in them) with one audit entry for the new id range.

        Ids are given explicitly (the next free ones; this transaction is the only writer), which lets one
        executemany do the work: peewee's insert_many spends most of a 100,000-row import building SQL.
        Rows may be a generator, so a big import never holds them all at once.
        """
        fields = [f for f in model._meta.sorted_fields if f.name != "id"]
        start = (model.select(peewee.fn.MAX(model.id)).scalar() or 0) + 1
        columns = ", ".join(['"id"'] + [f'"{f.column_name}"' for f in fields])
        marks = ", ".join("?" * (len(fields) + 1))
        defaults = {f.name: f.default() if callable(f.default) else f.default for f in fields}
        in_column_order = operator.itemgetter(*defaults)
        count = 0

        def values() -> Iterator[tuple[Any, ...]]:
            nonlocal count
            for row in rows:
                # Values are already of the column's type (they come from forms/ parsers), so peewee's
                # per-value conversion is skipped: it costs more than the insert.
                yield (start + count, *in_column_order({**defaults, **row}))
                count += 1

        database.connection().executemany(
            f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})', values()
        )
        ids = range(start, start + count)
        if count:
            self._audit("bulk_create", model._meta.table_name, None, None, {"ids": [ids[0], ids[-1]], "count": count})
        return ids

    def note(self, action: str, table: str, details: Mapping[str, Any]) -> AuditEntry:
        """Record an action that changes no row by itself (an import summary, an export)."""
        return self._audit(action, table, None, None, dict(details))


BUSY = "台账文件正被另一个程序（或另一个窗口的导入）写入，请稍候再试。没有保存任何改动。"
PLAN_OUTDATED = "预览之后，台账已被另一个窗口或命令修改，这次没有导入任何数据。"

#: Notes that change no row (a sign-in, a backup, an export, a print): a plan made before one is still right.
NOTES_CHANGING_NOTHING = ("sign_in", "sign_in_failed", "backup", "export", "print")


def ledger_version() -> int:
    """The id of the last audit entry that may have changed the ledger (0 for none).

    Every change writes an audit entry in its own transaction, so a plan made at one version is still
    right while the version stays the same (an unknown kind of note counts as a change: the safe side).
    """
    marks = ", ".join("?" * len(NOTES_CHANGING_NOTHING))
    row = database.execute_sql(  # newest first along the rowid: stops at the first change, however long the trail
        f'SELECT "id" FROM "{AuditEntry._meta.table_name}" WHERE "action" NOT IN ({marks}) ORDER BY "id" DESC LIMIT 1',
        NOTES_CHANGING_NOTHING,
    ).fetchone()
    return int(row[0]) if row else 0


def require_unchanged(since: int) -> None:
    """PlanOutdated unless the ledger is still at the version a plan was made at."""
    if ledger_version() != since:
        raise PlanOutdated(PLAN_OUTDATED)


@contextmanager
def transaction(
    summary: str, who: str | None = None, needs: Can | None = Can.EDIT, unchanged_since: int | None = None
) -> Iterator[ChangeSet]:
    """One user action: all of its writes and audit entries commit together or not at all.

    `needs` is what the signed-in operator's role must allow (NotAllowed otherwise); None for what
    anyone may do (signing in, the automatic stage changes of policies). `unchanged_since`: the
    ledger_version() a plan was made at; checked inside the transaction, so no other writer can slip in
    between the check and the writes (PlanOutdated, nothing written).

    The transaction takes the write lock when it begins (IMMEDIATE): one that read first and wrote later
    would fail at once, without waiting, whenever another program wrote in between. Begun so, it waits up
    to busy_timeout for another writer, then says the file is busy (DatabaseBusy).
    """
    session.require(needs)
    try:
        with database.atomic("IMMEDIATE"):  # nested in another transaction: a savepoint (peewee ignores the lock type)
            if unchanged_since is not None:
                require_unchanged(unchanged_since)
            yield ChangeSet(summary, who if who is not None else operator_name())
    except (peewee.OperationalError, sqlite3.OperationalError) as exc:
        if _busy(exc):
            raise DatabaseBusy(BUSY) from exc
        raise StorageError(storage_problem(exc)) from exc


def _busy(exc: BaseException) -> bool:
    """Whether SQLite gave up waiting for another connection's lock (peewee keeps sqlite3's error as context)."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            break
        code = getattr(seen, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
        seen = seen.__cause__ or seen.__context__
    text = str(exc).lower()
    return "database is locked" in text or "database is busy" in text


def storage_problem(exc: BaseException) -> str:
    return f"{system_reason(exc)}，这次的修改没有保存（已保存的数据不受影响）。"


def save(
    model: type[M],
    values: Mapping[str, Any],
    record_id: int | None = None,
    summary: str = "",
    action: str = "update",
    needs: Can | None = Can.EDIT,
) -> tuple[M, list[int]]:
    """Create (record_id None) or update one record in its own transaction; returns it and its audit ids."""
    with transaction(summary or ("新建" if record_id is None else "修改"), needs=needs) as cs:
        if record_id is None:
            record = cs.create(model, values)
        else:
            record = cs.update(model.get_by_id(record_id), values, action=action)
    return record, [e.id for e in cs.entries]


_MODELS_BY_TABLE = {m._meta.table_name: m for m in ALL_MODELS if m is not AuditEntry}


def undo(entry_ids: list[int], summary: str = "撤销") -> list[int]:
    """Reverse the changes recorded by these audit entries (latest first), as one new audited change."""
    with transaction(summary) as cs:
        for entry in AuditEntry.select().where(AuditEntry.id.in_(entry_ids)).order_by(AuditEntry.id.desc()):
            model = _MODELS_BY_TABLE.get(entry.table)
            if model is None or entry.record_id is None or model.audit_hidden:
                raise RecordInUse("这项操作不能撤销。")
            record = model.get_or_none(model.id == entry.record_id)
            if record is None:
                raise RecordInUse("要撤销的记录已不存在。")
            if entry.action == "create":
                cs.delete(record)
            elif entry.before is not None:
                before = json.loads(entry.before)
                fields = model._meta.fields
                cs.update(record, {k: fields[k].python_value(v) for k, v in before.items()}, action="undo")
    return [e.id for e in cs.entries]


# --- derived columns -------------------------------------------------------------------------


_RELATION_RANKS = {relation: search_keys.relation_rank(relation, RELATIONS) for relation in RELATIONS}
_UNKNOWN_RANK = len(RELATIONS)


class MemberKeys:
    """The stored search columns of a household's members, derived here and nowhere else: the save path
    uses it for one person, the bulk writers (an import, the demo village) for a household's members, so
    the household's part is worked out once per household."""

    __slots__ = ("_person",)

    def __init__(self, household_number: str, grid_name: str, door_no: str, grid_order: int) -> None:
        self._person = search_keys.HouseholdKeys(household_number, grid_name + door_no, grid_order).person

    def of(self, values: Mapping[str, Any]) -> dict[str, str]:
        get = values.get  # (called once per person of a 100,000-person import)
        rank = _RELATION_RANKS.get(get("relation", ""), _UNKNOWN_RANK)
        return self._person(get("name", ""), get("id_number"), get("phone", ""), rank)


def person_derived(values: Mapping[str, Any], household: Household) -> dict[str, str]:
    """The stored search columns of a person given as plain values."""
    grid = household.grid
    return MemberKeys(household.number, grid.name, household.door_no, grid.sort_order).of(values)


def _derive(record: BaseModel) -> None:
    if isinstance(record, Person):
        if record.id_number:
            try:
                info = parse_id_number(record.id_number)
            except IdNumberError:
                pass  # forms/ refuses such numbers before they get here; keep what was given
            else:
                record.sex, record.birth_date = info.sex, info.birth_date
        for key, value in person_derived(record.__data__, record.household).items():
            setattr(record, key, value)
    elif isinstance(record, Case):
        period = observation.period_of(
            observation.parse_stages(record.stages), record.start_date, record.exposure_date, record.count_from
        )
        record.first_day, record.last_day, record.release_due = period.first_day, period.last_day, period.release_due


def _after_write(record: BaseModel) -> None:
    """Keep members' stored keys in step when their household or grid changes."""
    if isinstance(record, Household):
        _refresh_people(Person.select().where(Person.household == record))
    elif isinstance(record, Grid):
        _refresh_people(Person.select().join(Household).where(Household.grid == record))
    elif isinstance(record, Person) and record.relation == RELATIONS[0]:
        Household.update(head_name=record.name).where(
            (Household.id == record.household_id) & (Household.head_name != record.name)
        ).execute()


def _refresh_people(query: peewee.ModelSelect[Person]) -> None:
    for person in query:
        derived = person_derived(person.__data__, person.household)
        if any(getattr(person, k) != v for k, v in derived.items()):
            Person.update(**derived).where(Person.id == person.id).execute()
