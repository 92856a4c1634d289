"""居家隔离人员名单 and 集中隔离人员名单 for a chosen day, in the column order of the shared forms
(04-home-isolation.md "Most common layout", 05-central-isolation.md "Village list").

Who is on a day's list, and where, is db.rules.case_day's rule: a case under observation that day, on the
list of where it was kept (居家健康监测 goes on the home list, marked in 备注). On the day of a transfer it is
on both lists: on the one it left with 当前状态 转集中隔离 (home) or 解除后去向 转居家隔离 (central).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from db import exports, prints
from db.models import Case, CaseEvent, Grid, Household, Person, Reading, Village
from db.models.household import PersonStatus
from db.models.quarantine import FEVER_AT, CaseKind, CaseStatus, EventKind
from db.progress import Progress, check_cancelled
from db.quarantine_actions import is_alert
from db.queries.cases import STATUS_WORDS
from db.rules import observation
from db.rules.age import age_on
from db.rules.case_day import DayState, on_list
from db.rules.chinese_dates import long_date, short_date
from forms.case_fields import AT_HOME, DOCTOR
from forms.definitions.case import shown_reason
from forms.excel.report_sheet import SheetSpec, write_sheet
from forms.excel.report_style import (
    add_meta,
)
from forms.excel.workbook_files import META_SHEET, expect_rows, save_verified

HOME, CENTRAL = "home", "central"

#: (header, column width); the headers are the forms' own, in their order.
HOME_COLUMNS = (
    ("序号", 5),
    ("姓名", 9),
    ("性别", 5),
    ("年龄", 5),
    ("身份证号码", 20),
    ("联系电话", 13),
    ("隔离地址", 16),
    ("户籍地址", 20),
    ("隔离原因", 10),
    ("末次接触日期", 11),
    ("隔离开始日期", 11),
    ("预计解除日期", 11),
    ("包保责任人", 24),
    ("告知书/承诺书/封条", 10),
    ("健康状况", 10),
    ("实际解除日期", 11),
    ("当前状态", 9),
    ("备注", 20),
)
CENTRAL_COLUMNS = (
    ("序号", 5),
    ("姓名", 9),
    ("性别", 5),
    ("身份证号码", 20),
    ("联系电话", 13),
    ("家庭住址", 18),
    ("人员类别", 10),
    ("隔离点名称", 16),
    ("房间号", 7),
    ("入住(转运)时间", 11),
    ("预计解除日期", 11),
    ("实际解除日期", 11),
    ("解除后去向", 10),
    ("解除后随访", 18),
    ("备注", 18),
)
#: Columns kept as text cells (an 18-digit ID number or a phone must not become a number).
TEXT_COLUMNS = frozenset({"身份证号码", "联系电话", "包保责任人"})
_CENTRED_COLUMNS = frozenset({"序号", "性别", "年龄", "当前状态", "健康状况", "告知书/承诺书/封条", "房间号"})


@dataclass(frozen=True)
class IsolationList:
    """One of the township's two lists: its title, its columns as the form has them, and the kinds it holds."""

    key: str
    title: str
    columns: tuple[tuple[str, int], ...]
    kinds: frozenset[str]

    @property
    def headers(self) -> list[str]:
        return [name for name, _width in self.columns]

    @property
    def sheet(self) -> SheetSpec:
        """The sheet it is written as: ID numbers, phones and the responsible person as text; 序号 and 姓名 kept
        in view when scrolling right."""
        return SheetSpec(self.title, self.title, self.columns, TEXT_COLUMNS, _CENTRED_COLUMNS)


LISTS = {
    HOME: IsolationList(HOME, "居家隔离人员名单", HOME_COLUMNS, AT_HOME),
    CENTRAL: IsolationList(CENTRAL, "集中隔离人员名单", CENTRAL_COLUMNS, frozenset({CaseKind.CENTRAL.value})),
}

# --- the rows --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    day: date
    village: Village | None
    readings: dict[int, list[Reading]]
    noticed: set[int]


def list_rows(key: str, day: date, today: date | None = None) -> list[dict[str, Any]]:
    """The rows of a day's list, each a dict by the list's headers (序号 included), in roster order."""
    wanted = LISTS[key]
    today = today or date.today()
    cases = list(
        Case.select(Case, Person, Household, Grid)
        .join(Person)
        .join(Household)
        .join(Grid)
        .where((Case.start_date <= day) & (Case.ended_on.is_null() | (Case.ended_on >= day)))
        .order_by(Grid.sort_order, Household.number, Person.sort_key, Case.id)
    )
    events: dict[int, list[CaseEvent]] = {c.id: [] for c in cases}
    for event in CaseEvent.select().where(CaseEvent.case.in_(list(events))).order_by(CaseEvent.on, CaseEvent.id):
        events[event.case_id].append(event)
    chosen: list[tuple[Case, DayState, DayState | None]] = []
    for case in cases:
        found = on_list(case, events[case.id], wanted.kinds, day, today)
        if found is not None:
            chosen.append((case, *found))
    context = _Context(
        day, Village.select().first(), _readings_on([c.id for c, _s, _m in chosen], day), prints.noticed_by(day)
    )
    build = _home_row if key == HOME else _central_row
    return [{"序号": n, **build(case, state, moved, context)} for n, (case, state, moved) in enumerate(chosen, 1)]


def _home_row(case: Case, state: DayState, moved: DayState | None, ctx: _Context) -> dict[str, Any]:
    person = case.person
    status = _home_status(state, moved)
    notes = []
    if state.kind == CaseKind.MONITOR.value:
        later = state.since > case.start_date
        notes.append(f"居家健康监测（{short_date(state.since)}起）" if later else "居家健康监测")
    elif state.transferred and state.since > case.start_date:
        notes.append(f"{short_date(state.since)}由集中隔离转居家")
    age = age_on(person.birth_date, ctx.day)
    return {
        "姓名": person.name,
        "性别": person.sex,
        "年龄": "" if age is None else age,  # no age for a birth date after the day
        "身份证号码": person.id_number or "",
        "联系电话": case.phone or person.phone,
        "隔离地址": _in_village(ctx.village, case.address or _door(person)),
        "户籍地址": "" if person.status == PersonStatus.TEMPORARY.value else _registered_address(ctx.village, person),
        "隔离原因": shown_reason(case.reason, case.reason_text, case.origin),
        "末次接触日期": _iso(case.exposure_date),
        "隔离开始日期": _iso(case.start_date),
        "预计解除日期": _iso(case.release_due),
        "包保责任人": _team(case),
        "告知书/承诺书/封条": "/".join(
            (
                "是" if case.id in ctx.noticed else "否",
                "—",  # the pledge is not recorded by the program
                "是" if case.seal_posted_on is not None and case.seal_posted_on <= ctx.day else "否",
            )
        ),
        "健康状况": _health(ctx.readings.get(case.id, [])),
        "实际解除日期": _iso(state.status_since) if state.status == CaseStatus.RELEASED.value and moved is None else "",
        "当前状态": status,
        "备注": _notes(notes, state, case),
    }


#: 当前状态 of a running case: the forms' word (the screens say 在管).
UNDER_OBSERVATION = "隔离中"


def _home_status(state: DayState, moved: DayState | None) -> str:
    """当前状态 in the screens' words (db.queries.cases.STATUS_WORDS: 失联外出 for a case gone, 已解除 …)."""
    if moved is not None:
        return EventKind.TO_CENTRAL.value
    if state.status == CaseStatus.ACTIVE.value:
        return UNDER_OBSERVATION
    return STATUS_WORDS.get(state.status, state.status)


def _central_row(case: Case, state: DayState, moved: DayState | None, ctx: _Context) -> dict[str, Any]:
    person = case.person
    released = ""
    destination = ""
    if moved is not None:
        released, destination = _iso(moved.since), "转居家隔离"
    elif state.status == CaseStatus.RELEASED.value:
        released, destination = _iso(state.status_since), "返家"
    elif state.status == CaseStatus.HOSPITAL.value:
        destination = "转定点医院"
    return {
        "姓名": person.name,
        "性别": person.sex,
        "身份证号码": person.id_number or "",
        "联系电话": case.phone or person.phone,
        "家庭住址": _in_village(ctx.village, _door(person)),
        "人员类别": shown_reason(case.reason, case.reason_text, case.origin),
        "隔离点名称": case.site,
        "房间号": case.room,
        "入住(转运)时间": _iso(state.since),
        "预计解除日期": _iso(state.due),
        "实际解除日期": released,
        "解除后去向": destination,
        "解除后随访": _after_central(case, state),
        "备注": _notes([], state, case),
    }


def _after_central(case: Case, state: DayState) -> str:
    """For a policy that goes on at home after the central stage: which stage and when."""
    if state.transferred:
        return ""
    period = observation.period_of(
        observation.parse_stages(case.stages), case.start_date, case.exposure_date, case.count_from
    )
    later = [s for s in period.stages if s[1] >= state.due]
    return "；".join(f"{kind} {short_date(first)}—{short_date(last)}" for kind, first, last in later)


def _notes(notes: list[str], state: DayState, case: Case) -> str:
    if state.status == CaseStatus.MISSING.value:
        notes.append(f"失联外出（{short_date(state.status_since)}起）")
    if case.note:
        notes.append(case.note)
    return "；".join(notes)


def _team(case: Case) -> str:
    """包保责任人: the one who answers for the case (the column's own name), then the village doctor, each with
    a phone, in the terms of the definitions (forms.case_fields)."""
    parts = []
    for role, name, phone in (("", case.grid_worker, case.grid_worker_phone), (DOCTOR, case.doctor, case.doctor_phone)):
        if name or phone:
            parts.append(" ".join(p for p in (f"{role}{name}", phone) if p))
    return "\n".join(parts)  # one line each when printed


def _health(readings: list[Reading]) -> str:
    found = [r for r in readings if is_alert(r.value, r.symptoms)]
    if not found:
        return "正常"
    what = []
    for r in found:
        if r.value is not None and r.value >= FEVER_AT:
            what.append(f"{r.value:.1f}℃")
        what.extend(s for s in r.symptoms.replace("，", "、").replace(",", "、").split("、") if s.strip())
    return f"异常（{' '.join(dict.fromkeys(what))}）"


def _readings_on(case_ids: list[int], day: date) -> dict[int, list[Reading]]:
    found: dict[int, list[Reading]] = {}
    for r in Reading.select().where(Reading.case.in_(case_ids) & (Reading.on == day)).order_by(Reading.slot):
        found.setdefault(r.case_id, []).append(r)
    return found


def _door(person: Person) -> str:
    return person.household.grid.name + person.household.door_no


def _in_village(village: Village | None, address: str) -> str:
    name = village.name if village else ""
    return address if not name or address.startswith(name) else name + address


def _registered_address(village: Village | None, person: Person) -> str:
    region = f"{village.county}{village.township}" if village else ""
    return region + _in_village(village, _door(person))


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


# --- the workbook --------------------------------------------------------------------------------


def list_title(key: str, village: Village | None = None) -> str:
    village = village if village is not None else Village.select().first()
    return f"{village.name if village else ''}{LISTS[key].title}"


def default_file_name(key: str, day: date) -> str:
    """ "东风村居家隔离人员名单_20261124.xlsx"."""
    return f"{list_title(key)}_{day:%Y%m%d}.xlsx"


def header_line(village: Village | None, day: date) -> str:
    unit = f"{village.township}{village.name}" if village else ""
    clerk = village.clerk if village else ""
    phone = village.office_phone if village else ""
    return f"填报单位(村/社区)：{unit}    填报日期：{long_date(day)}    填报人：{clerk}    联系电话：{phone}"


def export_isolation_list(
    key: str, day: date, target: Path, progress: Progress | None = None, today: date | None = None
) -> int:
    """Write the day's list to target (temp file, read back, renamed) and note it in the audit trail;
    returns the number of people (an empty list is a valid workbook with one （无） row)."""
    wanted = LISTS[key]
    exports.may_export()  # before anything is written: the list carries full ID numbers
    village = Village.select().first()
    rows = list_rows(key, day, today)
    check_cancelled(progress)
    wb = Workbook(write_only=True)
    written = write_sheet(wb, wanted.sheet, list_title(key, village), header_line(village, day), rows)
    add_meta(wb, f"isolation-{key}", len(rows))
    wb[META_SHEET].append(["day", day.isoformat()])
    save_verified(wb, target, expect_rows(wanted.title, written))
    exports.record_list_export(wanted.title, day, len(rows), target)
    if progress is not None:
        progress.update(1, 1)
    return len(rows)
