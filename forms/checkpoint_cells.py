"""One checkpoint row's cells as clerks write them: boxes ticked on the paper, a temperature typed as a number,
our export's 备注, a row that only says 无, the words for a vehicle's type and outcome, and why a row is refused."""

from __future__ import annotations

import re
from collections.abc import Sequence

from db.models.checkpoint import GateOutcome, VehicleType
from db.rules.key_areas import symptom_words
from db.rules.temperature import parse_temperature
from forms.definitions.gate_entry import GATE_ENTRY
from forms.excel.sheet_table import cell_text
from forms.kinds import is_blank
from forms.types import Issue

#: Fields that say who a row is: a formula cell without a result there refuses the row.
DECISIVE = ("name", "id_number", "time", "day", "plate")
#: Choice columns read from boxes ticked on the paper.
TICKED_FIELDS = ("direction", "is_villager", "travel_mode", "outcome")
_TICK = re.compile(r"[☑☒✓√✔■▣]\s*([^\s□☐☑☒✓√✔■▣]+)")
_BOX = re.compile(r"[□☐]")
LABELS = {f.name: f.label for f in GATE_ENTRY.input_fields}
NO_TIME = "没有登记时间（写成 时:分，如 08:15），未导入"
NO_DAY = "表头和本行都没有日期，请在导入时指定登记日期"
SAYS_NONE = "表中写明无登记"
NOTHING_WRITTEN = "空行（只有序号或未勾选的□）"


def ticked(cell: object) -> object:
    """A choice cell as the paper's boxes leave it: the one word whose box is ticked ("□进 ☑出" → 出, "√放行
    □劝返" → 放行), "" for boxes none ticked (the blank paper's text), the cell itself otherwise."""
    if not isinstance(cell, str) or not (_BOX.search(cell) or _TICK.search(cell)):
        return cell
    words = _TICK.findall(cell)
    if len(words) == 1:
        return words[0]
    return "" if not words else cell  # none ticked: blank; several: the words, read (and warned of) as written


def numeric_out_of_range(raw: object) -> str | None:
    """Why a temperature cell that is a number cannot be a reading (a typing slip: "45", "3.65"), else None."""
    text = str(raw).strip().replace("℃", "").replace("度", "") if not isinstance(raw, bool) else ""
    if not re.fullmatch(r"\d+(?:[.,。]\d+)?", text):
        return None
    try:
        parse_temperature(text)
    except ValueError as exc:
        return str(exc)
    return None


#: Our export writes, in 备注, what the form has no column for: "症状：咳嗽；提示：发热 38.1℃；咳嗽；已登记管控；…".
_SYMPTOMS_SAID = "症状："
_FLAGS_SAID = "提示："
_CASE_SAID = "已登记管控"


def split_note(note: str) -> tuple[str, str]:
    """(symptoms, the clerk's own note) of an exported 备注; the flags are judged again, so they are dropped."""
    parts = note.split("；")
    symptoms = ""
    if parts and parts[0].startswith(_SYMPTOMS_SAID):
        symptoms = parts.pop(0)[len(_SYMPTOMS_SAID) :]
    if parts and parts[0].startswith(_FLAGS_SAID):
        parts[0] = parts[0][len(_FLAGS_SAID) :]
        flags = set(symptom_words(symptoms))  # the flags are the fever, the symptoms again, a key area
        while parts and (parts[0].startswith(("发热 ", "来自重点地区")) or parts[0] in flags):
            flags.discard(parts.pop(0))
    if parts and parts[0] == _CASE_SAID:
        parts.pop(0)
    return symptoms, "；".join(parts)


def field_issue(name: str, reason: str) -> Issue:
    return Issue(name, LABELS[name], reason)


_NONE_WORDS = frozenset({"（无）", "(无)", "无", "无登记", "（无登记）"})


def says_none(cells: Sequence[object]) -> bool:
    """Whether a row only says there is nothing (the export's "（无）" under an empty sheet's header)."""
    said = [c for c in cells if not is_blank(c)]
    return bool(said) and all(cell_text(c) in _NONE_WORDS for c in said)


def companion_names(cell: object) -> list[str]:
    text = cell_text(cell)
    return [n for n in re.split(r"[、，,；;/\s]+", text) if n and n not in ("无", "/", "-")]


def refusal(message: str) -> tuple[str, str]:
    """(the field, the reason) of a CheckpointError's message, for the row's refusal."""
    reason = message.removesuffix("，未保存")
    for name in ("id_number", "temperature", "plate", "direction", "travel_mode", "outcome", "name"):
        label = LABELS[name]
        if label.split("(")[0] in reason:
            return label, reason
    if "车牌" in reason:
        return LABELS["plate"], reason
    return "卡点登记", reason


_VEHICLE_WORDS = (
    ("货车", ("货", "卡车", "皮卡")),
    ("客运", ("客车", "大巴", "中巴", "公交", "客运")),
    ("摩托车", ("摩托",)),
    ("小客车", ("小客", "轿车", "小车", "私家车", "面包车", "小型", "SUV", "越野")),
)


def vehicle_type_of(text: str) -> str:
    if text in {v.value for v in VehicleType}:
        return text
    if not text:
        return VehicleType.CAR.value
    for value, words in _VEHICLE_WORDS:
        if any(w in text for w in words):
            return value
    return VehicleType.OTHER.value


def vehicle_outcome_of(text: str) -> str:
    if not text:
        return ""
    if "劝" in text or "返" in text:
        return GateOutcome.TURNED_BACK.value
    return GateOutcome.PASSED.value
