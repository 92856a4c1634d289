"""Printing from the ledger: the cases' papers as the clerk's `print` command and the window make them."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from db import quarantine_actions as qa
from db.models import AuditEntry, Policy
from printing.from_ledger import case_prints, print_batch, select_case_ids
from tests.printing.conftest import page_count, pdf_text


def _open(person_id: int, start: date) -> int:
    policy = Policy.get(Policy.name == "14天居家隔离医学观察")
    return qa.open_case(
        person_id,
        {
            "policy": policy.id,
            "start_date": start,
            "address": "一组12号",
            "reason": "密切接触者",
            "grid_worker": "王网格",
            "grid_worker_phone": "13907654321",
        },
    ).id


def test_the_ledger_fills_in_what_the_papers_print(village: dict[str, int]) -> None:
    case_id = _open(village["qian"], date(2026, 11, 1))
    (case,) = case_prints([case_id], printed_on=date(2026, 11, 2))
    assert (case.person_name, case.address, case.serial) == ("钱𠮷祥", "东风村一组12号", "2026-0001")
    assert (case.start, case.end, case.release_due) == (date(2026, 11, 1), date(2026, 11, 14), date(2026, 11, 15))
    assert case.committee == "东风村村民委员会" and case.township == "红旗镇"


def test_which_cases_a_batch_means(village: dict[str, int]) -> None:
    today = date.today()
    new = _open(village["zhang"], today)
    old = _open(village["qian"], date(2026, 1, 5))
    assert select_case_ids("today", today) == [new]
    assert select_case_ids("active", today) == [new, old]
    assert select_case_ids(f"{old},{new}") == [old, new]


def test_notices_use_the_clerks_current_wording_and_are_audited(village: dict[str, int], tmp_path: Path) -> None:
    case_id = _open(village["qian"], date(2026, 11, 1))
    qa.save_template("notice", "{姓名}：请于{开始日期}起居家，{解除日期}解除。\n\n乡镇统一文字第二段。")
    out = print_batch("notices", [case_id], tmp_path / "告知书.pdf")
    text = pdf_text(out)
    assert "钱𠮷祥：请于2026年11月1日起居家，2026年11月15日解除。" in text.replace("\n", "")
    assert "乡镇统一文字第二段" in text
    note = AuditEntry.select().where(AuditEntry.action == "print").get()
    assert '"template_version": 1' in note.after and "告知书" in note.summary


def test_print_command_writes_the_seals_of_todays_cases(village: dict[str, int], db_path: Path, tmp_path: Path) -> None:
    _open(village["zhang"], date.today())
    _open(village["qian"], date.today())
    out = tmp_path / "封条.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "app", "print", "seals", "--db", str(db_path), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert page_count(out) == 1  # two seals on one page
    text = pdf_text(out)
    assert text.count("东风村一组12号") == 2
    assert "张三丰" not in text and "钱" not in text and "13812345678" not in text
    bad = subprocess.run(
        [sys.executable, "-m", "app", "print", "seals", "--db", str(db_path), "--out", str(out), "--cases", "99"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "没有编号为 99 的管控对象" in bad.stderr


def test_notices_and_seals_of_a_batch_in_one_pdf(village: dict[str, int], tmp_path: Path) -> None:
    ids = [_open(village["zhang"], date(2026, 11, 1)), _open(village["qian"], date(2026, 11, 1))]
    notices = page_count(print_batch("notices", ids, tmp_path / "notices.pdf"))
    out = print_batch("notices-and-seals", ids, tmp_path / "告知书和封条.pdf")
    pages = [pdf_text(out, page) for page in range(1, page_count(out) + 1)]
    assert len(pages) == notices + 1  # the two seals share the last page
    assert "居家隔离医学观察告知书" in pages[0] and "钱𠮷祥" in "".join(pages[:notices])
    assert "请勿外出" in pages[-1] and "钱" not in pages[-1]
    assert not list(tmp_path.glob("*.tmp"))
