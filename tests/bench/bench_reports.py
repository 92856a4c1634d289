"""Reports benchmark (issue 19): each figure against a plain baseline measured in the same run.

    python tests/bench/bench_reports.py            # 100,000 people, 6,000 cases, a 100,000-row list
    python tests/bench/bench_reports.py --smoke    # 3,000 people, 300 cases, 3,000 rows, for CI

1. The daily report over a ledger the size of a township (30 villages, 100,000 people: the demo village at
   that size, with the quarantine benchmark's cases, 30 days of readings and follow-ups, and the demo's
   checkpoint entries), written the day before the report day, then twenty cases released on the report
   day itself as the clerk would (so yesterday's figures walk the day's changes back, as they
   do in real use): db.reports.figures.compute(daily(), day), which reads the ledger at the day's end and,
   on a connection of its own at the same time, at the day before's / the same counts by hand-written SQL through
   sqlite3 on the file as it is (one GROUP BY per category) — goal <= 1.5. The two must agree figure for
   figure, or the run fails.
2. Writing a 100,000-row list (forms.excel.report_sheet.write_sheet: styled cells, row heights, A4 setup,
   then saved through save_verified, which reads the file back) / openpyxl's write-only mode writing the
   same cells, values and styles, as its documentation does it — goal <= 1.2. Also shown: ours without
   the read-back, and ours against the bare values (no styles, no row heights: what styling costs).
3. Importing 30 village packages (forms.reports.township_import.import_paths: each opened with the password,
   every part's SHA-256 checked, loaded in its own transaction) into a township's file / reading the same
   files (opened with the password, every member read and parsed as JSON) — goal <= 2. The packages are
   the day's package of the ledger of 1., written 30 times under 30 village codes.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "bench"))

DAY = date(2026, 12, 2)


def best(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def build_ledger(path: Path, people: int, cases: int) -> None:
    """The ledger written the day before DAY, then the report day's own changes through the save path."""
    from bench_quarantine import build_database

    from db import changes
    from db import quarantine_actions as qa
    from db.models import Case
    from db.models.quarantine import CaseStatus, EventKind

    changes.clock = lambda: datetime.combine(DAY - timedelta(days=1), datetime.min.time()).replace(hour=20)
    build_database(path, people, cases, 30, datetime.combine(DAY, datetime.min.time()).replace(hour=16))
    changes.clock = lambda: datetime.combine(DAY, datetime.min.time()).replace(hour=17)
    running = list(Case.select().where(Case.status == CaseStatus.ACTIVE.value).order_by(Case.id).limit(20))
    for case in running:
        qa.change_status(case.id, EventKind.RELEASED, DAY, "观察期满，解除隔离")
    changes.clock = datetime.now


def raw_counts(db_file: Path, day: date) -> list[dict[str, int | None]]:
    """The daily report's figures by plain SQL on the file as it is: a GROUP BY per category."""
    from db.reports.sources import SOURCES
    from db.reports.spec import MEASURES
    from forms.reports.definitions import daily

    spec = daily()
    found: list[dict[str, int | None]] = []
    with sqlite3.connect(db_file) as conn:
        for category in spec.categories:
            params: dict[str, Any] = {"day": day.isoformat()}
            where = []
            for k, f in enumerate(category.filters):
                names = []
                for j, value in enumerate(f.values):
                    params[f"f{k}_{j}"] = value
                    names.append(f":f{k}_{j}")
                inside = f"{f.field} IN ({', '.join(names)})" if names else "0"
                where.append(f"NOT ({inside})" if f.negate else inside)
            key, split = category.count, category.split or "NULL"
            sql = (
                f"SELECT {split}, COUNT(DISTINCT CASE WHEN start = :day THEN {key} END),"
                f' COUNT(DISTINCT CASE WHEN "end" = :day THEN {key} END),'
                f" COUNT(DISTINCT CASE WHEN {MEASURES['current']} THEN {key} END), COUNT(DISTINCT {key})"
                f" FROM ({SOURCES[category.source].sql}) WHERE {' AND '.join(where) or '1'}"
                f" AND start <= :day AND {key} IS NOT NULL GROUP BY 1 ORDER BY 1"
            )
            rows = [r for r in conn.execute(sql, params) if category.split is None or r[0] not in (None, "")]
            for _value, new, ended, current, total in rows or ([] if category.split else [(None, 0, 0, 0, 0)]):
                counted = {"new": new, "ended": ended, "current": current, "total": total}
                found.append({m: counted[m] if m in category.measures else None for m in spec.columns})
    conn.close()
    return found


def bench_daily_report(work: Path, people: int, cases: int, repeats: int) -> bool:
    from db.connection import close_database
    from db.reports.figures import compute
    from forms.reports.definitions import daily

    db_file = work / "township.db"
    print(f"building a {people:,}-person ledger with {cases:,} cases …", flush=True)
    build_ledger(db_file, people, cases)
    spec = daily()
    ours_s, figures = best(lambda: compute(spec, DAY), repeats)
    close_database()
    raw_s, raw = best(lambda: raw_counts(db_file, DAY), repeats)
    ours = [row.figures for row in figures.rows]
    agree = ours == raw
    print(
        f"1. daily report ({len(ours)} rows; yesterday's read walks the day's changes back):"
        f" compute {ours_s * 1000:.0f} ms / raw SQL {raw_s * 1000:.0f} ms = {ours_s / raw_s:.2f} (goal 1.5)"
        f"; figures agree: {'yes' if agree else 'NO'}"
    )
    if not agree:
        for mine, theirs in zip(ours, raw, strict=False):
            if mine != theirs:
                print(f"   ours {mine} / raw {theirs}")
    return agree


def list_rows(count: int) -> list[dict[str, Any]]:
    from forms.isolation_export import HOME, LISTS

    headers = LISTS[HOME].sheet.headers
    rows = []
    for n in range(count):
        row: dict[str, Any] = {h: f"{h}{n % 97}" for h in headers}
        row[headers[0]] = n + 1
        row["身份证号"] = f"41012219{n % 90 + 10}0101{n % 10000:04d}"
        rows.append(row)
    return rows


def bench_list_write(work: Path, count: int, repeats: int) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    from forms.excel.report_sheet import HEADER_ROW, expect_sheets, write_sheet
    from forms.excel.report_style import BORDER, CENTER, FONT
    from forms.excel.workbook_files import save_verified
    from forms.isolation_export import HOME, LISTS

    wanted = LISTS[HOME]
    rows = list_rows(count)
    sheet = wanted.sheet
    headers = sheet.headers
    wrap = Alignment(horizontal="left", vertical="center", wrap_text=True)

    def ours(verify: bool) -> None:
        wb = Workbook(write_only=True)
        written = write_sheet(wb, sheet, "东风村" + wanted.title, "填报单位：红旗镇东风村", rows)
        target = work / "list.xlsx"
        if verify:
            save_verified(wb, target, expect_sheets({sheet.name: written}))
        else:
            wb.save(target)

    def plain(styled: bool) -> None:
        """openpyxl's write-only mode as its documentation writes cells: the values, or with styled the same
        cells (each value in a WriteOnlyCell given its column's font, border, alignment and number format)."""
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(sheet.name)

        def cell(header: str, value: Any) -> Any:
            made = WriteOnlyCell(ws, value=value)
            made.font, made.border = FONT, BORDER
            made.alignment = CENTER if header in sheet.centred else wrap
            if header in sheet.text:
                made.number_format = "@"
            elif header in sheet.formats:
                made.number_format = sheet.formats[header]
            return made

        ws.append(["东风村" + wanted.title])
        ws.append(["填报单位：红旗镇东风村"])
        ws.append(headers)
        for row in rows:
            ws.append([cell(h, row.get(h, "")) if styled else row.get(h, "") for h in headers])
        wb.save(work / "plain.xlsx")

    ours_s, _ = best(lambda: ours(True), repeats)
    unverified_s, _ = best(lambda: ours(False), repeats)
    styled_s, _ = best(lambda: plain(True), repeats)
    plain_s, _ = best(lambda: plain(False), repeats)
    print(
        f"2. a {count:,}-row list ({len(headers)} columns, {HEADER_ROW} rows above): ours {ours_s:.2f} s"
        f" / openpyxl write-only writing the same cells (values and styles) {styled_s:.2f} s"
        f" = {ours_s / styled_s:.2f} (goal 1.2); without our read-back {unverified_s / styled_s:.2f};"
        f" against the bare values ({plain_s:.2f} s, no styles): {ours_s / plain_s:.2f}"
    )


def bench_packages(work: Path, count: int, repeats: int) -> None:
    import json

    import pyzipper

    from db import changes
    from db.connection import close_database, open_database
    from db.models import Village
    from db.models.village import TOWNSHIP_MODE
    from forms.reports.day_package import write_day_package
    from forms.reports.definitions import daily
    from forms.reports.township_import import TAKEN, import_paths

    password = "Bench-2026"
    folder = work / "packages"
    folder.mkdir()
    open_database(work / "township.db")
    for n in range(count):
        Village.update(name=f"第{n + 1}村", code=f"4101221012{n + 1:02d}").execute()
        write_day_package(daily(), DAY, folder, password)
    close_database()
    files = sorted(folder.glob("*.zip"))
    size = sum(f.stat().st_size for f in files) / 1e6

    def read_files() -> int:
        parts = 0
        for path in files:
            with pyzipper.AESZipFile(path) as z:
                z.setpassword(password.encode())
                for name in z.namelist():
                    json.loads(z.read(name))
                    parts += 1
        return parts

    def load() -> tuple[float, int]:
        """Into a new township file each time (a second import of the same files would change nothing)."""
        open_database(work / f"town-{time.perf_counter_ns()}.db")
        try:
            with changes.transaction("乡镇", who="基准") as cs:
                cs.create(Village, {"name": "红旗镇", "clerk": "基准", "mode": TOWNSHIP_MODE})
            start = time.perf_counter()
            taken = import_paths([folder], password).count(TAKEN)
            return time.perf_counter() - start, taken
        finally:
            close_database()

    ours_s, taken = min(load() for _ in range(repeats))
    read_s, _ = best(read_files, repeats)
    print(
        f"3. {len(files)} village packages ({size:.1f} MB): import {ours_s * 1000:.0f} ms ({taken} taken)"
        f" / reading the files {read_s * 1000:.0f} ms = {ours_s / read_s:.2f} (goal 2)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=6_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--smoke", action="store_true")
    options = parser.parse_args()
    if options.smoke:
        options.people, options.cases, options.rows = 3000, 300, 3000
    repeats = 2 if options.smoke else 5
    work = Path(tempfile.mkdtemp(prefix="ledger-bench-reports-"))
    try:
        agree = bench_daily_report(work, options.people, options.cases, repeats)
        bench_list_write(work, options.rows, 2 if options.smoke else 3)
        bench_packages(work, 30, repeats)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if agree else 1


if __name__ == "__main__":
    raise SystemExit(main())
