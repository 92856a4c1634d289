"""A demo village for trying the program out and for timing it on a township-sized roster.

Households and people are made up but plausible: families of up to four generations with consistent
ages and surnames, valid and unique ID numbers whose birth date and sex match the person, mobile
phones for most adults, and the statuses and flags a village roster carries in early 2020 (people
working away, people back for the Spring Festival, tenants, the old living alone). Everything is
generated in memory and written through the one save path in one transaction, so a cancelled or
failed run leaves the database as it was. The same seed (and day) gives the same village.

A demo marks its database as practice (the Setting PRACTICE_KEY, written in the same transaction), so
the window says on every screen that these people are invented and not the village's ledger.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from db import changes
from db.demo_checkpoints import add_demo_checkpoints
from db.demo_data import (
    CHRONIC_NOTES,
    DISABILITY_NOTES,
    GRID_WEIGHTS,
    GRIDS,
    MINORITY_FAMILY,
    RARE_HEADS,
    SPECIALS_FROM,
    STUDY_CITIES,
    TENANT_NOTES,
    VILLAGE,
    WORK_CITIES,
)
from db.demo_families import FamilyMaker, Member
from db.errors import LedgerError
from db.models import Grid, Household, HouseholdKind, Person, PersonStatus, Setting, Village
from db.models.household import RELATIONS
from db.progress import Cancelled, Progress
from db.queries.village import PRACTICE_KEY  # a Setting marking the file as practice (invented people)

#: The clerk pressed 取消; raised inside the transaction so nothing is written.
DemoCancelled = Cancelled


@dataclass(frozen=True)
class DemoSummary:
    """What a demo village was built with, for the line that announces it."""

    households: int
    people: int
    grids: int


NOT_EMPTY = "数据库中已有数据，演示数据只能生成到空数据库"
SUMMARY = "生成演示数据"

(_HEAD, _SPOUSE, _CHILD, _PARENT, _IN_LAW_PARENT, _GRANDPARENT, _CHILD_SPOUSE, _GRANDCHILD, _SIBLING, _OTHER) = (
    RELATIONS
)

_RESIDENT = HouseholdKind.RESIDENT.value
_RENTED = HouseholdKind.RENTED.value
_NOMINAL = HouseholdKind.NOMINAL.value
_PRESENT = PersonStatus.PRESENT.value
_AWAY = PersonStatus.AWAY.value
_RETURNED = PersonStatus.RETURNED.value
_TEMPORARY = PersonStatus.TEMPORARY.value
_MOVED_OUT = PersonStatus.MOVED_OUT.value
_DECEASED = PersonStatus.DECEASED.value

_CHECK_EVERY = 1000  # people between progress reports / cancel checks
#: Progress steps per person for writing it (generating one is one step); the inserts take about as long.
_WRITE_STEPS = 1


def database_is_empty() -> bool:
    return not any(m.select().exists() for m in (Village, Grid, Household, Person))


def build_demo_village(
    people: int = 2000, seed: int = 2020, progress: Progress | None = None, today: date | None = None
) -> DemoSummary:
    """Fill an empty database with a demo village: exactly `people` people in about people / 3.3
    households, spread over six village groups; `today` fixes ages and dates (default: today).

    Raises LedgerError if the database already has a village, grid, household or person, and
    DemoCancelled once progress.cancelled is set (checked every 1,000 people and around the inserts;
    the transaction is rolled back, nothing is written). Progress counts one step per person generated
    and one per person written, the two halves taking about as long.
    """
    if people < 1:
        raise LedgerError("演示人数至少为 1 人")
    if not database_is_empty():
        raise LedgerError(NOT_EMPTY)
    today = today or date.today()
    plan = _Generator(random.Random(seed), people, today, progress).run()
    with changes.transaction(SUMMARY, who=VILLAGE["clerk"]) as cs:
        if not database_is_empty():  # filled by someone else since the first look
            raise LedgerError(NOT_EMPTY)
        cs.create(Setting, {"key": PRACTICE_KEY, "value": "true"})
        cs.create(Village, VILLAGE)
        grid_ids = []
        for order, ((name, worker), phone) in enumerate(zip(GRIDS, plan.grid_phones, strict=True), start=1):
            values = {"name": name, "worker": worker, "worker_phone": phone, "sort_order": order}
            grid_ids.append(cs.create(Grid, values).id)
        for row in plan.households:
            row["grid"] = grid_ids[row["grid"]]
        _check_cancel(progress)
        household_ids = cs.bulk_create(Household, plan.households)
        if progress is not None:
            # The households are about an eighth of the writing.
            progress.update(people + people * _WRITE_STEPS // 8, plan.total_steps)
        for row in plan.people:
            row["household"] = household_ids[row["household"]]
        _check_cancel(progress)
        person_ids = cs.bulk_create(Person, plan.people)
        gate_entries = add_demo_checkpoints(cs, seed, plan.people, person_ids, today)
        details = {"seed": seed, "households": len(household_ids), "people": len(plan.people)}
        details["gate_entries"] = gate_entries
        cs.note("demo", "person", details)
        _check_cancel(progress)  # a cancel pressed during the inserts still rolls everything back
    if progress is not None:
        progress.update(plan.total_steps, plan.total_steps)
    return DemoSummary(households=len(household_ids), people=len(plan.people), grids=len(grid_ids))


def _check_cancel(progress: Progress | None) -> None:
    if progress is not None and progress.cancelled:
        raise DemoCancelled()


# --- generation ----------------------------------------------------------------------------------


@dataclass
class _Plan:
    households: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    grid_phones: list[str] = field(default_factory=list)
    total_steps: int = 0


class _Generator(FamilyMaker):
    """The village half of the demo: households in grids, their rows, statuses and notes."""

    def __init__(self, rng: random.Random, people: int, today: date, progress: Progress | None) -> None:
        self.rng = rng
        self.people = people
        self.today = today
        self.progress = progress
        self.used_ids: set[str] = set()
        self.plan = _Plan(total_steps=people * (1 + _WRITE_STEPS))

    # --- the whole village

    def run(self) -> _Plan:
        rng = self.rng
        self.plan.grid_phones = [self.mobile() for _ in GRIDS]
        shapes = self._shapes()
        per_grid = _split(len(shapes), GRID_WEIGHTS)
        width = max(4, len(str(max(per_grid))))
        index = 0
        done = 0
        next_report = _CHECK_EVERY
        for grid_index, ((grid_name, _worker), count) in enumerate(zip(GRIDS, per_grid, strict=True)):
            door = 0
            last_resident: tuple[str, str] | None = None  # (door_no, head_name) a tenant may rent from
            for seq in range(1, count + 1):
                kind, size, special = shapes[index]
                number = f"{grid_index + 1:02d}-{seq:0{width}d}"
                if kind == _RENTED and last_resident is not None:
                    door_no, landlord = last_resident
                else:
                    door += rng.choice((1, 1, 1, 2, 2, 3))
                    door_no, landlord = f"{door}号", ""
                members = self.family(kind, size, special)
                rows = self._people(members, kind, index)
                head = rows[0]
                self.plan.households.append(
                    {
                        "number": number,
                        "grid": grid_index,
                        "door_no": door_no,
                        "head_name": head["name"],
                        "phone": next((r["phone"] for r in rows if r["phone"]), ""),
                        "kind": kind,
                        "note": self._household_note(kind, rows, landlord),
                    }
                )
                keys = changes.MemberKeys(number, grid_name, door_no, grid_index + 1)
                for row in rows:
                    row.update(keys.of(row))
                self.plan.people.extend(rows)
                if kind == _RESIDENT:
                    last_resident = (door_no, head["name"])
                index += 1
                done += len(rows)
                if done >= next_report:
                    next_report += _CHECK_EVERY
                    _check_cancel(self.progress)
                    if self.progress is not None:
                        self.progress.update(done, self.plan.total_steps)
        _check_cancel(self.progress)
        return self.plan

    def _shapes(self) -> list[tuple[str, int, Any]]:
        """(kind, size, special) of each household, sizes adding up to exactly `people`."""
        rng = self.rng
        shapes: list[tuple[str, int, Any]] = []
        total = 0
        while total < self.people:
            r = rng.random()
            if r < 0.03:
                kind, size = _RENTED, rng.choice((1, 1, 2, 2, 2, 3, 3, 4))
            elif r < 0.05:
                kind, size = _NOMINAL, rng.choice((1, 1, 2))
            else:
                kind = _RESIDENT
                size = rng.choices((1, 2, 3, 4, 5, 6, 7), cum_weights=(12, 34, 55, 75, 89, 97, 100))[0]
            size = min(size, self.people - total)
            shapes.append((kind, size, None))
            total += size
        if self.people >= SPECIALS_FROM:
            # Spread a few special households through the village; each takes an ordinary one's place.
            specials: list[Any] = list(RARE_HEADS)
            specials.insert(2, MINORITY_FAMILY)
            step = len(shapes) // (len(specials) + 1)
            for k, special in enumerate(specials, start=1):
                if special is MINORITY_FAMILY:
                    size = len(MINORITY_FAMILY)
                    at = next(
                        (i for i in range(k * step, len(shapes)) if shapes[i][1] == size and shapes[i][2] is None), None
                    )
                    if at is not None:
                        shapes[at] = (_RENTED, size, special)
                elif shapes[k * step][2] is None:
                    shapes[k * step] = (_RESIDENT, shapes[k * step][1], special)
        return shapes

    def _people(self, members: list[Member], kind: str, household_index: int) -> list[dict[str, Any]]:
        rng = self.rng
        alone = len(members) == 1
        rows = []
        for m in members:
            birth = date.fromordinal(self.today.toordinal() - int(m.age * 365.2425) - rng.randrange(1, 365))
            status = self._status(kind, m)
            legacy = birth.year < 1950 and rng.random() < 0.08
            if (m.age == 0 and rng.random() < 0.5) or rng.random() < 0.006:
                id_number = None  # a newborn not registered yet, or a number nobody has written down
            else:
                id_number = self.id_number(m.region, birth, m.male, legacy)
            phone = self.mobile() if status != _DECEASED and rng.random() < _mobile_odds(m.age) else ""
            chronic_odds = 0.01 if m.age < 40 else 0.08 if m.age < 60 else 0.2 if m.age < 70 else 0.32
            chronic = rng.random() < chronic_odds
            disabled = rng.random() < (0.03 if m.age >= 60 else 0.01)
            pregnant = (
                not m.male
                and 20 <= m.age <= 40
                and m.relation in (_HEAD, _SPOUSE, _CHILD_SPOUSE)
                and status in (_PRESENT, _RETURNED, _TEMPORARY)
                and rng.random() < 0.05
            )
            lives_alone = alone and m.age >= 60 and status == _PRESENT
            rows.append(
                {
                    "household": household_index,
                    "name": m.name,
                    "sex": "男" if m.male else "女",
                    "id_number": id_number,
                    "birth_date": birth,
                    "phone": phone,
                    "relation": m.relation,
                    "status": status,
                    "chronic": chronic,
                    "pregnant": pregnant,
                    "disabled": disabled,
                    "lives_alone": lives_alone,
                    "note": self._person_note(m, status, chronic, disabled, pregnant),
                }
            )
        return rows

    # --- one person

    def _status(self, kind: str, m: Member) -> str:
        rng = self.rng
        if kind == _RENTED:
            return _TEMPORARY
        if kind == _NOMINAL:
            return _AWAY if rng.random() < 0.85 else _PRESENT
        r = rng.random()
        if m.relation != _HEAD:
            if m.age >= 70 and r < 0.03:
                return _DECEASED
            if m.relation == _CHILD and 20 <= m.age <= 40 and r < (0.02 if m.male else 0.08):
                return _MOVED_OUT  # a daughter married away whose registration has not moved yet
        if 18 <= m.age <= 55:
            away, back = 0.21, 0.065
        elif 16 <= m.age < 18:
            away, back = 0.15, 0.05
        elif 56 <= m.age <= 65:
            away, back = 0.08, 0.03
        elif m.age < 16:
            away, back = 0.06, 0.04
        else:
            away, back = 0.01, 0.01
        r = rng.random()
        return _AWAY if r < away else _RETURNED if r < away + back else _PRESENT

    def _person_note(self, m: Member, status: str, chronic: bool, disabled: bool, pregnant: bool) -> str:
        rng = self.rng
        parts = []
        if status == _AWAY and rng.random() < 0.6:
            if 16 <= m.age <= 23 and rng.random() < 0.6:
                parts.append(f"在{rng.choice(STUDY_CITIES)}上学")
            elif m.age >= 16:
                parts.append(f"在{rng.choice(WORK_CITIES)}务工")
        elif status == _RETURNED and rng.random() < 0.75:
            day = self.today - timedelta(days=rng.randint(3, 40))
            parts.append(f"{day.month}月{day.day}日从{rng.choice(WORK_CITIES)}返乡")
        elif status == _TEMPORARY and m.relation == _HEAD and rng.random() < 0.5:
            parts.append(rng.choice(TENANT_NOTES))
        elif status == _MOVED_OUT:
            parts.append(f"{self.today.year - rng.randint(0, 2)}年迁往{rng.choice(WORK_CITIES)}")
        elif status == _DECEASED:
            parts.append(f"{self.today.year - rng.randint(0, 1)}年去世")
        if chronic and rng.random() < 0.6:
            parts.append(rng.choice(CHRONIC_NOTES))
        if disabled and rng.random() < 0.7:
            parts.append(rng.choice(DISABILITY_NOTES))
        if pregnant and rng.random() < 0.5:
            parts.append(f"孕{rng.randint(8, 36)}周")
        return "；".join(parts)

    def _household_note(self, kind: str, rows: list[dict[str, Any]], landlord: str) -> str:
        rng = self.rng
        if kind == _RENTED:
            return f"租住{landlord}家" if landlord else "租房"
        if kind == _NOMINAL:
            return "户口在本村，人长期在外" if rng.random() < 0.7 else ""
        if rows[0]["lives_alone"] and rng.random() < 0.3:
            return "独居老人，每日电话问候" if rng.random() < 0.7 else "五保户"
        if rng.random() < 0.03:
            return "低保户"
        return ""


def _split(total: int, weights: tuple[float, ...]) -> list[int]:
    """total split in proportion to weights, in whole numbers adding up to total."""
    whole = sum(weights)
    counts = [int(total * w / whole) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % len(counts)] += 1
    return counts


def _mobile_odds(age: int) -> float:
    if age < 16:
        return 0.0
    if age < 18:
        return 0.5
    return 0.95 if age <= 70 else 0.45 if age <= 80 else 0.15
