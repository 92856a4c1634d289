"""乡镇汇总 end to end on real files: two villages write their day packages (real AES zips), a township PC
loads them from a folder — every file accounted for; the same package twice changes nothing; a newer one
replaces the older; an older, a tampered one and one from a newer schema are refused with the reason and
nothing half loaded; a gap in a village's numbers shows — and the summary, the grid and the workbook add up."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
import pyzipper
from openpyxl import load_workbook

from db.connection import close_database, open_database
from db.day_packages import REPLACED, TAKEN, UNCHANGED
from db.models import AuditEntry, Village, VillagePackage
from db.models.village import TOWNSHIP_MODE
from db.queries.township import (
    LATE,
    MISSING,
    REPORTED,
    ZERO,
    grid,
    merged_lists,
    number_notes,
    sequence_gaps,
    sequence_reuses,
    summary,
)
from db.reports.figures import compute
from db.rules.id_number import mask_id_number
from forms.excel.report_style import PAGE_WIDTH
from forms.reports.day_package import read_day_package, write_day_package
from forms.reports.definitions import daily
from forms.reports.township_export import export_township_summary
from forms.reports.township_import import REFUSED, SKIPPED, import_paths
from tests.data.report_ledger import IDS, at, open_case, people

DEC_1, DEC_2 = date(2026, 12, 1), date(2026, 12, 2)
PASSWORD = "Xiang-zhen-2026"


def village_packages(
    path: Path, name: str, code: str, cases: int, out: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[dict[date, Path], dict[date, dict[tuple[str, str], dict[str, int | None]]]]:
    """A village ledger with `cases` home cases opened on 12月1日; its packages for 12月1日 and 2日 (written on
    the evening of each day), and the figures its own report computes for each day."""
    out.mkdir(parents=True, exist_ok=True)
    open_database(path)
    with at(datetime(2026, 12, 1, 9, 0), monkeypatch):
        folk = people(max(cases, 1))
        Village.update(name=name, code=code).execute()
        for person in folk[:cases]:
            open_case(person, DEC_1)
    written, figures = {}, {}
    for day in (DEC_1, DEC_2):
        with at(datetime.combine(day, datetime.min.time()).replace(hour=18), monkeypatch):
            written[day] = write_day_package(daily(), day, out, PASSWORD).path
        figures[day] = {(r.block, r.label): r.figures for r in compute(daily(), day).rows}
    close_database()
    return written, figures


def open_township(path: Path, monkeypatch: pytest.MonkeyPatch, at_moment: datetime) -> None:
    """The township's own file, opened: 红旗镇, set to 乡镇汇总 (close_database when done)."""
    open_database(path)
    with at(at_moment, monkeypatch):
        people(1)
    Village.update(name="红旗镇", mode=TOWNSHIP_MODE).execute()


def test_a_township_loads_its_villages_packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def folder(name: str) -> Path:
        (tmp_path / name).mkdir(exist_ok=True)
        return tmp_path / name

    stick = tmp_path / "U盘" / "疫情防控上报"
    stick.mkdir(parents=True)
    a, a_figures = village_packages(tmp_path / "a.db", "东风村", "410122101201", 2, stick / "东风村", monkeypatch)
    b, b_figures = village_packages(tmp_path / "b.db", "西河村", "410122101202", 0, stick / "西河村", monkeypatch)

    # The package says who and what, checksums every part, and keeps ID numbers masked by default.
    record = read_day_package(a[DEC_1], PASSWORD)
    said = (record.village_name, record.village_code, record.day, record.sequence)
    assert said == ("东风村", "410122101201", DEC_1, 1)
    assert read_day_package(b[DEC_2], PASSWORD).zero and read_day_package(a[DEC_2], PASSWORD).sequence == 2
    home = json.loads(record.lists)["居家隔离人员名单"]
    text = record.lists
    assert IDS[0] not in text and mask_id_number(IDS[0]) in text and home["rows"]

    open_township(tmp_path / "township.db", monkeypatch, datetime(2026, 12, 3, 9, 0))

    # A damaged file among them is refused, the rest loaded: every file accounted for.
    (stick / "坏的.zip").write_bytes(a[DEC_1].read_bytes()[:200])
    with pyzipper.AESZipFile(stick / "日报表-20261201.zip", "w", encryption=pyzipper.WZ_AES) as sealed:
        sealed.setpassword(PASSWORD.encode())
        sealed.writestr("日报表-20261201.xlsx", b"workbook")
    first = import_paths([stick], PASSWORD)
    assert len(first.outcomes) == 6 and first.count(TAKEN) == 4 and first.count(REFUSED) == 1
    assert first.count(SKIPPED) == 1
    [bad] = [o for o in first.outcomes if o.outcome == REFUSED]
    assert bad.file.name == "坏的.zip" and "损坏" in bad.reason
    again = import_paths([stick], PASSWORD)
    assert again.count(UNCHANGED) == 4 and again.count(REFUSED) == 1 and again.count(SKIPPED) == 1
    assert VillagePackage.select().count() == 4
    package_notes = [e.after or "" for e in AuditEntry.select().where(AuditEntry.table == "village_package")]
    assert len(package_notes) == 4 and home["rows"][0][1] in text  # the lists name people …
    assert not any(home["rows"][0][1] in note for note in package_notes)  # … the audit trail keeps no copy

    # The summary is each village's own report, and 合计 their sum.
    measures, rows, villages = summary(DEC_1)
    by_name = {v.name: v for v in villages}
    assert by_name["东风村"].figures == a_figures[DEC_1] and by_name["西河村"].figures == b_figures[DEC_1]
    for key in rows:
        for m in measures:
            parts = [f[DEC_1].get(key, {}).get(m) for f in (a_figures, b_figures)]
            expected = sum(p for p in parts if p is not None) if any(p is not None for p in parts) else None
            assert by_name["合计"].figures.get(key, {}).get(m) == expected
    assert by_name["东风村"].state == REPORTED and by_name["西河村"].state == ZERO  # 西河村: nobody under watch

    # East village writes 12月2日 again late (a correction, sequence 3): it replaces sequence 2.
    open_database(tmp_path / "a.db")
    with at(datetime(2026, 12, 4, 10, 0), monkeypatch):
        newer = write_day_package(daily(), DEC_2, folder("改正"), PASSWORD).path
    close_database()
    open_database(tmp_path / "township.db")
    assert import_paths([newer], PASSWORD).count(REPLACED) == 1
    older = import_paths([a[DEC_2]], PASSWORD).outcomes[0]
    assert older.outcome == REFUSED and "序号 3" in older.reason

    # Tampered (a figure changed inside, manifest kept) and newer-schema packages: refused, nothing changed.
    def rewrite(source: Path, target: Path, change) -> Path:  # type: ignore[no-untyped-def]
        with pyzipper.AESZipFile(source) as z:
            z.setpassword(PASSWORD.encode())
            members = {n: z.read(n) for n in z.namelist()}
        change(members)
        with pyzipper.AESZipFile(target, "w", encryption=pyzipper.WZ_AES) as z:
            z.setpassword(PASSWORD.encode())
            for n, data in members.items():
                z.writestr(n, data)
        return target

    def tamper(members: dict[str, bytes]) -> None:
        members["figures.json"] = members["figures.json"].replace(b'"current":2', b'"current":1')

    def newer_schema(members: dict[str, bytes]) -> None:
        manifest = json.loads(members["manifest.json"])
        manifest["schema_version"] += 1
        manifest["package_id"] = "x" * 32
        members["manifest.json"] = json.dumps(manifest).encode()

    before = [(p.village_code, p.day, p.sequence, p.figures) for p in VillagePackage.select()]
    tampered = rewrite(newer, tmp_path / "改过.zip", tamper)
    future = rewrite(newer, tmp_path / "新版本.zip", newer_schema)
    refused = import_paths([tampered, future], PASSWORD).outcomes
    assert [o.outcome for o in refused] == [REFUSED, REFUSED]
    assert "校验码不符" in refused[0].reason and "“figures.json”" in refused[0].reason
    assert "更新版本的程序" in refused[1].reason
    assert [(p.village_code, p.day, p.sequence, p.figures) for p in VillagePackage.select()] == before

    # A package that never arrived shows as a gap in the village's numbers.
    open_database(tmp_path / "b.db")
    with at(datetime(2026, 12, 4, 15, 0), monkeypatch):  # late: after noon of the next day
        write_day_package(daily(), date(2026, 12, 3), folder("丢了"), PASSWORD)  # sequence 3, lost
        fourth = write_day_package(daily(), date(2026, 12, 3), folder("到了"), PASSWORD).path
    close_database()
    open_database(tmp_path / "township.db")
    import_paths([fourth], PASSWORD)
    assert sequence_gaps() == {"410122101202": [3]}
    days, states = grid(DEC_1, date(2026, 12, 3))
    cells = {name: dict(zip(days, row, strict=True)) for _code, name, row in states}
    assert cells["东风村"][DEC_2] == ZERO  # its correction came late; the day itself was reported in time
    assert cells["西河村"][DEC_2] == ZERO and cells["西河村"][date(2026, 12, 3)] == LATE
    assert cells["东风村"][date(2026, 12, 3)] == MISSING

    # The workbook: 汇总 with 合计, 上报情况 with the gap, the merged lists with a village column.
    out = tmp_path / "汇总.xlsx"
    sheets = export_township_summary(DEC_1, DEC_1, out)
    book = load_workbook(out)
    summary_rows = list(book["汇总"].iter_rows(min_row=4, values_only=True))
    assert [r[0] for r in summary_rows] == ["东风村", "西河村", "合计"]
    assert sheets["汇总"] == 3
    printed = book["汇总"]  # a column per figure: over several pages across, the village named on each
    widths = sum(d.width for d in printed.column_dimensions.values())
    assert widths > PAGE_WIDTH and printed.page_setup.fitToWidth == -(-int(widths) // PAGE_WIDTH)
    assert printed.print_title_cols in ("A:B", "$A:$B") and book["上报情况"].page_setup.fitToWidth == 1
    grid_rows = list(book["上报情况"].iter_rows(min_row=4, values_only=True))
    assert grid_rows[1][0] == "西河村" and grid_rows[1][-1] == "缺序号 3"
    merged = merged_lists(DEC_1)
    for name, (headers, rows) in merged.items():
        assert headers[0] == "村（社区）" and sheets[name[:31]] == len(rows)
    close_database()


def test_a_number_carried_again_by_another_days_package_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The village restores its backup of 12月1日's evening: its counter goes back, so its 12月3日 package
    carries the number its 12月2日 package had. The township takes the day, and says the number came twice."""
    village, backup, stick = tmp_path / "village.db", tmp_path / "备份.db", tmp_path / "U盘"
    stick.mkdir()
    code = "410122101201"

    def package(day: date) -> int:
        open_database(village)
        try:
            with at(datetime.combine(day, datetime.min.time()).replace(hour=18), monkeypatch):
                return write_day_package(daily(), day, stick, PASSWORD).sequence
        finally:
            close_database()

    open_database(village)
    with at(datetime(2026, 12, 1, 9, 0), monkeypatch):
        open_case(people(1)[0], DEC_1)
        Village.update(name="东风村", code=code).execute()
    close_database()
    assert package(DEC_1) == 1
    shutil.copy(village, backup)
    assert package(DEC_2) == 2
    shutil.copy(backup, village)  # the clerk restores the backup
    assert package(date(2026, 12, 3)) == 2

    open_township(tmp_path / "township.db", monkeypatch, datetime(2026, 12, 4, 9, 0))
    try:
        assert import_paths([stick], PASSWORD).count(TAKEN) == 3
        assert sequence_reuses() == {code: [2]} and sequence_gaps() == {}
        assert number_notes(sequence_gaps(), sequence_reuses())[code].startswith("序号 2 重复")
        assert import_paths([stick], PASSWORD).count(UNCHANGED) == 3  # and nothing changes the second time
        assert sequence_reuses() == {code: [2]}
    finally:
        close_database()
