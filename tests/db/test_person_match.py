"""A pushed name finds its roster person by the strongest key that fits, and says which and how sure."""

from __future__ import annotations

import random
from datetime import date

import pytest

from db.models.pushed import MatchReason
from db.rules.id_number import check_digit
from db.rules.person_match import RosterEntry, RosterIndex, Wanted, birth_of
from db.rules.search_keys import name_pinyin

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def _number(rng: random.Random, born: date) -> str:
    body = f"410105{born:%Y%m%d}{rng.randrange(1000):03d}"
    return body + check_digit(body)


def _roster(seed: int, size: int) -> list[RosterEntry]:
    rng = random.Random(seed)
    people, numbers, names = [], set(), set()
    while len(people) < size:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        born = date(rng.randrange(1940, 2020), rng.randrange(1, 13), rng.randrange(1, 29))
        number = _number(rng, born)
        if number in numbers or name in names:  # unique names: each probe below has one right answer
            continue
        numbers.add(number)
        names.add(name)
        phone = f"13{rng.randrange(10**9):09d}"
        people.append(RosterEntry(len(people) + 1, name, number, phone, born, name_pinyin(name)[1]))
    return people


def _one_digit_off(number: str, rng: random.Random) -> str:
    """Another digit in the sequence part (15th–17th), so the birth date still reads the same."""
    i = rng.randrange(14, 17)
    digit = str((int(number[i]) + rng.randrange(1, 10)) % 10)
    return number[:i] + digit + number[i + 1 :]


def _swapped(number: str) -> str:
    for i in range(14, 16):
        if number[i] != number[i + 1]:
            return number[:i] + number[i + 1] + number[i] + number[i + 2 :]
    return number[:14] + "12" + number[16:]  # a sequence of one digit repeated: make it differ by a swap-like edit


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_kind_of_pushed_name_finds_its_person_for_the_right_reason(seed: int) -> None:
    roster = _roster(seed, 400)
    index = RosterIndex.of(roster)
    rng = random.Random(seed + 100)
    cases: list[tuple[Wanted, int | None, MatchReason | None]] = []
    for person in rng.sample(roster, 120):
        kind = rng.choice(["exact", "typo", "swap", "phone", "birth", "pinyin", "nobody"])
        if kind == "exact":
            cases.append((Wanted(person.name, person.id_number), person.person_id, MatchReason.ID))
        elif kind in ("typo", "swap"):
            number = _one_digit_off(person.id_number, rng) if kind == "typo" else _swapped(person.id_number)
            if number == person.id_number:
                continue
            cases.append((Wanted(person.name, number), person.person_id, MatchReason.ID_TYPO))
        elif kind == "phone":
            cases.append((Wanted(person.name, "", person.phone), person.person_id, MatchReason.NAME_PHONE))
        elif kind == "birth":
            n = person.id_number  # two digits off, not side by side (so not a swap): only the birth date is left
            off_by_two = n[:14] + str((int(n[14]) + 3) % 10) + n[15] + str((int(n[16]) + 7) % 10) + n[17]
            cases.append((Wanted(person.name, off_by_two), person.person_id, MatchReason.NAME_BIRTH))
        elif kind == "pinyin":
            homophone = {"张": "章", "王": "汪", "李": "黎", "刘": "留", "陈": "晨", "杨": "阳", "周": "舟"}
            if person.name[0] not in homophone:
                continue
            name = homophone[person.name[0]] + person.name[1:]
            if name_pinyin(name)[1] != person.pinyin:
                continue
            phone = "15" + person.phone[2:]  # the same last digits on another carrier's prefix
            cases.append((Wanted(name, "", phone), person.person_id, MatchReason.PINYIN_PHONE_TAIL))
        else:
            cases.append((Wanted("欧阳" + person.name[1:], "", "18600000000"), None, None))
    assert len({reason for _w, _p, reason in cases}) >= 6  # the draw covered nearly every kind
    for wanted, person_id, reason in cases:
        found = index.match(wanted)
        if person_id is None:
            assert found is None, wanted
            continue
        assert found is not None, wanted
        assert (found.person_id, found.reason) == (person_id, reason), wanted
        assert found.exact == (reason is MatchReason.ID)


def test_a_typo_the_check_digit_shows_is_surer_than_one_that_passes_it() -> None:
    born = date(1980, 5, 6)
    number = f"410105{born:%Y%m%d}123"
    number += check_digit(number)
    index = RosterIndex.of([RosterEntry(1, "王伟", number, "", born, "wangwei")])
    shows = number[:15] + "9" + number[16:]  # one digit off: the check digit no longer fits
    assert check_digit(shows[:17]) != shows[17]
    fits = shows[:17] + check_digit(shows[:17])[0]  # two digits off, a valid number: not a one-digit typo
    typo = index.match(Wanted("王伟", shows))
    assert typo is not None and typo.reason is MatchReason.ID_TYPO and typo.strength == 90
    other = index.match(Wanted("王伟", fits))
    assert other is not None and other.reason is MatchReason.NAME_BIRTH  # only the birth date speaks for it


def test_several_people_fitting_one_key_are_all_offered_and_weaker() -> None:
    born = date(1990, 1, 2)
    twins = [RosterEntry(i, "李娜", "", "", born, "lina") for i in (7, 8)]
    found = RosterIndex.of(twins).match(Wanted("李娜", birth_date=born))
    assert found is not None
    assert (found.person_id, found.others, found.reason) == (7, (8,), MatchReason.NAME_BIRTH)
    assert found.strength < 75 and "另有 1 人" in found.explained()


def test_a_name_alone_or_another_name_with_the_same_phone_is_not_a_match() -> None:
    index = RosterIndex.of([RosterEntry(1, "赵敏", "", "13912345678", None, "zhaomin")])
    assert index.match(Wanted("赵敏")) is None
    assert index.match(Wanted("赵明", "", "13912345678")) is None  # another sound: not caught (README says so)
    assert birth_of(Wanted("赵敏", "41010519990231123X")) is None  # no 31 February: no birth date to match on
