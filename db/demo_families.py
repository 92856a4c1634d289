"""The families of the demo village: who lives together, their names, ages, birthplaces, phones and ID
numbers, drawn from the seeded generator so the same seed (and day) gives the same people.

A family is consistent: a parent is at least 20 years older than a child, a married-in wife has a
surname of her own, brothers may share a generation character, and every ID number is unique and
matches the person's birth date and sex.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from db.demo_data import (
    FAR_REGIONS,
    FEMALE_NAMES,
    GENERATION_CHARS,
    HOME_REGION,
    LOCAL_CUM,
    MALE_NAMES,
    MALE_SECONDS,
    MINORITY_FAMILY,
    MINORITY_REGION,
    MOBILE_PREFIXES,
    NATIONAL_CUM,
    NEARBY_REGIONS,
    SURNAME_NAMES,
)
from db.errors import LedgerError
from db.models import HouseholdKind
from db.models.household import RELATIONS
from db.rules.id_number import check_digit

(HEAD, SPOUSE, CHILD, PARENT, IN_LAW_PARENT, GRANDPARENT, CHILD_SPOUSE, GRANDCHILD, SIBLING, _OTHER) = RELATIONS
_RENTED = HouseholdKind.RENTED.value


@dataclass
class Member:
    """A person of a family before they become a roster row."""

    relation: str
    name: str
    male: bool
    age: int
    region: str


class FamilyMaker:
    """The family-making half of the demo generator (db.demo._Generator is the village half)."""

    rng: random.Random
    today: date
    used_ids: set[str]

    # --- one household

    def family(self, kind: str, size: int, special: Any) -> list[Member]:
        if special is MINORITY_FAMILY:
            return [Member(rel, name, male, age, MINORITY_REGION) for name, male, age, rel in special]
        if kind == _RENTED:
            return self._tenants(size)
        return self._relatives(size, special)

    def _tenants(self, size: int) -> list[Member]:
        """A family from elsewhere renting in the village (暂住)."""
        rng = self.rng
        region = rng.choice(FAR_REGIONS) if rng.random() < 0.8 else rng.choice(NEARBY_REGIONS)
        head_age = rng.randint(20, 55)
        family = self._surname(local=False)
        head = Member(HEAD, family + self._given(True, head_age), True, head_age, region)
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

    def _relatives(self, size: int, special: tuple[str, str, bool] | None) -> list[Member]:
        """A registered family: head, spouse, children, the head's parents, or a married son with his
        wife and children; ages are consistent (a parent is at least 20 years older than a child)."""
        rng = self.rng
        head, family = self._head(size, special)
        members = [head]
        names = {head.name}
        remaining = size - 1
        spouse: Member | None = None
        if remaining and (size > 2 or rng.random() < 0.85):
            spouse = self._spouse_of(head, self._married_in_region(), None if head.male else family)
            members.append(spouse)
            names.add(spouse.name)
            remaining -= 1
        n_parents = 0
        married_son = False
        if head.age < 48:
            if remaining >= 2 and rng.random() < 0.45:
                n_parents = min(rng.choice((1, 2)), remaining - 1)
        else:
            if remaining >= 2 and head.age <= 68 and rng.random() < 0.25:
                n_parents = 1
            married_son = remaining - n_parents >= 3 and rng.random() < 0.75
        self._add_children(members, names, family, remaining - n_parents, married_son)
        if n_parents:
            self._add_parents(members, names, spouse, n_parents)
        return members

    def _head(self, size: int, special: tuple[str, str, bool] | None) -> tuple[Member, str]:
        """The head of a family of `size`, and the surname the children carry."""
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
        family = self._surname(local=True)
        if special is not None:
            surname, given, head_male = special
            head_name = surname + given
            if head_male:
                family = surname
        elif head_male:
            head_name = family + self._given(True, head_age)
        else:
            head_name = self._surname(local=False, not_=family) + self._given(False, head_age)
        return Member(HEAD, head_name, head_male, head_age, self._local_region()), family

    def _add_children(
        self, members: list[Member], names: set[str], family: str, n_children: int, married_son: bool
    ) -> None:
        """Children, eldest first; with a married son, his wife and up to three children come next."""
        rng = self.rng
        head = members[0]
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
                members.append(self._child(family, grandchild_age, names, None, relation=GRANDCHILD))
                grandchild_age -= rng.randint(1, 5)
                n_children -= 1
            age -= rng.randint(1, 6)
        for _ in range(n_children):
            if age >= 0:
                members.append(self._child(family, age, names, generation))
            else:
                members.append(self._sibling_of(head, names))
            age -= rng.randint(1, 5)

    def _add_parents(self, members: list[Member], names: set[str], spouse: Member | None, n_parents: int) -> None:
        """The head's own parents, sometimes the spouse's (岳父母或公婆), or a grandparent of a young head."""
        rng = self.rng
        head = members[0]
        relation, line, younger = PARENT, head.name[0], head.age
        if spouse is not None and rng.random() < 0.2:
            relation, line, younger = IN_LAW_PARENT, spouse.name[0], spouse.age
        parent_age = younger + rng.randint(22, 32)
        if head.age <= 32 and rng.random() < 0.15:
            relation, line = GRANDPARENT, head.name[0]
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
    ) -> Member:
        """A relative with a name not already used in the household."""
        for _ in range(5):
            name = surname + self._given(male, age)
            if name not in names:
                break
        names.add(name)
        return Member(relation, name, male, age, region or self._local_region())

    def _child(
        self,
        surname: str,
        age: int,
        names: set[str],
        generation: str | None,
        region: str | None = None,
        male: bool | None = None,
        relation: str = CHILD,
    ) -> Member:
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
        return Member(relation, name, True, age, region or self._local_region())

    def _spouse_of(self, partner: Member, region: str, surname: str | None = None) -> Member:
        rng = self.rng
        male = not partner.male
        age = partner.age - rng.randint(-2, 5) if partner.male else partner.age + rng.randint(-2, 5)
        age = max(age, 20)
        if surname is None:
            surname = self._surname(local=False, not_=partner.name[0])
        relation = SPOUSE if partner.relation == HEAD else CHILD_SPOUSE
        return Member(relation, surname + self._given(male, age), male, age, region)

    def _sibling_of(self, head: Member, names: set[str] | None = None) -> Member:
        """An unmarried brother or sister of the head: the filler when no younger or older relative fits."""
        age = max(head.age + self.rng.randint(-8, 8), 16)
        male = self.rng.random() < 0.6
        return self._named(SIBLING, head.name[0], male, age, set() if names is None else names, head.region)

    def _local_region(self) -> str:
        return HOME_REGION if self.rng.random() < 0.93 else self.rng.choice(NEARBY_REGIONS)

    def _married_in_region(self) -> str:
        r = self.rng.random()
        if r < 0.65:
            return HOME_REGION
        return self.rng.choice(NEARBY_REGIONS if r < 0.93 else FAR_REGIONS)

    def mobile(self) -> str:
        return f"{self.rng.choice(MOBILE_PREFIXES)}{self.rng.randrange(10**8):08d}"

    def id_number(self, region: str, birth: date, male: bool, legacy: bool) -> str:
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
