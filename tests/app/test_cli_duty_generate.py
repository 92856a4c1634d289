"""`python -m app duty generate` on a real database file, in a child process as the clerk's scripts run it: the
shortfalls in plain numbers first, then what the generation changed; a second run keeps the shifts begun."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

from db import duty_actions, duty_roster
from db.models import DutyAssignment, DutyShift

FIRST, LAST = date(2026, 11, 30), date(2026, 12, 6)
RANGE = ["--from", FIRST.isoformat(), "--to", LAST.isoformat()]
BEFORE = datetime(2026, 11, 29, 18, 0)


def _people(cadres: int, others: int) -> None:
    for n in range(1, cadres + 1):
        duty_actions.save_person({"name": f"干部{n}", "kind": "村干部"})
    for n in range(1, others + 1):
        duty_actions.save_person({"name": f"志愿{n}"})


def _app(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *(str(a) for a in args)], capture_output=True, text=True, check=False
    )


def _ids() -> set[int]:
    return {a.id for a in DutyAssignment.select().join(DutyShift).where(DutyShift.day.between(FIRST, LAST))}


def test_the_shortfalls_come_first_then_the_seats_left_open(db_path: Path) -> None:
    _people(cadres=1, others=3)
    duty_actions.save_post({"name": "村东卡点"})
    expected = [s.text for s in duty_roster.shortfalls(FIRST, LAST, BEFORE)]
    assert expected
    done = _app("duty", "generate", *RANGE, "--db", db_path, "--now", "2026-11-29T18:00")
    assert done.returncode == 0, done.stderr
    lines = [line.strip() for line in done.stdout.splitlines()]
    result = next(i for i, line in enumerate(lines) if line.startswith("已生成"))
    assert f"下面 {len(expected)} 处无论怎样排都排不满" in done.stdout
    assert all(lines.index(text) < result for text in expected)  # said before the result
    shifts = list(DutyShift.select().where(DutyShift.day.between(FIRST, LAST)))
    filled = sum(s.assignments.count() for s in shifts)
    seats = sum(s.needs for s in shifts)
    assert lines[result] == f"已生成 11月30日至12月6日 的排班：共 {len(shifts)} 个班次，{filled}/{seats} 个位置有人"
    assert f"空缺 {seats - filled} 人次：" in lines
    for shift in (s for s in shifts if s.open_reason):
        label = f"{shift.day.month}月{shift.day.day}日 村东卡点 {shift.name}"
        assert f"{label} {shift.open_reason}" in lines


def test_enough_people_then_a_second_run_keeps_the_shifts_begun(db_path: Path) -> None:
    _people(cadres=4, others=8)
    duty_actions.save_post({"name": "村东卡点"})
    done = _app("duty", "generate", *RANGE, "--db", db_path, "--now", "2026-11-29 18:00")
    assert done.returncode == 0, done.stderr
    assert "人员足够：没有排不满的地方。" in done.stdout and "没有空缺" in done.stdout
    for shift in DutyShift.select().where(DutyShift.day.between(FIRST, LAST)):
        on_it = list(shift.assignments)
        assert len(on_it) == shift.needs and [a.person.can_lead for a in on_it if a.leader] == [True]
    assert f"新排 {len(_ids())} 人次，撤下 0 人次，保留 0 人次" in done.stdout

    before = _ids()
    now = datetime(2026, 12, 3, 9, 30)
    begun = {
        a.id
        for a in DutyAssignment.select()
        .join(DutyShift)
        .where(DutyShift.day.between(FIRST, LAST) & (DutyShift.starts <= now))
    }
    duty_actions.save_person({"name": "志愿9"})  # someone new: the rest of the week may be planned again
    again = _app("duty", "generate", *RANGE, "--db", db_path, "--now", now.isoformat(timespec="minutes"))
    assert again.returncode == 0, again.stderr
    after = _ids()
    assert begun <= after  # begun shifts as they were
    said = f"新排 {len(after - before)} 人次，撤下 {len(before - after)} 人次，保留 {len(after & before)} 人次"
    assert said in again.stdout


def test_a_range_backwards_is_refused(db_path: Path) -> None:
    done = _app("duty", "generate", "--from", "2026-12-06", "--to", "2026-11-30", "--db", db_path)
    assert done.returncode == 2
    assert "错误：--to 2026-11-30 早于 --from 2026-12-06" in done.stderr
