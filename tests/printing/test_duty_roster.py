"""The printed duty roster (疫情防控卡点值班表, form 12) — one A4 landscape page per post in form 12's grid, with
its header and the rules, 监督电话, 制表人, 制表日期 and seal at the foot — and the personal duty slips (several a
page, cut lines between), recorded in the audit like every paper."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from db import changes
from db.models import AuditEntry, DutyAssignment, DutyPost, DutyShift
from db.models.operator import Role
from db.queries.duty import person_slips, roster, week_lines
from db.session import NotAllowed, Session, begin
from printing.documents import duty_roster, duty_slips
from printing.duty_print import print_duty_roster, print_duty_slips
from tests.data.duty_week import FIRST, LAST, OPEN_REASON, PEOPLE, SWAP_NOTE, DutyWeek, write_week
from tests.printing.conftest import fonts_of, page_count, page_texts, run, save_pngs

MADE_ON = date(2026, 11, 30)
FOOTER = duty_roster.Footer("0371-61230000", "李文书", MADE_ON)
PHONES = {name: phone for name, _kind, phone, _lead in PEOPLE} | {"张三丰": "13812345678"}


@pytest.fixture
def week(village: dict[str, int]) -> DutyWeek:
    return write_week(village["zhang"])


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _page_size(pdf: Path) -> tuple[int, int]:
    size = next(line for line in run("pdfinfo", pdf).splitlines() if line.startswith("Page size:"))
    width, height = (float(v) for v in re.findall(r"[\d.]+", size)[:2])
    return round(width), round(height)


def test_one_landscape_page_per_post_in_the_grid_of_form_12(week: DutyWeek, tmp_path: Path, png_dir: Path) -> None:
    found = roster(FIRST, LAST)
    out = duty_roster.render(found, tmp_path / "值班表.pdf", FOOTER)
    assert page_count(out) == len(found.posts) == 2
    assert _page_size(out) == (842, 595)  # A4 landscape
    assert save_pngs(out, png_dir, "duty-roster", 1, 2)
    east, west = page_texts(out)
    flat = _flat(east)
    assert "东风村疫情防控卡点值班表（12月1日至12月7日）" in flat
    assert "卡点名称(位置)：村东卡点（S312与村道交叉口）" in flat
    assert "卡点负责人：李书记" in flat and "联系电话：13800001111" in flat
    assert "日期星期班次带班干部值守人员联系电话签到/签退备注" in flat
    assert "第1页/共1页" in flat
    for line in week_lines(week.east, FIRST, LAST):  # every shift's people with their full phones
        for member in line.members:
            assert member.name in east and member.phone in east, member.name
    assert "20:00–次日08:00" in east and "08:00–20:00" in east
    assert "07:55/20:02" in east and "19:50/" in east  # the sign-ins recorded
    drawn = _flat(run("pdftotext", "-raw", "-f", "1", "-l", "1", out, "-"))  # as drawn: a wrapped 备注 in one piece
    assert "（空缺）" in east and _flat(f"缺 1 人：{OPEN_REASON}") in drawn
    assert _flat(SWAP_NOTE) in drawn
    for words in (
        "值班要求",
        "经带班干部同意",
        "监督电话：0371-61230000",
        "制表人：李文书",
        "制表日期：2026年11月30日",
    ):
        assert words in flat, words
    assert "村（社区）盖章" in flat
    assert "村西卡点" in west and "陈委员" in west and "08:00–18:00" in west
    assert "李书记" not in west.split("卡点负责人")[1]  # each post's own people
    fonts = {f["name"].split("+")[1] for f in fonts_of(out)}
    assert "钱𠮷祥" in east and any(name.startswith("HanaMin") for name in fonts)  # 𠮷 from the fallback font
    assert all((f["emb"], f["uni"]) == ("yes", "yes") for f in fonts_of(out))


def test_a_copy_for_a_notice_board_masks_the_phones(week: DutyWeek, tmp_path: Path) -> None:
    out = duty_roster.render(roster(FIRST, LAST, week.east), tmp_path / "张贴.pdf", FOOTER, mask_phones=True)
    (text,) = page_texts(out)
    assert "138****1111" in text and "0371-****4567" in text and "联系电话已部分隐去" in text
    for phone in PHONES.values():
        if phone:
            assert phone not in text, phone


def test_a_long_range_goes_on_over_pages_never_splitting_a_shift(week: DutyWeek, tmp_path: Path, png_dir: Path) -> None:
    """A month of three 8-hour shifts, three people each: too many lines for one page."""
    first = date(2027, 1, 1)
    with changes.transaction("一个月", who="测试") as cs:
        post = cs.create(DutyPost, {"name": "夜间巡逻", "kind": "巡逻", "pattern": "[]", "sort_order": 3})
        for offset in range(31):
            day = first + timedelta(days=offset)
            for seq, (name, hour) in enumerate((("零点班", 0), ("八点班", 8), ("四点班", 16))):
                starts = datetime.combine(day, datetime.min.time()) + timedelta(hours=hour)
                values = {"post": post.id, "day": day, "seq": seq, "name": name, "starts": starts}
                shift = cs.create(DutyShift, {**values, "ends": starts + timedelta(hours=8), "needs": 3})
                for who in ("赵党员", "孙志愿", "周志愿"):
                    cs.create(DutyAssignment, {"shift": shift.id, "person": week.people[who]})
    last = first + timedelta(days=30)
    found = roster(first, last)
    assert [p.name for p in found.posts] == ["夜间巡逻"]
    out = duty_roster.render(found, tmp_path / "一个月.pdf", FOOTER)
    pages = page_texts(out)
    assert len(pages) == page_count(out) >= 3
    assert save_pngs(out, png_dir, "duty-roster-month", 1, 2)
    assert all(f"共{len(pages)}页" in _flat(p) for p in pages)
    assert all("东风村疫情防控巡逻值班表（1月1日至1月31日）" in _flat(p) for p in pages)
    assert all("岗位名称(位置)：夜间巡逻" in _flat(p) and "岗位负责人：" in _flat(p) for p in pages)
    assert "16:00–24:00" in pages[0] and "00:00–08:00" in pages[0]
    tables = [p.split("备注", 1)[1] for p in pages]  # below the title and the column heads
    for offset in range(31):
        day = first + timedelta(days=offset)
        assert any(f"{day.month}月{day.day}日" in t for t in tables), day
    counts = [len(re.findall(r"零点班|八点班|四点班", p)) for p in pages]
    assert sum(counts) == 31 * 3  # every shift once: none lost, none printed twice
    per_page = [len(re.findall(r"赵党员", p)) for p in pages]
    assert per_page == counts  # a shift's people are on the page of its shift


def test_printing_is_recorded_and_a_viewer_may_not(week: DutyWeek, tmp_path: Path) -> None:
    out = tmp_path / "值班表.pdf"
    found = print_duty_roster(FIRST, LAST, out, MADE_ON, week.east)
    (entry,) = AuditEntry.select().where(AuditEntry.action == "print")
    details = json.loads(entry.after)
    assert details["document"] == duty_roster.TITLE and details["posts"] == [week.east]
    assert (
        details["people"]
        == found.people
        == len({n for (p, _d, _s), s in week.shifts.items() if p == week.east for n in week.on[s]})
    )
    assert details["file"] == str(out) and details["masked"] is False
    assert entry.summary == f"打印值班表（12月1日至12月7日，村东卡点，{found.people} 人）"
    text = _flat(page_texts(out)[0])
    assert "监督电话：" in text and "制表人：李文书" in text  # the village's clerk by default
    slips = tmp_path / "通知单.pdf"
    assert print_duty_slips(FIRST, LAST, slips) == len(person_slips(FIRST, LAST))
    begin(Session("赵查看", Role.READONLY))
    again = tmp_path / "又一份.pdf"
    with pytest.raises(NotAllowed, match="打印"):
        print_duty_roster(FIRST, LAST, again, MADE_ON)
    with pytest.raises(NotAllowed, match="打印"):
        print_duty_slips(FIRST, LAST, again)
    assert not again.exists()


def test_a_slip_per_person_several_to_a_page(week: DutyWeek, tmp_path: Path, png_dir: Path) -> None:
    slips = person_slips(FIRST, LAST)
    header = duty_slips.SlipHeader("东风村", FIRST, LAST, "0371-61230000")
    out = duty_slips.render(slips, header, tmp_path / "通知单.pdf")
    pages = page_texts(out)
    assert save_pngs(out, png_dir, "duty-slips", 1, len(pages))
    assert _page_size(out) == (595, 842)  # A4 portrait
    assert len(pages) < len(slips)  # several to a page
    text = "".join(pages)
    assert _flat(text).count("东风村疫情防控个人值班通知单") == len(slips)
    assert text.count("沿虚线剪开") == len(slips) - len(pages)  # a cut line between two slips on a page
    for page in pages:
        for name in re.findall(r"姓名：(\S+)", page):
            slip = next(s for s in slips if s.name == name)
            assert f"共{len(slip.shifts)}班" in _flat(page)
    worker = next(s for s in slips if s.name == "孙志愿")
    own = _flat(text.split("姓名：孙志愿")[1].split("通知单")[0])
    for shift in worker.shifts:
        assert f"{shift.leader_name}{shift.leader_phone}" in own  # whom to call
        assert "".join(shift.partners) in own
    assert "本人带班" in text and "12月1日至12月7日" in text
    swapped = next(s for s in slips if any(x.note for x in s.shifts))
    assert [x.note for x in swapped.shifts if x.note] == [SWAP_NOTE]  # their own swap, on their slip only
    assert sum(any(x.note for x in s.shifts) for s in slips) == 1
    assert _flat(f"备注：12月3日 白班：{SWAP_NOTE}") in _flat(text)  # under their table


def test_a_slip_longer_than_a_page_goes_on_with_continued(week: DutyWeek, tmp_path: Path) -> None:
    slip = next(s for s in person_slips(FIRST, LAST) if s.name == "李书记")
    long = type(slip)(slip.person_id, slip.name, slip.phone, slip.shifts * 10)
    header = duty_slips.SlipHeader("东风村", FIRST, LAST, "")
    out = duty_slips.render([long], header, tmp_path / "长.pdf")
    pages = page_texts(out)
    assert len(pages) == 2 and "（续）" in pages[1] and "（续）" not in pages[0]
    assert sum(p.count("村东卡点") for p in pages) == len(long.shifts)
