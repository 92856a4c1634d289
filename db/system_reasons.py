"""The operating system's and SQLite's reasons, said in Chinese.

Their own text is English ("File exists", "unable to open database file"), and a clerk cannot act on it;
every message that names why a file could not be read or written takes its reason from here.
"""

from __future__ import annotations

import errno

from db.errors import storage_reason

_ERRNO = {
    errno.EEXIST: "已有同名的文件或文件夹",
    errno.ENOENT: "找不到该文件或文件夹（U 盘已拔出？）",
    errno.ENOTDIR: "路径中有一项是文件而不是文件夹",
    errno.EISDIR: "同名的文件夹已存在",
    errno.EACCES: "没有权限，或文件正被其他程序打开",
    errno.EPERM: "没有权限，或文件正被其他程序打开",
    errno.EROFS: "磁盘或 U 盘是只读的",
    errno.ENOSPC: "磁盘空间不足",
    errno.EFBIG: "文件太大，磁盘放不下",
    errno.EIO: "读写出错，磁盘或 U 盘可能已拔出或损坏",
    errno.EBUSY: "文件正被其他程序占用",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.EINVAL: "文件名中有系统不允许的字符",
    errno.EMFILE: "打开的文件太多，请关闭一些程序后再试",
    errno.ENODEV: "找不到该磁盘（U 盘已拔出？）",
    errno.ENXIO: "找不到该磁盘（U 盘已拔出？）",
    errno.EXDEV: "不能跨磁盘移动该文件",
}

#: Windows' own codes (OSError.winerror), for what errno says too vaguely.
_WINERROR = {
    5: "没有权限，或文件正被其他程序打开",
    21: "磁盘没有准备好（U 盘已拔出？）",
    32: "文件正被其他程序（如 Excel、WPS）打开",
    33: "文件的一部分被其他程序锁定",
    112: "磁盘空间不足",
    1392: "磁盘上的文件或目录已损坏，请检查 U 盘",
}

#: SQLite's primary result codes (sqlite3.Error.sqlite_errorcode & 0xff).
_SQLITE = {
    5: "数据库正被另一个程序占用",
    6: "数据库正被另一个程序占用",
    8: "数据库文件或所在文件夹是只读的",
    10: "读写出错，磁盘或 U 盘可能已拔出或损坏",
    11: "数据库文件已损坏",
    13: "磁盘空间不足",
    19: "数据不符合数据库的约束（如编号重复）",
    14: "无法打开或创建数据库文件（文件夹不存在、只读或没有权限）",
    23: "没有权限打开数据库文件",
    26: "不是数据库文件，或已加密、已严重损坏",
}

#: The texts SQLite gives without a code (older Pythons, or errors raised from peewee).
_SQLITE_TEXT = {
    "unable to open database file": 14,
    "file is not a database": 26,
    "database disk image is malformed": 11,
    "disk i/o error": 10,
    "attempt to write a readonly database": 8,
}


def _sqlite_code(exc: BaseException) -> int:
    """SQLite's primary code: from the error itself, else from its text (peewee rewraps it without the code)."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    text = str(exc).lower()
    return code or next((c for t, c in _SQLITE_TEXT.items() if t in text), 0)


def system_reason(exc: BaseException) -> str:
    """Why exc happened, in Chinese; never the system's English (an unknown case gives its code only)."""
    known = storage_reason(exc)
    if known:
        return known
    seen: BaseException | None = exc
    codes: list[str] = []
    while seen is not None and len(codes) < 10:
        winerror: int | None = getattr(seen, "winerror", None)
        code: int | None = getattr(seen, "errno", None)
        reason = _WINERROR.get(winerror or 0) or _ERRNO.get(code or 0) or _SQLITE.get(_sqlite_code(seen))
        if reason:
            return reason
        if code is not None or winerror is not None:
            codes.append(str(winerror or code))
        seen = seen.__cause__ or seen.__context__
    return f"系统报告了错误（代码 {codes[0]}）" if codes else "系统报告了未知错误"
