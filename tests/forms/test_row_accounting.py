"""Every non-blank row of a roster is accounted for, and households and groups come out as clerks mean them.

The workbooks are built here the way villages build theirs (one sheet per group, two-row headers with merged
parents, household cells merged down, the header copied after a page break, two tables in one sheet), and
each test computes what it expects from the rows it wrote.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from db.imports.rows import TAKEN, tally
from db.models import Grid, Household, Person
from db.rules.id_number import check_digit
from forms.excel.reader import read_tables
from forms.roster_fields import ROSTER_TARGETS
from forms.roster_import import import_roster, plan_import, read_roster
from tests.conftest import ROOT

SURNAMES = "张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国"


def person_id(seq: int) -> str:
    first = f"410122{1950 + seq % 50}{seq % 12 + 1:02d}{seq % 28 + 1:02d}{seq % 1000:03d}"
    return first + check_digit(first)


def name_of(seq: int) -> str:
    return SURNAMES[seq % 20] + GIVEN[seq // 20 % 25] + GIVEN[(seq * 7 + 3) % 25]


def merge_down(ws: Worksheet, top: int, bottom: int, *columns: int) -> None:
    if bottom > top:
        for c in columns:
            ws.merge_cells(start_row=top, start_column=c, end_row=bottom, end_column=c)


def two_row_header(ws: Worksheet, row: int, parent: tuple[int, str, list[str]], others: dict[int, str]) -> None:
    """A header over rows `row` and `row + 1`: a parent merged across its children, the others merged down."""
    start, text, children = parent
    ws.cell(row, start, text)
    ws.merge_cells(start_row=row, start_column=start, end_row=row, end_column=start + len(children) - 1)
    for i, child in enumerate(children):
        ws.cell(row + 1, start + i, child)
    for col, label in others.items():
        ws.cell(row, col, label)
        merge_down(ws, row, row + 1, col)


def test_sheets_per_group_with_header_copies_and_merged_households(db_path: Path, tmp_path: Path) -> None:
    """One sheet per 村民小组, 户号 restarting at 001 in each, a two-row header (联系方式 over 手机 | 固定电话),
    户号/户主/门牌号 merged down over the members, and the header printed again halfway down each sheet."""
    others = {1: "序号", 2: "户号", 3: "户主", 4: "姓名", 5: "与户主关系", 6: "身份证号码", 9: "门牌号", 10: "备注"}
    contact = (7, "联系方式", ["手机", "固定电话"])
    wb = Workbook()
    wb.remove(wb.active)
    seq = 0
    people: dict[str, tuple[str, str]] = {}  # id number → (group, 户号)
    households = set()
    for group in ("一组", "二组", "六组"):
        ws = wb.create_sheet(group)
        ws.cell(1, 1, f"东风村{group}户籍人口花名册")
        ws.merge_cells("A1:J1")
        two_row_header(ws, 2, contact, others)
        row = 4
        for h in range(8):
            if h == 4:  # a page break: the header again, merges and all
                two_row_header(ws, row, contact, others)
                row += 2
            top = row
            for m in range(1 + (seq + h) % 4):
                seq += 1
                ws.cell(row, 1, row - 3)
                if m == 0:
                    head = name_of(seq)
                    ws.cell(row, 2, f"{h + 1:03d}")
                    ws.cell(row, 3, head)
                    ws.cell(row, 9, f"{h + 1}号")
                ws.cell(row, 4, head if m == 0 else name_of(seq))
                ws.cell(row, 5, "户主" if m == 0 else "子女")
                ws.cell(row, 6, person_id(seq))
                ws.cell(row, 7, 13800000000 + seq)  # a phone typed as a number
                people[person_id(seq)] = (group, f"{h + 1:03d}")
                households.add((group, f"{h + 1:03d}"))
                row += 1
            merge_down(ws, top, row - 1, 2, 3, 9)
        ws.cell(row, 1, f"小计：共8户{sum(1 for g, _n in people.values() if g == group)}人")
    path = tmp_path / "groups.xlsx"
    wb.save(path)

    plan = plan_import(read_roster(path))
    accounted = plan.accounted
    counts = tally(accounted)
    assert len(accounted) == plan.rows_read == len({(a.sheet, a.row) for a in accounted})
    assert plan.outcome_counts() == counts  # what the summary line is made from
    assert counts["created"] == len(people) and counts["refused"] == 0
    # per sheet: the title, the header's two rows, the copy's two rows and the 小计 line are not data
    assert counts["skipped"] == 3 * 6
    assert plan.recognised["number"] == len(households) == 24

    result = import_roster(path)
    assert result.created_people == len(people)
    found = {
        p.id_number: (p.household.grid.name, p.household.number)
        for p in Person.select(Person, Household, Grid).join(Household).join(Grid)
    }
    assert found == people
    assert Household.select().count() == len(households)
    assert {g.name for g in Grid.select()} == {"一组", "二组", "六组"}


def test_group_and_door_under_a_merged_address_parent(db_path: Path, tmp_path: Path) -> None:
    """组别 and 门牌 sit under 现住址: each maps by its own name, and 1组65号 and 6组65号 stay two households."""
    wb = Workbook()
    ws = wb.active
    ws.title = "花名册"
    two_row_header(ws, 1, (3, "现住址", ["组别", "门牌"]), {1: "姓名", 2: "身份证号", 5: "与户主关系"})
    truth: dict[str, tuple[str, str]] = {}
    row, seq = 3, 0
    for group in ("1组", "6组"):
        for door in ("63号", "65号", "67号"):
            for m in range(2):
                seq += 1
                ws.append([name_of(seq), person_id(seq), group, door, "户主" if m == 0 else "配偶"])
                truth[person_id(seq)] = (group, door)
                row += 1
    path = tmp_path / "address.xlsx"
    wb.save(path)

    [table] = read_tables(path, [n for t in ROSTER_TARGETS for n in t.names])
    mapping = {table.headers[c]: key for c, key in table.guess_mapping(ROSTER_TARGETS).items()}
    assert mapping["现住址 组别"] == "household.grid_name" and mapping["现住址 门牌"] == "household.door_no"
    import_roster(path)
    found = {
        p.id_number: (p.household.grid.name, p.household.door_no)
        for p in Person.select(Person, Household, Grid).join(Household).join(Grid)
    }
    assert found == truth
    assert Household.select().count() == len(set(truth.values())) == 6


def test_two_tables_in_one_sheet_and_a_parent_that_only_says_where(db_path: Path, tmp_path: Path) -> None:
    """A second table (its own title and other columns) further down the sheet is read by its own header;
    省 | 市 | 县 under 户籍地址 are joined into the one field."""
    wb = Workbook()
    ws = wb.active
    ws.title = "东风村"
    ws.append(["东风村一组花名册"])
    ws.append(["姓名", "身份证号", "组别", "门牌号", "与户主关系"])
    ws.append([name_of(1), person_id(1), "一组", "1号", "户主"])
    ws.append([name_of(2), person_id(2), "一组", "1号", "妻"])
    ws.append([])
    ws.append(["东风村二组花名册"])
    top = ws.max_row + 1
    two_row_header(ws, top, (4, "户籍地址", ["省", "市", "县"]), {1: "组别", 2: "户主", 3: "姓名", 7: "公民身份号码"})
    ws.append(["二组", name_of(3), name_of(3), "河南省", "郑州市", "中牟县", person_id(3)])
    ws.append(["二组", name_of(3), name_of(4), "河南省", "郑州市", "中牟县", person_id(4)])
    path = tmp_path / "two_tables.xlsx"
    wb.save(path)

    tables = read_roster(path)
    assert [(t.key, t.header_row, len(t.rows)) for t in tables] == [("东风村", 2, 2), ("东风村（第2个表）", top + 1, 2)]
    plan = plan_import(tables)
    counts = tally(plan.accounted)
    assert (sum(counts[o] for o in TAKEN), counts["refused"], counts["skipped"]) == (4, 0, 5)  # 2 titles, 3 header rows
    import_roster(path)
    assert {p.name: p.household.grid.name for p in Person.select()} == {
        name_of(1): "一组",
        name_of(2): "一组",
        name_of(3): "二组",
        name_of(4): "二组",
    }
    assert Person.get(Person.id_number == person_id(4)).household.head_name == name_of(3)


def test_nothing_with_a_name_disappears(db_path: Path, tmp_path: Path) -> None:
    """Rows refused, rows with no household to go to, a hidden sheet and a notes sheet are all accounted
    for, each with a reason, and the counts add up to the rows read."""
    wb = Workbook()
    ws = wb.active
    ws.title = "一组"
    ws.append(["姓名", "身份证号", "门牌号"])
    ws.append([name_of(1), person_id(1), "1号"])
    ws.append([name_of(2), person_id(2)[:-1] + ("0" if person_id(2)[-1] != "0" else "1"), "1号"])  # check digit
    ws.append([name_of(3), 4.10122195004e17, "2号"])  # an ID number Excel kept as a number
    notes = wb.create_sheet("填表说明")
    notes.append(["说明：户号按组编，门牌号写到号。"])
    hidden = wb.create_sheet("旧名单")
    hidden.append(["姓名", "身份证号", "门牌号"])
    hidden.append([name_of(4), person_id(4), "9号"])
    hidden.sheet_state = "hidden"
    path = tmp_path / "everyone.xlsx"
    wb.save(path)

    plan = plan_import(read_roster(path))
    by_row = {(a.sheet, a.row): a for a in plan.accounted}
    assert plan.outcome_counts() == tally(plan.accounted)
    assert len(by_row) == plan.rows_read == 7
    assert by_row[("一组", 2)].outcome == "created"
    assert by_row[("一组", 3)].outcome == "refused" and "校验位" in by_row[("一组", 3)].reason
    assert by_row[("一组", 4)].outcome == "refused" and "数字" in by_row[("一组", 4)].reason
    assert by_row[("填表说明", 1)].outcome == "skipped"
    assert by_row[("旧名单", 2)].outcome == "skipped" and "隐藏" in by_row[("旧名单", 2)].reason
    named = {a.name for a in plan.accounted if a.name}
    assert {name_of(1), name_of(2), name_of(3)} <= named


def test_the_console_says_the_mapping_before_writing_and_the_counts_after(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["姓名", "身份证号", "门牌号", "文化程度"])
    ws.append([name_of(1), person_id(1), "1号", "初中"])
    ws.append([name_of(2), person_id(2), "1号", "小学"])
    ws.append(["合计2人"])
    path = tmp_path / "sheet1.xlsx"
    wb.save(path)
    done = subprocess.run(
        [sys.executable, "-m", "app", "import-roster", str(path), "--db", str(tmp_path / "cli.db")],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "A 列“姓名” → 姓名" in out and "D 列“文化程度” → （不导入）" in out
    assert "没有组别列，工作表名也不是组名" in out  # where a group column was expected
    assert out.index("A 列“姓名”") < out.index("导入完成")
    assert "共读取 4 行（不含空行）：新建 2、跳过 2（表头 1、合计行 1）" in out
    assert "户的识别：按组别+门牌号 1 户" in out


def test_titles_name_the_groups_of_stacked_tables_and_1zu_is_yizu(village, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """One sheet holding each group's table under its own title and no 组别 column; a second sheet that
    writes the village's 一组 as 1组. Nobody lands in 未分组 and no second 一组 is made."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    truth: dict[str, str] = {}
    seq = 0
    for group in ("二组", "三组"):
        ws.append([f"东风村{group}户籍人口花名册"])
        ws.append(["户号", "姓名", "身份证号", "与户主关系"])
        for h in range(2):
            for m in range(2):
                seq += 1
                ws.append([f"{h + 1:03d}", name_of(seq), person_id(seq), "户主" if m == 0 else "子女"])
                truth[person_id(seq)] = group
        ws.append([])
    other = wb.create_sheet("1组")
    other.append(["姓名", "身份证号", "门牌号"])
    seq += 1
    other.append([name_of(seq), person_id(seq), "40号"])
    truth[person_id(seq)] = "一组"
    path = tmp_path / "stacked.xlsx"
    wb.save(path)

    plan = plan_import(read_roster(path))
    assert any("按表的标题归入“三组”" in note for note in plan.notes)
    assert any("组别“1组”与“一组”是同一个组" in note for note in plan.notes)
    import_roster(path)
    found = {p.id_number: p.household.grid.name for p in Person.select().where(Person.id_number.in_(list(truth)))}
    assert found == truth
    assert sorted(g.name for g in Grid.select()) == sorted(["一组", "二组", "三组"])
    assert Household.select().join(Grid).where(Grid.name == "三组").count() == 2


def test_a_phone_or_tick_not_understood_never_drops_the_person(db_path: Path, tmp_path: Path) -> None:
    """Only what would corrupt data refuses a row: a phone of ten digits or a 慢性病 cell saying 高血压 is
    left blank with a warning, and the clerk's text is kept in the note; the same cells typed into the
    entry form are still refused there."""
    wb = Workbook()
    ws = wb.active
    ws.title = "一组"
    ws.append(["姓名", "身份证号", "门牌号", "联系电话", "慢性病", "备注"])
    ws.append([name_of(1), person_id(1), "1号", "1381234567", "高血压", "独居"])
    ws.append([name_of(2), person_id(2), "1号", "13812345678", "√", ""])
    path = tmp_path / "soft.xlsx"
    wb.save(path)

    result = import_roster(path)
    assert result.created_people == 2 and result.refused_rows == 0
    first = Person.get(Person.id_number == person_id(1))
    assert (first.phone, first.chronic) == ("", False)
    assert first.note == "独居；联系电话：1381234567；慢性病：高血压"
    second = Person.get(Person.id_number == person_id(2))
    assert (second.phone, second.chronic) == ("13812345678", True)
    warned = {(i.row, i.field) for i in result.plan.warnings}
    assert {(2, "联系电话"), (2, "慢性病")} <= warned

    from forms.definitions import PERSON

    typed = PERSON.parse({"name": name_of(1), "phone": "1381234567", "chronic": "高血压"})
    assert {i.field for i in typed.errors} == {"phone", "chronic"}
