"""The township's official lists that go with the daily report, each on a sheet of its own in the form's column
order, built by the row builders of the lists' own exports (nothing computed twice):

- 重点人员排查登记表 (02-screening.md Layout B, with 03-returnees.md's key-area questions): the key persons of
  the latest screening round begun by the day — findings with a fever, a symptom, key-area travel or a contact
  (db.queries.screening.abnormal_findings) on visits dated up to the day, in the register's order
  (forms.screening_export.register_rows).
- 发热人员登记表 (08-fever.md "Most common layout"): the fevers dated the day — temperature readings of people
  under observation, screening findings and checkpoint entries at or above FEVER_AT, the records the report's
  "fevers" source counts (db.reports.sources), with what each record says about symptoms and handling.
- 卡点登记汇总 (09-checkpoint.md sheet A, 卡点 added after 序号): every checkpoint's entries of the day
  (forms.checkpoint_export.people_rows), and beside it 卡点车辆登记汇总 (sheet B: the day's vehicles, each with
  its driver and the others in it), so 登记人次 and 登记车次 can both be checked.
- 核查反馈表 (10-pushed-list-feedback.md): every pushed name received up to the day, with the village's
  columns (forms.feedback_export.village_cells) and its state as of the day.

The daily export computes every list inside db.reports.figures.as_reported(day), so a past day's lists read
the ledger as it stood at the day's cut-off and come out the same after later edits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from db.base import database
from db.models import Finding, GateEntry, Person, PushedBatch, PushedItem, Reading, ScreeningRound, Village
from db.models.quarantine import FeverAction
from db.models.screening import Contact
from db.queries.checkpoints import register_lines, vehicle_lines
from db.queries.screening import abnormal_findings, register
from db.reports.sources import SOURCES
from db.rules.age import age_on
from db.rules.chinese_dates import long_date
from forms.checkpoint_export import _people_spec, _vehicle_spec, people_rows, vehicle_rows
from forms.excel.report_sheet import SheetSpec
from forms.feedback_export import VILLAGE_COLUMNS, village_cells
from forms.screening_export import REGISTER, register_rows

SCREENING, FEVER, CHECKPOINT, VEHICLES, FEEDBACK = "screening", "fever", "checkpoint", "vehicles", "feedback"
YES, NO = "是", "否"
Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class OfficialList:
    """One official list: its sheet (tab name, columns in the form's order, text columns), its title after the
    village's name, and its rows for a day (read from the ledger as it stands: call inside as_reported)."""

    key: str
    sheet: SheetSpec
    title: str
    rows: Callable[[date, Village | None], Rows]


def reviewer_of(village: Village | None, reviewer: str = "") -> str:
    """The reviewer named for this export, else the one in the village's settings."""
    return reviewer.strip() or (village.reviewer if village else "")


def header_line(village: Village | None, day: date, reviewer: str = "") -> str:
    """填报单位 · 填报日期 · 填报人 · 审核人 · 联系电话 (the forms' header lines)."""
    unit = f"{village.township}{village.name}" if village else ""
    clerk = (village.clerk if village else "") or "______"
    phone = (village.office_phone if village else "") or "______"
    checker = reviewer_of(village, reviewer) or "______"
    return (
        f"填报单位(村/社区)：{unit}    填报日期：{long_date(day)}    填报人：{clerk}    "
        f"审核人：{checker}    联系电话：{phone}"
    )


# --- 重点人员排查登记表 -------------------------------------------------------------------------------


def screening_rows(day: date, village: Village | None) -> Rows:
    """The key persons of the latest round begun by the day, found on visits up to the day."""
    latest = (
        ScreeningRound.select()
        .where(ScreeningRound.starts_on <= day)
        .order_by(ScreeningRound.starts_on.desc(), ScreeningRound.id.desc())
        .first()
    )
    if latest is None:
        return []
    key = {found.finding_id for found in abnormal_findings(latest.id) if found.on <= day}
    lines = [line for line in register(latest.id) if line.finding_id in key and line.on <= day]
    return register_rows(lines, village)


# --- 发热人员登记表 ----------------------------------------------------------------------------------

FEVER_COLUMNS = (
    ("序号", 5),
    ("姓名", 9),
    ("性别", 5),
    ("年龄", 5),
    ("身份证号码", 20),
    ("联系电话", 13),
    ("目前居住地(详细到户号)", 18),
    ("是否发烧", 6),
    ("体温(℃)", 7),
    ("发现日期", 11),
    ("伴随症状", 12),
    ("是否接触过湖北等疫区人员", 10),
    ("接触过疫区人员的姓名", 10),
    ("买药用途", 8),
    ("发现途径", 9),
    ("处置情况", 14),
    ("就诊医院及结果", 16),
    ("备注", 16),
)


def fever_rows(day: date, village: Village | None) -> Rows:
    """The fevers dated the day, in the order the report's source gives them: readings, findings, entries."""
    source = SOURCES["fevers"]
    sql = (
        "SELECT id, person, found_by, temperature, clinic, p_name, p_sex, p_id_number, p_phone, p_address "
        f"FROM ({source.sql}) WHERE start = :day"
    )
    found = list(database.connection().execute(sql, {"day": day.isoformat()}))
    births = {
        p.id: p.birth_date
        for p in Person.select(Person.id, Person.birth_date).where(Person.id.in_([r[1] for r in found if r[1]]))
    }
    rows: Rows = []
    for key, person, found_by, temperature, clinic, name, sex, id_number, phone, address in found:
        details = _fever_details(str(key))
        age = age_on(births.get(person), day)
        rows.append(
            {
                "序号": len(rows) + 1,
                "姓名": name or "",
                "性别": sex or "",
                "年龄": "" if age is None else age,
                "身份证号码": id_number or "",
                "联系电话": phone or "",
                "目前居住地(详细到户号)": _address(village, address or ""),
                "是否发烧": YES,
                "体温(℃)": temperature,
                "发现日期": day.isoformat(),
                "伴随症状": details.get("symptoms", "") or "无",
                "是否接触过湖北等疫区人员": details.get("key_area", ""),
                "发现途径": found_by,
                "处置情况": details.get("handling", "") or ("送发热门诊" if clinic == YES else ""),
                "就诊医院及结果": details.get("result", ""),
                "备注": details.get("note", ""),
            }
        )
    return rows


def _fever_details(key: str) -> dict[str, str]:
    """What the record behind a fever says (its id is the source's: r… a reading, f… a finding, g… an entry)."""
    kind, number = key[:1], int(key[1:])
    if kind == "r":
        reading = Reading.get_by_id(number)
        action = FeverAction.get_or_none(FeverAction.reading == number)
        handling = reading.case.kind  # under observation already: where it is kept, unless reported on
        if action is not None:
            handling = "120转运送发热门诊" if action.transfer_120 else f"已报{action.reported_to}"
        return {
            "symptoms": reading.symptoms,
            "handling": handling,
            "result": action.result if action is not None else "",
            "note": f"隔离观察 {reading.slot}体温" + (f"；{reading.note}" if reading.note else ""),
        }
    if kind == "f":
        finding = Finding.get_by_id(number)
        key_area = YES if finding.area_code is not None or finding.contact == Contact.KEY_AREA.value else NO
        return {"symptoms": finding.symptoms, "key_area": key_area, "handling": finding.measure, "note": finding.note}
    entry = GateEntry.get_by_id(number)
    return {
        "symptoms": entry.symptoms,
        "key_area": YES if entry.from_area_code is not None else NO,
        "handling": entry.outcome,
        "note": "；".join(p for p in (f"从{entry.from_place}来" if entry.from_place else "", entry.note) if p),
    }


def _address(village: Village | None, door: str) -> str:
    name = village.name if village else ""
    return door if not door or not name or door.startswith(name) else name + door


# --- 卡点登记汇总 ------------------------------------------------------------------------------------


def checkpoint_rows(day: date, village: Village | None) -> Rows:
    """Every checkpoint's entries of the day, numbered through, each with its checkpoint's name."""
    lines = register_lines(day)
    return [{**row, "卡点": line.checkpoint} for row, line in zip(people_rows(lines), lines, strict=True)]


def vehicle_rows_of_day(day: date, village: Village | None) -> Rows:
    """Sheet B of every checkpoint: the day's vehicles, numbered through, each with its checkpoint's name."""
    cars = vehicle_lines(day)
    return [{**row, "卡点": car.checkpoint} for row, car in zip(vehicle_rows(cars), cars, strict=True)]


def _with_checkpoint(spec: SheetSpec, name: str, title: str) -> SheetSpec:
    """A register sheet of all checkpoints together: 卡点 after 序号."""
    columns = (spec.columns[0], ("卡点", 10), *spec.columns[1:])
    return replace(spec, name=name, title=title, columns=columns, frozen=3)


# --- 核查反馈表 --------------------------------------------------------------------------------------

FEEDBACK_COLUMNS = (
    ("序号", 5),
    ("下发单位", 10),
    ("下发批次(编号)", 12),
    ("下发日期", 11),
    ("姓名", 9),
    ("身份证号", 20),
    ("联系电话", 13),
    ("来源地", 12),
    ("到达本地时间", 11),
    *VILLAGE_COLUMNS,
)


def feedback_rows(day: date, village: Village | None) -> Rows:
    """Every pushed name received up to the day, by batch as received, then the township's row order."""
    cutoff = datetime.combine(day, datetime.max.time())
    items = (
        PushedItem.select(PushedItem, PushedBatch)
        .join(PushedBatch)
        .where(PushedBatch.received_at <= cutoff)
        .order_by(PushedBatch.received_at, PushedBatch.id, PushedItem.row_no)
    )
    headers = [name for name, _width in VILLAGE_COLUMNS]
    rows: Rows = []
    for item in items:
        batch = item.batch
        ours = dict(zip(headers, village_cells(item), strict=True))
        if isinstance(ours["核查时间"], datetime):
            ours["核查时间"] = ours["核查时间"].strftime("%Y-%m-%d %H:%M")
        rows.append(
            {
                "序号": len(rows) + 1,
                "下发单位": batch.issuer or batch.source.name,
                "下发批次(编号)": batch.batch_no,
                "下发日期": batch.issued_on.isoformat() if batch.issued_on else "",
                "姓名": item.name,
                "身份证号": item.id_number,
                "联系电话": item.phone,
                "来源地": item.origin,
                "到达本地时间": item.arrived_on.isoformat() if item.arrived_on else "",
                **ours,
            }
        )
    return rows


# --- the lists ---------------------------------------------------------------------------------------

_ID_AND_PHONE = frozenset({"身份证号", "身份证号码", "联系电话"})

OFFICIAL_LISTS: dict[str, OfficialList] = {
    SCREENING: OfficialList(
        SCREENING,
        replace(REGISTER, name="重点人员排查登记表", title="重点人员排查登记表", text=REGISTER.text | _ID_AND_PHONE),
        "重点人员排查登记表",
        screening_rows,
    ),
    FEVER: OfficialList(
        FEVER,
        SheetSpec(
            "发热人员登记表",
            "发热人员登记表",
            FEVER_COLUMNS,
            text=_ID_AND_PHONE,
            centred=frozenset({"序号", "性别", "年龄", "是否发烧", "体温(℃)", "发现日期", "是否接触过湖北等疫区人员"}),
            formats={"体温(℃)": "0.0"},
        ),
        "发热人员登记表",
        fever_rows,
    ),
    CHECKPOINT: OfficialList(
        CHECKPOINT,
        _with_checkpoint(_people_spec("卡点登记汇总"), "卡点登记汇总", "卡点登记汇总表"),
        "卡点登记汇总表",
        checkpoint_rows,
    ),
    VEHICLES: OfficialList(
        VEHICLES,
        _with_checkpoint(_vehicle_spec("卡点车辆登记汇总"), "卡点车辆登记汇总", "卡点车辆登记汇总表"),
        "卡点车辆登记汇总表",
        vehicle_rows_of_day,
    ),
    FEEDBACK: OfficialList(
        FEEDBACK,
        SheetSpec(
            "核查反馈表",
            "核查反馈表",
            FEEDBACK_COLUMNS,
            text=_ID_AND_PHONE | {"核实联系电话"},
            centred=frozenset({"序号", "下发日期", "到达本地时间", "核查方式", "核查状态"}),
            frozen=5,
        ),
        "核查反馈表",
        feedback_rows,
    ),
}
