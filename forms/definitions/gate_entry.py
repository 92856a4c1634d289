"""A row of the checkpoint register (卡点出入登记表, 09-checkpoint.md sheet A), declared once: the screen's
columns and entry fields, the checks, an import's column words and the export's columns in the form's order
(序号 is the export's running number, not a field).

The date is the register's header (one book per checkpoint per day), so 日期 and 卡点名称 are read from a
column when a sheet has one and are not columns of the export; 时间 and 日期 make the entry's moment.
Symptoms have no column on the form: the export writes them, with the flags, in 备注.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from db.models.checkpoint import Direction, GateOutcome, TravelMode, VehicleType
from db.rules.plates import PlateError, normalise_plate, parse_plate
from db.rules.temperature import parse_temperature
from forms.choice_words import Words
from forms.definitions.identity import id_number_field, id_number_issues, name_field, phone_field
from forms.kinds import Choice, Date, Kind, Text, YesNo
from forms.types import Field, Issue, RecordForm

DIRECTIONS = tuple(d.value for d in Direction)
TRAVEL_MODES = tuple(t.value for t in TravelMode)
OUTCOMES = tuple(o.value for o in GateOutcome)
VEHICLE_TYPES = tuple(v.value for v in VehicleType)

DIRECTION_WORDS = Words(
    exact={"进": "进入", "入": "进入", "进村": "进入", "入村": "进入", "出": "外出", "出村": "外出", "离开": "外出"},
    patterns=(("进入", r"^进|^入|返|回村|来"), ("外出", r"^出|离|去")),
)
TRAVEL_MODE_WORDS = Words(
    exact={"走路": "步行", "步": "步行", "自驾": "驾车", "开车": "驾车", "骑": "骑车"},
    patterns=(
        ("驾车", r"驾|开车|汽车|轿车|货车|私家车|小车|面包车|三轮"),
        ("骑车", r"骑|自行车|电动车|电瓶车|摩托"),
        ("步行", r"步|走"),
    ),
)
OUTCOME_WORDS = Words(
    exact={"通过": "放行", "准入": "放行", "正常": "放行", "返回": "劝返", "劝离": "劝返", "劝回": "劝返"},
    patterns=(
        ("转发热门诊", r"发热门诊|送医|就医|门诊"),
        ("登记后放行并告知居家观察", r"居家|观察"),
        ("劝返", r"劝|返回|不准|禁止|拒绝"),
        ("放行", r"放行|通过|准入|进入"),
    ),
)


class TimeOfDay(Kind):
    """ "8:15", "08:15", "8点15", "8时15分", a time or a date-time cell → the time of day; "" → None."""

    repeats = False

    def parse(self, raw: object) -> time | None:
        if isinstance(raw, datetime):
            return raw.time().replace(microsecond=0)
        if isinstance(raw, time):
            return raw.replace(microsecond=0)
        text = str(super().parse(raw)).replace("：", ":").replace("点", ":").replace("时", ":")
        text = text.replace("分", "").strip().rstrip(":")
        if not text:
            return None
        if " " in text:  # "2026-12-03 08:15"
            text = text.rsplit(" ", 1)[1]
        parts = text.split(":")
        try:
            numbers = [int(p) for p in parts] + [0] * (3 - len(parts))
            if len(parts) > 3:
                raise ValueError
            return time(numbers[0], numbers[1], numbers[2])
        except (ValueError, OverflowError):  # OverflowError: a number cell too big for an hour (2147483648)
            raise ValueError(f"“{text}”不是时间（写成 时:分，如 08:15）") from None

    def display(self, value: Any, masked: bool = False) -> str:
        if isinstance(value, datetime):
            value = value.time()
        return value.strftime("%H:%M") if isinstance(value, time) else ""


class Temperature(Kind):
    """ "36.5", "38.5℃", "36.5度", "365" → a reading; "正常" → none. Harmless: an import leaves a cell that is no
    reading blank with its text in the note (as forms.screening_fields' kind, which imports the definitions)."""

    harmless = True
    _NORMAL = frozenset({"正常", "无", "无异常", "未见异常", "否"})

    def parse(self, raw: object) -> float | None:
        if isinstance(raw, bool):
            raise ValueError(f"“{raw}”不是体温")
        text = str(super().parse(str(raw) if isinstance(raw, (int, float)) else raw))
        text = text.replace("度", "").replace("°C", "").replace("°", "").strip()
        return None if text in self._NORMAL else parse_temperature(text)


class PlateNumber(Kind):
    """A vehicle plate (db.rules.plates), normalised; one that cannot be is refused with the reason."""

    repeats = False

    def parse(self, raw: object) -> str:
        text = str(super().parse(raw))
        if not normalise_plate(text):
            return ""
        try:
            return parse_plate(text).text
        except PlateError as exc:
            raise ValueError(str(exc)) from None


def check_gate_entry(values: dict[str, Any]) -> list[Issue]:
    """What one row tells by itself: the ID number's warnings, the moment made of 日期 and 时间, a plate that
    says the person came by car."""
    issues: list[Issue] = id_number_issues(values, "身份证号")[1] if values.get("id_number") else []
    values.pop("sex", None)  # (id_number_issues takes it from the number; an entry keeps none)
    day, at = values.get("day"), values.get("time")
    if isinstance(day, date) and isinstance(at, time):
        values["at"] = datetime.combine(day, at)
    if values.get("plate") and values.get("travel_mode") in (None, "", TravelMode.WALK.value):
        values["travel_mode"] = TravelMode.DRIVE.value
    return issues


_IMPORT_ONLY: dict[str, Any] = {"in_export": False, "in_table": False, "stored": False, "correctable": False}

GATE_ENTRY = RecordForm(
    name="gate_entry",
    label="卡点登记",
    check=check_gate_entry,
    fields=(
        Field(
            "time", "时间", TimeOfDay(), headers=("登记时间", "检查时间", "进出时间", "到达时间"), width=6, stored=False
        ),
        Field(
            "direction",
            "进出",
            Choice(DIRECTIONS, default=Direction.IN.value, words=DIRECTION_WORDS),
            headers=("进/出", "进出方向", "方向", "出入"),
            width=5,
        ),
        name_field(),
        id_number_field("身份证号"),
        phone_field(),
        Field(
            "address",
            "住址(户籍)",
            Text(200),
            headers=("住址", "户籍", "住址/户籍", "住址 / 户籍", "家庭住址", "户籍地址", "现住址", "在本地住址"),
            width=16,
        ),
        Field(
            "is_villager",
            "是否本村人员",
            YesNo(),
            headers=("本村人员", "是否本村", "本村/外来"),
            width=6,
        ),
        Field(
            "from_place",
            "从何处来",
            Text(100),
            headers=("出发地", "从何处来(出发地)", "来自何地", "来源地", "从哪里来"),
            width=12,
        ),
        Field(
            "to_place",
            "到何处去",
            Text(100),
            headers=("目的地", "到访人家", "到何处去/到访人家", "到何处去(目的地)", "受访人", "去向", "到哪里去"),
            width=12,
        ),
        Field("reason", "事由", Text(100), headers=("来意", "事由(来意)", "来访原因", "进出事由"), width=10),
        Field("local_contact", "在本地联系人", Text(60), headers=("本地联系人", "联系人", "在村联系人"), width=10),
        Field("temperature", "体温(℃)", Temperature(), headers=("体温", "体温℃", "测量体温"), width=6),
        Field("symptoms", "症状", Text(200), headers=("有无症状", "不适症状", "身体状况"), in_export=False, width=10),
        Field(
            "travel_mode",
            "出行方式",
            Choice(TRAVEL_MODES, default=TravelMode.WALK.value, words=TRAVEL_MODE_WORDS),
            headers=("交通方式", "交通工具"),
            width=6,
        ),
        Field("plate", "车牌号码", PlateNumber(), headers=("车牌", "车牌号", "车辆号牌", "车辆信息"), width=10),
        Field(
            "outcome",
            "处理结果",
            Choice(OUTCOMES, words=OUTCOME_WORDS),  # blank: the save path's default for what the entry shows
            headers=("处理情况", "处置结果", "是否放行", "结果"),
            width=12,
        ),
        Field(
            "recorder",
            "登记人",
            Text(60),
            headers=("值守人员", "登记人(值守人员签名)", "值守人员签名", "检查人"),
            width=8,
        ),
        Field("note", "备注", Text(500), headers=("说明", "其他情况"), width=16),
        # read from a column when a sheet has one; the register's header otherwise
        Field("day", "日期", Date(), headers=("登记日期", "进出日期", "检查日期"), **_IMPORT_ONLY),
        Field(
            "checkpoint",
            "卡点名称",
            Text(60),
            headers=("卡点", "卡口", "卡点名称(位置)", "检查点"),
            **_IMPORT_ONLY,
            at_entry=False,  # the screen's checkpoint is chosen once, above the form
        ),
    ),
)

#: Fields of the definition that are not an entry's own: they make its moment, or name its checkpoint.
_NOT_STORED = ("time", "day", "checkpoint")


def to_entry(values: dict[str, Any], checkpoint_id: int, day: date | None = None) -> dict[str, Any]:
    """Parsed values (GATE_ENTRY.parse(...).values) as db.checkpoint_actions.register_entry takes them: the
    checkpoint's id, the moment from 日期 (else day) and 时间."""
    entry = {k: v for k, v in values.items() if k not in _NOT_STORED and k != "at"}
    at = values.get("at")
    on = values.get("day") or day
    if at is None and isinstance(values.get("time"), time) and isinstance(on, date):
        at = datetime.combine(on, values["time"])
    if at is not None:
        entry["at"] = at
    entry["checkpoint"] = checkpoint_id
    return entry


#: Sheet B's columns (09-checkpoint.md), in the form's order; each occupant also has a row in sheet A.
VEHICLE_COLUMNS = (
    "序号",
    "时间",
    "车牌号码",
    "车辆类型",
    "驾驶员姓名",
    "驾驶员身份证号",
    "驾驶员联系电话",
    "同车人数",
    "同车人员",
    "出发地",
    "目的地",
    "事由",
    "车内人员体温",
    "是否消毒",
    "处理结果",
    "登记人",
)
