"""The data package for the township: an export sealed in a password-protected zip (AES-256, the WinZip
AES format that 7-Zip, WinRAR and Bandizip open), so a lost USB stick does not give away a village's ID
numbers. The plain workbook is written in our private folder in the user's data folder (db.private_temp) and
removed; nothing unencrypted ever touches the target's medium, not even for a moment.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TypeVar

import pyzipper

from db.accounts import password_problems
from db.errors import LedgerError
from db.files import check_target, replacing, write_problem
from db.paths import PACKAGE_PASSWORD_ENV
from db.private_temp import private_folder

T = TypeVar("T")
PASSWORD_ENV = PACKAGE_PASSWORD_ENV
#: The hidden folder beside the target where versions before this one wrote the plain workbook
#: (tempfile.mkdtemp(prefix=".~package-")); a crash there left every ID number in clear on the stick.
OLD_PLAIN_FOLDER = re.compile(r"\.~package-[a-z0-9_]{8}")


def package_path(target: Path) -> Path:
    return target.with_suffix(".zip")


def packaged(target: Path, password: str, write: Callable[[Path], T]) -> T:
    """Run write(workbook path) in our private folder, then seal that workbook into target (a .zip).

    The zip is written under a temporary name beside target (it holds only ciphertext), read back with the
    password (every member's CRC checked), and only then renamed to target; a failure leaves target as it
    was. A crash at any moment leaves no plain copy on target's medium; the one in our folder goes at the
    next start (db.private_temp.sweep_leftovers).
    """
    if problems := password_problems(password, password, "加密密码"):
        raise LedgerError("；".join(problems))
    target = Path(target)
    check_target(target)  # a pulled USB stick, a folder or a read-only file in the target's place
    remove_old_plain_copies(target.parent)
    busy = f"无法写入“{target.name}”：文件可能正被其他程序打开，请关闭后重试。"
    try:
        with private_folder() as private:
            inner = private / target.with_suffix(".xlsx").name
            result = write(inner)
            with replacing(target, busy) as sealed:
                with pyzipper.AESZipFile(
                    sealed, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
                ) as archive:
                    archive.setpassword(password.encode())
                    archive.setencryption(pyzipper.WZ_AES, nbits=256)
                    archive.write(inner, inner.name)
                with pyzipper.AESZipFile(sealed) as archive:
                    archive.setpassword(password.encode())
                    if archive.namelist() != [inner.name] or archive.testzip() is not None:
                        raise LedgerError("加密包核对失败，原文件未改动。")
    except OSError as exc:
        raise LedgerError(f"写入“{target.name}”失败：{write_problem(exc)}") from exc
    return result


def remove_old_plain_copies(folder: Path) -> None:
    """The plain workbooks an older version's crash left in hidden folders in folder (see OLD_PLAIN_FOLDER)."""
    with suppress(OSError):  # a folder we cannot list: the export itself will say why
        for entry in folder.iterdir():
            if OLD_PLAIN_FOLDER.fullmatch(entry.name) and entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)


def read_member(package: Path, password: str) -> bytes:
    """The workbook inside a package (for checks; the township opens it with 7-Zip or WinRAR)."""
    with pyzipper.AESZipFile(package) as archive:
        archive.setpassword(password.encode())
        try:
            member: bytes = archive.read(archive.namelist()[0])
            return member
        except RuntimeError as exc:  # pyzipper's "Bad password"
            raise LedgerError("加密包密码不对") from exc
