"""Pinyin and sort keys stored with each person: what a clerk types must find the name."""

from __future__ import annotations

import unicodedata

import pytest
from pypinyin import Style, lazy_pinyin
from pypinyin.pinyin_dict import pinyin_dict

from db.rules.search_keys import _syllable, name_pinyin, natural_key, normalize_query


@pytest.mark.parametrize(
    ("name", "initials", "full"),
    [
        ("张三丰", "zsf", "zhangsanfeng"),
        ("曾小贤", "zxx", "zengxiaoxian"),  # surname reading, not céng
        ("单田芳", "stf", "shantianfang"),
        ("吕女士", "lns", "lvnvshi"),  # ü typed as v, as on every pinyin keyboard
        ("王长顺", "wcs", "wangchangshun"),  # 长 in a given name is cháng
        ("𠮷田", "jt", "jitian"),  # outside the BMP and outside pypinyin's dictionary
        ("阿依古丽·买买提", "ayglmmt", "ayigulimaimaiti"),  # the middle dot has no reading
    ],
)
def test_name_pinyin(name: str, initials: str, full: str) -> None:
    assert name_pinyin(name) == (initials, full)


def test_reading_of_each_character_is_pypinyins_reading_of_it_alone() -> None:
    """The single-character table is read directly (the phrase tables are never loaded); this holds it to
    what pypinyin's own lazy_pinyin gives, so a pypinyin upgrade that changes the table shows up here."""

    def pypinyin_reading(char: str) -> str:
        text = "".join(lazy_pinyin(char, style=Style.NORMAL, errors=lambda chars: [""] * len(chars)))
        return "".join(c for c in unicodedata.normalize("NFKD", text).lower() if "a" <= c <= "z")

    sample = [chr(code) for code in list(pinyin_dict)[::17]]
    assert len(sample) > 2000
    assert [_syllable(c) for c in sample] == [pypinyin_reading(c) for c in sample]


def test_household_numbers_sort_as_read() -> None:
    numbers = ["01-0010", "01-0002", "01-0100", "2", "10"]
    assert sorted(numbers, key=natural_key) == ["01-0002", "01-0010", "01-0100", "2", "10"]


def test_typed_query_is_normalised() -> None:
    assert normalize_query(" ZSF ") == "zsf"
    assert normalize_query("１３９ 1234-5678") == "13912345678"
