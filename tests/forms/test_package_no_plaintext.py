"""The encrypted data package: nothing unencrypted ever touches the target's medium (the USB stick), not even
while the export runs or when it dies halfway; what a crash leaves in our private folder goes at the next start."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import pyzipper
from openpyxl import Workbook, load_workbook

from db import private_temp
from db.errors import LedgerError
from db.models import Person
from forms.excel.data_package import PASSWORD_ENV, packaged, read_member
from forms.roster_export import export_roster

ROOT = Path(__file__).resolve().parents[2]
ID_NUMBER = "11010519491231002X"  # 张三丰's, in the `village` fixture
PASSWORD = "township-2026"


def plaintext_on(medium: Path) -> list[str]:
    """Every file under medium (hidden ones too) that is a workbook or a zip, or holds the ID number in clear,
    also inside an unencrypted zip (an xlsx deflates its cells, so its bare bytes would not show it)."""
    return [
        str(path.relative_to(medium))
        for path in sorted(medium.rglob("*"))
        if path.is_file() and (path.suffix.lower() in (".xlsx", ".zip") or holds_id(path))
    ]


def holds_id(path: Path) -> bool:
    data = path.read_bytes()
    texts = [data]
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                texts += [archive.read(name) for name in archive.namelist()]
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError):  # encrypted members: ciphertext only
            pass
    return any(ID_NUMBER.encode() in text for text in texts)


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's data folder (where our private folder lives) on another disk than the stick."""
    home = tmp_path / "用户数据"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    assert private_temp.private_root().is_relative_to(home)
    return home


def test_no_plain_copy_on_the_stick_at_the_moment_of_sealing(  # type: ignore[no-untyped-def]
    village, data_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "U盘"
    stick.mkdir()
    seen: dict[str, list[object]] = {}

    def pulled_stick(*_args: object, **_kwargs: object) -> None:  # the workbook is written; sealing starts
        seen["on the stick"] = list(plaintext_on(stick))
        workbooks = list(private_temp.private_root().rglob("*.xlsx"))
        seen["workbooks"] = [(path.name, holds_id(path)) for path in workbooks]
        seen["modes"] = [
            stat.S_IMODE(folder.stat().st_mode)
            for folder in (private_temp.private_root(), *(path.parent for path in workbooks))
        ]
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(pyzipper, "AESZipFile", pulled_stick)
    with pytest.raises(LedgerError, match="花名册.zip"):
        packaged(stick / "花名册.zip", PASSWORD, export_roster)
    assert seen["on the stick"] == []  # while it ran
    assert seen["workbooks"] == [("花名册.xlsx", True)]  # the plain workbook was in our folder
    assert seen["modes"] == [0o700, 0o700]  # our folder, this account's alone
    assert list(stick.iterdir()) == []
    assert list(private_temp.private_root().iterdir()) == []  # removed after the failure too


def _run(*code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "\n".join(code)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_a_crash_while_sealing_leaves_nothing_plain_on_the_stick_and_the_next_start_clears_ours(  # type: ignore[no-untyped-def]
    village, db_path: Path, data_home: Path, tmp_path: Path
) -> None:
    stick = tmp_path / "U盘"
    stick.mkdir()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "XDG_DATA_HOME": str(data_home), PASSWORD_ENV: PASSWORD}
    crashed = _run(
        "import os, sys, pyzipper",
        "pyzipper.AESZipFile = lambda *a, **k: os._exit(70)  # the power goes as sealing starts",
        "from app.cli import main",
        f"main(['export-roster', '--encrypt', '--db', {str(db_path)!r}, {str(stick / '花名册.xlsx')!r}])",
        env=env,
    )
    assert crashed.returncode == 70, crashed.stderr
    assert plaintext_on(stick) == []
    leftovers = list(private_temp.private_root().rglob("*.xlsx"))
    assert [p.name for p in leftovers] == ["花名册.xlsx"]  # the crash left the plain copy in our folder only

    started = _run("from app.cli import main", f"main(['check', '--db', {str(db_path)!r}])", env=env)
    assert started.returncode == 0, started.stderr
    assert list(private_temp.private_root().iterdir()) == []


def test_the_start_cleanup_removes_leftovers_and_spares_a_running_export(data_home: Path) -> None:
    root = private_temp.private_root()
    root.mkdir(parents=True)
    old_run = root / "tmpold1234"  # as a run that died between writing and sealing leaves it
    old_run.mkdir()
    Workbook().save(old_run / "花名册.xlsx")
    (old_run / private_temp.LOCK_NAME).touch()
    stray = root / "stray.xlsx"
    stray.write_bytes(b"PK")
    before = private_temp.STARTED - 3600
    with private_temp.private_folder() as running:  # another export, still at work
        (running / "名单.xlsx").write_bytes(b"PK")
        for path in (old_run, stray, running):
            os.utime(path, (before, before))
        private_temp.sweep_leftovers()
        assert sorted(p.name for p in root.iterdir()) == [running.name]
        assert (running / "名单.xlsx").exists()
    assert list(root.iterdir()) == []


def test_an_old_hidden_plain_copy_beside_the_target_goes_with_the_next_export(  # type: ignore[no-untyped-def]
    village, data_home: Path, tmp_path: Path
) -> None:
    stick = tmp_path / "U盘"
    stick.mkdir()
    hidden = stick / ".~package-k3j_9xq2"  # where the version before this one wrote the bare workbook
    hidden.mkdir()
    export_roster(hidden / "花名册.xlsx")
    assert plaintext_on(stick) == [".~package-k3j_9xq2/花名册.xlsx"]
    (stick / ".~package-notes").mkdir()  # not of that pattern: someone else's, left alone

    assert packaged(stick / "花名册.zip", PASSWORD, export_roster) == Person.select().count()
    assert sorted(p.name for p in stick.iterdir()) == [".~package-notes", "花名册.zip"]
    assert plaintext_on(stick) == ["花名册.zip"] and not holds_id(stick / "花名册.zip")  # sealed, no ID in clear
    sheet = load_workbook(io.BytesIO(read_member(stick / "花名册.zip", PASSWORD)))["花名册"]
    assert ID_NUMBER in [cell.value for row in sheet.iter_rows() for cell in row]
