"""Quarantine benchmark (issue 4): each figure is a ratio against a plain baseline measured in the same run.

    python tests/bench/bench_quarantine.py              # full run: 20,000 people, 5,000 running cases, 30 days
    python tests/bench/bench_quarantine.py --smoke      # small sizes, for CI: checks the script still works

The database (a temporary folder): a demo village, then the cases, written through the one save path
(db.changes.transaction + ChangeSet.bulk_create, one audit entry per table) with first day, last day and
release date from db.rules.observation.period_of, as the save path would derive them:
- 60 % of the cases are on a long policy (21 days central + 14 monitoring, or 14 days central + 28 at
  home) and started 30 to 35 days ago, so they have the whole `--days` of readings; the rest are on
  the three default policies or a 14-day one counted from the exposure, started 0 to 14 days ago (some
  new today, some due today or tomorrow). The kind is the stage each case is in today.
- Readings, AM and PM, from the start (at most `--days` back) to the slot before the current one; of the
  current slot only the self-reported tenth is in (the clerk is at the start of the round). About 2 % of
  slots are missing, 1 % "not taken"; 0.4 % fevers and 0.4 % symptoms, with an action recorded for 95 % of
  those older than yesterday and 40 % of the recent ones.
- A follow-up every third day; 12 % of them with a need, met for 90 % of the older ones and 30 % of the
  last two days'. Also 1 % extra cases 失联外出 (with their event), so that figure is not zero.

Figures (goals of issue 4):
1. 首页: HomePage.refresh() (its ten counts and its default list, the unhandled alerts; the widget shown
   offscreen) / the same ten counts as hand-written COUNT statements through sqlite3 — goal <= 1.5. For
   information: the refresh repainted until the event loop is idle, and today() alone, over the same raw
   SQL. Best of several repeats for all.
2. printing.documents.seal.render of N CasePrint samples (N/2 pages) / a bare reportlab canvas drawing the
   same strings, rectangles and stamp circle with the same font registered the same way — goal <= 1.5.
3. typing readings in the ReadingsSheet (a real QApplication, offscreen, opened on the whole database;
   its load is timed and reported apart): for each row still 未录入, where the sheet's cursor goes, the
   clerk's keys ("365", "36.8", … then Enter) are sent to the table / cell editor and each keystroke is
   timed until the event loop is idle again — goal: max <= 50 ms. Only non-fever values are typed; rows
   already entered (the self-reported tenth) are passed over by Enter, as the sheet does for the clerk.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: What the clerk types into the value column, one row each (all below 37.3: no fever dialog).
TYPED_VALUES = ("365", "36.8", "366", "37.0", "362", "36.9", "364", "36.6")
#: Policies the benchmark adds (through the save path) so that a case can have 30 days of readings.
LONG_POLICIES = (
    ("21天集中隔离+14天居家健康监测", [["集中隔离医学观察", 21], ["居家健康监测", 14]], "start"),
    ("14天集中隔离+28天居家隔离医学观察", [["集中隔离医学观察", 14], ["居家隔离医学观察", 28]], "start"),
)
EXPOSURE_POLICY = ("14天居家隔离医学观察（自末次接触次日）", [["居家隔离医学观察", 14]], "exposure")
SHORT_POLICY_NAMES = ("14天居家隔离医学观察", "7天集中隔离+7天居家健康监测", "7天居家健康监测", EXPOSURE_POLICY[0])


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def best(fn: Callable[[], object], repeats: int) -> float:
    return min(timed(fn) for _ in range(repeats))


# --- the database -------------------------------------------------------------------------------------


def build_database(path: Path, people: int, cases: int, days: int, now: datetime, seed: int = 4) -> dict[str, int]:
    """A demo village with `cases` running cases (and 1 % more 失联外出), their readings and follow-ups.

    Returns how many rows of each were written.
    """
    from db import changes
    from db import quarantine_actions as qa
    from db.base import database
    from db.bulk import collector_paused
    from db.connection import open_database
    from db.demo import build_demo_village
    from db.models import Case, CaseEvent, FeverAction, FollowUp, Grid, Household, Person, Policy, Reading
    from db.models.household import LEFT_STATUSES
    from db.models.quarantine import (
        FEVER_AT,
        NEED_KINDS,
        SLOTS,
        SYMPTOMS,
        CaseKind,
        CaseReason,
        CaseSource,
        CaseStatus,
        EventKind,
    )
    from db.queries.cases import slot_at
    from db.rules import observation

    rng = random.Random(seed)
    today, slot = now.date(), slot_at(now)
    open_database(path)
    build_demo_village(people=people, today=today)
    for name, stages, count_from in (*LONG_POLICIES, EXPOSURE_POLICY):
        qa.save_policy({"name": name, "stages": observation.stages_json(stages), "count_from": count_from})
    policies = {p.name: p for p in Policy.select()}
    long_policies = [policies[name] for name, _s, _c in LONG_POLICIES]
    short_policies = [policies[name] for name in SHORT_POLICY_NAMES]

    missing_count = max(1, cases // 100)
    living = list(
        Person.select(
            Person.id, Person.phone, Household.phone, Household.door_no, Grid.name, Grid.worker, Grid.worker_phone
        )
        .join(Household)
        .join(Grid)
        .where(Person.status.not_in([s.value for s in LEFT_STATUSES]))
        .tuples()
    )
    if len(living) < cases + missing_count:
        raise SystemExit(f"{people} people are too few for {cases} cases")
    chosen = rng.sample(living, cases + missing_count)
    window_start = today - timedelta(days=days - 1)
    year_seals = 0

    case_rows: list[dict[str, Any]] = []
    plans: list[tuple[date, date, date | None]] = []  # (first reading day, last reading day, missing on)
    for index, person in enumerate(chosen):
        person_id, phone, household_phone, door_no, grid_name, worker, worker_phone = person
        missing = index >= cases
        if rng.random() < 0.6:
            policy = rng.choice(long_policies)
            start = window_start - timedelta(days=rng.randint(0, 5))
        else:
            policy = rng.choice(short_policies)
            start = today - timedelta(days=rng.randint(0, 14))
        stages = observation.parse_stages(policy.stages)
        while True:
            exposure = start - timedelta(days=rng.randint(1, 4)) if policy.count_from == "exposure" else None
            period = observation.period_of(stages, start, exposure, policy.count_from)
            if period.release_due >= today:
                break
            # A case that should have been released by now (none is overdue): draw its start again.
            start = today - timedelta(days=rng.randint(0, 14))
        first_kind = stages[0].kind
        kind = period.stage_on(today) or first_kind
        seal_no = ""
        if first_kind != CaseKind.CENTRAL.value:
            year_seals += 1
            seal_no = f"{start.year}-{year_seals:04d}"
        missing_on = today - timedelta(days=rng.randint(1, 3)) if missing else None
        if missing_on is not None and missing_on < start:
            missing_on = start
        case_rows.append(
            {
                "person": person_id,
                "kind": kind,
                "reason": rng.choice(list(CaseReason)).value,
                "source": rng.choice(list(CaseSource)).value,
                "address": grid_name + door_no,
                "site": "县第一集中隔离点" if kind == CaseKind.CENTRAL.value else "",
                "room": str(rng.randint(101, 830)) if kind == CaseKind.CENTRAL.value else "",
                "exposure_date": exposure,
                "start_date": start,
                "policy": policy.id,
                "stages": policy.stages,
                "count_from": policy.count_from,
                "first_day": period.first_day,
                "last_day": period.last_day,
                "release_due": period.release_due,
                "grid_worker": worker,
                "grid_worker_phone": worker_phone,
                "doctor": "村医赵大夫",
                "doctor_phone": "13903710001",
                "phone": phone or household_phone,
                "seal_no": seal_no,
                "seal_posted_on": start if seal_no else None,
                "status": (CaseStatus.MISSING if missing else CaseStatus.ACTIVE).value,
                "created_at": datetime.combine(start, datetime.min.time()).replace(hour=10),
            }
        )
        plans.append((max(start, window_start), missing_on or today, missing_on))

    alerts: list[tuple[int, date]] = []  # (index of the reading in the insert, its day)
    follow_up_count = 0

    def readings() -> Iterator[dict[str, Any]]:
        number = 0
        for case_index, (first, last, _missing_on) in enumerate(plans):
            day = first
            while day <= last:
                for day_slot in SLOTS:
                    # Today: of the current slot only the self-reported tenth is in; no later slot.
                    if (
                        day == today
                        and (day_slot == slot or slot == SLOTS[0])
                        and (day_slot != slot or rng.random() >= 0.1)
                    ):
                        continue
                    if rng.random() < 0.02:
                        continue  # nobody recorded this slot
                    r = rng.random()
                    value: float | None
                    if r < 0.01:
                        value = None
                    elif r < 0.014:
                        value = round(rng.uniform(FEVER_AT, 39.2), 1)
                    else:
                        value = round(min(37.2, max(35.8, rng.gauss(36.5, 0.25))), 1)
                    symptoms = ""
                    if rng.random() < 0.004:
                        symptoms = "、".join(rng.sample(SYMPTOMS[1:-1], rng.randint(1, 2)))
                    if (value is not None and value >= FEVER_AT) or symptoms:
                        alerts.append((number, day))
                    yield {
                        "case": case_ids[case_index],
                        "on": day,
                        "slot": day_slot,
                        "value": value,
                        "symptoms": symptoms,
                        "reporter": "李秀梅",
                        "method": rng.choice(("电话", "电话", "自报", "上门")),
                        "recorded_at": datetime.combine(day, datetime.min.time()).replace(
                            hour=9 if day_slot == SLOTS[0] else 16
                        ),
                    }
                    number += 1
                day += timedelta(days=1)

    def follow_ups() -> Iterator[dict[str, Any]]:
        nonlocal follow_up_count
        for case_index, (first, last, _missing_on) in enumerate(plans):
            day = first
            while day <= last:
                need = rng.random() < 0.12
                met = need and rng.random() < (0.9 if (today - day).days > 2 else 0.3)
                need_kind = rng.choice(NEED_KINDS) if need else ""
                yield {
                    "case": case_ids[case_index],
                    "on": day,
                    "method": rng.choice(("电话", "上门", "微信")),
                    "findings": "体温正常，无不适，在家配合",
                    "need_kind": need_kind,
                    "needs": f"{need_kind}：大米一袋、降压药" if need else "",
                    "met": met,
                    "met_on": day + timedelta(days=1) if met else None,
                }
                follow_up_count += 1
                day += timedelta(days=3)

    with collector_paused(), changes.transaction("基准测试：管控对象、体温和随访") as cs:
        case_ids = list(cs.bulk_create(Case, case_rows))
        events = [
            {
                "case": case_id,
                "on": row["start_date"],
                "kind": EventKind.OPENED.value,
                "reason": row["reason"],
                "status_after": CaseStatus.ACTIVE.value,
            }
            for case_id, row in zip(case_ids, case_rows, strict=True)
        ]
        events += [
            {
                "case": case_ids[i],
                "on": missing_on,
                "kind": EventKind.MISSING.value,
                "reason": "电话不接，上门无人，疑私自外出",
                "status_after": CaseStatus.MISSING.value,
            }
            for i, (_f, _l, missing_on) in enumerate(plans)
            if missing_on is not None
        ]
        cs.bulk_create(CaseEvent, events)
        reading_ids = cs.bulk_create(Reading, readings())
        handled = [
            (reading_ids[n], day) for n, day in alerts if rng.random() < (0.95 if (today - day).days > 1 else 0.4)
        ]
        cs.bulk_create(
            FeverAction,
            (
                {
                    "reading": reading_id,
                    "reported_to": "红旗镇卫生院",
                    "reported_at": datetime.combine(day, datetime.min.time()).replace(hour=17),
                    "result": "复测正常，继续居家观察",
                }
                for reading_id, day in handled
            ),
        )
        cs.bulk_create(FollowUp, follow_ups())
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return {
        "cases": len(case_ids),
        "active": cases,
        "readings": len(reading_ids),
        "alerts": len(alerts),
        "actions": len(handled),
        "follow_ups": follow_up_count,
    }


# --- 1. 首页 -------------------------------------------------------------------------------------------

#: The ten figures of 首页 as one hand-written COUNT each; parameters: today, tomorrow, the slot.
RAW_COUNTS = {
    "home": (
        "SELECT COUNT(*) FROM \"case\" WHERE status = '在管' AND start_date <= :today AND kind = '居家隔离医学观察'"
    ),
    "central": (
        "SELECT COUNT(*) FROM \"case\" WHERE status = '在管' AND start_date <= :today AND kind = '集中隔离医学观察'"
    ),
    "monitor": "SELECT COUNT(*) FROM \"case\" WHERE status = '在管' AND start_date <= :today AND kind = '居家健康监测'",
    "new_today": "SELECT COUNT(*) FROM \"case\" WHERE status = '在管' AND start_date = :today",
    "due_today": (
        "SELECT COUNT(*) FROM \"case\" WHERE status = '在管' AND start_date <= :today AND release_due <= :today"
    ),
    "due_tomorrow": (
        "SELECT COUNT(*) FROM \"case\" WHERE status = '在管' AND start_date <= :today AND release_due = :tomorrow"
    ),
    "readings_missing": (
        "SELECT COUNT(*) FROM \"case\" c WHERE c.status = '在管' AND c.start_date <= :today AND NOT EXISTS"
        ' (SELECT 1 FROM reading r WHERE r.case_id = c.id AND r."on" = :today AND r.slot = :slot'
        " AND r.value IS NOT NULL)"
    ),
    "alerts": (
        "SELECT COUNT(*) FROM reading r WHERE (r.value >= 37.3 OR r.symptoms != '')"
        " AND NOT EXISTS (SELECT 1 FROM fever_action f WHERE f.reading_id = r.id)"
    ),
    "needs": "SELECT COUNT(*) FROM follow_up WHERE needs != '' AND met = 0",
    "missing_people": "SELECT COUNT(*) FROM \"case\" WHERE status = '失联外出'",
}


def settle(app) -> None:  # type: ignore[no-untyped-def]
    """Run the event loop until it is idle: posted events (a queued commit, repaints), then deferred deletes."""
    from PyQt6.QtCore import QCoreApplication, QEvent

    for _ in range(3):
        app.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


# --- 2. seals ------------------------------------------------------------------------------------------


def bare_seals(cases, out: Path, font_file: Path) -> None:  # type: ignore[no-untyped-def]
    """The seals' strings, rectangles and stamp circle on a bare reportlab canvas, 2 per A4 page."""
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    from db.rules.chinese_dates import long_date
    from printing.documents.seal import headings

    font = "BenchZenHei"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(font, str(font_file), subfontIndex=0))  # as printing/fonts.py does
    red = colors.Color(0.80, 0.05, 0.05)
    width, height = A4
    half = height / 2
    side, end = 15 * mm, 11 * mm
    radius = 21 * mm
    before = rl_config.useA85
    rl_config.useA85 = 0  # as the app's write_pdf: no ASCII85 around the compressed streams
    try:
        canvas = Canvas(str(out), pagesize=A4, initialFontName=font)
        for index, case in enumerate(cases):
            slot = index % 2
            if slot == 0 and index:
                canvas.showPage()
            if slot == 0:
                canvas.setDash(4, 3)
                canvas.line(8 * mm, half, width - 8 * mm, half)
                canvas.setDash()
                canvas.setFont(font, 9)
                canvas.drawCentredString(width / 2, half - 3, "✂ 沿虚线剪开")
            left, bottom = side, half * (1 - slot) + end
            w, h = width - 2 * side, half - 2 * end
            top, right, centre = bottom + h, left + w, left + w / 2
            canvas.setStrokeColor(red)
            canvas.setLineWidth(3.2)
            canvas.rect(left, bottom, w, h)
            canvas.setLineWidth(0.9)
            canvas.rect(left + 5, bottom + 5, w - 10, h - 10)
            canvas.setFillColor(colors.black)
            canvas.setFont(font, 10.5)
            canvas.drawRightString(right - 16, top - 24, f"编号：{case.serial}")
            first, second = headings(case)
            canvas.setFillColor(red)
            canvas.setLineWidth(2)
            canvas.setFont(font, 58)
            canvas.drawCentredString(centre, top - 80, first, mode=2)
            canvas.setFont(font, 44)
            canvas.drawCentredString(centre, top - 135, second, mode=2, charSpace=11)
            canvas.setFillColor(colors.black)
            y = top - 180
            period = f"{long_date(case.start)} 至 {long_date(case.end)}"
            for label, value in (("地址", case.address), ("观察期", period), ("监督电话", case.supervision_phone)):
                canvas.setFont(font, 15)
                canvas.drawString(left + 36, y, label, charSpace=(4 - len(label)) * 15 / (len(label) - 1))
                canvas.drawString(left + 96, y, "：")
                canvas.drawString(left + 111, y, value)
                y -= 27
            cx, cy = right - 30 - radius, bottom + 16 + radius
            canvas.saveState()
            canvas.setStrokeColor(colors.grey)
            canvas.setDash(3, 3)
            canvas.circle(cx, cy, radius)
            canvas.restoreState()
            canvas.setFont(font, 9)
            canvas.drawCentredString(cx, cy + radius - 16, "盖章处")
            canvas.setFont(font, 14)
            canvas.drawCentredString(cx, cy - 2, case.committee)
            canvas.setFont(font, 11)
            canvas.drawCentredString(cx, cy - 22, long_date(case.printed_on))
            canvas.setFont(font, 10.5)
            canvas.drawString(left + 36, bottom + 24, "撕毁、遮挡本告示者，依法追究责任。")
        canvas.showPage()
        canvas.save()
    finally:
        rl_config.useA85 = before


# --- the run -------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--cases", type=int, default=5_000, help="running cases")
    parser.add_argument("--days", type=int, default=30, help="days of readings")
    parser.add_argument("--seals", type=int, default=1_000)
    parser.add_argument("--readings", type=int, default=200, help="rows typed in the readings sheet")
    parser.add_argument("--smoke", action="store_true", help="2,000 people, 200 cases, 5 days, 50 seals, 20 rows")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database and PDFs)")
    options = parser.parse_args()
    if options.smoke:
        options.people, options.cases, options.days, options.seals, options.readings = 2000, 200, 5, 50, 20
    work = Path(tempfile.mkdtemp(prefix="ledger-bench-quarantine-"))
    try:
        return run(options, work)
    finally:
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)


def run(options: argparse.Namespace, work: Path) -> int:
    quick_repeats, slow_repeats = (3, 1) if options.smoke else (9, 3)
    db_path = work / "ledger.db"
    results: list[tuple[str, str, str]] = []
    now = datetime.now()
    today = now.date()

    print(
        f"building a {options.people}-person village with {options.cases} running cases and"
        f" {options.days} days of readings in {work} …",
        flush=True,
    )
    start = time.perf_counter()
    counts = build_database(db_path, options.people, options.cases, options.days, now)
    print(
        f"  built in {time.perf_counter() - start:.1f} s: {counts['cases']} cases ({counts['active']} running),"
        f" {counts['readings']} readings, {counts['alerts']} fevers or symptoms ({counts['actions']} handled),"
        f" {counts['follow_ups']} follow-ups; {db_path.stat().st_size / 1e6:.0f} MB",
        flush=True,
    )

    # --- 1. 首页 vs raw counts -----------------------------------------------------------------------
    from PyQt6.QtWidgets import QApplication

    from app.quarantine.home_page import HomePage
    from db.queries import cases as case_queries

    app = QApplication.instance() or QApplication([])
    slot = case_queries.slot_at(now)
    params = {"today": today.isoformat(), "tomorrow": (today + timedelta(days=1)).isoformat(), "slot": slot}
    raw = sqlite3.connect(db_path)

    def raw_counts() -> dict[str, int]:
        return {key: raw.execute(sql, params).fetchone()[0] for key, sql in RAW_COUNTS.items()}

    figures = case_queries.today(now)
    expected = raw_counts()
    if figures.counts != expected:
        raise SystemExit(f"today() and the raw SQL disagree:\n  {figures.counts}\n  {expected}")
    home = HomePage()
    home.resize(1280, 800)
    home.show()  # shown before the first refresh: its showEvent refreshes only once figures exist
    settle(app)

    def build_home() -> None:
        home.refresh(now)
        settle(app)  # the tiles and the list repainted

    refresh_s = best(lambda: home.refresh(now), quick_repeats)
    painted_s = best(build_home, quick_repeats)
    today_s = best(lambda: case_queries.today(now), quick_repeats)
    raw_s = best(raw_counts, quick_repeats)
    alerts_list_s = best(lambda: case_queries.figure_lines("alerts", figures), quick_repeats)
    alert_rows = home.alerts.rowCount()
    results.append(("home page refresh() / raw SQL counts", f"{refresh_s / raw_s:.2f}", "<= 1.5"))
    results.append(("  the same, repainted until idle / raw SQL", f"{painted_s / raw_s:.2f}", "for information"))
    results.append(("today() alone / raw SQL counts", f"{today_s / raw_s:.2f}", "for information"))
    print(
        f"  首页: refresh() {refresh_s * 1000:.1f} ms (repainted until idle {painted_s * 1000:.1f} ms;"
        f" its default list, {alert_rows} unhandled alerts, read in {alerts_list_s * 1000:.1f} ms);"
        f" today() {today_s * 1000:.1f} ms; raw SQL counts {raw_s * 1000:.1f} ms",
        flush=True,
    )
    print(f"  figures: {expected}", flush=True)
    home.close()
    home.deleteLater()
    settle(app)

    # --- 2. seals vs a bare reportlab canvas ----------------------------------------------------------
    from db.models import Case
    from printing.documents import seal
    from printing.fonts import MAIN, font_path
    from printing.from_ledger import case_prints

    ids = [c.id for c in Case.select(Case.id).where(Case.seal_no != "").order_by(Case.id).limit(options.seals)]
    prints = case_prints(ids, today)
    prints = [prints[i % len(prints)] for i in range(options.seals)]
    seal_pdf, bare_pdf = work / "seals.pdf", work / "bare.pdf"
    font_file = font_path(MAIN)
    seal_s = best(lambda: seal.render(prints, seal_pdf), slow_repeats + 1)  # the first run registers the fonts
    bare_s = best(lambda: bare_seals(prints, bare_pdf, font_file), slow_repeats + 1)
    results.append((f"{options.seals} seals / bare reportlab canvas", f"{seal_s / bare_s:.2f}", "<= 1.5"))
    print(
        f"  seals: {options.seals} ({(options.seals + 1) // 2} pages) in {seal_s:.2f} s"
        f" ({seal_pdf.stat().st_size / 1e6:.1f} MB); bare canvas {bare_s:.2f} s"
        f" ({bare_pdf.stat().st_size / 1e6:.1f} MB)",
        flush=True,
    )

    # --- 3. typing readings ---------------------------------------------------------------------------
    from PyQt6.QtCore import Qt
    from PyQt6.QtTest import QTest
    from PyQt6.QtWidgets import QLineEdit

    from app.quarantine.readings_sheet import STATE, VALUE, ReadingsSheet
    from db.models import Reading
    from db.rules.temperature import parse_temperature

    lines_s = best(case_queries.case_lines, slow_repeats)
    sheets: list[ReadingsSheet] = []
    open_s = timed(lambda: sheets.append(ReadingsSheet(None, on=today, slot=slot)))
    sheet = sheets[0]
    show_s = timed(lambda: (sheet.show(), settle(app)))
    table = sheet.table
    rows = table.rowCount()
    # Enter goes to the next row still missing, so those are the rows the clerk types, in order.
    missing = [r for r in range(rows) if table.item(r, STATE).text() == "未录入"]
    typed = min(options.readings, len(missing))
    before = Reading.select().where((Reading.on == today) & (Reading.slot == slot)).count()

    def key(widget, k) -> float:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        QTest.keyClick(widget, k)
        settle(app)
        return (time.perf_counter() - start) * 1000

    keys_ms: list[float] = []
    enter_ms: list[float] = []
    gc_before = gc.get_stats()[2]["collections"]
    for row in missing[:typed]:
        if table.currentRow() != row or table.currentColumn() != VALUE:
            raise SystemExit(f"row {row}: the sheet is at ({table.currentRow()}, {table.currentColumn()})")
        text = TYPED_VALUES[row % len(TYPED_VALUES)]
        keys_ms.append(key(table, text[0]))  # the first key opens the cell's editor, as the clerk's typing does
        # The editor the view holds for its current cell (a closed one may linger, hidden, until deleteLater).
        editors = [table.indexWidget(table.currentIndex())]
        if not isinstance(editors[0], QLineEdit) or not editors[0].isVisible():
            raise SystemExit(f"row {row}: no open cell editor ({editors[0]!r})")
        for ch in text[1:]:
            keys_ms.append(key(editors[0], ch))
        enter_ms.append(key(editors[0], Qt.Key.Key_Return))  # a missing row has no symptom: no action asked
        want = f"{parse_temperature(text):.1f}"
        if table.item(row, VALUE).text() != want or table.item(row, STATE).text() != "已录入":
            raise SystemExit(
                f"row {row}: not saved ({table.item(row, VALUE).text()!r}, {table.item(row, STATE).text()!r})"
            )
    gen2 = gc.get_stats()[2]["collections"] - gc_before
    after = Reading.select().where((Reading.on == today) & (Reading.slot == slot)).count()
    if after - before != typed:
        raise SystemExit(f"{after - before} readings added, expected {typed}")
    every = keys_ms + enter_ms
    p95 = statistics.quantiles(every, n=20)[-1] if len(every) > 1 else every[0]
    results.append(("readings sheet keystroke max (ms)", f"{max(every):.1f}", "<= 50"))
    results.append(("readings sheet keystroke p95 (ms)", f"{p95:.1f}", "<= 50"))
    print(
        f"  readings sheet: opened on {rows} rows in {open_s:.2f} s (case_lines() {lines_s:.2f} s of it;"
        f" shown {show_s:.2f} s);"
        f" {typed} rows still missing typed (Enter passes over the {rows - len(missing)} already entered), {len(every)}"
        f" keystrokes timed, non-fever values only",
        flush=True,
    )
    print(
        f"    digits and dots: median {statistics.median(keys_ms):.1f} ms, max {max(keys_ms):.1f} ms;"
        f" Enter (save, next row): median {statistics.median(enter_ms):.1f} ms, max {max(enter_ms):.1f} ms;"
        f" {gen2} full garbage collections during the typing",
        flush=True,
    )
    sheet.close()
    sheet.deleteLater()
    settle(app)

    print(
        f"\nquarantine benchmark, {options.people} people, {options.cases} running cases, {options.days} days"
        f" of readings ({'smoke' if options.smoke else 'full'} run)"
    )
    width = max(len(name) for name, _v, _g in results)
    for name, value, goal in results:
        print(f"  {name:<{width}}  {value:>8}   goal {goal}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
