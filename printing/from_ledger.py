"""The quarantine ledger's cases as the plain values the documents print (CasePrint), and which cases
a batch means: the screen's selection and the headless `--cases active|today|ID,…` read the same here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

from peewee import JOIN

from db import prints
from db.errors import LedgerError
from db.models import Case, CaseEvent, FeverAction, Grid, Household, Person, Reading, Village
from db.models.quarantine import ALERT_CONDITION, FEVER_AT, CaseKind, CaseStatus, EventKind
from db.progress import Progress
from db.rules import observation
from db.rules.age import age_on
from forms.case_fields import AT_HOME
from printing.case_print import CasePrint
from printing.papers import RELEASE, notice_for, notice_title


class CaseSelectionError(LedgerError):
    """--cases names something that is not a case; the message says what."""


def committee_name(village: Village | None) -> str:
    if village is None or not village.name:
        return "村民委员会"
    return f"{village.name}村民委员会" if not village.name.endswith("委员会") else village.name


def select_case_ids(spec: str, today: date | None = None) -> list[int]:
    """ "active" (every running case), "today" (cases that started today) or "12,15,…" (case numbers)."""
    today = today or date.today()
    spec = spec.strip()
    if spec == "active":
        query = Case.select(Case.id).where(Case.status == CaseStatus.ACTIVE.value)
    elif spec == "today":
        query = Case.select(Case.id).where((Case.start_date == today) & (Case.status == CaseStatus.ACTIVE.value))
    else:
        try:
            wanted = [int(part) for part in spec.replace("，", ",").split(",") if part.strip()]
        except ValueError:
            raise CaseSelectionError(f"“{spec}”不是 active、today 或以逗号分隔的编号") from None
        found = {c.id for c in Case.select(Case.id).where(Case.id.in_(wanted))}
        missing = [str(n) for n in wanted if n not in found]
        if missing:
            raise CaseSelectionError(f"没有编号为 {'、'.join(missing)} 的管控对象")
        return wanted
    return [c.id for c in query.order_by(Case.id)]


def case_prints(case_ids: list[int], printed_on: date | None = None) -> list[CasePrint]:
    """The cases in the given order, with everything their papers print."""
    printed_on = printed_on or date.today()
    village = Village.select().first()
    query = (
        Case.select(Case, Person, Household, Grid).join(Person).join(Household).join(Grid).where(Case.id.in_(case_ids))
    )
    by_id = {case.id: case for case in query}
    since = _kind_since(case_ids)
    return [_case_print(by_id[i], village, printed_on, since.get(i)) for i in case_ids if i in by_id]


def _kind_since(case_ids: list[int]) -> dict[int, date]:
    """The day each case's present kind began, where a transfer or a stage change (not the start) set it."""
    kinds = (EventKind.TO_CENTRAL.value, EventKind.TO_HOME.value, EventKind.STAGE.value)
    since: dict[int, date] = {}
    query = CaseEvent.select(CaseEvent, Case).join(Case).where(CaseEvent.case.in_(case_ids) & CaseEvent.kind.in_(kinds))
    for event in query:
        case_id = event.case_id
        since[case_id] = max(event.on, since.get(case_id, event.on))
    return since


def _case_print(case: Case, village: Village | None, printed_on: date, since: date | None) -> CasePrint:
    person = case.person
    stages = observation.parse_stages(case.stages)
    period = observation.period_of(stages, case.start_date, case.exposure_date, case.count_from)
    if case.kind == CaseKind.CENTRAL.value and case.site:
        address = f"{case.site}{case.room and ' ' + case.room + '房间'}"
    else:
        address = case.address or person.household.grid.name + person.household.door_no
        if village is not None and village.name and not address.startswith(village.name):
            address = village.name + address  # a seal on a door reads "东风村一组12号"
    return CasePrint(
        case_id=case.id,
        serial=case.seal_no,
        person_name=person.name,
        sex=person.sex,
        age=age_on(person.birth_date, printed_on),
        id_number=person.id_number or "",
        phone=case.phone or person.phone,
        address=address,
        kind=case.kind,
        stages=period.stages,
        start=period.first_day,
        end=period.last_day,
        release_due=period.release_due,
        released_on=case.ended_on if case.status == CaseStatus.RELEASED.value else None,
        grid_worker=case.grid_worker,
        grid_worker_phone=case.grid_worker_phone,
        doctor=case.doctor,
        doctor_phone=case.doctor_phone,
        supervision_phone=(village.office_phone if village and village.office_phone else case.grid_worker_phone),
        village=village.name if village else "",
        committee=committee_name(village),
        township=village.township if village else "",
        printed_on=printed_on,
        since=since,
    )


@dataclass(frozen=True)
class LeftOut:
    """A case the batch does not print, and why (in the clerk's words)."""

    case_id: int
    name: str
    reason: str


@dataclass
class Batch:
    """Which of the chosen cases a document prints, which of those are drafts, and which are left out."""

    document: str
    case_ids: list[int] = field(default_factory=list)
    drafts: list[int] = field(default_factory=list)  # release notices of cases not yet released
    left_out: list[LeftOut] = field(default_factory=list)
    title: str = ""  # what the batch is called: the notices' own title when all are of one kind
    names: dict[int, str] = field(default_factory=dict)  # every chosen case's person
    no_seal: list[int] = field(default_factory=list)  # notices and seals: printed a notice, but no seal

    def reasons(self) -> list[str]:
        """ "仍在观察期内（11-15 期满解除）：张三、李四": the cases left out, grouped by why."""
        by_reason: dict[str, list[str]] = {}
        for left in self.left_out:
            by_reason.setdefault(left.reason, []).append(left.name)
        return [f"{reason}：{_names(names)}" for reason, names in by_reason.items()]

    def report(self) -> list[str]:
        """What the clerk is told besides the file: drafts, seals not made, and the cases left out and why."""
        lines = []
        if self.drafts:
            who = _names([self.names[i] for i in self.drafts])
            lines.append(
                f"其中 {len(self.drafts)} 份为草稿（待确认）：{who} 今天期满、尚未办理解除，"
                "核实无异常并在台账中办理解除后，再打印正式告知书。"
            )
        if self.no_seal:
            lines.append(
                f"{CaseKind.CENTRAL.value}的 {len(self.no_seal)} 人只印告知书，不印封条："
                f"{_names([self.names[i] for i in self.no_seal])}"
            )
        if self.left_out:
            lines.append(f"未打印 {len(self.left_out)} 人：")
            lines += [f"  {reason}" for reason in self.reasons()]
        return lines

    def nothing_message(self) -> str:
        if not self.left_out:
            return "没有要打印的管控对象"
        why = "；".join(self.reasons())
        return f"没有可以打印{self.title}的管控对象（{len(self.left_out)} 人都不能打印）：{why}"


def _names(names: list[str]) -> str:
    return "、".join(names[:10]) + (f" 等 {len(names)} 人" if len(names) > 10 else "")


def plan_batch(document: str, case_ids: list[int], today: date | None = None) -> Batch:
    """Which cases a document may be printed for: a release notice only for a case released (dated its
    release day) or due today with no unhandled fever or symptom (a draft); a seal only at a door."""
    from printing.documents import DOCUMENTS

    today = today or date.today()
    cases = {c.id: c for c in Case.select(Case, Person).join(Person).where(Case.id.in_(case_ids))}
    wanted = [(i, cases[i]) for i in dict.fromkeys(case_ids) if i in cases]
    batch = Batch(document, title=DOCUMENTS[document].title, names={i: c.person.name for i, c in wanted})
    if document == "release-notices":
        alerts = _unhandled_alerts([i for i, _case in wanted])
        for i, case in wanted:
            reason = _no_release_notice(case, today, alerts.get(i))
            if reason:
                batch.left_out.append(LeftOut(i, case.person.name, reason))
                continue
            batch.case_ids.append(i)
            if case.status != CaseStatus.RELEASED.value:
                batch.drafts.append(i)
        return batch
    for i, case in wanted:
        if document == "seals" and case.kind not in AT_HOME:
            batch.left_out.append(LeftOut(i, case.person.name, f"{case.kind}，不张贴封条"))
        else:
            batch.case_ids.append(i)
    kinds = [cases[i].kind for i in batch.case_ids]
    if document == "notices":
        batch.title = notice_title(kinds)
    elif document == "notices-and-seals":
        batch.no_seal = [i for i in batch.case_ids if cases[i].kind not in AT_HOME]
    return batch


class Alert(NamedTuple):
    """A fever or symptom reading with no action recorded."""

    on: date
    slot: str
    value: float | None
    symptoms: str


def _unhandled_alerts(case_ids: list[int]) -> dict[int, Alert]:
    """The earliest unhandled fever or symptom reading of each case (上午 sorts before 下午)."""
    query = (
        Reading.select(Reading, Case)
        .join(Case)
        .switch(Reading)
        .join(FeverAction, JOIN.LEFT_OUTER)
        .where(Reading.case.in_(case_ids) & ALERT_CONDITION & FeverAction.reading.is_null())
        .order_by(Reading.on, Reading.slot)
    )
    found: dict[int, Alert] = {}
    for r in query:
        found.setdefault(r.case_id, Alert(r.on, r.slot, r.value, r.symptoms))
    return found


def _no_release_notice(case: Case, today: date, alert: Alert | None) -> str:
    """Why the case may not have a release notice today ("" when it may)."""
    if case.status == CaseStatus.RELEASED.value:
        return ""
    if case.status != CaseStatus.ACTIVE.value:
        return f"{case.status}，未解除"
    if alert is not None:
        fever = [f"{alert.value:.1f}℃"] if alert.value is not None and alert.value >= FEVER_AT else []
        what = " ".join([*fever, alert.symptoms.strip()]).strip()
        return f"有未处置的发热或症状（{alert.on:%m-%d} {alert.slot} {what}），不能解除"
    if case.release_due > today:
        return f"仍在观察期内（{case.release_due:%m-%d} 期满解除）"
    if case.release_due < today:
        return f"{case.release_due:%m-%d} 已期满、尚未办理解除，请先在台账中办理解除"
    return ""


@dataclass(frozen=True)
class Made:
    """A batch's PDF, made but not yet printed, and what its record will say once it is (note_printed)."""

    path: Path
    record: prints.PrintRecord


def make_batch(
    document: str, case_ids: list[int], out: Path, progress: Progress | None = None, today: date | None = None
) -> Made:
    """Write one PDF of a document for the cases it may be printed for (plan_batch), in the clerk's
    current wording of each paper. Nothing is recorded: a PDF looked at is not a paper handed out."""
    from db.quarantine_actions import current_template
    from printing.documents import DOCUMENTS

    today = today or date.today()
    doc = DOCUMENTS[document]
    batch = plan_batch(document, case_ids, today)
    cases = case_prints(batch.case_ids, today)
    if not cases:
        raise CaseSelectionError(batch.nothing_message())
    served: str | None = None
    version: int | dict[str, int] | None = None
    if doc.papers:
        release = document == "release-notices"
        used = [RELEASE.template] if release else sorted({notice_for(c).template for c in cases})
        templates = {kind: current_template(kind) for kind in used}
        served = prints.RELEASE_NOTICE if release else prints.NOTICE  # a notice of whichever kind
        versions = {kind: t.version if t else 0 for kind, t in templates.items()}
        version = versions[used[0]] if len(used) == 1 else versions
        wording = {kind: t.body for kind, t in templates.items() if t is not None}
        path = doc.render(cases, out, progress, template=wording)
    else:
        path = doc.render(cases, out, progress)
    drafts = f"，其中 {len(batch.drafts)} 份草稿（待确认）" if batch.drafts else ""
    summary = f"打印{batch.title}（{len(cases)} 人{drafts}）"
    return Made(path, prints.PrintRecord(summary, batch.title, tuple(c.case_id for c in cases), served, version))


def note_printed(made: Made, where: str) -> None:
    """Record in the audit that the batch was printed or saved, and where to (a printer, a file)."""
    prints.record_print(made.record, where)


def print_batch(
    document: str, case_ids: list[int], out: Path, progress: Progress | None = None, today: date | None = None
) -> Path:
    """make_batch, then note_printed: the headless `print` command's file is the paper it hands out
    (so the role is asked first: a refused print writes no file)."""
    prints.may_print()
    made = make_batch(document, case_ids, out, progress, today)
    note_printed(made, str(made.path))
    return made.path
