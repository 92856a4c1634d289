"""Village workbooks the way villages keep them, each with its ground truth.

Why: the product's promise is 不落一户、不漏一人. The hand-made fixtures (make_fixtures.py) pin single cells;
this module makes whole rosters and quarantine ledgers in the shapes clerks send — one sheet per 村民小组 or
one sheet with a 组别 column, titles and a 填报单位 line, one- or two-row headers with merged parents,
household cells merged down over the members, the header copied again after a page break, two tables in one
sheet, blank rows, 小计/合计 rows, 填表人/审核人 footers and 说明 notes, ID numbers valid, missing, typed as
numbers or with a wrong check digit, 15-digit legacy numbers and a small x, one group spelled several ways
(一组 / 1组 / 第一组 / 第1村民小组) and a village whose grids are spelled its own way, a page break inside a
household (print title and header again, blank household cells below), the templates' other columns
(户别 / 户口类型 / 人户一致标识, 居住状态, √ and 是/否 columns; a ledger's 包保责任人 > 姓名|电话, 来源地,
末次接触日期, 告知书/承诺书/封条, 实际解除日期 and ended cases), a ledger naming the people of a roster imported
before it, .ods written by hand, dates and phones spelled every way — and, beside each workbook, what a
clerk means by it: the people, households, groups and cases the import must produce, and what each
non-blank row of each sheet is (a person taken, merged, refused, or a row that is not data).

Everything is deterministic from (shape, seed); `roster_from_seed(seed)` / `ledger_from_seed(seed)` also draw
the shape from the seed. To save and open an example a test reported:

    .venv/bin/python -m tests.data.village_workbooks roster 1234 /tmp/out      # shape drawn from the seed
    .venv/bin/python -m tests.data.village_workbooks ledger 1234 /tmp/out
    .venv/bin/python -m tests.data.village_workbooks fixed /tmp/out            # the four measured failures
    .venv/bin/python -m tests.data.village_workbooks shape "RosterShape(fmt='xls', …)" 0 /tmp/out  # as a test prints it

Each writes the workbook and a `.truth.txt` beside it (every row and what it is).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import random
import re
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from db.models.quarantine import CaseKind, CaseReason, CaseStatus

# --- cells and sheets ----------------------------------------------------------------------------------


@dataclass
class Sheet:
    """A sheet as written: values by (row, column), 0-based; a merged range's value sits in its first cell."""

    name: str
    cells: dict[tuple[int, int], object] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (r0, c0, r1, c1), inclusive
    next_row: int = 0

    def put(self, row: int, col: int, value: object) -> None:
        if value is not None and value != "":
            self.cells[(row, col)] = value

    def merge(self, r0: int, c0: int, r1: int, c1: int) -> None:
        if (r1, c1) != (r0, c0):
            self.merges.append((r0, c0, r1, c1))

    def write_row(self, values: list[object]) -> int:
        row = self.next_row
        for col, value in enumerate(values):
            self.put(row, col, value)
        self.next_row += 1
        return row

    def blank(self) -> None:
        self.next_row += 1

    @property
    def width(self) -> int:
        return max((c for _r, c in self.cells), default=-1) + 1

    def grid(self) -> list[list[object]]:
        height = max((r for r, _c in self.cells), default=-1) + 1
        rows: list[list[object]] = [[None] * self.width for _ in range(height)]
        for (r, c), v in self.cells.items():
            rows[r][c] = v
        return rows


class LostDigits(float):
    """An 18-digit ID number typed into a number cell: Excel keeps 15 significant digits."""

    @classmethod
    def of(cls, digits: str) -> LostDigits:
        return cls(float(f"{float(digits):.15g}"))


FULLWIDTH = str.maketrans("0123456789Xx", "０１２３４５６７８９Ｘｘ")


def write_workbook(sheets: list[Sheet], path: Path) -> Path:
    """Write by the path's suffix: .xlsx (openpyxl), .xls (xlwt, real BIFF8), .ods (OpenDocument, written
    here: a zip of XML, as LibreOffice writes it, with merged cells as spans over covered cells), .csv (GBK)
    or .utf8.csv (UTF-8 with BOM). A csv holds the first sheet, merged cells as a clerk's "save as csv"
    leaves them: the value once, blank below and to the right."""
    name = path.name
    if name.endswith(".xlsx"):
        _write_xlsx(sheets, path)
    elif name.endswith(".ods"):
        _write_ods(sheets, path)
    elif name.endswith(".xls"):
        _write_xls(sheets, path)
    elif name.endswith(".utf8.csv"):
        path.write_bytes(_csv_text(sheets[0]).encode("utf-8-sig"))
    elif name.endswith(".csv"):
        path.write_bytes(_csv_text(sheets[0]).encode("gbk"))
    else:
        raise ValueError(f"unknown suffix: {path}")
    return path


def _write_xlsx(sheets: list[Sheet], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        for (r, c), v in sorted(sheet.cells.items()):
            cell = ws.cell(row=r + 1, column=c + 1, value=float(v) if isinstance(v, LostDigits) else v)
            if isinstance(v, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(v, LostDigits):
                cell.number_format = "0"
        for r0, c0, r1, c1 in sheet.merges:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    wb.save(path)


def _write_xls(sheets: list[Sheet], path: Path) -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    number_style = xlwt.easyxf(num_format_str="0")
    plain = xlwt.Style.default_style
    for sheet in sheets:
        ws = wb.add_sheet(sheet.name, cell_overwrite_ok=True)
        merged_first = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in sheet.merges}
        for (r, c), v in sorted(sheet.cells.items()):
            style = date_style if isinstance(v, date) else number_style if isinstance(v, LostDigits) else plain
            value = float(v) if isinstance(v, LostDigits) else v
            if (r, c) in merged_first:
                r1, c1 = merged_first.pop((r, c))
                ws.write_merge(r, r1, c, c1, value, style)
            else:
                ws.write(r, c, value, style)
        for (r0, c0), (r1, c1) in merged_first.items():  # a merge whose first cell is blank
            ws.merge(r0, r1, c0, c1)
    wb.save(str(path))


_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2"'
)


def _ods_cell(value: object, span: tuple[int, int] | None) -> str:
    from xml.sax.saxutils import escape

    attrs = ""
    if span is not None:
        attrs += f' table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"'
    if value is None:
        return f"<table:table-cell{attrs}/>"
    if isinstance(value, date):
        shown = value.isoformat()
        attrs += f' office:value-type="date" office:date-value="{shown}" table:style-name="ce1"'
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        shown = f"{number:.15g}" if isinstance(value, LostDigits) else str(value)
        attrs += (
            f' office:value-type="float" office:value="{number!r}"'
            if isinstance(value, float)
            else (f' office:value-type="float" office:value="{value}"')
        )
    else:
        shown = str(value)
        attrs += ' office:value-type="string"'
    lines = "".join(f"<text:p>{escape(line)}</text:p>" for line in shown.split("\n"))
    return f"<table:table-cell{attrs}>{lines}</table:table-cell>"


def _write_ods(sheets: list[Sheet], path: Path) -> None:
    """A minimal OpenDocument spreadsheet: mimetype stored first, content.xml, a manifest."""
    import zipfile
    from xml.sax.saxutils import quoteattr

    tables = []
    for sheet in sheets:
        grid = sheet.grid()
        spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in sheet.merges}
        covered = {
            (r, c)
            for r0, c0, r1, c1 in sheet.merges
            for r in range(r0, r1 + 1)
            for c in range(c0, c1 + 1)
            if (r, c) != (r0, c0)
        }
        width = max(1, sheet.width)
        rows = []
        for r, row in enumerate(grid):
            cells = [
                "<table:covered-table-cell/>" if (r, c) in covered else _ods_cell(v, spans.get((r, c)))
                for c, v in enumerate(row)
            ]
            rows.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
        tables.append(
            f"<table:table table:name={quoteattr(sheet.name or 'Sheet1')}>"
            f'<table:table-column table:number-columns-repeated="{width}"/>'
            f"{''.join(rows) or '<table:table-row><table:table-cell/></table:table-row>'}"
            "</table:table>"
        )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS}>'
        '<office:automatic-styles><number:date-style style:name="N1"><number:year number:style="long"/>'
        '<number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text>'
        '<number:day number:style="long"/></number:date-style>'
        '<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>'
        "</office:automatic-styles>"
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, LostDigits):
        return f"{float(value):.5E}"  # what Excel shows of it, and so saves: 4.20102E+17
    if isinstance(value, date):
        return f"{value.year}/{value.month}/{value.day}"  # Excel's short date in a Chinese Windows
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _csv_text(sheet: Sheet) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in sheet.grid():
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue()


# --- people --------------------------------------------------------------------------------------------

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
REGIONS = ("110105", "130102", "410122", "420102", "510104", "320106", "370102", "420902")
SURNAMES = tuple(
    "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向汤康易乔赖文"
)
GIVEN = tuple(
    "建国秀英伟芳军丽明华强敏静磊洋勇艳杰娟涛超霞平刚桂兰志红玉梅海燕鹏飞云春林辉宇婷浩雪琴凤荣新德福宏波亮斌晨欣怡佳慧"
)
RARE_NAMES = ("钱𠮷祥", "刘䶮", "𠮷利民", "王䶮", "𠮷秀英", "陈䶮文")
DOTTED_NAMES = (
    "阿依古丽·买买提",
    "艾力·买买提",
    "古丽娜尔·吐尔逊",
    "买买提·依明",
    "迪丽努尔·艾山",
    "热依拉·阿不都",
)
CN_DIGITS = "〇一二三四五六七八九十"


def check_digit(first17: str) -> str:
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def id_number(region: str, birth: date, seq: int) -> str:
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + check_digit(body)


#: The spellings of a group's name: 一组 / 1组 / 第一村民小组 / 第一组 / 第1村民小组.
GROUP_STYLES = ("cn", "digit", "villager", "ordinal", "villager_digit")


def group_label(n: int, style: str) -> str:
    """一组 / 1组 / 第一村民小组 / 第一组 / 第1村民小组."""
    cn = CN_DIGITS[n] if n <= 10 else str(n)
    return {
        "cn": f"{cn}组",
        "digit": f"{n}组",
        "villager": f"第{cn}村民小组",
        "ordinal": f"第{cn}组",
        "villager_digit": f"第{n}村民小组",
    }[style]


_GROUP = re.compile(r"第?([〇一二三四五六七八九十\d]+)(?:村民小组|小组|组)")


def group_number(text: str) -> int | None:
    """The group a name means: 一组, 1组, 第三村民小组, 东风村六组 → its number; None for 未分组 and the like."""
    found = _GROUP.search(text or "")
    if found is None:
        return None
    token = found.group(1)
    if token.isdigit():
        return int(token)
    if token == "十":
        return 10
    if token.startswith("十"):
        return 10 + CN_DIGITS.index(token[1])
    return CN_DIGITS.index(token) if len(token) == 1 else None


@dataclass
class TruthPerson:
    name: str
    sex: str
    birth: date
    relation: str  # the census value the clerk's word means
    relation_word: str
    id_number: str | None  # the number to be stored (None: no number given)
    phone: str = ""  # the mobile as it must be stored
    household: int = 0  # index into the truth's households
    group: int = 0
    status: str = "在村"  # 人员状态 as it must be stored (from a 居住状态 column)
    chronic: bool = False
    pregnant: bool = False


@dataclass
class TruthHousehold:
    group: int
    number: str
    door: str
    head: str
    landline: str = ""  # as it must be stored in household.phone ("0311-86001234")
    door_text: str = ""  # the door as this file writes it ("东风村一组65号"), when not just the door
    members: list[str] = field(default_factory=list)  # names of the people taken
    spelling: str = "cn"  # how this household's rows spell its group (a style of GROUP_STYLES)
    kind_words: str = ""  # 户别 / 户口类型 / 人户一致标识 as written
    kinds: tuple[str, ...] = ("常住",)  # what household.kind may be after it


@dataclass
class RowTruth:
    """What one non-blank row of a sheet is: created / merged / refused / skipped, and a word on why."""

    sheet: str
    row: int  # 1-based, as Excel shows it
    outcome: str
    what: str


def _unique_name(rng: random.Random, taken: set[str], surname: str | None, allowed: str) -> str:
    for _ in range(200):
        if allowed == "rare" and rng.random() < 0.08:
            name = rng.choice(RARE_NAMES + DOTTED_NAMES)
        elif allowed in ("rare", "dotted") and rng.random() < 0.05:
            name = rng.choice(DOTTED_NAMES)
        else:
            s = surname or rng.choice(SURNAMES)
            name = s + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        if name not in taken:
            taken.add(name)
            return name
    raise RuntimeError("no name left")  # pragma: no cover


_HEAD_WORDS = ("户主", "户主", "户主", "本人")
_SPOUSE_WORDS = {"男": ("配偶", "夫", "丈夫", "之夫"), "女": ("配偶", "妻", "妻子", "之妻")}
_CHILD_WORDS = {
    "男": ("子女", "之子", "长子", "次子", "儿子", "子"),
    "女": ("子女", "之女", "长女", "次女", "女儿", "女"),
}
_OTHER_RELATIONS = (
    ("父母", {"男": ("父亲", "父母"), "女": ("母亲", "父母")}),
    ("孙子女", {"男": ("孙子",), "女": ("孙女",)}),
    ("媳婿", {"男": ("女婿",), "女": ("儿媳",)}),
)


def _birth(rng: random.Random, low: int, high: int) -> date:
    high = min(high, 2019)
    year = rng.randint(min(max(low, 1925), high), high)
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))


def _household_people(rng: random.Random, size: int, taken: set[str], names: str) -> list[TruthPerson]:
    head_sex = "男" if rng.random() < 0.8 else "女"
    head_birth = _birth(rng, 1940, 1988)
    surname = rng.choice(SURNAMES)
    people = [
        TruthPerson(
            _unique_name(rng, taken, surname, names),
            head_sex,
            head_birth,
            "户主",
            rng.choice(_HEAD_WORDS),
            None,
        )
    ]
    if size > 1 and rng.random() < 0.8:
        sex = "女" if head_sex == "男" else "男"
        people.append(
            TruthPerson(
                _unique_name(rng, taken, None, names),
                sex,
                _birth(rng, head_birth.year - 5, head_birth.year + 5),
                "配偶",
                rng.choice(_SPOUSE_WORDS[sex]),
                None,
            )
        )
    while len(people) < size:
        sex = rng.choice("男女")
        if rng.random() < 0.75:
            people.append(
                TruthPerson(
                    _unique_name(rng, taken, surname, names),
                    sex,
                    _birth(rng, head_birth.year + 20, head_birth.year + 35),
                    "子女",
                    rng.choice(_CHILD_WORDS[sex]),
                    None,
                )
            )
        else:
            relation, words = rng.choice(_OTHER_RELATIONS)
            low, high = {"父母": (head_birth.year - 32, head_birth.year - 22)}.get(
                relation, (head_birth.year + 40, head_birth.year + 60)
            )
            if relation == "媳婿":
                low, high = head_birth.year + 20, head_birth.year + 35
            people.append(
                TruthPerson(
                    _unique_name(rng, taken, None, names),
                    sex,
                    _birth(rng, low, high),
                    relation,
                    rng.choice(words[sex]),
                    None,
                )
            )
    return people


class _Ids:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken: set[str] = set()

    def valid(self, birth: date, sex: str, x: bool = False) -> str:
        """An 18-digit number (x: one whose check digit is X)."""
        while True:
            seq = self.rng.randrange(1, 999)
            if (seq % 2 == 1) != (sex == "男"):
                seq = seq + 1 if seq < 998 else seq - 1
            number = id_number(self.rng.choice(REGIONS), birth, seq)
            if x and not number.endswith("X"):
                continue
            if number not in self.taken:
                self.taken.add(number)
                return number

    def legacy(self, birth: date, sex: str) -> str:
        """A 15-digit number of the first generation: region, yymmdd, three digits (odd for men)."""
        while True:
            seq = self.rng.randrange(1, 999)
            if (seq % 2 == 1) != (sex == "男"):
                seq = seq + 1 if seq < 998 else seq - 1
            number = f"{self.rng.choice(REGIONS)}{birth:%y%m%d}{seq:03d}"
            if number not in self.taken:
                self.taken.add(number)
                return number


def _mobile(rng: random.Random) -> str:
    return rng.choice(("138", "139", "150", "151", "186", "187", "135", "177")) + "".join(
        rng.choice("0123456789") for _ in range(8)
    )


def _date_spelled(rng: random.Random, d: date, fmt: str, cells_ok: bool = True) -> object:
    """A date as clerks type it: a date cell, 1990.5.1, 1990年5月1日, 19900501, 1990/5/1, 1990-05-01."""
    choices = (
        ["cell", "dots", "chinese", "digits", "slashes", "iso"]
        if cells_ok
        else ["dots", "chinese", "digits", "slashes", "iso"]
    )
    how = rng.choice(choices)
    return {
        "cell": d,
        "dots": f"{d.year}.{d.month}.{d.day}",
        "chinese": f"{d.year}年{d.month}月{d.day}日",
        "digits": f"{d:%Y%m%d}",
        "slashes": f"{d.year}/{d.month}/{d.day}",
        "iso": d.isoformat(),
    }[how]


def _landline_spelled(rng: random.Random, landline: str, mess: bool) -> str:
    """0311-86001234 as clerks write it: (0311)86001234, 0311 86001234, 031186001234."""
    if not mess:
        return landline
    area, local = landline.split("-")
    return rng.choice((landline, f"({area}){local}", f"{area} {local}", f"{area}{local}", f"（{area}）{local}"))


def _phone_spelled(rng: random.Random, phone: str, mess: bool) -> object:
    if not mess:
        return phone
    how = rng.random()
    if how < 0.3:
        return int(phone)  # a number cell (11 digits survive)
    if how < 0.4:
        return f"{phone[:3]}-{phone[3:7]}-{phone[7:]}"
    if how < 0.5:
        return f"{phone[:3]} {phone[3:7]} {phone[7:]}"
    if how < 0.55:
        return phone.translate(FULLWIDTH)
    return phone


# --- rosters -------------------------------------------------------------------------------------------

FORMATS = ("xlsx", "xls", "csv", "utf8.csv", "ods")
#: Formats that keep merged cells (a csv keeps the value once, blank below and to the right).
MERGING = ("xlsx", "xls", "ods")


@dataclass(frozen=True)
class RosterShape:
    """How a village keeps its roster. The first value of each choice is the plainest (hypothesis shrinks to it)."""

    fmt: str = "xlsx"  # one of FORMATS
    per_group_sheets: bool = False  # one sheet per 村民小组 named after it, no 组别 column (not for csv)
    group_style: str = "cn"  # 一组 / 1组 / 第一村民小组
    # one_row | contact (联系方式 > 手机|固定电话) | address (现住址 > 组别|门牌) | hukou (户籍地址 > 省|市|县)
    header: str = "one_row"
    keys: str = "number"  # number (户号) | door (组别+门牌) | head (组别+户主) | above (only 与户主关系: the row above)
    head_column: bool = False  # with 户号: a 户主 column too
    door_column: bool = False  # with 户号 or 户主: a 门牌号 column too
    household_cells: str = (
        "repeat"  # repeat | merge (merged down over the members; csv: once, blank below) | first (once)
    )
    #: 组别 cells: as the household cells, or merged down (csv: once) over each run of a group's rows.
    group_cells: str = "household"  # household | block
    leading_zeros: bool = True  # 户号 "001" (text) rather than 1 (a number cell)
    header_copy: bool = False  # the header again in the middle of each table (a page break), with its merges
    two_tables: bool = False  # a second title + header further down each sheet
    titles: bool = False  # a title row and a 填报单位/日期 line above the header
    footer: bool = False  # 小计 after each group, 合计, 填表人/审核人, 说明
    blank_rows: bool = False
    mess: bool = (
        False  # IDs missing / typed as numbers / bad check digit / impossible date; dates, phones as clerks type
    )
    duplicates: bool = False  # a member's row written twice (same ID number): one person, merged
    refuse_heads: bool = False  # the refused rows may be a household's first row
    names: str = "plain"  # plain | dotted (阿依古丽·买买提) | rare (𠮷, 䶮 too; not in a GBK csv)
    shared_doors: bool = True  # the groups' door numbers overlap (1组65号 and 6组65号)
    groups: int = 2
    households: int = 3  # per group
    household_size: int = 3  # at most
    #: Exact household sizes per group (overrides groups / households / household_size).
    sizes: tuple[tuple[int, ...], ...] | None = None
    #: One group spelled several ways in the file (一组 in some rows, 1组 / 第一组 / 第1村民小组 in others; with
    #: one sheet per group, a group's households split over two sheets named two ways): one grid, named as
    #: first seen.
    group_mix: bool = False
    #: The village already has grids for some of the groups, spelled its own way: the file's group is that grid.
    grids_before: bool = False
    #: A page break inside a household: the print title (none | title | title_unit: the title and the 填报单位
    #: line) and the header repeated between two of its members, those below with blank household cells.
    page_break: str = "none"
    legacy_ids: bool = False  # 15-digit numbers of people born before 2000 (kept, with a warning)
    x_ids: bool = False  # numbers ending in X, mostly typed as a small x
    #: Columns of the official templates: 户别 / 户口类型 / 人户一致标识 (household), 民族, 居住状态, and 慢性病 /
    #: 孕产妇 / 60岁以上 as tick (√) or 是/否 columns, sometimes under a 重点人群 parent.
    extras: bool = False

    @property
    def suffix(self) -> str:
        return "." + self.fmt

    def normalised(self) -> RosterShape:
        """The shape as it can be written: a csv is one sheet; 现住址 > 组别|门牌 needs a 组别 column."""
        shape = self
        if shape.fmt.endswith("csv"):
            shape = dataclasses.replace(shape, per_group_sheets=False)
        if shape.fmt == "csv" and shape.names == "rare":
            shape = dataclasses.replace(shape, names="dotted")
        if shape.header == "address" and shape.per_group_sheets:
            shape = dataclasses.replace(shape, header="contact")
        return shape


@dataclass
class Roster:
    shape: RosterShape
    seed: int
    sheets: list[Sheet]
    people: dict[str, TruthPerson]  # by name (names are unique in a generated village)
    households: list[TruthHousehold]
    rows: list[RowTruth]
    #: The grids the village has before the import (fresh_ledger makes them), and the name each group of
    #: the file must be stored under: that grid's, else the spelling the file uses first.
    grids_before: tuple[str, ...] = ()
    grid_names: dict[int, str] = field(default_factory=dict)
    has_door: bool = False  # the file gives door numbers (household.door_no is then the truth's door)

    @property
    def groups(self) -> set[int]:
        return {h.group for h in self.households if h.members}

    @property
    def taken_households(self) -> list[TruthHousehold]:
        return [h for h in self.households if h.members]

    @property
    def grids_after(self) -> set[str]:
        return set(self.grids_before) | {self.grid_names[g] for g in self.groups}

    def write(self, folder: Path, stem: str = "roster") -> Path:
        path = write_workbook(self.sheets, folder / f"{stem}{self.shape.suffix}")
        return path

    def describe(self) -> str:
        lines = [
            f"{self.shape!r} seed={self.seed}",
            f"{len(self.people)} people, {len(self.taken_households)} households, groups {sorted(self.groups)}",
            f"grids before the import: {'、'.join(self.grids_before) or '(none)'}; groups stored as "
            + "、".join(f"{g}→{n}" for g, n in sorted(self.grid_names.items())),
        ]
        lines += [f"{r.sheet or '(csv)'}!{r.row}: {r.outcome} — {r.what}" for r in self.rows]
        return "\n".join(lines)


@dataclass
class _Column:
    key: str
    header: str
    parent: str = ""


_HOUSEHOLD_KEYS = ("group", "number", "head", "door", "landline", "hukind")
#: 户别 / 户口类型 / 人户一致标识: (header, words, the household.kind values each may be read as).
_HOUSEHOLD_KIND_COLUMNS = (
    ("户别", (("家庭户", ("常住",)),)),
    ("户口类型", (("农业", ("常住",)), ("非农业", ("常住",)))),
    (
        "人户一致标识",
        (("人户一致", ("常住",)), ("人在户不在", ("常住",)), ("户在人不在", ("常住", "空挂户"))),
    ),
)
#: 居住状态 words and the 人员状态 each means.
_LIVING_WORDS = (("在家", "在村"), ("在家", "在村"), ("外出", "外出"), ("返乡", "返乡"), ("外来(流入)", "暂住"))


def _roster_columns(shape: RosterShape, rng: random.Random) -> list[_Column]:
    cols = [_Column("seq", "序号")]
    group_col = not shape.per_group_sheets
    if group_col and shape.header != "address":
        cols.append(_Column("group", rng.choice(("组别", "村民小组", "组别"))))
    if shape.keys == "number":
        cols.append(_Column("number", "户号"))
    if shape.keys == "head" or (shape.keys == "number" and shape.head_column):
        cols.append(_Column("head", rng.choice(("户主", "户主姓名"))))
    if shape.extras:
        cols.append(_Column("hukind", rng.choice(_HOUSEHOLD_KIND_COLUMNS)[0]))
    cols.append(_Column("name", rng.choice(("姓名", "姓名", "名字"))))
    cols.append(_Column("relation", rng.choice(("与户主关系", "与户主关系", "关系"))))
    cols.append(_Column("sex", "性别"))
    if shape.extras:
        cols.append(_Column("nation", "民族"))
    cols.append(_Column("id", rng.choice(("公民身份号码", "身份证号码", "身份证号"))))
    cols.append(_Column("birth", rng.choice(("出生日期", "出生年月日"))))
    if shape.header in ("contact", "hukou"):
        cols += [_Column("mobile", "手机", "联系方式"), _Column("landline", "固定电话", "联系方式")]
    else:
        cols.append(_Column("mobile", "联系电话"))
    door = shape.keys == "door" or shape.door_column
    if shape.header == "address":
        cols += [_Column("group", "组别", "现住址"), _Column("door", "门牌", "现住址")]
    elif door:
        cols.append(_Column("door", rng.choice(("门牌号", "门牌"))))
    if shape.header == "hukou":
        cols += [
            _Column("province", "省", "户籍地址"),
            _Column("city", "市", "户籍地址"),
            _Column("county", "县", "户籍地址"),
        ]
    if shape.extras:
        cols.append(_Column("living", "居住状态"))
        ticks = rng.choice(("tick", "yesno"))
        parent = "重点人群" if rng.random() < 0.5 else ""
        flags = [
            _Column(f"senior_{ticks}", "60岁以上" if parent or ticks == "tick" else "是否60岁以上", parent),
            _Column(f"chronic_{ticks}", "慢性病" if parent or ticks == "tick" else "是否有慢性病", parent),
            _Column(f"pregnant_{ticks}", "孕产妇" if parent or ticks == "tick" else "是否孕产妇", parent),
        ]
        cols += flags
    cols.append(_Column("note", "备注"))
    return cols


def _write_header(sheet: Sheet, cols: list[_Column], merges: bool) -> list[int]:
    """The header (one row, or two under parents); returns its row numbers (0-based)."""
    two = any(c.parent for c in cols)
    top = sheet.next_row
    if not two:
        sheet.write_row([c.header for c in cols])
        return [top]
    sheet.next_row += 2
    c = 0
    while c < len(cols):
        col = cols[c]
        if col.parent:
            end = c
            while end + 1 < len(cols) and cols[end + 1].parent == col.parent:
                end += 1
            sheet.put(top, c, col.parent)
            if merges:
                sheet.merge(top, c, top, end)
            for k in range(c, end + 1):
                sheet.put(top + 1, k, cols[k].header)
            c = end + 1
        else:
            sheet.put(top, c, col.header)
            if merges:
                sheet.merge(top, c, top + 1, c)
            c += 1
    return [top, top + 1]


_NOTES = ("", "", "", "在武汉务工", "新生儿未办证", "独居老人", "在校学生", "返乡", "外出务工")
_PROVINCES = (
    ("河北省", "石家庄市", "长安区"),
    ("湖北省", "武汉市", "江岸区"),
    ("河南省", "郑州市", "中牟县"),
)
UNIT_LINE = "填报单位：东风村村民委员会　　填报日期：2020年2月5日"
#: The official header lines spread over cells, as the township's template has them.
UNIT_CELLS = [
    "红旗镇(街道)",
    None,
    "东风村(社区)",
    None,
    "填报人：李文书",
    None,
    "联系电话：",
    None,
    "填报日期：2020年2月5日",
]


def _id_cell(
    rng: random.Random, p: TruthPerson, ids: _Ids, shape: RosterShape, refusable: bool
) -> tuple[object, str | None]:
    """(cell, why it is refused or None); sets p.id_number to what must be stored."""
    if shape.legacy_ids and 1900 <= p.birth.year < 2000 and rng.random() < 0.3:
        # 15 digits: kept as given (a warning, never a refusal), also from a number cell (15 digits fit).
        number = ids.legacy(p.birth, p.sex)
        p.id_number = number
        roll = rng.random()
        if roll < 0.3:
            return int(number), None
        if roll < 0.4 and shape.mess:
            return number.translate(FULLWIDTH), None
        return number, None
    if shape.x_ids and rng.random() < 0.35:
        # A check digit X, typed as a small x more often than not: stored as X.
        number = ids.valid(p.birth, p.sex, x=True)
        p.id_number = number
        return (number[:17] + "x" if rng.random() < 0.7 else number), None
    number = ids.valid(p.birth, p.sex)
    if not shape.mess:
        p.id_number = number
        return number, None
    roll = rng.random()
    if refusable and roll < 0.05 and not number.endswith("X"):
        return LostDigits.of(number), "身份证号存成了数字，后几位已丢失"
    if refusable and roll < 0.10:
        wrong = "0" if number[-1] != "0" else "1"
        return number[:17] + wrong, "身份证号校验位错误"
    if refusable and roll < 0.13:
        body = f"{number[:6]}{p.birth.year}0230{number[14:17]}"
        return body + check_digit(body), "身份证号中的出生日期不存在（2月30日）"
    if roll < 0.22:
        p.id_number = None
        return None, None
    p.id_number = number
    if roll < 0.27:
        return number.translate(FULLWIDTH), None
    if roll < 0.32:
        return f" {number} ", None
    if number.endswith("X") and roll < 0.5:
        return number.lower(), None
    return number, None


def _spelling(rng: random.Random, shape: RosterShape) -> str:
    """The spelling of one household's (or row's) group: the file's, or with group_mix, any."""
    if shape.group_mix and rng.random() < 0.6:
        return rng.choice(GROUP_STYLES)
    return shape.group_style


def make_roster(shape: RosterShape, seed: int, grids_before: tuple[str, ...] | None = None) -> Roster:
    """A roster in this shape, its people drawn from the seed, with the truth of every row (grids_before:
    the village's grids before the import, else drawn when shape.grids_before)."""
    shape = shape.normalised()
    rng = random.Random(seed)
    ids = _Ids(rng)
    taken_names: set[str] = set()
    names = shape.names
    if shape.sizes is not None:
        sizes = shape.sizes
    else:
        sizes = tuple(
            tuple(
                rng.randint(1, max(1, shape.household_size))
                for _ in range(rng.randint(max(1, shape.households - 1), shape.households))
            )
            for _ in range(shape.groups)
        )
    group_numbers = sorted(rng.sample(range(1, 9), len(sizes)))
    if grids_before is None:
        grids_before = ()
        if shape.grids_before:
            # Some of the file's groups, and one it does not name, spelled the village's way.
            numbers = rng.sample(group_numbers, rng.randint(1, len(group_numbers))) + [9]
            grids_before = tuple(group_label(n, rng.choice(GROUP_STYLES)) for n in sorted(numbers))
    doors_pool = list(range(1, 120))
    households: list[TruthHousehold] = []
    family: list[list[TruthPerson]] = []
    shared = rng.sample(doors_pool, max(len(g) for g in sizes)) if shape.shared_doors else []
    kind_column = None
    cols = _roster_columns(shape, rng)
    if shape.extras:
        header = next(c.header for c in cols if c.key == "hukind")
        kind_column = dict(_HOUSEHOLD_KIND_COLUMNS)[header]
    for group, group_sizes in zip(group_numbers, sizes, strict=True):
        doors = list(shared[: len(group_sizes)]) if shape.shared_doors else rng.sample(doors_pool, len(group_sizes))
        rng.shuffle(doors)
        for k, size in enumerate(group_sizes):
            people = _household_people(rng, size, taken_names, names)
            head = people[0]
            households.append(
                TruthHousehold(
                    group,
                    f"{k + 1:03d}",
                    f"{doors[k]}号",
                    head.name,
                    f"0311-8{rng.randrange(10**6, 10**7)}" if rng.random() < 0.3 else "",
                    spelling=_spelling(rng, shape),
                )
            )
            if kind_column is not None:
                households[-1].kind_words, households[-1].kinds = rng.choice(kind_column)
            family.append(people)
            if shape.per_group_sheets and rng.random() < 0.5:
                spelled = _spelling(rng, shape)
                households[-1].door_text = f"东风村{group_label(group, spelled)}{doors[k]}号"
            for p in people:
                p.household = len(households) - 1
                p.group = group
    # A second table further down may carry its own header (the other layout of the same columns).
    other = rng.choice([h for h in ("one_row", "contact", "address", "hukou") if h != shape.header])
    table_cols = (
        cols,
        _roster_columns(dataclasses.replace(shape, header=other).normalised(), rng) if rng.random() < 0.5 else cols,
    )
    width = len(cols)
    merges = shape.fmt in MERGING
    rows: list[RowTruth] = []
    people_taken: dict[str, TruthPerson] = {}

    # Sheets and their tables: which households go where, and the spelling a sheet names its group by.
    by_group: dict[int, list[int]] = {}
    for i, h in enumerate(households):
        by_group.setdefault(h.group, []).append(i)
    sheet_plan: list[tuple[str, list[list[int]]]]
    if shape.per_group_sheets:
        sheet_plan = []
        later: list[tuple[str, list[list[int]]]] = []
        for g, hs in by_group.items():
            first = group_label(g, shape.group_style)
            if shape.group_mix and len(hs) > 1 and rng.random() < 0.7:
                # The group's last households on a sheet of their own, further on, named another way.
                again = group_label(g, rng.choice([s for s in GROUP_STYLES if group_label(g, s) != first]))
                cut = rng.randint(1, len(hs) - 1)
                sheet_plan.append((first, [hs[:cut]]))
                later.append((again, [hs[cut:]]))
            else:
                sheet_plan.append((first, [hs]))
        sheet_plan += later
    else:
        flat = [i for hs in by_group.values() for i in hs]
        sheet_name = "" if shape.fmt.endswith("csv") else rng.choice(("花名册", "Sheet1", "户籍人口"))
        sheet_plan = [(sheet_name, [flat])]
    if shape.two_tables:
        split_plan = []
        for name, (hs,) in sheet_plan:
            cut = max(1, len(hs) // 2) if len(hs) > 1 else len(hs)
            split_plan.append((name, [hs[:cut], hs[cut:]] if hs[cut:] else [hs]))
        sheet_plan = split_plan

    sheets: list[Sheet] = []
    seq = 0
    #: (sheet, row, group, column of the 组别 cell or None, the group the table's title/sheet name says)
    group_cells: list[tuple[Sheet, int, int, int | None, str]] = []
    for sheet_name, tables in sheet_plan:
        sheet = Sheet(sheet_name)
        sheets.append(sheet)

        def skipped(row: int, what: str, sheet: Sheet = sheet) -> None:
            rows.append(RowTruth(sheet.name, row + 1, "skipped", what))

        first_title = ""
        for t, table in enumerate(tables):
            cols = table_cols[0] if t == 0 else table_cols[1]
            keys = [c.key for c in cols]
            group_col = keys.index("group") if "group" in keys else None
            width = len(cols)
            if t > 0:
                sheet.blank()
            # A sheet per group names its group by its name, or by its title when it has one.
            table_group = sheet_name
            if shape.titles or t > 0:
                where = sheet_name if shape.per_group_sheets else ""
                title = f"东风村{where}户籍人口花名册"
                if t > 0:  # the second table's own title
                    title = rng.choice((title + "（续）", title + "（续表）", f"东风村{where}外出人员名单", title))
                else:
                    first_title = title
                r = sheet.write_row([title])
                if merges:
                    sheet.merge(r, 0, r, width - 1)
                skipped(r, "标题")
                if t == 0:
                    if rng.random() < 0.5:
                        r = sheet.write_row([UNIT_LINE])
                        if merges:
                            sheet.merge(r, 0, r, width - 1)
                    else:
                        r = sheet.write_row(UNIT_CELLS)
                    skipped(r, "填报单位/日期")
            for r in _write_header(sheet, cols, merges):
                skipped(r, "表头")
            copy_at = len(table) // 2 if shape.header_copy and len(table) > 1 else None
            # The household a page break cuts, and before which of its members.
            splittable = [k for k, hi in enumerate(table) if len(family[hi]) > 1]
            break_at: tuple[int, int] | None = None
            if shape.page_break != "none" and t == 0 and splittable:
                k = rng.choice(splittable)
                break_at = (k, rng.randint(1, len(family[table[k]]) - 1))
            group_rows: list[tuple[int, int]] = []  # (row, group) of the table's person rows
            previous_group = None
            group_households = 0
            group_people = 0
            for position, hi in enumerate(table):
                h = households[hi]
                if copy_at is not None and position == copy_at:
                    for r in _write_header(sheet, cols, merges):
                        skipped(r, "表头（分页后重复）")
                if (
                    shape.footer
                    and previous_group is not None
                    and h.group != previous_group
                    and not shape.per_group_sheets
                ):
                    r = sheet.write_row(["小计", None, f"共{group_households}户{group_people}人"])
                    skipped(r, "小计")
                    group_households = group_people = 0
                if shape.blank_rows and position and rng.random() < 0.2:
                    sheet.blank()
                previous_group = h.group
                group_households += 1
                if "landline" not in keys:
                    h.landline = ""  # no 固定电话 column: household.phone stays blank
                block_rows: list[int] = []
                after_break: list[int] = []
                for m, p in enumerate(family[hi]):
                    if break_at == (position, m):
                        # Printed pages pasted together: the print title rows and the header again.
                        if shape.titles:
                            r = sheet.write_row([first_title])
                            if merges:
                                sheet.merge(r, 0, r, width - 1)
                            skipped(r, "标题（分页后重复）")
                            if shape.page_break == "title_unit":
                                r = sheet.write_row([UNIT_LINE])
                                if merges:
                                    sheet.merge(r, 0, r, width - 1)
                                skipped(r, "填报单位/日期（分页后重复）")
                        for r in _write_header(sheet, cols, merges):
                            skipped(r, "表头（分页后重复）")
                    rows_now = (
                        after_break
                        if break_at is not None and break_at[0] == position and m >= break_at[1]
                        else block_rows
                    )
                    refusable = shape.mess and (m > 0 or (shape.refuse_heads and shape.keys != "above"))
                    cell, refused = _id_cell(rng, p, ids, shape, refusable)
                    spelled = h.spelling
                    if shape.group_mix and shape.household_cells == "repeat" and rng.random() < 0.3:
                        spelled = _spelling(rng, shape)  # a row of its own spelling
                    values = _person_cells(rng, shape, cols, p, h, cell, group_label(h.group, spelled))
                    seq += 1
                    values[0] = seq
                    r = sheet.write_row(values)
                    rows_now.append(r)
                    group_rows.append((r, h.group))
                    group_cells.append((sheet, r, h.group, group_col, table_group))
                    if refused:
                        rows.append(RowTruth(sheet.name, r + 1, "refused", f"{p.name}：{refused}"))
                    else:
                        what = p.name + ("（分页后，户的单元格为空：归上一户）" if rows_now is after_break else "")
                        rows.append(RowTruth(sheet.name, r + 1, "created", what))
                        people_taken[p.name] = p
                        h.members.append(p.name)
                        group_people += 1
                    if shape.duplicates and m > 0 and not refused and p.id_number and rng.random() < 0.25:
                        seq += 1
                        values = list(values)
                        values[0] = seq
                        r = sheet.write_row(values)
                        rows_now.append(r)
                        group_rows.append((r, h.group))
                        group_cells.append((sheet, r, h.group, group_col, table_group))
                        rows.append(RowTruth(sheet.name, r + 1, "merged", f"{p.name}（同一身份证号第二次出现）"))
                _style_household_cells(
                    sheet,
                    cols,
                    block_rows,
                    shape.household_cells,
                    merges,
                    group=shape.group_cells == "household",
                )
                for r in after_break:  # below the break: the household's cells left blank
                    for c, col in enumerate(cols):
                        if col.key in _HOUSEHOLD_KEYS and (col.key != "group" or shape.group_cells == "household"):
                            sheet.cells.pop((r, c), None)
            if shape.group_cells == "block" and group_col is not None:
                _merge_group_runs(sheet, group_col, group_rows, merges)
            if shape.footer:
                if not shape.per_group_sheets:
                    r = sheet.write_row(["小计", None, f"共{group_households}户{group_people}人"])
                    skipped(r, "小计")
                r = sheet.write_row(["合计", None, f"共{len(table)}户"])
                skipped(r, "合计")
        if shape.footer:
            sheet.blank()
            r = sheet.write_row(["填表人：李文书", None, None, "审核人：王主任"])
            skipped(r, "填表人/审核人")
            r = sheet.write_row(["说明：1.本表按户填写，户主在前；2.身份证号码请以文本格式录入。"])
            if merges:
                sheet.merge(r, 0, r, width - 1)
            skipped(r, "说明")
    if shape.per_group_sheets and shape.fmt in MERGING and rng.random() < 0.3:
        sheets.append(Sheet("Sheet3"))  # an empty sheet left in the workbook
    # The name each group is stored under: the village's grid of that number, else the first spelling read.
    grid_names = {n: g for g in grids_before if (n := group_number(g)) is not None}
    for sheet, r, group, col, table_group in group_cells:
        written = sheet.cells.get((r, col)) if col is not None else table_group
        if written:
            grid_names.setdefault(group, str(written))
    has_door = all(any(c.key == "door" for c in tc) for tc in table_cols)
    return Roster(shape, seed, sheets, people_taken, households, rows, grids_before, grid_names, has_door)


def _flag(key: str, value: bool) -> object:
    """A flag as a tick column (√ or blank) or a 是/否 column writes it."""
    if key.endswith("_tick"):
        return "√" if value else None
    return "是" if value else "否"


def _person_cells(
    rng: random.Random,
    shape: RosterShape,
    cols: list[_Column],
    p: TruthPerson,
    h: TruthHousehold,
    id_cell: object,
    group_text: str,
) -> list[object]:
    mess = shape.mess
    phone = _mobile(rng) if rng.random() < 0.8 else ""
    p.phone = phone
    birth: object = None
    if rng.random() < 0.9 or p.id_number is None:
        birth = _date_spelled(rng, p.birth, shape.fmt, cells_ok=True) if mess else p.birth.isoformat()
    door = h.door_text or h.door
    values: dict[str, object] = {
        "seq": 0,
        "group": group_text,
        "number": h.number if shape.leading_zeros else int(h.number),
        "head": h.head,
        "name": p.name,
        "relation": p.relation_word,
        "sex": p.sex,
        "id": id_cell,
        "birth": birth,
        "mobile": _phone_spelled(rng, phone, mess) if phone else None,
        "landline": _landline_spelled(rng, h.landline, mess) if h.landline else None,
        "door": door,
        "province": _PROVINCES[p.household % 3][0],
        "city": _PROVINCES[p.household % 3][1],
        "county": _PROVINCES[p.household % 3][2],
        "note": rng.choice(_NOTES) or None,
    }
    if shape.extras:
        living, p.status = rng.choice(_LIVING_WORDS)
        age = 2020 - p.birth.year
        p.chronic = age >= 40 and rng.random() < 0.3
        p.pregnant = p.sex == "女" and 20 <= age <= 40 and rng.random() < 0.3
        values.update(hukind=h.kind_words, nation="汉族", living=living)
        for col in cols:
            if col.key.startswith("senior_"):
                values[col.key] = _flag(col.key, age >= 60)
            elif col.key.startswith("chronic_"):
                values[col.key] = _flag(col.key, p.chronic)
            elif col.key.startswith("pregnant_"):
                values[col.key] = _flag(col.key, p.pregnant)
    if p.id_number is None and birth is None:
        p.birth = None  # type: ignore[assignment]
    return [values[c.key] for c in cols]


def _style_household_cells(
    sheet: Sheet, cols: list[_Column], block: list[int], style: str, merges: bool, group: bool = True
) -> None:
    """户号, 户主, 门牌 (and 组别, 固定电话) of a household: on every row, merged down, or on its first row only."""
    if style == "repeat" or len(block) < 2:
        return
    first, last = block[0], block[-1]
    for c, col in enumerate(cols):
        if col.key not in _HOUSEHOLD_KEYS or (col.key == "group" and not group):
            continue
        for r in block[1:]:
            sheet.cells.pop((r, c), None)
        if style == "merge" and merges:
            sheet.merge(first, c, last, c)


def _merge_group_runs(sheet: Sheet, col: int, group_rows: list[tuple[int, int]], merges: bool) -> None:
    """组别 merged down (csv: written once) over each run of consecutive rows of one group."""
    runs: list[list[int]] = []
    last: tuple[int, int] | None = None
    for row, group in group_rows:
        if last is not None and row == last[0] + 1 and group == last[1]:
            runs[-1].append(row)
        else:
            runs.append([row])
        last = (row, group)
    for run in runs:
        for r in run[1:]:
            sheet.cells.pop((r, col), None)
        if merges and len(run) > 1:
            sheet.merge(run[0], col, run[-1], col)


def roster_from_seed(seed: int) -> Roster:
    """A roster whose shape, too, is drawn from the seed."""
    rng = random.Random(f"shape-{seed}")
    keys = rng.choice(("number", "door", "head", "above"))
    shape = RosterShape(
        fmt=rng.choice(FORMATS),
        per_group_sheets=rng.random() < 0.5,
        group_style=rng.choice(GROUP_STYLES),
        header=rng.choice(("one_row", "contact", "address", "hukou")),
        keys=keys,
        head_column=rng.random() < 0.5,
        door_column=rng.random() < 0.5,
        household_cells=rng.choice(("repeat", "merge", "first")),
        group_cells=rng.choice(("household", "block")),
        leading_zeros=rng.random() < 0.7,
        header_copy=rng.random() < 0.4,
        two_tables=rng.random() < 0.25,
        titles=rng.random() < 0.7,
        footer=rng.random() < 0.5,
        blank_rows=rng.random() < 0.4,
        mess=rng.random() < 0.7,
        duplicates=rng.random() < 0.3,
        refuse_heads=rng.random() < 0.2,
        names=rng.choice(("plain", "dotted", "rare")),
        shared_doors=rng.random() < 0.7,
        groups=rng.randint(1, 4),
        households=rng.randint(1, 5),
        household_size=rng.randint(1, 5),
        group_mix=rng.random() < 0.3,
        grids_before=rng.random() < 0.3,
        page_break=rng.choice(("none", "none", "title", "title_unit")),
        legacy_ids=rng.random() < 0.3,
        x_ids=rng.random() < 0.3,
        extras=rng.random() < 0.3,
    )
    return make_roster(shape, seed)


# --- quarantine ledgers --------------------------------------------------------------------------------

HOME, CENTRAL, MONITOR = (k.value for k in CaseKind)
#: The clerk's words in 管控措施 and the kind each means.
MEASURE_WORDS = {
    "canonical": ((HOME, HOME), (CENTRAL, CENTRAL), (MONITOR, MONITOR)),
    "words": (
        ("居家观察", HOME),
        ("集中观察", CENTRAL),
        ("居家医学观察14天", HOME),
        ("居家隔离", HOME),
        ("集中隔离", CENTRAL),
        ("居家健康监测", MONITOR),
    ),
    # the three words failure (4) was measured with, and no others
    "measured": (("居家观察", HOME), ("集中观察", CENTRAL), ("居家医学观察14天", HOME)),
}
#: The clerk's words in 隔离原因 and the reason each means; for 其他 the words must be kept on the case.
REASON_WORDS = {
    "canonical": tuple((r.value, r.value) for r in CaseReason if r is not CaseReason.OTHER),
    "words": (
        ("武汉返乡", CaseReason.RISK_AREA.value),
        ("湖北返乡", CaseReason.RISK_AREA.value),
        ("从孝感返回", CaseReason.RISK_AREA.value),
        ("与确诊病例同乘", CaseReason.CLOSE_CONTACT.value),
        ("境外返回", CaseReason.INBOUND.value),
        ("密接", CaseReason.CLOSE_CONTACT.value),
        ("密接的密接", CaseReason.SECONDARY_CONTACT.value),
        ("探亲访友", CaseReason.OTHER.value),
        ("单位要求居家", CaseReason.OTHER.value),
    ),
}
LEDGER_GRIDS = tuple(group_label(n, "cn") for n in range(1, 7))


REASON_WORDS["template"] = (  # 人员类别 as the templates list them (04 / 05)
    ("重点地区来(返)人员(无居所或不具备居家条件)", CaseReason.RISK_AREA.value),
    ("重点地区返乡", CaseReason.RISK_AREA.value),
    ("密切接触者", CaseReason.CLOSE_CONTACT.value),
    ("密接的密接", CaseReason.SECONDARY_CONTACT.value),
    ("发热排除后观察", CaseReason.OTHER.value),
    ("发热留观", CaseReason.OTHER.value),
    ("居家隔离违规转入", CaseReason.OTHER.value),
    ("其他", CaseReason.OTHER.value),
)
#: Where the words say the person came from: Case.origin, when no 来源地 column says otherwise.
ORIGIN_IN_WORDS = {"武汉返乡": "武汉", "湖北返乡": "湖北", "从孝感返回": "孝感"}
ACTIVE, RELEASED, HOSPITAL = CaseStatus.ACTIVE.value, CaseStatus.RELEASED.value, CaseStatus.HOSPITAL.value
#: 当前状态 words: (words, status stored, whether an 实际解除日期 may be written, the kind it makes, why refused).
STATUS_WORDS = (
    ("隔离中", ACTIVE),
    ("", ACTIVE),
    ("观察中", ACTIVE),
    ("已解除", RELEASED),
    ("解除隔离", RELEASED),
    ("送医", HOSPITAL),
    ("转定点医院", HOSPITAL),
    ("转集中隔离", ACTIVE),
)


@dataclass(frozen=True)
class LedgerShape:
    fmt: str = "xlsx"
    two_row_header: bool = False  # 基本信息 > 姓名|性别|身份证号码, 隔离情况 > 隔离地址|…; the rest merged down
    header_copy: bool = False
    titles: bool = False
    footer: bool = False
    blank_rows: bool = False
    mess: bool = False  # IDs missing / typed as numbers / bad check digit; dates and phones as clerks type them
    reasons: str = "canonical"  # canonical | words | template
    measures: str = "canonical"  # canonical | words
    rows: int = 8
    names: str = "plain"
    #: One sheet per kind (居家隔离人员 / 集中隔离人员 / 居家健康监测人员) and no 管控措施 column: the sheet says it.
    kind_sheets: bool = False
    #: A roster imported first (Ledger.roster): some rows name its people by ID number, some by name alone
    #: (no ID: the only one of that name), one perhaps by ID under a misspelt name; their cases are theirs.
    #: The others are visitors (暂住), one perhaps a namesake of a roster person with another ID number.
    roster: bool = False
    #: 当前状态 of every kind (已解除 / 解除隔离 / 送医 / 转定点医院 / 转集中隔离 / 隔离中) and an 实际解除日期
    #: column, filled or not; one date perhaps before the start (refused).
    ended: bool = False
    #: The template's other columns: 年龄, 户籍地址, 来源地, 末次接触日期, 预计解除日期, 包保责任人 > 姓名|电话 and
    #: 村医 > 姓名|电话, 告知书 | 承诺书 | 封条 (是/否 or √) or 封条编号, 健康状况, 隔离点名称 | 房间号.
    template: bool = False
    legacy_ids: bool = False
    x_ids: bool = False

    @property
    def suffix(self) -> str:
        return "." + self.fmt


KIND_SHEETS = {HOME: "居家隔离人员", CENTRAL: "集中隔离人员", MONITOR: "居家健康监测人员"}


@dataclass
class TruthCase:
    name: str  # the person's name in the db (a roster person's own, whatever the ledger wrote)
    id_number: str | None
    group: int  # of the 隔离地址, or the roster person's household
    kind: str
    reason: str
    reason_words: str
    start: date
    roster_person: bool = False  # the roster's person, not a visitor added
    origin: str = ""
    status: str = ACTIVE
    #: None (running), a date, "due" (released without a date: on its release_due), "today" (送医 undated)
    ended_on: object = None
    exposure: date | None = None
    worker: tuple[str, str, str, str] = ("", "", "", "")  # 包保责任人, phone, 村医, phone
    seal: str = "auto"  # auto (a number given by the import, none for central) | the number written
    site: tuple[str, str] = ("", "")
    home_address: str = ""

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.name, self.id_number)


@dataclass
class Ledger:
    shape: LedgerShape
    seed: int
    sheets: list[Sheet]
    cases: dict[str, TruthCase]  # by name, or name（ID） for a visitor who is a roster person's namesake
    rows: list[RowTruth]
    roster: Roster | None = None  # imported first, into the same db

    def write(self, folder: Path, stem: str = "ledger") -> Path:
        return write_workbook(self.sheets, folder / f"{stem}{self.shape.suffix}")

    def describe(self) -> str:
        lines = [f"{self.shape!r} seed={self.seed}", f"{len(self.cases)} cases"]
        lines += [f"{r.sheet or '(csv)'}!{r.row}: {r.outcome} — {r.what}" for r in self.rows]
        if self.roster is not None:
            lines += ["", "THE ROSTER IMPORTED FIRST (roster.xlsx)", self.roster.describe()]
        return "\n".join(lines)


def _spell_id(rng: random.Random, number: str, mess: bool) -> object:
    """A number the roster holds, as the ledger writes it."""
    if len(number) == 15 and rng.random() < 0.3:
        return int(number)
    if number.endswith("X") and rng.random() < 0.6:
        return number[:17] + "x"
    if not mess:
        return number
    return rng.choice((number, number, number.translate(FULLWIDTH), f" {number} "))


def _misspelt(rng: random.Random, name: str, taken: set[str]) -> str:
    for _ in range(50):
        other = name[:-1] + rng.choice(GIVEN)
        if other != name and other not in taken:
            return other
    return name  # pragma: no cover


def _ledger_roster(shape: LedgerShape, seed: int) -> Roster:
    """A plain roster of the village (its grids are LEDGER_GRIDS), imported before the ledger."""
    rng = random.Random(f"ledger-roster-{seed}")
    return make_roster(
        RosterShape(
            fmt="xlsx",
            header="contact",
            groups=rng.randint(1, 3),
            households=3,
            household_size=3,
            names="dotted" if shape.names == "rare" and shape.fmt == "csv" else shape.names,
            legacy_ids=shape.legacy_ids,
            x_ids=shape.x_ids,
            mess=rng.random() < 0.5,
            door_column=True,
        ),
        seed,
        grids_before=LEDGER_GRIDS,
    )


def make_ledger(shape: LedgerShape, seed: int) -> Ledger:
    if shape.fmt == "csv" and shape.names == "rare":
        shape = dataclasses.replace(shape, names="dotted")
    if shape.fmt.endswith("csv"):
        shape = dataclasses.replace(shape, kind_sheets=False)
    rng = random.Random(seed)
    ids = _Ids(rng)
    taken: set[str] = set()
    roster = _ledger_roster(shape, seed) if shape.roster else None
    roster_people: list[TruthPerson] = []
    if roster is not None:
        taken |= set(roster.people)
        ids.taken |= {p.id_number for p in roster.people.values() if p.id_number}
        roster_people = list(roster.people.values())
        rng.shuffle(roster_people)
    merges = shape.fmt in MERGING
    basic = "基本信息" if shape.two_row_header else ""
    about = "隔离情况" if shape.two_row_header else ""
    cols = [
        _Column("seq", "序号"),
        _Column("name", "姓名", basic),
        _Column("sex", "性别", basic),
    ]
    if shape.template:
        cols.append(_Column("age", "年龄", basic))
    cols += [
        _Column("id", "身份证号码", basic),
        _Column("phone", "联系电话"),
        _Column("address", "隔离地址", about),
    ]
    if shape.template:
        cols.append(_Column("home", rng.choice(("户籍地址", "户籍所在地")), about))
    cols += [
        _Column("reason", "隔离原因" if shape.reasons != "template" else rng.choice(("人员类别", "隔离原因")), about),
    ]
    if shape.template:
        cols += [_Column("origin", "来源地", about), _Column("exposure", "末次接触日期", about)]
    cols += [
        _Column("kind", "管控措施", about),
        _Column("start", rng.choice(("隔离开始日期", "开始隔离时间", "隔离开始时间")), about),
    ]
    seal_numbers = False
    if shape.template:
        cols += [
            _Column("site", "隔离点名称"),
            _Column("room", "房间号"),
            _Column("expected", "预计解除日期"),
        ]
        if rng.random() < 0.7:  # 包保责任人 > 姓名|电话, 村医 > 姓名|电话
            doctor = rng.choice(("村医", "医务人员"))
            cols += [
                _Column("worker", "姓名", "包保责任人"),
                _Column("worker_phone", rng.choice(("电话", "联系电话")), "包保责任人"),
                _Column("doctor", "姓名", doctor),
                _Column("doctor_phone", rng.choice(("电话", "联系电话")), doctor),
            ]
        else:
            cols += [
                _Column("worker", "包保责任人"),
                _Column("worker_phone", "包保责任人电话"),
                _Column("doctor", "村医"),
                _Column("doctor_phone", "村医电话"),
            ]
        seal_numbers = rng.random() < 0.3
        ticks = rng.choice(("yesno", "tick"))
        asked = rng.random() < 0.5
        cols += [
            _Column("notice", "是否送达告知书" if asked else "告知书"),
            _Column("pledge", "是否签订承诺书" if asked else "承诺书"),
            _Column("seal", "封条编号") if seal_numbers else _Column("seal", "是否张贴封条" if asked else "封条"),
            _Column("health", "健康状况"),
        ]
    if shape.ended:
        cols.append(_Column("released", rng.choice(("实际解除日期", "实际解除时间", "解除日期"))))
    cols.append(_Column("status", "当前状态"))
    if shape.kind_sheets:
        cols = [c for c in cols if c.key != "kind"]
    measures = MEASURE_WORDS[shape.measures]
    reasons = REASON_WORDS[shape.reasons]
    id_shape = RosterShape(mess=shape.mess, legacy_ids=shape.legacy_ids, x_ids=shape.x_ids)
    # The people first: (values, truth case, why refused, what the row is) per row.
    lines: list[tuple[dict[str, object], TruthCase, str | None, str]] = []
    early_release = shape.ended and rng.random() < 0.3  # one row released before it started: refused
    for k in range(shape.rows):
        # Reasons and measures go round their lists first, so a ledger of 9 rows holds every one of them.
        words, reason = reasons[k % len(reasons)] if k < len(reasons) else rng.choice(reasons)
        kind_words, kind = measures[k % len(measures)] if k < len(measures) else rng.choice(measures)
        start = date(2020, 1, 24) + timedelta(days=rng.randrange(60))
        group = rng.randint(1, 6)
        door = f"{rng.randint(1, 80)}号"
        phone = _mobile(rng)
        written_name = ""
        said = "暂住（不在花名册中）"
        roster_person = False
        refused: str | None = None
        if roster_people and rng.random() < 0.5:
            p = roster_people.pop()
            roster_person = True
            name, sex, birth, group = p.name, p.sex, p.birth or date(1980, 1, 1), p.group
            door = roster.households[p.household].door  # type: ignore[union-attr]
            number = p.id_number
            if number and rng.random() < 0.7:
                cell = _spell_id(rng, number, shape.mess)
                if rng.random() < 0.2:
                    written_name = _misspelt(rng, name, taken)
                    said = f"花名册中的人（按身份证号，台账写作“{written_name}”）"
                else:
                    said = "花名册中的人（按身份证号）"
            else:
                cell = None
                said = "花名册中的人（未填身份证号，按姓名）"
        elif roster_people and rng.random() < 0.15:
            # A visitor who is a roster person's namesake, with an ID number of their own.
            p = roster_people.pop()
            name, sex = p.name, rng.choice("男女")
            birth = _birth(rng, 1945, 2005)
            person = TruthPerson(name, sex, birth, "", "", None)
            number = ids.valid(birth, sex)
            cell = number
            said = "暂住（与花名册中的人同名，身份证号不同）"
        else:
            sex = rng.choice("男女")
            birth = _birth(rng, 1945, 2005)
            name = _unique_name(rng, taken, None, shape.names)
            person = TruthPerson(name, sex, birth, "", "", None)
            cell, refused = _id_cell(rng, person, ids, id_shape, refusable=True)
            number = person.id_number
        status_words, status = (
            rng.choice(STATUS_WORDS) if shape.ended else (rng.choice(("隔离中", "隔离中", "", "观察中")), ACTIVE)
        )
        released: date | None = None
        ended_on: object = None
        if status_words == "转集中隔离":
            kind = CENTRAL
        if status == RELEASED:
            released = start + timedelta(days=rng.randint(7, 20)) if rng.random() < 0.5 else None
            ended_on = released or "due"
        elif status == HOSPITAL:
            released = start + timedelta(days=rng.randint(0, 10)) if rng.random() < 0.5 else None
            ended_on = released or "today"
        elif shape.ended and status_words == "隔离中" and rng.random() < 0.3:
            released = start + timedelta(days=rng.randint(7, 20))  # a date says it is over
            status, ended_on = RELEASED, released
        if early_release and refused is None and status_words in ("已解除", "解除隔离"):
            released, early_release = start - timedelta(days=rng.randint(1, 5)), False
            refused = f"实际解除日期 {released} 早于隔离开始日期 {start}"
        origin = ORIGIN_IN_WORDS.get(words, "")
        values: dict[str, object] = {
            "seq": 0,
            "name": written_name or name,
            "sex": sex,
            "age": 2020 - birth.year,
            "id": cell,
            "phone": _phone_spelled(rng, phone, shape.mess),
            "address": f"东风村{group_label(group, 'cn')}{door}",
            "reason": words,
            "kind": kind_words,
            "start": _date_spelled(rng, start, shape.fmt) if shape.mess else start.isoformat(),
            "status": status_words,
            "released": (_date_spelled(rng, released, shape.fmt) if shape.mess else released.isoformat())
            if released
            else None,
        }
        case = TruthCase(name, number, group, kind, reason, words, start, roster_person, origin, status, ended_on)
        if shape.template:
            home = "".join(rng.choice(_PROVINCES)) + f"{rng.randint(1, 99)}号"
            written_origin = rng.choice(("武汉", "湖北孝感", "黄冈", "", ""))
            exposure = start - timedelta(days=rng.randint(0, 4)) if rng.random() < 0.6 else None
            worker = rng.choice(("王网格", "李文书", "赵主任"))
            doctor = rng.choice(("孙村医", "周医生"))
            worker_phone, doctor_phone = _mobile(rng), _mobile(rng)
            central = kind == CENTRAL
            yes_no: tuple[str | None, ...] = ("√", None) if ticks == "tick" else ("是", "否")
            values.update(
                home=home,
                origin=written_origin,
                exposure=exposure.isoformat() if exposure else None,
                site="县党校隔离点" if central else None,
                room=str(rng.randint(201, 320)) if central else None,
                expected=(start + timedelta(days=13)).isoformat(),
                worker=worker,
                worker_phone=worker_phone,
                doctor=doctor,
                doctor_phone=doctor_phone,
                notice=rng.choice(yes_no),
                pledge=rng.choice(yes_no),
                health=rng.choice(("正常", "正常", "异常（咳嗽）")),
            )
            if seal_numbers:
                values["seal"] = None if central else f"DF-{k + 1:04d}"
                case.seal = "auto" if central else f"DF-{k + 1:04d}"
            else:
                values["seal"] = rng.choice(yes_no)
            case.origin = written_origin or origin
            case.exposure = exposure
            case.worker = (worker, worker_phone, doctor, doctor_phone)
            case.site = (str(values["site"] or ""), str(values["room"] or ""))
            case.home_address = home
        lines.append((values, case, refused, said))
    if shape.kind_sheets:
        parts = [(KIND_SHEETS[kind], [x for x in lines if x[1].kind == kind]) for kind in KIND_SHEETS]
        parts = [(name, part) for name, part in parts if part]
    else:
        parts = [
            (
                rng.choice(("隔离人员台账", "Sheet1", "居家隔离人员名单")) if not shape.fmt.endswith("csv") else "",
                lines,
            )
        ]
    sheets: list[Sheet] = []
    rows: list[RowTruth] = []
    cases: dict[str, TruthCase] = {}
    for sheet_name, part in parts:
        sheet = Sheet(sheet_name)
        sheets.append(sheet)
        if shape.titles:
            r = sheet.write_row([f"东风村{sheet_name if shape.kind_sheets else '隔离人员'}管控台账"])
            if merges:
                sheet.merge(r, 0, r, len(cols) - 1)
            rows.append(RowTruth(sheet.name, r + 1, "skipped", "标题"))
            if shape.template:
                r = sheet.write_row(
                    [
                        "填报单位(村/社区)：东风村",
                        None,
                        None,
                        "填报人：李文书",
                        None,
                        "联系电话：13800000000",
                        None,
                        "填报日期：2020年2月20日",
                    ]
                )
            else:
                r = sheet.write_row(
                    ["填报单位：东风村村民委员会", None, None, None, None, None, "填报日期：2020年2月20日"]
                )
            rows.append(RowTruth(sheet.name, r + 1, "skipped", "填报单位/日期"))
        for r in _write_header(sheet, cols, merges):
            rows.append(RowTruth(sheet.name, r + 1, "skipped", "表头"))
        copy_at = len(part) // 2 if shape.header_copy and len(part) > 1 else None
        for k, (values, case, refused, said) in enumerate(part):
            if copy_at is not None and k == copy_at:
                for r in _write_header(sheet, cols, merges):
                    rows.append(RowTruth(sheet.name, r + 1, "skipped", "表头（分页后重复）"))
            if shape.blank_rows and k and rng.random() < 0.15:
                sheet.blank()
            values["seq"] = k + 1
            r = sheet.write_row([values[c.key] for c in cols])
            if refused:
                rows.append(RowTruth(sheet.name, r + 1, "refused", f"{case.name}：{refused}"))
            else:
                kind_said = sheet.name if shape.kind_sheets else values["kind"]
                ended = f"，{values['status']}→{case.status} {case.ended_on or ''}" if shape.ended else ""
                rows.append(
                    RowTruth(
                        sheet.name,
                        r + 1,
                        "created",
                        f"{case.name}（{said}）：{kind_said}→{case.kind}，{case.reason_words}→{case.reason}{ended}",
                    )
                )
                label = case.name if case.name not in cases else f"{case.name}（{case.id_number}）"
                cases[label] = case
        if shape.footer:
            r = sheet.write_row(["合计", None, f"共{len(part)}人"])
            rows.append(RowTruth(sheet.name, r + 1, "skipped", "合计"))
            sheet.blank()
            r = sheet.write_row(["填表人：李文书", None, None, "审核人：王主任", None, None, "联系电话：0311-86001234"])
            rows.append(RowTruth(sheet.name, r + 1, "skipped", "填表人/审核人"))
    return Ledger(shape, seed, sheets, cases, rows, roster)


def ledger_from_seed(seed: int) -> Ledger:
    rng = random.Random(f"ledger-shape-{seed}")
    shape = LedgerShape(
        fmt=rng.choice(FORMATS),
        two_row_header=rng.random() < 0.5,
        header_copy=rng.random() < 0.4,
        titles=rng.random() < 0.7,
        footer=rng.random() < 0.5,
        blank_rows=rng.random() < 0.4,
        mess=rng.random() < 0.7,
        reasons=rng.choice(("canonical", "words", "template")),
        measures=rng.choice(("canonical", "words")),
        rows=rng.randint(3, 20),
        names=rng.choice(("plain", "dotted", "rare")),
        kind_sheets=rng.random() < 0.25,
        roster=rng.random() < 0.4,
        ended=rng.random() < 0.4,
        template=rng.random() < 0.4,
        legacy_ids=rng.random() < 0.3,
        x_ids=rng.random() < 0.3,
    )
    return make_ledger(shape, seed)


# --- the four measured failures ------------------------------------------------------------------------

#: (1) one sheet per 村民小组, two-row header (联系方式 > 手机|固定电话, the rest merged down), 户号/户主/门牌号 merged
#: down over the members, the header copied once more in the middle of each sheet: 74 people, 0 refused.
MEASURED_PER_GROUP_SHEETS = RosterShape(
    fmt="xlsx",
    per_group_sheets=True,
    header="contact",
    keys="number",
    head_column=True,
    door_column=True,
    household_cells="merge",
    header_copy=True,
    titles=True,
    sizes=((4, 3, 5, 2, 4, 3, 4), (3, 5, 4, 2, 3, 4, 3), (4, 3, 2, 5, 4, 3, 2, 2)),
)
#: (2) one sheet, 组别 and 门牌 under a merged 现住址, households told by group + door, six groups sharing door
#: numbers (1组65号 and 6组65号 are two households): 58 households.
MEASURED_SHARED_DOORS = RosterShape(
    fmt="xlsx",
    per_group_sheets=False,
    header="address",
    keys="door",
    titles=True,
    shared_doors=True,
    sizes=(
        (2, 3, 1, 4, 2, 3, 2, 1, 3, 2),
        (3, 2, 4, 1, 2, 3, 2, 2, 1, 3),
        (2, 1, 3, 2, 4, 2, 1, 3, 2, 2),
        (1, 2, 3, 2, 2, 4, 3, 1, 2, 2),
        (3, 2, 1, 2, 3, 2, 4, 2, 1),
        (2, 3, 2, 1, 2, 3, 2, 4, 1),
    ),
)
#: (3) a ledger of 31 rows whose 隔离原因 are the clerk's words.
MEASURED_REASON_WORDS = LedgerShape(fmt="xlsx", titles=True, reasons="words", measures="canonical", rows=31)
#: (4) a ledger of 23 rows whose 管控措施 are 居家观察 / 集中观察 / 居家医学观察14天.
MEASURED_MEASURE_WORDS = LedgerShape(fmt="xlsx", titles=True, reasons="canonical", measures="measured", rows=23)
MEASURED_SEED = 20200205


def measured_roster(shape: RosterShape) -> Roster:
    return make_roster(shape, MEASURED_SEED)


def measured_ledger(shape: LedgerShape) -> Ledger:
    return make_ledger(shape, MEASURED_SEED)


def _main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[0] not in ("roster", "ledger", "fixed", "shape"):
        sys.exit(__doc__)
    folder = Path(argv[-1])
    folder.mkdir(parents=True, exist_ok=True)
    books: list[tuple[str, Roster | Ledger]]
    if argv[0] == "fixed":
        books = [
            ("measured1_per_group_sheets", measured_roster(MEASURED_PER_GROUP_SHEETS)),
            ("measured2_shared_doors", measured_roster(MEASURED_SHARED_DOORS)),
            ("measured3_reason_words", measured_ledger(MEASURED_REASON_WORDS)),
            ("measured4_measure_words", measured_ledger(MEASURED_MEASURE_WORDS)),
        ]
    elif argv[0] == "shape":  # a shape as a failing test printed it: shape "RosterShape(...)" SEED FOLDER
        shape = eval(argv[1], {"RosterShape": RosterShape, "LedgerShape": LedgerShape})
        seed = int(argv[2])
        book = make_roster(shape, seed) if isinstance(shape, RosterShape) else make_ledger(shape, seed)
        books = [(f"{type(shape).__name__.lower()}_{seed}", book)]
    else:
        seed = int(argv[1])
        book = roster_from_seed(seed) if argv[0] == "roster" else ledger_from_seed(seed)
        books = [(f"{argv[0]}_{seed}", book)]
    for stem, book in books:
        path = book.write(folder, stem)
        Path(str(path) + ".truth.txt").write_text(book.describe() + "\n", encoding="utf-8")
        print(path)


if __name__ == "__main__":
    _main(sys.argv[1:])
