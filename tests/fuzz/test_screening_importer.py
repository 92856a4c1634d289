"""Hostile workbooks through the screening import (the same drawn sheets as tests/fuzz/test_importers.py, with
the screening columns' words): a plan whose rows add up to the rows read and a result, or a LedgerError in
Chinese that wrote nothing; and the same file planned again has nothing left to write."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from db import screening_actions
from db.errors import LedgerError
from db.imports.screening import apply_screening_plan
from db.models import Finding, Person, ScreeningRound, Visit
from forms.screening_fields import SCREENING_TARGETS
from forms.screening_import import plan_screening_import, read_screening
from tests.fuzz.test_importers import CHINESE, FUZZ, assert_chinese, cells, counts, sheets, write_workbook

SCREENING_WORDS = [name for t in SCREENING_TARGETS for name in t.names]
TODAY = date(2026, 11, 5)
#: A grid worker's columns with values drawn as they come: the village's people (by name, by ID number, a
#: valid number the roster lacks), their doors, temperatures and symptoms in the clerk's words, and junk.
_COLUMNS = {
    "姓名": st.sampled_from(["张三丰", "李秀英", "钱𠮷祥", "阿依古丽·买买提", "王五", "张三丰 ", "", "合计"]),
    "身份证号": st.sampled_from(["11010519491231002X", "110101199003070011", "110101199003070012", None, 4.2e17]),
    "家庭住址": st.sampled_from(["东风村一组12号", "一组12号", "二组3号", "三组9号", "1组12号", "", "外地"]),
    "体温": st.sampled_from(["36.5", "38.5℃", "365", 36.8, "33", "发烧", "正常", None, "37,2"]),
    "其他症状": st.sampled_from(["无", "咳嗽、乏力", "正常", "发热和咳嗽", "异常（38.0℃ 咳嗽）", None, "头疼 鼻塞"]),
    "来自何地": st.sampled_from(["湖北武汉", "武汉洪山", "本地", "朝阳区", "火星", None]),
    "交通方式": st.sampled_from(["自驾 鄂A12345", "火车G507", "飞机", "骑马", None]),
    "走访结果": st.sampled_from(["不在家", "拒绝", "已搬离", "已排查", "看不懂", None]),
    "排查日期": st.sampled_from(["2026-11-02", "2026-11-03", "2026年11月4日", "2026-13-01", None, 46000]),
    "返回日期": st.sampled_from(["2026-10-30", "2026-11-04", "2026-11-09", None]),
    "备注": st.sampled_from(["不在家", "已报卫生院", "无人在家待复查；外出务工", None]),
}


@st.composite
def worker_sheets(draw: st.DrawFn) -> dict[str, object]:
    """A sheet of a grid worker's columns in any order, rows of likely values with junk cells and rows mixed in
    (one in ten)."""
    header = draw(st.permutations(list(_COLUMNS)))[: draw(st.integers(2, len(_COLUMNS)))]
    if "姓名" not in header:
        header = ["姓名", *header]
    rows = []
    for _n in range(draw(st.integers(0, 10))):
        if draw(st.integers(0, 9)) == 0:
            rows.append(draw(st.lists(cells, max_size=len(header))))
        else:
            rows.append([draw(cells) if draw(st.integers(0, 9)) == 0 else draw(_COLUMNS[h]) for h in header])
    titles = draw(st.lists(st.lists(cells, max_size=2), max_size=2))
    return {"titles": titles, "header": header, "rows": rows, "merges": [], "name": "排查", "hidden": False}


def _round() -> int:
    found = ScreeningRound.select().first()
    if found is None:
        found = screening_actions.new_round("第一轮拉网排查", date(2026, 11, 1), date(2026, 11, 7))
    return int(found.id)


@FUZZ
@given(st.lists(st.one_of(sheets(SCREENING_WORDS), worker_sheets()), max_size=2))
def test_random_screening_workbooks_give_a_result_or_a_chinese_refusal(village, tmp_path: Path, book) -> None:  # type: ignore[no-untyped-def]
    round_id = _round()
    path = write_workbook(tmp_path / "入户排查.xlsx", book)
    before = (*counts(), Visit.select().count(), Finding.select().count())
    try:
        plan = plan_screening_import(round_id, read_screening(path), today=TODAY)
    except LedgerError as exc:
        assert_chinese(exc)
        assert (*counts(), Visit.select().count(), Finding.select().count()) == before
        return
    for issue in plan.refused:
        assert CHINESE.search(issue.reason) and issue.row >= 1, issue
    assert sum(plan.outcome_counts().values()) == plan.rows_read
    result = apply_screening_plan(round_id, plan, path.name)
    assert Person.select().count() == before[0] + result.created_people
    again = plan_screening_import(round_id, read_screening(path), today=TODAY)
    assert not again.to_write, [(v.label, v.state, v.findings, v.new_people) for v in again.to_write]
