"""A big sheet is read by calamine in pieces while the rest of it is measured (forms/excel/pieces.py).

What the clerk must get is the same table as from reading the sheet whole: the same cells in the same places,
the same merged ranges. Here the pieces are made tiny, so that the small sheets below are cut every row or
two, and each is compared with calamine's reading of the whole sheet.
"""

from __future__ import annotations

import threading
import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from forms.excel import extent, pieces
from forms.excel.reader import ImportCancelled, read_tables
from forms.excel.sheet_table import check_cancel
from tests.fuzz.hostile_files import ROSTER_HEADER, column_letters, row_xml, sheet_xml, write_xlsx


@pytest.fixture
def tiny_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pieces of a row or two: the sheet is measured 64 bytes at a time and cut as soon as it can be."""
    monkeypatch.setattr(pieces, "PIECE_BYTES", 1)
    monkeypatch.setattr(extent, "CHUNK", 64)


def _whole(path: Path, sheet: str) -> tuple[Sequence[Sequence[object]], object]:
    read = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet)
    return read.to_python(skip_empty_area=False), read.merged_cell_ranges


@st.composite
def excel_sheets(draw: st.DrawFn) -> tuple[bytes, bool, bool]:
    """Sheets spelled as Excel writes them: cells anywhere (numbers, text, booleans, styled cells without a
    value, text with "!" and "?"), rows without cells, merged ranges; rows sometimes out of order, sometimes
    a comment or processing instruction. Returns the XML, whether its rows are in order and whether it holds
    markup that could hold a "</row>"."""
    rows = draw(st.dictionaries(st.integers(1, 400), st.lists(st.integers(1, 60), max_size=5), min_size=1, max_size=8))
    order = sorted(rows)
    if shuffled := draw(st.booleans()) and len(order) > 1:
        order = order[1:] + order[:1]
    comment = draw(st.sampled_from(["<!-- </row> -->", "<?note </row>?>"])) if draw(st.integers(0, 9)) == 0 else ""
    xml = [
        (
            '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<dimension ref="A1:B2"/><sheetData>'
        )
    ]
    for row in order:
        if not rows[row]:
            xml.append(f'<row r="{row}" ht="30" customHeight="1"/>')
            continue
        xml.append(f'<row r="{row}">')
        for column in sorted(set(rows[row])):
            ref = f"{column_letters(column)}{row}"
            xml.append(
                draw(
                    st.sampled_from(
                        [
                            f'<c r="{ref}"><v>{column}.5</v></c>',
                            f'<c r="{ref}" t="inlineStr"><is><t>第{row}行</t></is></c>',
                            f'<c r="{ref}" t="inlineStr"><is><t>是否?!{row}</t></is></c>',
                            f'<c r="{ref}" t="b"><v>1</v></c>',
                            f'<c r="{ref}" s="1"/>',
                        ]
                    )
                )
            )
        xml.append("</row>")
        xml.append(comment)
    xml.append("</sheetData>")
    if draw(st.booleans()):
        first, last = sorted(draw(st.lists(st.integers(1, 400), min_size=2, max_size=2)))
        xml.append(f'<mergeCells count="1"><mergeCell ref="A{first}:C{last}"/></mergeCells>')
    xml.append("</worksheet>")
    return "".join(xml).encode(), not shuffled, bool(comment)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(excel_sheets())
def test_a_sheet_read_in_pieces_is_the_sheet_read_whole(
    tmp_path: Path, tiny_pieces: None, sheet: tuple[bytes, bool, bool]
) -> None:
    xml, in_order, markup = sheet
    path = write_xlsx(tmp_path / "pieces.xlsx", {"一组": iter([xml])})
    read = extent.check_extent(path).get("一组")
    whole = _whole(path, "一组")
    if markup:
        assert read is None, "a sheet with a comment was cut"
    elif in_order and any(v != "" for row in whole[0] for v in row):
        assert read is not None, "a sheet in Excel's own spelling was read whole"
    if read is not None:
        assert read[0] == whole[0]
        assert read[1] == whole[1]


def test_a_roster_saved_by_excel_reads_the_same_in_pieces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Shared strings, a merged title over a two-row header, dates, numbers, blanks: the tables found are the
    same whether the sheet is read in pieces or whole."""
    book = Workbook()
    sheet = book.active
    sheet.title = "一组"
    sheet.append(["东风村户籍人口花名册"])
    sheet.merge_cells("A1:F1")
    sheet.append(["户号", "姓名", "与户主关系", "出生日期", "联系电话", "备注"])
    for n in range(1, 400):
        sheet.append(
            [
                f"01-{n // 4:03d}",
                f"张{n}",
                "户主" if n % 4 == 1 else "子",
                date(1950 + n % 60, 1 + n % 12, 1),
                13900000000 + n,
                None if n % 3 else "慢性病",
            ]
        )
    path = tmp_path / "excel.xlsx"
    book.save(path)

    whole = read_tables(path, ROSTER_HEADER)
    monkeypatch.setattr(pieces, "PIECE_BYTES", 1)
    monkeypatch.setattr(extent, "CHUNK", 256)
    cut = extent.check_extent(path)
    assert "一组" in cut, "the sheet was not read in pieces"
    assert read_tables(path, ROSTER_HEADER) == whole
    assert len(whole[0].rows) == 399 and whole[0].rows[0][1][3] == date(1951, 2, 1)


def test_cancel_while_a_big_sheet_is_measured_stops_the_readers(
    tmp_path: Path, tiny_pieces: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [row_xml(1, ROSTER_HEADER), *(row_xml(r, (f"张{r}", r, "户主")) for r in range(2, 3000))]
    path = write_xlsx(tmp_path / "big.xlsx", {"一组": sheet_xml(rows)})

    class CancelAfter:
        cancelled = False
        chunks = 0

        def update(self, done: int, total: int) -> None:
            pass

    progress = CancelAfter()

    def cancel_on_the_tenth_chunk(progress: CancelAfter) -> None:
        progress.chunks += 1
        progress.cancelled = progress.chunks >= 10
        check_cancel(progress)

    monkeypatch.setattr(extent, "check_cancel", cancel_on_the_tenth_chunk)
    with pytest.raises(ImportCancelled):
        read_tables(path, ROSTER_HEADER, progress)
    assert progress.chunks == 10
    for thread in threading.enumerate():
        if thread.name.startswith("calamine-piece"):
            thread.join(timeout=120)  # a hang guard: the pieces stop at their next check
            assert not thread.is_alive()


def test_a_workbook_with_big_other_parts_is_read_whole(tmp_path: Path, tiny_pieces: None) -> None:
    """Every piece carries the workbook's other parts (shared strings, styles): when they are big, pieces
    would cost more than they save."""
    rows = [row_xml(1, ROSTER_HEADER), *(row_xml(r, (f"张{r}", r, "户主")) for r in range(2, 50))]
    path = write_xlsx(tmp_path / "styled.xlsx", {"一组": sheet_xml(rows)})
    assert extent.check_extent(path), "a plain workbook is read in pieces"
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/media/image1.png", b" " * (pieces.MAX_OTHER_BYTES + 1))
    assert extent.check_extent(path) == {}
