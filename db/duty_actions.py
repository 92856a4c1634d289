"""What the clerk does with duty rosters outside the solver: who stands duty, the posts, attendance and the
duty log; each one audited change through db.changes. Generating and swapping are db.duty_roster."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from db import changes
from db.errors import LedgerError
from db.models import DutyApart, DutyAssignment, DutyLog, DutyPerson, DutyPost, DutyShift, Person
from db.models.duty import LEADING_KINDS, DutyKind, PostKind
from db.rules import shift_patterns
from db.rules.phones import phone_problem


class DutyError(LedgerError):
    """A duty action that cannot be done; the message says why, in Chinese."""


PERSON_FIELDS = frozenset(DutyPerson._meta.fields) - {"id"}
POST_FIELDS = frozenset(DutyPost._meta.fields) - {"id"}
LOG_FIELDS = frozenset(
    {"registered", "vehicles", "turned_back", "fevers", "calls", "handover", "handed_by", "taken_by"}
)


def _known(values: Mapping[str, Any], fields: frozenset[str], what: str) -> dict[str, Any]:
    unknown = sorted(set(values) - fields)
    if unknown:
        raise DutyError(f"{what}没有这些项：{'、'.join(unknown)}")
    return dict(values)


def _person_values(values: Mapping[str, Any]) -> dict[str, Any]:
    given = _known(values, PERSON_FIELDS, "值班人员")
    name = str(given.get("name", "")).strip()
    if not name:
        raise DutyError("值班人员：请填写姓名")
    given["name"] = name
    kind = given.setdefault("kind", DutyKind.VOLUNTEER.value)
    if kind not in {k.value for k in DutyKind}:
        raise DutyError(f"{name}：类别“{kind}”不对，应为{'、'.join(k.value for k in DutyKind)}之一")
    given.setdefault("can_lead", kind in LEADING_KINDS)
    phone = str(given.get("phone", "")).strip()
    if phone and (problem := phone_problem(phone)):
        raise DutyError(f"{name}：联系电话{problem}")
    given["phone"] = phone
    weekdays = str(given.get("weekdays", "1234567"))
    if not weekdays or set(weekdays) - set("1234567"):
        raise DutyError(f"{name}：可值班的星期应写成 1–7 的数字（1 为星期一），如“12345”")
    given["weekdays"] = "".join(sorted(set(weekdays)))
    away = given.get("away", [])
    if not isinstance(away, str):
        given["away"] = json.dumps(sorted(d.isoformat() for d in away))
    limit = given.get("max_per_week")
    if limit is not None and not (isinstance(limit, int) and 1 <= limit <= 21):
        raise DutyError(f"{name}：每周最多班次应为 1–21 的整数")
    if given.get("person") is not None and Person.get_or_none(Person.id == given["person"]) is None:
        raise DutyError(f"{name}：花名册中没有这个人")
    return given


def save_person(values: Mapping[str, Any], person_id: int | None = None) -> DutyPerson:
    """Add or change one who stands duty (away: dates they cannot serve; weekdays: "12345" …)."""
    given = _person_values(values)
    with changes.transaction(f"{'新增' if person_id is None else '修改'}值班人员：{given['name']}") as cs:
        if person_id is None:
            return cs.create(DutyPerson, given)
        return cs.update(DutyPerson.get_by_id(person_id), given)


def set_apart(first_id: int, second_id: int, apart: bool = True) -> None:
    """Keep two people off the same shift (不与某人同班), or let them share one again."""
    if first_id == second_id:
        raise DutyError("不能把一个人和自己设为不同班")
    low, high = sorted((first_id, second_id))
    names = [DutyPerson.get_by_id(i).name for i in (low, high)]
    kept = DutyApart.get_or_none((DutyApart.first == low) & (DutyApart.second == high))
    if apart == (kept is not None):
        return
    with changes.transaction(f"{'不同班' if apart else '取消不同班'}：{names[0]}、{names[1]}") as cs:
        if kept is None:
            cs.create(DutyApart, {"first": low, "second": high})
        else:
            cs.delete(kept)


def save_post(values: Mapping[str, Any], post_id: int | None = None) -> DutyPost:
    """Add or change a post; its pattern (JSON of shift_patterns, or a preset's name) is checked first."""
    given = _known(values, POST_FIELDS, "值班岗位")
    name = str(given.get("name", "")).strip()
    if not name:
        raise DutyError("值班岗位：请填写名称")
    given["name"] = name
    if given.setdefault("kind", PostKind.CHECKPOINT.value) not in {k.value for k in PostKind}:
        raise DutyError(f"{name}：岗位类别“{given['kind']}”不对，应为{'、'.join(k.value for k in PostKind)}之一")
    pattern = given.get("pattern", shift_patterns.DEFAULT_PRESET)
    try:
        shifts = shift_patterns.PRESETS.get(pattern) or shift_patterns.from_json(pattern)
    except shift_patterns.PatternError as exc:
        raise DutyError(f"{name}：{exc}") from None
    given["pattern"] = shift_patterns.to_json(shifts)
    per_shift = given.setdefault("per_shift", 2)
    if not (isinstance(per_shift, int) and 1 <= per_shift <= 20):
        raise DutyError(f"{name}：每班人数应为 1–20 的整数")
    clash = DutyPost.get_or_none((DutyPost.name == name) & (DutyPost.id != (post_id or 0)))
    if clash is not None:
        raise DutyError(f"已有名为“{name}”的值班岗位")
    with changes.transaction(f"{'新增' if post_id is None else '修改'}值班岗位：{name}") as cs:
        if post_id is None:
            return cs.create(DutyPost, given)
        return cs.update(DutyPost.get_by_id(post_id), given)


def _assignment(assignment_id: int) -> DutyAssignment:
    found: DutyAssignment | None = DutyAssignment.get_or_none(DutyAssignment.id == assignment_id)
    if found is None:
        raise DutyError(f"没有编号为 {assignment_id} 的排班")
    return found


def sign_in(assignment_id: int, at: datetime) -> DutyAssignment:
    """签到: the person is at the post; refused more than two hours before the shift or after it ended."""
    duty = _assignment(assignment_id)
    shift: DutyShift = duty.shift
    who = f"{duty.person.name}（{shift.day:%m-%d} {shift.name}）"
    if duty.signed_in is not None:
        raise DutyError(f"{who}已于 {duty.signed_in:%H:%M} 签到")
    if not (shift.starts.timestamp() - 2 * 3600 <= at.timestamp() <= shift.ends.timestamp()):
        raise DutyError(f"{who}：签到时间 {at:%m-%d %H:%M} 不在这个班次的时间内")
    with changes.transaction(f"签到：{who}") as cs:
        return cs.update(duty, {"signed_in": at})


def sign_out(assignment_id: int, at: datetime) -> DutyAssignment:
    """签退, after signing in."""
    duty = _assignment(assignment_id)
    shift: DutyShift = duty.shift
    who = f"{duty.person.name}（{shift.day:%m-%d} {shift.name}）"
    if duty.signed_in is None:
        raise DutyError(f"{who}还没有签到，不能签退")
    if duty.signed_out is not None:
        raise DutyError(f"{who}已于 {duty.signed_out:%H:%M} 签退")
    if at < duty.signed_in:
        raise DutyError(f"{who}：签退时间 {at:%H:%M} 早于签到时间 {duty.signed_in:%H:%M}")
    with changes.transaction(f"签退：{who}") as cs:
        return cs.update(duty, {"signed_out": at})


def write_log(shift_id: int, values: Mapping[str, Any], at: datetime) -> DutyLog:
    """值班日志 of a shift: written, or written again (the hand-over may come later)."""
    given = _known(values, LOG_FIELDS, "值班日志")
    for key in ("registered", "vehicles", "turned_back"):
        count = given.get(key, 0)
        if not (isinstance(count, int) and 0 <= count <= 100_000):
            raise DutyError(f"值班日志：{_LOG_WORDS[key]}应为不小于 0 的整数")
    shift = DutyShift.get_by_id(shift_id)
    kept = DutyLog.get_or_none(DutyLog.shift == shift_id)
    with changes.transaction(f"值班日志：{shift.post.name} {shift.day:%m-%d} {shift.name}") as cs:
        if kept is None:
            return cs.create(DutyLog, {**given, "shift": shift_id, "written_at": at})
        return cs.update(kept, {**given, "written_at": at})


_LOG_WORDS = {"registered": "登记人次", "vehicles": "登记车次", "turned_back": "劝返人数"}


def away_days(person: DutyPerson) -> frozenset[date]:
    """The dates kept in DutyPerson.away."""
    return frozenset(date.fromisoformat(d) for d in json.loads(person.away or "[]"))


def save_person_apart(
    values: Mapping[str, Any], person_id: int | None = None, apart_with: Iterable[int] = ()
) -> DutyPerson:
    """The entry dialog's save: one who stands duty and everyone they are not put on a shift with (不与…同班),
    as one change; the pairs not named any more are let go."""
    given = _person_values(values)
    wanted = set(apart_with) - {person_id}
    with changes.transaction(f"{'新增' if person_id is None else '修改'}值班人员：{given['name']}") as cs:
        person = save_person(given, person_id)
        kept = {
            (pair.second_id if pair.first_id == person.id else pair.first_id): pair
            for pair in DutyApart.select().where((DutyApart.first == person.id) | (DutyApart.second == person.id))
        }
        for other, pair in kept.items():
            if other not in wanted:
                cs.delete(pair)
        for other in sorted(wanted - set(kept)):
            if DutyPerson.get_or_none(DutyPerson.id == other) is None:
                raise DutyError(f"{given['name']}：不同班的人员（编号 {other}）已不存在")
            low, high = sorted((person.id, other))
            cs.create(DutyApart, {"first": low, "second": high})
    return person


def set_person_active(person_id: int, active: bool) -> DutyPerson:
    """停用 / 恢复 one who stands duty. A person is never deleted: the shifts they served, their sign-ins and the
    duty logs name them, and a roster printed before must still read the same; stopped, they are left out of
    the next generation."""
    person = DutyPerson.get_by_id(person_id)
    if person.active == active:
        return person
    with changes.transaction(f"{'恢复' if active else '停用'}值班人员：{person.name}") as cs:
        return cs.update(person, {"active": active})


def set_post_active(post_id: int, active: bool) -> DutyPost:
    """停用 / 恢复 a post (never deleted, for the same reason as a person: its shifts and logs name it)."""
    post = DutyPost.get_by_id(post_id)
    if post.active == active:
        return post
    with changes.transaction(f"{'恢复' if active else '停用'}值班岗位：{post.name}") as cs:
        return cs.update(post, {"active": active})


def checked_person_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The values save_person would keep, checked (DutyError naming the person and the field), for an import
    that plans without writing."""
    return _person_values(values)
