"""What 操作记录 says about an entry, in the words of the screens: field labels from the definitions
(forms/definitions), not column names; values as the screens show them (是/否, 2026年12月2日, a person's
name for a person's id, "居家健康监测 7天" for a case's stages, 空 for nothing); the record an entry is about
named ("管控对象 张三丰"), so an automatic move says whose case moved.

Pure: the names behind ids come in as a mapping (db/queries/audit.record_names looks them up), so every
rule here is tested without a window.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import peewee

from db import backups
from db.models import ALL_MODELS
from db.queries.audit import TABLES
from db.rules.chinese_dates import long_date
from db.rules.observation import COUNT_FROM
from forms.definitions import CASE, GATE_ENTRY, GRID, HOUSEHOLD, PERSON, VILLAGE
from forms.types import RecordForm

#: A record named by its table and id: ("person", 186).
Ref = tuple[str, int]
Names = Mapping[Ref, str]

EMPTY = "空"
#: Columns the program derives (search keys): they change with the fields shown and tell the reader nothing.
DERIVED = frozenset({"search_text", "pinyin_initials", "pinyin_full", "sort_key"})
_FORMS: dict[str, RecordForm] = {
    "person": PERSON,
    "household": HOUSEHOLD,
    "grid": GRID,
    "village": VILLAGE,
    "case": CASE,
    "gate_entry": GATE_ENTRY,
}
#: Labels of the columns no definition declares (computed periods, links, the records without a form),
#: in the words their screens use.
_LABELS: dict[str, dict[str, str]] = {
    "*": {"id": "编号", "note": "备注", "created_at": "登记时间", "recorded_at": "记录时间"},
    "household": {"grid": "网格（组）"},
    "person": {"household": "所在户"},
    "case": {
        "person": "人员",
        "policy": "管控政策",
        "stages": "管控阶段",
        "count_from": "第1天",
        "first_day": "第1天日期",
        "last_day": "最后一天",
        "release_due": "应解除日期",
        "ended_on": "结束日期",
    },
    "case_event": {"case": "管控对象", "on": "日期", "kind": "变更", "reason": "原因", "status_after": "变更后状态"},
    "reading": {
        "case": "管控对象",
        "on": "日期",
        "slot": "时段",
        "value": "体温",
        "symptoms": "症状",
        "reporter": "录入人",
        "method": "方式",
        "recorded_at": "录入时间",
    },
    "fever_action": {
        "reading": "体温记录",
        "reported_to": "报告给",
        "reported_at": "报告时间",
        "transfer_120": "120转运",
        "result": "处置结果",
    },
    "follow_up": {
        "case": "管控对象",
        "on": "日期",
        "method": "方式",
        "findings": "情况",
        "need_kind": "需求类别",
        "needs": "需求",
        "met": "需求已满足",
        "met_on": "满足日期",
    },
    "policy": {"name": "名称", "stages": "阶段", "count_from": "第1天", "retired": "停用"},
    "template": {"kind": "文书", "version": "版本", "body": "文字", "created_at": "保存时间"},
    "operator": {
        "name": "姓名",
        "role": "角色",
        "password_hash": "密码",
        "active": "可以登录",
        "created_at": "开设时间",
    },
    "setting": {"key": "设置项", "value": "值"},
    "checkpoint": {
        "name": "卡点名称",
        "place": "位置",
        "hours": "值守时间",
        "post": "所属单位",
        "leader": "带班(负责人)",
        "leader_phone": "负责人电话",
        "active": "启用",
        "sort_order": "排序",
    },
    "vehicle": {
        "checkpoint": "卡点",
        "at": "时间",
        "direction": "进出",
        "plate": "车牌号码",
        "vehicle_type": "车辆类型",
        "disinfected": "是否消毒",
        "outcome": "处理结果",
    },
    "gate_entry": {
        "checkpoint": "卡点",
        "at": "进出时间",
        "created_at": "录入时间",
        "person": "人员",
        "from_area_code": "来源地代码",
        "vehicle": "车辆",
        "party": "同行（带队人）",
        "flags": "提示",
        "case": "管控对象",
    },
}
#: The details of a note (an import, an export, a print, a backup: entries that change no row by themselves).
_NOTE_WORDS = {
    "source": "文件",
    "file": "文件",
    "count": "数量",
    "households": "户",
    "people": "人",
    "merged": "合并",
    "refused_rows": "未导入行",
    "skipped": "跳过行",
    "policies": "政策",
    "name": "姓名",
    "document": "文书",
    "cases": "管控对象",
    "label": "类型",
    "backup": "备份文件",
    "safety_copy": "恢复前备份",
    "day": "日期",
    "list": "名单",
    "ids": "编号",
    "template": "模板",
    "template_version": "模板版本",
    "to": "位置",
    "seed": "随机种子",
    "triggers": "保护",
}
#: Columns that hold another record's id: (table, column) → the table it names.
REFERENCES: dict[tuple[str, str], str] = {
    ("household", "grid"): "grid",
    ("person", "household"): "household",
    ("case", "person"): "person",
    ("case", "policy"): "policy",
    ("case_event", "case"): "case",
    ("reading", "case"): "case",
    ("fever_action", "reading"): "reading",
    ("follow_up", "case"): "case",
    ("gate_entry", "checkpoint"): "checkpoint",
    ("gate_entry", "person"): "person",
    ("gate_entry", "case"): "case",
    ("gate_entry", "party"): "gate_entry",
    ("vehicle", "checkpoint"): "checkpoint",
}
#: Notes whose details list records by id.
_NOTE_REFERENCES = {"cases": "case"}
_TEMPLATE_WORDS = {"notice": "告知书", "release_notice": "解除告知书"}
#: Words of the program's own values, as their screens say them.
_VALUE_WORDS: dict[str, dict[str, str]] = {
    "count_from": {k: f"从{v}算起" for k, v in COUNT_FROM.items()},
    "template": _TEMPLATE_WORDS,
    "kind@template": _TEMPLATE_WORDS,
}
#: A notice's wording is cut here in the detail (its versions are kept whole in 告知书文字).
LONG_TEXT = 80
LONG_TEXTS = frozenset({"body"})


def _field_kinds() -> dict[str, dict[str, type]]:
    kinds: dict[str, dict[str, type]] = {}
    for model in ALL_MODELS:
        kinds[model._meta.table_name] = {name: type(f) for name, f in model._meta.fields.items()}
    return kinds


_KINDS = _field_kinds()


def field_label(table: str, key: str) -> str:
    """The label a screen gives this column (never the column's own name when anything better is known)."""
    form = _FORMS.get(table)
    if form is not None:
        try:
            return form.field(key).label
        except KeyError:
            pass
    return _LABELS.get(table, {}).get(key) or _LABELS["*"].get(key) or _NOTE_WORDS.get(key, key)


def _when(text: str) -> str | None:
    """An ISO date or date-time as a Chinese screen writes it; None if text is not one."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return long_date(date.fromisoformat(text))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?", text):
        moment = datetime.fromisoformat(text)
        return f"{long_date(moment.date())} {moment:%H:%M}"
    return None


def stages_text(value: Any) -> str:
    """[["集中隔离医学观察", 7], ["居家健康监测", 7]] (or its JSON text) → 集中隔离医学观察 7天 + 居家健康监测 7天."""
    stages = value
    if isinstance(value, str):
        try:
            stages = json.loads(value)
        except ValueError:
            return value
    try:
        return " + ".join(f"{kind} {int(days)}天" for kind, days in stages) or EMPTY
    except (TypeError, ValueError):
        return str(value)


def _name(names: Names, table: str, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        return str(value)
    return names.get((table, value)) or f"{TABLES.get(table, table)}（第 {value} 号，已不在）"


def value_text(table: str, key: str, value: Any, names: Names | None = None) -> str:
    """One value as the screens show it."""
    names = names or {}
    if value is None or value == "" or value == []:
        return EMPTY
    target = REFERENCES.get((table, key))
    if target is not None:
        return _name(names, target, value)
    kind = _KINDS.get(table, {}).get(key)
    if isinstance(value, bool) or kind is peewee.BooleanField:
        return "是" if value else "否"
    if key == "stages":
        return stages_text(value)
    if table == "reading" and key == "value" and isinstance(value, (int, float)):
        return f"{value:.1f}℃"
    if key == "label" and isinstance(value, str):  # a backup's kind
        return backups.label_words(value)
    words = _VALUE_WORDS.get(f"{key}@{table}") or _VALUE_WORDS.get(key)
    if words and isinstance(value, str) and value in words:
        return words[value]
    if key in _NOTE_REFERENCES and isinstance(value, list):
        return "、".join(_name(names, _NOTE_REFERENCES[key], v) for v in value)
    if key == "ids" and isinstance(value, list) and len(value) == 2:
        return f"第 {value[0]} 至 {value[1]} 号"
    if isinstance(value, list):
        return "、".join(value_text(table, key, v, names) for v in value)
    if isinstance(value, dict):
        return "，".join(f"{k} {value_text(table, key, v, names)}" for k, v in value.items())
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    when = _when(text)
    if when is not None:
        return when
    if key in LONG_TEXTS:
        flat = " ".join(text.split())
        return flat if len(flat) <= LONG_TEXT else f"{flat[:LONG_TEXT]}……（共 {len(text)} 字）"
    return text


@dataclass(frozen=True)
class Entry:
    """What the text needs of an audit entry (db.models.AuditEntry has these, with before/after as JSON)."""

    action: str
    table: str
    record_id: int | None
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None
    summary: str = ""
    who: str = ""
    at: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def entry_of(row: Any) -> Entry:
    """An Entry from an AuditEntry row (before and after are JSON text there)."""
    return Entry(
        row.action,
        row.table,
        row.record_id,
        json.loads(row.before) if row.before else None,
        json.loads(row.after) if row.after else None,
        row.summary,
        row.who,
        row.at,
    )


def references(entries: Iterable[Entry]) -> set[Ref]:
    """Every record the entries name, for one lookup of their names (the record itself and its links)."""
    refs: set[Ref] = set()
    for e in entries:
        if e.record_id is not None:
            refs.add((e.table, e.record_id))
        for values in (e.before, e.after):
            for key, value in (values or {}).items():
                target = REFERENCES.get((e.table, key))
                if target is not None and isinstance(value, int) and not isinstance(value, bool):
                    refs.add((target, value))
                elif key in _NOTE_REFERENCES and isinstance(value, list):
                    refs.update((_NOTE_REFERENCES[key], v) for v in value if isinstance(v, int))
    return refs


def record_text(e: Entry, names: Names | None = None) -> str:
    """What the entry is about: "管控对象 张三丰", "户 01-0001 张三丰", "人员" (a note about many)."""
    names = names or {}
    kind = TABLES.get(e.table, e.table)
    if e.record_id is None:
        return kind
    own = names.get((e.table, e.record_id))
    if own is None:  # a record deleted since (an undone create): its own values still name it
        values = {**(e.before or {}), **(e.after or {})}
        own = next((str(values[k]) for k in ("name", "number", "head_name") if values.get(k)), None)
    return f"{kind} {own}" if own else f"{kind} 第 {e.record_id} 号"


def detail_lines(e: Entry, names: Names | None = None) -> list[str]:
    """The changed fields, one a line: "实际解除日期：空 → 2026年12月2日"; a new record's or a note's values."""
    names = names or {}
    lines = []
    keys = list(dict.fromkeys([*(e.before or {}), *(e.after or {})]))
    for key in keys:
        if key in DERIVED:
            continue
        label = field_label(e.table, key)
        before = (e.before or {}).get(key)
        after = (e.after or {}).get(key)
        if e.before is None:
            lines.append(f"{label}：{value_text(e.table, key, after, names)}")
        elif e.after is None:  # a deleted record: what it held
            lines.append(f"{label}：{value_text(e.table, key, before, names)}")
        else:
            lines.append(
                f"{label}：{value_text(e.table, key, before, names)} → {value_text(e.table, key, after, names)}"
            )
    return lines
