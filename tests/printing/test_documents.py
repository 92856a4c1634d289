"""The four documents rendered for real and read back with poppler, as a clerk would check them.

PNGs of the first pages go to test-output/printing/ for a person to look at.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from db.progress import Cancelled
from db.rules.id_number import mask_id_number
from db.rules.phones import mask_phone
from printing.documents import DOCUMENTS, notice, release_notice, seal, temperature_sheet
from printing.pdf_file import PdfWriteError
from tests.printing.conftest import (
    fonts_of,
    make_case,
    page_count,
    page_texts,
    pdf_text,
    qian_case,
    run,
    save_pngs,
    second_stage_case,
    two_stage_case,
    wang_case,
)

CASES = [qian_case(), wang_case(), two_stage_case()]
#: The cases at home: a seal is only for a door (the 7+7 case on day 8, home for its second stage).
SEAL_CASES = [qian_case(), wang_case(), second_stage_case()]


def cases_for(document: str) -> list:  # type: ignore[type-arg]
    return SEAL_CASES if document == "seals" else CASES


class FakeProgress:
    """Records updates; cancels once `cancel_at` cases are done."""

    def __init__(self, cancel_at: int | None = None) -> None:
        self.cancelled = False
        self.cancel_at = cancel_at
        self.updates: list[tuple[int, int]] = []

    def update(self, done: int, total: int) -> None:
        self.updates.append((done, total))
        if self.cancel_at is not None and done >= self.cancel_at:
            self.cancelled = True


def assert_fonts_embedded(pdf: Path) -> None:
    rows = fonts_of(pdf)
    assert rows, "no fonts in the PDF"
    for row in rows:
        assert (row["emb"], row["sub"], row["uni"]) == ("yes", "yes", "yes"), row
        assert not row["name"].startswith(("Helvetica", "Times", "Courier")), row


def assert_not_blank(png: Path, red: bool = False) -> None:
    image = Image.open(png).convert("RGB")
    width, height = image.size
    assert abs(width - 496) <= 1 and abs(height - 702) <= 1  # A4 portrait at 60 dpi
    dark = sum(image.convert("L").histogram()[:100])
    assert dark > 2000, f"{png.name}: only {dark} dark pixels"
    if red:
        r, g, b = image.split()
        strong = r.point(lambda v: 255 if v > 150 else 0)
        weak = ImageChops.lighter(g, b).point(lambda v: 255 if v < 90 else 0)
        reds = ImageChops.multiply(strong, weak).histogram()[255]
        assert reds > 1000, f"{png.name}: only {reds} red pixels (border and heading)"


def no_leftovers(folder: Path) -> None:
    assert not list(folder.glob(".*.tmp")), "temporary file left behind"


# --- seals ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seals_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seals") / "封条.pdf"
    assert seal.render(SEAL_CASES, out) == out
    return out


def test_seals_two_to_a_page(seals_pdf: Path, png_dir: Path) -> None:
    assert page_count(seals_pdf) == 2
    pages = page_texts(seals_pdf)
    assert [page.count("编号：") for page in pages] == [2, 1]
    assert "居家隔离医学观察" in pages[0] and "请勿外出" in pages[0]
    assert "居家健康监测" in pages[0] and "非必要不外出" in pages[0]
    assert "居家健康监测" in pages[1] and "集中隔离医学观察" not in "".join(pages)
    assert "2026年12月1日 至 2026年12月7日" in pages[1]  # the days at home, not the whole 7+7
    for png in save_pngs(seals_pdf, png_dir, "seals", 1, 2):
        assert_not_blank(png, red=True)
    assert_fonts_embedded(seals_pdf)


def test_seal_shows_address_dates_phone_and_serial(seals_pdf: Path) -> None:
    text = page_texts(seals_pdf)[0]
    for expected in (
        "东风村二组3号",
        "2026年11月24日 至 2026年12月7日",
        "0371-61234567",
        "编号：2026-0013",
        "东风村三组27号",
        "2026年12月1日 至 2026年12月14日",
        "编号：2026-0014",
        "东风村村民委员会",
        "盖章处",
    ):
        assert expected in text, expected


def test_seal_never_shows_who_lives_there(seals_pdf: Path) -> None:
    text = pdf_text(seals_pdf) + run("pdfinfo", seals_pdf)
    for case in SEAL_CASES:
        private = [case.person_name, case.id_number, mask_id_number(case.id_number)]
        if case.phone:
            private += [case.phone, mask_phone(case.phone)]
        for value in private:
            assert value not in text, value
    assert "𠮷" not in text and "䶮" not in text


def test_many_seals(tmp_path: Path) -> None:
    """200 seals (100 pages) render within the suite's normal time: the canvas path stays fast."""
    cases = [replace(make_case(), serial=f"2026-{n:04d}") for n in range(200)]
    out = seal.render(cases, tmp_path / "many.pdf")
    assert page_count(out) == 100


# --- notices -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def notices_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return notice.render(CASES, tmp_path_factory.mktemp("notices") / "告知书.pdf")


def test_notice_carries_dates_phones_and_the_rare_name(notices_pdf: Path, png_dir: Path) -> None:
    assert page_count(notices_pdf) == len(CASES)
    first = page_texts(notices_pdf)[0]
    assert "居家隔离医学观察告知书" in first
    assert "钱𠮷祥（住址：东风村二组3号）：" in first  # 𠮷 extracts back (ToUnicode surrogate fix)
    for expected in (
        "2026年11月24日",
        "2026年12月7日",
        "2026年12月8日",
        "13907654321",
        "13698765432",
        "0371-61234567",
        "王网格",
        "李村医",
        "东风村村民委员会（盖章）",
        "回",
        "被观察人：钱𠮷祥",
        "编号：2026-0013",
    ):
        assert expected in first, expected
    assert "居家健康监测告知书" in page_texts(notices_pdf)[1]
    assert "王䶮" in page_texts(notices_pdf)[1]
    assert "7天集中隔离医学观察+7天居家健康监测" in page_texts(notices_pdf)[2].replace("\n", "")
    for png in save_pngs(notices_pdf, png_dir, "notice", 1, 3):
        assert_not_blank(png)
    assert_fonts_embedded(notices_pdf)


def test_notice_with_own_template_shows_unknown_placeholders(tmp_path: Path) -> None:
    template = "{姓名}同志：\n\n请于{开始日期}前联系{网格员}，电话{网格员电话}。不认识的占位符：{电话号码}。"
    out = notice.render([qian_case()], tmp_path / "own.pdf", template=template)
    text = pdf_text(out)
    assert "钱𠮷祥同志：" in text
    assert "请于2026年11月24日前联系王网格，电话13907654321。" in text
    assert "{电话号码}" in text


def test_long_template_flows_onto_a_second_page(tmp_path: Path) -> None:
    template = "\n".join(
        f"第{n}条：观察期间请留在家中，不外出，不串门，谢绝亲友探访，每天上午、下午各测一次体温。" for n in range(1, 40)
    )
    out = notice.render([qian_case(), wang_case()], tmp_path / "long.pdf", template=template)
    pages = page_texts(out)
    assert len(pages) >= 4
    text = "".join(pages)
    assert "第39条" in text
    assert text.count("沿此线剪下") == 2 and "被观察人：钱𠮷祥" in text and "被观察人：王䶮" in text


# --- temperature sheets --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sheets_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return temperature_sheet.render(CASES, tmp_path_factory.mktemp("sheets") / "体温.pdf")


def test_fourteen_days_on_one_page_twice_a_day(sheets_pdf: Path, png_dir: Path) -> None:
    assert page_count(sheets_pdf) == 3
    page = page_texts(sheets_pdf)[0]
    case = qian_case()
    lines = page.splitlines()
    for number in range(1, 15):
        day = case.start + timedelta(days=number - 1)
        row = next((line for line in lines if f"第{number}天" in line.split()), None)
        assert row is not None, f"no row for day {number}"
        assert f"{day.month}月{day.day}日" in row, row
    assert "第15天" not in page
    assert page.count("上午") == 14 and page.count("下午") == 14
    for png in save_pngs(sheets_pdf, png_dir, "temperature-sheet", 1, 3):
        assert_not_blank(png)
    assert_fonts_embedded(sheets_pdf)


def test_sheet_masks_id_and_phone(sheets_pdf: Path) -> None:
    page = page_texts(sheets_pdf)[0]
    case = qian_case()
    assert "钱𠮷祥" in page
    assert case.id_number not in page and "410122********6853" in page
    assert case.phone not in page and "159****2345" in page
    assert "13907654321" in page  # the grid worker's phone is there to be called


def test_sheet_marks_the_change_of_stage(sheets_pdf: Path) -> None:
    page = page_texts(sheets_pdf)[2]
    assert "自第8天（12月1日）起转为居家健康监测" in page
    lines = page.splitlines()
    change = next(i for i, line in enumerate(lines) if "起转为居家健康监测" in line)
    assert any("第7天" in line for line in lines[:change]) and any("第8天" in line for line in lines[change:])
    assert "第14天" in page


def test_a_long_period_continues_with_the_heads_repeated(tmp_path: Path) -> None:
    start = qian_case().start
    end = start + timedelta(days=20)
    case = replace(
        qian_case(), end=end, stages=(("居家隔离医学观察", start, end),), release_due=end + timedelta(days=1)
    )
    out = temperature_sheet.render([case, wang_case()], tmp_path / "21.pdf")
    pages = page_texts(out)
    assert len(pages) == 3
    assert all("测量人签字" in page for page in pages)
    assert "第21天" in pages[1] and "第2页" in pages[1]
    # a day's two rows are never split across pages
    assert pages[0].count("上午") == pages[0].count("下午")


# --- release notices -----------------------------------------------------------------------------------


def test_release_notice(tmp_path: Path, png_dir: Path) -> None:
    released = [replace(case, released_on=case.released_on or case.release_due) for case in CASES]
    out = release_notice.render(released, tmp_path / "解除.pdf")
    pages = page_texts(out)
    assert len(pages) == 3
    assert "解除居家隔离医学观察告知书" in pages[0] and "钱𠮷祥" in pages[0]
    assert "自2026年12月8日起予以解除" in pages[0].replace("\n", "")  # released on the due day
    assert "解除居家健康监测告知书" in pages[1]
    assert "自2026年12月16日起予以解除" in pages[1].replace("\n", "")  # actually released two days late
    for png in save_pngs(out, png_dir, "release-notice", 1, 1):
        assert_not_blank(png)
    assert_fonts_embedded(out)


# --- batches, progress, the target file ----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_document_reports_progress_per_case(name: str, tmp_path: Path) -> None:
    progress = FakeProgress()
    document = DOCUMENTS[name]
    out = document.render(cases_for(name) * 2, tmp_path / f"{name}.pdf", progress)
    assert out.is_file()
    assert progress.updates[0] == (0, 6) and progress.updates[-1] == (6, 6)
    assert [done for done, _ in progress.updates] == sorted(done for done, _ in progress.updates)
    no_leftovers(tmp_path)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_a_cancelled_batch_leaves_no_file(name: str, tmp_path: Path) -> None:
    out = tmp_path / f"{name}.pdf"
    with pytest.raises(Cancelled):
        DOCUMENTS[name].render(cases_for(name) * 3, out, FakeProgress(cancel_at=4))
    assert not out.exists()
    no_leftovers(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_cancelled_batch_keeps_the_previous_file(tmp_path: Path) -> None:
    out = tmp_path / "告知书.pdf"
    out.write_bytes(b"previous")
    with pytest.raises(Cancelled):
        notice.render(CASES, out, FakeProgress(cancel_at=1))
    assert out.read_bytes() == b"previous"
    no_leftovers(tmp_path)


@pytest.mark.parametrize("count", [1, 2, 5])
def test_batch_page_counts(count: int, tmp_path: Path) -> None:
    cases = [replace(qian_case(), case_id=n, serial=f"2026-{n:04d}") for n in range(count)]
    assert page_count(seal.render(cases, tmp_path / "s.pdf")) == (count + 1) // 2
    assert page_count(notice.render(cases, tmp_path / "n.pdf")) == count
    assert page_count(temperature_sheet.render(cases, tmp_path / "t.pdf")) == count
    assert page_count(release_notice.render(cases, tmp_path / "r.pdf")) == count


def test_nothing_to_print_is_refused(tmp_path: Path) -> None:
    from db.errors import LedgerError

    with pytest.raises(LedgerError, match="没有要打印的人员"):
        seal.render([], tmp_path / "empty.pdf")
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PdfWriteError, match="文件夹不存在"):
        seal.render(SEAL_CASES, tmp_path / "no" / "such.pdf")


def test_registry_titles() -> None:
    assert {name: doc.title for name, doc in DOCUMENTS.items()} == {
        "notices": "告知书",
        "seals": "封条",
        "notices-and-seals": "告知书和封条",
        "temperature-sheets": "每日体温记录表",
        "release-notices": "解除隔离医学观察告知书",
    }
    assert DOCUMENTS["notices"].default_template and DOCUMENTS["release-notices"].default_template
    assert DOCUMENTS["seals"].default_template is None
