"""A checkpoint register's rows read and checked one by one (forms.checkpoint_import plans them): which checkpoint
and day a sheet's rows are of, and each row's entry as register_entry takes it, or its refusal."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from db.checkpoint_actions import CheckpointError, checked_entry
from db.imports.checkpoints import CheckpointImportPlan, EntryKey
from db.imports.rows import RowIssue
from db.models.checkpoint import Direction
from db.queries.checkpoints import checkpoints
from db.queries.screening_entry import key_areas
from db.rules.key_areas import KeyAreaRow
from forms.checkpoint_cells import (
    DECISIVE,
    LABELS,
    NO_DAY,
    NO_TIME,
    NOTHING_WRITTEN,
    SAYS_NONE,
    TICKED_FIELDS,
    companion_names,
    field_issue,
    numeric_out_of_range,
    refusal,
    says_none,
    split_note,
    ticked,
)
from forms.checkpoint_sheets import COMPANIONS, HeaderFacts, header_facts
from forms.definitions.gate_entry import GATE_ENTRY, to_entry
from forms.excel.formula_cells import cell_issues, with_cell_issues
from forms.excel.mapping import columns_by_field
from forms.excel.reader import SheetTable
from forms.kinds import is_blank
from forms.parsing.names import shown_name


@dataclass
class GateRow:
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
class Checkpoints:
    """The list of checkpoints by name, the default one, and the notes said about them."""

    default: int | None
    by_name: dict[str, int]
    names: dict[int, str]

    @classmethod
    def load(cls, default: int | None) -> Checkpoints:
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


class RowReader:
    """The tables' rows read into GateRows; a row not read is skipped or refused in the plan, so every row is
    accounted for."""

    def __init__(self, plan: CheckpointImportPlan, places: Checkpoints, day: date | None, today: date) -> None:
        self.plan, self.places, self.day, self.today = plan, places, day, today
        self.areas: list[KeyAreaRow] = list(key_areas())
        self.rows: list[GateRow] = []
        self.vehicle_tables: list[tuple[SheetTable, dict[int, str], int | None, date | None]] = []

    def refuse(self, sheet: str, row: int, name: str, label: str, reason: str) -> None:
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
        for name in TICKED_FIELDS:
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
            if says_none(cells):
                self.plan.skipped_rows.append((table.sheet, row_no, SAYS_NONE))
                continue
            values = {k: v for k, v in p.values.items() if v not in ("", None)}
            if "is_villager" in columns and is_blank(columns["is_villager"][index]):
                values.pop("is_villager", None)  # not said: the roster says, when it has the person
            name = str(values.get("name") or shown_name(cells[name_col]))
            issues = with_cell_issues(p.issues, unread.get(index))
            if "temperature" in columns and (slip := numeric_out_of_range(columns["temperature"][index])):
                issues = [i for i in issues if i.field != "temperature"]
                issues.append(field_issue("temperature", slip))
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
                    self.refuse(table.sheet, row_no, name, issue.label, reason)
                continue
            if note_has_symptoms and values.get("note"):
                symptoms, note = split_note(str(values["note"]))
                values["note"] = note
                if symptoms:
                    values["symptoms"] = symptoms
            companions = companion_names(cells[party_col]) if party_col is not None else []
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
                self.refuse(sheet, row_no, name, "卡点名称", f"没有名为“{values['checkpoint']}”的卡点，未导入")
                return
            checkpoint = named
        if checkpoint is None:
            self.refuse(sheet, row_no, name, "卡点名称", "没有指定卡点，请在导入时选择卡点")
            return
        if not isinstance(values.get("time"), time):
            self.refuse(sheet, row_no, name, LABELS["time"], NO_TIME)
            return
        on = values.get("day") or day
        if not isinstance(on, date):
            self.refuse(sheet, row_no, name, LABELS["day"], NO_DAY)
            return
        values.pop("at", None)
        entry = to_entry(values, checkpoint, on)
        try:
            checked = checked_entry(entry, self.areas)
        except CheckpointError as exc:
            label, reason = refusal(str(exc))
            self.refuse(sheet, row_no, name, label, reason)
            return
        self.plan.checkpoints.setdefault(checkpoint, self.places.names[checkpoint])
        self.rows.append(GateRow(sheet, row_no, name, checked, companions))

    def vehicle_table(self, table: SheetTable, mapping: dict[int, str]) -> None:
        facts = header_facts(table, self.today)
        checkpoint, day = self._table_place(table, facts)
        self.vehicle_tables.append((table, mapping, checkpoint, day))
