"""Recording prints and exports (db.prints, db.exports): a notice printed through the print path is what the
township's list reads back as served, and a role that may not print or export gets no file."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from db import prints
from db import quarantine_actions as qa
from db.models import AuditEntry, Policy
from db.models.operator import Role
from db.session import NotAllowed, Session, begin
from forms.isolation_export import HOME, export_isolation_list, list_rows
from forms.roster_export import export_roster
from printing.from_ledger import print_batch

NOTICE_COLUMN = "告知书/承诺书/封条"


def _open(person_id: int, start: date) -> int:
    policy = Policy.get(Policy.name == "14天居家隔离医学观察")
    return qa.open_case(
        person_id, {"policy": policy.id, "start_date": start, "address": "一组12号", "reason": "密切接触者"}
    ).id


def _print_entry() -> AuditEntry:
    return AuditEntry.select().where(AuditEntry.action == "print").order_by(AuditEntry.id.desc()).get()


def test_a_notice_printed_through_the_print_path_is_seen_by_the_lists_query(
    village: dict[str, int], tmp_path: Path
) -> None:
    start = date(2020, 1, 1)  # long before the clock's day, which the record carries: listed as overdue then
    case_id = _open(village["zhang"], start)
    other = _open(village["qian"], start)
    print_batch("notices", [case_id], tmp_path / "告知书.pdf", today=start)
    printed_on = _print_entry().at.date()  # the record's own day (the audit keeps the clock's time)
    assert prints.noticed_by(printed_on) == {case_id}
    assert prints.noticed_by(printed_on - timedelta(days=1)) == set()
    row = next(r for r in list_rows(HOME, printed_on, printed_on) if r["姓名"] == "张三丰")
    assert row[NOTICE_COLUMN].startswith("是/")
    unserved = next(r for r in list_rows(HOME, printed_on, printed_on) if r["姓名"] == "钱𠮷祥")
    assert unserved[NOTICE_COLUMN].startswith("否/") and other not in prints.noticed_by(printed_on)


def test_seals_are_recorded_but_are_not_a_served_notice(village: dict[str, int], tmp_path: Path) -> None:
    case_id = _open(village["zhang"], date(2026, 11, 1))
    out = print_batch("seals", [case_id], tmp_path / "封条.pdf", today=date(2026, 11, 1))
    entry = _print_entry()
    assert json.loads(entry.after or "") == {"document": "封条", "cases": [case_id], "file": str(out)}
    assert prints.noticed_by(entry.at.date()) == set()


def test_the_print_record_keeps_the_payload_it_always_had(village: dict[str, int]) -> None:
    record = prints.PrintRecord("打印居家隔离医学观察告知书（1 人）", "居家隔离医学观察告知书", (7,), prints.NOTICE, 2)
    prints.record_print(record, "打印机 HP")
    entry = _print_entry()
    assert (entry.summary, entry.table, entry.record_id) == (record.summary, "case", None)
    assert list(json.loads(entry.after or "").items()) == [
        ("document", "居家隔离医学观察告知书"),
        ("cases", [7]),
        ("file", "打印机 HP"),
        ("template", "notice"),
        ("template_version", 2),
    ]


def test_a_viewer_may_not_print_and_the_print_command_writes_no_file(village: dict[str, int], tmp_path: Path) -> None:
    case_id = _open(village["zhang"], date(2026, 11, 1))
    begin(Session("赵查看", Role.READONLY))
    with pytest.raises(NotAllowed, match="打印"):
        prints.may_print()
    out = tmp_path / "告知书.pdf"
    with pytest.raises(NotAllowed, match="打印"):
        print_batch("notices", [case_id], out, today=date(2026, 11, 1))
    assert not out.exists() and not AuditEntry.select().where(AuditEntry.action == "print").exists()


def test_an_entry_clerk_may_print_but_no_export_writes_a_file(village: dict[str, int], tmp_path: Path) -> None:
    case_id = _open(village["zhang"], date(2026, 11, 1))
    begin(Session("王录入", Role.ENTRY))
    prints.may_print()
    out = tmp_path / "out"
    out.mkdir()
    roster, isolation = out / "花名册.xlsx", out / "名单.xlsx"
    with pytest.raises(NotAllowed, match="导出个人信息"):
        export_roster(roster)
    with pytest.raises(NotAllowed, match="导出个人信息"):
        export_isolation_list(HOME, date(2026, 11, 3), isolation, today=date(2026, 11, 24))
    assert list(out.iterdir()) == []  # not even a temporary file
    assert not AuditEntry.select().where(AuditEntry.action == "export").exists()
    assert print_batch("notices", [case_id], tmp_path / "告知书.pdf", today=date(2026, 11, 1)).exists()


def test_exports_are_recorded_with_their_list_count_and_file(village: dict[str, int], tmp_path: Path) -> None:
    _open(village["zhang"], date(2026, 11, 1))
    target = tmp_path / "名单.xlsx"
    assert export_isolation_list(HOME, date(2026, 11, 3), target, today=date(2026, 11, 24)) == 1
    entry = AuditEntry.select().where(AuditEntry.action == "export").get()
    assert entry.summary == "导出居家隔离人员名单（2026-11-03，1 人）" and entry.table == "case"
    assert json.loads(entry.after or "") == {
        "list": "居家隔离人员名单",
        "day": "2026-11-03",
        "count": 1,
        "file": str(target),
    }
    count = export_roster(tmp_path / "花名册.xlsx")
    roster = AuditEntry.select().where(AuditEntry.table == "person", AuditEntry.action == "export").get()
    assert roster.summary == f"导出花名册（{count} 人）" and json.loads(roster.after or "")["count"] == count
