"""Papers that must not say something false (issue 14): a release notice only for a case that was released
(or is due today with nothing unhandled, as a draft), one template per kind of paper, each numbered, seals
only at a door, and one term for each thing on every paper and screen.

Real ledgers, real PDFs read back with poppler; one page of each paper is kept as a PNG in
test-output/printing/ for a person to look at.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from db import quarantine_actions as qa
from db.models import Person, Policy
from db.models.quarantine import CaseKind, EventKind
from db.rules.chinese_dates import long_date
from forms.definitions.case import CASE, KIND_ALIASES
from printing import from_ledger
from printing.from_ledger import CaseSelectionError, print_batch, select_case_ids
from tests.conftest import ROOT, wait_for_task
from tests.printing.conftest import page_count, page_texts, pdf_text, save_pngs

# The terms, read here straight from the definitions (forms.case_fields must name them the same).
HOME, CENTRAL, MONITOR = CaseKind.HOME.value, CaseKind.CENTRAL.value, CaseKind.MONITOR.value
RESPONSIBLE, DOCTOR = CASE.field("grid_worker").label, CASE.field("doctor").label
#: Each term's other words: the import aliases of its field or kind.
OTHER_WORDS = {
    RESPONSIBLE: CASE.field("grid_worker").headers + CASE.field("grid_worker_phone").headers,
    DOCTOR: CASE.field("doctor").headers + CASE.field("doctor_phone").headers,
    **{k.value: tuple(alias for alias, kind in KIND_ALIASES.items() if kind == k.value) for k in CaseKind},
}

TODAY = date(2026, 11, 20)
HOME_POLICY = "14天居家隔离医学观察"
SEVEN_SEVEN = "7天集中隔离+7天居家健康监测"


def _open(name: str, start: date, policy: str = HOME_POLICY, **values: object) -> int:
    person = Person.get(Person.name == name)
    fields = {
        "policy": Policy.get(Policy.name == policy).id,
        "start_date": start,
        "reason": "密切接触者",
        "grid_worker": "王网格",
        "grid_worker_phone": "13907654321",
        "doctor": "李村医",
        "doctor_phone": "13698765432",
        **values,
    }
    return qa.open_case(person.id, fields).id


def _fever(case_id: int, on: date, value: float = 38.4) -> None:
    qa.record_reading(case_id, on, "上午", {"value": value, "symptoms": "", "reporter": "李村医", "method": "电话"})


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _number(text: str) -> str:
    """What follows the first 编号： (empty when the number is blank)."""
    found = re.search(r"编号：(\S*)", text)
    assert found is not None, "no 编号 on the paper"
    return found.group(1)


# --- 1. release notices --------------------------------------------------------------------------


def _three_running(today: date) -> dict[str, int]:
    """张三丰 due today, 钱𠮷祥 due today with an unhandled 38.4 ℃ this morning, 阿依古丽 on day 4."""
    due_start = today - timedelta(days=14)  # 14 days: the last day was yesterday, release due today
    ids = {
        "zhang": _open("张三丰", due_start, address="一组12号"),
        "qian": _open("钱𠮷祥", due_start, address="二组3号"),
        "ayi": _open("阿依古丽·买买提", today - timedelta(days=3), address="二组3号"),
    }
    _fever(ids["qian"], today)
    return ids


@pytest.fixture
def three_running(village: dict[str, int]) -> dict[str, int]:
    return _three_running(TODAY)


def test_release_notices_of_everyone_under_observation_only_for_the_one_due_today_as_a_draft(
    three_running: dict[str, int], tmp_path: Path, png_dir: Path
) -> None:
    active = select_case_ids("active", TODAY)
    batch = from_ledger.plan_batch("release-notices", active, TODAY)
    assert batch.case_ids == [three_running["zhang"]] and batch.drafts == [three_running["zhang"]]
    reasons = {left.name: left.reason for left in batch.left_out}
    assert "有未处置的发热或症状" in reasons["钱𠮷祥"] and "38.4℃" in reasons["钱𠮷祥"]
    assert "仍在观察期内" in reasons["阿依古丽·买买提"]
    told = "\n".join(batch.report())
    assert "未打印 2 人" in told and "草稿（待确认）" in told

    out = print_batch("release-notices", active, tmp_path / "解除.pdf", today=TODAY)
    assert page_count(out) == 1
    text = pdf_text(out)
    flat = _flat(text)
    assert "张三丰" in text and "钱" not in text and "阿依古丽" not in text
    assert "草稿（待确认）" in flat and "尚未办理解除" in flat
    assert long_date(TODAY) in flat  # dated the day it is due: today, not a day to come
    later = [long_date(TODAY + timedelta(days=n)) for n in range(1, 30)]
    assert not [day for day in later if day in flat], "a release notice dated in the future"
    assert "未出现发热" not in flat
    (png,) = save_pngs(out, png_dir, "truth-release-draft")
    assert png.is_file()

    # Released in the ledger: the notice is the real one, dated the release day.
    qa.change_status(three_running["zhang"], EventKind.RELEASED, TODAY, "观察期满无异常")
    released = print_batch(
        "release-notices", [three_running["zhang"]], tmp_path / "正式.pdf", today=TODAY + timedelta(3)
    )
    flat = _flat(pdf_text(released))
    assert "草稿" not in flat and f"自{long_date(TODAY)}起予以解除" in flat
    assert long_date(TODAY + timedelta(3)) not in flat


def test_nobody_due_means_no_release_notice_at_all(village: dict[str, int], tmp_path: Path) -> None:
    feverish = _open("钱𠮷祥", TODAY - timedelta(days=14))
    _fever(feverish, TODAY)
    _open("张三丰", TODAY - timedelta(days=2))
    _open("李秀英", TODAY - timedelta(days=20))  # due six days ago and never released
    with pytest.raises(CaseSelectionError) as refused:
        print_batch("release-notices", select_case_ids("active", TODAY), tmp_path / "x.pdf", today=TODAY)
    message = str(refused.value)
    assert "有未处置的发热或症状" in message and "仍在观察期内" in message and "尚未办理解除" in message
    assert not (tmp_path / "x.pdf").exists()


def test_print_command_says_who_was_left_out_and_why(village: dict[str, int], db_path: Path, tmp_path: Path) -> None:
    today = date.today()  # the command's own day
    due = _three_running(today)["zhang"]
    out = tmp_path / "解除.pdf"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "print",
            "release-notices",
            "--cases",
            "active",
            "--db",
            str(db_path),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "已生成 1 人" in done.stdout and "草稿（待确认）" in done.stdout
    assert "未打印 2 人" in done.stdout and "有未处置的发热或症状" in done.stdout and "仍在观察期内" in done.stdout
    assert page_count(out) == 1 and "钱" not in pdf_text(out)

    qa.change_status(due, EventKind.HOSPITAL, today, "发热送医")
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "print",
            "release-notices",
            "--cases",
            "active",
            "--db",
            str(db_path),
            "--out",
            str(tmp_path / "none.pdf"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert bad.returncode == 2 and "没有可以打印" in bad.stderr and "Traceback" not in bad.stderr
    assert "有未处置的发热或症状" in bad.stderr and not (tmp_path / "none.pdf").exists()


def test_the_dialog_asks_before_a_draft_and_names_who_is_left_out(  # type: ignore[no-untyped-def]
    qtbot, village, on_modal, tmp_path
):
    from PyQt6.QtWidgets import QMessageBox

    from app.quarantine.print_dialog import PrintDialog
    from db.models import AuditEntry

    _three_running(date.today())  # the dialog works on the real today
    dialog = PrintDialog(None, document="release-notices")
    qtbot.addWidget(dialog)
    dialog.scope.setCurrentIndex(dialog.scope.findData("active"))  # 全部在管对象: previewed at once
    wait_for_task(qtbot, dialog.task)
    shown = dialog.message.text()
    assert dialog.pdf.pageCount() == 1, shown
    assert "未打印 2 人" in shown and "钱𠮷祥" in shown and "阿依古丽·买买提" in shown and "草稿" in shown
    assert "草稿（待确认）" in _flat(pdf_text(dialog.file))

    # Before a draft leaves the program (saved or printed) the clerk is asked; refused, nothing is written.
    printed = AuditEntry.select().where(AuditEntry.action == "print")
    asked: list[str] = []

    def refuse(box: QMessageBox) -> None:
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.No).click()

    on_modal(refuse)
    assert dialog.save_pdf(str(tmp_path / "解除.pdf")) is None
    assert asked and "张三丰" in asked[0] and "草稿（待确认）" in asked[0]
    assert not (tmp_path / "解除.pdf").exists() and printed.count() == 0

    on_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    assert dialog.save_pdf(str(tmp_path / "解除.pdf")) == tmp_path / "解除.pdf"
    assert printed.count() == 1 and "草稿" in printed.get().summary


# --- 2. one template per kind of paper, each numbered; seals only at a door -----------------------------


@pytest.fixture
def home_and_central(village: dict[str, int]) -> dict[str, int]:
    return {
        "home": _open("张三丰", TODAY, address="一组12号"),
        "central": _open("钱𠮷祥", TODAY, SEVEN_SEVEN, site="红旗镇集中隔离点（红旗宾馆）", room="305"),
    }


def test_a_central_notice_has_its_own_wording_place_and_number(
    home_and_central: dict[str, int], tmp_path: Path, png_dir: Path
) -> None:
    out = print_batch("notices", [home_and_central["central"]], tmp_path / "集中.pdf", today=TODAY)
    text = pdf_text(out)
    flat = _flat(text)
    assert f"{CENTRAL}告知书" in flat and f"{HOME}告知书" not in flat
    assert "请留在家中" not in flat and "您家门口将张贴告示（封条）" not in flat and "封条" not in flat
    assert "隔离地点：红旗镇集中隔离点（红旗宾馆）305房间" in flat
    assert "住址" not in flat.split("回执")[0]  # the site is not the person's home
    number = _number(text)
    assert number and number.startswith("集隔") and number in flat.split("回执")[-1]  # the receipt cites it
    (png,) = save_pngs(out, png_dir, "truth-central-notice")
    assert png.is_file()


def test_every_paper_is_numbered_and_each_kind_by_its_own_numbers(
    home_and_central: dict[str, int], tmp_path: Path, png_dir: Path
) -> None:
    central = home_and_central["central"]
    papers = {"central": print_batch("notices", [central], tmp_path / "c.pdf", today=TODAY)}
    assert qa.advance_stages(TODAY + timedelta(days=7)) == 1  # day 8 of 7+7: home health monitoring
    papers["monitoring"] = print_batch("notices", [central], tmp_path / "m.pdf", today=TODAY + timedelta(days=7))
    papers["home"] = home = print_batch("notices", [home_and_central["home"]], tmp_path / "h.pdf", today=TODAY)
    numbers = {name: _number(pdf_text(pdf)) for name, pdf in papers.items()}
    assert numbers["central"].startswith("集隔") and numbers["monitoring"].startswith("监测")
    assert numbers["home"].startswith("居隔")
    assert f"{MONITOR}告知书" in _flat(pdf_text(papers["monitoring"]))
    qa.change_status(home_and_central["home"], EventKind.RELEASED, TODAY + timedelta(days=14), "期满无异常")
    release = print_batch("release-notices", [home_and_central["home"]], tmp_path / "r.pdf", today=TODAY)
    numbers["release"] = _number(pdf_text(release))
    assert numbers["release"].startswith("解除")
    assert all(numbers.values()) and len(set(numbers.values())) == len(numbers)
    (png,) = save_pngs(home, png_dir, "truth-home-notice")
    assert png.is_file()


def test_each_kind_of_notice_prints_its_own_saved_wording(  # type: ignore[no-untyped-def]
    qtbot, home_and_central, tmp_path
):
    from app.quarantine.template_dialog import TemplateDialog
    from printing.templates import DEFAULT_CENTRAL_NOTICE

    qa.save_template("central_notice", "{姓名}：请在{地址}安心隔离，至{本阶段结束日期}。")
    out = print_batch("notices", list(home_and_central.values()), tmp_path / "n.pdf", today=TODAY)
    home, central = (_flat(page) for page in page_texts(out))
    assert "请在红旗镇集中隔离点（红旗宾馆）305房间安心隔离，至2026年11月26日。" in central
    assert "请留在家中" in home and "安心隔离" not in home

    dialog = TemplateDialog("notice")  # 设置 → 告知书文字 offers each kind of notice
    qtbot.addWidget(dialog)
    offered = [dialog.paper.itemText(i) for i in range(dialog.paper.count())]
    assert offered == [f"{HOME}告知书", f"{CENTRAL}告知书", f"{MONITOR}告知书"]
    dialog.paper.setCurrentIndex(2)
    dialog.paper.activated.emit(2)
    assert dialog.kind == "monitoring_notice" and "非必要不外出" in dialog.text()
    dialog.paper.setCurrentIndex(1)
    dialog.paper.activated.emit(1)
    assert dialog.text().startswith("{姓名}：请在") and "第 1 版" in dialog.version_info.text()
    dialog.restore_default()
    assert dialog.text() == DEFAULT_CENTRAL_NOTICE and "请留在家中" not in DEFAULT_CENTRAL_NOTICE
    dialog.editor.setPlainText(dialog.baseline)  # unchanged again: closing asks nothing


def test_seals_only_at_a_door(home_and_central: dict[str, int], db_path: Path, tmp_path: Path) -> None:
    ids = [home_and_central["home"], home_and_central["central"]]
    batch = from_ledger.plan_batch("seals", ids, TODAY)
    assert batch.case_ids == [home_and_central["home"]]
    assert [(left.name, left.reason) for left in batch.left_out] == [("钱𠮷祥", f"{CENTRAL}，不张贴封条")]
    seals = print_batch("seals", ids, tmp_path / "封条.pdf", today=TODAY)
    text = pdf_text(seals)
    assert text.count("编号：") == 1 and "红旗宾馆" not in text and CENTRAL not in text

    both = print_batch("notices-and-seals", ids, tmp_path / "告知书和封条.pdf", today=TODAY)
    pages = page_texts(both)
    assert len(pages) == 3  # two notices, one seal
    assert "红旗宾馆" not in pages[2] and "东风村一组12号" in pages[2]
    told = "\n".join(from_ledger.plan_batch("notices-and-seals", ids, TODAY).report())
    assert "只印告知书，不印封条" in told and "钱𠮷祥" in told

    only_central = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "print",
            "seals",
            "--cases",
            str(ids[1]),
            "--db",
            str(db_path),
            "--out",
            str(tmp_path / "none.pdf"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert only_central.returncode == 2 and "不张贴封条" in only_central.stderr
    assert not (tmp_path / "none.pdf").exists()


def test_a_seven_plus_seven_case_on_day_eight_is_offered_and_printed_as_home_monitoring(  # type: ignore[no-untyped-def]
    qtbot, village, tmp_path, png_dir
):
    from app.quarantine.print_dialog import PrintDialog

    today = date.today()  # the dialog prints for the real today
    case_id = _open("钱𠮷祥", today - timedelta(days=7), SEVEN_SEVEN, site="红旗宾馆", room="305", address="二组3号")
    assert qa.advance_stages(today) == 1  # day 8: the ledger moves it home for 居家健康监测

    dialog = PrintDialog(None, chosen=[case_id], document="notices")
    qtbot.addWidget(dialog)
    offered = dialog.document.itemText(dialog.document.findData("notices"))
    assert offered == f"{MONITOR}告知书"
    dialog.make_preview()
    wait_for_task(qtbot, dialog.task)
    text = _flat(pdf_text(dialog.file))
    assert offered in text and f"{HOME}告知书" not in text and f"{CENTRAL}告知书" not in text
    assert f"决定自{long_date(today)}起对您实行{MONITOR}，期限7天" in text  # the stage at home, not day 1
    assert dialog.message.text().startswith(offered)
    (png,) = save_pngs(dialog.file, png_dir, "truth-monitoring-notice")
    assert png.is_file()

    seal = print_batch("seals", [case_id], tmp_path / "封条.pdf")
    assert MONITOR in pdf_text(seal) and "红旗宾馆" not in pdf_text(seal)
    (png,) = save_pngs(seal, png_dir, "truth-seal")
    assert png.is_file()


# --- 3. one term each ----------------------------------------------------------------------------


def test_the_seal_and_the_notice_of_a_home_case_say_the_same(village: dict[str, int], tmp_path: Path) -> None:
    case_id = _open("张三丰", TODAY, address="一组12号")
    seal = _flat(pdf_text(print_batch("seals", [case_id], tmp_path / "s.pdf", today=TODAY)))
    notice = _flat(pdf_text(print_batch("notices", [case_id], tmp_path / "n.pdf", today=TODAY)))
    sheet = _flat(pdf_text(print_batch("temperature-sheets", [case_id], tmp_path / "t.pdf", today=TODAY)))
    assert HOME in seal and f"{HOME}告知书" in notice
    for paper in (seal, notice, sheet):
        for other in OTHER_WORDS[HOME]:
            if other not in HOME:
                assert other not in paper, other
    for paper in (notice, sheet):
        assert RESPONSIBLE in paper and DOCTOR in paper and "网格员" not in paper


def test_the_ledgers_columns_name_the_roles_as_the_definitions_do(qtbot, village) -> None:  # type: ignore[no-untyped-def]
    from app.quarantine.case_table import CaseTable

    table = CaseTable()
    qtbot.addWidget(table)
    heads = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert RESPONSIBLE in heads and "网格员" not in heads


def _literals(folder: str) -> list[tuple[Path, int, str]]:
    found = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.append((path, node.lineno, node.value))
    return found


#: A glyph sample, not wording: the start-up check that the bundled fonts draw these characters.
_NOT_WORDING = {("app/self_check.py", "居家医学观察钱𠮷祥王䶮")}


def _others(text: str, terms: list[str]) -> list[str]:
    """The other words for these terms in text, once the terms themselves are taken out."""
    for term in sorted(OTHER_WORDS, key=len, reverse=True):
        text = text.replace(term, "")
    return [
        other
        for term in terms
        for other in OTHER_WORDS[term]
        if other in text and not any(other in canonical for canonical in OTHER_WORDS)
    ]


def test_no_paper_or_screen_types_another_word_for_a_case_kind() -> None:
    """居家医学观察, 集中观察, 健康观察…: import aliases only, never typed into printing/ or app/."""
    kinds = [HOME, CENTRAL, MONITOR]
    found = [
        f"{path.relative_to(ROOT)}:{line} {text!r}"
        for folder in ("printing", "app")
        for path, line, text in _literals(folder)
        if (str(path.relative_to(ROOT)), text) not in _NOT_WORDING and _others(text, kinds)
    ]
    assert found == []


#: The screening round's papers name the grid's 网格员 (the roster's word), not a case's role.
SCREENING_PAPERS = ("gap_list.py", "field_sheet.py")


def test_no_case_paper_or_screen_types_another_word_for_a_role() -> None:
    """网格员 (a grid's worker, in the roster) is not the case's 包保责任人; the case's papers and screens
    (printing/, app/quarantine/) use the definitions' labels."""
    roles = [RESPONSIBLE, DOCTOR]
    found = [
        f"{path.relative_to(ROOT)}:{line} {text!r}"
        for folder in ("printing", "app/quarantine")
        for path, line, text in _literals(folder)
        if _others(text, roles) and path.name not in SCREENING_PAPERS
    ]
    assert found == []


def test_the_terms_are_kept_in_one_place_from_the_definitions() -> None:
    from forms import case_fields
    from printing.case_print import CENTRAL_ISOLATION, HOME_ISOLATION, HOME_MONITORING
    from printing.templates import ALIASES, PLACEHOLDERS, fill_template
    from tests.printing.conftest import make_case

    assert (case_fields.HOME, case_fields.CENTRAL, case_fields.MONITOR) == (HOME, CENTRAL, MONITOR)
    assert (HOME_ISOLATION, CENTRAL_ISOLATION, HOME_MONITORING) == (HOME, CENTRAL, MONITOR)
    assert (case_fields.RESPONSIBLE, case_fields.DOCTOR) == (RESPONSIBLE, DOCTOR)
    assert RESPONSIBLE in PLACEHOLDERS and "网格员" not in PLACEHOLDERS
    # A wording saved with the other word still fills in.
    assert ALIASES["网格员"] == RESPONSIBLE and fill_template("{网格员}", make_case()) == "王网格"
