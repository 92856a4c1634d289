"""The regions of the ID region table (python-stdnum's cn/loc, which the ID check already ships) in use today:
to pick a key area from by name or code, and to read where a clerk wrote someone came from ("武汉", "湖北武汉",
"湖北省武汉市洪山区", "北京朝阳") as region codes.

One walk of the table serves both. Only regions that exist now are offered or read (a retired county's code
stays valid where a code is given, db.rules.key_areas.check_region_code, but its name would mislead more
often than help). A name several regions share ("朝阳": 北京市朝阳区, 辽宁省朝阳市) gives all of them, so the
caller can prefer one that is a key area on the day rather than guess; area_code_of takes only a name that
names one region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from db.rules.key_areas import region_name

PROVINCE, CITY, COUNTY = "省", "市", "县"
#: What a place's name may end with, longest first; the name without it is its short form (湖北, 武汉, 洪山).
_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "新区",
    "地区",
    "省",
    "市",
    "盟",
    "州",
    "县",
    "区",
    "旗",
)
#: The peoples an autonomous prefecture or county names (恩施土家族苗族自治州 → 恩施).
_PEOPLES = re.compile(
    "(?:土家|苗|布依|侗|彝|白|哈尼|傣|景颇|傈僳|藏|羌|朝鲜|回|蒙古|哈萨克|柯尔克孜|壮|瑶|黎|畲|仡佬|水|"
    "纳西|拉祜|佤|独龙|怒|普米|满|达斡尔|鄂温克|鄂伦春|锡伯|撒拉|保安|东乡|土|裕固|塔吉克|维吾尔|毛南|仫佬|各)族$"
)
_ENDED = re.compile(r"^\[\d*-\d+\]")  # "[-2010]崇文区", "[1983-1997]…": no longer a region
_PERIOD = re.compile(r"^\[[^\]]*\]")
#: Rows of the table that are not places: a municipality's 市辖区 / 县, a province's 省直辖县级行政单位.
_PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
#: A short name followed by one of these is part of a longer name.
_NAME_ENDS = frozenset("省市区县旗盟州")
_NOISE = re.compile(r"[\s·、，,（）()]+")


@dataclass(frozen=True)
class Region:
    """A province, city or county: its 6-digit code, its name as key areas show it, and its level."""

    code: str
    name: str  # region_name: 河南省, 郑州市, 郑州市中牟县, 北京市朝阳区
    province: str
    level: str  # PROVINCE, CITY or COUNTY

    @property
    def label(self) -> str:
        """What the clerk picks from: the name, its province where the name does not say it, and the code."""
        where = "" if self.name.startswith(self.province) else f"{self.province} "
        return f"{where}{self.name}（{self.code}）"


#: How many digits of a code a region of each level holds (its part of the code).
_DIGITS_HELD = {PROVINCE: 2, CITY: 4, COUNTY: 6}


def level_of(code: str) -> str:
    """省 for 410000, 市 for 410100, 县 for 410122 (a municipality's district is a county too)."""
    if code.endswith("0000"):
        return PROVINCE
    if code.endswith("00"):
        return CITY
    return COUNTY


@lru_cache(maxsize=1)
def _table() -> tuple[tuple[str, str, str], ...]:
    """(code, its own current name, its province's name) of every region in use today, in code order."""
    from stdnum import numdb

    found: list[tuple[str, str, str]] = []
    for _length, low, high, props, children in numdb.get("cn/loc").prefixes:
        province = str(props.get("province", ""))
        if low != high or not province:
            continue
        found.append((low + "0000", province, province))
        for _l, child_low, child_high, child_props, _c in children:
            name = str(child_props.get("county", "")).split(",")[-1].strip()
            if child_low != child_high or not name or _ENDED.match(name) or child_low == "0000":
                continue
            name = _PERIOD.sub("", name).strip()
            if name and name not in _PLACEHOLDERS and "直辖" not in name:
                found.append((low + child_low, name, province))
    return tuple(sorted(found))


@lru_cache(maxsize=1)
def current_regions() -> tuple[Region, ...]:
    """Every province, city and county of the table in use today, in code order."""
    return tuple(Region(code, region_name(code), province, level_of(code)) for code, _own, province in _table())


def find_regions(text: str, limit: int = 30) -> list[Region]:
    """Regions whose code starts with the typed digits, or whose name holds the typed words, provinces first
    and counties last: 郑州 → 郑州市, then its counties; 4101 → 410100 and the counties under it."""
    text = text.strip()
    if not text:
        return []
    if text.isdigit():
        return [r for r in current_regions() if r.code.startswith(text)][:limit]
    order = {PROVINCE: 0, CITY: 1, COUNTY: 2}
    hits = [r for r in current_regions() if text in r.name or text in r.province + r.name]
    hits.sort(key=lambda r: (order[r.level], not r.name.startswith(text), r.code))
    return hits[:limit]


def region_by_code(code: str) -> Region | None:
    """The current region of the code, or None (a retired or unknown code)."""
    return next((r for r in current_regions() if r.code == code), None)


# --- reading a place as it is written ----------------------------------------------------------------


def _short(name: str) -> str:
    """A region's name without its kind (湖北省 → 湖北, 洪山区 → 洪山, 恩施土家族苗族自治州 → 恩施), at least two
    characters."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            stem = name[: -len(suffix)]
            while (shorter := _PEOPLES.sub("", stem)) != stem and len(shorter) >= 2:
                stem = shorter
            return stem
    return name


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, ...]]:
    """Every region's name and short name → the codes of that name, provinces first, then cities."""
    index: dict[str, list[str]] = {}
    for code, name, _province in sorted(_table(), key=lambda r: (_DIGITS_HELD[level_of(r[0])], r[0])):
        for words in dict.fromkeys((name, _short(name))):
            index.setdefault(words, []).append(code)
    return {words: tuple(codes) for words, codes in index.items()}


@lru_cache(maxsize=1)
def _areas() -> tuple[tuple[str, int, tuple[str, ...]], ...]:
    """Provinces and cities: code, how many digits of the code they hold (2 or 4), their names, longest first."""
    return tuple(
        (code, 2 if code.endswith("0000") else 4, tuple(dict.fromkeys((name, _short(name)))))
        for code, name, _province in _table()
        if code.endswith("00")
    )


def _named(words: str, within: str = "") -> list[str]:
    """Codes whose name is the words, with or without its kind, inside the region code `within` (a prefix)."""
    return [c for c in _index().get(words, ()) if c.startswith(within) and c != within.ljust(6, "0")]


def _after(text: str, within: str, levels: tuple[int, ...]) -> list[str]:
    """Regions named by text that begins with a province's or city's name (inside `within`), then its parts."""
    found: list[str] = []
    for code, level, names in _areas():
        if level not in levels or not code.startswith(within) or code == within.ljust(6, "0"):
            continue
        for prefix in names:
            if text.startswith(prefix) and len(text) > len(prefix):
                rest = text[len(prefix) :]
                inner = _named(rest, code[:level]) or (_after(rest, code[:level], (4,)) if level == 2 else [])
                found += [c for c in inner if c not in found]
                break
    return found


@lru_cache(maxsize=4096)
def region_codes(text: str) -> tuple[str, ...]:
    """The regions the words name, narrowest first for each reading: "湖北武汉" → 420100, "朝阳" → every
    朝阳; () when they name none. Province, then city, then county may be written one after the other, and
    words may follow the place ("湖北返回"): the longest beginning that names a place is read."""
    text = _NOISE.sub("", text or "").removeprefix("中国")
    for end in range(len(text), 1, -1):
        if end < len(text) and text[end] in _NAME_ENDS:
            continue  # 朝阳 of 朝阳区 is not 朝阳市
        if found := _named(text[:end]) or _after(text[:end], "", (2, 4)):
            return tuple(found)
    return ()


def area_code_of(text: str) -> str | None:
    """The region code the words name when they name one region only ("湖北武汉" → 420100), or one and a
    part of it ("恩施": the prefecture, whose 恩施市 shares its name); else None ("朝阳区": 北京 or 长春)."""
    codes = region_codes(text)
    if not codes:
        return None
    widest = min(codes, key=lambda c: (_DIGITS_HELD[level_of(c)], c))
    held = widest[: _DIGITS_HELD[level_of(widest)]]
    return widest if all(c.startswith(held) for c in codes) else None
