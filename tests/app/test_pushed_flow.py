"""核查名单 from end to end in the real window, as a clerk does it: the township's workbook (drawn here from the demo
village's people, each row with its truth) imported through 文件 → 导入核查名单…, the fuzzy matches confirmed one key
each, names moved to closed statuses through 核查登记, and the feedback exported and read back cell by cell.

Truth: an exact ID number is taken at import, a number one digit off (same name), a name + phone and a same-sound
surname (章/张) with the phone's tail are proposed and taken only on the clerk's word, a name nobody on the roster
has stays 待核查. The feedback gives back every township cell in order (its lines, its header, each name's row; a
cell merged down over names is each of those names' value, as the import reads it; the blank row and the total are
not names), and the village's columns say what the clerk recorded, for exactly the names moved.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QComboBox, QFileDialog

from app.pushed.page import BATCH_HEADERS
from db.models import Person, PushedBatch, PushedItem, Village
from db.models.pushed import RESULT_OF_STATUS, ItemStatus, MatchReason
from db.rules.chinese_dates import long_date
from db.rules.id_number import check_digit
from db.rules.search_keys import name_pinyin
from forms.feedback_export import NOT_ON_ROSTER, ON_ROSTER, VILLAGE_HEADERS
from tests.app.test_pushed_page import _cell, _names
from tests.app.test_screening_page import _active
from tests.conftest import HANG_GUARD_MS, close_next_message_box, open_module, save_screenshot, type_text

#: The page's clock: the list is received, and every step dated, at this moment.
NOW = datetime(2026, 11, 25, 10, 0)
ISSUER = "红旗镇疫情防控指挥部"
BATCH_NO = "第7批"
ISSUED = datetime(2026, 11, 24, 20, 30)
DEADLINE = datetime(2026, 11, 26, 18, 0)
SOURCE = "大数据比对"
SHEET = "核查名单"
#: The township's columns, in its words, and the field the import must read each as (None: kept, not read).
COLUMNS = {
    "序号": None,
    "名字": "name",
    "身份证": "id_number",
    "联系方式": "phone",
    "来源地": "origin",
    "返乡时间": "arrived_on",  # not a header the guess knows: the clerk maps it
    "数据来源": None,
    "推送编号": None,
    "核查要求": None,
}
HEADER = list(COLUMNS)
#: The column the clerk maps by hand in the dialog.
MAPPED_BY_HAND = "返乡时间"
CLERK = "李文书"  # the administrator demo_round signs in


@dataclass
class Line:
    """One data row of the township's sheet and its truth.

    kind: exact, typo, name_phone, pinyin, nobody (a pushed name), or blank / total (not a name).
    person: the roster person it names (None: nobody on the roster)."""

    kind: str
    cells: list[Any]
    person: int | None = None
    #: What the clerk records for it (None: left as the import made it), and the findings typed.
    status: str | None = None
    result: str = ""
    address: str = ""
    method: str = ""

    @property
    def is_name(self) -> bool:
        return self.kind not in ("blank", "total")

    @property
    def name(self) -> str:
        return str(self.cells[HEADER.index("名字")] or "")


@dataclass
class Township:
    lines: list[list[Any]]
    rows: list[Line]
    merges: list[str] = field(default_factory=list)

    @property
    def header_row(self) -> int:
        return len(self.lines) + 1

    def row_of(self, index: int) -> int:
        return self.header_row + 1 + index

    def names(self) -> list[Line]:
        return [r for r in self.rows if r.is_name]

    def write(self, path: Path) -> Path:
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = SHEET
        for r, line in enumerate(self.lines, start=1):
            for c, value in enumerate(line, start=1):
                if value is not None:
                    ws.cell(r, c, value)
        for c, value in enumerate(HEADER, start=1):
            ws.cell(self.header_row, c, value)
        for i, row in enumerate(self.rows):
            for c, value in enumerate(row.cells, start=1):
                if value is None:
                    continue
                cell = ws.cell(self.row_of(i), c, value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # the township's text, not a formula
                elif isinstance(value, datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
        for merge in self.merges:
            ws.merge_cells(merge)
        wb.save(path)
        return path


def _with_check(first17: str) -> str:
    return first17 + check_digit(first17)


def _typo(number: str) -> str:
    """One digit of the sequence part mistyped: the check digit then fails (the typo shows)."""
    wrong = number[:15] + str((int(number[15]) + 1) % 10) + number[16:]
    assert check_digit(wrong[:17]) != wrong[17]
    return wrong


def _township() -> Township:
    """The list, from the demo village's people: names unique on the roster, so each key points at one person."""
    people = list(Person.select().order_by(Person.id))
    names = Counter(p.name for p in people)
    numbers = {p.id_number for p in people if p.id_number}
    pinyin_tails = Counter((p.pinyin_full, p.phone[-4:]) for p in people if p.phone)
    unique = [p for p in people if names[p.name] == 1 and p.id_number and p.phone]
    exact_a, exact_b, typo, by_phone = unique[:4]
    same_sound = next(
        p
        for p in unique[4:]
        if p.name.startswith("张")
        and ("章" + p.name[1:]) not in names
        and pinyin_tails[(p.pinyin_full, p.phone[-4:])] == 1
    )
    sound_name = "章" + same_sound.name[1:]
    assert name_pinyin(sound_name)[1] == same_sound.pinyin_full  # 章 and 张 read alike: the premise of the key
    sound_phone = "1390000" + same_sound.phone[-4:]
    assert sound_phone != same_sound.phone
    nobody = next(n for n in ("欧阳新来", "上官无名", "司马未见") if n not in names)
    stranger = next(n for n in ("孙外来", "钟未登", "闻某某") if n not in names)
    stranger_id = _with_check("11010119900307123")
    assert stranger_id not in numbers and _typo(typo.id_number) not in numbers
    exact_a_phone = int(exact_a.phone)  # the township's phone typed as a number

    def cells(seq: int, name: str, number: str, phone: Any, origin: str, back: Any, where: Any, ask: str) -> list[Any]:
        return [seq, name, number or None, phone or None, origin, back, where, f"{ISSUED:%Y%m%d}{seq:03d}", ask or None]

    rows = [
        Line(
            "exact",
            cells(
                1,
                exact_a.name,
                exact_a.id_number,
                exact_a_phone,
                "湖北省武汉市",
                date(2026, 11, 23),
                "铁路",
                "当日反馈",
            ),
            exact_a.id,
            ItemStatus.REGISTERED.value,
            result="前期已排查(重复)",
            method="入户",
        ),
        Line(
            "exact",
            cells(2, exact_b.name, exact_b.id_number, exact_b.phone, "武汉", datetime(2026, 11, 23, 8, 30), None, ""),
            exact_b.id,
            ItemStatus.CONTACTED.value,
            method="电话",
        ),
        Line(
            "typo",
            cells(3, typo.name, _typo(typo.id_number), "", "北京市朝阳区", date(2026, 11, 22), None, "=核实后反馈"),
            typo.id,
            ItemStatus.NOT_HERE.value,
            address="北京市朝阳区",
        ),
        Line(
            "name_phone",
            cells(4, by_phone.name, "", by_phone.phone, "上海市", "11月23日", "电信大数据", ""),
            by_phone.id,
            ItemStatus.NOT_HERE.value,
            address="北京市朝阳区",
        ),
        Line("blank", [None] * len(HEADER)),
        Line(
            "pinyin",
            cells(5, sound_name, "", sound_phone, "广东省广州市", None, "电信大数据", "请入户核实"),
            same_sound.id,
            ItemStatus.LEFT.value,
            result="已返回广州务工",
        ),
        Line(
            "nobody",
            cells(6, nobody, "", "13900001234", "河北省石家庄市", date(2026, 11, 24), "卫健委协查", ""),
            None,
            ItemStatus.NOT_FOUND.value,
        ),
        Line("nobody", cells(7, stranger, stranger_id, "", "天津市", date(2026, 11, 24), "外省协查函", "")),
    ]
    count = sum(1 for r in rows if r.is_name)
    rows.append(Line("total", [f"合计：{count}人", *([None] * (len(HEADER) - 1))]))
    deadline = f"{DEADLINE.year}年{DEADLINE.month}月{DEADLINE.day}日{DEADLINE.hour}时前"
    lines = [
        [f"{ISSUER}{SOURCE}核查名单"],
        ["下发单位：", ISSUER, None, f"下发批次(编号)：{BATCH_NO}"],
        [],
        ["下发日期：", ISSUED, None, f"反馈时限：{deadline}"],
    ]
    township = Township(lines, rows)
    last = chr(ord("A") + len(HEADER) - 1)
    township.merges.append(f"A1:{last}1")  # the title across the table
    where = chr(ord("A") + HEADER.index("数据来源"))  # 铁路 merged down over the first three names
    township.merges.append(f"{where}{township.row_of(0)}:{where}{township.row_of(2)}")
    return township


# --- the clerk's keys --------------------------------------------------------------------------------------------


def _choose_in_combo(qtbot, combo: QComboBox, wanted: str, by_data: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Walk a combo with the arrow keys to the entry wanted (its text, or its data)."""
    combo.setFocus()

    def now() -> Any:
        return combo.currentData() if by_data else combo.currentText()

    target = combo.findData(wanted) if by_data else combo.findText(wanted)
    assert target >= 0, f"{wanted!r} is not offered"
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    for _ in range(combo.count()):
        if now() == wanted:
            break
        qtbot.keyClick(combo, key)
    assert now() == wanted


def _go_to(qtbot, page, name: str, extend: int = 0) -> None:  # type: ignore[no-untyped-def]
    """Arrow keys on the names' list to the name, then Shift+Down `extend` times to take the ones below too."""
    _active(qtbot, page.window())
    page.items.setFocus()
    target = _names(page).index(name)
    for _ in range(len(page.items.lines)):
        row = page.items.currentIndex().row()
        if row == target:
            break
        qtbot.keyClick(page.items, Qt.Key.Key_Down if row < target else Qt.Key.Key_Up)
    assert page.items.current_line().name == name
    for _ in range(extend):
        qtbot.keyClick(page.items, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)


def _item(batch_id: int, line: Line) -> PushedItem:
    return PushedItem.get((PushedItem.batch == batch_id) & (PushedItem.name == line.name))


# --- the cells as they must come back ---------------------------------------------------------------------------


def _typed(value: Any) -> tuple[str, Any]:
    """A cell's value with its type: "13812345678" (text) and 13812345678 (a number) are not the same cell."""
    return (type(value).__name__, value)


def _row_values(ws: Worksheet, row: int, width: int) -> list[tuple[str, Any]]:
    return [_typed(ws.cell(row, c).value) for c in range(1, width + 1)]


def _as_read(ws: Worksheet, row: int, width: int, first_data: int) -> list[tuple[str, Any]]:
    """A source row's cells as the township's sheet shows them: a cell merged down over data rows is the value of
    each row it covers (the import reads it so: each name's row goes back whole); above the data, as stored."""
    values = []
    for c in range(1, width + 1):
        value = ws.cell(row, c).value
        for merged in ws.merged_cells.ranges:
            if merged.min_row >= first_data and (row, c) in {(r, k) for r, k in merged.cells}:
                value = ws.cell(merged.min_row, merged.min_col).value
        values.append(_typed(value))
    return values


def test_a_pushed_list_from_import_to_feedback(  # type: ignore[no-untyped-def]
    qtbot, demo_round, main_window, on_modal, monkeypatch, tmp_path: Path, output_dir: Path
):
    township = _township()
    source_path = township.write(tmp_path / "红旗镇大数据比对第7批.xlsx")
    names = township.names()
    exact = [r for r in names if r.kind == "exact"]
    fuzzy = [r for r in names if r.kind in ("typo", "name_phone", "pinyin")]
    unmatched = [r for r in names if r.person is None]

    # 1. The list comes in through 文件 → 导入核查名单…, received "now" by the page's clock.
    main_window.pushed.now = lambda: NOW
    page = open_module(qtbot, main_window, "核查名单")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source_path), ""))
    said: list[str] = []

    def run_import(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.waitUntil(lambda: dialog.plan is not None, timeout=HANG_GUARD_MS)
        table = dialog.tabs.widget(0)
        guessed = {col: combo.currentData() for col, combo in enumerate(table.combos)}
        hand = HEADER.index(MAPPED_BY_HAND)
        assert guessed == {c: (None if c == hand else key) for c, key in enumerate(COLUMNS.values())}
        type_text(dialog.source.lineEdit(), SOURCE)  # a source first: choosing one maps the columns anew
        _choose_in_combo(qtbot, table.combos[hand], COLUMNS[MAPPED_BY_HAND], by_data=True)
        assert dialog.plan is None and not dialog.import_button.isEnabled()  # the mapping changed: preview again
        qtbot.keyClick(dialog.preview_button, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: dialog.plan is not None, timeout=HANG_GUARD_MS)
        text = dialog.summary.text()
        for fact in (
            f"来源：{SOURCE}",
            f"下发单位：{ISSUER}",
            f"下发批次：{BATCH_NO}",
            f"下发日期：{ISSUED:%Y-%m-%d}",
            f"反馈时限：{DEADLINE:%Y-%m-%d %H:%M}",
            f"将导入 {len(names)} 人",
            f"{MAPPED_BY_HAND} → 到达日期",
        ):
            assert fact in text, (fact, text)
        save_screenshot(dialog, output_dir, "pushed_flow_import_preview")
        close_next_message_box(said)
        qtbot.keyClick(dialog.import_button, Qt.Key.Key_Return)

    file_menu = next(a.menu() for a in main_window.menuBar().actions() if a.text() == "文件(&F)")
    entry = next(a for a in file_menu.actions() if a.text() == "导入核查名单…")
    assert entry.isEnabled()
    on_modal(run_import, closes=False)
    entry.trigger()
    qtbot.waitUntil(lambda: bool(said), timeout=HANG_GUARD_MS)
    assert (
        f"已导入核查名单 {len(names)} 人：身份证号一致 {len(exact)} 人（已确认），疑似匹配 {len(fuzzy)} 人（待确认），"
        f"花名册中未找到 {len(unmatched)} 人（待核查）" in said[0]
    )
    batch = PushedBatch.get()
    assert (batch.source.name, batch.issuer, batch.batch_no) == (SOURCE, ISSUER, BATCH_NO)
    assert (batch.issued_on, batch.deadline, batch.received_at) == (ISSUED.date(), DEADLINE, NOW)
    assert page.current_batch_id() == batch.id
    left = int((DEADLINE - NOW).total_seconds() // 3600)
    assert (
        page.batches.item(0, BATCH_HEADERS.index("反馈时限")).text()
        == f"{DEADLINE.month}月{DEADLINE.day}日 {DEADLINE:%H:%M} 剩 {left} 小时"
    )

    # 2. Exact numbers were taken, the rest only proposed; nobody's names are open and unmatched.
    for line in names:
        item = _item(batch.id, line)
        assert item.person_id == line.person, line.name
        assert item.match_confirmed == (line.kind == "exact"), line.name
        assert item.status == ItemStatus.PENDING.value
    reasons = {
        "exact": MatchReason.ID,
        "typo": MatchReason.ID_TYPO,
        "name_phone": MatchReason.NAME_PHONE,
        "pinyin": MatchReason.PINYIN_PHONE_TAIL,
    }
    for line in exact + fuzzy:
        assert _item(batch.id, line).match_reason == reasons[line.kind].value, line.name
    assert page.filter.currentText() == "待确认匹配"
    assert _names(page) == [r.name for r in fuzzy]
    assert all(_cell(page, r.name, "花名册人员").startswith("待确认：") for r in fuzzy)

    # 3. Each proposal confirmed by one key (Y, the last by Enter): the next one waiting is chosen at once.
    _active(qtbot, main_window)
    page.items.setFocus()
    for n, line in enumerate(fuzzy):
        assert page.items.current_line().name == line.name
        qtbot.keyClick(page.items, Qt.Key.Key_Return if n == len(fuzzy) - 1 else Qt.Key.Key_Y)
        item = _item(batch.id, line)
        assert (item.person_id, item.match_confirmed) == (line.person, True)
    assert _names(page) == []
    for line in unmatched:
        item = _item(batch.id, line)
        assert (item.person_id, item.status) == (None, ItemStatus.PENDING.value)
    _choose_in_combo(qtbot, page.filter, "全部")
    assert _names(page) == [r.name for r in names]
    for line in names:
        shown = _cell(page, line.name, "花名册人员")
        assert (shown == "花名册中未找到") if line.person is None else (not shown.startswith("待确认：")), shown
    shot = save_screenshot(main_window, output_dir, "pushed_flow_confirmed")
    assert shot.exists()

    # 4. Names moved on through 核查登记 (F2), the ones recorded alike in one go.
    moved: list[list[Line]] = []
    for line in names:
        if line.status is None or any(line in group for group in moved):
            continue
        group = [line]
        following = names[names.index(line) + 1 :]
        while following and (following[0].status, following[0].result, following[0].address) == (
            line.status,
            line.result,
            line.address,
        ):
            group.append(following.pop(0))
        moved.append(group)
    assert any(len(group) > 1 for group in moved), "a group is moved at once"

    for group in moved:
        first = group[0]
        _go_to(qtbot, page, first.name, extend=len(group) - 1)
        assert [line.name for line in page.items.selected_lines()] == [line.name for line in group]

        def record(dialog, first: Line = first) -> None:  # type: ignore[no-untyped-def]
            _choose_in_combo(qtbot, dialog.status, first.status)
            if first.result in [dialog.result.itemText(i) for i in range(dialog.result.count())]:
                _choose_in_combo(qtbot, dialog.result, first.result)
            elif first.result:
                type_text(dialog.result.lineEdit(), first.result)
            if first.address:
                type_text(dialog.address, first.address)
            if first.method:
                _choose_in_combo(qtbot, dialog.method, first.method)
            qtbot.keyClick(dialog.status, Qt.Key.Key_Return)

        on_modal(record)
        qtbot.keyClick(page.items, Qt.Key.Key_F2)
        for line in group:
            assert _item(batch.id, line).status == first.status, line.name

    expected_status = {line.name: line.status or ItemStatus.PENDING.value for line in names}
    counts = Counter(expected_status.values())
    assert page.counts.text() == "　".join(f"{s.value} {counts[s.value]}" for s in ItemStatus)
    for line in names:
        assert _cell(page, line.name, "状态") == expected_status[line.name]
    save_screenshot(main_window, output_dir, "pushed_flow_moved")

    # 5. 导出反馈表…: the personal-data notice, where to save, the work off the UI thread, the message.
    target = tmp_path / "反馈" / "核查反馈表.xlsx"
    target.parent.mkdir()
    asked: list[str] = []

    def save_as(_parent, _title, start, _filter):  # type: ignore[no-untyped-def]
        asked.append(Path(start).name)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    on_modal(lambda notice: qtbot.keyClick(notice, Qt.Key.Key_Return))
    messages: list[str] = []
    close_next_message_box(messages)
    _active(qtbot, main_window)
    qtbot.keyClick(page.export_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(messages) and target.exists(), timeout=HANG_GUARD_MS)
    assert asked == [f"{SOURCE} {BATCH_NO}_核查反馈表_{NOW:%Y%m%d}.xlsx"]
    assert messages == [f"核查反馈表已导出 {len(names)} 人到：\n{target}"]

    # 6. Every township cell comes back, in its place and with its type; the village's line and columns are added.
    source = load_workbook(source_path).worksheets[0]
    out = load_workbook(target)
    assert out.sheetnames[0] == SHEET  # then the program's hidden _meta sheet
    back = out[SHEET]
    width = len(HEADER)
    for row in range(1, len(township.lines) + 1):
        assert _row_values(back, row, width) == _row_values(source, row, width), f"line {row}"
    village = Village.get()
    village_line = back.cell(len(township.lines) + 1, 1).value
    assert village_line.startswith(f"填报单位(村/社区)：{village.township}{village.name}    核查人：{CLERK}")
    assert f"联系电话：{village.office_phone}" in village_line
    assert village_line.endswith(f"反馈日期：{long_date(NOW.date())}")  # the page's day, not the wall clock's
    assert _row_values(back, len(township.lines) + 1, width)[1:] == [_typed(None)] * (width - 1)
    header_row = township.header_row + 1
    assert _row_values(back, header_row, width) == _row_values(source, township.header_row, width)
    assert [back.cell(header_row, width + 1 + k).value for k in range(len(VILLAGE_HEADERS))] == list(VILLAGE_HEADERS)
    source_rows = [township.row_of(i) for i, line in enumerate(township.rows) if line.is_name]
    assert back.max_row == header_row + len(source_rows)
    first_data = township.header_row + 1
    for offset, (line, row) in enumerate(zip(names, source_rows, strict=True), start=1):
        assert _row_values(back, header_row + offset, width) == _as_read(source, row, width, first_data), line.name

    findings = {h: width + 1 + k for k, h in enumerate(VILLAGE_HEADERS)}
    for offset, line in enumerate(names, start=1):
        row = header_row + offset

        def said_in(header: str, row: int = row) -> Any:
            return back.cell(row, findings[header]).value

        closed = line.status is not None and ItemStatus(line.status) in RESULT_OF_STATUS
        result = (line.result or RESULT_OF_STATUS[ItemStatus(line.status)]) if closed else (line.result or None)
        assert said_in("核查状态") == expected_status[line.name], line.name
        assert said_in("核查结果") == result, line.name
        assert said_in("现居住地") == (line.address or None), line.name
        assert said_in("核查方式") == (line.method or None), line.name
        assert (said_in("核查人"), said_in("核查时间")) == ((CLERK, NOW) if line.status else (None, None)), line.name
        on_roster = f"{ON_ROSTER}（{reasons[line.kind].value}）" if line.person is not None else NOT_ON_ROSTER
        assert said_in("花名册匹配") == on_roster, line.name
    closed_names = [line.name for line in names if line.status and ItemStatus(line.status) in RESULT_OF_STATUS]
    assert [
        back.cell(header_row + o, 2).value
        for o in range(1, len(names) + 1)
        if back.cell(header_row + o, findings["核查结果"]).value is not None
    ] == closed_names
