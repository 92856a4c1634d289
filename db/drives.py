"""The USB sticks plugged in, for 导出到U盘: the clerk picks one by its label and free space, not by a path.

Windows says which drives are removable (GetDriveTypeW); Linux desktops mount sticks under /media/<user>/ or
/run/media/<user>/. The platform parts are small functions of plain inputs, so both are tested on Linux.
"""

from __future__ import annotations

import os
import re
import shutil
import string
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Where desktop Linux mounts removable media (udisks2: /media/<user>/<label> or /run/media/<user>/<label>).
LINUX_ROOTS = ("/media/", "/run/media/")
#: GetDriveTypeW's answer for a removable drive (a USB stick, a card reader).
DRIVE_REMOVABLE = 2
#: GetVolumeInformationW's flag of a volume that takes no writes (a stick with its lock switch on).
FILE_READ_ONLY_VOLUME = 0x00080000
#: SetThreadErrorMode: no "there is no disk in the drive" box for an empty card reader.
SEM_FAILCRITICALERRORS = 0x0001

Usage = Callable[[Path], Any]  # shutil.disk_usage: .total, .free


@dataclass(frozen=True)
class Drive:
    """A stick as the 导出到U盘 list shows it; `writable` is False for a locked or read-only mounted one."""

    root: Path
    label: str
    """The volume label, else the folder's or drive letter's name: what the clerk sees in the file manager."""
    free_bytes: int
    total_bytes: int
    writable: bool

    @property
    def title(self) -> str:
        """ "KINGSTON（E:\\）" — label and where it is, for a list of sticks."""
        return f"{self.label}（{self.root}）" if self.label != str(self.root) else self.label


def removable_drives() -> list[Drive]:
    """The removable drives mounted now, in drive-letter or mount order; an empty reader or a stick being
    pulled out is left out rather than failing the list."""
    if sys.platform == "win32":
        return _windows_drives()
    try:
        text = Path("/proc/mounts").read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:
        return []
    return linux_drives(text)


# --- Linux --------------------------------------------------------------------------------------------

_ESCAPE = re.compile(r"\\([0-7]{3})")


def unescape_mount_field(field: str) -> str:
    """/proc/mounts writes a space, tab, newline and backslash in a path as \\040, \\011, \\012 and \\134."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 8)), field)


@dataclass(frozen=True)
class Mount:
    """One line of /proc/mounts that may be a stick."""

    point: Path
    read_only: bool


def parse_mounts(text: str, roots: tuple[str, ...] = LINUX_ROOTS) -> list[Mount]:
    """The mounts of /proc/mounts text whose mount point is below one of roots (/media itself is not a stick)."""
    found: list[Mount] = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 4:
            continue
        point = unescape_mount_field(fields[1])
        if not point.startswith(roots):
            continue
        found.append(Mount(Path(point), "ro" in fields[3].split(",")))
    return found


def linux_drives(text: str, roots: tuple[str, ...] = LINUX_ROOTS, usage: Usage = shutil.disk_usage) -> list[Drive]:
    """The drives of /proc/mounts text: a mount mounted twice (or over itself) counts once, the last one."""
    mounts = {m.point: m for m in parse_mounts(text, roots)}
    return list(_drives(((m.point, m.point.name, not m.read_only) for m in mounts.values()), usage))


def _drives(candidates: Iterable[tuple[Path, str, bool]], usage: Usage = shutil.disk_usage) -> Iterator[Drive]:
    for root, label, writable in candidates:
        try:
            sizes = usage(root)
        except OSError:  # pulled out between the listing and now, or an empty reader
            continue
        yield Drive(root, label or str(root), int(sizes.free), int(sizes.total), writable and os.access(root, os.W_OK))


# --- Windows ------------------------------------------------------------------------------------------


def drive_letters(mask: int) -> list[str]:
    """The roots GetLogicalDrives' bit mask names: bit 0 is A:, bit 2 is C:."""
    return [f"{letter}:\\" for i, letter in enumerate(string.ascii_uppercase) if mask >> i & 1]


def _windows_drives() -> list[Drive]:
    import ctypes  # (windll exists on Windows only: imported here, never at module import)
    from ctypes import wintypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    old_mode = wintypes.DWORD()
    quiet = bool(kernel32.SetThreadErrorMode(SEM_FAILCRITICALERRORS, ctypes.byref(old_mode)))
    try:
        candidates: list[tuple[Path, str, bool]] = []
        for root in drive_letters(kernel32.GetLogicalDrives()):
            if kernel32.GetDriveTypeW(root) != DRIVE_REMOVABLE:
                continue
            label = ctypes.create_unicode_buffer(261)
            flags = wintypes.DWORD()
            if not kernel32.GetVolumeInformationW(root, label, 261, None, None, ctypes.byref(flags), None, 0):
                continue  # no medium in the drive
            candidates.append((Path(root), label.value or root, not flags.value & FILE_READ_ONLY_VOLUME))
        return list(_drives(candidates))
    finally:
        if quiet:
            kernel32.SetThreadErrorMode(old_mode.value, None)
