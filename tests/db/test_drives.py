"""The sticks 导出到U盘 offers: Linux's mounts under /media and /run/media read from /proc/mounts as the kernel
writes it (escaped spaces, read-only mounts), sizes from the real file system; Windows' drive mask."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from db.drives import Drive, drive_letters, linux_drives, parse_mounts, removable_drives, unescape_mount_field

ROOT = Path(__file__).resolve().parents[2]

MOUNTS = r"""sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
/dev/sda1 / ext4 rw,relatime,errors=remount-ro 0 0
tmpfs /media tmpfs rw,relatime 0 0
/dev/sdb1 /media/clerk/KINGSTON ext4 rw,nosuid,nodev,relatime,errors=remount-ro 0 0
/dev/sdc1 /run/media/clerk/东风\040U盘 exfat ro,nosuid,nodev,relatime 0 0
/dev/sdd1 /media/clerk/a\011tab\134back vfat rw,relatime 0 0
/dev/sde1 /mediafiles/x ext4 rw 0 0
/dev/sdf1 /mnt/usb vfat rw 0 0
"""


def test_mounts_below_media_are_the_sticks_with_their_paths_unescaped() -> None:
    found = [(str(m.point), m.read_only) for m in parse_mounts(MOUNTS)]
    assert found == [
        ("/media/clerk/KINGSTON", False),
        ("/run/media/clerk/东风 U盘", True),  # "ro" among the options; KINGSTON's "errors=remount-ro" is not
        ("/media/clerk/a\ttab\\back", False),
    ]
    assert unescape_mount_field(r"a\040b\012c") == "a b\nc"


def test_a_drive_has_its_real_sizes_and_a_read_only_or_vanished_mount_is_told(tmp_path: Path) -> None:
    (tmp_path / "KINGSTON").mkdir()
    (tmp_path / "只读 盘").mkdir()
    text = (
        f"/dev/sdb1 {tmp_path}/KINGSTON vfat rw,relatime 0 0\n"
        f"/dev/sdc1 {tmp_path}/只读\\040盘 vfat ro,relatime 0 0\n"
        f"/dev/sdd1 {tmp_path}/gone vfat rw 0 0\n"  # pulled out since: no folder any more
        f"/dev/sdb1 {tmp_path}/KINGSTON vfat rw,relatime 0 0\n"  # mounted twice: one stick
    )
    drives = linux_drives(text, roots=(f"{tmp_path}/",))
    usage = shutil.disk_usage(tmp_path)
    assert [(d.root, d.label, d.writable) for d in drives] == [
        (tmp_path / "KINGSTON", "KINGSTON", True),
        (tmp_path / "只读 盘", "只读 盘", False),
    ]
    assert all(d.total_bytes == usage.total and 0 < d.free_bytes <= d.total_bytes for d in drives)
    assert drives[0].title == f"KINGSTON（{tmp_path / 'KINGSTON'}）"


def test_windows_drive_letters_follow_the_bit_mask() -> None:
    assert drive_letters(0) == []
    assert drive_letters(0b10101) == ["A:\\", "C:\\", "E:\\"]
    assert drive_letters(1 << 25) == ["Z:\\"]


_IN_NAMESPACE = r"""
set -e
mount -t tmpfs tmpfs /media
mkdir -p "/media/clerk/东风 U盘" /media/clerk/LOCKED
mount -t tmpfs -o size=1m tmpfs "/media/clerk/东风 U盘"
mount -t tmpfs -o size=512k,ro tmpfs /media/clerk/LOCKED
exec "$0" -c 'import json; from db.drives import removable_drives
print(json.dumps([[str(d.root), d.label, d.total_bytes, d.writable] for d in removable_drives()], ensure_ascii=False))'
"""


def test_the_sticks_mounted_now_are_listed() -> None:
    """Two sticks mounted for real under /media, in a mount namespace of a child (one read-only); where the
    machine allows no namespaces, the list is checked against this machine's own /proc/mounts."""
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", _IN_NAMESPACE, sys.executable], capture_output=True, text=True, cwd=ROOT
    )
    if done.returncode == 0:
        assert json.loads(done.stdout) == [
            ["/media/clerk/东风 U盘", "东风 U盘", 1 << 20, True],
            ["/media/clerk/LOCKED", "LOCKED", 512 << 10, False],
        ]
    else:
        here = linux_drives(Path("/proc/mounts").read_text(encoding="utf-8", errors="surrogateescape"))
        assert [d.root for d in removable_drives()] == [d.root for d in here]
        assert all(isinstance(d, Drive) for d in here)
