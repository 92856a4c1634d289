"""Key areas: a county counts through its city or province, on the days its row counts; findings are judged
against the list as it stood on their visit day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from db import screening_actions
from db.models import KeyArea, Person
from db.queries import screening
from db.rules.key_areas import (
    KEY_AREA_DAYS,
    check_region_code,
    is_abnormal,
    key_area_of,
    region_name,
    symptom_words,
    within_days,
)
from db.screening_actions import ScreeningError


@dataclass(frozen=True)
class Area:
    region_code: str
    name: str
    counts_from: date
    until: date | None = None


@dataclass(frozen=True)
class Seen:
    temperature: float | None = None
    symptoms: str = ""
    area_code: str | None = None
    returned_on: date | None = None
    contact: str = "无"


WUHAN = Area("420100", "武汉市", date(2020, 1, 23), until=date(2020, 4, 8))
HENAN = Area("410000", "河南省", date(2020, 2, 1))


@pytest.mark.parametrize(
    ("code", "day", "listed"),
    [
        ("420111", date(2020, 2, 1), "武汉市"),  # a district of a listed city
        ("420100", date(2020, 2, 1), "武汉市"),
        ("420111", date(2020, 1, 22), None),  # before the city counted
        ("420111", date(2020, 4, 8), None),  # the day it stopped
        ("420111", date(2020, 4, 7), "武汉市"),
        ("420500", date(2020, 2, 1), None),  # another city of the same province
        ("410122", date(2020, 2, 1), "河南省"),  # a county of a listed province
        ("410122", date(2020, 1, 31), None),
        (None, date(2020, 2, 1), None),
    ],
)
def test_a_region_is_a_key_area_through_its_city_or_province(code: str | None, day: date, listed: str | None) -> None:
    found = key_area_of(code, [WUHAN, HENAN], day)
    assert (found.name if found else None) == listed


def test_the_return_date_counts_within_the_days_before_the_visit() -> None:
    visit = date(2020, 2, 15)
    assert KEY_AREA_DAYS == 14
    assert within_days(date(2020, 2, 2), visit)  # 13 days before
    assert not within_days(date(2020, 2, 1), visit)  # 14 days before: observed long enough
    assert not within_days(date(2020, 2, 16), visit)  # after the visit: a typing slip, not a return
    assert within_days(None, visit)  # unknown: on the safe side


def test_abnormal_reasons_in_the_clerks_words() -> None:
    day = date(2020, 2, 10)
    assert is_abnormal(Seen(temperature=36.5, symptoms=""), [WUHAN], day) == []
    assert is_abnormal(Seen(temperature=37.3), [WUHAN], day) == ["发热 37.3℃"]
    reasons = is_abnormal(
        Seen(
            temperature=37.8,
            symptoms="咳嗽、乏力",
            area_code="420111",
            returned_on=date(2020, 2, 5),
            contact="确诊或疑似病例",
        ),
        [WUHAN],
        day,
    )
    assert reasons == ["发热 37.8℃", "咳嗽", "乏力", "14天内来自重点地区（武汉市）", "接触确诊或疑似病例"]
    assert is_abnormal(Seen(contact="重点地区人员"), [], day) == ["接触重点地区人员"]
    assert is_abnormal(Seen(area_code="420111", returned_on=date(2020, 1, 20)), [WUHAN], day) == []  # long ago


def test_symptom_cells_and_region_names() -> None:
    assert symptom_words("咳嗽，乏力、咳嗽") == ["咳嗽", "乏力"]
    assert symptom_words("无") == []
    assert [region_name(c) for c in ("410000", "410100", "410122", "110101")] == [
        "河南省",
        "郑州市",
        "郑州市中牟县",
        "北京市东城区",
    ]
    assert check_region_code("4101") is not None and check_region_code("990000") is not None
    assert check_region_code("420111") is None


def test_findings_are_judged_on_their_visit_day(village: dict[str, int]) -> None:
    """武汉 stops counting between two visits: the first visit's arrival stays abnormal, the second's is not."""
    wuhan = screening_actions.save_key_area({"region_code": "420100", "counts_from": date(2020, 1, 23)})
    assert wuhan.name == "武汉市"
    screening_actions.save_key_area({"region_code": "410000", "name": "河南全省", "counts_from": date(2020, 2, 1)})
    first = screening_actions.new_round("第一轮拉网排查", date(2020, 2, 1), date(2020, 2, 20))
    people = {p.name: p.id for p in Person.select()}
    arrived = {"area_code": "420111", "returned_on": date(2020, 2, 1), "temperature": 36.4}
    screening_actions.record_visit(
        first.id, village["h1"], date(2020, 2, 3), "", "已排查", [{"person": people["张三丰"], **arrived}]
    )
    screening_actions.end_key_area(wuhan.id, date(2020, 2, 5))
    screening_actions.record_visit(
        first.id, village["h2"], date(2020, 2, 6), "", "已排查", [{"person": people["钱𠮷祥"], **arrived}]
    )
    lines = screening.abnormal_findings(first.id)
    assert [(a.name, a.reasons) for a in lines] == [("张三丰", ("14天内来自重点地区（武汉市）",))]
    assert lines[0].address == "一组12号" and lines[0].round_name == "第一轮拉网排查" and lines[0].case_id is None
    assert KeyArea.get_by_id(wuhan.id).until == date(2020, 2, 5)  # the row stays for the earlier visit
    assert screening.abnormal_findings() == lines


def test_a_key_area_needs_a_known_code_and_dates_in_order(db_path: object) -> None:
    with pytest.raises(ScreeningError, match="6位数字"):
        screening_actions.save_key_area({"region_code": "武汉", "counts_from": date(2020, 1, 23)})
    with pytest.raises(ScreeningError, match="停止日期应晚于起始日期"):
        screening_actions.save_key_area(
            {"region_code": "420100", "counts_from": date(2020, 1, 23), "until": date(2020, 1, 1)}
        )
    assert KeyArea.select().count() == 0
