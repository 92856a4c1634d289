"""The round's printed gap list (未完成排查户清单): the households not visited, waiting for a revisit or
refused, grid by grid, phones masked, recorded in the audit like the field sheets; `print gaps` headless."""

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
from db.models.operator import Role
from db.models.screening import VisitOutcome
from db.queries.gap_list import gap_sheet
from db.session import NotAllowed, Session, begin
from printing.documents import gap_list as document
from printing.screening_print import print_gap_list
from tests.printing.conftest import page_count, page_texts, run, save_pngs

START = date(2026, 12, 1)
PRINTED = date(2026, 12, 4)


@pytest.fixture
def screening(village: dict[str, int]) -> dict[str, int]:
    """一组: 张三丰 screened, 赵𠮷 nobody at home, 孙大圣 moved away; 二组: 钱𠮷祥 refused, 周 not visited."""
    one, two = village["grid_one"], village["grid_two"]
    with changes.transaction("排查测试住户", who="测试") as cs:
        zhao = cs.create(Household, {"number": "01-0010", "grid": one, "door_no": "27号", "head_name": "赵𠮷"})
        moved = cs.create(Household, {"number": "01-0002", "grid": one, "door_no": "5号", "head_name": "孙大圣"})
        zhou = cs.create(
            Household, {"number": "02-0002", "grid": two, "door_no": "8号", "head_name": "周", "phone": "13700001111"}
        )
        cs.create(Person, {"household": zhao.id, "name": "赵𠮷", "relation": "户主", "phone": "15937112345"})
        cs.create(Person, {"household": moved.id, "name": "孙大圣", "relation": "户主"})
        cs.create(Person, {"household": zhou.id, "name": "周", "relation": "户主", "phone": "13911112222"})
    r = screening_actions.new_round("第二轮拉网排查", START, date(2026, 12, 7))
    screening_actions.mark_all_normal(r.id, village["h1"], START)
    screening_actions.record_visit(r.id, moved.id, START, "", VisitOutcome.MOVED_AWAY.value)
    screening_actions.record_visit(r.id, zhao.id, date(2026, 12, 2), "", VisitOutcome.NOBODY_HOME.value)
    screening_actions.record_visit(r.id, village["h2"], date(2026, 12, 3), "李网格", VisitOutcome.REFUSED.value)
    return {**village, "round": r.id, "zhao": zhao.id, "zhou": zhou.id}


def test_the_list_holds_the_unfinished_households_grid_by_grid(
    screening: dict[str, int], tmp_path: Path, png_dir: Path
) -> None:
    sheet = gap_sheet(screening["round"])
    listed = [(g.grid, [(h.head_name, h.outcome, h.phone) for h in g.households]) for g in sheet.grids]
    assert listed == [
        ("一组", [("赵𠮷", "无人在家待复查", "159****2345")]),  # the head's phone: the household has none
        ("二组", [("钱𠮷祥", "拒绝配合", ""), ("周", "未走访", "137****1111")]),  # the household's own phone first
    ]
    assert sheet.households == 3 and sheet.grids[0].worker == "王网格"
    out = document.render(sheet, tmp_path / "未完成.pdf", PRINTED)
    assert page_count(out) == 1
    assert save_pngs(out, png_dir, "gap-list")
    (text,) = page_texts(out)
    flat = re.sub(r"\s+", "", text)
    assert "未完成排查户清单" in text and "第二轮拉网排查" in text and "制表日期：2026年12月4日" in text
    assert "共3户" in flat and "第1页/共1页" in flat
    assert "网格员：王网格" in text and "未完成1户" in flat and "未完成2户" in flat
    assert "无人在家待复查（12月2日）" in text and "拒绝配合（12月3日）" in text and "未走访" in text
    assert "159****2345" in text and "137****1111" in text
    for hidden in ("15937112345", "13700001111", "13911112222"):
        assert hidden not in text
    assert "张三丰" not in text and "孙大圣" not in text  # screened, moved away: nothing left to do
    assert text.index("赵𠮷") < text.index("钱𠮷祥") < text.index("周  ")  # grid order, then 户号


def test_a_long_list_goes_on_over_pages_with_the_grid_line_again(screening: dict[str, int], tmp_path: Path) -> None:
    with changes.transaction("更多住户", who="测试") as cs:
        for n in range(60):
            cs.create(
                Household,
                {
                    "number": f"02-{n + 100:04d}",
                    "grid": screening["grid_two"],
                    "door_no": f"{n + 100}号",
                    "head_name": f"户主{n}",
                },
            )
    sheet = gap_sheet(screening["round"])
    out = document.render(sheet, tmp_path / "未完成.pdf", PRINTED)
    pages = page_texts(out)
    assert len(pages) == page_count(out) >= 2
    assert all(f"共{len(pages)}页" in re.sub(r"\s+", "", p) for p in pages)
    assert "二组（续）" in pages[1]
    text = "".join(pages)
    for n in range(60):
        assert f"户主{n} " in text or f"户主{n}\n" in text, n
    assert f"共{sheet.households}户" in re.sub(r"\s+", "", pages[0]) and sheet.households == 63


def test_printing_records_the_list_and_a_viewer_may_not(screening: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "清单.pdf"
    print_gap_list(screening["round"], out, PRINTED)
    (entry,) = AuditEntry.select().where(AuditEntry.action == "print")
    details = json.loads(entry.after)
    assert details["document"] == "未完成排查户清单" and details["round"] == screening["round"]
    assert details["households"] == 3 and details["file"] == str(out)
    assert entry.summary == "打印未完成排查户清单（第二轮拉网排查，3 户）"
    begin(Session("赵查看", Role.READONLY))
    again = tmp_path / "又一份.pdf"
    with pytest.raises(NotAllowed, match="打印"):
        print_gap_list(screening["round"], again, PRINTED)
    assert not again.exists()


def test_a_round_with_no_gaps_prints_one_page_saying_so(village: dict[str, int], tmp_path: Path) -> None:
    r = screening_actions.new_round("补充排查", START, START, grid_ids=[village["grid_one"]])
    screening_actions.mark_all_normal(r.id, village["h1"], START)
    out = document.render(gap_sheet(r.id), tmp_path / "空.pdf", PRINTED)
    (text,) = page_texts(out)
    assert "没有未完成的户" in text and "共0户" in re.sub(r"\s+", "", text)


def test_the_print_gaps_command(screening: dict[str, int], db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "gaps.pdf"
    command = [sys.executable, "-m", "app", "print", "gaps", "--round", str(screening["round"])]
    done = subprocess.run(
        [*command, "--db", str(db_path), "--today", "2026-12-04", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"已生成未完成排查户清单（第二轮拉网排查，3 户）：{out}" in done.stdout
    assert "制表日期：2026年12月4日" in run("pdftotext", out, "-")
    missing = subprocess.run(
        [sys.executable, "-m", "app", "print", "gaps", "--db", str(db_path), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode != 0 and "--round" in missing.stderr
