"""A pushed list's data rows read into planned items: who each names, and what could not be read.

A row is a pushed name unless it names nobody (no name and no ID number, NO_PERSON). An ID number Excel
made a number is kept as the digits it holds, as text, and not matched by; a number that fails its check
is kept and matched by as a possible typo; a phone or a date that cannot be read is kept as it is. Each is
a warning: the township's row must come back in the feedback.
"""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal
from typing import Any

from db.imports.pushed import PlannedItem, PushedPlan
from db.imports.rows import RowIssue
from db.rules.id_number import EXCEL_NUMBER, IdNumberError, normalise_id_number
from forms.excel.mapping import Target
from forms.excel.reader import SheetTable
from forms.parsing.dates import DateError, parse_date
from forms.parsing.names import PersonNameError, clean_name, shown_name
from forms.parsing.phones import PhoneError, parse_phone
from forms.pushed_cells import Kept, as_text, encode
from forms.pushed_header import moment

#: The fields read from a pushed row (PlannedItem's), with the headers townships give them.
PUSHED_TARGETS: list[Target] = [
    Target("name", "姓名", ("名字", "人员姓名", "旅客姓名", "患者姓名", "被核查人")),
    Target("id_number", "身份证号", ("身份证号码", "证件号码", "证件号", "公民身份号码", "身份证")),
    Target("phone", "联系电话", ("电话号码", "手机号码", "联系手机", "手机号", "手机", "电话", "联系方式")),
    Target("birth_date", "出生日期", ("出生年月",)),
    Target("origin", "来源地", ("出发地", "来源省市", "户籍地", "来自", "来源地区", "途经地")),
    Target(
        "arrived_on",
        "到达日期",
        ("返回日期", "日期", "轨迹时间", "到达时间", "抵达日期", "返乡日期", "到达本地时间", "入村日期"),
    ),
]
TARGET_LABELS = {t.key: t.label for t in PUSHED_TARGETS}
NO_PERSON = "没有姓名和证件号码"
_ID_SHAPE = re.compile(r"[0-9]{15}|[0-9]{17}[0-9X]")
_ID_DROPPED = re.compile(r"[\s'\u200b\ufeff]")


def excel_digits(value: int | float | Decimal) -> str:
    """The digits a number cell holds, as Excel's formula bar shows them (15 significant digits)."""
    number = float(value)
    return str(int(Decimal(f"{number:.15g}"))) if math.isfinite(number) else str(value)


class RowReader:
    """Turns each data row into a planned item (or a refusal), its warnings said."""

    def __init__(self, plan: PushedPlan, table: SheetTable, width: int, today: date | None) -> None:
        self.plan, self.table, self.width, self.today = plan, table, width, today
        self.cols = {key: col for col, key in plan.mapping.items()}
        self.seen: dict[str, int] = {}

    def add(self, row_no: int, cells: list[object]) -> None:
        cells = [*cells[: self.width], *([""] * (self.width - len(cells)))]
        kept: list[Kept] = [encode(c) for c in cells]
        self.row_no, self.warned_name = row_no, ""
        raw_name = self._cell(cells, "name")
        name = self._name(raw_name)
        self.warned_name = name or shown_name(as_text(encode(raw_name)))
        id_number, id_text = self._id_number(cells, kept)
        if not name and not id_text:
            self.plan.refused.append(RowIssue(self.table.sheet, row_no, "", "姓名", NO_PERSON))
            return
        values: dict[str, Any] = {
            "phone": self._phone(self._cell(cells, "phone")),
            "birth_date": self._day(self._cell(cells, "birth_date"), "birth_date"),
            "origin": as_text(encode(self._cell(cells, "origin"))),
            "arrived_on": self._day(self._cell(cells, "arrived_on"), "arrived_on"),
        }
        if id_number:
            twin = self.seen.setdefault(id_number, row_no)
            if twin != row_no:
                self._warn("身份证号", f"与第 {twin} 行身份证号相同（名单中重复），两行都保留")
        self.plan.items.append(PlannedItem(row_no, kept, name, id_number, **values))

    def _cell(self, cells: list[object], key: str) -> object:
        col = self.cols.get(key)
        return cells[col] if col is not None else ""

    def _warn(self, field: str, reason: str) -> None:
        issue = RowIssue(self.table.sheet, self.row_no, self.warned_name, field, reason, "warning")
        self.plan.warnings.append(issue)

    def _name(self, raw: object) -> str:
        if raw in ("", None):
            return ""
        try:
            return clean_name(raw)
        except PersonNameError as exc:
            text = as_text(encode(raw))
            self.warned_name = shown_name(text)
            self._warn("姓名", f"{exc}，按原样保留“{shown_name(text)}”")
            return text

    def _id_number(self, cells: list[object], kept: list[Kept]) -> tuple[str, str]:
        """(the number to match by, the cell's text); a number cell is kept as the digits it holds."""
        col = self.cols.get("id_number")
        if col is None:
            return "", ""
        raw = cells[col]
        if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
            text = excel_digits(raw)
            kept[col] = text
            if len(text) > 15:
                self._warn("身份证号", f"{EXCEL_NUMBER}；已按原样保留“{text}”，不用于匹配")
                return "", text
            raw = text
        text = as_text(encode(raw))
        if not text:
            return "", ""
        try:
            return normalise_id_number(text, self.today), text
        except IdNumberError as exc:
            number = _ID_DROPPED.sub("", text).upper()
            if EXCEL_NUMBER in str(exc) or not _ID_SHAPE.fullmatch(number):
                self._warn("身份证号", f"{exc}；已按原样保留，不用于匹配")
                return "", text
            self._warn("身份证号", f"{exc}；按原样保留，匹配时按相近号码查找")
            return number, text

    def _phone(self, raw: object) -> str:
        try:
            return parse_phone(raw if raw != "" else None)
        except PhoneError as exc:
            text = as_text(encode(raw))
            self._warn("联系电话", f"{exc}；按原样保留")
            return text

    def _day(self, raw: object, key: str) -> date | None:
        if raw in ("", None):
            return None
        try:
            if key == "birth_date":
                return parse_date(raw, self.today)
            return moment(encode(raw), self.today)[0]
        except DateError as exc:
            self._warn(TARGET_LABELS[key], f"{exc}；按原样保留")
            return None
