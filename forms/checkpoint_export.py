"""A day's checkpoint register for the township: 卡点出入登记表 (09-checkpoint.md), for each checkpoint its people
(sheet A: the columns of forms.definitions.gate_entry, 序号 first) and its vehicles (sheet B), in the form's
column order; a checkpoint with no entries that day is left out unless it was asked for by name.

Full ID numbers and phones, as the screening register has them: the township asked for the register, and the
export needs the export permission (exports.may_export) and is noted in the audit trail. Symptoms and the
flags, which the form has no column for, are in 备注 ("症状：咳嗽；提示：发热 38.1℃"); a case opened from an
entry says so there too.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from db import exports
from db.checkpoint_actions import CheckpointError, record_checkpoint_export
from db.files import check_target
from db.models import Village
from db.progress import Progress, check_cancelled
from db.queries.checkpoints import CheckpointLine, EntryLine, VehicleLine, checkpoints, register_lines, vehicle_lines
from db.rules.chinese_dates import long_date
from forms.definitions.gate_entry import GATE_ENTRY, VEHICLE_COLUMNS
from forms.excel.report_sheet import SheetSpec, expect_sheets, write_sheet
from forms.excel.report_style import add_meta
from forms.excel.workbook_files import save_verified, writing

TITLE = "卡点出入登记表"
PEOPLE_TITLE = "卡点人员出入登记表"
VEHICLE_TITLE = "卡点车辆出入登记表"
YES, NO = "是", "否"

_FIELDS = GATE_ENTRY.export_fields
PEOPLE_COLUMNS = ("序号", *(f.label for f in _FIELDS))
_LABEL = {f.name: f.label for f in _FIELDS}
_VEHICLE_WIDTHS = {"序号": 5, "时间": 6, "车牌号码": 10, "驾驶员身份证号": 20, "驾驶员联系电话": 13, "同车人员": 16}


def _people_spec(name: str) -> SheetSpec:
    return SheetSpec(
        name,
        PEOPLE_TITLE,
        (("序号", 5), *((f.label, f.width) for f in _FIELDS)),
        text=frozenset({_LABEL["id_number"], _LABEL["phone"], _LABEL["plate"], _LABEL["time"]}),
        centred=frozenset({"序号", _LABEL["time"], _LABEL["direction"], _LABEL["is_villager"], _LABEL["temperature"]})
        | {_LABEL["travel_mode"]},
        formats={_LABEL["temperature"]: "0.0"},
    )


def _vehicle_spec(name: str) -> SheetSpec:
    return SheetSpec(
        name,
        VEHICLE_TITLE,
        tuple((h, _VEHICLE_WIDTHS.get(h, 9)) for h in VEHICLE_COLUMNS),
        text=frozenset({"时间", "车牌号码", "驾驶员身份证号", "驾驶员联系电话", "车内人员体温"}),
        centred=frozenset({"序号", "时间", "车辆类型", "同车人数", "是否消毒"}),
        frozen=3,
    )


# --- the rows --------------------------------------------------------------------------------------


def people_rows(lines: list[EntryLine]) -> list[dict[str, Any]]:
    """Sheet A: one row per person passing, numbered in order."""
    rows = []
    for n, line in enumerate(lines, 1):
        values = {
            "time": line.at.strftime("%H:%M"),
            "direction": line.direction,
            "name": line.name,
            "id_number": line.id_number or "",
            "phone": line.phone,
            "address": line.address,
            "is_villager": YES if line.is_villager else NO,
            "from_place": line.from_place,
            "to_place": line.to_place,
            "reason": line.reason,
            "local_contact": line.local_contact,
            "temperature": line.temperature if line.temperature is not None else "",
            "travel_mode": line.travel_mode,
            "plate": line.plate,
            "outcome": line.outcome,
            "recorder": line.recorder,
            "note": _notes(line),
        }
        rows.append({"序号": n, **{_LABEL[k]: v for k, v in values.items()}})
    return rows


def _notes(line: EntryLine) -> str:
    parts = []
    if line.symptoms:
        parts.append(f"症状：{line.symptoms}")
    if line.flags:
        parts.append(f"提示：{line.flags}")
    if line.case_id is not None:
        parts.append("已登记管控")
    return "；".join([*parts, line.note] if line.note else parts)


def vehicle_rows(vehicles: list[VehicleLine]) -> list[dict[str, Any]]:
    """Sheet B: one row per vehicle, its driver's details and the others in it."""
    rows = []
    for n, car in enumerate(vehicles, 1):
        driver = car.driver
        people = ([driver] if driver is not None else []) + list(car.passengers)
        temperatures = [f"{p.temperature:.1f}" for p in people if p.temperature is not None]
        rows.append(
            {
                "序号": n,
                "时间": car.at.strftime("%H:%M"),
                "车牌号码": car.plate,
                "车辆类型": car.vehicle_type,
                "驾驶员姓名": driver.name if driver else "",
                "驾驶员身份证号": (driver.id_number or "") if driver else "",
                "驾驶员联系电话": driver.phone if driver else "",
                "同车人数": len(car.passengers),
                "同车人员": "、".join(p.name for p in car.passengers),
                "出发地": driver.from_place if driver else "",
                "目的地": driver.to_place if driver else "",
                "事由": driver.reason if driver else "",
                "车内人员体温": "、".join(temperatures),
                "是否消毒": YES if car.disinfected else NO,
                "处理结果": car.outcome,
                "登记人": driver.recorder if driver else "",
            }
        )
    return rows


# --- the workbook --------------------------------------------------------------------------------


def header_line(checkpoint: CheckpointLine, day: date, recorders: list[str]) -> str:
    """The register's header: 卡点名称(位置) · 日期 · 值守人员 · 带班(负责人) · 联系电话."""
    place = f"{checkpoint.name}（{checkpoint.place}）" if checkpoint.place else checkpoint.name
    return (
        f"卡点名称(位置)：{place}    日期：{long_date(day)}    值守人员：{'、'.join(recorders)}    "
        f"带班(负责人)：{checkpoint.leader}    联系电话：{checkpoint.leader_phone}"
    )


def default_file_name(day: date, checkpoint: str = "") -> str:
    """ "东风村卡点出入登记表_村东卡点_20261203.xlsx"."""
    village = Village.select().first()
    middle = f"_{checkpoint}" if checkpoint else ""
    return f"{village.name if village else ''}{TITLE}{middle}_{day:%Y%m%d}.xlsx"


def _sheet_names(name: str, taken: set[str]) -> tuple[str, str]:
    """Tab names for a checkpoint's two sheets (Excel: at most 31 characters, none of []:*?/\\)."""
    clean = "".join("_" if c in "[]:*?/\\" else c for c in name)[:24]
    base, n = clean, 2
    while f"{base}-人员" in taken:
        base, n = f"{clean[:21]}({n})", n + 1
    return f"{base}-人员", f"{base}-车辆"


def export_checkpoint_register(
    day: date, target: Path, checkpoint_id: int | None = None, progress: Progress | None = None
) -> int:
    """Write the day's register (one checkpoint's, or every checkpoint's with entries that day) to target
    (temp file, read back, renamed) and note it in the audit trail; returns the number of people in it."""
    exports.may_export()  # before anything is written: the register carries full ID numbers
    every = checkpoints(include_inactive=True)
    if checkpoint_id is not None and all(c.id != checkpoint_id for c in every):
        raise CheckpointError(f"没有编号为 {checkpoint_id} 的卡点")
    check_target(target)
    lines = register_lines(day, checkpoint_id)
    cars = vehicle_lines(day, checkpoint_id, lines)
    check_cancelled(progress)
    village = Village.select().first()
    prefix = village.name if village else ""
    with_entries = {line.checkpoint_id for line in lines}
    chosen = [c for c in every if c.id == checkpoint_id or (checkpoint_id is None and c.id in with_entries)]
    if not chosen:
        raise CheckpointError(f"{day:%Y-%m-%d} 各卡点没有登记，没有可导出的内容")
    wb = Workbook(write_only=True)
    counts: dict[str, int] = {}
    taken: set[str] = set()
    with writing(target, wb):
        for n, checkpoint in enumerate(chosen, 1):
            mine = [line for line in lines if line.checkpoint_id == checkpoint.id]
            recorders = list(dict.fromkeys(line.recorder for line in mine if line.recorder))
            line = header_line(checkpoint, day, recorders)
            people_name, vehicle_name = _sheet_names(checkpoint.name, taken)
            taken.add(people_name)
            people = _people_spec(people_name)
            counts[people.name] = write_sheet(wb, people, prefix + people.title, line, people_rows(mine))
            vehicles = _vehicle_spec(vehicle_name)
            own_cars = [car for car in cars if car.checkpoint_id == checkpoint.id]
            counts[vehicles.name] = write_sheet(wb, vehicles, prefix + vehicles.title, line, vehicle_rows(own_cars))
            check_cancelled(progress)
            if progress is not None:
                progress.update(n, len(chosen))
        add_meta(wb, "checkpoint-register", len(lines), day=day.isoformat(), checkpoint=checkpoint_id or "")
    save_verified(wb, target, expect_sheets(counts))
    record_checkpoint_export(TITLE, day, len(lines), target)
    return len(lines)
