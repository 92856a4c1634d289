"""The village's day data package, on both ends (issue 19): the village numbers its packages one after another
(a gap in the numbers the township has seen shows a package that never arrived), and the township loads each
package in one transaction — the same package again changes nothing, a newer one of the same village and day
replaces the older, an older one is refused. db parses no files: forms.reports.day_package reads and checks
the package, then hands its contents over as a PackageRecord."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from db import changes, session
from db.errors import LedgerError
from db.models import PackageSeen, Setting, Village, VillagePackage
from db.models.village import TOWNSHIP_MODE
from db.session import Can

SEQUENCE_KEY = "day_package_sequence"
TAKEN, REPLACED, UNCHANGED = "已导入", "已替换旧数据包", "已导入过（未改动）"


@dataclass(frozen=True)
class PackageRecord:
    """A checked package's contents: its manifest's facts, the figures and the lists."""

    village_code: str
    village_name: str
    day: date
    package_id: str
    sequence: int
    zero: bool
    written_at: datetime
    program_version: str
    schema_version: int
    sha256: str
    figures: str
    """figures.json as the package holds it: [{"block", "label", "figures": {measure: n}}, …]"""
    lists: str
    """lists.json as the package holds it: {list name: {"headers": […], "rows": [[…], …]}}"""


def next_sequence() -> int:
    """The number the village's next package carries (1, 2, …): written into the package, then claimed."""
    row = Setting.get_or_none(Setting.key == SEQUENCE_KEY)
    return (int(row.value) if row is not None else 0) + 1


def claim_sequence(number: int) -> None:
    """Take `number` once its package is written and read back (audited, never given twice): a write that
    failed (a full stick) uses no number, so the township sees no gap for it."""
    with changes.transaction("数据包编号", needs=Can.EXPORT) as cs:
        if next_sequence() != number:
            raise LedgerError("另一个数据包刚刚用了这个序号，请重新导出")
        row = Setting.get_or_none(Setting.key == SEQUENCE_KEY)
        if row is None:
            cs.create(Setting, {"key": SEQUENCE_KEY, "value": json.dumps(number)})
        else:
            cs.update(row, {"value": json.dumps(number)})


def is_township() -> bool:
    found = Village.select().first()
    return found is not None and found.mode == TOWNSHIP_MODE


def import_package(record: PackageRecord, received_at: datetime | None = None) -> str:
    """Load one package (TAKEN, REPLACED or UNCHANGED); LedgerError, with nothing written, when it is refused."""
    session.require(Can.EDIT)
    if not is_township():
        raise LedgerError(
            "本机是村（社区）台账，不能导入各村的数据包；乡镇汇总用的电脑请在“村庄设置”中把本机用途设为“乡镇汇总”"
        )
    if not record.village_code:
        raise LedgerError(
            f"“{record.village_name}”的数据包没有村（社区）代码，无法区分是哪个村，请该村在村庄设置中填写后重新导出"
        )
    if VillagePackage.get_or_none(VillagePackage.package_id == record.package_id) is not None:
        return UNCHANGED
    held = VillagePackage.get_or_none(
        (VillagePackage.village_code == record.village_code) & (VillagePackage.day == record.day)
    )
    if held is not None and held.sequence == record.sequence:
        raise LedgerError(
            f"{record.village_name}{record.day:%Y-%m-%d}已有序号 {held.sequence} 的另一个数据包；同一序号出现两次，"
            "可能该村电脑恢复过备份。请该村重新导出当天的数据包后再导入"
        )
    if held is not None and held.sequence > record.sequence:
        raise LedgerError(
            f"已导入{record.village_name}{record.day:%Y-%m-%d}更新的数据包（序号 {held.sequence}），"
            f"这个是较早的（序号 {record.sequence}），未导入"
        )
    values = {
        "village_code": record.village_code,
        "village_name": record.village_name,
        "day": record.day,
        "package_id": record.package_id,
        "sequence": record.sequence,
        "zero": record.zero,
        "written_at": record.written_at,
        "received_at": (received_at or changes.clock()).replace(microsecond=0),
        "program_version": record.program_version,
        "schema_version": record.schema_version,
        "sha256": record.sha256,
        "figures": record.figures,
        "lists": record.lists,
    }
    what = f"{record.village_name}{record.day:%Y-%m-%d}数据包（序号 {record.sequence}）"
    with changes.transaction(f"导入{what}") as cs:
        if held is None:
            cs.create(VillagePackage, values)
        else:  # a correction: the day counts as reported when its first package was written, on time or late
            cs.update(held, {**values, "written_at": min(held.written_at, record.written_at)})
        cs.create(
            PackageSeen,
            {
                "village_code": record.village_code,
                "sequence": record.sequence,
                "day": record.day,
                "package_id": record.package_id,
            },
        )
    return TAKEN if held is None else REPLACED
