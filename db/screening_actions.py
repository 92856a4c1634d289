"""What the clerk does in a screening round, each one audited change through db.changes.

A visit and its findings are written together: a refused finding (a person of another household, a
temperature no body has) leaves the whole visit unwritten, so the ledger never holds half a household.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from db import changes
from db import quarantine_actions as qa
from db.errors import LedgerError
from db.models import Case, Finding, Grid, Household, KeyArea, Person, RoundGrid, ScreeningRound, Visit
from db.models.quarantine import CaseReason, CaseSource, CaseStatus
from db.models.screening import (
    LINKED_REASON,
    OTHER_REASON,
    Contact,
    Measure,
    RoundStatus,
    VisitOutcome,
)
from db.queries.screening import GapLine, due_members, gaps
from db.rules.key_areas import check_region_code, region_name, symptom_words
from db.rules.temperature import out_of_range
from db.session import Can


class ScreeningError(LedgerError):
    """A screening action that cannot be done; the message says why, in Chinese."""


class RoundHasGaps(ScreeningError):
    """A round with households not visited, waiting or refused is not closed without the clerk's word."""

    def __init__(self, message: str, gaps: list[GapLine]) -> None:
        super().__init__(message)
        self.gaps = gaps


#: How an abnormal finding was settled without a case of its own: set by handle_finding / link_finding_to_case only.
HANDLED_FIELDS = frozenset({"handled_on", "handled_by", "handled_reason", "handled_note"})
#: A finding's fields the clerk gives (the visit and the person are set here).
FINDING_FIELDS = frozenset(Finding._meta.fields) - {"id", "visit", "person"} - HANDLED_FIELDS
#: The finding of a person with nothing to report (全户正常).
NORMAL_FINDING: dict[str, Any] = {
    "temperature": None,
    "symptoms": "",
    "area_code": None,
    "area_name": None,
    "returned_on": None,
    "travel_means": "",
    "travel_number": "",
    "contact": Contact.NONE.value,
    "measure": Measure.NONE.value,
}


def new_round(
    name: str,
    starts_on: date,
    ends_on: date,
    grid_ids: Sequence[int] | None = None,
    workers: Mapping[int, str] | None = None,
) -> ScreeningRound:
    """Start a round over the given grids (all of them when none are given), each with its grid worker
    for the round (the grid's own worker unless workers names another)."""
    name = name.strip()
    if not name:
        raise ScreeningError("请填写排查轮次名称，如“第二轮拉网排查”")
    if ends_on < starts_on:
        raise ScreeningError("结束日期早于开始日期")
    query = Grid.select().order_by(Grid.sort_order, Grid.id)
    if grid_ids is not None:
        query = query.where(Grid.id.in_(list(grid_ids)))
    grids = list(query)
    if grid_ids is not None and len(grids) != len(set(grid_ids)):
        raise ScreeningError("所选网格有的已不存在")
    if not grids:
        raise ScreeningError("还没有网格（村民小组），不能开始排查")
    workers = workers or {}
    with changes.transaction(f"新建排查轮次：{name}") as cs:
        record = cs.create(ScreeningRound, {"name": name, "starts_on": starts_on, "ends_on": ends_on})
        for grid in grids:
            cs.create(RoundGrid, {"round": record.id, "grid": grid.id, "worker": workers.get(grid.id, grid.worker)})
    return record


def _open_round(round_id: int) -> ScreeningRound:
    found: ScreeningRound | None = ScreeningRound.get_or_none(ScreeningRound.id == round_id)
    if found is None:
        raise ScreeningError(f"没有编号为 {round_id} 的排查轮次")
    if found.status != RoundStatus.OPEN.value:
        raise ScreeningError(f"“{found.name}”已结束，不能再登记或修改")
    return found


def _round_grid(round_id: int, household: Household) -> RoundGrid:
    found: RoundGrid | None = RoundGrid.get_or_none((RoundGrid.round == round_id) & (RoundGrid.grid == household.grid))
    if found is None:
        where = f"{household.grid.name}{household.door_no} {household.head_name}".strip()
        raise ScreeningError(f"{where}（户号 {household.number}）不在本轮排查范围内")
    return found


def _finding_values(person: Person, given: Mapping[str, Any], on: date) -> dict[str, Any]:
    """A finding's values checked and tidied; ScreeningError naming the person and the field otherwise."""
    unknown = set(given) - FINDING_FIELDS - {"person"}
    if unknown:
        raise ScreeningError(f"{person.name}：无法识别的项目 {'、'.join(sorted(unknown))}")
    values = {k: v for k, v in given.items() if k != "person"}
    temperature = values.get("temperature")
    if temperature is not None:
        values["temperature"] = float(temperature)
        if problem := out_of_range(values["temperature"]):
            raise ScreeningError(f"{person.name} 的体温：{problem}，未保存")
    returned_on = values.get("returned_on")
    if returned_on is not None and returned_on > on:
        raise ScreeningError(f"{person.name} 的返回日期 {returned_on:%Y-%m-%d} 晚于走访日期 {on:%Y-%m-%d}，请核对")
    if "symptoms" in values:
        symptoms = values["symptoms"]
        words = symptom_words("、".join(symptoms) if isinstance(symptoms, (list, tuple)) else str(symptoms or ""))
        values["symptoms"] = "、".join(words)
    for field, choices, label in (("contact", Contact, "接触史"), ("measure", Measure, "采取措施")):
        if field in values and values[field] not in {c.value for c in choices}:
            allowed = " / ".join(c.value for c in choices)
            raise ScreeningError(f"{person.name} 的{label}“{values[field]}”不是 {allowed} 之一")
    code = values.get("area_code")
    if code:
        if problem := check_region_code(code):
            raise ScreeningError(f"{person.name} 的来源地：{problem}")
        if not values.get("area_name"):
            values["area_name"] = region_name(code)
    return values


def record_visit(
    round_id: int,
    household_id: int,
    on: date,
    worker: str,
    outcome: str,
    findings: Sequence[Mapping[str, Any]] = (),
    note: str = "",
) -> Visit:
    """Write (or, on a revisit, update) a household's visit and its people's findings in one transaction.

    findings: one dict per person met, with "person" (an id) and the finding's fields; people not named keep
    what an earlier visit found. worker "" is the round's grid worker for the household's grid.
    """
    checked = _checked_visit(round_id, household_id, on, worker, outcome, findings, note)
    with changes.transaction(f"入户排查：{checked.round_name} {checked.label}") as cs:
        _open_round(round_id)  # read again under the write lock: another window may have closed it meanwhile
        return _write_visit(cs, checked)


def record_visit_in(
    cs: changes.ChangeSet,
    round_id: int,
    household_id: int,
    on: date,
    worker: str,
    outcome: str,
    findings: Sequence[Mapping[str, Any]] = (),
    note: str | None = "",
) -> Visit:
    """record_visit's checks and writes inside a transaction the caller holds (an import writes many visits in
    one); note None keeps an existing visit's note. ScreeningError leaves the caller's transaction to roll back."""
    return _write_visit(cs, _checked_visit(round_id, household_id, on, worker, outcome, findings, note))


@dataclass(frozen=True)
class _CheckedVisit:
    """A visit and its findings as checked, ready to be written."""

    round_id: int
    round_name: str
    household_id: int
    label: str
    values: dict[str, Any]
    findings: list[tuple[Person, dict[str, Any]]]


def _checked_visit(
    round_id: int,
    household_id: int,
    on: date,
    worker: str,
    outcome: str,
    findings: Sequence[Mapping[str, Any]],
    note: str | None,
) -> _CheckedVisit:
    """The visit's values and each finding's, checked; ScreeningError naming what is wrong otherwise."""
    screening_round = _open_round(round_id)
    household: Household | None = Household.get_or_none(Household.id == household_id)
    if household is None:
        raise ScreeningError(f"没有编号为 {household_id} 的户")
    grid = _round_grid(round_id, household)
    if outcome not in {o.value for o in VisitOutcome}:
        raise ScreeningError(f"走访结果“{outcome}”不是 {' / '.join(o.value for o in VisitOutcome)} 之一")
    members = {p.id: p for p in Person.select().where(Person.household == household_id)}
    planned: list[tuple[Person, dict[str, Any]]] = []
    for given in findings:
        person_id = given.get("person")
        person = members.get(person_id) if isinstance(person_id, int) else None
        if person is None:
            other = Person.get_or_none(Person.id == person_id) if isinstance(person_id, int) else None
            who = other.name if other is not None else f"编号 {person_id}"
            raise ScreeningError(f"{who} 不是户主 {household.head_name} 家的成员，未保存")
        planned.append((person, _finding_values(person, given, on)))
    visit_values: dict[str, Any] = {"on": on, "worker": worker or grid.worker, "outcome": outcome}
    if note is not None:
        visit_values["note"] = note
    label = f"{household.grid.name}{household.door_no} {household.head_name}".strip()
    return _CheckedVisit(round_id, screening_round.name, household_id, label, visit_values, planned)


def _write_visit(cs: changes.ChangeSet, checked: _CheckedVisit) -> Visit:
    """Create or update the household's one visit of the round, then its findings (created or updated)."""
    round_id, household_id = checked.round_id, checked.household_id
    existing: Visit | None = Visit.get_or_none((Visit.round == round_id) & (Visit.household == household_id))
    if existing is None:
        visit = cs.create(Visit, {"note": "", **checked.values, "round": round_id, "household": household_id})
    else:
        visit = cs.update(existing, checked.values)
    before = {f.person_id: f for f in Finding.select().where(Finding.visit == visit.id)}
    for person, values in checked.findings:
        if person.id in before:
            cs.update(before[person.id], {**values, **_handling_kept(before[person.id], values)})
        else:
            cs.create(Finding, {**NORMAL_FINDING, **values, "visit": visit.id, "person": person.id})
    return visit


#: What a finding is judged abnormal by: a revisit that changes one of them judges it again.
_JUDGED_FIELDS = ("temperature", "symptoms", "area_code", "returned_on", "contact")


def _handling_kept(finding: Finding, values: Mapping[str, Any]) -> dict[str, Any]:
    """A finding settled without a case (无需管控) is open again when a revisit changes what it was judged by
    (a new fever must not stay hidden); one linked to a running case keeps its link."""
    if finding.handled_on is None or finding.handled_reason == LINKED_REASON:
        return {}
    if all(k not in values or values[k] == getattr(finding, k) for k in _JUDGED_FIELDS):
        return {}
    return {"handled_on": None, "handled_by": "", "handled_reason": "", "handled_note": ""}


def mark_all_normal(round_id: int, household_id: int, on: date, worker: str = "") -> Visit:
    """全户正常: the household screened, with a normal finding for everyone living in the village now
    (在村 / 返乡 / 暂住); an earlier visit's findings for them are set back to normal, their notes kept."""
    people = due_members(household_id)
    return record_visit(
        round_id,
        household_id,
        on,
        worker,
        VisitOutcome.SCREENED.value,
        [{**NORMAL_FINDING, "person": pid} for pid in people],
    )


def open_case_from_finding(finding_id: int, values: Mapping[str, Any]) -> Case:
    """Open the quarantine case an abnormal finding calls for, in one action: its source 入户排查, the reason,
    origin and return date the finding gives (values, with the policy's id, may say otherwise), from the
    visit day; the finding then names the case (Finding.case), so each leads to the other."""
    finding: Finding | None = Finding.get_or_none(Finding.id == finding_id)
    if finding is None:
        raise ScreeningError(f"没有编号为 {finding_id} 的排查结果")
    visit = finding.visit
    if finding.__data__.get("case") is not None:
        raise ScreeningError(f"{finding.person.name} 已按这次排查登记管控，不能重复登记")
    if finding.contact == Contact.CASE.value:
        reason = CaseReason.CLOSE_CONTACT.value
    elif finding.area_code or finding.area_name:
        reason = CaseReason.RISK_AREA.value
    else:
        reason = CaseReason.OTHER.value
    given = {
        "source": CaseSource.SCREENING.value,
        "reason": reason,
        "origin": finding.area_name or "",
        "exposure_date": finding.returned_on,
        "start_date": visit.on,
        "note": f"入户排查：{visit.round.name} {visit.on:%Y-%m-%d}",
        **values,
    }
    person, ready = qa.case_under_policy(finding.person_id, given)
    with changes.transaction(f"登记管控：{person.name}（入户排查）") as cs:
        case = qa.open_case_in(cs, person.id, ready)
        cs.update(finding, {"case": case.id})
    return case


def _finding(finding_id: int) -> Finding:
    found: Finding | None = Finding.get_or_none(Finding.id == finding_id)
    if found is None:
        raise ScreeningError(f"没有编号为 {finding_id} 的排查结果")
    return found


def _open_finding(finding_id: int, on: date) -> Finding:
    """The finding, refused when it names a case or was settled already, or when on is before its visit."""
    finding = _finding(finding_id)
    name = finding.person.name
    if finding.handled_on is not None:
        when = f"{finding.handled_on.month}月{finding.handled_on.day}日"
        raise ScreeningError(
            f"{name} 的这条排查异常已于{when}由{finding.handled_by}处理（{finding.handled_reason}），不能重复处理"
        )
    if finding.__data__.get("case") is not None:
        raise ScreeningError(f"{name} 已按这次排查登记管控，不能再标为无需管控")
    if on < finding.visit.on:
        raise ScreeningError(f"处理日期 {on:%Y-%m-%d} 早于走访日期 {finding.visit.on:%Y-%m-%d}，请核对")
    return finding


def handle_finding(finding_id: int, reason: str, note: str, on: date) -> Finding:
    """无需管控: an abnormal finding settled without a case (复测体温正常 …), dated, by the signed-in operator;
    it leaves the open list and keeps its words in the lists and the register. Refused when handled already."""
    reason, note = reason.strip(), note.strip()
    if not reason:
        raise ScreeningError("请选择或填写无需管控的原因")
    if reason == OTHER_REASON and not note:
        raise ScreeningError("原因为“其他”时，请在说明中写明情况")
    name = _finding(finding_id).person.name
    with changes.transaction(f"排查异常无需管控：{name}（{reason}）") as cs:
        finding = _open_finding(finding_id, on)  # read again under the write lock
        values = {"handled_on": on, "handled_by": cs.who, "handled_reason": reason, "handled_note": note}
        return cs.update(finding, values)


def link_finding_to_case(finding_id: int, on: date) -> Case:
    """并入已有管控: the person is under control already (a running case), so the finding names that case
    instead of opening one, recorded as handled (LINKED_REASON) on this day by the signed-in operator."""
    name = _finding(finding_id).person.name
    with changes.transaction(f"排查异常并入已有管控：{name}") as cs:
        finding = _open_finding(finding_id, on)
        case: Case | None = Case.get_or_none(
            (Case.person == finding.person_id) & (Case.status == CaseStatus.ACTIVE.value)
        )
        if case is None:
            raise ScreeningError(f"{name} 目前没有在管的管控，请登记管控")
        values = {"handled_on": on, "handled_by": cs.who, "handled_reason": LINKED_REASON, "handled_note": ""}
        cs.update(finding, {"case": case.id, **values})
    return case


def reopen_finding(finding_id: int) -> Finding:
    """撤销处理: a handled finding is open again (linked to a running case: the link is undone too); a finding
    whose case was opened from it is not (that case is handled in the ledger)."""
    name = _finding(finding_id).person.name
    with changes.transaction(f"撤销排查异常的处理：{name}") as cs:
        finding = _finding(finding_id)
        if finding.handled_on is None:
            if finding.__data__.get("case") is not None:
                raise ScreeningError(f"{name} 已按这次排查登记管控，请在“隔离管控台账”中处理")
            raise ScreeningError(f"{name} 的这条排查异常还没有处理，无需撤销")
        values: dict[str, Any] = {"handled_on": None, "handled_by": "", "handled_reason": "", "handled_note": ""}
        if finding.handled_reason == LINKED_REASON:
            values["case"] = None
        return cs.update(finding, values)


def close_round(round_id: int, on: date, accept_gaps: bool = False) -> ScreeningRound:
    """End a round. With households not finished it is refused (RoundHasGaps lists them) unless the clerk
    accepts the gaps, which are then kept in the round's closing note, as they stood."""
    name = _open_round(round_id).name
    with changes.transaction(f"结束排查轮次：{name}") as cs:
        screening_round = _open_round(round_id)  # the gaps as they stand under the write lock, no visit slipping in
        if on < screening_round.starts_on:
            raise ScreeningError("结束日期早于本轮开始日期")
        open_gaps = gaps(round_id)
        if open_gaps and not accept_gaps:
            raise RoundHasGaps(f"“{name}”还有 {len(open_gaps)} 户没有排查完，确认后才能结束", open_gaps)
        note = ""
        if open_gaps:
            note = f"结束时尚有 {len(open_gaps)} 户未排查完：\n" + "\n".join(g.line() for g in open_gaps)
        values = {"status": RoundStatus.CLOSED.value, "closed_on": on, "closing_note": note}
        cs.update(screening_round, values, action="close")
    return screening_round


def save_key_area(values: Mapping[str, Any], key_area_id: int | None = None) -> KeyArea:
    """Add or correct a key area: a region code of the ID table, the day it counts from (and until)."""
    values = dict(values)
    code = str(values.get("region_code", "")).strip()
    if problem := check_region_code(code):
        raise ScreeningError(problem)
    if values.get("counts_from") is None:
        raise ScreeningError("请填写重点地区的起始日期")
    until = values.get("until")
    if until is not None and until <= values["counts_from"]:
        raise ScreeningError("停止日期应晚于起始日期")
    values["region_code"] = code
    values["name"] = str(values.get("name") or "").strip() or region_name(code)
    summary = f"{'新增' if key_area_id is None else '修改'}重点地区：{values['name']}"
    record, _ids = changes.save(KeyArea, values, key_area_id, summary=summary, needs=Can.SETTINGS)
    return record


def end_key_area(key_area_id: int, until: date) -> KeyArea:
    """A key area stops counting from this day on (the row stays: earlier visits are judged by it)."""
    area = KeyArea.get_by_id(key_area_id)
    if until <= area.counts_from:
        raise ScreeningError("停止日期应晚于起始日期")
    record, _ids = changes.save(
        KeyArea, {"until": until}, key_area_id, summary=f"重点地区停止：{area.name}", needs=Can.SETTINGS
    )
    return record
