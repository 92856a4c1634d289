"""What the clerk does in the quarantine ledger, each one audited change through db.changes.

Status changes write a CaseEvent and move the case's status with it in the same transaction, so the
case history and the case always agree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from db import changes
from db.errors import LedgerError
from db.models import Case, CaseEvent, FeverAction, FollowUp, Person, Policy, Reading, Template
from db.models.quarantine import FEVER_AT, STATUS_AFTER, CaseKind, CaseStatus, EventKind
from db.rules import observation
from db.rules.temperature import out_of_range
from db.session import Can


class CaseError(LedgerError):
    """A quarantine action that cannot be done; the message says why, in Chinese."""


#: Statuses a case ends in (its ended_on is set); a missing case is not over, it may be found.
_OVER = (CaseStatus.RELEASED, CaseStatus.HOSPITAL)


def is_alert(value: float | None, symptoms: str) -> bool:
    """A fever (≥ 37.3 °C) or any symptom: the reading needs an action recorded."""
    return (value is not None and value >= FEVER_AT) or bool(symptoms.strip())


def next_seal_number(year: int) -> str:
    """ "2026-0007": the year and a running number, unique in the village's ledger."""
    prefix = f"{year}-"
    taken = [c.seal_no for c in Case.select(Case.seal_no).where(Case.seal_no.startswith(prefix))]
    numbers = [int(n[len(prefix) :]) for n in taken if n[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def open_case(person_id: int, values: Mapping[str, Any], summary: str = "") -> Case:
    """Start observing a person under a policy; the policy's stages are copied into the case."""
    person, ready = case_under_policy(person_id, values)
    with changes.transaction(summary or f"登记管控：{person.name}") as cs:
        case = open_case_in(cs, person.id, ready)
    return case


def case_under_policy(person_id: int, values: Mapping[str, Any]) -> tuple[Person, dict[str, Any]]:
    """The person and the case's values with its policy's terms (values["policy"]: the policy's id), refused
    for a person observed already: what open_case_in takes, for 登记管控 and a screening finding alike."""
    person = Person.get_by_id(person_id)
    if Case.select().where((Case.person == person) & (Case.status == CaseStatus.ACTIVE.value)).exists():
        raise CaseError(f"{person.name} 已在管控中，不能重复登记")
    values = dict(values)
    policy = Policy.get_by_id(values.pop("policy"))
    values.setdefault("kind", observation.parse_stages(policy.stages)[0].kind)
    return person, {**values, "policy": policy.id, "stages": policy.stages, "count_from": policy.count_from}


def open_case_in(
    cs: changes.ChangeSet,
    person_id: int,
    values: Mapping[str, Any],
    ended: tuple[EventKind, date] | None = None,
    end_reason: str = "",
    seal_number: Callable[[int], str] = next_seal_number,
) -> Case:
    """Write a case and its 开始 event in cs: the one way a case opens, from 登记管控 and from an import.

    values: the case's fields with its policy's id, stages and count_from (copied: the case keeps them).
    A case not kept at a central site is given a seal number when it has none (seal_number: an import hands
    them out itself, so that no two cases of one file share one). ended: (event, day) of a case that is
    over already when it is registered (an old ledger's row): it gets that closing event too, with
    end_reason, and its status and end day as change_status would give them.
    """
    values = dict(values)
    if not values.get("seal_no") and values["kind"] != CaseKind.CENTRAL.value:
        values["seal_no"] = seal_number(values["start_date"].year)
    status = CaseStatus.ACTIVE if ended is None else STATUS_AFTER[ended[0]]
    case = cs.create(
        Case,
        {
            **values,
            "person": person_id,
            "status": status.value,
            "ended_on": ended[1] if ended is not None and status in _OVER else None,
        },
    )
    cs.create(
        CaseEvent,
        {
            "case": case.id,
            "on": values["start_date"],
            "kind": EventKind.OPENED.value,
            "reason": values.get("reason", ""),
            "status_after": CaseStatus.ACTIVE.value,
        },
    )
    if ended is not None:
        kind, on = ended
        cs.create(
            CaseEvent,
            {
                "case": case.id,
                "on": on,
                "kind": kind.value,
                "reason": end_reason,
                "status_after": status.value,
            },
        )
    return case


#: A case's columns that only its own events and policy set (a move changes the kind, a release the status,
#: the policy the days); a correction never writes them, whatever the form offers.
SET_BY_EVENTS = frozenset(
    {
        "id",
        "person",
        "kind",
        "policy",
        "stages",
        "count_from",
        "first_day",
        "last_day",
        "release_due",
        "status",
        "ended_on",
        "created_at",
    }
)


def edit_case(case_id: int, values: Mapping[str, Any]) -> Case:
    """Correct a case's details (a new start or exposure date moves its dates by the same policy)."""
    wanted = {k: v for k, v in values.items() if k in Case._meta.fields and k not in SET_BY_EVENTS}
    if (
        "seal_no" in wanted
        and wanted["seal_no"]
        and Case.select().where((Case.seal_no == wanted["seal_no"]) & (Case.id != case_id)).exists()
    ):
        raise CaseError(f"封条编号 {wanted['seal_no']} 已用于其他对象")
    record, _ids = changes.save(Case, wanted, case_id, summary=f"修改档案：{Case.get_by_id(case_id).person.name}")
    return record


def moves_for(kind: str, status: str) -> tuple[EventKind, ...]:
    """The status changes the clerk may record for a case of this kind in this status, in the order offered.

    The rule: only a running case (在管) moves; it can be released (解除), taken to hospital (转运送医) or go
    missing (失联外出), and it changes place only to where it is not: 转集中隔离 for a case kept at home
    (居家隔离医学观察, 居家健康监测, or a kind of the clerk's own policy), 转居家 only for a case kept at a
    central site (集中隔离医学观察; a 居家健康监测 case is already at home). A missing case can only be
    found (找回: back in the ledger as it was, then any move above). Released and hospital cases are over:
    nothing (a new observation is a new case). Stage changes and policy changes are not the clerk's moves
    here (advance_stages, apply_policy).
    """
    if status == CaseStatus.MISSING.value:
        return (EventKind.FOUND,)
    if status != CaseStatus.ACTIVE.value:
        return ()
    place = EventKind.TO_HOME if kind == CaseKind.CENTRAL.value else EventKind.TO_CENTRAL
    return (EventKind.RELEASED, EventKind.HOSPITAL, place, EventKind.MISSING)


def days_early(case: Case, day: date) -> int:
    """How many days before the case's due release day (the day after its last day) a release on `day` is;
    0 on or after it. A release notice dated before the due day is a decision the clerk confirms."""
    return max(0, (case.release_due - day).days)


def change_status(case_id: int, kind: EventKind, on: date, reason: str, place: Mapping[str, Any] | None = None) -> Case:
    """Record a dated, reasoned status change; transfers also say where the case is kept now."""
    case = Case.get_by_id(case_id)
    if kind == EventKind.FOUND:
        if case.status != CaseStatus.MISSING.value:
            raise CaseError("只有“失联外出”的对象才能登记找回")
    elif case.status != CaseStatus.ACTIVE.value:
        raise CaseError(f"该对象当前状态为“{case.status}”，不在管控中")
    elif kind not in moves_for(case.kind, case.status):
        raise CaseError(f"该对象已是“{case.kind}”，不能登记“{kind.value}”")
    if kind in (EventKind.RELEASED, EventKind.HOSPITAL, EventKind.MISSING) and not reason.strip():
        raise CaseError("请填写原因或依据")
    if on < case.start_date:
        raise CaseError("日期早于开始管控日期")
    status = STATUS_AFTER[kind]
    values: dict[str, Any] = {"status": status.value}
    if kind == EventKind.TO_CENTRAL:
        values["kind"] = CaseKind.CENTRAL.value
    elif kind == EventKind.TO_HOME:
        values["kind"] = CaseKind.HOME.value
    values.update(place or {})
    values["ended_on"] = on if status in _OVER else None
    with changes.transaction(f"{kind.value}：{case.person.name}") as cs:
        cs.create(
            CaseEvent,
            {
                "case": case.id,
                "on": on,
                "kind": kind.value,
                "reason": reason,
                "status_after": status.value,
            },
        )
        cs.update(case, values, action=kind.value)
    return case


def apply_policy(case_ids: list[int], policy_id: int, on: date) -> int:
    """Move chosen running cases onto a policy's current stages (changing a policy moves none by itself)."""
    policy = Policy.get_by_id(policy_id)
    moved = 0
    with changes.transaction(f"改用政策：{policy.name}") as cs:
        for case in Case.select().where(Case.id.in_(case_ids) & (Case.status == CaseStatus.ACTIVE.value)):
            cs.update(case, {"policy": policy.id, "stages": policy.stages, "count_from": policy.count_from})
            stages = observation.describe_stages(observation.parse_stages(policy.stages))
            cs.create(
                CaseEvent,
                {
                    "case": case.id,
                    "on": on,
                    "kind": EventKind.POLICY.value,
                    "reason": f"改用“{policy.name}”：{stages}",
                    "status_after": CaseStatus.ACTIVE.value,
                },
            )
            moved += 1
    return moved


def advance_stages(on: date) -> int:
    """Move running cases into the stage their policy schedules for this day (7 days 集中隔离 are followed
    by 居家健康监测 on day 8), each as a dated event in the case history; returns how many moved.

    Only forward (observation.scheduled_move): a stage change or a transfer already recorded on or after the
    scheduled stage began wins, so running this for an earlier day (a clock set back) changes nothing, and
    the plan is made again inside the writing transaction, so two programs at once record a change once.
    Run when the window starts and when the day changes, so every count by kind is of where people are today.
    """
    if not _stages_due(on):
        return 0  # the usual answer, without taking the write lock
    moved = 0
    with changes.transaction("按政策转入下一阶段", who="系统（按政策自动）", needs=None) as cs:
        for case, (kind, first) in _stages_due(on):
            cs.create(
                CaseEvent,
                {
                    "case": case.id,
                    "on": first,
                    "kind": EventKind.STAGE.value,
                    "reason": f"按政策自第{(first - case.first_day).days + 1}天起{kind}",
                    "status_after": CaseStatus.ACTIVE.value,
                },
            )
            cs.update(case, {"kind": kind}, action=EventKind.STAGE.value)
            moved += 1
    return moved


def _stages_due(on: date) -> list[tuple[Case, tuple[str, date]]]:
    multi_stage = Case.stages.contains("], [")  # stored by json.dumps: single-stage lists have no "], ["
    running = (Case.status == CaseStatus.ACTIVE.value) & multi_stage
    candidates = list(Case.select().where(running))
    if not candidates:
        return []
    places = (EventKind.STAGE.value, EventKind.TO_CENTRAL.value, EventKind.TO_HOME.value)
    last_place: dict[int, date] = {}  # the latest recorded place change of each running case
    for event in CaseEvent.select(CaseEvent.case, CaseEvent.on).join(Case).where(running & CaseEvent.kind.in_(places)):
        last_place[event.case_id] = max(event.on, last_place.get(event.case_id, event.on))
    due = []
    for case in candidates:
        period = observation.period_of(
            observation.parse_stages(case.stages), case.start_date, case.exposure_date, case.count_from
        )
        stage = observation.scheduled_move(period, on, case.kind, last_place.get(case.id))
        if stage is not None:
            due.append((case, stage))
    return due


def save_policy(values: Mapping[str, Any], policy_id: int | None = None) -> Policy:
    observation.parse_stages(values["stages"])  # refuse what cannot be counted
    record, _ids = changes.save(Policy, values, policy_id, summary="保存管控政策", needs=Can.SETTINGS)
    return record


def record_reading(case_id: int, on: date, slot: str, values: Mapping[str, Any]) -> Reading:
    """Enter (or correct) the reading of one slot of one day; a value no body has is refused."""
    value = values.get("value")
    problem = out_of_range(value) if value is not None else None
    if problem:
        raise CaseError(f"{Case.get_by_id(case_id).person.name}：{problem}，未保存")
    existing = Reading.get_or_none((Reading.case == case_id) & (Reading.on == on) & (Reading.slot == slot))
    if existing is not None and all(getattr(existing, k) == v for k, v in values.items() if k != "reporter"):
        return existing  # typed again as it was: nothing to record
    summary = f"体温：{Case.get_by_id(case_id).person.name} {on:%m-%d} {slot}"
    with changes.transaction(summary) as cs:
        if existing is None:
            return cs.create(Reading, {**values, "case": case_id, "on": on, "slot": slot})
        return cs.update(existing, {**values, "recorded_at": datetime.now().replace(microsecond=0)})


def record_fever_action(reading_id: int, values: Mapping[str, Any]) -> FeverAction:
    existing = FeverAction.get_or_none(FeverAction.reading == reading_id)
    record, _ids = changes.save(
        FeverAction, {**values, "reading": reading_id}, existing.id if existing else None, summary="异常处置"
    )
    return record


def record_follow_up(case_id: int, values: Mapping[str, Any], follow_up_id: int | None = None) -> FollowUp:
    record, _ids = changes.save(FollowUp, {**values, "case": case_id}, follow_up_id, summary="随访记录")
    return record


def mark_need_met(follow_up_id: int, on: date) -> FollowUp:
    record, _ids = changes.save(FollowUp, {"met": True, "met_on": on}, follow_up_id, summary="需求已解决")
    return record


def save_template(kind: str, body: str, note: str = "") -> Template:
    """A new version of a notice's wording; earlier versions are kept."""
    latest = Template.select().where(Template.kind == kind).order_by(Template.version.desc()).first()
    version = (latest.version if latest else 0) + 1
    record, _ids = changes.save(
        Template,
        {"kind": kind, "version": version, "body": body, "note": note},
        summary=f"保存模板 第{version}版",
        needs=Can.SETTINGS,
    )
    return record


def current_template(kind: str) -> Template | None:
    latest: Template | None = Template.select().where(Template.kind == kind).order_by(Template.version.desc()).first()
    return latest
