"""Pinyin and search keys stored with each person, so that a keystroke search is one indexed scan.

pypinyin reads a surname with the common reading of the character (曾 → céng, 单 → dān), and leaves
characters outside its dictionary (such as 𠮷) as they are; both are corrected here for names.
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

#: Characters seen in names that pypinyin 0.5x does not know.
EXTRA_READINGS = {ord("𠮷"): "jí", ord("䶮"): "yǎn", ord("㛃"): "jié"}

#: Surname readings that differ from the character's most common reading.
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "查": "zha",
    "区": "ou",
    "乐": "yue",
    "盖": "ge",
    "缪": "miao",
    "翟": "zhai",
    "覃": "qin",
    "召": "shao",
    "种": "chong",
    "秘": "bi",
    "繁": "po",
    "员": "yun",
    "尉": "yu",
    "重": "chong",
    "句": "gou",
    "折": "she",
    "薄": "bo",
    "藏": "zang",
}

#: Readings inside given names that differ from the character's most common reading (长顺 is chang-shun).
GIVEN_NAME_READINGS = {"长": "chang", "乐": "le", "行": "xing", "朝": "chao", "和": "he", "都": "du"}

_NON_LETTERS = re.compile(r"[^a-z]")
SEPARATOR = "|"


@lru_cache(maxsize=1)
def _readings() -> dict[int, str]:
    """pypinyin's single-character table (code point → "zhāng,zhàng"), read from its file on first use.

    The file is read without importing pypinyin, whose package import loads its phrase dictionaries
    too: those take longer to load than a whole village's names take to read, and names are read per
    character anyway. The first reading listed is the one pypinyin gives a lone character (a test
    checks this against pypinyin itself).
    """
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pypinyin is not installed")
    table = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"
    return {**{int(code): text for code, text in json.loads(table.read_text("utf-8")).items()}, **EXTRA_READINGS}


def load() -> None:
    """Read the readings now rather than at the first name (an import loads them while its file is read)."""
    _readings()


@lru_cache(maxsize=65536)
def _syllable(char: str) -> str:
    """Lowercase ASCII reading of one character ("" for what has none), ü written v (吕 → lv)."""
    readings = _readings().get(ord(char)) if len(char) == 1 else None
    if not readings:
        return ""
    first = unicodedata.normalize("NFKD", readings.split(",", 1)[0]).replace("u\u0308", "v")
    return _NON_LETTERS.sub("", first.lower())


@lru_cache(maxsize=65536)  # names repeat across a village (and a township) more than one would think
def name_pinyin(name: str) -> tuple[str, str]:
    """Return (initials, full pinyin) of a name in lowercase ASCII, e.g. ("zsf", "zhangsanfeng")."""
    name = name.strip()
    syllables = [GIVEN_NAME_READINGS.get(c) or _syllable(c) for c in name]
    if name and name[0] in SURNAME_READINGS:
        syllables[0] = SURNAME_READINGS[name[0]]
    syllables = [s for s in syllables if s]
    return "".join(s[0] for s in syllables), "".join(syllables)


_DIGITS = re.compile(r"\d+")
_SPACES_AND_DASHES = re.compile(r"[\s\-]+")


def _padded(digits: re.Match[str]) -> str:
    return digits.group(0).zfill(8)


#: Cached because the members of a household share its number and address, and a migration derives
#: them for every member in turn.
@lru_cache(maxsize=4096)
def natural_key(text: str) -> str:
    """A string that sorts like the text read by a person: 户号 "2" before "10"."""
    return _DIGITS.sub(_padded, text.strip())


@lru_cache(maxsize=4096)
def normalize_query(text: str) -> str:
    """What a typed search becomes before it is matched against search_text."""
    return _SPACES_AND_DASHES.sub("", unicodedata.normalize("NFKC", text).strip().lower())


def relation_rank(relation: str, relations: tuple[str, ...]) -> int:
    return relations.index(relation) if relation in relations else len(relations)


class HouseholdKeys:
    """The parts of its members' stored keys that a household gives: worked out once per household, which
    an import or a demo village of 100,000 people does 30,000 times instead of 100,000."""

    __slots__ = ("address", "sort_prefix")

    def __init__(self, household_number: str, address: str, grid_order: int) -> None:
        self.address = normalize_query(address)
        #: Grid, then household, then (per person) head first inside the household.
        self.sort_prefix = f"{grid_order:05d}{SEPARATOR}{natural_key(household_number)}{SEPARATOR}"

    def person(self, name: str, id_number: str | None, phone: str, relation_rank: int) -> dict[str, str]:
        """The stored columns of a member: pinyin, one lowercase search text holding everything a clerk may
        type to find them, and the sort key."""
        initials, full = name_pinyin(name)
        return {
            "pinyin_initials": initials,
            "pinyin_full": full,
            "search_text": SEPARATOR.join((name, initials, full, (id_number or "").lower(), phone, self.address)),
            "sort_key": f"{self.sort_prefix}{relation_rank:02d}{full}",
        }


def person_keys(
    *,
    name: str,
    id_number: str | None,
    phone: str,
    relation_rank: int,
    household_number: str,
    address: str,
    grid_order: int,
) -> dict[str, str]:
    """The stored columns derived from a person and their household."""
    return HouseholdKeys(household_number, address, grid_order).person(name, id_number, phone, relation_rank)
