"""An abnormal finding that needs no case of its own: 无需管控 (a reason, a note, dated and signed), 并入已有管控
(the person's running case), and 撤销处理; each one audited transaction, and the register still shows it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db import quarantine_actions as qa
from db import screening_actions, session
from db.models import AuditEntry, Case, Finding, Policy, Role
from db.models.quarantine import CaseKind
from db.queries.screening import abnormal_findings
from db.screening_actions import ScreeningError
from db.session import NotAllowed
from forms.excel.report_sheet import HEADER_ROW
from forms.screening_export import export_screening_register

DAY = date(2026, 11, 2)
NEXT_DAY = date(2026, 11, 3)


def _round_with_fever(village: dict[str, int]) -> tuple[int, int]:
    """A round where 钱𠮷祥 had a fever at the visit; (round id, finding id)."""
    r = screening_actions.new_round("第二轮拉网排查", date(2026, 11, 1), date(2026, 11, 7))
    fever = {"person": village["qian"], "temperature": 38.2, "note": "自述感冒"}
    visit = screening_actions.record_visit(r.id, village["h2"], DAY, "", "已排查", [fever])
    return r.id, Finding.get((Finding.visit == visit.id) & (Finding.person == village["qian"])).id


def _sign_in(name: str, role: Role) -> None:
    session.begin(session.Session(name, role))


def _finding_entries(finding_id: int) -> list[AuditEntry]:
    query = AuditEntry.select().where((AuditEntry.table == "finding") & (AuditEntry.record_id == finding_id))
    return list(query.order_by(AuditEntry.id))


def _home_policy() -> int:
    return next(p.id for p in Policy.select() if CaseKind.HOME.value in p.stages)


def test_a_finding_marked_handled_leaves_the_open_list_signed_and_audited(village: dict[str, int]) -> None:
    round_id, finding_id = _round_with_fever(village)
    assert [a.finding_id for a in abnormal_findings(open_only=True)] == [finding_id]
    _sign_in("王录入", Role.ENTRY)
    before = len(_finding_entries(finding_id))

    screening_actions.handle_finding(finding_id, " 复测体温正常 ", "11月3日复测 36.6℃", NEXT_DAY)

    stored = Finding.get_by_id(finding_id)
    assert (stored.handled_on, stored.handled_by, stored.handled_reason, stored.handled_note) == (
        NEXT_DAY,
        "王录入",
        "复测体温正常",
        "11月3日复测 36.6℃",
    )
    assert (stored.temperature, stored.note, stored.__data__["case"]) == (38.2, "自述感冒", None)  # what was found
    assert abnormal_findings(open_only=True) == []
    (line,) = abnormal_findings(round_id)  # still abnormal, now settled
    assert not line.is_open
    assert line.handling() == "无需管控：复测体温正常（11月3日 王录入）：11月3日复测 36.6℃"
    entries = _finding_entries(finding_id)
    assert len(entries) == before + 1
    entry = entries[-1]
    assert (entry.who, entry.action, entry.summary) == ("王录入", "update", "排查异常无需管控：钱𠮷祥（复测体温正常）")
    assert json.loads(entry.before)["handled_on"] is None
    assert json.loads(entry.after)["handled_reason"] == "复测体温正常"


def test_handling_twice_is_refused_and_writes_nothing(village: dict[str, int]) -> None:
    _round_id, finding_id = _round_with_fever(village)
    screening_actions.handle_finding(finding_id, "已送医", "", NEXT_DAY)
    entries = AuditEntry.select().count()
    with pytest.raises(ScreeningError, match="已于11月3日由李文书处理（已送医），不能重复处理"):
        screening_actions.handle_finding(finding_id, "复测体温正常", "", NEXT_DAY)
    with pytest.raises(ScreeningError, match="不能重复处理"):
        screening_actions.link_finding_to_case(finding_id, NEXT_DAY)
    assert AuditEntry.select().count() == entries
    assert Finding.get_by_id(finding_id).handled_reason == "已送医"


def test_a_finding_whose_case_was_opened_from_it_is_neither_handled_nor_reopened(village: dict[str, int]) -> None:
    _round_id, finding_id = _round_with_fever(village)
    case = screening_actions.open_case_from_finding(finding_id, {"policy": _home_policy()})
    with pytest.raises(ScreeningError, match="已按这次排查登记管控，不能再标为无需管控"):
        screening_actions.handle_finding(finding_id, "复测体温正常", "", NEXT_DAY)
    with pytest.raises(ScreeningError, match="请在“隔离管控台账”中处理"):
        screening_actions.reopen_finding(finding_id)
    assert Finding.get_by_id(finding_id).__data__["case"] == case.id


def test_the_reason_is_required_其他_needs_a_note_and_the_day_is_not_before_the_visit(
    village: dict[str, int],
) -> None:
    _round_id, finding_id = _round_with_fever(village)
    entries = AuditEntry.select().count()
    with pytest.raises(ScreeningError, match="请选择或填写无需管控的原因"):
        screening_actions.handle_finding(finding_id, "  ", "复测正常", NEXT_DAY)
    with pytest.raises(ScreeningError, match="原因为“其他”时，请在说明中写明情况"):
        screening_actions.handle_finding(finding_id, "其他", " ", NEXT_DAY)
    with pytest.raises(ScreeningError, match="处理日期 2026-11-01 早于走访日期 2026-11-02"):
        screening_actions.handle_finding(finding_id, "复测体温正常", "", date(2026, 11, 1))
    assert AuditEntry.select().count() == entries
    screening_actions.handle_finding(finding_id, "其他", "镇卫生院已排除", DAY)  # typed over, with its note
    assert Finding.get_by_id(finding_id).handled_reason == "其他"
    screening_actions.reopen_finding(finding_id)
    screening_actions.handle_finding(finding_id, "外出务工，电话核实无症状", "", DAY)  # the clerk's own words
    assert Finding.get_by_id(finding_id).handled_reason == "外出务工，电话核实无症状"


def test_reopening_puts_the_finding_back_on_the_open_list(village: dict[str, int]) -> None:
    _round_id, finding_id = _round_with_fever(village)
    with pytest.raises(ScreeningError, match="还没有处理，无需撤销"):
        screening_actions.reopen_finding(finding_id)
    screening_actions.handle_finding(finding_id, "复测体温正常", "36.5℃", NEXT_DAY)
    screening_actions.reopen_finding(finding_id)
    stored = Finding.get_by_id(finding_id)
    assert (stored.handled_on, stored.handled_by, stored.handled_reason, stored.handled_note) == (None, "", "", "")
    assert [a.finding_id for a in abnormal_findings(open_only=True)] == [finding_id]
    entry = _finding_entries(finding_id)[-1]
    assert entry.summary == "撤销排查异常的处理：钱𠮷祥"
    assert json.loads(entry.before)["handled_reason"] == "复测体温正常"
    screening_actions.handle_finding(finding_id, "已送医", "", NEXT_DAY)  # and it may be handled anew
    assert abnormal_findings(open_only=True) == []


def test_a_person_under_control_already_has_the_finding_joined_to_the_running_case(village: dict[str, int]) -> None:
    round_id, finding_id = _round_with_fever(village)
    with pytest.raises(ScreeningError, match="目前没有在管的管控，请登记管控"):
        screening_actions.link_finding_to_case(finding_id, NEXT_DAY)
    case = qa.open_case(village["qian"], {"policy": _home_policy(), "start_date": date(2026, 10, 30)})
    (line,) = abnormal_findings(open_only=True)
    assert (line.running_case_id, line.case_id) == (case.id, None)  # offered: the person is under control
    cases = Case.select().count()

    assert screening_actions.link_finding_to_case(finding_id, NEXT_DAY).id == case.id

    assert Case.select().count() == cases  # no second case
    stored = Finding.get_by_id(finding_id)
    assert (stored.__data__["case"], stored.handled_reason, stored.handled_on) == (case.id, "并入已有管控", NEXT_DAY)
    assert abnormal_findings(open_only=True) == []
    (line,) = abnormal_findings(round_id)
    assert line.handling() == "并入已有管控（11月3日 李文书）"
    assert _finding_entries(finding_id)[-1].summary == "排查异常并入已有管控：钱𠮷祥"
    screening_actions.reopen_finding(finding_id)  # the link is undone with it; the case runs on
    assert Finding.get_by_id(finding_id).__data__["case"] is None
    assert Case.get_by_id(case.id).status == "在管"


def test_a_read_only_operator_may_not_handle_a_finding(village: dict[str, int]) -> None:
    _round_id, finding_id = _round_with_fever(village)
    _sign_in("只读员", Role.READONLY)
    entries = AuditEntry.select().count()
    with pytest.raises(NotAllowed):
        screening_actions.handle_finding(finding_id, "复测体温正常", "", NEXT_DAY)
    with pytest.raises(NotAllowed):
        screening_actions.link_finding_to_case(finding_id, NEXT_DAY)
    assert AuditEntry.select().count() == entries
    assert Finding.get_by_id(finding_id).handled_on is None


def test_a_revisit_that_finds_something_new_opens_a_handled_finding_again(village: dict[str, int]) -> None:
    round_id, finding_id = _round_with_fever(village)
    screening_actions.handle_finding(finding_id, "复测体温正常", "", NEXT_DAY)
    same = {"person": village["qian"], "temperature": 38.2, "note": "复测后正常"}
    screening_actions.record_visit(round_id, village["h2"], NEXT_DAY, "", "已排查", [same])
    assert Finding.get_by_id(finding_id).handled_reason == "复测体温正常"  # nothing new was found
    worse = {"person": village["qian"], "temperature": 38.2, "symptoms": "咳嗽"}
    screening_actions.record_visit(round_id, village["h2"], NEXT_DAY, "", "已排查", [worse])
    assert Finding.get_by_id(finding_id).handled_on is None
    assert [a.finding_id for a in abnormal_findings(open_only=True)] == [finding_id]  # not hidden


def test_the_register_says_how_each_finding_was_handled(village: dict[str, int], tmp_path: Path) -> None:
    r = screening_actions.new_round("第二轮拉网排查", date(2026, 11, 1), date(2026, 11, 7))
    zhang, qian = village["zhang"], village["qian"]
    cough = {"person": zhang, "symptoms": "咳嗽", "note": "老慢支"}
    screening_actions.record_visit(r.id, village["h1"], DAY, "", "已排查", [cough])
    screening_actions.record_visit(r.id, village["h2"], DAY, "", "已排查", [{"person": qian, "temperature": 38.2}])
    by_person = {a.person_id: a.finding_id for a in abnormal_findings(r.id)}
    screening_actions.handle_finding(by_person[zhang], "其他", "慢性支气管炎，多年", NEXT_DAY)
    qa.open_case(qian, {"policy": _home_policy(), "start_date": date(2026, 10, 30)})
    screening_actions.link_finding_to_case(by_person[qian], NEXT_DAY)

    out = tmp_path / "排查.xlsx"
    export_screening_register(r.id, out, today=NEXT_DAY)
    ws = load_workbook(out)["入户排查登记表"]
    headers = [c.value for c in ws[HEADER_ROW]]
    rows = [dict(zip(headers, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=HEADER_ROW + 1)]
    notes = {row["姓名"]: row["备注"] for row in rows if row["姓名"] in ("张三丰", "钱𠮷祥")}
    assert notes == {
        "张三丰": "老慢支；无需管控：其他（11月3日 李文书）：慢性支气管炎，多年",
        "钱𠮷祥": "并入已有管控（11月3日 李文书）",
    }
