"""Bring a checkpoint register workbook (卡点出入登记表, form 09) into the ledger: read, map columns, plan the gate
entries, apply; db.imports.checkpoints writes the plan in one transaction.

What a sheet may be: our own export (forms.checkpoint_export: a people sheet and a vehicle sheet per checkpoint),
the paper register typed into Excel in the paper's order (printing.documents.gate_register), or a clerk's own
ledger with the words clerks write (登记时间, 进/出, 体温, 交通方式, 处理情况, 值守人员 …: the headers of
forms.definitions.gate_entry). A row's moment is its 时间 (HH:mm) on its 日期 column, else the day of the
header line ("日期：2026年12月3日"), else the day the clerk gives. The checkpoint is a 卡点名称 column's,
else the header line's when it names a checkpoint of the list, else the one the clerk chose. Choices are the
clerk's words (进 / 入 / 进入, 出 / 外出; 放行 / 劝返 / 转发热门诊; 步行 / 驾车 / 开车), a box ticked on
the paper (☑进 □出 or √进 □出) its word. People in one vehicle are the rows of one 车牌号码 in the same
minute: the first is the driver (the lead entry), the others are its companions; a 同车人员 column names the
companions (their own rows join the party, a name without a row of its own is registered with the driver's
journey). A vehicle sheet (车辆类型, 驾驶员姓名, 是否消毒) gives its vehicles' details to those parties.

Every non-blank row is accounted for: taken (新建), merged (a repeat of an earlier row; a vehicle row), already
registered (已登记: the same person at the same checkpoint and minute), refused with its reason (no name, no
time, a plate that cannot be, a temperature no body has, an ID number that fails its check), or skipped as
not data (title, header lines, header copies, 合计).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from db import changes
from db.bulk import collector_paused
from db.checkpoint_actions import CheckpointError, checked_entry
from db.choice_memory import remembered
from db.imports.checkpoints import (
    CheckpointImportPlan,
    CheckpointImportResult,
    EntryKey,
    PlannedParty,
    PlannedRow,
    apply_checkpoint_plan,
    refuse_if_imported,
    registered_keys,
)
from db.imports.rows import RowIssue
from db.models.checkpoint import Direction, GateOutcome, VehicleType
from db.progress import Progress, check_cancelled
from db.queries.checkpoints import checkpoints
from db.queries.screening_entry import key_areas
from db.rules.key_areas import KeyAreaRow, symptom_words
from db.rules.temperature import parse_temperature
from forms.choice_words import ChoiceTally, reading_choices
from forms.definitions.gate_entry import GATE_ENTRY, PlateNumber, TimeOfDay, to_entry
from forms.excel.formula_cells import cell_issues, with_cell_issues
from forms.excel.mapping import Target, columns_by_field, header_words, missing_required, normalize_header
from forms.excel.reader import SheetTable, read_tables
from forms.excel.sheet_table import cell_text
from forms.import_steps import MappingError, applied_once_more, only_sheet, table_mapping, tell_plan
from forms.kinds import YesNo, is_blank
from forms.parsing.dates import DateError, parse_date
from forms.parsing.names import shown_name
from forms.types import Issue

__all__ = [
    "GATE_TARGETS",
    "MappingError",
    "guess_checkpoint_mapping",
    "import_checkpoint",
    "plan_checkpoint_import",
    "read_checkpoint_register",
]

COMPANIONS = "party.companions"
#: The columns of a people register, as the column guess knows them: the definition's, and 同车人员.
GATE_TARGETS: list[Target] = [
    Target(f"{GATE_ENTRY.name}.{f.name}", f.label, f.headers, required=f.required) for f in GATE_ENTRY.input_fields
] + [Target(COMPANIONS, "同车人员", ("同行人员", "随行人员", "同车人", "随行人", "同车人员姓名"))]
#: The columns of a vehicle register (09 sheet B) the import reads: the others are each occupant's own rows.
VEHICLE_TARGETS: list[Target] = [
    Target("vehicle.time", "时间", ("登记时间", "检查时间", "进出时间")),
    Target("vehicle.day", "日期", ("登记日期", "检查日期")),
    Target("vehicle.plate", "车牌号码", ("车牌", "车牌号", "车辆号牌")),
    Target("vehicle.vehicle_type", "车辆类型", ("车型", "车辆种类")),
    Target("vehicle.driver", "驾驶员姓名", ("驾驶员", "驾驶人姓名", "驾驶人", "司机姓名", "司机")),
    Target("vehicle.disinfected", "是否消毒", ("消毒", "车辆消毒", "已消毒")),
    Target("vehicle.outcome", "处理结果", ("处理情况", "是否放行", "结果")),
    Target("vehicle.checkpoint", "卡点名称", ("卡点", "卡口", "检查点")),
]
#: Headers that make a sheet the vehicle register (a people register has a 姓名 column of its own).
_VEHICLE_SIGNS = frozenset(
    normalize_header(h) for h in ("车辆类型", "驾驶员姓名", "驾驶人姓名", "司机姓名", "是否消毒")
)
_NAME_HEADERS = frozenset(
    normalize_header(h) for h in (GATE_ENTRY.field("name").label, *GATE_ENTRY.field("name").headers)
)
#: Fields that say who a row is: a formula cell without a result there refuses the row.
DECISIVE = ("name", "id_number", "time", "day", "plate")
#: Choice columns read from boxes ticked on the paper.
_TICKED_FIELDS = ("direction", "is_villager", "travel_mode", "outcome")
_TICK = re.compile(r"[☑☒✓√✔■▣]\s*([^\s□☐☑☒✓√✔■▣]+)")
_BOX = re.compile(r"[□☐]")
#: The header lines' labels: 日期 and 卡点名称(位置), a value ending where the next label (or a wide gap) begins.
_DATE_LABEL = re.compile(r"(?:登记日期|日期)\s*[:：]\s*")
_CHECKPOINT_LABEL = re.compile(r"(?:卡点名称\s*[(（]\s*位置\s*[)）]|卡点名称|卡口名称|卡点)\s*[:：]\s*")
_VALUE_END = re.compile(r"\s{2,}|\u3000|(?:值守人员|带班|联系电话|日期|卡点名称|负责人)\s*[:：(（]")
_LABELS = {f.name: f.label for f in GATE_ENTRY.input_fields}
NO_TIME = "没有登记时间（写成 时:分，如 08:15），未导入"
NO_DAY = "表头和本行都没有日期，请在导入时指定登记日期"
SAYS_NONE = "表中写明无登记"
NOTHING_WRITTEN = "空行（只有序号或未勾选的□）"
NO_TIME_COLUMN = "找不到“时间”列（每条卡点登记都要有时间）"


@collector_paused()
def read_checkpoint_register(path: Path, progress: Progress | None = None) -> list[SheetTable]:
    return read_tables(path, header_words(GATE_TARGETS + VEHICLE_TARGETS), progress)


def guess_checkpoint_mapping(table: SheetTable) -> dict[int, str]:
    return table.guess_mapping(VEHICLE_TARGETS if is_vehicle_table(table) else GATE_TARGETS)


def checkpoint_mapping_problems(mapping: dict[int, str]) -> list[str]:
    """Chinese messages for columns the import needs but the mapping lacks."""
    if any(key.startswith("vehicle.") for key in mapping.values()):
        needed = [t for t in VEHICLE_TARGETS if t.key in ("vehicle.time", "vehicle.plate")]
        return [f"车辆登记表找不到“{t.label}”列" for t in needed if t.key not in mapping.values()]
    problems = [f"找不到“{t.label}”列" for t in missing_required(mapping, GATE_TARGETS)]
    if f"{GATE_ENTRY.name}.time" not in mapping.values():
        problems.append(NO_TIME_COLUMN)
    return problems


def is_vehicle_table(table: SheetTable) -> bool:
    """Whether the table is a vehicle register (09 sheet B): a driver's or vehicle's columns, no 姓名 column."""
    names = {normalize_header(h) for h in (table.own or table.headers)}
    return bool(names & _VEHICLE_SIGNS) and not names & _NAME_HEADERS


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- the lines above the header ---------------------------------------------------------------------


@dataclass(frozen=True)
class HeaderFacts:
    """What a table's header lines say: its day and the checkpoint they name ("" for none)."""

    day: date | None = None
    checkpoint: str = ""
    problems: tuple[str, ...] = ()


def _labelled(lines: Sequence[Sequence[object]], label: re.Pattern[str]) -> Iterable[object]:
    """The values written after a label in the lines: in the same cell up to the next label, else the next
    non-blank cell (a date cell after "日期：")."""
    for cells in lines:
        for i, cell in enumerate(cells):
            text = cell_text(cell)
            for found in label.finditer(text):
                rest = text[found.end() :]
                end = _VALUE_END.search(rest)
                value = (rest[: end.start()] if end else rest).strip()
                if value:
                    yield value
                else:
                    yield next((c for c in cells[i + 1 :] if not is_blank(c)), "")


def header_facts(table: SheetTable, today: date | None = None) -> HeaderFacts:
    """The day and checkpoint of a table's header lines (the lines above its header row)."""
    lines = [cells for row, cells in sorted(table.lines.items()) if row < table.header_row]
    day: date | None = None
    problems: list[str] = []
    for value in _labelled(lines, _DATE_LABEL):
        if isinstance(value, str) and ("_" in value or not re.search(r"\d", value)):
            continue  # the paper's blank "____年__月__日"
        try:
            day = parse_date(value, today)
        except DateError as exc:
            problems.append(f"表头的日期：{exc}")
            continue
        if day is not None:
            break
    checkpoint = ""
    for value in _labelled(lines, _CHECKPOINT_LABEL):
        checkpoint = re.split(r"[（(]", str(value), maxsplit=1)[0].strip(" _")  # "____": the paper's blank
        if checkpoint:
            break
    return HeaderFacts(day, checkpoint, tuple(problems))


# --- cells ------------------------------------------------------------------------------------------


def ticked(cell: object) -> object:
    """A choice cell as the paper's boxes leave it: the one word whose box is ticked ("□进 ☑出" → 出, "√放行
    □劝返" → 放行), "" for boxes none ticked (the blank paper's text), the cell itself otherwise."""
    if not isinstance(cell, str) or not (_BOX.search(cell) or _TICK.search(cell)):
        return cell
    words = _TICK.findall(cell)
    if len(words) == 1:
        return words[0]
    return "" if not words else cell  # none ticked: blank; several: the words, read (and warned of) as written


def _numeric_out_of_range(raw: object) -> str | None:
    """Why a temperature cell that is a number cannot be a reading (a typing slip: "45", "3.65"), else None."""
    text = str(raw).strip().replace("℃", "").replace("度", "") if not isinstance(raw, bool) else ""
    if not re.fullmatch(r"\d+(?:[.,。]\d+)?", text):
        return None
    try:
        parse_temperature(text)
    except ValueError as exc:
        return str(exc)
    return None


#: Our export writes, in 备注, what the form has no column for: "症状：咳嗽；提示：发热 38.1℃；咳嗽；已登记管控；…".
_SYMPTOMS_SAID = "症状："
_FLAGS_SAID = "提示："
_CASE_SAID = "已登记管控"


def _split_note(note: str) -> tuple[str, str]:
    """(symptoms, the clerk's own note) of an exported 备注; the flags are judged again, so they are dropped."""
    parts = note.split("；")
    symptoms = ""
    if parts and parts[0].startswith(_SYMPTOMS_SAID):
        symptoms = parts.pop(0)[len(_SYMPTOMS_SAID) :]
    if parts and parts[0].startswith(_FLAGS_SAID):
        parts[0] = parts[0][len(_FLAGS_SAID) :]
        flags = set(symptom_words(symptoms))  # the flags are the fever, the symptoms again, a key area
        while parts and (parts[0].startswith(("发热 ", "来自重点地区")) or parts[0] in flags):
            flags.discard(parts.pop(0))
    if parts and parts[0] == _CASE_SAID:
        parts.pop(0)
    return symptoms, "；".join(parts)


# --- rows -------------------------------------------------------------------------------------------


@dataclass
class _Row:
    """A data row read and checked: where it is, its entry as register_entry takes it, its companions' names."""

    sheet: str
    row: int
    name: str
    entry: dict[str, Any]
    companions: list[str] = field(default_factory=list)

    @property
    def key(self) -> EntryKey:
        e = self.entry
        direction = str(e.get("direction") or Direction.IN.value)
        return (int(e["checkpoint"]), e["at"], direction, str(e["name"]), str(e.get("id_number") or ""))

    @property
    def car(self) -> tuple[int, datetime, str, str] | None:
        plate = self.entry.get("plate")
        if not plate:
            return None
        return (int(self.entry["checkpoint"]), self.entry["at"], str(self.key[2]), str(plate))


@dataclass
class _Checkpoints:
    """The list of checkpoints by name, the default one, and the notes said about them."""

    default: int | None
    by_name: dict[str, int]
    names: dict[int, str]

    @classmethod
    def load(cls, default: int | None) -> _Checkpoints:
        every = checkpoints(include_inactive=True)
        if default is not None and all(c.id != default for c in every):
            raise CheckpointError(f"没有编号为 {default} 的卡点")
        return cls(default, {c.name: c.id for c in every}, {c.id: c.name for c in every})

    def named(self, text: str) -> int | None:
        text = text.strip()
        if text in self.by_name:
            return self.by_name[text]
        plain = re.split(r"[（(]", text, maxsplit=1)[0].strip()
        return self.by_name.get(plain)


class _Planner:
    """Turns the tables' rows into the plan's parties, accounting for every row."""

    def __init__(self, plan: CheckpointImportPlan, places: _Checkpoints, day: date | None, today: date) -> None:
        self.plan, self.places, self.day, self.today = plan, places, day, today
        self.areas: list[KeyAreaRow] = list(key_areas())
        self.rows: list[_Row] = []
        self.vehicle_tables: list[tuple[SheetTable, dict[int, str], int | None, date | None]] = []

    def _refuse(self, sheet: str, row: int, name: str, label: str, reason: str) -> None:
        self.plan.refused.append(RowIssue(sheet, row, name, label, reason))

    def _table_place(self, table: SheetTable, facts: HeaderFacts) -> tuple[int | None, date | None]:
        checkpoint = self.places.default
        if facts.checkpoint:
            named = self.places.named(facts.checkpoint)
            if named is None:
                if checkpoint is not None:
                    self.plan.notes.append(
                        f"工作表“{table.label}”表头的卡点“{facts.checkpoint}”不在卡点列表中，"
                        f"按所选的“{self.places.names[checkpoint]}”导入"
                    )
            elif named != checkpoint:
                if checkpoint is not None:
                    self.plan.notes.append(
                        f"工作表“{table.label}”表头写的是“{self.places.names[named]}”，按表头登记到该卡点"
                    )
                checkpoint = named
        day = facts.day or self.day
        if facts.day is not None and self.day is not None and facts.day != self.day:
            self.plan.notes.append(
                f"工作表“{table.label}”表头的日期是 {facts.day:%Y-%m-%d}"
                f"（不是指定的 {self.day:%Y-%m-%d}），按表头的日期导入"
            )
        self.plan.notes.extend(f"工作表“{table.label}”{p}" for p in facts.problems)
        return checkpoint, day

    def people_table(self, table: SheetTable, mapping: dict[int, str]) -> None:
        facts = header_facts(table, self.today)
        checkpoint, day = self._table_place(table, facts)
        fields = columns_by_field(mapping, GATE_ENTRY.name)
        columns: dict[str, list[object]] = {name: table.column(cols) for name, cols in fields.items()}
        for name in _TICKED_FIELDS:
            if name in columns:
                columns[name] = [ticked(c) for c in columns[name]]
        note_has_symptoms = "note" in columns and "symptoms" not in columns
        party_col = next((c for c, k in mapping.items() if k == COMPANIONS), None)
        name_col = fields["name"][0]
        parsed = GATE_ENTRY.parse_columns(columns, len(table.rows), lenient=True)
        unread = cell_issues(table, mapping, GATE_ENTRY, DECISIVE)
        filled = [any(not is_blank(column[i]) for column in columns.values()) for i in range(len(table.rows))]
        if party_col is not None:
            filled = [f or not is_blank(cells[party_col]) for f, (_row, cells) in zip(filled, table.rows, strict=True)]
        for index, ((row_no, cells), p) in enumerate(zip(table.rows, parsed, strict=True)):
            if not filled[index]:  # the paper's unused row: its 序号, its boxes none ticked
                self.plan.skipped_rows.append((table.sheet, row_no, NOTHING_WRITTEN))
                continue
            if _says_none(cells):
                self.plan.skipped_rows.append((table.sheet, row_no, SAYS_NONE))
                continue
            values = {k: v for k, v in p.values.items() if v not in ("", None)}
            if "is_villager" in columns and is_blank(columns["is_villager"][index]):
                values.pop("is_villager", None)  # not said: the roster says, when it has the person
            name = str(values.get("name") or shown_name(cells[name_col]))
            issues = with_cell_issues(p.issues, unread.get(index))
            if "temperature" in columns and (slip := _numeric_out_of_range(columns["temperature"][index])):
                issues = [i for i in issues if i.field != "temperature"]
                issues.append(_issue("temperature", slip))
                values.pop("note", None)
            errors = [i for i in issues if i.severity == "error"]
            for issue in issues:
                if issue.severity != "error":
                    self.plan.warnings.append(
                        RowIssue(table.sheet, row_no, name, issue.label, issue.message, "warning")
                    )
            if errors:
                for issue in errors:
                    reason = "没有姓名，未导入" if issue.field == "name" else issue.message
                    self._refuse(table.sheet, row_no, name, issue.label, reason)
                continue
            if note_has_symptoms and values.get("note"):
                symptoms, note = _split_note(str(values["note"]))
                values["note"] = note
                if symptoms:
                    values["symptoms"] = symptoms
            companions = _names(cells[party_col]) if party_col is not None else []
            self._person(table, row_no, name, values, checkpoint, day, companions)

    def _person(
        self,
        table: SheetTable,
        row_no: int,
        name: str,
        values: dict[str, Any],
        checkpoint: int | None,
        day: date | None,
        companions: list[str],
    ) -> None:
        sheet = table.sheet
        if values.get("checkpoint"):
            named = self.places.named(str(values["checkpoint"]))
            if named is None:
                self._refuse(sheet, row_no, name, "卡点名称", f"没有名为“{values['checkpoint']}”的卡点，未导入")
                return
            checkpoint = named
        if checkpoint is None:
            self._refuse(sheet, row_no, name, "卡点名称", "没有指定卡点，请在导入时选择卡点")
            return
        if not isinstance(values.get("time"), time):
            self._refuse(sheet, row_no, name, _LABELS["time"], NO_TIME)
            return
        on = values.get("day") or day
        if not isinstance(on, date):
            self._refuse(sheet, row_no, name, _LABELS["day"], NO_DAY)
            return
        values.pop("at", None)
        entry = to_entry(values, checkpoint, on)
        try:
            checked = checked_entry(entry, self.areas)
        except CheckpointError as exc:
            label, reason = _said(str(exc))
            self._refuse(sheet, row_no, name, label, reason)
            return
        self.plan.checkpoints.setdefault(checkpoint, self.places.names[checkpoint])
        self.rows.append(_Row(sheet, row_no, name, checked, companions))

    def vehicle_table(self, table: SheetTable, mapping: dict[int, str]) -> None:
        facts = header_facts(table, self.today)
        checkpoint, day = self._table_place(table, facts)
        self.vehicle_tables.append((table, mapping, checkpoint, day))

    # --- parties ---------------------------------------------------------------------------------

    def finish(self, progress: Progress | None) -> None:
        plan = self.plan
        days = {r.entry["at"].date() for r in self.rows}
        there = registered_keys({r.key[0] for r in self.rows}, days)
        seen: dict[EntryKey, _Row] = {}
        by_car: dict[tuple[int, datetime, str, str], PlannedParty] = {}
        registered_cars: set[tuple[int, datetime, str]] = set()
        #: (checkpoint, moment, direction) → [(party, names still to come)]
        waiting: dict[tuple[int, datetime, str], list[tuple[PlannedParty, _Row, list[str]]]] = {}
        for done, row in enumerate(self.rows, start=1):
            if progress is not None and done % 200 == 0:
                check_cancelled(progress)
            key = row.key
            first = seen.setdefault(key, row)
            if there[key] > 0:
                there[key] -= 1
                plan.other_rows.append(
                    PlannedRow(row.sheet, row.row, row.name, "unchanged", "卡点登记中已有（同一卡点、时间、同一人）")
                )
                if row.car is not None:
                    registered_cars.add((row.car[0], row.car[1], row.car[3]))
                continue
            if first is not row:
                if key[4]:  # the same ID number at the same gate and minute: the row typed twice
                    said = f"与{_where(first)}相同（同一时间、同一身份证号），已合并"
                    plan.other_rows.append(PlannedRow(row.sheet, row.row, row.name, "merged", said))
                    continue
                said = f"与{_where(first)}同名、同一时间，没有身份证号无法区分：按两人登记，请核对是否重复录入"
                plan.warnings.append(RowIssue(row.sheet, row.row, row.name, _LABELS["name"], said, "warning"))
            moment = key[:3]
            car = row.car
            party = by_car.get(car) if car is not None else None
            if party is not None:
                self._join(party, row, f"与{_where_row(party)}同车（{car[3] if car else ''}）")
                for waiting_party, _lead, names in waiting.get(moment, []):
                    if waiting_party is party and row.name in names:
                        names.remove(row.name)  # named in 同车人员 and a row of its own: one entry
                continue
            joined = False
            for waiting_party, lead_row, names in waiting.get(moment, []):
                if row.name in names and (not car or car[3] == waiting_party.lead.get("plate")):
                    names.remove(row.name)
                    entry = row.entry
                    if waiting_party.lead.get("plate") and not entry.get("plate"):
                        entry.update(plate=waiting_party.lead["plate"], travel_mode=waiting_party.lead["travel_mode"])
                    self._join(waiting_party, row, f"{_where(lead_row)}{lead_row.name}的同车（同行）人员")
                    joined = True
                    break
            if joined:
                continue
            party = PlannedParty(lead=row.entry, rows=[PlannedRow(row.sheet, row.row, row.name)])
            plan.parties.append(party)
            if car is not None:
                by_car[car] = party
            if row.companions:
                waiting.setdefault(moment, []).append((party, row, list(row.companions)))
        for parties in waiting.values():
            for party, lead_row, names in parties:
                self._named_only(party, lead_row, names)
        self._vehicles(by_car, registered_cars)

    def _join(self, party: PlannedParty, row: _Row, reason: str) -> None:
        party.companions.append(row.entry)
        party.rows.append(PlannedRow(row.sheet, row.row, row.name, "created", reason))

    def _named_only(self, party: PlannedParty, lead_row: _Row, names: list[str]) -> None:
        """Companions a 同车人员 cell names without a row of their own: registered with the lead's journey."""
        taken = []
        for name in names:
            shared: dict[str, Any] = {
                k: party.lead[k] for k in ("checkpoint", "at", "direction", "plate", "travel_mode") if k in party.lead
            }
            try:
                companion = checked_entry({**shared, "name": name}, self.areas)
            except CheckpointError as exc:
                self.plan.warnings.append(
                    RowIssue(
                        lead_row.sheet, lead_row.row, lead_row.name, "同车人员", f"“{name}”未登记：{exc}", "warning"
                    )
                )
                continue
            party.companions.append(companion)
            taken.append(name)
        if taken:
            first = party.rows[0]
            said = f"同车人员 {'、'.join(taken)} 一并登记"
            first.reason = f"{first.reason}；{said}" if first.reason else said

    def _vehicles(
        self, by_car: dict[tuple[int, datetime, str, str], PlannedParty], registered: set[tuple[int, datetime, str]]
    ) -> None:
        """Sheet B's rows: each vehicle's type, disinfection and outcome given to the party of its plate and minute."""
        cars = {(c[0], c[1], c[3]): p for c, p in by_car.items()}
        for table, mapping, checkpoint, day in self.vehicle_tables:
            fields = columns_by_field(mapping, "vehicle")
            for row_no, cells in table.rows:
                if _says_none(cells):
                    self.plan.skipped_rows.append((table.sheet, row_no, SAYS_NONE))
                    continue
                raw = {name: cells[cols[0]] for name, cols in fields.items()}
                driver = cell_text(raw.get("driver", "")) or str(raw.get("plate", "") or "")
                self._vehicle_row(table.sheet, row_no, driver, raw, checkpoint, day, cars, registered)

    def _vehicle_row(
        self,
        sheet: str,
        row_no: int,
        driver: str,
        raw: dict[str, object],
        checkpoint: int | None,
        day: date | None,
        cars: dict[tuple[int, datetime, str], PlannedParty],
        registered: set[tuple[int, datetime, str]],
    ) -> None:
        try:
            at = TimeOfDay().parse(raw.get("time", ""))
            plate = PlateNumber().parse(raw.get("plate", ""))
            on = parse_date(raw["day"]) if not is_blank(raw.get("day")) else day
        except ValueError as exc:
            self._refuse(sheet, row_no, driver, "车辆登记", str(exc))
            return
        if not is_blank(raw.get("checkpoint")):
            checkpoint = self.places.named(str(raw["checkpoint"]))
        if at is None or not plate or on is None or checkpoint is None:
            missing = "时间" if at is None else "车牌号码" if not plate else "日期" if on is None else "卡点"
            self._refuse(sheet, row_no, driver, missing, f"车辆登记没有{missing}，未导入")
            return
        key = (checkpoint, datetime.combine(on, at), plate)
        party = cars.get(key)
        if party is None:
            if key in registered:
                reason = "卡点登记中已有这辆车的人员"
                self.plan.other_rows.append(PlannedRow(sheet, row_no, driver, "unchanged", reason))
                return
            self._refuse(
                sheet,
                row_no,
                driver,
                "车辆登记",
                f"人员登记中没有 {at:%H:%M} 车牌 {plate} 的人员，车辆信息未导入（请把车内人员逐人登记）",
            )
            return
        vehicle: dict[str, Any] = dict(party.vehicle or {})
        vehicle["vehicle_type"] = _vehicle_type(cell_text(raw.get("vehicle_type", "")))
        try:
            vehicle["disinfected"] = YesNo().parse(raw.get("disinfected", ""))
        except ValueError as exc:
            self.plan.warnings.append(RowIssue(sheet, row_no, driver, "是否消毒", f"{exc}，按“否”导入", "warning"))
            vehicle["disinfected"] = False
        outcome = _vehicle_outcome(cell_text(raw.get("outcome", "")))
        if outcome:
            vehicle["outcome"] = outcome
        party.vehicle = vehicle
        said = f"车辆信息并入{_where_row(party)}{party.rows[0].name}等 {party.people} 人的登记"
        self.plan.other_rows.append(PlannedRow(sheet, row_no, driver, "merged", said))


def _issue(name: str, reason: str) -> Issue:
    return Issue(name, _LABELS[name], reason)


_NONE_WORDS = frozenset({"（无）", "(无)", "无", "无登记", "（无登记）"})


def _says_none(cells: Sequence[object]) -> bool:
    """Whether a row only says there is nothing (the export's "（无）" under an empty sheet's header)."""
    said = [c for c in cells if not is_blank(c)]
    return bool(said) and all(cell_text(c) in _NONE_WORDS for c in said)


def _names(cell: object) -> list[str]:
    text = cell_text(cell)
    return [n for n in re.split(r"[、，,；;/\s]+", text) if n and n not in ("无", "/", "-")]


def _where(row: _Row) -> str:
    return f"第 {row.row} 行"


def _where_row(party: PlannedParty) -> str:
    return f"第 {party.rows[0].row} 行"


def _said(message: str) -> tuple[str, str]:
    """(the field, the reason) of a CheckpointError's message, for the row's refusal."""
    reason = message.removesuffix("，未保存")
    for name in ("id_number", "temperature", "plate", "direction", "travel_mode", "outcome", "name"):
        label = _LABELS[name]
        if label.split("(")[0] in reason:
            return label, reason
    if "车牌" in reason:
        return _LABELS["plate"], reason
    return "卡点登记", reason


_VEHICLE_WORDS = (
    ("货车", ("货", "卡车", "皮卡")),
    ("客运", ("客车", "大巴", "中巴", "公交", "客运")),
    ("摩托车", ("摩托",)),
    ("小客车", ("小客", "轿车", "小车", "私家车", "面包车", "小型", "SUV", "越野")),
)


def _vehicle_type(text: str) -> str:
    if text in {v.value for v in VehicleType}:
        return text
    if not text:
        return VehicleType.CAR.value
    for value, words in _VEHICLE_WORDS:
        if any(w in text for w in words):
            return value
    return VehicleType.OTHER.value


def _vehicle_outcome(text: str) -> str:
    if not text:
        return ""
    if "劝" in text or "返" in text:
        return GateOutcome.TURNED_BACK.value
    return GateOutcome.PASSED.value


# --- the plan and the import ------------------------------------------------------------------------


@collector_paused()
def plan_checkpoint_import(
    tables: Iterable[SheetTable],
    path: Path,
    checkpoint_id: int | None,
    day: date | None = None,
    mappings: dict[str, dict[int, str]] | None = None,
    progress: Progress | None = None,
    today: date | None = None,
) -> CheckpointImportPlan:
    """Work out, without writing, what importing these tables (read from path) would do: checkpoint_id the
    checkpoint of rows and sheets that name none, day the day of rows whose sheet says none."""
    version = changes.ledger_version()  # before the ledger is read: a change after it makes the plan outdated
    path = Path(path)
    plan = CheckpointImportPlan(
        ledger_version=version, choices=ChoiceTally(), file_name=path.name, file_sha256=file_sha256(path)
    )
    planner = _Planner(plan, _Checkpoints.load(checkpoint_id), day, today or date.today())
    with reading_choices(remembered(), plan.choices):
        for table in tables:
            if not plan.read(table):
                continue
            mapping = table_mapping(plan, table, mappings, guess_checkpoint_mapping, checkpoint_mapping_problems)
            if any(key.startswith("vehicle.") for key in mapping.values()):
                planner.vehicle_table(table, mapping)
            else:
                planner.people_table(table, mapping)
            check_cancelled(progress)
    planner.finish(progress)
    return plan


def import_checkpoint(
    path: Path,
    checkpoint_id: int | None,
    day: date | None = None,
    progress: Progress | None = None,
    sheet: str | None = None,
    say: Callable[[str], None] | None = None,
    today: date | None = None,
) -> CheckpointImportResult:
    """The headless import: the same reading, column guess, plan and single transaction as the dialog; say is
    told the mapping used and what the plan holds before anything is written."""
    refuse_if_imported(file_sha256(Path(path)))

    def planned() -> CheckpointImportPlan:
        tables = only_sheet(read_checkpoint_register(Path(path), progress), sheet)
        mappings = {t.key: guess_checkpoint_mapping(t) for t in tables if t.rows}
        plan = plan_checkpoint_import(tables, Path(path), checkpoint_id, day, mappings, progress, today)
        if say is not None:
            tell_plan(say, tables, mappings, GATE_TARGETS + VEHICLE_TARGETS, plan.notes)
        return plan

    return applied_once_more(planned, lambda plan: apply_checkpoint_plan(plan, progress), say)
