"""Sample cases as the db side will hand them over, and helpers that read rendered PDFs with poppler."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from printing.case_print import CENTRAL_ISOLATION, HOME_ISOLATION, HOME_MONITORING, CasePrint

POPPLER = ("pdftotext", "pdftoppm", "pdffonts", "pdfinfo")


def make_case(**changes: object) -> CasePrint:
    """A 14-day home isolation case in 东风村; keyword arguments replace fields."""
    start = date(2026, 11, 24)
    end = start + timedelta(days=13)
    case = CasePrint(
        case_id=12,
        serial="2026-0012",
        person_name="张三丰",
        sex="男",
        age=76,
        id_number="11010519491231002X",
        phone="13812345678",
        address="东风村一组12号",
        kind=HOME_ISOLATION,
        stages=((HOME_ISOLATION, start, end),),
        start=start,
        end=end,
        release_due=end + timedelta(days=1),
        released_on=None,
        grid_worker="王网格",
        grid_worker_phone="13907654321",
        doctor="李村医",
        doctor_phone="13698765432",
        supervision_phone="0371-61234567",
        village="东风村",
        committee="东风村村民委员会",
        township="红旗镇",
        printed_on=start,
    )
    return replace(case, **changes)  # type: ignore[arg-type]


def qian_case() -> CasePrint:
    """钱𠮷祥 (𠮷 is CJK Ext-B: only HanaMin has it)."""
    return make_case(
        case_id=13,
        serial="2026-0013",
        person_name="钱𠮷祥",
        sex="男",
        age=45,
        id_number="410122198103156853",
        phone="15937112345",
        address="东风村二组3号",
    )


def wang_case() -> CasePrint:
    """王䶮 (䶮 is CJK Ext-A, in zenhei), released a day late, on home health monitoring."""
    start, end = date(2026, 12, 1), date(2026, 12, 14)
    return make_case(
        case_id=14,
        serial="2026-0014",
        person_name="王䶮",
        sex="女",
        age=8,
        id_number="41012220180704002X",
        phone="",
        address="东风村三组27号",
        kind=HOME_MONITORING,
        stages=((HOME_MONITORING, start, end),),
        start=start,
        end=end,
        release_due=end + timedelta(days=1),
        released_on=end + timedelta(days=2),
        printed_on=end + timedelta(days=2),
    )


def two_stage_case() -> CasePrint:
    """7 days at the township's central site, then 7 days of home health monitoring."""
    start = date(2026, 11, 24)
    central_end, end = start + timedelta(days=6), start + timedelta(days=13)
    return make_case(
        case_id=15,
        serial="2026-0015",
        person_name="阿依古丽·买买提",
        sex="女",
        age=31,
        id_number="650102199502282341",
        phone="18699112233",
        address="红旗镇集中隔离点（红旗宾馆）305房间",
        kind=CENTRAL_ISOLATION,
        stages=((CENTRAL_ISOLATION, start, central_end), (HOME_MONITORING, central_end + timedelta(days=1), end)),
        start=start,
        end=end,
        release_due=end + timedelta(days=1),
    )


def second_stage_case() -> CasePrint:
    """The 7+7 case on day 8: back home for its 7 days of home health monitoring (the ledger moved its kind)."""
    case = two_stage_case()
    return replace(
        case, kind=HOME_MONITORING, address="东风村二组3号", serial="", printed_on=case.start + timedelta(days=7)
    )


@pytest.fixture(scope="session", autouse=True)
def _poppler() -> None:
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"poppler-utils needed for the PDF tests (missing {', '.join(missing)}): bash .ci/setup --test")


@pytest.fixture(scope="session")
def png_dir(output_dir: Path) -> Path:
    path = output_dir / "printing"
    path.mkdir(exist_ok=True)
    return path


def run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


def pdf_text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return run("pdftotext", "-layout", *pages, pdf, "-")


def page_texts(pdf: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    return pdf_text(pdf).split("\f")[:-1]


def page_count(pdf: Path) -> int:
    for line in run("pdfinfo", pdf).splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError("pdfinfo printed no page count")


def fonts_of(pdf: Path) -> list[dict[str, str]]:
    """pdffonts' table as dicts: name, type, emb, sub, uni."""
    lines = run("pdffonts", pdf).splitlines()[2:]
    rows = []
    for line in lines:
        parts = line.split()
        # name type... encoding emb sub uni object ID: the last five columns are fixed
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def save_pngs(pdf: Path, png_dir: Path, name: str, first: int = 1, last: int = 1) -> list[Path]:
    """Render pages first..last at 60 dpi into test-output/printing/<name>-<page>.png for a person to see."""
    for old in png_dir.glob(f"{name}-*.png"):
        old.unlink()
    run("pdftoppm", "-r", "60", "-png", "-f", str(first), "-l", str(last), pdf, png_dir / name)
    return sorted(png_dir.glob(f"{name}-*.png"))
