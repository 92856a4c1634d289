"""A data folder or an export folder that cannot be written (a read-only share, a write-protected USB stick,
a folder of another Windows user), and export targets that cannot be replaced or go away while written.

Tests may run as root, for whom chmod stops nothing: the commands then run through `setpriv` without the
capabilities that ignore file permissions (tests/faults/helpers.unprivileged), so mode 0o555 means what it
means for the clerk. The library functions the screens call are run in this process with targets that refuse
for everyone: a folder that does not exist (or whose "folder" is a file), a folder in the target's place, a
read-only file, a file locked by another program (as Windows refuses to replace a workbook open in Excel),
a folder removed while the file is written.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from db.errors import LedgerError
from db.imports.rows import RowAccount
from db.models import AuditEntry
from forms.excel import workbook_files
from forms.excel.issue_report import write_import_report
from forms.isolation_export import export_isolation_list
from forms.roster_export import export_roster
from printing.pdf_file import PdfWriteError, write_pdf
from tests.faults.helpers import (
    LINUX_ONLY,
    assert_refused_in_chinese,
    count,
    integrity,
    leftovers,
    read_only_folder,
    run_app,
    unprivileged,
    write_roster,
)

PDF = b"%PDF-1.4\n% a previous file\n%%EOF\n"


@pytest.fixture
def data_folder(tmp_path: Path, migrated_template: Path) -> Path:
    """A data folder with a ledger of a few people in it (made writable again after the test)."""
    folder = tmp_path / "data"
    folder.mkdir()
    db = Path(shutil.copy(migrated_template, folder / "ledger.db"))
    done = run_app("import-roster", str(write_roster(tmp_path / "roster.xlsx", 12)), "--db", str(db))
    assert done.returncode == 0, done.stderr
    shutil.rmtree(folder / "backups")
    return folder


# --- a read-only data folder, through the commands ------------------------------------------------------


@LINUX_ONLY
def test_nothing_is_written_into_a_read_only_data_folder(data_folder: Path, tmp_path: Path) -> None:
    db = data_folder / "ledger.db"
    before = db.read_bytes()
    roster = write_roster(tmp_path / "more.xlsx", 5)
    out = tmp_path / "out"
    out.mkdir()
    with read_only_folder(data_folder):
        for args in (
            ("import-roster", str(roster)),
            ("export-roster", str(out / "花名册.xlsx")),
            ("today",),
            ("backup",),
        ):
            done = run_app(*args, "--db", str(db), prefix=unprivileged())
            assert done.returncode != 0, (args, done.stdout)
    assert db.read_bytes() == before and sorted(p.name for p in data_folder.iterdir()) == ["ledger.db"]
    assert integrity(db) == ["ok"] and count(db, "person") == 12


@LINUX_ONLY
def test_a_backup_into_a_read_only_data_folder_is_refused_in_chinese(data_folder: Path) -> None:
    with read_only_folder(data_folder):
        done = run_app("backup", "--db", str(data_folder / "ledger.db"), prefix=unprivileged())
    assert_refused_in_chinese(done, "备份")


@LINUX_ONLY
@pytest.mark.parametrize("command", ["import-roster", "export-roster", "today"])
def test_a_read_only_data_folder_is_said_in_chinese(data_folder: Path, tmp_path: Path, command: str) -> None:
    args = {
        "import-roster": (str(write_roster(tmp_path / "more.xlsx", 5)),),
        "export-roster": (str(tmp_path / "花名册.xlsx"),),
        "today": (),
    }[command]
    with read_only_folder(data_folder):
        done = run_app(command, *args, "--db", str(data_folder / "ledger.db"), prefix=unprivileged())
    assert_refused_in_chinese(done)


@LINUX_ONLY
def test_a_sound_file_in_a_read_only_folder_is_not_called_damaged(data_folder: Path) -> None:
    with read_only_folder(data_folder):
        done = run_app("check", "--db", str(data_folder / "ledger.db"), prefix=unprivileged())
    assert "损坏" not in done.stderr and "不是本程序的数据库文件" not in done.stderr, done.stderr


@LINUX_ONLY
def test_an_export_into_a_read_only_folder_is_refused_in_chinese(data_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "usb"
    out.mkdir()
    (out / "花名册.xlsx").write_bytes(b"previous export")
    db = data_folder / "ledger.db"
    with read_only_folder(out):
        done = run_app("export-roster", str(out / "花名册.xlsx"), "--db", str(db), prefix=unprivileged())
        listed = run_app(
            "export",
            "isolation-list",
            "--kind",
            "central",
            "--db",
            str(db),
            str(out / "名单.xlsx"),
            prefix=unprivileged(),
        )
    assert_refused_in_chinese(done, "没有写入权限", "花名册.xlsx")
    assert_refused_in_chinese(listed, "没有写入权限", "名单.xlsx")
    assert (
        sorted(p.name for p in out.iterdir()) == ["花名册.xlsx"]
        and (out / "花名册.xlsx").read_bytes() == b"previous export"
    )


# --- targets that refuse, through the commands ----------------------------------------------------------


def test_export_targets_that_refuse_through_the_commands(data_folder: Path, tmp_path: Path) -> None:
    db = data_folder / "ledger.db"
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "目录.xlsx").mkdir()
    read_only = folder / "只读.xlsx"
    read_only.write_bytes(b"previous export")
    read_only.chmod(0o444)
    gone = tmp_path / "拔出的U盘" / "花名册.xlsx"
    expected = {folder / "目录.xlsx": "是一个文件夹", read_only: "只读", gone: "不存在"}
    for target, reason in expected.items():
        done = run_app("export-roster", str(target), "--db", str(db))
        assert_refused_in_chinese(done, reason, target.name if reason != "不存在" else "拔出的U盘")
        report = run_app(
            "import-roster", str(write_roster(tmp_path / "again.xlsx", 2)), "--db", str(db), "--report", str(target)
        )
        assert_refused_in_chinese(report, reason)
        assert "导入完成" not in report.stdout  # refused before anything was imported
    assert read_only.read_bytes() == b"previous export" and not gone.parent.exists()
    assert sorted(p.name for p in folder.iterdir()) == ["只读.xlsx", "目录.xlsx"]
    assert list((folder / "目录.xlsx").iterdir()) == []


# --- targets that refuse, in the process the screens run in ---------------------------------------------


def _workbook_writers(out: Path) -> dict[str, Callable[[Path], object]]:
    """Every way the screens write a workbook or a PDF."""

    def draw(path: Path) -> None:
        path.write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")

    return {
        "花名册": export_roster,
        "隔离人员名单": lambda target: export_isolation_list("home", date.today(), target),
        "未导入清单": lambda target: write_import_report(
            target, [RowAccount("一组", 3, "refused", "姓名：不能为空", "张三")]
        ),
        "PDF": lambda target: write_pdf(target.with_suffix(".pdf"), draw),
    }


def _target(out: Path, kind: str, name: str) -> Path:
    return out / f"{kind}-{name}{'.pdf' if kind == 'PDF' else '.xlsx'}"


def test_targets_that_refuse_for_everyone(village: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    a_file = out / "文件"
    a_file.write_text("不是文件夹")
    audit = AuditEntry.select().count()
    for kind, write in _workbook_writers(out).items():
        folder_in_the_way = _target(out, kind, "同名文件夹")
        folder_in_the_way.mkdir()
        read_only = _target(out, kind, "只读")
        read_only.write_bytes(PDF)
        read_only.chmod(0o444)
        cases = {
            _target(tmp_path / "已拔出的U盘", kind, "x"): "不存在",
            _target(a_file, kind, "x"): "不存在",  # the "folder" is a file
            folder_in_the_way: "文件夹",
            read_only: "只读",
        }
        for target, reason in cases.items():
            with pytest.raises(LedgerError, match=reason) as info:
                write(target)
            assert isinstance(info.value, PdfWriteError) == (kind == "PDF")
            assert not (tmp_path / "已拔出的U盘").exists(), "a vanished folder is not made again"
        assert read_only.read_bytes() == PDF and list(folder_in_the_way.iterdir()) == []
        read_only.chmod(0o644)
    assert leftovers(out) == []
    assert AuditEntry.select().count() == audit  # no export is noted that did not happen


def test_a_target_locked_by_another_program(
    village: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses to replace a workbook open in Excel (or a PDF open in a reader): PermissionError."""
    out = tmp_path / "out"
    out.mkdir()
    replace = os.replace

    def locked(source: str | Path, target: str | Path) -> None:
        if Path(target).parent == out:
            raise PermissionError(13, "The process cannot access the file because it is being used", str(target))
        replace(source, target)

    monkeypatch.setattr(os, "replace", locked)
    for kind, write in _workbook_writers(out).items():
        target = _target(out, kind, "已打开")
        target.write_bytes(PDF)
        with pytest.raises(LedgerError, match="打开") as info:
            write(target)
        assert target.name in str(info.value)
        assert target.read_bytes() == PDF
    assert leftovers(out) == []


def test_a_folder_that_vanishes_while_the_file_is_written(
    village: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The USB stick is pulled after the file was written and read back, before it gets its name."""
    stick = tmp_path / "usb"
    real_check = workbook_files.expect_rows

    def then_pulled(sheet: str, rows: int) -> Callable[[Path], None]:
        check = real_check(sheet, rows)

        def check_and_pull(path: Path) -> None:
            check(path)
            shutil.rmtree(stick)

        return check_and_pull

    for module in ("forms.roster_export", "forms.isolation_export", "forms.excel.issue_report"):
        monkeypatch.setattr(f"{module}.expect_rows", then_pulled)
    writers = _workbook_writers(stick)
    del writers["PDF"]
    for kind, write in writers.items():
        stick.mkdir()
        target = stick / f"{kind}.xlsx"
        with pytest.raises(LedgerError, match="U 盘已拔出"):
            write(target)
        assert not stick.exists()

    def draw_and_pull(path: Path) -> None:
        path.write_bytes(PDF)
        shutil.rmtree(stick)

    stick.mkdir()
    with pytest.raises(PdfWriteError, match="U 盘已拔出"):
        write_pdf(stick / "告知书.pdf", draw_and_pull)
    assert not stick.exists()


def test_an_export_is_readable_like_any_file_the_clerk_saves(village: dict[str, int], tmp_path: Path) -> None:
    """Not private to its maker (mkstemp's 0600): the township's receiver opens it from a shared folder."""
    umask = os.umask(0o022)
    os.umask(umask)
    for kind, write in _workbook_writers(tmp_path).items():
        target = _target(tmp_path, kind, kind)
        write(target)
        assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask, kind
    assert count(tmp_path / "ledger.db", "audit_entry", "action = 'export'") >= 2


@LINUX_ONLY
def test_pdf_targets_that_refuse_through_the_command(data_folder: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    db = data_folder / "ledger.db"
    ledger = Workbook()
    ledger.active.append(["姓名", "隔离开始日期", "隔离方式"])
    for name in ("张三", "李四", "王五"):
        ledger.active.append([name, date.today(), "居家隔离医学观察"])
    ledger.save(tmp_path / "台账.xlsx")
    assert run_app("import-cases", str(tmp_path / "台账.xlsx"), "--db", str(db)).returncode == 0
    out = tmp_path / "out"
    out.mkdir()
    (out / "目录.pdf").mkdir()
    read_only = out / "只读.pdf"
    read_only.write_bytes(PDF)
    read_only.chmod(0o444)
    expected = {out / "目录.pdf": "是一个文件夹", read_only: "只读", tmp_path / "拔出的U盘" / "告知书.pdf": "不存在"}
    for target, reason in expected.items():
        done = run_app("print", "notices", "--cases", "active", "--db", str(db), "--out", str(target))
        assert_refused_in_chinese(done, reason)
    full = run_app(
        "print", "notices", "--cases", "active", "--db", str(db), "--out", str(out / "满.pdf"), limit_file_size=40_000
    )
    assert_refused_in_chinese(full, "磁盘空间不足")
    with read_only_folder(out):
        locked = run_app(
            "print",
            "notices",
            "--cases",
            "active",
            "--db",
            str(db),
            "--out",
            str(out / "告知书.pdf"),
            prefix=unprivileged(),
        )
    assert_refused_in_chinese(locked, "没有写入权限")
    assert sorted(p.name for p in out.iterdir()) == ["只读.pdf", "目录.pdf"] and read_only.read_bytes() == PDF
    done = run_app("print", "notices", "--cases", "active", "--db", str(db), "--out", str(out / "告知书.pdf"))
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE((out / "告知书.pdf").stat().st_mode) & 0o044
