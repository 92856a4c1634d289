"""The data package for the township: an export sealed in a password-protected zip (AES-256, the WinZip
AES format that 7-Zip, WinRAR and Bandizip open), so a lost USB stick does not give away a village's ID
numbers. The plain workbook is written in a private folder and removed; it never stays beside the zip.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pyzipper

from db.accounts import password_problems
from db.errors import LedgerError
from db.files import check_target, replacing, write_problem
from db.paths import PACKAGE_PASSWORD_ENV

T = TypeVar("T")
PASSWORD_ENV = PACKAGE_PASSWORD_ENV


def package_path(target: Path) -> Path:
    return target.with_suffix(".zip")


def packaged(target: Path, password: str, write: Callable[[Path], T]) -> T:
    """Run write(workbook path) in a private folder, then seal that workbook into target (a .zip).

    The zip is written under a temporary name, read back with the password (every member's CRC checked),
    and only then renamed to target; a failure leaves target as it was and no plain copy behind.
    """
    if problems := password_problems(password, password, "加密密码"):
        raise LedgerError("；".join(problems))
    target = Path(target)
    check_target(target)  # a pulled USB stick, a folder or a read-only file in the target's place
    try:
        private = Path(tempfile.mkdtemp(prefix=".~package-", dir=target.parent))
    except OSError as exc:
        raise LedgerError(f"无法在“{target.parent}”写入文件：{write_problem(exc)}") from exc
    busy = f"无法写入“{target.name}”：文件可能正被其他程序打开，请关闭后重试。"
    try:
        inner = private / target.with_suffix(".xlsx").name
        result = write(inner)
        with replacing(target, busy) as sealed:
            with pyzipper.AESZipFile(sealed, "w", compression=pyzipper.ZIP_DEFLATED,
                                     encryption=pyzipper.WZ_AES) as archive:
                archive.setpassword(password.encode())
                archive.setencryption(pyzipper.WZ_AES, nbits=256)
                archive.write(inner, inner.name)
            with pyzipper.AESZipFile(sealed) as archive:
                archive.setpassword(password.encode())
                if archive.namelist() != [inner.name] or archive.testzip() is not None:
                    raise LedgerError("加密包核对失败，原文件未改动。")
    except OSError as exc:
        raise LedgerError(f"写入“{target.name}”失败：{write_problem(exc)}") from exc
    finally:
        shutil.rmtree(private, ignore_errors=True)
    return result


def read_member(package: Path, password: str) -> bytes:
    """The workbook inside a package (for checks; the township opens it with 7-Zip or WinRAR)."""
    with pyzipper.AESZipFile(package) as archive:
        archive.setpassword(password.encode())
        try:
            return archive.read(archive.namelist()[0])
        except RuntimeError as exc:  # pyzipper's "Bad password"
            raise LedgerError("加密包密码不对") from exc
