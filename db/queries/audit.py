"""Reading the audit trail for the 操作记录 screen: filtered, newest first, a page at a time."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from db.models import (
    AuditEntry,
    Case,
    CaseEvent,
    Checkpoint,
    FeverAction,
    FollowUp,
    GateEntry,
    Grid,
    Household,
    Operator,
    Person,
    Policy,
    Reading,
    Village,
)

ACTIONS = {
    "create": "新建",
    "update": "修改",
    "delete": "删除",
    "undo": "撤销",
    "bulk_create": "批量新建",
    "move": "移户",
    "mark_left": "迁出/死亡",
    "import": "导入",
    "export": "导出",
    "print": "打印",
    "backup": "备份",
    "restore": "恢复",
    "sign_in": "登录",
    "sign_in_failed": "登录失败",
    "demo": "示例村",
    "restore_triggers": "恢复保护",
}
TABLES = {
    "hand_over": "上报记录",
    "village_package": "各村数据包",
    "package_seen": "数据包序号",
    "village": "村庄",
    "grid": "网格",
    "household": "户",
    "person": "人员",
    "case": "管控对象",
    "case_event": "管控事件",
    "reading": "体温",
    "fever_action": "发热处置",
    "follow_up": "随访",
    "policy": "管控政策",
    "template": "告知书文字",
    "operator": "操作员",
    "setting": "设置",
    "database": "数据库",
    "audit_entry": "操作记录",
    "key_area": "重点地区",
    "screening_round": "排查轮次",
    "round_grid": "排查网格",
    "visit": "入户走访",
    "finding": "排查结果",
    "pushed_source": "名单来源",
    "pushed_batch": "核查名单",
    "pushed_item": "核查对象",
    "item_step": "核查记录",
    "checkpoint": "卡点",
    "vehicle": "卡点车辆",
    "gate_entry": "卡点登记",
    "duty_person": "值班人员",
    "duty_apart": "不同班人员",
    "duty_post": "值班岗位",
    "duty_shift": "班次",
    "duty_assignment": "排班",
    "duty_log": "值班日志",
}


@dataclass(frozen=True)
class Filters:
    """What 操作记录 is narrowed to; each part left empty means any."""

    since: date | None = None
    until: date | None = None
    who: str | None = None
    action: str | None = None
    table: str | None = None
    text: str = ""


def _query(filters: Filters):  # type: ignore[no-untyped-def]
    query = AuditEntry.select()
    if filters.since is not None:
        query = query.where(AuditEntry.at >= datetime.combine(filters.since, time.min))
    if filters.until is not None:
        query = query.where(AuditEntry.at < datetime.combine(filters.until + timedelta(days=1), time.min))
    if filters.who:
        query = query.where(AuditEntry.who == filters.who)
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.table:
        query = query.where(AuditEntry.table == filters.table)
    if filters.text.strip():
        like = f"%{filters.text.strip()}%"
        query = query.where(AuditEntry.summary**like | AuditEntry.before**like | AuditEntry.after**like)
    return query


def entries(filters: Filters, offset: int = 0, limit: int = 500) -> list[AuditEntry]:
    return list(_query(filters).order_by(AuditEntry.id.desc()).offset(offset).limit(limit))


def count(filters: Filters) -> int:
    return int(_query(filters).count())


def names_in_trail() -> list[str]:
    return [w for w in AuditEntry.select(AuditEntry.who).distinct().order_by(AuditEntry.who).scalars() if w]


def actions_in_trail() -> list[str]:
    return list(AuditEntry.select(AuditEntry.action).distinct().scalars())


def changed_fields(entry: AuditEntry) -> list[tuple[str, Any, Any]]:
    """(field, before, after) for every field the entry names; a note's details come as `after`."""
    before = json.loads(entry.before) if entry.before else {}
    after = json.loads(entry.after) if entry.after else {}
    keys = list(dict.fromkeys([*before, *after]))
    return [(k, before.get(k), after.get(k)) for k in keys]


def record_names(refs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """The names 操作记录 shows for records named by id: a person's name, a household's number and head, a
    grid's or a policy's name; a case (and its events, readings, follow-ups) by its person's name.
    One query per kind of record; an id no longer there is left out."""
    wanted: dict[str, set[int]] = {}
    for table, record_id in refs:
        wanted.setdefault(table, set()).add(record_id)
    names: dict[tuple[str, int], str] = {}

    def chunks(ids: set[int]) -> Iterator[list[int]]:
        ordered = sorted(ids)
        for start in range(0, len(ordered), 500):  # SQLite's limit on bound values
            yield ordered[start : start + 500]

    # Typed loosely: peewee's models carry their columns at run time only.
    person: Any = Person
    household: Any = Household
    case: Any = Case
    reading: Any = Reading
    fever: Any = FeverAction
    simple: dict[str, Any] = {
        "person": Person,
        "grid": Grid,
        "policy": Policy,
        "operator": Operator,
        "village": Village,
        "checkpoint": Checkpoint,
        "gate_entry": GateEntry,
    }
    for table, model in simple.items():
        for ids in chunks(wanted.get(table, set())):
            for record_id, name in model.select(model.id, model.name).where(model.id.in_(ids)).tuples():
                names[(table, record_id)] = name
    for ids in chunks(wanted.get("household", set())):
        query = household.select(household.id, household.number, household.head_name).where(household.id.in_(ids))
        for record_id, number, head in query.tuples():
            names[("household", record_id)] = f"{number} {head}".strip()
    for ids in chunks(wanted.get("case", set())):
        query = case.select(case.id, person.name).join(Person).where(case.id.in_(ids))
        for record_id, name in query.tuples():
            names[("case", record_id)] = name
    linked: dict[str, Any] = {"case_event": CaseEvent, "reading": Reading, "follow_up": FollowUp}
    for table, model in linked.items():
        for ids in chunks(wanted.get(table, set())):
            query = model.select(model.id, person.name, model.on).join(Case).join(Person).where(model.id.in_(ids))
            for record_id, name, on in query.tuples():
                names[(table, record_id)] = f"{name} {on.month}月{on.day}日"
    for ids in chunks(wanted.get("fever_action", set())):
        query = (
            fever.select(fever.id, person.name, reading.on, reading.slot)
            .join(Reading)
            .join(Case)
            .join(Person)
            .where(fever.id.in_(ids))
        )
        for record_id, name, on, slot in query.tuples():
            names[("fever_action", record_id)] = f"{name} {on.month}月{on.day}日{slot}"
    return names
