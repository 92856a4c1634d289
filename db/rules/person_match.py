"""Who on the roster a pushed name is, and why we think so (the clerk confirms all but an exact ID number).

Keys, strongest first: the ID number itself; an ID number one digit or one swap of two neighbours away
(rapidfuzz's OSA distance) from that of a roster person of the same name — stronger when the pushed
number fails its check digit, which shows the typo; name and phone; name and birth date (from the
number when the list has no birth column); the same pinyin (章/张) and the same last four phone digits.
Every key but the first is probed in a dict, so a list of 40,000 against a roster of 100,000 costs
dict probes plus one distance per same-name person. Not caught: two typos in a number, a name typed
with another character of another sound, a changed phone with a different birth date, a person known
by another name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from rapidfuzz.distance import OSA

from db.models.pushed import MatchReason
from db.rules.id_number import check_digit
from db.rules.search_keys import name_pinyin

#: How sure each reason is, on its own (an ambiguous key is weaker: see AMBIGUOUS).
STRENGTH = {
    MatchReason.ID: 100,
    MatchReason.ID_TYPO: 90,
    MatchReason.NAME_PHONE: 85,
    MatchReason.NAME_BIRTH: 75,
    MatchReason.PINYIN_PHONE_TAIL: 60,
}
#: A typo number that passes its check digit may be another person's real number.
VALID_TYPO_PENALTY = 15
#: Several roster people fit the key equally: the clerk must pick, the strength says so.
AMBIGUOUS = 30

_DIGITS = re.compile(r"\d+")
_ID = re.compile(r"[0-9]{17}[0-9X]")


@dataclass(frozen=True)
class RosterEntry:
    """What matching needs of a roster person (pinyin: the stored full pinyin, lowercase)."""

    person_id: int
    name: str
    id_number: str
    phone: str
    birth_date: date | None
    pinyin: str


@dataclass(frozen=True)
class Wanted:
    """A pushed name as read from the township's row."""

    name: str
    id_number: str = ""
    phone: str = ""
    birth_date: date | None = None


@dataclass(frozen=True)
class Match:
    """The roster person proposed, why, how sure (0–100), and others that fit the same key as well."""

    person_id: int
    reason: MatchReason
    strength: int
    others: tuple[int, ...] = ()

    @property
    def exact(self) -> bool:
        return self.reason is MatchReason.ID

    def explained(self) -> str:
        more = f"（另有 {len(self.others)} 人同样符合，请选择）" if self.others else ""
        return f"{self.reason.value}（把握 {self.strength}%）{more}"


def phones_of(text: str) -> tuple[str, ...]:
    """The numbers in a phone cell or a stored phone ("138…/0371-6…" → both, digits only)."""
    return tuple(run for part in re.split(r"[/、,，;；\s或]+", text) if (run := "".join(_DIGITS.findall(part))))


def birth_of(wanted: Wanted) -> date | None:
    """The birth date the row gives, else the one its (possibly mistyped) 18-digit number spells."""
    if wanted.birth_date is not None:
        return wanted.birth_date
    number = wanted.id_number
    if len(number) == 18 and number[:17].isdigit():
        try:
            return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            return None
    return None


def check_fails(number: str) -> bool:
    return not (_ID.fullmatch(number) and check_digit(number[:17]) == number[17])


class RosterIndex:
    """The roster's keys, built once per matching run: the ID numbers at once, the rest at the first
    fuzzy probe (a list the numbers match entirely never pays for them)."""

    def __init__(self, by_id: dict[str, int], entries: Callable[[], Iterable[RosterEntry]]) -> None:
        """by_id: {ID number (upper case): person id}; entries: reads the whole roster when first needed."""
        self.by_id = by_id
        self._entries = entries
        self._fuzzy_keys: _FuzzyKeys | None = None

    @classmethod
    def of(cls, entries: Iterable[RosterEntry]) -> RosterIndex:
        """An index of entries at hand (tests, a small roster)."""
        kept = list(entries)
        return cls({e.id_number.upper(): e.person_id for e in kept if e.id_number}, lambda: kept)

    @property
    def keys(self) -> _FuzzyKeys:
        if self._fuzzy_keys is None:
            self._fuzzy_keys = _FuzzyKeys(self._entries())
        return self._fuzzy_keys

    def exact(self, wanted: Wanted) -> Match | None:
        person_id = self.by_id.get(wanted.id_number.upper()) if wanted.id_number else None
        return None if person_id is None else Match(person_id, MatchReason.ID, STRENGTH[MatchReason.ID])

    def fuzzy(self, wanted: Wanted) -> Match | None:
        """The best match short of an exact number, or None when no key fits."""
        for probe in (self._id_typo, self._name_phone, self._name_birth, self._pinyin_tail):
            found = probe(wanted)
            if found is not None:
                return found
        return None

    def match(self, wanted: Wanted) -> Match | None:
        return self.exact(wanted) or self.fuzzy(wanted)

    def _id_typo(self, wanted: Wanted) -> Match | None:
        number = wanted.id_number.upper()
        if len(number) != 18:
            return None
        near = [
            e.person_id
            for e in self.keys.by_name.get(wanted.name, ())
            if len(e.id_number) == 18 and OSA.distance(number, e.id_number.upper(), score_cutoff=1) <= 1
        ]
        penalty = 0 if check_fails(number) else VALID_TYPO_PENALTY
        return _chosen(near, MatchReason.ID_TYPO, penalty)

    def _name_phone(self, wanted: Wanted) -> Match | None:
        ids = _unique(
            i for phone in phones_of(wanted.phone) for i in self.keys.by_name_phone.get((wanted.name, phone), ())
        )
        return _chosen(ids, MatchReason.NAME_PHONE)

    def _name_birth(self, wanted: Wanted) -> Match | None:
        birth = birth_of(wanted)
        if birth is None:
            return None
        return _chosen(self.keys.by_name_birth.get((wanted.name, birth), []), MatchReason.NAME_BIRTH)

    def _pinyin_tail(self, wanted: Wanted) -> Match | None:
        pinyin = name_pinyin(wanted.name)[1]
        if not pinyin:
            return None
        ids = _unique(
            i
            for phone in phones_of(wanted.phone)
            if len(phone) >= 4
            for i in self.keys.by_pinyin_tail.get((pinyin, phone[-4:]), ())
        )
        return _chosen(ids, MatchReason.PINYIN_PHONE_TAIL)


class _FuzzyKeys:
    """The keys short of the ID number: name, name + phone, name + birth date, pinyin + phone tail."""

    def __init__(self, entries: Iterable[RosterEntry]) -> None:
        self.by_name: defaultdict[str, list[RosterEntry]] = defaultdict(list)
        self.by_name_phone: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
        self.by_name_birth: defaultdict[tuple[str, date], list[int]] = defaultdict(list)
        self.by_pinyin_tail: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
        for e in entries:
            self.by_name[e.name].append(e)
            for phone in phones_of(e.phone):
                self.by_name_phone[e.name, phone].append(e.person_id)
                if e.pinyin and len(phone) >= 4:
                    self.by_pinyin_tail[e.pinyin, phone[-4:]].append(e.person_id)
            if e.birth_date is not None:
                self.by_name_birth[e.name, e.birth_date].append(e.person_id)


def _unique(ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(ids))


def _chosen(ids: list[int], reason: MatchReason, penalty: int = 0) -> Match | None:
    ids = _unique(ids)
    if not ids:
        return None
    strength = STRENGTH[reason] - penalty - (AMBIGUOUS if len(ids) > 1 else 0)
    return Match(ids[0], reason, strength, tuple(ids[1:]))
