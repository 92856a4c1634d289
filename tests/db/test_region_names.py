"""Place names as clerks write them, read as region codes of the ID table (db/rules/regions.py)."""

from __future__ import annotations

import pytest

from db.rules.regions import region_codes


@pytest.mark.parametrize(
    ("words", "codes"),
    [
        ("武汉", ["420100"]),
        ("武汉市", ["420100"]),
        ("湖北", ["420000"]),
        ("湖北省", ["420000"]),
        ("湖北武汉", ["420100"]),
        ("湖北省武汉市洪山区", ["420111"]),
        ("武汉市 洪山区", ["420111"]),
        ("北京朝阳", ["110105"]),
        ("上海浦东", ["310115"]),
        ("浦东新区", ["310115"]),
        ("河南郑州中牟", ["410122"]),
        ("黑龙江哈尔滨", ["230100"]),
        ("湖北返回", ["420000"]),  # words after the place
        ("海", []),
        ("某地", []),
    ],
)
def test_place_names_give_their_region(words: str, codes: list[str]) -> None:
    assert list(region_codes(words)) == codes


def test_a_shared_name_gives_every_region_of_it() -> None:
    found = region_codes("朝阳")
    assert {"110105", "211300"} <= set(found)  # 北京市朝阳区 and 辽宁省朝阳市


def test_a_retired_county_is_not_offered_for_new_words() -> None:
    assert region_codes("崇文区") == ()  # merged into 东城区 in 2010
