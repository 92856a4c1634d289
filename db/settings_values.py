"""Typed settings kept in the database (the Setting table, JSON values), so they travel with backups.

Each setting is declared once here with its key, default, allowed range and its words for the clerk; it is
read with `value(SETTING)` (the default while none was saved, or when the stored text cannot be read) and
changed with `set_value(SETTING, n)` through db.changes, which needs the settings permission and writes the
audit trail, as db.accounts does for the screen lock's minutes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from db import changes, session
from db.errors import LedgerError
from db.models import Setting
from db.session import Can


class SettingError(LedgerError):
    """A setting's value that cannot be kept; the message says which setting and why, in Chinese."""


@dataclass(frozen=True)
class IntSetting:
    """A whole-number setting: its key in the Setting table, default and range, and its words."""

    key: str
    default: int
    low: int
    high: int
    label: str
    unit: str

    def check(self, value: int) -> int:
        """The value as kept; SettingError naming the setting when it is out of range or not a whole number."""
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingError(f"{self.label}应为整数{self.unit}数")
        if not self.low <= value <= self.high:
            raise SettingError(f"{self.label}应在 {self.low} 到 {self.high} {self.unit}之间，不能设为 {value}")
        return value


#: "In the last N days came from or passed through a key area" (入户排查): how many days count.
KEY_AREA_DAYS = IntSetting("key_area_days", 14, 1, 60, "重点地区旅居史的天数", "天")
#: Hours the village has to answer an item of a list pushed down by the township (核查名单) by default.
PUSHED_DEADLINE_HOURS = IntSetting("pushed_deadline_hours", 24, 1, 720, "核查名单的反馈时限", "小时")
#: The least rest between the end of one duty shift and the start of a person's next (值班排班).
DUTY_REST_HOURS = IntSetting("duty_rest_hours", 12, 0, 48, "两个班次之间至少休息的时间", "小时")
#: Every setting declared here, by key.
ALL = {s.key: s for s in (KEY_AREA_DAYS, PUSHED_DEADLINE_HOURS, DUTY_REST_HOURS)}


def value(setting: IntSetting) -> int:
    """The setting as saved, or its default (also when the stored text is not a number in its range)."""
    row = Setting.get_or_none(Setting.key == setting.key)
    if row is None:
        return setting.default
    try:
        stored = json.loads(row.value)
        return setting.check(stored)
    except (ValueError, SettingError):
        return setting.default


def set_value(setting: IntSetting, new: int) -> None:
    """Keep a new value (audited; needs the settings permission). The same value again writes nothing."""
    new = setting.check(new)
    session.require(Can.SETTINGS)  # refused alike whether or not the value would change
    kept = Setting.get_or_none(Setting.key == setting.key)
    if kept is not None and kept.value == json.dumps(new):
        return
    with changes.transaction(f"{setting.label}改为 {new} {setting.unit}", needs=Can.SETTINGS) as cs:
        row = Setting.get_or_none(Setting.key == setting.key)
        if row is None:
            cs.create(Setting, {"key": setting.key, "value": json.dumps(new)})
        else:
            cs.update(row, {"value": json.dumps(new)})


def key_area_days() -> int:
    """How many days before a visit a return from a key area counts (default 14)."""
    return value(KEY_AREA_DAYS)


def pushed_deadline_hours() -> int:
    """Hours to answer a pushed list's item when the list names no deadline (default 24)."""
    return value(PUSHED_DEADLINE_HOURS)
