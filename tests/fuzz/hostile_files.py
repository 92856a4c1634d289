"""Hostile spreadsheet files built byte by byte: what no well-behaved program writes, but a clerk may be sent.

Why by hand: openpyxl only writes sane workbooks. These are the shapes that hurt a reader: a sheet whose
cells claim a huge extent with hardly any content, a compressed sheet that inflates a thousandfold, an ODS
row repeated a hundred thousand times, an encrypted workbook (an OLE2 container, not a zip).
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

ROSTER_HEADER = ("姓名", "户号", "与户主关系")

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{overrides}</Types>"
)
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
    ' Target="xl/workbook.xml"/></Relationships>'
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_WORKSHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"


def column_letters(index: int) -> str:
    """1 → A, 27 → AA, 16384 → XFD."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_xml(row: int, col: int, value: object) -> str:
    ref = f"{column_letters(col)}{row}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def row_xml(row: int, values: Iterable[object], first_col: int = 1) -> str:
    return f'<row r="{row}">' + "".join(cell_xml(row, first_col + i, v) for i, v in enumerate(values)) + "</row>"


def sheet_xml(rows: Iterable[str]) -> Iterator[bytes]:
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><sheetData>'.encode()
    for row in rows:
        yield row.encode()
    yield b"</sheetData></worksheet>"


def write_xlsx(path: Path, sheets: dict[str, Iterable[bytes]]) -> Path:
    """A minimal workbook: one worksheet part per sheet, its XML streamed from the given chunks."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SHEET_TYPE}"/>'
        for i in range(1, len(sheets) + 1)
    )
    entries = "".join(
        f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(sheets, start=1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_WORKSHEET_REL}" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES.format(overrides=overrides))
        z.writestr("_rels/.rels", _RELS)
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} {_R_NS}><sheets>{entries}</sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships '
            f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for i, chunks in enumerate(sheets.values(), start=1):
            with z.open(f"xl/worksheets/sheet{i}.xml", "w") as part:
                for chunk in chunks:
                    part.write(chunk)
    return path


def sparse_xlsx(path: Path, far_row: int, far_col: int) -> Path:
    """A roster of one person, plus one stray cell at (far_row, far_col): a few hundred bytes claiming a grid
    of far_row × far_col cells (what Ctrl+End and a typed key far down or far right leave behind)."""
    rows = [row_xml(1, ROSTER_HEADER), row_xml(2, ("张三", "1", "户主")), row_xml(far_row, ["x"], far_col)]
    return write_xlsx(path, {"一组": sheet_xml(rows)})


def inflating_xlsx(path: Path, megabytes: int) -> Path:
    """A roster whose second person's 备注 holds `megabytes` MB of one repeated character: the file is a
    thousand times smaller than its sheet (a "zip bomb" in miniature)."""
    block = "合" * (1 << 20)

    def body() -> Iterator[bytes]:
        start, *rows, _end = sheet_xml([row_xml(1, (*ROSTER_HEADER, "备注")), row_xml(2, ("张三", "1", "户主", ""))])
        yield start + b"".join(rows)
        yield (
            f'<row r="3">{cell_xml(3, 1, "李四")}{cell_xml(3, 2, "1")}{cell_xml(3, 3, "配偶")}'
            '<c r="D3" t="inlineStr"><is><t>'
        ).encode()
        for _ in range(megabytes // 3):
            yield block.encode()
        yield b"</t></is></c></row></sheetData></worksheet>"

    return write_xlsx(path, {"一组": body()})


def write_ods(path: Path, table_xml: str, name: str = "一组") -> Path:
    """A minimal OpenDocument spreadsheet with one table of the given rows."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(name)}">{table_xml}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


def ods_cell(text: str, repeat: int = 1) -> str:
    times = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return f'<table:table-cell{times} office:value-type="string"><text:p>{escape(text)}</text:p></table:table-cell>'


def ods_row(cells: Iterable[str], repeat: int = 1) -> str:
    times = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{times}>" + "".join(cells) + "</table:table-row>"


def repeated_ods(path: Path, rows: int, width: int) -> Path:
    """A header and one data row written once but repeated rows × width times: a 1 KB file of many cells."""
    header = ods_row(ods_cell(h) for h in ROSTER_HEADER)
    return write_ods(path, header + ods_row([ods_cell("合计", width)], rows))


def far_ods(path: Path, far_row: int, far_col: int) -> Path:
    """One person, then a stray cell far down and to the right (empty rows and cells in between, repeated)."""
    header = ods_row(ods_cell(h) for h in ROSTER_HEADER)
    person = ods_row(ods_cell(v) for v in ("张三", "1", "户主"))
    gap = f'<table:table-row table:number-rows-repeated="{far_row - 3}"><table:table-cell/></table:table-row>'
    stray = ods_row([f'<table:table-cell table:number-columns-repeated="{far_col - 1}"/>', ods_cell("x")])
    return write_ods(path, header + person + gap + stray)


# --- an encrypted workbook: an OLE2 compound file holding EncryptionInfo and EncryptedPackage -------------

_SECTOR = 512
_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def _dir_entry(name: str, kind: int, child: int = _FREE, right: int = _FREE, start: int = _END, size: int = 0) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return struct.pack(
        "<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1, _FREE, right, child, b"\0" * 16, 0, 0, 0, start, size
    )


def encrypted_workbook(path: Path, package: bytes) -> Path:
    """What Excel and WPS write for a workbook with an open password (ECMA-376 agile encryption): not a zip
    but a compound file whose EncryptedPackage stream holds the encrypted zip. The streams are at least
    4,096 bytes, so they live in ordinary sectors and no mini stream is needed."""
    info = struct.pack("<HHI", 4, 4, 0x40) + (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><encryption '
        b'xmlns="http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" blockSize="16" '
        b'keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" '
        b'hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></encryption>'
    )
    info = info.ljust(4096, b"\0")
    package = struct.pack("<Q", len(package)) + package
    package = package.ljust(max(4096, len(package)), b"\0")
    streams = [info, package]
    # sector 0: FAT, sector 1: directory, then the streams' sectors
    chains: list[int] = [_FAT, _END]
    starts = []
    for data in streams:
        count = -(-len(data) // _SECTOR)
        first = len(chains)
        starts.append(first)
        chains += [first + i + 1 for i in range(count - 1)] + [_END]
    assert len(chains) <= _SECTOR // 4, "one FAT sector is enough for these streams"
    fat = struct.pack(f"<{_SECTOR // 4}I", *(chains + [_FREE] * (_SECTOR // 4 - len(chains))))
    directory = (
        _dir_entry("Root Entry", 5, child=1)
        + _dir_entry("EncryptionInfo", 2, right=2, start=starts[0], size=len(streams[0]))
        + _dir_entry("EncryptedPackage", 2, start=starts[1], size=len(streams[1]))
        + b"\0" * 128
    )
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\0" * 16,
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        1,
        1,
        0,
        4096,
        _END,
        0,
        _END,
        0,
    ) + struct.pack("<109I", 0, *([_FREE] * 108))
    body = b"".join(s.ljust(-(-len(s) // _SECTOR) * _SECTOR, b"\0") for s in streams)
    path.write_bytes(header + fat + directory + body)
    return path
