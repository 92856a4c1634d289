"""导出到U盘: the files on the stick are the ones made, proven by reading them back; a stick that is full,
write-protected or pulled out is told in Chinese and keeps no file under a finished name; 上报记录 keeps each
attempt.

A full or read-only stick is a real one as far as the kernel goes: a small tmpfs mounted in a user and mount
namespace of a child process (`unshare -rm`), remounted read-only for the write protection. Where namespaces
are refused (a container without them), the child gets the kernel's other refusals: a file-size limit
(RLIMIT_FSIZE, EFBIG) for the full stick, and for the locked one a read-only folder with the capability that
lets root write anyway dropped (setpriv), or plain chmod for an ordinary user.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from db import changes, session
from db.errors import LedgerError
from db.handover import TOP_FOLDER, HandOverError, Part, folder_name, hand_over
from db.handover_manifest import MANIFEST_NAME, Manifest
from db.migrations import LATEST_VERSION
from db.models import AuditEntry, Role
from db.progress import Cancelled
from db.queries.handover import handover_history
from db.session import NotAllowed
from db.version import APP_VERSION

DAY = date(2026, 12, 3)
CHILD = Path(__file__).with_name("handover_child.py")
FOLDER = Path(TOP_FOLDER) / "东风村20261203"


def rows_writer(rows: int, text: str = "钱𠮷祥"):  # type: ignore[no-untyped-def]
    def write(path: Path) -> int:
        path.write_text("".join(f"{i},{text},阿依古丽·买买提\n" for i in range(rows)), encoding="utf-8")
        return rows

    return write


@pytest.fixture
def admin(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An administrator signed in, and the moment the hand-over is written fixed."""
    session.begin(session.Session("李文书", Role.ADMIN))
    monkeypatch.setattr(changes, "clock", lambda: datetime(2026, 12, 3, 17, 30, 5))
    return db_path


class Steps:
    def __init__(self, cancel_at: int | None = None, then: Any = None) -> None:
        self.seen: list[tuple[int, int]] = []
        self.cancel_at = cancel_at
        self.then = then
        self.cancelled = False

    def update(self, done: int, total: int) -> None:
        self.seen.append((done, total))
        if done == self.cancel_at:
            if self.then is None:
                self.cancelled = True
            else:
                self.then()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_files_on_the_stick_are_the_ones_made_and_the_manifest_says_so(admin: Path, tmp_path: Path) -> None:
    stick = tmp_path / "KINGSTON"
    stick.mkdir()
    steps = Steps()
    done = hand_over(
        [("疫情防控日报.xlsx", rows_writer(40)), Part("隔离人员名单.csv", rows_writer(7, "张三丰"))],
        stick,
        village="东风村",
        village_code="410122101201",
        day=DAY,
        who="王网格",
        progress=steps,
    )
    folder = stick / FOLDER
    assert done.folder == folder and done.manifest == folder / MANIFEST_NAME
    assert sorted(p.name for p in folder.iterdir()) == sorted([MANIFEST_NAME, "疫情防控日报.xlsx", "隔离人员名单.csv"])
    raw = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert "钱" not in raw and "\\u" not in (folder / MANIFEST_NAME).read_text(encoding="utf-8")  # ensure_ascii off
    assert raw["village"] == "东风村" and raw["village_code"] == "410122101201" and raw["day"] == "2026-12-03"
    assert raw["program_version"] == APP_VERSION and raw["schema_version"] == LATEST_VERSION
    assert raw["who"] == "王网格" and raw["written_at"] == "2026-12-03T17:30:05" and raw["format_version"] == 1
    for item in raw["files"]:  # every checksum re-read here from the stick's file
        path = folder / item["name"]
        assert item["sha256"] == sha(path) and item["bytes"] == path.stat().st_size
    assert [(f["name"], f["rows"]) for f in raw["files"]] == [("疫情防控日报.xlsx", 40), ("隔离人员名单.csv", 7)]
    assert steps.seen[-1] == (8, 8) and [d for d, _t in steps.seen] == list(range(1, 9))

    [row] = handover_history(10)
    assert (row.ok, row.who, row.day, row.drive_label, row.folder) == (True, "王网格", DAY, "KINGSTON", str(folder))
    assert [(f.name, f.rows, f.sha256) for f in row.files] == [
        (f["name"], f["rows"], f["sha256"]) for f in raw["files"]
    ]
    assert row.rows == 47 and row.id == done.record_id
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert entry.table == "hand_over" and entry.who == "李文书" and "2026-12-03" in entry.summary


def test_a_second_hand_over_of_the_day_replaces_the_first_only_when_proven(admin: Path, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    first = [("日报.csv", rows_writer(3)), ("名单.csv", rows_writer(2))]
    hand_over(first, stick, village="东风村", village_code="1", day=DAY)
    folder = stick / FOLDER
    (folder / ".~日报.csv.0badf00d.part").write_bytes(b"left by an attempt cut off")
    (folder / "说明.txt").write_text("the clerk's own note", encoding="utf-8")
    hand_over([("日报.csv", rows_writer(5))], stick, village="东风村", village_code="1", day=DAY)
    manifest = Manifest.parse((folder / MANIFEST_NAME).read_bytes())
    assert [(f.name, f.rows) for f in manifest.files] == [("日报.csv", 5)]
    assert manifest.files[0].sha256 == sha(folder / "日报.csv")
    # the file only the first listed is gone, the leftover temporary swept, the clerk's own file kept
    assert sorted(p.name for p in folder.iterdir()) == sorted([MANIFEST_NAME, "日报.csv", "说明.txt"])
    assert [r.ok for r in handover_history(5)] == [True, True]


@pytest.mark.parametrize("cancel_at", [3, 5])  # while the first file is copied; once 清单.json is proven
def test_a_cancel_leaves_the_stick_as_it_was_and_records_nothing(admin: Path, tmp_path: Path, cancel_at: int) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    hand_over([("日报.csv", rows_writer(1))], stick, village="东风村", village_code="1", day=DAY)
    before = {p.name: sha(p) for p in (stick / FOLDER).iterdir()}
    parts = [("日报.csv", rows_writer(3)), ("名单.csv", rows_writer(2))]
    with pytest.raises(Cancelled):
        hand_over(parts, stick, village="东风村", village_code="1", day=DAY, progress=Steps(cancel_at=cancel_at))
    assert {p.name: sha(p) for p in (stick / FOLDER).iterdir()} == before  # the earlier hand-over, and only it
    assert [r.ok for r in handover_history(5)] == [True]


def test_a_folder_that_vanishes_midway_is_told_and_recorded(admin: Path, tmp_path: Path) -> None:
    """The stick pulled out between two files: its folder is gone when the second is written."""
    stick = tmp_path / "stick"
    stick.mkdir()
    pulled = functools.partial(shutil.rmtree, stick / TOP_FOLDER)
    parts = [("日报.csv", rows_writer(3)), ("名单.csv", rows_writer(2))]
    with pytest.raises(HandOverError, match="找不到 U 盘.*可能已被拔出") as caught:
        hand_over(parts, stick, village="东风村", village_code="1", day=DAY, progress=Steps(cancel_at=3, then=pulled))
    assert "清单.json" in str(caught.value) and not any(stick.rglob("*"))
    [row] = handover_history(5)
    assert not row.ok and row.note == str(caught.value) and [f.name for f in row.files] == ["日报.csv", "名单.csv"]


def test_a_missing_stick_is_told_before_anything_is_made(admin: Path, tmp_path: Path) -> None:
    made: list[Path] = []

    def write(path: Path) -> int:
        made.append(path)
        return rows_writer(1)(path)

    with pytest.raises(HandOverError, match="找不到 U 盘"):
        hand_over([("日报.csv", write)], tmp_path / "E盘", village="东风村", village_code="1", day=DAY)
    assert not (tmp_path / "E盘").exists()
    assert all(not p.exists() for p in made)  # the private copy on the PC went with its folder


def test_only_an_operator_who_may_export_hands_over(admin: Path, tmp_path: Path) -> None:
    session.begin(session.Session("录入员", Role.ENTRY))
    made: list[str] = []
    with pytest.raises(NotAllowed):
        hand_over(
            [("日报.csv", lambda p: made.append("x") or 0)], tmp_path, village="东风村", village_code="1", day=DAY
        )
    assert made == [] and not (tmp_path / TOP_FOLDER).exists()


@pytest.mark.parametrize(
    ("names", "said"),
    [
        ([], "没有选择"),
        (["a/b.csv"], "不允许的字符"),
        (["名单?.csv"], "不允许的字符"),
        ([MANIFEST_NAME], "导出清单的名字"),
        (["日报.csv", "日报.CSV"], "重名"),
    ],
)
def test_names_a_stick_cannot_take_are_refused(admin: Path, tmp_path: Path, names: list[str], said: str) -> None:
    with pytest.raises(HandOverError, match=said):
        hand_over([(n, rows_writer(1)) for n in names], tmp_path, village="东风村", village_code="1", day=DAY)
    assert not (tmp_path / TOP_FOLDER).exists()


def test_the_folder_name_is_the_village_and_day_as_a_stick_takes_it() -> None:
    assert folder_name("东风村", DAY) == "东风村20261203"
    assert folder_name('红旗:村/"三组"', DAY) == "红旗_村__三组_20261203"


# --- a stick the kernel really refuses ----------------------------------------------------------------


@functools.cache
def namespaces_allowed() -> bool:
    """Whether this machine lets a process make its own user and mount namespace and mount a tmpfs there."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    probe = subprocess.run([unshare, "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /tmp"], capture_output=True)
    return probe.returncode == 0


def in_child(
    db_path: Path, root: Path, runs: list[dict[str, Any]], mount: dict[str, str] | None, locked: bool = False
) -> list[dict[str, Any]]:
    """The runs in a child (see handover_child.py), in a namespace with a tmpfs of `mount`'s size if given;
    locked: without the capabilities that let root write into a read-only folder."""
    spec = json.dumps({"db": str(db_path), "root": str(root), "mount": mount, "runs": runs}, ensure_ascii=False)
    command = [sys.executable, str(CHILD), spec]
    if mount is not None:
        command = ["unshare", "-rm", *command]
    elif locked and os.geteuid() == 0:  # root writes into a read-only folder unless it lacks these capabilities
        dropped = "--bounding-set=-dac_override,-dac_read_search,-fowner"
        command = ["setpriv", "--inh-caps=-all", dropped, "--", *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=os.environ.copy())
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def test_a_stick_that_fills_up_midway_keeps_the_last_finished_hand_over(admin: Path, tmp_path: Path) -> None:
    root = tmp_path / "stick"
    root.mkdir()
    first = {"parts": [["日报.csv", 300]]}  # 30 KB
    big = {"parts": [["日报.csv", 600], ["名单.csv", 3000]]}  # 60 KB fits, then 300 KB does not
    if namespaces_allowed():
        mount: dict[str, str] | None = {"size": "256k"}
    else:
        mount = None
        big["limit_after_build"] = 100_000  # a file past 100 KB is refused by the kernel (EFBIG)
    [ok, full] = in_child(admin, root, [first, big], mount)

    assert ok["ok"], ok["message"]
    assert not full["ok"] and full["message"].startswith("U 盘空间不足：")
    assert "这次没有写完的文件已删除" in full["message"]
    if mount is not None:
        assert "这次上报需要 " in full["message"] and "U 盘只剩 " in full["message"]
    # only the first hand-over's files, each as its manifest says: nothing of the second under any name
    assert full["files"] == ok["files"]
    assert sorted(full["files"]) == sorted([str(FOLDER / MANIFEST_NAME), str(FOLDER / "日报.csv")])
    [failed, finished] = handover_history(5)
    assert finished.ok and finished.files[0].sha256 == ok["files"][str(FOLDER / "日报.csv")]
    assert (
        not failed.ok and failed.note == full["message"] and [f.name for f in failed.files] == ["日报.csv", "名单.csv"]
    )


def test_a_write_protected_stick_is_told_and_keeps_nothing(admin: Path, tmp_path: Path) -> None:
    root = tmp_path / "stick"
    root.mkdir()
    locked = {"parts": [["日报.csv", 300]], "read_only": True}
    if namespaces_allowed():
        [result] = in_child(admin, root, [locked], {"size": "256k"})
        assert result["message"].startswith("U 盘是只读的，不能写入")
    else:
        root.chmod(0o555)
        try:
            [result] = in_child(admin, root, [locked], None, locked=True)
        finally:
            root.chmod(0o755)
        assert result["message"].startswith("没有写入 U 盘的权限：")
    assert not result["ok"]
    assert "写保护开关" in result["message"]
    assert result["files"] == {}
    [row] = handover_history(5)
    assert not row.ok and row.note == result["message"]


def test_the_kernel_refusals_without_namespaces_are_told_too(admin: Path, tmp_path: Path) -> None:
    """What a machine without namespaces runs above, run everywhere: EFBIG past a file-size limit, and a
    read-only folder that even root cannot write into."""
    root = tmp_path / "stick"
    root.mkdir()
    [full] = in_child(admin, root, [{"parts": [["名单.csv", 3000]], "limit_after_build": 100_000}], None)
    assert full["message"].startswith("U 盘空间不足：文件太大，U 盘放不下") and full["files"] == {}
    folders = [root, *(p for p in root.rglob("*") if p.is_dir())]  # the first attempt left its (empty) folders
    for folder in folders:
        folder.chmod(0o555)
    try:
        [locked] = in_child(admin, root, [{"parts": [["名单.csv", 30]]}], None, locked=True)
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert locked["message"].startswith("没有写入 U 盘的权限：") and locked["files"] == {}
    assert [r.ok for r in handover_history(5)] == [False, False]


def test_a_ledger_error_is_what_the_screen_catches() -> None:
    assert issubclass(HandOverError, LedgerError)
