"""db.rules.group_names: the ways clerks write one group's name."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db.rules.group_names import group_named_in, group_number

CHINESE = {
    1: "一",
    9: "九",
    10: "十",
    11: "十一",
    12: "十二",
    19: "十九",
    20: "二十",
    23: "二十三",
    30: "三十",
    99: "九十九",
}


@pytest.mark.parametrize("number", sorted(CHINESE))
def test_every_spelling_of_a_group_is_its_number(number: int) -> None:
    chinese = CHINESE[number]
    for name in (
        f"{chinese}组",
        f"{number}组",
        f"第{chinese}组",
        f"第{number}村民小组",
        f"{chinese}村民小组",
        f"{number}小组",
        f"第{chinese}村民组",
        f" {chinese}组 ",
    ):
        assert group_number(name) == number, name


@pytest.mark.parametrize("name", ["网格A", "河东片", "组", "十百组", "零组", "一二组", "东风村一组12号", ""])
def test_what_is_not_a_numbered_group(name: str) -> None:
    assert group_number(name) is None


def test_a_title_names_its_group() -> None:
    assert group_named_in("东风村二组户籍人口花名册") == "二组"
    assert group_named_in("东风村第三村民小组人员名单") == "第三村民小组"
    assert group_named_in("东风村户籍人口花名册") is None


@given(st.text(max_size=12))
def test_any_text_gives_a_number_or_none(text: str) -> None:
    number = group_number(text)
    assert number is None or 0 < number < 1000
