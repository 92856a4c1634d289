"""Checkpoint rows grouped into parties: the rows of one plate and minute (the first the driver), the names a
同车人员 cell gives, repeats and rows already registered; then the vehicle sheet's details for each party."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from db.checkpoint_actions import CheckpointError, checked_entry
from db.imports.checkpoints import EntryKey, PlannedParty, registered_keys
from db.imports.rows import PlannedRow, RowIssue
from db.progress import Progress, check_cancelled
from forms.checkpoint_cells import LABELS, SAYS_NONE, says_none, vehicle_outcome_of, vehicle_type_of
from forms.checkpoint_rows import GateRow, RowReader
from forms.definitions.gate_entry import PlateNumber, TimeOfDay
from forms.excel.mapping import columns_by_field
from forms.excel.sheet_table import cell_text
from forms.kinds import YesNo, is_blank
from forms.parsing.dates import parse_date


def plan_parties(reader: RowReader, progress: Progress | None) -> None:
    """Every row read taken into the plan: a party, a companion, merged, or already registered."""
    _Parties(reader).finish(progress)


class _Parties:
    """The rows read grouped into the plan's parties (one vehicle, one minute), vehicle sheets' rows given to them."""

    def __init__(self, reader: RowReader) -> None:
        self.plan, self.places, self.areas = reader.plan, reader.places, reader.areas
        self.rows, self.vehicle_tables, self._refuse = reader.rows, reader.vehicle_tables, reader.refuse

    def finish(self, progress: Progress | None) -> None:
        plan = self.plan
        days = {r.entry["at"].date() for r in self.rows}
        there = registered_keys({r.key[0] for r in self.rows}, days)
        seen: dict[EntryKey, GateRow] = {}
        by_car: dict[tuple[int, datetime, str, str], PlannedParty] = {}
        registered_cars: set[tuple[int, datetime, str]] = set()
        #: (checkpoint, moment, direction) → [(party, names still to come)]
        waiting: dict[tuple[int, datetime, str], list[tuple[PlannedParty, GateRow, list[str]]]] = {}
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
                plan.warnings.append(RowIssue(row.sheet, row.row, row.name, LABELS["name"], said, "warning"))
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

    def _join(self, party: PlannedParty, row: GateRow, reason: str) -> None:
        party.companions.append(row.entry)
        party.rows.append(PlannedRow(row.sheet, row.row, row.name, "created", reason))

    def _named_only(self, party: PlannedParty, lead_row: GateRow, names: list[str]) -> None:
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
                if says_none(cells):
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
        vehicle["vehicle_type"] = vehicle_type_of(cell_text(raw.get("vehicle_type", "")))
        try:
            vehicle["disinfected"] = YesNo().parse(raw.get("disinfected", ""))
        except ValueError as exc:
            self.plan.warnings.append(RowIssue(sheet, row_no, driver, "是否消毒", f"{exc}，按“否”导入", "warning"))
            vehicle["disinfected"] = False
        outcome = vehicle_outcome_of(cell_text(raw.get("outcome", "")))
        if outcome:
            vehicle["outcome"] = outcome
        party.vehicle = vehicle
        said = f"车辆信息并入{_where_row(party)}{party.rows[0].name}等 {party.people} 人的登记"
        self.plan.other_rows.append(PlannedRow(sheet, row_no, driver, "merged", said))


def _where(row: GateRow) -> str:
    return f"第 {row.row} 行"


def _where_row(party: PlannedParty) -> str:
    return f"第 {party.rows[0].row} 行"
