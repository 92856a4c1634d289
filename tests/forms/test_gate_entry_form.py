"""The checkpoint register's definition reads what a gate writes: times, 进/出, plates, temperatures, outcomes."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from forms.definitions import GATE_ENTRY
from forms.definitions.gate_entry import to_entry


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("8:15", time(8, 15)),
        ("08：15", time(8, 15)),
        ("8点15分", time(8, 15)),
        ("2026-12-03 21:05", time(21, 5)),
        (datetime(2026, 12, 3, 7, 30, 12), time(7, 30, 12)),
        ("", None),
    ],
)
def test_a_time_as_written(typed: object, read: time | None) -> None:
    parsed = GATE_ENTRY.parse({"name": "王大军", "time": typed})
    assert parsed.ok and parsed.values["time"] == read


def test_a_row_as_a_gate_writes_it() -> None:
    parsed = GATE_ENTRY.parse(
        {
            "day": "2026年12月3日",
            "time": "8点15",
            "direction": "出",
            "name": "王 大军",
            "id_number": "410102198001010018",
            "plate": "豫a·d12345",
            "temperature": "365",
            "outcome": "劝回",
            "is_villager": "是",
        }
    )
    assert parsed.ok, parsed.issues
    v = parsed.values
    assert (v["direction"], v["name"], v["plate"], v["travel_mode"], v["temperature"], v["outcome"]) == (
        "外出",
        "王大军",
        "豫AD12345",
        "驾车",
        36.5,
        "劝返",
    )
    assert v["at"] == datetime(2026, 12, 3, 8, 15) and "sex" not in v
    entry = to_entry(v, checkpoint_id=7)
    assert entry["checkpoint"] == 7 and entry["at"] == datetime(2026, 12, 3, 8, 15)
    assert not {"time", "day"} & set(entry)


def test_what_cannot_be_is_refused_with_the_reason() -> None:
    bad = GATE_ENTRY.parse({"name": "王大军", "plate": "豫AO1234", "time": "25:00", "temperature": "33"})
    assert {i.field: i.message for i in bad.errors}.keys() == {"plate", "time", "temperature"}
    assert "没有字母 I 和 O" in next(i.message for i in bad.errors if i.field == "plate")
    blank = GATE_ENTRY.parse({"name": "王大军", "outcome": ""})
    assert blank.values["outcome"] == ""  # the save path gives the default for what the entry shows


def test_the_form_follows_09_and_the_screen_asks_the_rest() -> None:
    assert [f.label for f in GATE_ENTRY.export_fields][:3] == ["时间", "进出", "姓名"]
    assert "checkpoint" not in GATE_ENTRY.entry_names and "day" in GATE_ENTRY.entry_names
    assert to_entry({"name": "王大军", "time": time(9, 0)}, 1, day=date(2026, 12, 3))["at"] == datetime(2026, 12, 3, 9)
