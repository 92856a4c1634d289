"""A screening round's register for the township: 入户排查登记表 (02-screening.md Layout B, adapted to what a
finding holds), 重点地区来返人员 (03-returnees.md, compact village variant) and 汇总 per grid.

Layout B's 离开湖北(来源地)日期 becomes 来源地 (the area as written) and 返回本地日期, the one date a finding
keeps; its 湖北 questions ask about the key areas as listed on each visit day (db.rules.key_areas). A
household visited without findings (无人在家待复查 / 拒绝配合 / 已搬离) is one row under its head's name with
the outcome in 备注, so the township sees it was called on. 包保人 is the case's grid worker when a case was
opened from the finding, the visit's grid worker otherwise.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from db import exports
from db.files import check_target
from db.models import ScreeningRound, Village
from db.models.quarantine import FEVER_AT
from db.models.screening import Contact, VisitOutcome
from db.progress import Progress, check_cancelled
from db.queries.screening import AbnormalLine, Coverage, RegisterLine, abnormal_findings, coverage, register
from db.rules.age import age_on
from db.rules.chinese_dates import long_date
from db.rules.key_areas import symptom_words
from db.screening_actions import ScreeningError
from forms.excel.report_sheet import HEADER_ROW, STRONG, SheetSpec, expect_sheets, write_sheet
from forms.excel.report_style import add_meta
from forms.excel.workbook_files import save_verified, writing

__all__ = ["HEADER_ROW", "export_screening_register"]

YES, NO = "是", "否"
_TEXT = frozenset({"身份证号", "联系电话", "包保人", "班次/车次(航班、车牌)", "车次/航班/车牌"})

REGISTER = SheetSpec(
    "入户排查登记表",
    "入户排查登记表",
    (
        ("序号", 5),
        ("姓名", 9),
        ("性别", 5),
        ("身份证号", 20),
        ("联系电话", 13),
        ("家庭住址", 16),
        ("体温", 6),
        ("其他症状", 12),
        ("是否有重点地区旅居史", 10),
        ("是否与确诊或疑似病例密切接触", 10),
        ("是否与重点地区人员接触", 10),
        ("来源地", 14),
        ("返回本地日期", 11),
        ("交通工具", 8),
        ("班次/车次(航班、车牌)", 12),
        ("采取措施", 10),
        ("排查日期", 11),
        ("排查人", 8),
        ("备注", 20),
    ),
    text=_TEXT,
    centred=frozenset({"序号", "性别", "体温", "是否有重点地区旅居史", "是否与确诊或疑似病例密切接触"})
    | {"是否与重点地区人员接触", "交通工具", "返回本地日期", "排查日期"},
    formats={"体温": "0.0"},
)
ARRIVALS = SheetSpec(
    "重点地区来返人员",
    "重点地区来(返)人员登记表",
    (
        ("序号", 5),
        ("姓名", 9),
        ("性别", 5),
        ("年龄", 5),
        ("身份证号", 20),
        ("联系电话", 13),
        ("现居住地", 16),
        ("来源地", 14),
        ("到达本地时间", 11),
        ("交通工具", 8),
        ("车次/航班/车牌", 12),
        ("是否14天以内", 8),
        ("身体状况", 14),
        ("采取措施", 10),
        ("包保人", 16),
        ("备注", 18),
    ),
    text=_TEXT,
    centred=frozenset({"序号", "性别", "年龄", "到达本地时间", "交通工具", "是否14天以内"}),
)
SUMMARY = SheetSpec(
    "汇总",
    "入户排查汇总表",
    (
        ("网格", 10),
        ("网格员", 9),
        ("应排查户数", 8),
        ("已排查户数(含已搬离)", 10),
        ("待复查户数", 8),
        ("拒绝配合户数", 8),
        ("未走访户数", 8),
        ("应排查人数", 8),
        ("已排查人数", 8),
        ("异常人数", 8),
    ),
    centred=frozenset({"应排查户数", "已排查户数(含已搬离)", "待复查户数", "拒绝配合户数", "未走访户数"})
    | {"应排查人数", "已排查人数", "异常人数"},
    frozen=1,
)


# --- the rows --------------------------------------------------------------------------------------


def register_rows(lines: list[RegisterLine], village: Village | None) -> list[dict[str, Any]]:
    """Sheet 1: one row per finding, and one per household visited without findings, numbered in order."""
    rows = []
    for n, line in enumerate(lines, 1):
        common = {
            "序号": n,
            "家庭住址": _address(village, line),
            "排查日期": line.on.isoformat(),
            "排查人": line.worker,
        }
        if line.person_id is None:
            notes = [line.outcome, line.visit_note]
            rows.append({**common, "姓名": line.head_name, "联系电话": line.household_phone, "备注": _join(notes)})
            continue
        rows.append(
            {
                **common,
                "姓名": line.name,
                "性别": line.sex,
                "身份证号": line.id_number,
                "联系电话": line.phone,
                "体温": line.temperature if line.temperature is not None else "",
                "其他症状": line.symptoms or "无",
                "是否有重点地区旅居史": YES if line.key_area is not None else NO,
                "是否与确诊或疑似病例密切接触": YES if line.contact == Contact.CASE.value else NO,
                "是否与重点地区人员接触": YES if line.contact == Contact.KEY_AREA.value else NO,
                "来源地": line.area_name,
                "返回本地日期": _iso(line.returned_on),
                "交通工具": line.travel_means,
                "班次/车次(航班、车牌)": line.travel_number,
                "采取措施": line.measure,
                "备注": _finding_notes(line),
            }
        )
    return rows


def arrival_rows(lines: list[RegisterLine], village: Village | None) -> list[dict[str, Any]]:
    """Sheet 2: the findings whose area was a key area on the visit day, in the register's order."""
    rows: list[dict[str, Any]] = []
    for line in lines:
        if line.person_id is None or line.key_area is None:
            continue
        age = age_on(line.birth_date, line.on)
        notes = [] if line.returned_on is not None else ["返回日期未填"]
        rows.append(
            {
                "序号": len(rows) + 1,
                "姓名": line.name,
                "性别": line.sex,
                "年龄": "" if age is None else age,
                "身份证号": line.id_number,
                "联系电话": line.phone,
                "现居住地": _address(village, line),
                "来源地": line.area_name or line.key_area,
                "到达本地时间": _iso(line.returned_on),
                "交通工具": line.travel_means,
                "车次/航班/车牌": line.travel_number,
                "是否14天以内": YES if line.recent else NO,
                "身体状况": _health(line),
                "采取措施": line.measure,
                "包保人": _keeper(line),
                "备注": _join([*notes, line.note, line.handling]),
            }
        )
    return rows


def summary_rows(
    cov: list[Coverage], total: Coverage, abnormal: list[AbnormalLine], lines: list[RegisterLine]
) -> list[dict[str, Any]]:
    """Sheet 3: each grid's coverage (db.queries.screening.coverage) with its abnormal findings, then 全村."""
    grid_of = {line.finding_id: line.grid_id for line in lines if line.finding_id is not None}
    per_grid: dict[int | None, int] = {}
    for found in abnormal:
        grid = grid_of.get(found.finding_id)
        per_grid[grid] = per_grid.get(grid, 0) + 1
    rows = [_summary_row(c, per_grid.get(c.grid_id, 0)) for c in cov]
    return [*rows, {**_summary_row(total, len(abnormal)), STRONG: True}]


def _summary_row(c: Coverage, abnormal: int) -> dict[str, Any]:
    return {
        "网格": c.grid,
        "网格员": c.worker,
        "应排查户数": c.households_due,
        "已排查户数(含已搬离)": c.visited,
        "待复查户数": c.waiting,
        "拒绝配合户数": c.refused,
        "未走访户数": c.not_visited,
        "应排查人数": c.people_due,
        "已排查人数": c.screened,
        "异常人数": abnormal,
    }


def _finding_notes(line: RegisterLine) -> str:
    """A finding's note, after its visit's outcome when the household is not finished (a revisit pending), then
    how an abnormal one was settled without a case of its own (form 02 has no column for it)."""
    outcome = "" if line.outcome == VisitOutcome.SCREENED.value else line.outcome
    return _join([outcome, line.note, line.handling])


def _health(line: RegisterLine) -> str:
    """身体状况: 正常, or 异常 with the fever and the symptoms (as the isolation lists write it)."""
    what = [f"{line.temperature:.1f}℃"] if line.temperature is not None and line.temperature >= FEVER_AT else []
    what += symptom_words(line.symptoms)
    return f"异常（{' '.join(what)}）" if what else "正常"


def _keeper(line: RegisterLine) -> str:
    if line.case_id is not None and (line.case_worker or line.case_worker_phone):
        return " ".join(p for p in (line.case_worker, line.case_worker_phone) if p)
    return line.worker


def _address(village: Village | None, line: RegisterLine) -> str:
    door = line.grid + line.door_no
    name = village.name if village else ""
    return door if not name or door.startswith(name) else name + door


def _join(parts: list[str]) -> str:
    return "；".join(p for p in parts if p)


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


# --- the workbook --------------------------------------------------------------------------------


def header_line(village: Village | None, screening_round: ScreeningRound, day: date) -> str:
    unit = f"{village.township}{village.name}" if village else ""
    clerk = village.clerk if village else ""
    phone = village.office_phone if village else ""
    period = f"{screening_round.starts_on:%Y-%m-%d}至{screening_round.ends_on:%Y-%m-%d}"
    return (
        f"填报单位(村/社区)：{unit}    排查轮次：{screening_round.name}（{period}）    "
        f"填报日期：{long_date(day)}    填报人：{clerk}    联系电话：{phone}"
    )


def default_file_name(round_name: str, day: date) -> str:
    """ "东风村入户排查登记表_第二轮拉网排查_20261124.xlsx"."""
    village = Village.select().first()
    return f"{village.name if village else ''}{REGISTER.title}_{round_name}_{day:%Y%m%d}.xlsx"


def export_screening_register(
    round_id: int, target: Path, progress: Progress | None = None, today: date | None = None
) -> int:
    """Write the round's register workbook to target (temp file, read back, renamed) and note it in the
    audit trail; returns the number of people in it (one per finding)."""
    exports.may_export()  # before anything is written: the register carries full ID numbers
    screening_round: ScreeningRound | None = ScreeningRound.get_or_none(ScreeningRound.id == round_id)
    if screening_round is None:
        raise ScreeningError(f"没有编号为 {round_id} 的排查轮次")
    check_target(target)  # a vanished folder or a read-only file is said before the work, not after it
    village = Village.select().first()
    lines = register(round_id)
    cov = coverage(round_id)
    check_cancelled(progress)
    people = sum(1 for line in lines if line.person_id is not None)
    sheets = (
        (REGISTER, register_rows(lines, village)),
        (ARRIVALS, arrival_rows(lines, village)),
        (SUMMARY, summary_rows(cov.grids, cov.total, abnormal_findings(round_id), lines)),
    )
    line = header_line(village, screening_round, today or date.today())
    prefix = village.name if village else ""
    total = sum(len(rows) for _spec, rows in sheets)
    written = 0

    def every_rows(done: int) -> None:
        check_cancelled(progress)
        if progress is not None:
            progress.update(written + done, total)

    wb = Workbook(write_only=True)
    counts = {}
    with writing(target, wb):  # rows stream to a temporary file as they are added: the disk may refuse here
        for spec, rows in sheets:
            counts[spec.name] = write_sheet(wb, spec, prefix + spec.title, line, rows, every_rows)
            written += len(rows)
        add_meta(wb, "screening-register", people, round=round_id, round_name=screening_round.name)
    save_verified(wb, target, expect_sheets(counts))
    exports.record_screening_export(screening_round.name, people, target)
    if progress is not None:
        progress.update(total, total)
    return people
