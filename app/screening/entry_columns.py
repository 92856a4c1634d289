"""The entry screen's columns: the field sheet's blank columns, in the field sheet's order (one definition,
printing/documents/field_sheet.py COLUMNS), each with how the clerk's typing becomes a finding's value.

Typing is made for the keyboard: a temperature "382" is 38.2; symptoms may be the paper's numbers (1 发热
2 咳嗽 3 乏力 4 咽痛 5 腹泻 6 其他, "12" is 发热、咳嗽) or words; a return date "1128", "11-28" or "11月28日"
(the visit's year, the year before when that would be after the visit); the travel cell "火车 G1234";
contact and measure by their number (0 无, 1 …) or their words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from db.models.screening import Contact, Measure, TravelMeans
from db.queries.screening_entry import key_area_code
from db.rules.key_areas import symptom_words
from db.rules.temperature import parse_temperature
from forms.parsing.dates import parse_date
from printing.documents.field_sheet import COLUMNS, FIRST_BLANK

#: The symptoms the paper prints to tick, in its order; their number (1 …) types them.
PAPER_SYMPTOMS = ("发热", "咳嗽", "乏力", "咽痛", "腹泻", "其他")
CONTACTS = tuple(c.value for c in Contact)
MEASURES = tuple(m.value for m in Measure)
NO_WORDS = frozenset({"", "无", "没有", "否", "0"})


class CellError(ValueError):
    """A typed cell that cannot be read; str() says why, in Chinese."""


@dataclass(frozen=True)
class EntryColumn:
    """A blank column of the field sheet as the screen asks it: heading on the screen, the finding's fields
    it fills, how typed text is read (into those fields) and shown again, and a hint for the tooltip."""

    sheet_heading: str
    heading: str
    fields: tuple[str, ...]
    read: Callable[[str, date], dict[str, Any]]
    show: Callable[[dict[str, Any]], str]
    hint: str


def _temperature(text: str, _on: date) -> dict[str, Any]:
    try:
        return {"temperature": parse_temperature(text)}
    except ValueError as error:
        raise CellError(f"体温：{error}") from None


def _symptoms(text: str, _on: date) -> dict[str, Any]:
    text = text.strip()
    if text.isdigit() and text not in NO_WORDS:
        words = []
        for digit in text:
            index = int(digit) - 1
            if not 0 <= index < len(PAPER_SYMPTOMS):
                raise CellError(f"症状：编号 {digit} 不在 1–{len(PAPER_SYMPTOMS)} 之间")
            words.append(PAPER_SYMPTOMS[index])
        return {"symptoms": "、".join(dict.fromkeys(words))}
    return {"symptoms": "、".join(symptom_words(text))}


def _area(text: str, on: date) -> dict[str, Any]:
    text = text.strip()
    if text in NO_WORDS:
        return {"area_code": None, "area_name": None}
    code = key_area_code(text, on)
    return {"area_code": code, "area_name": None if code == text else text}


def _returned(text: str, on: date) -> dict[str, Any]:
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        text = f"{text[:2]}-{text[2:]}"
    try:
        day = parse_date(text, on)
    except ValueError as error:
        raise CellError(f"返回日期：{error}") from None
    if day is not None and day > on and not re.match(r"\d{4}", text):  # 12-30 typed on 1月3日: last year's
        day = day.replace(year=day.year - 1)
    return {"returned_on": day}


def _travel(text: str, _on: date) -> dict[str, Any]:
    text = text.strip()
    if text in NO_WORDS:
        return {"travel_means": "", "travel_number": ""}
    means = next((m.value for m in TravelMeans if text.startswith(m.value)), None)
    if means is None:
        match = re.match(r"([^\sA-Za-z0-9]*)\s*(.*)", text)
        assert match is not None
        means, number = match.group(1), match.group(2)
    else:
        number = text[len(means) :]
    return {"travel_means": means.strip(), "travel_number": number.strip().upper()}


def _choice(
    label: str, field: str, choices: tuple[str, ...], words: dict[str, str]
) -> Callable[[str, date], dict[str, Any]]:
    def read(text: str, _on: date) -> dict[str, Any]:
        text = text.strip()
        if text in ("", "无", "没有", "否"):
            return {field: choices[0]}
        if text.isdigit() and int(text) < len(choices):
            return {field: choices[int(text)]}
        if text in choices:
            return {field: text}
        for word, value in words.items():
            if word in text:
                return {field: value}
        numbered = "，".join(f"{i} {c}" for i, c in enumerate(choices))
        raise CellError(f"{label}“{text}”无法识别，请输入编号：{numbered}")

    return read


_contact = _choice(
    "接触史",
    "contact",
    CONTACTS,
    {"确诊": CONTACTS[1], "疑似": CONTACTS[1], "病例": CONTACTS[1], "重点": CONTACTS[2], "地区": CONTACTS[2]},
)
_measure = _choice(
    "措施",
    "measure",
    MEASURES,
    {
        "监测": MEASURES[1],
        "居家": MEASURES[2],
        "集中": MEASURES[3],
        "送医": MEASURES[4],
        "就医": MEASURES[4],
        "医院": MEASURES[4],
    },
)


def _note(text: str, _on: date) -> dict[str, Any]:
    return {"note": text.strip()}


def _show_temperature(v: dict[str, Any]) -> str:
    return f"{v['temperature']:.1f}" if v.get("temperature") is not None else ""


def _show_area(v: dict[str, Any]) -> str:
    return str(v.get("area_name") or v.get("area_code") or "")


def _show_returned(v: dict[str, Any]) -> str:
    day = v.get("returned_on")
    return f"{day.month}月{day.day}日" if day else ""


def _show_travel(v: dict[str, Any]) -> str:
    return " ".join(p for p in (v.get("travel_means") or "", v.get("travel_number") or "") if p)


def _show_choice(field: str) -> Callable[[dict[str, Any]], str]:
    return lambda v: "" if v.get(field) in (None, "", "无") else str(v[field])


_BY_SHEET_HEADING = {
    "体温(℃)": ("体温", ("temperature",), _temperature, _show_temperature, "如 36.5，可省去小数点：365"),
    "症状（□内打√）": (
        "症状",
        ("symptoms",),
        _symptoms,
        lambda v: str(v.get("symptoms") or ""),
        "编号或文字：" + " ".join(f"{i} {s}" for i, s in enumerate(PAPER_SYMPTOMS, start=1)) + "；12 即发热、咳嗽",
    ),
    "14天内重点地区旅居史": (
        "重点地区旅居史",
        ("area_code", "area_name"),
        _area,
        _show_area,
        "地区名称或6位地区代码；无则不填",
    ),
    "返回日期": ("返回日期", ("returned_on",), _returned, _show_returned, "如 1128、11-28 或 11月28日"),
    "交通方式/车次": (
        "交通方式/车次",
        ("travel_means", "travel_number"),
        _travel,
        _show_travel,
        "如：火车 G1234、自驾车 豫A12345",
    ),
    "接触史": (
        "接触史",
        ("contact",),
        _contact,
        _show_choice("contact"),
        "编号：" + "，".join(f"{i} {c}" for i, c in enumerate(CONTACTS)),
    ),
    "措施": (
        "措施",
        ("measure",),
        _measure,
        _show_choice("measure"),
        "编号：" + "，".join(f"{i} {m}" for i, m in enumerate(MEASURES)),
    ),
    "备注": ("备注", ("note",), _note, lambda v: str(v.get("note") or ""), "其他情况"),
}

#: The columns the clerk types, in the field sheet's order of its blank columns.
ENTRY_COLUMNS = tuple(EntryColumn(c.heading, *_BY_SHEET_HEADING[c.heading]) for c in COLUMNS[FIRST_BLANK:])


def read_row(texts: list[str], on: date) -> dict[str, Any]:
    """A row's typed cells (ENTRY_COLUMNS order) as a finding's values; CellError naming the column."""
    values: dict[str, Any] = {}
    for column, text in zip(ENTRY_COLUMNS, texts, strict=True):
        values.update(column.read(text, on))
    return values


def row_is_blank(texts: list[str]) -> bool:
    return all(not t.strip() for t in texts)
