"""Village workbooks the way villages keep them, each with its ground truth.

Why: the product's promise is 不落一户、不漏一人. The hand-made fixtures (make_fixtures.py) pin single cells;
this module makes whole rosters and quarantine ledgers in the shapes clerks send — one sheet per 村民小组 or
one sheet with a 组别 column, titles and a 填报单位 line, one- or two-row headers with merged parents,
household cells merged down over the members, the header copied again after a page break, two tables in one
sheet, blank rows, 小计/合计 rows, 填表人/审核人 footers and 说明 notes, ID numbers valid, missing, typed as
numbers or with a wrong check digit, dates and phones spelled every way — and, beside each workbook, what a
clerk means by it: the people, households, groups and cases the import must produce, and what each
non-blank row of each sheet is (a person taken, merged, refused, or a row that is not data).

Everything is deterministic from (shape, seed); `roster_from_seed(seed)` / `ledger_from_seed(seed)` also draw
the shape from the seed. To save and open an example a test reported:

    .venv/bin/python -m tests.data.village_workbooks roster 1234 /tmp/out      # shape drawn from the seed
    .venv/bin/python -m tests.data.village_workbooks ledger 1234 /tmp/out
    .venv/bin/python -m tests.data.village_workbooks fixed /tmp/out            # the four measured failures
    .venv/bin/python -m tests.data.village_workbooks shape "RosterShape(fmt='xls', …)" 0 /tmp/out  # as a test printed it

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

from db.models.quarantine import CaseKind, CaseReason

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
    """Write by the path's suffix: .xlsx (openpyxl), .xls (xlwt, real BIFF8), .csv (GBK) or .utf8.csv
    (UTF-8 with BOM). A csv holds the first sheet, merged cells as a clerk's "save as csv" leaves them: the
    value once, blank below and to the right."""
    name = path.name
    if name.endswith(".xlsx"):
        _write_xlsx(sheets, path)
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
            style = (
                date_style if isinstance(v, date) else number_style if isinstance(v, LostDigits) else plain
            )
            value = float(v) if isinstance(v, LostDigits) else v
            if (r, c) in merged_first:
                r1, c1 = merged_first.pop((r, c))
                ws.write_merge(r, r1, c, c1, value, style)
            else:
                ws.write(r, c, value, style)
        for (r0, c0), (r1, c1) in merged_first.items():  # a merge whose first cell is blank
            ws.merge(r0, r1, c0, c1)
    wb.save(str(path))


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


def group_label(n: int, style: str) -> str:
    """一组 / 1组 / 第一村民小组 — one spelling per file."""
    cn = CN_DIGITS[n] if n <= 10 else str(n)
    return {"cn": f"{cn}组", "digit": f"{n}组", "villager": f"第{cn}村民小组"}[style]


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


@dataclass
class TruthHousehold:
    group: int
    number: str
    door: str
    head: str
    landline: str = ""
    door_text: str = ""  # the door as this file writes it ("东风村一组65号"), when not just the door
    members: list[str] = field(default_factory=list)  # names of the people taken


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

    def valid(self, birth: date, sex: str) -> str:
        while True:
            seq = self.rng.randrange(1, 999)
            if (seq % 2 == 1) != (sex == "男"):
                seq = seq + 1 if seq < 998 else seq - 1
            number = id_number(self.rng.choice(REGIONS), birth, seq)
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

FORMATS = ("xlsx", "xls", "csv", "utf8.csv")


@dataclass(frozen=True)
class RosterShape:
    """How a village keeps its roster. The first value of each choice is the plainest (hypothesis shrinks to it)."""

    fmt: str = "xlsx"  # one of FORMATS
    per_group_sheets: bool = False  # one sheet per 村民小组 named after it, no 组别 column (not for csv)
    group_style: str = "cn"  # 一组 / 1组 / 第一村民小组
    header: str = "one_row"  # one_row | contact (联系方式 > 手机|固定电话) | address (现住址 > 组别|门牌) | hukou (户籍地址 > 省|市|县)
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
    mess: bool = False  # IDs missing / typed as numbers / bad check digit / impossible date; dates, phones as clerks type
    duplicates: bool = False  # a member's row written twice (same ID number): one person, merged
    refuse_heads: bool = False  # the refused rows may be a household's first row
    names: str = "plain"  # plain | dotted (阿依古丽·买买提) | rare (𠮷, 䶮 too; not in a GBK csv)
    shared_doors: bool = True  # the groups' door numbers overlap (1组65号 and 6组65号)
    groups: int = 2
    households: int = 3  # per group
    household_size: int = 3  # at most
    #: Exact household sizes per group (overrides groups / households / household_size).
    sizes: tuple[tuple[int, ...], ...] | None = None

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

    @property
    def groups(self) -> set[int]:
        return {h.group for h in self.households if h.members}

    @property
    def taken_households(self) -> list[TruthHousehold]:
        return [h for h in self.households if h.members]

    def write(self, folder: Path, stem: str = "roster") -> Path:
        path = write_workbook(self.sheets, folder / f"{stem}{self.shape.suffix}")
        return path

    def describe(self) -> str:
        lines = [
            f"{self.shape!r} seed={self.seed}",
            f"{len(self.people)} people, {len(self.taken_households)} households, groups {sorted(self.groups)}",
        ]
        lines += [f"{r.sheet or '(csv)'}!{r.row}: {r.outcome} — {r.what}" for r in self.rows]
        return "\n".join(lines)


@dataclass
class _Column:
    key: str
    header: str
    parent: str = ""


_HOUSEHOLD_KEYS = ("group", "number", "head", "door", "landline")


def _roster_columns(shape: RosterShape, rng: random.Random) -> list[_Column]:
    cols = [_Column("seq", "序号")]
    group_col = not shape.per_group_sheets
    if group_col and shape.header != "address":
        cols.append(_Column("group", rng.choice(("组别", "村民小组", "组别"))))
    if shape.keys == "number":
        cols.append(_Column("number", "户号"))
    if shape.keys == "head" or (shape.keys == "number" and shape.head_column):
        cols.append(_Column("head", rng.choice(("户主", "户主姓名"))))
    cols.append(_Column("name", rng.choice(("姓名", "姓名", "名字"))))
    cols.append(_Column("relation", rng.choice(("与户主关系", "与户主关系", "关系"))))
    cols.append(_Column("sex", "性别"))
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


def _id_cell(
    rng: random.Random, p: TruthPerson, ids: _Ids, shape: RosterShape, refusable: bool
) -> tuple[object, str | None]:
    """(cell, why it is refused or None); sets p.id_number to what must be stored."""
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


def make_roster(shape: RosterShape, seed: int) -> Roster:
    """A roster in this shape, its people drawn from the seed, with the truth of every row."""
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
    doors_pool = list(range(1, 120))
    households: list[TruthHousehold] = []
    family: list[list[TruthPerson]] = []
    shared = rng.sample(doors_pool, max(len(g) for g in sizes)) if shape.shared_doors else []
    for group, group_sizes in zip(group_numbers, sizes, strict=True):
        doors = (
            list(shared[: len(group_sizes)])
            if shape.shared_doors
            else rng.sample(doors_pool, len(group_sizes))
        )
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
                )
            )
            family.append(people)
            if shape.per_group_sheets and rng.random() < 0.5:
                households[-1].door_text = f"东风村{group_label(group, shape.group_style)}{doors[k]}号"
            for p in people:
                p.household = len(households) - 1
                p.group = group
    cols = _roster_columns(shape, rng)
    # A second table further down may carry its own header (the other layout of the same columns).
    other = rng.choice([h for h in ("one_row", "contact", "address", "hukou") if h != shape.header])
    table_cols = (
        cols,
        _roster_columns(dataclasses.replace(shape, header=other).normalised(), rng)
        if rng.random() < 0.5
        else cols,
    )
    width = len(cols)
    merges = shape.fmt in ("xlsx", "xls")
    rows: list[RowTruth] = []
    people_taken: dict[str, TruthPerson] = {}

    # Sheets and their tables: which households go where.
    by_group: dict[int, list[int]] = {}
    for i, h in enumerate(households):
        by_group.setdefault(h.group, []).append(i)
    if shape.per_group_sheets:
        sheet_plan = [(group_label(g, shape.group_style), [hs]) for g, hs in by_group.items()]
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
    for sheet_name, tables in sheet_plan:
        sheet = Sheet(sheet_name)
        sheets.append(sheet)

        def skipped(row: int, what: str, sheet: Sheet = sheet) -> None:
            rows.append(RowTruth(sheet.name, row + 1, "skipped", what))

        for t, table in enumerate(tables):
            cols = table_cols[0] if t == 0 else table_cols[1]
            width = len(cols)
            if t > 0:
                sheet.blank()
            if shape.titles or t > 0:
                where = (
                    group_label(households[table[0]].group, shape.group_style)
                    if shape.per_group_sheets
                    else ""
                )
                title = f"东风村{where}户籍人口花名册"
                if t > 0:  # the second table's own title
                    title = rng.choice(
                        (title + "（续）", title + "（续表）", f"东风村{where}外出人员名单", title)
                    )
                r = sheet.write_row([title])
                if merges:
                    sheet.merge(r, 0, r, width - 1)
                skipped(r, "标题")
                if t == 0:
                    r = sheet.write_row(["填报单位：东风村村民委员会　　填报日期：2020年2月5日"])
                    if merges:
                        sheet.merge(r, 0, r, width - 1)
                    skipped(r, "填报单位/日期")
            for r in _write_header(sheet, cols, merges):
                skipped(r, "表头")
            copy_at = len(table) // 2 if shape.header_copy and len(table) > 1 else None
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
                block_rows: list[int] = []
                lines: list[tuple[TruthPerson, str | None, bool]] = []
                for m, p in enumerate(family[hi]):
                    refusable = shape.mess and (m > 0 or (shape.refuse_heads and shape.keys != "above"))
                    cell, refused = _id_cell(rng, p, ids, shape, refusable)
                    lines.append((p, refused, False))
                    values = _person_cells(
                        rng, shape, cols, p, h, cell, group_label(h.group, shape.group_style)
                    )
                    seq += 1
                    values[0] = seq
                    r = sheet.write_row(values)
                    block_rows.append(r)
                    group_rows.append((r, h.group))
                    if refused:
                        rows.append(RowTruth(sheet.name, r + 1, "refused", f"{p.name}：{refused}"))
                    else:
                        rows.append(RowTruth(sheet.name, r + 1, "created", p.name))
                        people_taken[p.name] = p
                        h.members.append(p.name)
                        group_people += 1
                    if shape.duplicates and m > 0 and not refused and p.id_number and rng.random() < 0.25:
                        seq += 1
                        values = list(values)
                        values[0] = seq
                        r = sheet.write_row(values)
                        block_rows.append(r)
                        group_rows.append((r, h.group))
                        rows.append(
                            RowTruth(sheet.name, r + 1, "merged", f"{p.name}（同一身份证号第二次出现）")
                        )
                _style_household_cells(
                    sheet,
                    cols,
                    block_rows,
                    shape.household_cells,
                    merges,
                    group=shape.group_cells == "household",
                )
            if shape.group_cells == "block" and "group" in [c.key for c in cols]:
                _merge_group_runs(sheet, [c.key for c in cols].index("group"), group_rows, merges)
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
    if shape.per_group_sheets and shape.fmt in ("xlsx", "xls") and rng.random() < 0.3:
        sheets.append(Sheet("Sheet3"))  # an empty sheet left in the workbook
    return Roster(shape, seed, sheets, people_taken, households, rows)


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
        "landline": h.landline or None,
        "door": door,
        "province": _PROVINCES[p.household % 3][0],
        "city": _PROVINCES[p.household % 3][1],
        "county": _PROVINCES[p.household % 3][2],
        "note": rng.choice(_NOTES) or None,
    }
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
        group_style=rng.choice(("cn", "digit", "villager")),
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


@dataclass(frozen=True)
class LedgerShape:
    fmt: str = "xlsx"
    two_row_header: bool = (
        False  # 基本信息 > 姓名|性别|身份证号码, 隔离情况 > 隔离地址|…; the rest merged down
    )
    header_copy: bool = False
    titles: bool = False
    footer: bool = False
    blank_rows: bool = False
    mess: bool = (
        False  # IDs missing / typed as numbers / bad check digit; dates and phones as clerks type them
    )
    reasons: str = "canonical"  # canonical | words
    measures: str = "canonical"  # canonical | words
    rows: int = 8
    names: str = "plain"
    #: One sheet per kind (居家隔离人员 / 集中隔离人员 / 居家健康监测人员) and no 管控措施 column: the sheet says it.
    kind_sheets: bool = False

    @property
    def suffix(self) -> str:
        return "." + self.fmt


KIND_SHEETS = {HOME: "居家隔离人员", CENTRAL: "集中隔离人员", MONITOR: "居家健康监测人员"}


@dataclass
class TruthCase:
    name: str
    id_number: str | None
    group: int  # of the 隔离地址
    kind: str
    reason: str
    reason_words: str
    start: date


@dataclass
class Ledger:
    shape: LedgerShape
    seed: int
    sheets: list[Sheet]
    cases: dict[str, TruthCase]  # by name
    rows: list[RowTruth]

    def write(self, folder: Path, stem: str = "ledger") -> Path:
        return write_workbook(self.sheets, folder / f"{stem}{self.shape.suffix}")

    def describe(self) -> str:
        lines = [f"{self.shape!r} seed={self.seed}", f"{len(self.cases)} cases"]
        lines += [f"{r.sheet or '(csv)'}!{r.row}: {r.outcome} — {r.what}" for r in self.rows]
        return "\n".join(lines)


def make_ledger(shape: LedgerShape, seed: int) -> Ledger:
    if shape.fmt == "csv" and shape.names == "rare":
        shape = dataclasses.replace(shape, names="dotted")
    if shape.fmt.endswith("csv"):
        shape = dataclasses.replace(shape, kind_sheets=False)
    rng = random.Random(seed)
    ids = _Ids(rng)
    taken: set[str] = set()
    merges = shape.fmt in ("xlsx", "xls")
    basic = "基本信息" if shape.two_row_header else ""
    about = "隔离情况" if shape.two_row_header else ""
    cols = [
        _Column("seq", "序号"),
        _Column("name", "姓名", basic),
        _Column("sex", "性别", basic),
        _Column("id", "身份证号码", basic),
        _Column("phone", "联系电话"),
        _Column("address", "隔离地址", about),
        _Column("reason", "隔离原因", about),
        _Column("kind", "管控措施", about),
        _Column("start", rng.choice(("隔离开始日期", "开始隔离时间", "隔离开始时间")), about),
        _Column("status", "当前状态"),
    ]
    if shape.kind_sheets:
        cols = [c for c in cols if c.key != "kind"]
    measures = MEASURE_WORDS[shape.measures]
    reasons = REASON_WORDS[shape.reasons]
    # The people first: (values, truth case, why refused) per row.
    lines: list[tuple[dict[str, object], TruthCase, str | None]] = []
    for k in range(shape.rows):
        sex = rng.choice("男女")
        birth = _birth(rng, 1945, 2005)
        name = _unique_name(rng, taken, None, shape.names)
        # Reasons and measures go round their lists first, so a ledger of 9 rows holds every one of them.
        words, reason = reasons[k % len(reasons)] if k < len(reasons) else rng.choice(reasons)
        kind_words, kind = measures[k % len(measures)] if k < len(measures) else rng.choice(measures)
        start = date(2020, 1, 24) + timedelta(days=rng.randrange(60))
        person = TruthPerson(name, sex, birth, "", "", None)
        cell, refused = _id_cell(rng, person, ids, RosterShape(mess=shape.mess), refusable=True)
        group = rng.randint(1, 6)
        phone = _mobile(rng)
        values = {
            "seq": 0,
            "name": name,
            "sex": sex,
            "id": cell,
            "phone": _phone_spelled(rng, phone, shape.mess),
            "address": f"东风村{group_label(group, 'cn')}{rng.randint(1, 80)}号",
            "reason": words,
            "kind": kind_words,
            "start": _date_spelled(rng, start, shape.fmt) if shape.mess else start.isoformat(),
            "status": rng.choice(("隔离中", "隔离中", "", "观察中")),
        }
        lines.append((values, TruthCase(name, person.id_number, group, kind, reason, words, start), refused))
    if shape.kind_sheets:
        parts = [(KIND_SHEETS[kind], [x for x in lines if x[1].kind == kind]) for kind in KIND_SHEETS]
        parts = [(name, part) for name, part in parts if part]
    else:
        parts = [
            (
                rng.choice(("隔离人员台账", "Sheet1", "居家隔离人员名单"))
                if not shape.fmt.endswith("csv")
                else "",
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
            r = sheet.write_row(
                ["填报单位：东风村村民委员会", None, None, None, None, None, "填报日期：2020年2月20日"]
            )
            rows.append(RowTruth(sheet.name, r + 1, "skipped", "填报单位/日期"))
        for r in _write_header(sheet, cols, merges):
            rows.append(RowTruth(sheet.name, r + 1, "skipped", "表头"))
        copy_at = len(part) // 2 if shape.header_copy and len(part) > 1 else None
        for k, (values, case, refused) in enumerate(part):
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
                said = sheet.name if shape.kind_sheets else values["kind"]
                rows.append(
                    RowTruth(
                        sheet.name,
                        r + 1,
                        "created",
                        f"{case.name}：{said}→{case.kind}，{case.reason_words}→{case.reason}",
                    )
                )
                cases[case.name] = case
        if shape.footer:
            r = sheet.write_row(["合计", None, f"共{len(part)}人"])
            rows.append(RowTruth(sheet.name, r + 1, "skipped", "合计"))
            sheet.blank()
            r = sheet.write_row(
                ["填表人：李文书", None, None, "审核人：王主任", None, None, "联系电话：0311-86001234"]
            )
            rows.append(RowTruth(sheet.name, r + 1, "skipped", "填表人/审核人"))
    return Ledger(shape, seed, sheets, cases, rows)


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
        reasons=rng.choice(("canonical", "words")),
        measures=rng.choice(("canonical", "words")),
        rows=rng.randint(3, 20),
        names=rng.choice(("plain", "dotted", "rare")),
        kind_sheets=rng.random() < 0.25,
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
MEASURED_MEASURE_WORDS = LedgerShape(
    fmt="xlsx", titles=True, reasons="canonical", measures="measured", rows=23
)
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
