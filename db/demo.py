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
from db.demo_data import (
    CHRONIC_NOTES,
    DISABILITY_NOTES,
    FAR_REGIONS,
    FEMALE_NAMES,
    GENERATION_CHARS,
    GRID_WEIGHTS,
    GRIDS,
    HOME_REGION,
    LOCAL_CUM,
    MALE_NAMES,
    MALE_SECONDS,
    MINORITY_FAMILY,
    MINORITY_REGION,
    MOBILE_PREFIXES,
    NATIONAL_CUM,
    NEARBY_REGIONS,
    RARE_HEADS,
    SPECIALS_FROM,
    STUDY_CITIES,
    SURNAME_NAMES,
    TENANT_NOTES,
    VILLAGE,
    WORK_CITIES,
)
from db.errors import LedgerError
from db.models import Grid, Household, HouseholdKind, Person, PersonStatus, Setting, Village
from db.models.household import RELATIONS
from db.progress import Cancelled, Progress
from db.queries.village import PRACTICE_KEY  # a Setting marking the file as practice (invented people)
from db.rules import search_keys
from db.rules.id_number import check_digit

#: The clerk pressed 取消; raised inside the transaction so nothing is written.
DemoCancelled = Cancelled


@dataclass(frozen=True)
class DemoSummary:
    households: int
    people: int
    grids: int


NOT_EMPTY = "数据库中已有数据，演示数据只能生成到空数据库"
SUMMARY = "生成演示数据"

(_HEAD, _SPOUSE, _CHILD, _PARENT, _IN_LAW_PARENT, _GRANDPARENT, _CHILD_SPOUSE, _GRANDCHILD, _SIBLING,
 _OTHER) = RELATIONS
_RANK = {relation: rank for rank, relation in enumerate(RELATIONS)}

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
        cs.bulk_create(Person, plan.people)
        details = {"seed": seed, "households": len(household_ids), "people": len(plan.people)}
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


@dataclass
class _Member:
    relation: str
    name: str
    male: bool
    age: int
    region: str


class _Generator:
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
        self.plan.grid_phones = [self._mobile() for _ in GRIDS]
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
                members = self._family(kind, size, special)
                rows = self._people(members, kind, index)
                head = rows[0]
                self.plan.households.append({
                    "number": number,
                    "grid": grid_index,
                    "door_no": door_no,
                    "head_name": head["name"],
                    "phone": next((r["phone"] for r in rows if r["phone"]), ""),
                    "kind": kind,
                    "note": self._household_note(kind, rows, landlord),
                })
                keys = search_keys.HouseholdKeys(number, grid_name + door_no, grid_index + 1)
                for row in rows:
                    row.update(keys.person(row["name"], row["id_number"], row["phone"], _RANK[row["relation"]]))
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
                    at = next((i for i in range(k * step, len(shapes))
                               if shapes[i][1] == size and shapes[i][2] is None), None)
                    if at is not None:
                        shapes[at] = (_RENTED, size, special)
                elif shapes[k * step][2] is None:
                    shapes[k * step] = (_RESIDENT, shapes[k * step][1], special)
        return shapes

    # --- one household

    def _family(self, kind: str, size: int, special: Any) -> list[_Member]:
        if special is MINORITY_FAMILY:
            return [_Member(rel, name, male, age, MINORITY_REGION) for name, male, age, rel in special]
        if kind == _RENTED:
            return self._tenants(size)
        return self._relatives(size, special)

    def _tenants(self, size: int) -> list[_Member]:
        """A family from elsewhere renting in the village (暂住)."""
        rng = self.rng
        region = rng.choice(FAR_REGIONS) if rng.random() < 0.8 else rng.choice(NEARBY_REGIONS)
        head_age = rng.randint(20, 55)
        family = self._surname(local=False)
        head = _Member(_HEAD, family + self._given(True, head_age), True, head_age, region)
        members = [head]
        names = {head.name}
        if size >= 2:
            members.append(self._spouse_of(head, region))
            names.add(members[1].name)
        age = min(m.age for m in members) - rng.randint(21, 32)
        for _ in range(size - len(members)):
            if age >= 0:
                members.append(self._child(family, age, names, None, region))
            else:
                members.append(self._sibling_of(head, names))
            age -= rng.randint(1, 5)
        return members

    def _relatives(self, size: int, special: tuple[str, str, bool] | None) -> list[_Member]:
        """A registered family: head, spouse, children, the head's parents, or a married son with his
        wife and children; ages are consistent (a parent is at least 20 years older than a child)."""
        rng = self.rng
        if size == 1:
            head_age = rng.randint(60, 92) if rng.random() < 0.65 else rng.randint(23, 59)
        elif size == 2:
            r = rng.random()
            # An old couple, a young couple without children yet, or a middle-aged pair.
            low, high = (58, 88) if r < 0.45 else (22, 32) if r < 0.7 else (40, 60)
            head_age = rng.randint(low, high)
        elif size <= 4:
            head_age = rng.randint(26, 50) if rng.random() < 0.8 else rng.randint(50, 70)
        else:
            head_age = rng.randint(30, 45) if rng.random() < 0.5 else rng.randint(48, 68)
        head_male = rng.random() < (0.88 if size > 1 else 0.6)
        family = self._surname(local=True)  # the surname the children carry
        if special is not None:
            surname, given, head_male = special
            head_name = surname + given
            if head_male:
                family = surname
        elif head_male:
            head_name = family + self._given(True, head_age)
        else:
            head_name = self._surname(local=False, not_=family) + self._given(False, head_age)
        head = _Member(_HEAD, head_name, head_male, head_age, self._local_region())
        members = [head]
        names = {head.name}
        remaining = size - 1
        spouse: _Member | None = None
        if remaining and (size > 2 or rng.random() < 0.85):
            spouse = self._spouse_of(head, self._married_in_region(), None if head_male else family)
            members.append(spouse)
            names.add(spouse.name)
            remaining -= 1

        n_parents = 0
        married_son = False
        if head_age < 48:
            if remaining >= 2 and rng.random() < 0.45:
                n_parents = min(rng.choice((1, 2)), remaining - 1)
        else:
            if remaining >= 2 and head_age <= 68 and rng.random() < 0.25:
                n_parents = 1
            married_son = remaining - n_parents >= 3 and rng.random() < 0.75
        n_children = remaining - n_parents

        # Children, eldest first; with a married son, his wife and up to three children come next.
        generation = rng.choice(GENERATION_CHARS) if rng.random() < 0.4 else None
        age = min(m.age for m in members) - rng.randint(21, 30)
        if married_son and age >= 22:
            son = self._child(family, age, names, generation, male=True)
            wife = self._spouse_of(son, self._married_in_region())
            members += [son, wife]
            names.add(wife.name)
            n_children -= 2
            grandchild_age = min(son.age, wife.age) - rng.randint(21, 30)
            for _ in range(min(n_children, 3)):
                if grandchild_age < 0:
                    break
                members.append(self._child(family, grandchild_age, names, None, relation=_GRANDCHILD))
                grandchild_age -= rng.randint(1, 5)
                n_children -= 1
            age -= rng.randint(1, 6)
        for _ in range(n_children):
            if age >= 0:
                members.append(self._child(family, age, names, generation))
            else:
                members.append(self._sibling_of(head, names))
            age -= rng.randint(1, 5)

        # Parents: the head's own, sometimes the spouse's (岳父母或公婆), or a grandparent of a young head.
        if n_parents:
            relation, line, younger = _PARENT, head.name[0], head.age
            if spouse is not None and rng.random() < 0.2:
                relation, line, younger = _IN_LAW_PARENT, spouse.name[0], spouse.age
            parent_age = younger + rng.randint(22, 32)
            if head.age <= 32 and rng.random() < 0.15:
                relation, line = _GRANDPARENT, head.name[0]
                parent_age = head.age + rng.randint(45, 58)
            for k in range(n_parents):
                age_k = parent_age - 3 * k
                if age_k > 96:
                    members.append(self._sibling_of(head, names))
                elif k == 0:
                    members.append(self._named(relation, line, True, age_k, names))
                else:
                    mother_line = self._surname(local=False, not_=line)
                    members.append(self._named(relation, mother_line, False, age_k, names))
        return members

    def _people(self, members: list[_Member], kind: str, household_index: int) -> list[dict[str, Any]]:
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
                id_number = self._id_number(m.region, birth, m.male, legacy)
            phone = self._mobile() if status != _DECEASED and rng.random() < _mobile_odds(m.age) else ""
            chronic_odds = 0.01 if m.age < 40 else 0.08 if m.age < 60 else 0.2 if m.age < 70 else 0.32
            chronic = rng.random() < chronic_odds
            disabled = rng.random() < (0.03 if m.age >= 60 else 0.01)
            pregnant = (not m.male and 20 <= m.age <= 40 and m.relation in (_HEAD, _SPOUSE, _CHILD_SPOUSE)
                        and status in (_PRESENT, _RETURNED, _TEMPORARY) and rng.random() < 0.05)
            lives_alone = alone and m.age >= 60 and status == _PRESENT
            rows.append({
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
            })
        return rows

    # --- one person

    def _status(self, kind: str, m: _Member) -> str:
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

    def _person_note(self, m: _Member, status: str, chronic: bool, disabled: bool, pregnant: bool) -> str:
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

    # --- building blocks

    def _surname(self, local: bool, not_: str | None = None) -> str:
        cum = LOCAL_CUM if local else NATIONAL_CUM
        for _ in range(5):
            surname = self.rng.choices(SURNAME_NAMES, cum_weights=cum)[0]
            if surname != not_:
                return surname
        return surname

    def _given(self, male: bool, age: int) -> str:
        year = self.today.year - age
        era = 0 if year < 1960 else 1 if year < 1985 else 2 if year < 2005 else 3
        return self.rng.choice((MALE_NAMES if male else FEMALE_NAMES)[era])

    def _named(
        self, relation: str, surname: str, male: bool, age: int, names: set[str], region: str | None = None
    ) -> _Member:
        """A relative with a name not already used in the household."""
        for _ in range(5):
            name = surname + self._given(male, age)
            if name not in names:
                break
        names.add(name)
        return _Member(relation, name, male, age, region or self._local_region())

    def _child(
        self,
        surname: str,
        age: int,
        names: set[str],
        generation: str | None,
        region: str | None = None,
        male: bool | None = None,
        relation: str = _CHILD,
    ) -> _Member:
        """A son or daughter; brothers may share a generation character (字辈)."""
        if male is None:
            male = self.rng.random() < 0.53
        if not (male and generation):
            return self._named(relation, surname, male, age, names, region)
        for _ in range(5):
            name = surname + generation + self.rng.choice(MALE_SECONDS)
            if name not in names:
                break
        names.add(name)
        return _Member(relation, name, True, age, region or self._local_region())

    def _spouse_of(self, partner: _Member, region: str, surname: str | None = None) -> _Member:
        rng = self.rng
        male = not partner.male
        age = partner.age - rng.randint(-2, 5) if partner.male else partner.age + rng.randint(-2, 5)
        age = max(age, 20)
        if surname is None:
            surname = self._surname(local=False, not_=partner.name[0])
        relation = _SPOUSE if partner.relation == _HEAD else _CHILD_SPOUSE
        return _Member(relation, surname + self._given(male, age), male, age, region)

    def _sibling_of(self, head: _Member, names: set[str] | None = None) -> _Member:
        """An unmarried brother or sister of the head: the filler when no younger or older relative fits."""
        age = max(head.age + self.rng.randint(-8, 8), 16)
        male = self.rng.random() < 0.6
        return self._named(_SIBLING, head.name[0], male, age, set() if names is None else names, head.region)

    def _local_region(self) -> str:
        return HOME_REGION if self.rng.random() < 0.93 else self.rng.choice(NEARBY_REGIONS)

    def _married_in_region(self) -> str:
        r = self.rng.random()
        if r < 0.65:
            return HOME_REGION
        return self.rng.choice(NEARBY_REGIONS if r < 0.93 else FAR_REGIONS)

    def _mobile(self) -> str:
        return f"{self.rng.choice(MOBILE_PREFIXES)}{self.rng.randrange(10**8):08d}"

    def _id_number(self, region: str, birth: date, male: bool, legacy: bool) -> str:
        """A unique number: region, birth date, a sequence whose last digit is odd for men, check digit;
        legacy 15-digit numbers (old cards never replaced) have a two-digit year and no check digit."""
        rng = self.rng
        ymd = f"{birth.year:04d}{birth.month:02d}{birth.day:02d}"
        base = region + (ymd[2:] if legacy else ymd)
        for _ in range(1000):
            sequence = rng.randrange(0, 500) * 2 + 1 if male else rng.randrange(1, 500) * 2
            body = f"{base}{sequence:03d}"
            if body not in self.used_ids:
                self.used_ids.add(body)
                return body if legacy else body + check_digit(body)
        # Only reachable with hundreds of people born on one day in one county.
        raise LedgerError("演示数据人数过多，身份证号顺序码已用尽")  # pragma: no cover


def _mobile_odds(age: int) -> float:
    if age < 16:
        return 0.0
    if age < 18:
        return 0.5
    return 0.95 if age <= 70 else 0.45 if age <= 80 else 0.15


def _split(total: int, weights: tuple[float, ...]) -> list[int]:
    """total split in proportion to weights, in whole numbers adding up to total."""
    whole = sum(weights)
    counts = [int(total * w / whole) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % len(counts)] += 1
    return counts
