"""The round's printed field sheet (入户排查登记表, 填写用): one grid's households and people due, masked, on A4
landscape pages that each carry the round's header and the signature footer."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from db import changes, screening_actions
from db.models import AuditEntry, Household, Person
from db.models.household import PersonStatus
from db.models.operator import Role
from db.models.screening import VisitOutcome
from db.queries.field_sheet import FieldSheetError, SheetHousehold, SheetMember, field_sheet
from db.session import NotAllowed, Session, begin
from printing.documents import field_sheet as document
from printing.fonts import missing_characters, string_width
from printing.screening_print import print_field_sheet
from tests.printing.conftest import page_count, run, save_pngs

START = date(2026, 12, 1)
LONG_NAME = "阿卜杜热合曼·买买提明·艾力"


@pytest.fixture
def screening(village: dict[str, int]) -> dict[str, int]:
    """一组 gains a household with a rare-character name, a long name and someone away, and one that moved
    away this round; the round covers every grid, 一组 screened by 王网格."""
    one = village["grid_one"]
    with changes.transaction("排查测试住户", who="测试") as cs:
        h3 = cs.create(Household, {"number": "01-0010", "grid": one, "door_no": "27号", "head_name": "赵𠮷"})
        moved = cs.create(Household, {"number": "01-0002", "grid": one, "door_no": "5号", "head_name": "孙大圣"})
        cs.create(
            Person,
            {
                "household": h3.id,
                "name": "赵𠮷",
                "relation": "户主",
                "id_number": "410122198103156853",
                "phone": "15937112345",
            },
        )
        cs.create(Person, {"household": h3.id, "name": LONG_NAME, "status": PersonStatus.TEMPORARY.value})
        cs.create(Person, {"household": h3.id, "name": "赵外出", "status": PersonStatus.AWAY.value})
        cs.create(Person, {"household": moved.id, "name": "孙大圣", "relation": "户主"})
    r = screening_actions.new_round("第二轮拉网排查", START, date(2026, 12, 7))
    screening_actions.record_visit(r.id, moved.id, START, "", VisitOutcome.MOVED_AWAY.value)
    return {**village, "round": r.id, "h3": h3.id, "moved": moved.id}


def _raw_pages(pdf: Path) -> list[str]:
    """Each page's text in drawing order with line breaks dropped: a name wrapped in its cell reads whole."""
    return run("pdftotext", "-raw", pdf, "-").replace("\n", "").split("\f")[:-1]


def _raw_text(pdf: Path) -> str:
    return "".join(_raw_pages(pdf))


def test_the_sheet_lists_each_person_due_once_with_numbers_masked(
    screening: dict[str, int], tmp_path: Path, png_dir: Path
) -> None:
    sheet = field_sheet(screening["round"], "一组")
    assert [h.number for h in sheet.households] == ["01-0001", "01-0002", "01-0010"]
    assert sheet.worker == "王网格" and sheet.village == "东风村"
    out = document.render(sheet, tmp_path / "排查表.pdf")
    assert save_pngs(out, png_dir, "field-sheet")
    text = _raw_text(out)
    heads = {"张三丰": 1, "赵𠮷": 1}  # a head's name is in the household column too
    for name in ("张三丰", "李秀英", "赵𠮷", LONG_NAME):
        assert text.count(name) == 1 + heads.get(name, 0), name
    assert "赵外出" not in text  # away: not due
    assert "钱𠮷祥" not in text and "阿依古丽" not in text  # 二组
    assert text.count("孙大圣") == 1 and "本轮已登记：已搬离" in text  # listed, its people not due
    assert "110105********002X" in text and "11010519491231002X" not in text
    assert "410122********6853" in text and "138****5678" in text and "159****2345" in text
    assert "13812345678" not in text and "15937112345" not in text
    assert "76" in text  # 张三丰's age on the round's first day (born 1949-12-31)
    assert (
        text.count("走访结果：□已排查") == 3
        and text.count("新增") - document.HOW_TO.count("新增") == 3 * document.NEW_PEOPLE
    )
    assert "第二轮拉网排查（2026年12月1日至2026年12月7日）" in text
    assert "网格：一组" in text and "网格员：王网格" in text and "第 1 页 / 共 1 页" in text
    assert "排查人签名" in text and "审核人" in text
    size = next(line for line in run("pdfinfo", out).splitlines() if line.startswith("Page size:"))
    width, height = (float(v) for v in re.findall(r"[\d.]+", size)[:2])
    assert (round(width), round(height)) == (842, 595)  # A4 landscape


def test_a_long_name_and_a_rare_character_fit_their_cell() -> None:
    name = document.COLUMNS[1]
    for text in (LONG_NAME, "钱𠮷祥", "欧阳𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷"):
        size, lines = document._fit(text, document.CELL_SIZE, name.width - 4, document.ROW - 2)
        assert "".join(lines) == text and not missing_characters(text)
        assert all(string_width(line, size) <= name.width - 4 + 0.01 for line in lines)
        assert len(lines) * size * 1.15 <= document.ROW - 2 and size >= 4


def test_a_big_grid_takes_several_pages_each_with_its_header(screening: dict[str, int], tmp_path: Path) -> None:
    with changes.transaction("很多住户", who="测试") as cs:
        for n in range(30):
            h = cs.create(Household, {"number": f"01-1{n:03d}", "grid": screening["grid_one"], "head_name": f"户{n}"})
            for k in range(n % 4 + 1):
                cs.create(Person, {"household": h.id, "name": f"住户{n}之{k}"})
    out = document.render(field_sheet(screening["round"], "一组"), tmp_path / "排查表.pdf")
    pages = _raw_pages(out)
    assert len(pages) == page_count(out) >= 3
    for number, page in enumerate(pages, start=1):
        assert "网格：一组" in page and f"第 {number} 页 / 共 {len(pages)} 页" in page, number
        assert "第二轮拉网排查" in page and "排查人签名" in page and "身份证号" in page
    for n in range(30):  # a household is never split: its people are on the page of its number
        (page,) = [p for p in pages if f"01-1{n:03d}" in p]
        assert all(f"住户{n}之{k}" in page for k in range(n % 4 + 1)), n


def test_a_household_longer_than_a_page_goes_on_over_the_next() -> None:
    member = SheetMember(1, "某人", "男", 30, "", "", "其他")
    small = SheetHousehold(1, "01-0001", "甲", "1号", (member,))
    big = SheetHousehold(2, "01-0002", "乙", "2号", (member,) * 40)
    pages = document.paginate([small, big])
    room = document.TABLE_TOP - document.TABLE_BOTTOM - document.HEAD_ROW
    assert len(pages) >= 3 and pages[0][0].household is small
    assert all(sum(r.height for c in page for r in c.rows) <= room for page in pages)
    chunks = [c for page in pages for c in page if c.household is big]
    assert sum(len(c.rows) for c in chunks) == 1 + 40 + document.NEW_PEOPLE
    assert [c.continued for c in chunks] == [False] + [True] * (len(chunks) - 1)
    assert pages[1][0].household is big  # it started on a page of its own, not at the foot of the first


def test_a_sheet_is_refused_for_an_unknown_grid_or_round(screening: dict[str, int], tmp_path: Path) -> None:
    with pytest.raises(FieldSheetError, match="没有名为“九组”的网格"):
        field_sheet(screening["round"], "九组")
    with pytest.raises(FieldSheetError, match="没有编号为 99 的排查轮次"):
        field_sheet(99, "一组")
    only_two = screening_actions.new_round("二组复查", START, START, [screening["grid_two"]])
    with pytest.raises(FieldSheetError, match="一组不在“二组复查”的排查范围内"):
        field_sheet(only_two.id, "一组")


def test_a_viewer_may_not_print_the_sheet(screening: dict[str, int], tmp_path: Path) -> None:
    begin(Session("赵查看", Role.READONLY))
    out = tmp_path / "排查表.pdf"
    with pytest.raises(NotAllowed, match="打印"):
        print_field_sheet(screening["round"], "一组", out)
    assert not out.exists() and not AuditEntry.select().where(AuditEntry.action == "print").exists()


def test_the_print_command_writes_the_sheet_and_records_it(
    screening: dict[str, int], db_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "一组排查表.pdf"
    command = [sys.executable, "-m", "app", "print", "field-sheets", "--db", str(db_path), "--out", str(out)]
    done = subprocess.run(
        [*command, "--round", str(screening["round"]), "--grid", "一组"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "已生成一组的入户排查登记表（第二轮拉网排查，3 户 4 人）" in done.stdout
    assert page_count(out) == 1
    entry = AuditEntry.select().where(AuditEntry.action == "print").get()
    assert entry.summary == "打印入户排查登记表（第二轮拉网排查 一组，3 户 4 人）"
    assert json.loads(entry.after or "") == {
        "document": "入户排查登记表",
        "cases": [],
        "file": str(out),
        "round": screening["round"],
        "grid": "一组",
        "households": 3,
    }
    bad = subprocess.run([*command, "--grid", "一组"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "--round" in bad.stderr
    other = tmp_path / "九组.pdf"
    command[-1] = str(other)
    bad = subprocess.run(
        [*command, "--round", str(screening["round"]), "--grid", "九组"], capture_output=True, text=True, timeout=120
    )
    assert bad.returncode == 2 and "没有名为“九组”的网格" in bad.stderr and not other.exists()
