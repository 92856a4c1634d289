"""One who stands duty (值班人员, 12-duty-roster.md), declared once: the people table's columns, the entry
dialog's fields and checks, and the column words of a duty list workbook (值班人员名单).

The clerk's words for who someone is are read into the six kinds of db.models.duty.DutyKind: "干部",
"村两委", "支书" are 村干部; "驻村干部", "包村干部", "第一书记", "镇干部" are 下沉干部 (sent down from above, even
when the word 干部 is in it); "党员志愿者" is 党员 (the list is of the village's forces: a party member
serving as a volunteer is counted with the party members, and may be asked to lead as they are);
"党员干部" is 村干部; "辅警", "派出所" are 民警; "医生", "卫生室" are 村医; anything else is 志愿者, with the
words kept in the note and a warning.

When someone may serve is one column each (可值班日 "周一至周五", 不上夜班, 每周最多班次) and the screen puts
them into one phrase (limits_text): "不上夜班 · 每周最多 3 班 · 周一至周五 · 12月5日不在".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from db.models.duty import LEADING_KINDS, DutyKind
from db.rules.chinese_dates import short_date
from forms.choice_words import Words
from forms.definitions.identity import name_field, phone_field
from forms.kinds import Choice, Kind, Text, YesNo, is_blank
from forms.parsing.dates import parse_date
from forms.types import Field, Issue, RecordForm

DUTY_KINDS = tuple(k.value for k in DutyKind)
WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
EVERY_DAY = "1234567"

KIND_WORDS = Words(
    exact={
        "干部": DutyKind.CADRE.value,
        "村干": DutyKind.CADRE.value,
        "党员干部": DutyKind.CADRE.value,
        "党员志愿者": DutyKind.PARTY.value,
        "共产党员": DutyKind.PARTY.value,
        "群众": DutyKind.VOLUNTEER.value,
        "村民": DutyKind.VOLUNTEER.value,
        "青年志愿者": DutyKind.VOLUNTEER.value,
    },
    patterns=(
        (DutyKind.SENT_CADRE.value, r"下沉|驻村|包村|包片|下派|第一书记|镇干部|乡干部|机关|街道|工作队"),
        (DutyKind.POLICE.value, r"警|派出所|公安"),
        (DutyKind.DOCTOR.value, r"医|卫生"),
        (DutyKind.CADRE.value, r"干部|两委|村委|支委|支书|书记|主任|会计|委员|组长"),
        (DutyKind.PARTY.value, r"党员"),
        (DutyKind.VOLUNTEER.value, r"志愿|义工|群众|村民"),
    ),
)

_WEEKDAY_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "日": "7", "天": "7", "七": "7"}
_ANY_DAY = frozenset({"", "每天", "全天", "全周", "都行", "均可", "不限", "随时", "天天", "周一至周日", "周一到周日"})


class Weekdays(Kind):
    """When in the week someone can serve, as ISO digits: "12345", "周一至周五", "工作日", "周末", "一三五",
    "周二、周四", "1-5"; blank or "每天" → every day."""

    def parse(self, raw: object) -> str:
        text = str(super().parse(raw)).replace(" ", "")
        if text in _ANY_DAY:
            return EVERY_DAY
        if text in ("工作日", "周内", "平时"):
            return "12345"
        if text in ("周末", "双休日", "休息日", "节假日"):
            return "67"
        text = re.sub(r"(星期|礼拜|周)", "", text)
        text = re.sub(r"[至到~～—–]", "-", text.replace("－", "-"))
        for word, digit in _WEEKDAY_DIGITS.items():
            text = text.replace(word, digit)
        days: set[int] = set()
        for part in re.split(r"[、,，;；/和及]+", text):
            if not part:
                continue
            span = re.fullmatch(r"([1-7])-([1-7])", part)
            if span is not None:
                first, last = int(span.group(1)), int(span.group(2))
                if first > last:
                    raise ValueError(f"“{raw}”：星期的起止颠倒了")
                days.update(range(first, last + 1))
            elif re.fullmatch(r"[1-7]+", part):
                days.update(int(d) for d in part)
            else:
                raise ValueError(f"“{raw}”看不出是星期几（可写“周一至周五”“周末”“一三五”或“12345”）")
        return "".join(str(d) for d in sorted(days)) or EVERY_DAY

    def display(self, value: Any, masked: bool = False) -> str:
        return weekdays_text(str(value or EVERY_DAY)) or "每天"


class AwayDates(Kind):
    """Days someone cannot serve: full dates apart by 、，; or spaces ("2026-12-05、2026-12-06"); a day
    without its year is refused (which December would it be?)."""

    repeats = False

    def parse(self, raw: object) -> list[date]:
        if isinstance(raw, date):
            return [raw]
        if isinstance(raw, (list, tuple, set, frozenset)):
            return sorted({d for d in raw if isinstance(d, date)})
        text = str(super().parse(raw))
        days: set[date] = set()
        for part in re.split(r"[、,，;；\s]+", text):
            if not part:
                continue
            if re.fullmatch(r"\d{1,2}(月\d{1,2}日?|[-./]\d{1,2})", part):
                raise ValueError(f"“{part}”请写明年份，如 2026-12-05")
            try:
                day = parse_date(part)
            except ValueError as exc:
                raise ValueError(f"“{part}”不是日期：{exc}") from None
            if day is not None:
                days.add(day)
        return sorted(days)

    def display(self, value: Any, masked: bool = False) -> str:
        return "、".join(d.isoformat() for d in _dates(value))


class WeeklyLimit(Kind):
    """At most this many shifts a week: "3", "3班", "3次", "每周3班"; blank, "不限" → no limit (None)."""

    def parse(self, raw: object) -> int | None:
        text = str(super().parse(raw)).replace(" ", "")
        if text in ("", "不限", "无", "无限制", "0"):
            return None
        match = re.fullmatch(r"(?:每周)?(?:最多)?(\d{1,2})(?:个)?(?:班|次|班次)?", text)
        if match is None:
            raise ValueError(f"“{text}”不是每周班次数（写数字，如 3）")
        limit = int(match.group(1))
        if not 1 <= limit <= 21:
            raise ValueError(f"每周最多班次 {limit} 不对（应为 1–21）")
        return limit

    def display(self, value: Any, masked: bool = False) -> str:
        return "" if value in (None, "") else str(value)


def _dates(value: Any) -> list[date]:
    if isinstance(value, str):
        return sorted(date.fromisoformat(d) for d in json.loads(value or "[]"))
    return sorted(value or ())


def weekdays_text(weekdays: str) -> str:
    """ "12345" → 周一至周五, "67" → 周六、周日, "135" → 周一、周三、周五; every day → ""."""
    days = sorted({int(d) for d in weekdays if d in EVERY_DAY})
    if not days or len(days) == 7:
        return ""
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = [
        f"{WEEKDAY_NAMES[run[0] - 1]}至{WEEKDAY_NAMES[run[-1] - 1]}"
        if len(run) >= 3
        else "、".join(WEEKDAY_NAMES[d - 1] for d in run)
        for run in runs
    ]
    return "、".join(parts)


def away_text(days: Iterable[date], since: date | None = None) -> str:
    """ "12月5日不在", "12月5日—12月7日、12月10日不在" (runs of days joined); days before since left out."""
    kept = sorted(d for d in set(days) if since is None or d >= since)
    if not kept:
        return ""
    runs: list[list[date]] = []
    for day in kept:
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = [short_date(r[0]) if len(r) == 1 else f"{short_date(r[0])}—{short_date(r[-1])}" for r in runs]
    return "、".join(parts) + "不在"


def limits_text(values: Mapping[str, Any], since: date | None = None) -> str:
    """When someone may not serve, in one phrase: "不上夜班 · 每周最多 3 班 · 周一至周五 · 12月5日不在"."""
    parts = []
    if values.get("no_night"):
        parts.append("不上夜班")
    if values.get("max_per_week"):
        parts.append(f"每周最多 {values['max_per_week']} 班")
    if days := weekdays_text(str(values.get("weekdays") or EVERY_DAY)):
        parts.append(days)
    if away := away_text(_dates(values.get("away")), since):
        parts.append(away)
    return " · ".join(parts)


def check_duty_person(values: dict[str, Any]) -> list[Issue]:
    """Without a 带班 column (an import), a 村干部 or 下沉干部 leads, as db.duty_actions.save_person defaults;
    a 带班 the clerk wrote is taken as written (a party secretary listed as 党员 may lead)."""
    if "can_lead" not in values and values.get("kind") in LEADING_KINDS:
        values["can_lead"] = True
    return []


DUTY_PERSON = RecordForm(
    name="duty_person",
    label="值班人员",
    check=check_duty_person,
    fields=(
        name_field(),
        phone_field(),
        Field(
            "kind",
            "人员类别",
            Choice(DUTY_KINDS, default=DutyKind.VOLUNTEER.value, words=KIND_WORDS),
            headers=("类别", "身份", "人员类型", "类型", "人员身份", "政治面貌"),
            width=8,
        ),
        Field(
            "organisation",
            "所在单位",
            Text(60),
            headers=("单位", "工作单位", "派出单位", "所属单位", "单位及职务", "职务"),
            width=14,
        ),
        Field(
            "can_lead",
            "可带班",
            YesNo(),
            headers=("带班", "是否带班", "带班干部", "能否带班"),
            width=6,
            help="可担任带班干部（村干部、下沉干部默认可带班）",
        ),
        Field(
            "weekdays",
            "可值班日",
            Weekdays(),
            headers=("可值班时间", "值班时间", "可值班星期", "值班日"),
            in_table=False,
            width=10,
            help="如：周一至周五、周末、一三五；空着为每天",
        ),
        Field(
            "away",
            "不在日期",
            AwayDates(),
            headers=("请假日期", "不能值班日期", "外出日期"),
            in_table=False,
            width=16,
            help="如：2026-12-05、2026-12-06",
        ),
        Field(
            "no_night",
            "不上夜班",
            YesNo(),
            headers=("不值夜班", "不排夜班", "不能上夜班"),
            in_table=False,
            width=6,
        ),
        Field(
            "max_per_week",
            "每周最多班次",
            WeeklyLimit(),
            headers=("每周最多", "每周班次", "每周最多值班次数"),
            in_table=False,
            width=8,
            help="空着为不限",
        ),
        Field(
            "limits",
            "值班限制",
            Text(),
            editable=False,
            in_export=False,
            stored=False,
            width=24,
            compute=limits_text,
        ),
        Field(
            "apart",
            "不与谁同班",
            Text(200),
            headers=("不与同班", "不同班", "不能同班"),
            stored=False,
            width=12,
            help="写姓名，几个人用顿号分开",
        ),
        Field("note", "备注", Text(500), headers=("说明",), width=16),
    ),
)


def apart_names(text: object) -> list[str]:
    """The names in a 不与谁同班 cell ("李四、王五"), each once, in order."""
    if is_blank(text):
        return []
    names: list[str] = []
    for part in re.split(r"[、,，;；/\s]+", str(text)):
        if part and part not in names:
            names.append(part)
    return names
