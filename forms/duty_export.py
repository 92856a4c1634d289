"""The duty roster as a workbook: 疫情防控卡点值班表 (12-duty-roster.md), a sheet per post with form 12's columns —
日期, 星期, 班次, 带班干部, 值守人员, 联系电话, 签到/签退, 备注 — one row per shift under the title and the post's
header line (卡点名称(位置), 卡点负责人, 联系电话) as the print has them, the duty rules, 监督电话, 制表人 and 制表日期
below; and a sheet 每日人数 with the heads per day across the posts (P-YS counts them).

The people's phones are in full, as on the printed roster (the duty team's hand-over): the file needs the export
permission (exports.may_export) and is noted in the audit trail. Written to a temporary file, read back and
renamed over the target (forms.excel.workbook_files).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from db import exports
from db.files import check_target
from db.progress import Progress, check_cancelled
from db.queries.duty import PostRoster, Roster, ShiftLine, heads_per_day, roster, village_facts
from db.rules.chinese_dates import long_date, short_date
from forms.excel.report_sheet import SheetSpec, expect_sheets, write_sheet
from forms.excel.report_style import FONT, LEFT, add_meta, styled
from forms.excel.workbook_files import save_verified, writing

TITLE = "值班表"
RULES = (
    "值班要求：一、按本表轮流值守，每班由带班干部负责，上岗时查岗点名。",
    "二、坚守岗位，不得擅自离岗；交接班当面进行，签到、签退。",
    "三、确需调班的，提前一天提出，经带班干部同意后在备注栏注明。",
    "四、认真填写值班日志，遇到不能当场处置的情况立即报告。",
)
OPEN_SEAT = "（空缺）"
COLUMNS = (
    ("日期", 11),
    ("星期", 5),
    ("班次", 18),
    ("带班干部", 9),
    ("值守人员", 16),
    ("联系电话", 22),
    ("签到/签退", 20),
    ("备注", 34),
)
HEADS = SheetSpec(
    "每日人数",
    "各岗位每日值班人数",
    (("日期", 11), ("星期", 5), ("在岗人数", 9), ("已排人次", 9), ("应排人次", 9), ("空缺人次", 9)),
    text=frozenset({"日期"}),
    centred=frozenset({"日期", "星期", "在岗人数", "已排人次", "应排人次", "空缺人次"}),
    frozen=1,
)


def _spec(name: str) -> SheetSpec:
    return SheetSpec(
        name,
        "",
        COLUMNS,
        text=frozenset({"日期", "联系电话", "签到/签退"}),
        centred=frozenset({"日期", "星期", "班次", "带班干部"}),
        frozen=3,
    )


def shift_row(line: ShiftLine) -> dict[str, Any]:
    """A shift as a row of form 12: the people and their phones and sign-ins one per line."""
    people = [*line.people, *([OPEN_SEAT] * line.missing)]
    return {
        "日期": line.day.isoformat(),
        "星期": line.weekday,
        "班次": line.label,
        "带班干部": line.leader_name or (OPEN_SEAT if line.needs_leader else ""),
        "值守人员": "、".join(people),
        "联系电话": "\n".join(line.phones),
        "签到/签退": "\n".join(line.attendance),
        "备注": line.note,
    }


def header_line(post: PostRoster) -> str:
    what = post.where_label
    return f"{what}名称(位置)：{post.where}    {what}负责人：{post.head}    联系电话：{post.head_phone}"


def title(found: Roster, post: PostRoster) -> str:
    """ "东风村疫情防控卡点值班表（12月1日至12月7日）", as the print's title."""
    same_year = found.first_day.year == found.last_day.year
    say = short_date if same_year else long_date
    return f"{found.village or '____村'}{post.title_words}（{say(found.first_day)}至{say(found.last_day)}）"


def footer_lines(supervision_phone: str, made_by: str, on: date) -> list[str]:
    """The lines under the table: the rules, then 监督电话 · 制表人 · 制表日期 · the seal's place."""
    signed = (
        f"监督电话：{supervision_phone or '________'}    制表人：{made_by or '________'}    制表日期：{long_date(on)}"
    )
    return ["", *RULES, signed, "村（社区）盖章："]


def default_file_name(first_day: date, last_day: date) -> str:
    """ "东风村值班表_20261201-20261207.xlsx"."""
    return f"{village_facts()[0]}{TITLE}_{first_day:%Y%m%d}-{last_day:%Y%m%d}.xlsx"


def _sheet_name(name: str, taken: set[str]) -> str:
    """A tab name for a post (Excel: at most 31 characters, none of []:*?/\\, unique)."""
    clean = "".join("_" if c in "[]:*?/\\" else c for c in name)[:28] or "岗位"
    base, n = clean, 2
    while base in taken or base == HEADS.name:
        base, n = f"{clean[:25]}({n})", n + 1
    taken.add(base)
    return base


def export_duty_roster(
    first_day: date,
    last_day: date,
    target: Path,
    on: date,
    post_id: int | None = None,
    supervision_phone: str | None = None,
    made_by: str | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the roster of the range (one post's, else every post with shifts) to target (temp file, read back,
    renamed) and note it in the audit trail; returns the number of different people on it."""
    exports.may_export()  # before anything is written: names with full phones
    check_target(target)
    found = roster(first_day, last_day, post_id)
    heads = heads_per_day(first_day, last_day) if post_id is None else []
    check_cancelled(progress)
    phone = found.office_phone if supervision_phone is None else supervision_phone
    footer = footer_lines(phone, found.clerk if made_by is None else made_by, on)
    wb = Workbook(write_only=True)
    counts: dict[str, int] = {}
    taken: set[str] = set()
    with writing(target, wb):
        for n, post in enumerate(found.posts, 1):
            spec = _spec(_sheet_name(post.name, taken))
            rows = [shift_row(line) for line in post.lines]
            written = write_sheet(wb, spec, title(found, post), header_line(post), rows)
            ws = wb[spec.name]
            for text in footer:
                ws.append([styled(ws, text, FONT, LEFT)] if text else [])
            counts[spec.name] = written + len(footer)
            check_cancelled(progress)
            if progress is not None:
                progress.update(n, len(found.posts))
        if heads:
            rows = [
                {
                    "日期": h.day.isoformat(),
                    "星期": h.weekday,
                    "在岗人数": h.people,
                    "已排人次": h.filled,
                    "应排人次": h.needed,
                    "空缺人次": h.needed - h.filled,
                }
                for h in heads
            ]
            span = f"{short_date(first_day)}至{short_date(last_day)}"
            line = f"在岗人数为当天各岗位值班的不同人数（夜班计入开始那天）；{span}"
            counts[HEADS.name] = write_sheet(wb, HEADS, f"{found.village}{HEADS.title}", line, rows)
        add_meta(wb, "duty-roster", found.people, first_day=first_day.isoformat(), last_day=last_day.isoformat())
    save_verified(wb, target, expect_sheets(counts))
    exports.record_duty_export(TITLE, first_day, last_day, found.people, target)
    return found.people
