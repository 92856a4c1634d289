"""Hostile workbooks through the checkpoint register import (the drawn sheets of tests/fuzz/test_importers.py, with
the register's columns and the clerk's words for them): a plan whose rows add up to the rows read and a result
whose entries are the plan's, or a LedgerError in Chinese that wrote nothing; the same rows planned again have
nothing left to write, and the same file is refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from db.checkpoint_actions import save_checkpoint
from db.errors import LedgerError
from db.imports.checkpoints import RegisterAlreadyImported, apply_checkpoint_plan
from db.models import Checkpoint
from db.models.checkpoint import GateEntry, Vehicle
from forms.checkpoint_import import plan_checkpoint_import
from forms.checkpoint_sheets import GATE_TARGETS, VEHICLE_TARGETS, read_checkpoint_register
from tests.fuzz.test_importers import CHINESE, FUZZ, assert_chinese, cells, counts, sheets, write_workbook

WORDS = [name for t in GATE_TARGETS + VEHICLE_TARGETS for name in t.names]
DAY = date(2026, 12, 3)
#: A gate's columns with values drawn as clerks write them, and junk.
_COLUMNS = {
    "姓名": st.sampled_from(
        ["张三丰", "李秀英", "钱𠮷祥", "王五", "王五", "赵六", "孙七", "", "合计", "=HYPERLINK(1)"]
    ),
    "时间": st.sampled_from(["08:05", "8点05", "8:05:00", "08:05", "09:10", "25:00", "", None, 0.34, "早上"]),
    "进出": st.sampled_from(["进", "入", "出", "外出", "☑进 □出", "□进 □出", "√出", "进出", None]),
    "身份证号": st.sampled_from(["11010519491231002X", "410102198001010018", "410102198001010019", None, None, 4.2e17]),
    "体温": st.sampled_from(["36.5", "38.5℃", "365", 36.8, "36.6", "45", "正常", "发烧", None]),
    "车牌": st.sampled_from(["豫A12345", "豫A·12345", "豫AD12345", "豫I12345", "ABC", "", None]),
    "同车人员": st.sampled_from(["王五", "李秀英、王五", "无", "", None]),
    "处理情况": st.sampled_from(["放行", "劝返", "送发热门诊", "☑放行 □劝返", "看不懂", None]),
    "交通方式": st.sampled_from(["开车", "步行", "骑电动车", "飞", None]),
    "日期": st.sampled_from(["2026-12-03", "2026年12月2日", "2026-12-03", "2026-13-01", None, 46000]),
    "卡点名称": st.sampled_from(["村东卡点", "村西卡点", "北门", None, None, None]),
    "车辆类型": st.sampled_from(["小客车", "货车", "面包车", None]),
    "是否消毒": st.sampled_from(["是", "否", "√", "有时", None]),
}


@st.composite
def gate_sheets(draw: st.DrawFn) -> dict[str, object]:
    """A sheet of a gate's columns in any order, rows of likely values with junk cells and rows mixed in."""
    header = draw(st.permutations(list(_COLUMNS)))[: draw(st.integers(2, len(_COLUMNS)))]
    header = [*(h for h in ("姓名", "时间") if h not in header), *header]
    rows = []
    for _n in range(draw(st.integers(0, 10))):
        if draw(st.integers(0, 9)) == 0:
            rows.append(draw(st.lists(cells, max_size=len(header))))
        else:
            rows.append([draw(cells) if draw(st.integers(0, 9)) == 0 else draw(_COLUMNS[h]) for h in header])
    line = draw(st.sampled_from(["卡点名称(位置)：村东卡点    日期：2026年12月3日", "日期：____年__月__日", ""]))
    titles = [[line]] if line else []
    return {"titles": titles, "header": header, "rows": rows, "merges": [], "name": "卡点", "hidden": False}


def _checkpoint() -> int:
    found = Checkpoint.select().where(Checkpoint.name == "村东卡点").first()
    if found is None:
        save_checkpoint({"name": "村西卡点"})
        found = save_checkpoint({"name": "村东卡点"})
    return int(found.id)


@FUZZ
@given(
    st.lists(st.one_of(sheets(WORDS), gate_sheets(), gate_sheets(), gate_sheets()), max_size=2),
    st.sampled_from([None, DAY]),
)
def test_random_register_workbooks_give_a_result_or_a_chinese_refusal(village, tmp_path: Path, book, day) -> None:  # type: ignore[no-untyped-def]
    checkpoint = _checkpoint()
    path = write_workbook(tmp_path / "卡点登记.xlsx", book)
    before = (*counts(), GateEntry.select().count(), Vehicle.select().count())
    try:
        plan = plan_checkpoint_import(read_checkpoint_register(path), path, checkpoint, day)
    except LedgerError as exc:
        assert_chinese(exc)
        assert (*counts(), GateEntry.select().count(), Vehicle.select().count()) == before
        return
    for issue in plan.refused:
        assert CHINESE.search(issue.reason) and issue.row >= 1, issue
    assert sum(plan.outcome_counts().values()) == plan.rows_read
    event(f"entries written: {'some' if plan.parties else 'none'}; refused: {'some' if plan.refused else 'none'}")
    try:
        result = apply_checkpoint_plan(plan)
    except RegisterAlreadyImported as exc:  # hypothesis drew the same workbook again
        assert_chinese(exc)
        return
    assert GateEntry.select().count() == before[-2] + result.entries == before[-2] + plan.entries
    again = plan_checkpoint_import(read_checkpoint_register(path), path, checkpoint, day)
    assert not again.parties, [p.label for p in again.parties]
    if plan.parties:
        with pytest.raises(RegisterAlreadyImported):
            apply_checkpoint_plan(again)
