"""A checkpoint register workbook's sheets: the columns the import knows, the column guess, which sheet is the
vehicle register (09 sheet B), and what the lines above the header say (日期, 卡点名称)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from db.bulk import collector_paused
from db.progress import Progress
from forms.definitions.gate_entry import GATE_ENTRY
from forms.excel.mapping import Target, header_words, missing_required, normalize_header
from forms.excel.reader import SheetTable, read_tables
from forms.excel.sheet_table import cell_text
from forms.kinds import is_blank
from forms.parsing.dates import DateError, parse_date

COMPANIONS = "party.companions"
#: The columns of a people register, as the column guess knows them: the definition's, and 同车人员.
GATE_TARGETS: list[Target] = [
    Target(f"{GATE_ENTRY.name}.{f.name}", f.label, f.headers, required=f.required) for f in GATE_ENTRY.input_fields
] + [Target(COMPANIONS, "同车人员", ("同行人员", "随行人员", "同车人", "随行人", "同车人员姓名"))]
#: The columns of a vehicle register (09 sheet B) the import reads: the others are each occupant's own rows.
VEHICLE_TARGETS: list[Target] = [
    Target("vehicle.time", "时间", ("登记时间", "检查时间", "进出时间")),
    Target("vehicle.day", "日期", ("登记日期", "检查日期")),
    Target("vehicle.plate", "车牌号码", ("车牌", "车牌号", "车辆号牌")),
    Target("vehicle.vehicle_type", "车辆类型", ("车型", "车辆种类")),
    Target("vehicle.driver", "驾驶员姓名", ("驾驶员", "驾驶人姓名", "驾驶人", "司机姓名", "司机")),
    Target("vehicle.disinfected", "是否消毒", ("消毒", "车辆消毒", "已消毒")),
    Target("vehicle.outcome", "处理结果", ("处理情况", "是否放行", "结果")),
    Target("vehicle.checkpoint", "卡点名称", ("卡点", "卡口", "检查点")),
]
#: Headers that make a sheet the vehicle register (a people register has a 姓名 column of its own).
_VEHICLE_SIGNS = frozenset(
    normalize_header(h) for h in ("车辆类型", "驾驶员姓名", "驾驶人姓名", "司机姓名", "是否消毒")
)
_NAME_HEADERS = frozenset(
    normalize_header(h) for h in (GATE_ENTRY.field("name").label, *GATE_ENTRY.field("name").headers)
)
#: The header lines' labels: 日期 and 卡点名称(位置), a value ending where the next label (or a wide gap) begins.
_DATE_LABEL = re.compile(r"(?:登记日期|日期)\s*[:：]\s*")
_CHECKPOINT_LABEL = re.compile(r"(?:卡点名称\s*[(（]\s*位置\s*[)）]|卡点名称|卡口名称|卡点)\s*[:：]\s*")
_VALUE_END = re.compile(r"\s{2,}|\u3000|(?:值守人员|带班|联系电话|日期|卡点名称|负责人)\s*[:：(（]")
NO_TIME_COLUMN = "找不到“时间”列（每条卡点登记都要有时间）"


@collector_paused()
def read_checkpoint_register(path: Path, progress: Progress | None = None) -> list[SheetTable]:
    return read_tables(path, header_words(GATE_TARGETS + VEHICLE_TARGETS), progress)


def guess_checkpoint_mapping(table: SheetTable) -> dict[int, str]:
    return table.guess_mapping(VEHICLE_TARGETS if is_vehicle_table(table) else GATE_TARGETS)


def checkpoint_mapping_problems(mapping: dict[int, str]) -> list[str]:
    """Chinese messages for columns the import needs but the mapping lacks."""
    if any(key.startswith("vehicle.") for key in mapping.values()):
        needed = [t for t in VEHICLE_TARGETS if t.key in ("vehicle.time", "vehicle.plate")]
        return [f"车辆登记表找不到“{t.label}”列" for t in needed if t.key not in mapping.values()]
    problems = [f"找不到“{t.label}”列" for t in missing_required(mapping, GATE_TARGETS)]
    if f"{GATE_ENTRY.name}.time" not in mapping.values():
        problems.append(NO_TIME_COLUMN)
    return problems


def is_vehicle_table(table: SheetTable) -> bool:
    """Whether the table is a vehicle register (09 sheet B): a driver's or vehicle's columns, no 姓名 column."""
    names = {normalize_header(h) for h in (table.own or table.headers)}
    return bool(names & _VEHICLE_SIGNS) and not names & _NAME_HEADERS


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- the lines above the header ---------------------------------------------------------------------


@dataclass(frozen=True)
class HeaderFacts:
    """What a table's header lines say: its day and the checkpoint they name ("" for none)."""

    day: date | None = None
    checkpoint: str = ""
    problems: tuple[str, ...] = ()


def _labelled(lines: Sequence[Sequence[object]], label: re.Pattern[str]) -> Iterable[object]:
    """The values written after a label in the lines: in the same cell up to the next label, else the next
    non-blank cell (a date cell after "日期：")."""
    for cells in lines:
        for i, cell in enumerate(cells):
            text = cell_text(cell)
            for found in label.finditer(text):
                rest = text[found.end() :]
                end = _VALUE_END.search(rest)
                value = (rest[: end.start()] if end else rest).strip()
                if value:
                    yield value
                else:
                    yield next((c for c in cells[i + 1 :] if not is_blank(c)), "")


def header_facts(table: SheetTable, today: date | None = None) -> HeaderFacts:
    """The day and checkpoint of a table's header lines (the lines above its header row)."""
    lines = [cells for row, cells in sorted(table.lines.items()) if row < table.header_row]
    day: date | None = None
    problems: list[str] = []
    for value in _labelled(lines, _DATE_LABEL):
        if isinstance(value, str) and ("_" in value or not re.search(r"\d", value)):
            continue  # the paper's blank "____年__月__日"
        try:
            day = parse_date(value, today)
        except DateError as exc:
            problems.append(f"表头的日期：{exc}")
            continue
        if day is not None:
            break
    checkpoint = ""
    for value in _labelled(lines, _CHECKPOINT_LABEL):
        checkpoint = re.split(r"[（(]", str(value), maxsplit=1)[0].strip(" _")  # "____": the paper's blank
        if checkpoint:
            break
    return HeaderFacts(day, checkpoint, tuple(problems))
