"""The blank paper register of a checkpoint (卡点出入登记表, 填写用): A4 landscape, form 09's header lines with the
checkpoint pre-filled, the entry screen's columns in its order, ruled rows numbered on over the pages, boxes to
tick; printed through `print gate-register` and recorded. Pages are rendered to PNG for a person to look at."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from db.checkpoint_actions import save_checkpoint
from db.models import AuditEntry
from db.models.operator import Role
from db.session import NotAllowed, Session, begin
from forms.checkpoint_export import PEOPLE_COLUMNS
from forms.definitions.gate_entry import GATE_ENTRY
from printing.checkpoint_print import print_gate_register, register_sheet
from printing.documents import gate_register as document
from printing.fonts import string_width
from tests.printing.conftest import page_count, run, save_pngs


@pytest.fixture
def gate(village: dict[str, int]) -> int:
    values = {"name": "村东卡点", "place": "村东路口", "leader": "赵队长", "leader_phone": "13700001234"}
    return save_checkpoint(values).id


def _pages(pdf: Path) -> list[str]:
    """Each page's text in drawing order, line breaks dropped (a heading broken in its cell reads whole)."""
    return run("pdftotext", "-raw", pdf, "-").replace("\n", "").split("\f")[:-1]


def test_the_columns_are_the_entry_screens_in_its_order() -> None:
    fields = [f.name for f in GATE_ENTRY.export_fields]
    assert list(document.FIELD_ORDER) == fields
    # the headings read as the export's columns (序号 first), so a typed copy of the paper maps by itself
    assert list(document.headings()) == list(PEOPLE_COLUMNS)
    temperature = next(c for c in document.COLUMNS if c.field == "temperature")
    assert temperature.width >= string_width("37.3", 14) + 4  # a reading written by hand, large
    assert 15 <= document.ROWS <= 18 and document.ROW >= 9 * 2.8346  # 9 mm a row at least
    assert sum(c.width for c in document.COLUMNS) == pytest.approx(document.PAGE_WIDTH - 2 * document.SIDE)


def test_the_paper_has_the_header_lines_rows_and_boxes(gate: int, tmp_path: Path, png_dir: Path) -> None:
    out = tmp_path / "登记表.pdf"
    pages = 3
    print_gate_register(gate, pages, out)
    assert page_count(out) == pages
    assert save_pngs(out, png_dir, "gate-register", 1, 2)
    texts = _pages(out)
    for number, text in enumerate(texts, start=1):
        assert "东风村卡点出入登记表" in text
        assert "卡点名称(位置)：村东卡点（村东路口）" in text
        assert re.search(r"日期：_+年_+月_+日", text) and "值守人员：" in text
        assert "带班(负责人)：赵队长" in text and "联系电话：13700001234" in text
        assert f"第 {number} 页 / 共 {pages} 页" in text and "值守人员签名" in text
        heads = [c.heading.replace("\n", "") for c in document.COLUMNS]
        table = text[text.index("序号") :]
        at = [table.index(h) for h in heads]
        assert at == sorted(at), heads  # left to right in the entry screen's order
        first, last = (number - 1) * document.ROWS + 1, number * document.ROWS
        serials = [
            int(n)
            for n in re.findall(r"(?<![\d.])(\d{1,3})(?![\d.])", table.split("备注", 1)[1].split("值守人员签名")[0])
        ]
        assert list(range(first, last + 1)) == [n for n in serials if first <= n <= last]
        for box in ("□进", "□出", "□放行", "□劝返", "□是", "□否", "□步行", "□驾车"):
            assert text.count(box) >= document.ROWS, box
    size = next(line for line in run("pdfinfo", out).splitlines() if line.startswith("Page size:"))
    width, height = (float(v) for v in re.findall(r"[\d.]+", size)[:2])
    assert (round(width), round(height)) == (842, 595)  # A4 landscape
    entry = AuditEntry.select().where(AuditEntry.action == "print").get()
    assert entry.summary == f"打印卡点出入登记表（空白，村东卡点，{pages} 页）"
    assert json.loads(entry.after or "")["pages"] == pages


def test_a_checkpoint_without_a_leader_leaves_the_lines_to_write_on(village: dict[str, int], tmp_path: Path) -> None:
    gate = save_checkpoint({"name": "村西卡点"}).id
    sheet = register_sheet(gate)
    assert sheet.location == "村西卡点" and sheet.village == "东风村"
    out = document.render(sheet, tmp_path / "西.pdf")
    (text,) = _pages(out)
    assert "卡点名称(位置)：村西卡点" in text and "带班(负责人)：________" in text


def test_a_page_count_out_of_range_and_a_viewer_are_refused(gate: int, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    with pytest.raises(Exception, match="页数应在"):
        print_gate_register(gate, 0, out)
    begin(Session("赵查看", Role.READONLY))
    with pytest.raises(NotAllowed, match="打印"):
        print_gate_register(gate, 1, out)
    assert not out.exists() and not AuditEntry.select().where(AuditEntry.action == "print").exists()


def test_the_print_command_writes_the_register(gate: int, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "卡点.pdf"
    command = [sys.executable, "-m", "app", "print", "gate-register", "--db", str(db_path), "--out", str(out)]
    done = subprocess.run([*command, "--checkpoint", "村东卡点", "--pages", "2"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "已生成村东卡点的空白卡点出入登记表（2 页）" in done.stdout and page_count(out) == 2
    bad = subprocess.run([*command, "--checkpoint", "村北卡点"], capture_output=True, text=True)
    assert bad.returncode == 2 and "没有名为“村北卡点”的卡点" in bad.stderr
