"""What the clerk does with a pushed name: confirm who it is, move it along, open its case — each one audited.

Every move is a dated step signed by the operator (ItemStep) written with the item's new status and
findings in one transaction, so the feedback's 核查人 / 核查时间 and the trail never disagree.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from db import changes
from db import quarantine_actions as qa
from db.errors import LedgerError
from db.models import Case, ItemStep, Person, PushedItem, Visit
from db.models.pushed import CLOSED_STATUSES, RESULT_OF_STATUS, ItemStatus, MatchReason
from db.models.quarantine import CaseReason, CaseSource
from db.queries.pushed import roster_index
from db.rules.person_match import Wanted


class PushedError(LedgerError):
    """A move of a pushed name that cannot be made; the message says why, in Chinese."""


#: Findings a step may write (the feedback columns of form 10).
FINDINGS = ("result", "current_address", "verified_phone", "measure", "method", "note")
#: Moves allowed from each status: forward, or a closed item corrected to another closing status.
_CLOSING = tuple(s.value for s in CLOSED_STATUSES)
NEXT = {
    ItemStatus.PENDING.value: (ItemStatus.CONTACTED.value, *_CLOSING),
    ItemStatus.CONTACTED.value: _CLOSING,
    **{s: tuple(c for c in _CLOSING if c != s) + (ItemStatus.CONTACTED.value,) for s in _CLOSING},
}


def _item(item_id: int) -> PushedItem:
    found: PushedItem | None = PushedItem.get_or_none(PushedItem.id == item_id)
    if found is None:
        raise PushedError(f"没有编号为 {item_id} 的核查对象")
    return found


def confirm_match(item_id: int, person_id: int | None) -> PushedItem:
    """The clerk's word on who a pushed name is: the proposed person, another (a correction), or no one
    on the roster (None: the item stays open as unmatched)."""
    item = _item(item_id)
    if person_id is None:
        values: dict[str, Any] = {"person": None, "match_confirmed": False, "match_reason": "", "match_strength": 0}
        summary = f"核查名单：{item.name} 不是花名册中的人"
    else:
        person = Person.get_or_none(Person.id == person_id)
        if person is None:
            raise PushedError(f"花名册中没有编号为 {person_id} 的人")
        values = {"person": person.id, "match_confirmed": True, "candidates": "[]"}
        if person.id != item.person_id:
            values.update({"match_reason": "文书指定", "match_strength": 100})
        summary = f"核查名单：确认 {item.name} 即花名册中的 {person.name}"
    record, _ids = changes.save(PushedItem, values, item.id, summary=summary, action="confirm")
    return record


def move_item(
    item_id: int, status: str, at: datetime, findings: Mapping[str, Any] | None = None, checker: str = ""
) -> PushedItem:
    """Move a pushed name to its next status with what was found; the step is dated at and signed.

    A closing status without a 核查结果 takes the one form 10 uses for it (查无此人 → 查无此人 …). 已纳入管控
    needs a measure or a case; a closing step on an unconfirmed match is refused (the clerk says who it is first).
    """
    item = _item(item_id)
    if status not in NEXT.get(item.status, ()):
        raise PushedError(f"{item.name}：不能从“{item.status}”改为“{status}”")
    given = dict(findings or {})
    unknown = set(given) - set(FINDINGS)
    if unknown:
        raise PushedError(f"{item.name}：无法识别的项目 {'、'.join(sorted(unknown))}")
    values: dict[str, Any] = {k: str(v).strip() for k, v in given.items() if v is not None}
    if status in _CLOSING:
        if item.person_id is not None and not item.match_confirmed and status != ItemStatus.NOT_FOUND.value:
            raise PushedError(f"{item.name}：匹配到的花名册人员尚未确认，请先确认或更正")
        if status == ItemStatus.CONTROLLED.value and not (values.get("measure") or item.measure or item.case_id):
            raise PushedError(f"{item.name}：纳入管控请填写采取的措施，或先登记管控")
        values.setdefault("result", item.result or RESULT_OF_STATUS[ItemStatus(status)])
    who = checker.strip() or changes.operator_name()
    values.update({"status": status, "checker": who, "checked_at": at})
    with changes.transaction(f"核查名单：{item.name} {item.status} → {status}") as cs:
        record = cs.update(item, values, action="move")
        cs.create(
            ItemStep, {"item": item.id, "status": status, "at": at, "operator": who, "note": values.get("note", "")}
        )
    return record


def move_items(
    item_ids: list[int], status: str, at: datetime, findings: Mapping[str, Any] | None = None, checker: str = ""
) -> list[PushedItem]:
    """Move several pushed names at once (查无此人 for a group): all of them, or, if one cannot move, none."""
    with changes.transaction(f"核查名单：{len(item_ids)} 人 → {status}"):
        return [move_item(item_id, status, at, findings, checker) for item_id in item_ids]


def open_case_from_item(item_id: int, values: Mapping[str, Any], at: datetime) -> Case:
    """Open the quarantine case of a confirmed pushed name in one action (source 上级推送), and move the
    item to 已纳入管控 with the case's kind as its measure, in the same transaction."""
    item = _item(item_id)
    if item.person_id is None or not item.match_confirmed:
        raise PushedError(f"{item.name}：请先确认是花名册中的哪一位（或先加入花名册），再登记管控")
    if item.case_id is not None:
        raise PushedError(f"{item.name} 已按这份名单登记管控，不能重复登记")
    given = {
        "source": CaseSource.PUSHED.value,
        "reason": CaseReason.RISK_AREA.value if item.origin else CaseReason.OTHER.value,
        "origin": item.origin,
        "exposure_date": item.arrived_on,
        "start_date": at.date(),
        "note": f"上级推送：{item.batch.source.name} {item.batch.batch_no}".strip(),
        **values,
    }
    person, ready = qa.case_under_policy(item.person_id, given)
    who = changes.operator_name()
    with changes.transaction(f"登记管控：{person.name}（上级推送）") as cs:
        case = qa.open_case_in(cs, person.id, ready)
        moved = {
            "case": case.id,
            "status": ItemStatus.CONTROLLED.value,
            "measure": item.measure or case.kind,
            "result": item.result or RESULT_OF_STATUS[ItemStatus.CONTROLLED],
            "checker": who,
            "checked_at": at,
        }
        cs.update(item, moved, action="move")
        cs.create(ItemStep, {"item": item.id, "status": ItemStatus.CONTROLLED.value, "at": at, "operator": who})
    return case


def link_visit(item_id: int, visit_id: int) -> PushedItem:
    """A screening visit made for a pushed name (the household of its person) names the item's check."""
    item = _item(item_id)
    visit = Visit.get_by_id(visit_id)
    if item.person_id is None or Person.get_by_id(item.person_id).household_id != visit.household_id:
        raise PushedError(f"{item.name}：这次入户排查不是其所在户的")
    record, _ids = changes.save(PushedItem, {"visit": visit.id}, item.id, summary=f"核查名单：{item.name} 入户排查")
    return record


def rematch(batch_id: int) -> int:
    """Match again the batch's items nobody has confirmed (the roster has grown since); returns how many
    now have a proposal or an exact match they lacked."""
    index = roster_index()
    open_items = list(
        PushedItem.select().where(
            (PushedItem.batch == batch_id) & (PushedItem.match_confirmed == 0) & PushedItem.status.not_in(_CLOSING)
        )
    )
    changed = 0
    with changes.transaction("核查名单：重新匹配花名册") as cs:
        for item in open_items:
            found = index.match(Wanted(item.name, item.id_number, item.phone, item.birth_date))
            if found is None or (found.person_id == item.person_id and found.reason.value == item.match_reason):
                continue
            cs.update(
                item,
                {
                    "person": found.person_id,
                    "match_reason": found.reason.value,
                    "match_strength": found.strength,
                    "match_confirmed": found.reason is MatchReason.ID,
                    "candidates": json.dumps(list(found.others)),
                },
                action="match",
            )
            changed += 1
    return changed
