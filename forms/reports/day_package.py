"""The day's data package for the township: one AES-256 zip per village and day (the WinZip AES format the
existing export packages use), holding manifest.json (format, schema and program versions, village and code,
day, package id, the village's running sequence number, the zero-report flag, rows per part and the SHA-256 of
every part), figures.json (the report's rows) and lists.json (the records behind them and the five official
lists). ID numbers and phones go masked unless the township's definition asks for them (package_personal).
Nothing is ever written unencrypted: the parts are built in memory. read_day_package checks all of it before
the township loads anything."""

from __future__ import annotations

import hashlib
import io
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyzipper

from db import changes, exports
from db.accounts import password_problems
from db.day_packages import PackageRecord, claim_sequence, next_sequence
from db.errors import LedgerError
from db.files import check_target, replacing, write_problem
from db.migrations import LATEST_VERSION
from db.models import Village
from db.reports.figures import as_reported, compute, listings
from db.reports.spec import ReportSpec
from db.rules.id_number import mask_id_number
from db.rules.phones import mask_phone
from db.version import APP_VERSION
from forms.isolation_export import CENTRAL, HOME, LISTS, list_rows
from forms.reports.official_lists import OFFICIAL_LISTS

FORMAT = "village-ledger-day-package"
FORMAT_VERSION = 1
MANIFEST, FIGURES, LIST_PART = "manifest.json", "figures.json", "lists.json"


@dataclass(frozen=True)
class PackageInfo:
    """What was written: the file, its sequence number and whether it is a 零报告."""

    path: Path
    sequence: int
    zero: bool
    rows: int


def package_name(village: Village | None, day: date) -> str:
    code = (village.code if village else "") or "000000000000"
    return f"数据包-{village.name if village else ''}-{code}-{day:%Y%m%d}.zip"


def mask_for(header: str) -> Callable[[str], str] | None:
    """身份证号 / 身份证号码 / 证件号码 and every phone column, however a list names them."""
    if "身份证" in header or "证件号" in header:
        return mask_id_number
    if "电话" in header or "手机" in header:
        return mask_phone
    return None


def _masked(headers: list[str], rows: list[list[Any]], personal: bool) -> list[list[Any]]:
    if personal:
        return rows
    masks = [mask_for(h) for h in headers]
    return [[m(str(v)) if m and v else v for m, v in zip(masks, row, strict=True)] for row in rows]


def _parts(spec: ReportSpec, day: date, village: Village | None) -> tuple[dict[str, Any], list[dict[str, Any]], bool]:
    """The figures and the lists of the day, read as the report reads the ledger."""
    figures = compute(spec, day)
    rows = [{"block": r.block, "label": r.label, "figures": r.figures} for r in figures.rows]
    lists: dict[str, Any] = {}
    for row, behind in zip(figures.rows, listings(spec, list(figures.rows), day), strict=True):
        if behind.rows:
            headers = list(behind.headers)
            found = _masked(headers, [list(r) for r in behind.rows], spec.package_personal)
            lists[f"明细-{row.block}-{row.label}"] = {"headers": headers, "rows": found}
    with as_reported(day):
        named = [(LISTS[key].sheet, list_rows(key, day, day)) for key in (HOME, CENTRAL)]
        named += [(o.sheet, o.rows(day, village)) for o in OFFICIAL_LISTS.values()]
        for sheet, records in named:
            headers = sheet.headers
            found = [[r.get(h, "") for h in headers] for r in records]
            lists[sheet.name] = {"headers": headers, "rows": _masked(headers, found, spec.package_personal)}
    return lists, rows, figures.zero


def _json(data: Any, indent: int | None = None) -> bytes:
    """UTF-8 JSON: the manifest indented for a person to read, the data parts compact."""
    separators = None if indent else (",", ":")
    return json.dumps(data, ensure_ascii=False, indent=indent, separators=separators, default=str).encode("utf-8")


def _sealed_zip(members: dict[str, bytes], password: str) -> bytes:
    """The AES-256 zip, made in memory: a stick that fills up fails the one write, never a zip half closed."""
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(buffer, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as z:
        z.setpassword(password.encode())
        z.setencryption(pyzipper.WZ_AES, nbits=256)
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def write_day_package(spec: ReportSpec, day: date, folder: Path, password: str) -> PackageInfo:
    """The day's package in folder, under its own name (package_name)."""
    return write_day_package_at(spec, day, Path(folder) / package_name(Village.select().first(), day), password)


def write_day_package_at(spec: ReportSpec, day: date, target: Path, password: str) -> PackageInfo:
    """Write the day's package at target (temp name, read back with the password, renamed); its sequence
    number is claimed only once the file reads back whole, and the export is noted in the audit trail."""
    exports.may_export()
    if found := password_problems(password, password, "加密密码"):
        raise LedgerError("；".join(found))
    village = Village.select().first()
    lists, figures, zero = _parts(spec, day, village)
    target = Path(target)
    check_target(target)
    sequence = next_sequence()
    parts = {FIGURES: _json(figures), LIST_PART: _json(lists)}
    counts = {"figures": len(figures), **{name: len(part["rows"]) for name, part in lists.items()}}
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": LATEST_VERSION,
        "program_version": APP_VERSION,
        "village": village.name if village else "",
        "village_code": village.code if village else "",
        "township": village.township if village else "",
        "day": day.isoformat(),
        "package_id": uuid.uuid4().hex,
        "sequence": sequence,
        "zero": zero,
        "written_at": changes.clock().replace(microsecond=0).isoformat(),
        "counts": counts,
        "parts": {name: hashlib.sha256(data).hexdigest() for name, data in parts.items()},
    }
    busy = f"无法写入“{target.name}”：文件可能正被其他程序打开，请关闭后重试。"
    try:
        with replacing(target, busy) as sealed:
            sealed.write_bytes(_sealed_zip({MANIFEST: _json(manifest, indent=1), **parts}, password))
            read_day_package(sealed, password)
            claim_sequence(sequence)
    except OSError as exc:
        raise LedgerError(f"写入“{target.name}”失败：{write_problem(exc)}") from exc
    rows = sum(counts.values())
    exports.record_list_export(f"数据包（序号 {sequence}）", day, rows, target)
    return PackageInfo(target, sequence, zero, rows)


def is_day_package(path: Path) -> bool:
    """Whether the zip holds a manifest (its names are readable without the password); a damaged file counts as a
    package, so that reading it says what is wrong."""
    try:
        with pyzipper.AESZipFile(path) as z:
            return MANIFEST in z.namelist()
    except (OSError, pyzipper.BadZipFile, ValueError):
        return True


def _checked_text(data: bytes, kind: type) -> str:
    """A part's JSON text, kept as it is once it parses to what the part holds (ValueError if not)."""
    text = data.decode("utf-8")
    if not isinstance(json.loads(text), kind):
        raise ValueError(f"不是{'列表' if kind is list else '对象'}")
    return text


def read_day_package(path: Path, password: str) -> PackageRecord:
    """The package's contents once every check passed; LedgerError naming the file and what is wrong."""
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes()
        with pyzipper.AESZipFile(io.BytesIO(raw)) as z:
            z.setpassword(password.encode())
            members = {n: z.read(n) for n in z.namelist()}
    except RuntimeError as exc:
        raise LedgerError(f"“{name}”打不开：密码不对（数据包用导出时设的加密密码）") from exc
    except (OSError, pyzipper.BadZipFile, pyzipper.LargeZipFile, ValueError) as exc:
        raise LedgerError(f"“{name}”已损坏或不完整（可能没拷完就拔了 U 盘），请让该村重新导出") from exc
    if MANIFEST not in members:
        raise LedgerError(f"“{name}”里没有清单（{MANIFEST}），不是本程序的数据包")
    try:
        manifest = json.loads(members[MANIFEST])
        if manifest.get("format") != FORMAT:
            raise LedgerError(f"“{name}”不是本程序的数据包")
        if int(manifest["format_version"]) > FORMAT_VERSION or int(manifest["schema_version"]) > LATEST_VERSION:
            raise LedgerError(
                f"“{name}”来自更新版本的程序（{manifest.get('program_version')}，数据库版本"
                f" {manifest['schema_version']}），请先把本机的程序升级到同一版本再导入"
            )
        listed: dict[str, str] = manifest["parts"]
        for part in sorted(set(listed) | (set(members) - {MANIFEST})):
            if part not in members:
                raise LedgerError(f"“{name}”缺少“{part}”，数据包不完整，请让该村重新导出")
            if part not in listed or hashlib.sha256(members[part]).hexdigest() != listed[part]:
                raise LedgerError(f"“{name}”中的“{part}”与清单的校验码不符，可能被改动过或已损坏，未导入")
        return PackageRecord(
            village_code=str(manifest["village_code"]),
            village_name=str(manifest["village"]),
            day=date.fromisoformat(manifest["day"]),
            package_id=str(manifest["package_id"]),
            sequence=int(manifest["sequence"]),
            zero=bool(manifest["zero"]),
            written_at=datetime.fromisoformat(manifest["written_at"]),
            program_version=str(manifest["program_version"]),
            schema_version=int(manifest["schema_version"]),
            sha256=hashlib.sha256(raw).hexdigest(),
            figures=_checked_text(members[FIGURES], list),
            lists=_checked_text(members[LIST_PART], dict),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise LedgerError(f"“{name}”的清单不完整或格式不对（{exc}），未导入") from exc
