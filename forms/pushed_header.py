"""What the lines above a pushed list's column header say: who sent it, its batch, when, and by when to answer.

Form 10's township lines: 下发单位：… · 下发批次(编号)：… (SY: 下发数据批次) · 下发日期：… · 反馈时限：… (later tools:
截止日期). A label and its value may share a cell ("下发单位：红旗镇防控办"), a line may hold several in one cell,
or the value stands in the next cell (a real date cell after "下发日期："). Dates are the clerk's: "2026年12月3日
18时前", "2026-12-03 18:00", "12月3日" (the year of 下发日期, else of today), and a deadline may be "24小时内",
counted from 下发日期's time when it has one, else from when the list is received (db.imports.pushed).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from forms.parsing.dates import DateError, parse_date
from forms.pushed_cells import as_text, decode

#: Field → the words a township writes for it, longest first where one begins another.
LABELS: dict[str, tuple[str, ...]] = {
    "issuer": ("下发单位", "推送单位", "交办单位", "发送单位"),
    "batch_no": (
        "下发批次(编号)",
        "下发批次（编号）",
        "下发批次编号",
        "下发数据批次",
        "下发批次",
        "数据批次",
        "批次编号",
        "批次号",
        "批次",
    ),
    "issued": ("下发日期", "下发时间", "推送日期", "推送时间"),
    "deadline": ("反馈时限", "反馈期限", "反馈截止时间", "截止日期", "截止时间"),
}
#: The village's own lines of the form: a value of the township's ends where one of them begins.
VILLAGE_LABELS = ("填报单位(村/社区)", "填报单位（村/社区）", "填报单位", "核查人", "联系电话", "审核人", "反馈日期")

_WORDS = sorted({w for ws in LABELS.values() for w in ws} | set(VILLAGE_LABELS), key=len, reverse=True)
_FIELD_OF = {w: f for f, ws in LABELS.items() for w in ws}
_LABEL = re.compile("(" + "|".join(re.escape(w) for w in _WORDS) + r")\s*(?:[:：]\s*|$)")
_HOURS = re.compile(r"(\d+)\s*(小时|个小时|天|日)\s*(?:内|之内|以内)?")
_TIME = re.compile(
    r"(上午|下午|晚上|中午)?\s*(\d{1,2})\s*(?:[:：](\d{2})(?:[:：]\d{2})?|[时点點](?:\s*(\d{1,2})\s*分)?|时整)"
)
_TAIL = re.compile(r"\s*(?:之前|以前|前|止|为止|内|之内|以内)\s*$")
#: The longest "N小时内" taken (as the setting's range, db.settings_values); a longer one is a slip.
MAX_HOURS = 720
#: A deadline that names a day only is that day's end.
END_OF_DAY = time(23, 59)


@dataclass
class HeaderFacts:
    """What the township's lines say; problems: values that could not be read, in Chinese."""

    title: str = ""
    issuer: str = ""
    batch_no: str = ""
    issued_on: date | None = None
    issued_at: datetime | None = None  # when 下发日期 gives a time
    deadline: datetime | None = None
    #: "24小时内" while 下发日期 gave no time: hours from receipt.
    deadline_hours: int | None = None
    problems: list[str] = field(default_factory=list)


def read_header(lines: Mapping[int, Sequence[object]], today: date | None = None) -> HeaderFacts:
    """The facts of the lines above the header (row number → kept cells, see forms.pushed_cells)."""
    facts = HeaderFacts()
    said: dict[str, object] = {}
    for _row, cells in sorted(lines.items()):
        found = _labelled(cells)
        if not found and not facts.title:
            texts = [t for t in (as_text(c) for c in cells) if t]
            if len(texts) == 1 and len(texts[0]) >= 4 and ":" not in texts[0] and "：" not in texts[0]:
                facts.title = texts[0]
        for key, value in found:
            said.setdefault(key, value)
    facts.issuer = as_text(said.get("issuer", ""))
    facts.batch_no = as_text(said.get("batch_no", ""))
    if "issued" in said:
        try:
            day, at = moment(said["issued"], today)
        except DateError as exc:
            facts.problems.append(f"下发日期：{exc}")
        else:
            facts.issued_on = day
            facts.issued_at = datetime.combine(day, at) if day is not None and at is not None else None
    if "deadline" in said:
        _deadline(facts, said["deadline"], today)
    return facts


def _deadline(facts: HeaderFacts, value: object, today: date | None) -> None:
    text = as_text(value)
    if (m := _HOURS.fullmatch(text.strip())) is not None:
        hours = int(m.group(1)) * (1 if "时" in m.group(2) else 24)
        if not 1 <= hours <= MAX_HOURS:
            facts.problems.append(f"反馈时限：“{text}”不合理，按设置的时限计算")
            return
        if facts.issued_at is not None:
            facts.deadline = facts.issued_at + timedelta(hours=hours)
        else:
            facts.deadline_hours = hours
        return
    try:
        day, at = moment(value, facts.issued_on or today)
    except DateError as exc:
        facts.problems.append(f"反馈时限：{exc}")
        return
    if day is not None:
        facts.deadline = datetime.combine(day, at or END_OF_DAY)


def _labelled(cells: Sequence[object]) -> list[tuple[str, object]]:
    """(field, value) of each township label in a line; the value is the label's text, else the next cell."""
    found: list[tuple[str, object]] = []
    pending: str | None = None  # a label whose value is in the next cell
    for cell in cells:
        text = cell if isinstance(cell, str) else None
        matches = list(_LABEL.finditer(text)) if text else []
        if not matches:
            if pending is not None and as_text(cell):
                found.append((pending, cell))
                pending = None
            continue
        pending = None
        for m, after in zip(matches, [*matches[1:], None], strict=True):
            word = m.group(1)
            value = (text or "")[m.end() : after.start() if after else None].strip()
            key = _FIELD_OF.get(word)
            if key is None:
                continue
            if value:
                found.append((key, value))
            elif after is None:
                pending = key
    return found


def moment(value: object, today: date | None = None) -> tuple[date | None, time | None]:
    """A day and, when given, a time of day from a cell: a date or date-time cell, or the clerk's text."""
    value = decode(value) if isinstance(value, dict) else value
    if isinstance(value, datetime):
        return value.date(), value.time()
    if isinstance(value, date):
        return value, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return parse_date(value, today), None
    text = _TAIL.sub("", as_text(value))
    if not text:
        return None, None
    at: time | None = None
    found = list(_TIME.finditer(text))
    if found:
        m = found[-1]
        rest = (text[: m.start()] + text[m.end() :]).strip()
        if not rest or rest[-1] in "日号" or rest[-1].isdigit():
            hour, minute = int(m.group(2)), int(m.group(3) or m.group(4) or 0)
            if m.group(1) in ("下午", "晚上") and hour < 12:
                hour += 12
            if hour > 23 or minute > 59:
                raise DateError(f"无法识别的时间“{text}”")
            at, text = time(hour, minute), rest
    return (parse_date(text, today) if text else None), at
