"""Page set-up shared by the documents: A4 portrait, margins, colours, and the platypus document that
writes one PDF for a batch of cases (each case starting on a new page)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate

from db.errors import LedgerError
from db.progress import Progress, check_cancelled
from printing.case_print import CasePrint
from printing.documents.flowables import ProgressMark
from printing.fonts import main_font

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm  # left and right
TOP_MARGIN = BOTTOM_MARGIN = 14 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN
SEAL_RED = colors.Color(0.80, 0.05, 0.05)
INK = colors.black
LINE_GREY = colors.Color(0.35, 0.35, 0.35)
SHADE = colors.Color(0.92, 0.92, 0.92)
CREATOR = "村级疫情防控台账"


def require_cases(cases: Sequence[CasePrint]) -> None:
    if not cases:
        raise LedgerError("没有要打印的人员，请先选择")


def set_metadata(canvas, title: str, cases: Sequence[CasePrint]) -> None:  # type: ignore[no-untyped-def]
    canvas.setTitle(title)
    canvas.setCreator(CREATOR)
    if cases:
        canvas.setAuthor(cases[0].committee)


def each_case(cases: Sequence[CasePrint], progress: Progress | None) -> Iterator[tuple[int, CasePrint]]:
    """(index, case) for a canvas-drawn batch, reporting progress and stopping when cancelled."""
    total = len(cases)
    for index, case in enumerate(cases):
        check_cancelled(progress)
        if progress is not None:
            progress.update(index, total)
        yield index, case
    check_cancelled(progress)
    if progress is not None:
        progress.update(total, total)


def build_batch(
    path: Path,
    title: str,
    cases: Sequence[CasePrint],
    progress: Progress | None,
    story_for: Callable[[CasePrint], list[Flowable]],
    on_page_end: Callable[[object, CasePrint, int], None] | None = None,
    side_margin: float = MARGIN,
) -> None:
    """Write one PDF with the pages of every case in turn, each case starting on a new page.

    on_page_end(canvas, case, page) may draw a running footer on each page of a case (page counts from 1).
    """
    current: list[CasePrint] = []
    pages = [0]

    def page_end(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        pages[0] += 1
        if on_page_end is not None and current:
            on_page_end(canvas, current[0], pages[0])

    def on_case(index: int) -> None:
        current[:] = [cases[index]]
        pages[0] = 0

    doc = BaseDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=side_margin,
        rightMargin=side_margin,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=title,
        author=cases[0].committee if cases else "",
        creator=CREATOR,
        initialFontName=main_font(),
    )
    frame = Frame(
        side_margin,
        BOTTOM_MARGIN,
        PAGE_WIDTH - 2 * side_margin,
        PAGE_HEIGHT - BOTTOM_MARGIN - TOP_MARGIN,
        0,
        0,
        0,
        0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate("page", [frame], onPageEnd=page_end)])
    story: list[Flowable] = []
    for index, case in enumerate(cases):
        if index:
            story.append(PageBreak())
        story.append(ProgressMark(index, len(cases), progress, on_case))
        story += story_for(case)
    story.append(ProgressMark(len(cases), len(cases), progress))
    doc.build(story)
