"""The quarantine ledger's cases as the plain values the documents print (CasePrint), and which cases
a batch means: the screen's selection and the headless `--cases active|today|ID,…` read the same here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from db.errors import LedgerError
from db.models import Case, Grid, Household, Person, Village
from db.models.quarantine import CaseKind, CaseStatus
from db.progress import Progress
from db.rules import observation
from db.rules.age import age_on
from db.session import Can
from printing.case_print import CasePrint


class CaseSelectionError(LedgerError):
    """--cases names something that is not a case; the message says what."""


def committee_name(village: Village | None) -> str:
    if village is None or not village.name:
        return "村民委员会"
    return f"{village.name}村民委员会" if not village.name.endswith("委员会") else village.name


def select_case_ids(spec: str, today: date | None = None) -> list[int]:
    """"active" (every running case), "today" (cases that started today) or "12,15,…" (case numbers)."""
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
        Case.select(Case, Person, Household, Grid)
        .join(Person).join(Household).join(Grid)
        .where(Case.id.in_(case_ids))
    )
    by_id = {case.id: case for case in query}
    return [_case_print(by_id[i], village, printed_on) for i in case_ids if i in by_id]


def _case_print(case: Case, village: Village | None, printed_on: date) -> CasePrint:
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
        age=age_on(person.birth_date, printed_on) if person.birth_date else None,
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
    )


#: The notice template kind (db Template.kind) each document reads its wording from.
TEMPLATE_KINDS = {"notices": "notice", "notices-and-seals": "notice", "release-notices": "release_notice"}


def print_batch(document: str, case_ids: list[int], out: Path, progress: Progress | None = None) -> Path:
    """Write one PDF of a document for these cases (the clerk's current wording), and note it in the audit."""
    from db import changes
    from db.quarantine_actions import current_template
    from printing.documents import DOCUMENTS

    doc = DOCUMENTS[document]
    cases = case_prints(case_ids)
    if not cases:
        raise CaseSelectionError("没有要打印的管控对象")
    details: dict[str, object] = {"document": doc.title, "cases": [c.case_id for c in cases], "file": str(out)}
    if doc.default_template is not None:
        template = current_template(TEMPLATE_KINDS[document])
        details["template"] = TEMPLATE_KINDS[document]  # "notice": the household was served its notice
        details["template_version"] = template.version if template else 0
        path = doc.render(cases, out, progress, template=template.body if template else None)
    else:
        path = doc.render(cases, out, progress)
    with changes.transaction(f"打印{doc.title}（{len(cases)} 人）", needs=Can.PRINT) as cs:
        cs.note("print", "case", details)
    return path
