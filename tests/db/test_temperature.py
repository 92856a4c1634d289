"""The temperature rule: the clerk's spellings read, slips refused, and the save path holds to it too."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db import quarantine_actions as qa
from db.models import Policy, Reading
from db.rules.temperature import HIGHEST, LOWEST, parse_temperature


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("36.5", 36.5),
        ("36,5", 36.5),
        ("36，5", 36.5),
        ("36。5", 36.5),
        ("36.5℃", 36.5),
        ("365", 36.5),
        (" 37.26 ", 37.3),
        ("", None),
        ("  ", None),
    ],
)
def test_the_clerks_spellings(typed: str, value: float | None) -> None:
    assert parse_temperature(typed) == value


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("33", "33.0℃ 不在 34～43℃ 之间"),
        ("3.65", "3.6℃ 不在"),
        ("436", "43.6℃ 不在"),
        ("高烧", "“高烧”不是体温"),
    ],
)
def test_slips_are_refused_in_words(typed: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_temperature(typed)


@given(st.decimals(min_value=LOWEST, max_value=HIGHEST, places=1))
def test_every_tenth_in_range_reads_back_as_typed(value) -> None:  # type: ignore[no-untyped-def]
    assert parse_temperature(str(value)) == float(value)


def test_the_save_path_refuses_a_value_no_body_has(village: dict[str, int]) -> None:
    policy = Policy.get(Policy.name == "14天居家隔离医学观察")
    case = qa.open_case(
        village["zhang"],
        {
            "policy": policy.id,
            "start_date": date(2026, 12, 1),
            "address": "一组12号",
            "reason": "密切接触者",
            "grid_worker": "王网格",
        },
    )
    with pytest.raises(qa.CaseError, match="张三丰：33.0℃ 不在 34～43℃ 之间，请核对，未保存"):
        qa.record_reading(case.id, date(2026, 12, 2), "上午", {"value": 33.0})
    assert not Reading.select().exists()
    qa.record_reading(case.id, date(2026, 12, 2), "上午", {"value": 36.6})
    assert Reading.get().value == 36.6
