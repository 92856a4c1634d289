"""What the gate does (卡点登记), each one audited change through db.changes.

An entry and its companions (the people in the same vehicle, or walking together) are written in one
transaction: one of them refused (a temperature no body has, a plate that cannot be) leaves them all
unwritten, so the register never holds half a car. Each entry is judged when written: a fever
(db.models.quarantine.FEVER_AT, after the range check of db.rules.temperature), a symptom, or — coming in —
a place that is a key area on the entry's day (db.rules.key_areas, the list as it stood that day) flags it,
and the words are kept on the entry (GateEntry.flags). A flagged entry opens its quarantine case in one
action (open_case_from_entry); 劝返 is an outcome like the others.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from db import changes
from db import quarantine_actions as qa
from db.errors import LedgerError
from db.imports.cases import VisitorHouseholds
from db.models import Case, Grid, Person
from db.models.checkpoint import (
    Checkpoint,
    CheckpointHours,
    Direction,
    GateEntry,
    GateOutcome,
    TravelMode,
    Vehicle,
    VehicleType,
)
from db.models.household import PersonStatus
from db.models.quarantine import FEVER_AT, CaseReason, CaseSource
from db.queries.screening_entry import key_area_code, key_areas
from db.rules import search_keys
from db.rules.id_number import IdNumberError, normalise_id_number
from db.rules.key_areas import KeyAreaRow, key_area_of, symptom_words
from db.rules.plates import PlateError, parse_plate
from db.rules.temperature import out_of_range
from db.session import Can


class CheckpointError(LedgerError):
    """A checkpoint action that cannot be done; the message says why (and whose entry), in Chinese."""


#: An entry's fields the clerk gives; the rest are set here (the party, the vehicle, the flags, the case).
ENTRY_FIELDS = frozenset(GateEntry._meta.fields) - {
    "id",
    "party",
    "vehicle",
    "flags",
    "case",
    "pinyin_initials",
    "created_at",
}
#: What a companion shares with the lead entry unless it says otherwise (the gate, the moment, the journey).
SHARED_FIELDS = (
    "checkpoint",
    "at",
    "direction",
    "from_place",
    "from_area_code",
    "to_place",
    "reason",
    "local_contact",
    "travel_mode",
    "plate",
    "outcome",
    "recorder",
)
#: A vehicle's own fields (sheet B); its time, gate, direction and plate are the lead entry's.
VEHICLE_FIELDS = frozenset({"vehicle_type", "disinfected", "outcome", "note"})
CHECKPOINT_FIELDS = frozenset(Checkpoint._meta.fields) - {"id"}


# --- checkpoints ---------------------------------------------------------------------------------


def save_checkpoint(values: Mapping[str, Any], checkpoint_id: int | None = None) -> Checkpoint:
    """Add (checkpoint_id None) or correct a checkpoint: a name of its own, hours 24小时 / 普通."""
    unknown = set(values) - CHECKPOINT_FIELDS
    if unknown:
        raise CheckpointError(f"卡点：无法识别的项目 {'、'.join(sorted(unknown))}")
    values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    if checkpoint_id is None or "name" in values:
        name = str(values.get("name") or "")
        if not name:
            raise CheckpointError("请填写卡点名称，如“村东路口卡点”")
        other = Checkpoint.get_or_none((Checkpoint.name == name) & (Checkpoint.id != (checkpoint_id or 0)))
        if other is not None:
            raise CheckpointError(f"已有名为“{name}”的卡点")
    hours = values.get("hours")
    if hours is not None and hours not in {h.value for h in CheckpointHours}:
        raise CheckpointError(f"值守时间“{hours}”不是 {' / '.join(h.value for h in CheckpointHours)} 之一")
    if checkpoint_id is None and "sort_order" not in values:
        last = Checkpoint.select(Checkpoint.sort_order).order_by(Checkpoint.sort_order.desc()).scalar()
        values["sort_order"] = (last or 0) + 1
    elif checkpoint_id is not None and Checkpoint.get_or_none(Checkpoint.id == checkpoint_id) is None:
        raise CheckpointError(f"没有编号为 {checkpoint_id} 的卡点")
    label = values.get("name") or Checkpoint.get_by_id(checkpoint_id).name
    summary = f"{'新增' if checkpoint_id is None else '修改'}卡点：{label}"
    record, _ids = changes.save(Checkpoint, values, checkpoint_id, summary=summary)
    return record


# --- judging an entry ----------------------------------------------------------------------------


def entry_flags(
    values: Mapping[str, Any], areas: Sequence[KeyAreaRow] | None = None, on: date | None = None
) -> list[str]:
    """Why an entry needs action, in the clerk's words ([] for none): a fever, each symptom, and for one
    coming in, a place that is a key area on the entry's day (areas: the key-area rows, read when not given).
    The screen calls it as the clerk types, the save path when it writes: one rule."""
    reasons = []
    temperature = values.get("temperature")
    if temperature is not None and float(temperature) >= FEVER_AT:
        reasons.append(f"发热 {float(temperature):.1f}℃")
    symptoms = values.get("symptoms") or ""
    reasons += symptom_words("、".join(symptoms) if isinstance(symptoms, (list, tuple)) else str(symptoms))
    if values.get("direction", Direction.IN.value) == Direction.IN.value and values.get("from_area_code"):
        at = values.get("at")
        day = on or (at.date() if isinstance(at, datetime) else date.today())
        area = key_area_of(values["from_area_code"], key_areas() if areas is None else areas, day)
        if area is not None:
            reasons.append(f"来自重点地区（{area.name}）")
    return reasons


def default_outcome(flags: Sequence[str]) -> str:
    """The outcome an entry gets when the clerk says none: a fever goes to the fever clinic, another flag is
    let in and told to watch at home (登记后放行并告知居家观察), nothing to report is 放行."""
    if any(f.startswith("发热") for f in flags):
        return GateOutcome.FEVER_CLINIC.value
    return GateOutcome.HOME_WATCH.value if flags else GateOutcome.PASSED.value


def _who(values: Mapping[str, Any]) -> str:
    return str(values.get("name") or "（未填姓名）")


def _choice(values: dict[str, Any], field: str, choices: Any, label: str, who: str) -> None:
    if field in values and values[field] not in {c.value for c in choices}:
        allowed = " / ".join(c.value for c in choices)
        raise CheckpointError(f"{who} 的{label}“{values[field]}”不是 {allowed} 之一，未保存")


def _entry_values(given: Mapping[str, Any], areas: Sequence[KeyAreaRow]) -> dict[str, Any]:
    """An entry's values checked and tidied, its person found by ID number, its flags judged; CheckpointError
    naming the person and the field otherwise."""
    who = _who(given)
    unknown = set(given) - ENTRY_FIELDS
    if unknown:
        raise CheckpointError(f"{who}：无法识别的项目 {'、'.join(sorted(unknown))}")
    values: dict[str, Any] = {k: v.strip() if isinstance(v, str) else v for k, v in given.items()}
    if not values.get("name"):
        raise CheckpointError("请填写姓名，未保存")
    checkpoint_id = values.get("checkpoint")
    if not isinstance(checkpoint_id, int) or Checkpoint.get_or_none(Checkpoint.id == checkpoint_id) is None:
        raise CheckpointError(f"{who}：请选择卡点，未保存")
    at = values.get("at")
    if not isinstance(at, datetime):
        raise CheckpointError(f"{who}：请填写登记时间，未保存")
    values["at"] = at.replace(microsecond=0)
    _choice(values, "direction", Direction, "进出", who)
    _choice(values, "travel_mode", TravelMode, "出行方式", who)
    if values.get("outcome") == "":
        del values["outcome"]
    _choice(values, "outcome", GateOutcome, "处理结果", who)
    temperature = values.get("temperature")
    if temperature is not None:
        values["temperature"] = round(float(temperature), 1)
        if problem := out_of_range(values["temperature"]):
            raise CheckpointError(f"{who} 的体温：{problem}，未保存")
    if "symptoms" in values:
        symptoms = values["symptoms"]
        text = "、".join(symptoms) if isinstance(symptoms, (list, tuple)) else str(symptoms or "")
        values["symptoms"] = "、".join(symptom_words(text))
    if values.get("id_number"):
        try:
            values["id_number"] = normalise_id_number(values["id_number"], max(values["at"].date(), date.today()))
        except IdNumberError as exc:
            raise CheckpointError(f"{who} 的身份证号：{exc}，未保存") from None
    else:
        values["id_number"] = None
    if values.get("plate"):
        try:
            values["plate"] = parse_plate(values["plate"]).text
        except PlateError as exc:
            raise CheckpointError(f"{who} 的{exc}，未保存") from None
        if values.get("travel_mode", TravelMode.WALK.value) == TravelMode.WALK.value:
            values["travel_mode"] = TravelMode.DRIVE.value
    if values.get("from_place") and "from_area_code" not in values:
        values["from_area_code"] = key_area_code(values["from_place"], values["at"].date(), areas)
    _find_person(values)
    values["name"] = str(values["name"])
    flags = entry_flags(values, areas, values["at"].date())
    values["flags"] = "；".join(flags)
    values.setdefault("outcome", default_outcome(flags))
    values["pinyin_initials"] = search_keys.name_pinyin(values["name"])[0]
    return values


def checked_entry(values: Mapping[str, Any], areas: Sequence[KeyAreaRow] | None = None) -> dict[str, Any]:
    """An entry's values as register_entry writes them (checked, person found, flags and outcome judged),
    without writing: for a writer holding its own transaction (the demo village) and for a preview."""
    return _entry_values(values, key_areas() if areas is None else areas)


def _find_person(values: dict[str, Any]) -> None:
    """The roster's person the entry is of: the one given, else the one with its ID number; a villager unless
    they live here as 暂住 (only when the clerk did not say)."""
    person_id = values.get("person")
    person: Person | None = None
    if person_id is not None:
        person = Person.get_or_none(Person.id == person_id)
        if person is None:
            raise CheckpointError(f"{_who(values)}：花名册中没有编号为 {person_id} 的人，未保存")
    elif values.get("id_number"):
        person = Person.get_or_none(Person.id_number == values["id_number"])
    if person is None:
        return
    values["person"] = person.id
    if "is_villager" not in values:
        values["is_villager"] = person.status != PersonStatus.TEMPORARY.value
    if not values.get("address"):
        household = person.household
        values["address"] = f"{household.grid.name}{household.door_no}"


@dataclass(frozen=True)
class Registered:
    """What register_entry wrote: the lead entry first, then the companions in the order given; the vehicle
    when they came by car; the audit entries (for 撤销)."""

    entries: list[GateEntry]
    vehicle: Vehicle | None
    audit_ids: list[int]

    @property
    def lead(self) -> GateEntry:
        return self.entries[0]

    @property
    def flagged(self) -> list[GateEntry]:
        return [e for e in self.entries if e.flags]


def register_entry(
    values: Mapping[str, Any],
    companions: Sequence[Mapping[str, Any]] = (),
    vehicle: Mapping[str, Any] | None = None,
) -> Registered:
    """Write one person's passage and their companions' in one transaction.

    values: the lead entry's fields (GateEntry's: checkpoint id, at, direction, name, id_number, phone …; person
    the roster's id when the clerk picked one, else found by ID number; outcome left out: default_outcome).
    companions: one mapping per other person in the same vehicle or party, with their own fields (name, ID
    number, temperature …); the gate, the moment, the journey and the plate are the lead's unless given.
    vehicle: sheet B's own fields (vehicle_type, disinfected, outcome, note); a Vehicle row is written when
    the lead gives a plate, the lead being its driver.
    """
    areas = key_areas()
    lead = _entry_values(values, areas)
    shared = {k: values[k] for k in SHARED_FIELDS if k in values}
    shared.update({k: lead[k] for k in ("checkpoint", "at", "plate", "travel_mode", "from_area_code") if k in lead})
    others = [_entry_values({**shared, **c}, areas) for c in companions]
    vehicle_values: dict[str, Any] | None = None
    if lead.get("plate"):
        vehicle_values = _vehicle_values(vehicle or {}, lead, others)
    elif vehicle:
        raise CheckpointError(f"{_who(lead)}：登记车辆请填写车牌号码，未保存")
    summary = f"卡点登记：{lead['name']}" + (f" 等 {1 + len(others)} 人" if others else "")
    with changes.transaction(summary) as cs:
        car = cs.create(Vehicle, vehicle_values) if vehicle_values is not None else None
        link = {"vehicle": car.id} if car is not None else {}
        first = cs.create(GateEntry, {**lead, **link})
        written = [first] + [cs.create(GateEntry, {**other, **link, "party": first.id}) for other in others]
    return Registered(written, car, [e.id for e in cs.entries])


def _vehicle_values(
    given: Mapping[str, Any], lead: Mapping[str, Any], others: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    unknown = set(given) - VEHICLE_FIELDS
    if unknown:
        raise CheckpointError(f"车辆：无法识别的项目 {'、'.join(sorted(unknown))}")
    values = dict(given)
    _choice(values, "vehicle_type", VehicleType, "车辆类型", f"车辆 {lead['plate']}")
    if "outcome" not in values:  # the car is turned back when its driver is, else let through
        turned_back = lead["outcome"] == GateOutcome.TURNED_BACK.value
        values["outcome"] = GateOutcome.TURNED_BACK.value if turned_back else GateOutcome.PASSED.value
    elif values["outcome"] not in (GateOutcome.PASSED.value, GateOutcome.TURNED_BACK.value):
        raise CheckpointError(f"车辆 {lead['plate']} 的处理结果应为 放行 或 劝返")
    for other in others:
        if other.get("plate") != lead["plate"]:
            raise CheckpointError(f"同车人员 {other['name']} 的车牌与驾驶员的不同，未保存")
    return {
        **values,
        "checkpoint": lead["checkpoint"],
        "at": lead["at"],
        "direction": lead.get("direction", Direction.IN.value),
        "plate": lead["plate"],
    }


def correct_entry(entry_id: int, values: Mapping[str, Any]) -> GateEntry:
    """Correct one entry's fields (audited); its flags are judged again, its outcome kept unless given."""
    entry: GateEntry | None = GateEntry.get_or_none(GateEntry.id == entry_id)
    if entry is None:
        raise CheckpointError(f"没有编号为 {entry_id} 的卡点登记")
    current = {k: entry.__data__.get(k) for k in ENTRY_FIELDS}
    merged = {**current, **values}
    if "from_place" in values and "from_area_code" not in values:
        merged.pop("from_area_code", None)
    checked = _entry_values(merged, key_areas())
    with changes.transaction(f"修改卡点登记：{checked['name']}") as cs:
        cs.update(entry, checked)
    return entry


def set_outcome(entry_ids: Sequence[int], outcome: str) -> int:
    """Give these entries (a whole car turned back) one outcome; returns how many changed."""
    if outcome not in {o.value for o in GateOutcome}:
        raise CheckpointError(f"处理结果“{outcome}”不是 {' / '.join(o.value for o in GateOutcome)} 之一")
    entries = list(GateEntry.select().where(GateEntry.id.in_(list(entry_ids))))
    if len(entries) != len(set(entry_ids)):
        raise CheckpointError("所选登记有的已不存在")
    changed = 0
    with changes.transaction(f"卡点登记处理结果：{outcome}（{len(entries)} 人）") as cs:
        for entry in entries:
            if entry.outcome != outcome:
                cs.update(entry, {"outcome": outcome})
                changed += 1
        vehicle_ids = {e.vehicle_id for e in entries if e.vehicle_id is not None}
        if outcome in (GateOutcome.PASSED.value, GateOutcome.TURNED_BACK.value):
            for car in Vehicle.select().where(Vehicle.id.in_(list(vehicle_ids))):
                cs.update(car, {"outcome": outcome})
    return changed


# --- a case from an entry ------------------------------------------------------------------------


def open_case_from_entry(entry_id: int, values: Mapping[str, Any], grid_id: int | None = None) -> Case:
    """Open the quarantine case a flagged entry calls for, in one action: source 卡点, reason 重点地区返回 when
    the person came from a key area (else 其他), the place as 来源地, the entry's day as the start (and, for a
    key area, as 末次接触日期); values (with the policy's id) may say otherwise. The person is the entry's
    roster person, else the one with its ID number; someone the roster lacks is added as 暂住 to grid_id's
    外来暂住人员 household in the same transaction (refused without a grid). The entry then names the case."""
    entry: GateEntry | None = GateEntry.get_or_none(GateEntry.id == entry_id)
    if entry is None:
        raise CheckpointError(f"没有编号为 {entry_id} 的卡点登记")
    if entry.case_id is not None:
        raise CheckpointError(f"{entry.name} 已按这次卡点登记登记管控，不能重复登记")
    person: Person | None = Person.get_or_none(Person.id == entry.person_id) if entry.person_id else None
    if person is None and entry.id_number:
        person = Person.get_or_none(Person.id_number == entry.id_number)
    grid: Grid | None = None
    if person is None:
        if grid_id is None:
            raise CheckpointError(f"花名册中没有 {entry.name}，请选择其暂住的网格（村民小组）后再登记管控")
        grid = Grid.get_or_none(Grid.id == grid_id)
        if grid is None:
            raise CheckpointError(f"没有编号为 {grid_id} 的网格")
    day = entry.at.date()
    key_area = "来自重点地区" in entry.flags
    given = {
        "source": CaseSource.CHECKPOINT.value,
        "reason": CaseReason.RISK_AREA.value if key_area else CaseReason.OTHER.value,
        "origin": entry.from_place,
        "exposure_date": day if key_area else None,
        "start_date": day,
        "phone": entry.phone,
        "note": f"卡点登记：{entry.checkpoint.name} {entry.at:%Y-%m-%d %H:%M}"
        + (f"（{entry.flags}）" if entry.flags else ""),
        **values,
    }
    with changes.transaction(f"登记管控：{entry.name}（卡点登记）") as cs:
        if person is None:
            assert grid is not None
            household_id = VisitorHouseholds(cs).of(grid.name)
            person = cs.create(
                Person,
                {
                    "household": household_id,
                    "name": entry.name,
                    "id_number": entry.id_number,
                    "phone": entry.phone,
                    "relation": "其他",
                    "status": PersonStatus.TEMPORARY.value,
                    "note": f"卡点登记时加入（{entry.checkpoint.name} {day:%Y-%m-%d}）",
                },
            )
        _person, ready = qa.case_under_policy(person.id, given)
        case = qa.open_case_in(cs, person.id, ready)
        cs.update(entry, {"case": case.id, "person": person.id})
    return case


# --- the register's export -----------------------------------------------------------------------


def record_checkpoint_export(title: str, day: date, count: int, target: Path) -> None:
    """A day's 卡点出入登记表 (one row per person, and its vehicles) was written to target."""
    with changes.transaction(f"导出{title}（{day:%Y-%m-%d}，{count} 人）", needs=Can.EXPORT) as cs:
        cs.note("export", "gate_entry", {"list": title, "day": day.isoformat(), "count": count, "file": str(target)})
