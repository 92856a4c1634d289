"""The regions a key area may name, from the ID region table: current ones only, found by name or code."""

from __future__ import annotations

from db.rules.key_areas import check_region_code
from db.rules.regions import CITY, COUNTY, PROVINCE, current_regions, find_regions, level_of, region_by_code


def test_the_table_offers_current_provinces_cities_and_counties() -> None:
    regions = current_regions()
    codes = [r.code for r in regions]
    assert len(codes) == len(set(codes)) and codes == sorted(codes)
    assert all(check_region_code(r.code) is None for r in regions)  # each one a key area may be saved as
    by_level = {level: sum(r.level == level for r in regions) for level in (PROVINCE, CITY, COUNTY)}
    assert by_level[PROVINCE] == len({r.code[:2] for r in regions if r.level == PROVINCE})
    assert region_by_code("110103") is None  # 崇文区, merged in 2010: valid on old cards, not offered
    assert region_by_code("110100") is None  # 市辖区: a placeholder, not a place
    zhongmu = region_by_code("410122")
    assert zhongmu is not None and (zhongmu.name, zhongmu.level, zhongmu.label) == (
        "郑州市中牟县",
        COUNTY,
        "河南省 郑州市中牟县（410122）",
    )
    assert [level_of(c) for c in ("420000", "420100", "420111")] == [PROVINCE, CITY, COUNTY]


def test_found_by_name_or_by_the_first_digits_of_the_code() -> None:
    assert [r.code for r in find_regions("中牟")] == ["410122"]
    wuhan = find_regions("武汉")
    assert wuhan[0].code == "420100" and all(r.code.startswith("4201") for r in wuhan)
    hubei = find_regions("湖北")
    assert hubei[0].code == "420000" and [r.level for r in hubei] == sorted(
        (r.level for r in hubei), key=(PROVINCE, CITY, COUNTY).index
    )
    assert all(r.code.startswith("4101") for r in find_regions("4101"))
    assert {r.code for r in find_regions("朝阳区", limit=100)} >= {"110105", "220104"}  # 北京 and 长春
    assert find_regions("") == [] and find_regions("火星") == []
