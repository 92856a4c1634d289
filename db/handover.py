"""导出到U盘: a day's report files handed over on a USB stick, each one proven to be on the stick as written.

The files are first made in our private folder on the PC (never half on the stick), then copied to
`<stick>/疫情防控上报/<village><YYYYMMDD>/` under temporary names, synced, read back and compared by SHA-256.
Only when every file and 清单.json are on the stick and checked do they take their names, 清单.json last: a
folder without 清单.json is unfinished, and no file under a finished name was left unchecked. At the end
everything is read back once more against the manifest, and the hand-over is kept in 上报记录.

A stick pulled out, full or write-protected is told in the clerk's words; what this attempt wrote under a
temporary name is removed when the stick still allows it (a crash's leftovers go at the next attempt).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import secrets
import shutil
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from db import changes, session
from db.errors import LedgerError
from db.handover_manifest import MANIFEST_NAME, HandedFile, Manifest, digest
from db.migrations import LATEST_VERSION
from db.models.handover import HandOver
from db.private_temp import private_folder
from db.progress import Progress, check_cancelled
from db.session import Can
from db.system_reasons import system_reason
from db.version import APP_VERSION

#: The stick's top folder for hand-overs; one folder per village and day below it.
TOP_FOLDER = "疫情防控上报"
_CHUNK = 1 << 20
#: Characters Windows (and a FAT stick) refuse in a name.
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_TEMPORARY = re.compile(r"^\.~.+\.[0-9a-f]{8}\.part$")

#: Writes one report file at the given path and returns how many data rows it holds.
Writer = Callable[[Path], int]


@dataclass(frozen=True)
class Part:
    """One file of a hand-over: its name on the stick and what writes it."""

    name: str
    write: Writer


@dataclass(frozen=True)
class HandedOver:
    """A finished hand-over: the folder on the stick, its 清单.json, the files, and its 上报记录 row."""

    folder: Path
    manifest: Path
    files: tuple[HandedFile, ...]
    record_id: int


class HandOverError(LedgerError):
    """The hand-over did not finish; the message says why and what to do, in Chinese."""


# Windows' own codes (OSError.winerror) of a stick that is gone, locked or full.
_WIN_GONE = {21, 55, 1167}  # not ready, device gone, device not connected
_WIN_LOCKED = {19}  # write protected
_WIN_FULL = {39, 112}  # handle disk full, disk full
_GONE = {errno.ENOENT, errno.EIO, errno.ENODEV, errno.ENXIO, errno.ENOTDIR}
_LOCKED = {errno.EROFS, errno.EACCES, errno.EPERM}
_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def folder_name(village: str, day: date) -> str:
    """ "东风村20261203": the village and the day, with what a FAT stick refuses in a name replaced by _."""
    return _NOT_IN_NAMES.sub("_", f"{village.strip() or '村庄'}{day:%Y%m%d}").rstrip(" .")


def hand_over(
    parts: Sequence[Part | tuple[str, Writer]],
    root: Path,
    *,
    village: str,
    village_code: str,
    day: date,
    who: str | None = None,
    drive_label: str = "",
    progress: Progress | None = None,
) -> HandedOver:
    """Write parts to the stick at root, prove them there, and record the hand-over (Can.EXPORT).

    who: who hands it over (default: the operator signed in). A failure raises HandOverError and is recorded
    in 上报记录 with ok False and its reason; a cancel (db.progress.Cancelled) is not recorded.
    """
    session.require(Can.EXPORT)  # before any file is made: a refused operator writes nothing
    items = [p if isinstance(p, Part) else Part(*p) for p in parts]
    _check_names(items)
    who = who or changes.operator_name()
    label = drive_label or root.name or str(root)
    folder = root / TOP_FOLDER / folder_name(village, day)
    steps = _Steps(progress, 3 * len(items) + 2)
    with private_folder() as local:
        built = [_build(part, local, steps) for part in items]
        at = changes.clock().replace(microsecond=0)
        manifest = Manifest(
            village, village_code, day, tuple(f for f, _p in built), APP_VERSION, LATEST_VERSION, at, who
        )
        writing = _Writing(folder, root)
        try:
            writing.copy_all(built, manifest, steps)
        except OSError as exc:
            writing.clean_up()
            message = _message(exc, folder, root, writing.needed)
            _record_failure(day, who, label, folder, manifest, message)
            raise HandOverError(message) from exc
        except HandOverError as exc:
            writing.clean_up()
            _record_failure(day, who, label, folder, manifest, str(exc))
            raise
        except BaseException:  # a cancel, or a bug: nothing of ours stays behind under a temporary name
            writing.clean_up()
            raise
    with changes.transaction(
        f"导出到U盘：{day:%Y-%m-%d}上报材料 {len(items)} 个文件（{label}）", needs=Can.EXPORT
    ) as cs:
        record = cs.create(HandOver, _record_values(day, who, label, folder, manifest, ok=True, note=""))
    steps.tick()
    return HandedOver(folder, folder / MANIFEST_NAME, manifest.files, record.id)


def _check_names(parts: list[Part]) -> None:
    names = [p.name for p in parts]
    if not names:
        raise HandOverError("没有选择要导出的报表文件。")
    for name in names:
        if _NOT_IN_NAMES.search(name) or name.strip(" .") != name or name.startswith(".~"):
            raise HandOverError(f"文件名“{name}”中有 U 盘不允许的字符，请换一个文件名。")
        if name == MANIFEST_NAME:
            raise HandOverError(f"“{MANIFEST_NAME}”是导出清单的名字，报表文件不能用这个名字。")
    doubles = sorted({n for n in names if [m.casefold() for m in names].count(n.casefold()) > 1})
    if doubles:
        raise HandOverError(f"导出的文件中有重名的：{'、'.join(doubles)}。")


class _Steps:
    """The progress of a hand-over: each file made, copied and checked is a step, and the manifest and the record."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0

    def tick(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress.update(self.done, self.total)

    def check(self) -> None:
        check_cancelled(self.progress)


def _build(part: Part, local: Path, steps: _Steps) -> tuple[HandedFile, Path]:
    """Make the file in our private folder on the PC and take its checksum there."""
    steps.check()
    path = local / part.name
    try:
        rows = part.write(path)
        sha, size = digest(path)
    except OSError as exc:
        raise HandOverError(f"生成“{part.name}”时出错：{system_reason(exc)}。没有向 U 盘写入任何文件。") from exc
    steps.tick()
    return HandedFile(part.name, rows, size, sha), path


class _Writing:
    """The files one attempt has on the stick under temporary names, so a failure can take them away."""

    def __init__(self, folder: Path, root: Path) -> None:
        self.folder = folder
        self.root = root
        self.temporaries: list[Path] = []
        self.renamed: list[Path] = []
        self.needed = 0

    def copy_all(self, built: list[tuple[HandedFile, Path]], manifest: Manifest, steps: _Steps) -> None:
        data = manifest.as_bytes()
        self.needed = sum(f.bytes for f, _p in built) + len(data)
        if not self.root.is_dir():
            raise FileNotFoundError(errno.ENOENT, "no such folder", str(self.root))
        self.folder.mkdir(parents=True, exist_ok=True)
        _sweep_leftovers(self.folder)
        pending: list[tuple[Path, Path]] = []
        for handed, source in built:
            pending.append((self._copy(source, handed, steps), self.folder / handed.name))
            steps.tick()
        manifest_temporary = self._new_temporary(MANIFEST_NAME)
        manifest_temporary.write_bytes(data)
        self._prove(manifest_temporary, MANIFEST_NAME, hashlib.sha256(data).hexdigest(), len(data))
        steps.tick()
        steps.check()  # the last moment a cancel leaves the stick as it was
        previous = _previous_names(self.folder)
        with suppress(FileNotFoundError):  # the folder is unfinished from here until the new 清单.json is in place
            (self.folder / MANIFEST_NAME).unlink()
        for temporary, final in pending:
            os.replace(temporary, final)
            self.renamed.append(final)
        os.replace(manifest_temporary, self.folder / MANIFEST_NAME)
        self.renamed.append(self.folder / MANIFEST_NAME)
        self.temporaries.clear()
        _sync_folder(self.folder)
        for name in previous - {f.name for f in manifest.files}:
            with suppress(FileNotFoundError):  # listed by an earlier hand-over of the day, not part of this one
                (self.folder / name).unlink()
        self._check_again(manifest, steps)

    def _new_temporary(self, name: str) -> Path:
        temporary = self.folder / f".~{name}.{secrets.token_hex(4)}.part"
        self.temporaries.append(temporary)
        return temporary

    def _copy(self, source: Path, handed: HandedFile, steps: _Steps) -> Path:
        temporary = self._new_temporary(handed.name)
        with source.open("rb") as src, temporary.open("xb") as dst:
            while chunk := src.read(_CHUNK):
                steps.check()
                dst.write(chunk)
        self._prove(temporary, handed.name, handed.sha256, handed.bytes)
        return temporary

    def _prove(self, path: Path, name: str, sha256: str, size: int) -> None:
        """Synced to the stick, and as the stick gives it back (not the PC's cache of it, where the system
        allows) it is the one made."""
        _sync_and_forget(path)
        if digest(path) != (sha256, size):
            raise HandOverError(_mismatch(name))

    def _check_again(self, manifest: Manifest, steps: _Steps) -> None:
        """Everything read back once more, from the names it now has, against the manifest read back too."""
        try:
            for path in self.renamed:
                _forget(path)
            on_stick = Manifest.parse((self.folder / MANIFEST_NAME).read_bytes())
            if on_stick != manifest:
                raise HandOverError(_mismatch(MANIFEST_NAME))
            for handed in on_stick.files:
                if digest(self.folder / handed.name) != (handed.sha256, handed.bytes):
                    raise HandOverError(_mismatch(handed.name))
                steps.tick()
        except (HandOverError, OSError, ValueError, KeyError) as exc:
            self._take_back()
            if isinstance(exc, (HandOverError, OSError)):
                raise
            raise HandOverError(_mismatch(MANIFEST_NAME)) from exc

    def _take_back(self) -> None:
        """A file that read back wrong keeps no finished name: 清单.json first, so the folder shows unfinished."""
        for path in reversed(self.renamed):
            with suppress(OSError):
                path.unlink()
        self.renamed.clear()

    def clean_up(self) -> None:
        for temporary in self.temporaries:
            with suppress(OSError):  # the stick is gone or locked: the next attempt sweeps them
                temporary.unlink()
        self.temporaries.clear()


def _sweep_leftovers(folder: Path) -> None:
    """Temporary files of an attempt that was cut off (a crash, a stick pulled out): never a finished file."""
    for path in folder.iterdir():
        if _TEMPORARY.match(path.name):
            with suppress(OSError):
                path.unlink()


def _previous_names(folder: Path) -> set[str]:
    """The files an earlier hand-over of this folder listed in its 清单.json (none if it has none or unreadable)."""
    try:
        return {f.name for f in Manifest.parse((folder / MANIFEST_NAME).read_bytes()).files}
    except (OSError, ValueError, KeyError):
        return set()


def _sync_and_forget(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows commits only writable handles
    try:
        os.fsync(fd)
        _advise_dont_need(fd)
    finally:
        os.close(fd)


def _forget(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        _advise_dont_need(fd)
    finally:
        os.close(fd)


def _advise_dont_need(fd: int) -> None:
    """Drop the system's cached copy of a synced file, so reading it back reads the stick (Linux; elsewhere
    the read-back may come from the cache)."""
    if hasattr(os, "posix_fadvise"):
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)


def _sync_folder(folder: Path) -> None:
    """The new names on the stick, not only in memory (POSIX; Windows has no handle for a folder to sync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno != errno.EINVAL:  # a file system that cannot sync a folder
            raise
    finally:
        os.close(fd)


def _mismatch(name: str) -> str:
    return (
        f"写入后读回校验不一致：U 盘上的“{name}”与写入的内容不同，U 盘可能已损坏或接触不良。"
        "这次上报没有完成，请换一个 U 盘再导出。"
    )


def _size(n: int) -> str:
    if n < 1 << 20:
        return f"{max(1, -(-n // 1024))} KB"
    return f"{n / (1 << 20):.1f} MB"


def _free(root: Path) -> int | None:
    try:
        return shutil.disk_usage(root).free
    except OSError:
        return None


def _kind(exc: OSError) -> str:
    """ "full", "locked", "gone" or "" — by Windows' own code when it has one we know, else by errno."""
    winerror = getattr(exc, "winerror", None)
    for kind, codes in (("full", _WIN_FULL), ("locked", _WIN_LOCKED), ("gone", _WIN_GONE)):
        if winerror in codes:
            return kind
    for kind, codes in (("full", _FULL), ("locked", _LOCKED), ("gone", _GONE)):
        if exc.errno in codes:
            return kind
    return ""


def _message(exc: OSError, folder: Path, root: Path, needed: int) -> str:
    """Why the stick refused, and what the clerk can do about it."""
    kind = _kind(exc)
    if kind == "full":
        free = _free(root)
        if free is not None and needed and free < needed:
            room = f"这次上报需要 {_size(needed)}，U 盘只剩 {_size(free)}。请删除 U 盘上不需要的文件，或换一个 U 盘"
        elif exc.errno == errno.EFBIG:
            room = "文件太大，U 盘放不下（FAT32 格式的 U 盘单个文件不能超过 4 GB）。请换一个空间更大的 U 盘"
        else:
            room = "U 盘已写满。请删除 U 盘上不需要的文件，或换一个 U 盘"
        return f"U 盘空间不足：{room}，再重新导出。这次没有写完的文件已删除。"
    if kind == "locked":
        if exc.errno == errno.EROFS or getattr(exc, "winerror", None) in _WIN_LOCKED:
            return "U 盘是只读的，不能写入（U 盘开了写保护）。请拨开 U 盘侧面的写保护开关，或换一个 U 盘，再重新导出。"
        return (
            f"没有写入 U 盘的权限：U 盘可能开了写保护，或 U 盘上的“{folder.parent.name}”文件夹被设为只读。"
            "请拨开 U 盘侧面的写保护开关，或换一个 U 盘，再重新导出。"
        )
    if kind == "gone":
        return (
            f"找不到 U 盘（{root}），U 盘可能已被拔出或接触不良。这次上报没有完成，"
            f"请插好 U 盘后重新导出；U 盘上没有“{MANIFEST_NAME}”的文件夹都是没有写完的，不要上交。"
        )
    return f"写入 U 盘时出错：{system_reason(exc)}。这次上报没有完成，请重新导出。"


def _record_values(
    day: date, who: str, label: str, folder: Path, manifest: Manifest, *, ok: bool, note: str
) -> dict[str, object]:
    return {
        "at": manifest.written_at,
        "who": who,
        "day": day,
        "drive_label": label,
        "folder": str(folder),
        "files": json.dumps([f.as_json() for f in manifest.files], ensure_ascii=False),
        "ok": ok,
        "note": note,
    }


def _record_failure(day: date, who: str, label: str, folder: Path, manifest: Manifest, message: str) -> None:
    """A failed hand-over is kept in 上报记录 too; if that cannot be written, the stick's reason is still told."""
    summary = f"导出到U盘未完成：{day:%Y-%m-%d}上报材料（{label}）"
    with suppress(LedgerError), changes.transaction(summary, needs=Can.EXPORT) as cs:
        cs.create(HandOver, _record_values(day, who, label, folder, manifest, ok=False, note=message))
