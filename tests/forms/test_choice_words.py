"""Choice words as clerks write them: read to our values with their words kept, never refused; the preview's
groups; a correction remembered for the next file. Real SQLite files, real workbooks written by openpyxl."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from db.choice_memory import remember, remembered
from db.models import AuditEntry, Case, Person, Setting
from db.models.quarantine import CaseKind
from db.rules.numbers import small_number
from forms.case_import import import_cases, plan_case_import, read_cases
from forms.choice_words import UNKNOWN, choice_groups
from forms.definitions import CASE, HOUSEHOLD, PERSON
from forms.definitions.case import shown_reason
from forms.kinds import Choice
from forms.roster_import import import_roster, plan_import, read_roster
from tests.conftest import ROOT

HOME, CENTRAL, MONITOR = (k.value for k in CaseKind)
HEADER = ["姓名", "联系电话", "居住地址", "管控措施", "隔离原因", "开始隔离时间"]
#: (name, 管控措施, 隔离原因) as measured on real village files.
LEDGER = [
    ("赵一", "居家观察", "武汉返乡"),
    ("赵二", "居家观察", "武汉返乡"),
    ("赵三", "集中观察", "湖北返乡"),
    ("赵四", "居家医学观察14天", "与确诊病例同乘"),
    ("赵五", "居家观察", "境外返回"),
    ("赵六", "居家观察", "密接的密接"),
    ("赵七", "居家观察", "从武汉返回"),
    ("赵八", "居家观察", "探亲"),
    ("赵九", "居家观察", "探亲"),
    ("钱一", "自我隔离", "同一航班"),
    ("钱二", "居家健康监测", "来自武汉"),
]


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def _ledger(path: Path, rows: list[tuple[str, str, str]] = LEDGER) -> Path:
    return _workbook(
        path, [HEADER, *([name, "", "东风村一组5号", kind, reason, "2026-11-20"] for name, kind, reason in rows)]
    )


def _case(name: str) -> Case:
    return Case.select().join(Person).where(Person.name == name).get()


# --- the words of one field ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "value", "origin"),
    [
        ("武汉返乡", "重点地区返回", "武汉"),
        ("湖北返乡", "重点地区返回", "湖北"),
        ("从武汉返回", "重点地区返回", "武汉"),
        ("武汉来人", "重点地区返回", "武汉"),
        ("来自武汉", "重点地区返回", "武汉"),
        ("与确诊病例同乘", "密切接触者", None),
        ("同一航班", "密切接触者", None),
        ("与确诊病例有过接触", "密切接触者", None),
        ("密接", "密切接触者", None),
        ("密接的密接", "次密接", None),  # wins over 密接
        ("境外返回", "入境", None),
        ("国外回来", "入境", None),
    ],
)
def test_reasons_as_clerks_write_them(words: str, value: str, origin: str | None) -> None:
    reading = CASE.field("reason").kind.read(words)  # type: ignore[attr-defined]
    assert (reading.value, reading.words) == (value, words)
    assert dict(reading.details).get("origin") == origin


@pytest.mark.parametrize(
    ("form", "field", "words", "value"),
    [
        (CASE, "kind", "居家观察", HOME),
        (CASE, "kind", "集中观察", CENTRAL),
        (CASE, "kind", "居家医学观察14天", HOME),
        (CASE, "kind", "7天集中隔离+7天居家健康监测", CENTRAL),
        (CASE, "kind", "居家健康监测", MONITOR),
        (CASE, "kind", "健康监测", MONITOR),
        (CASE, "status", "观察期满", "解除"),
        (CASE, "status", "未解除", "在管"),
        (CASE, "source", "大数据推送", "上级推送"),
        (PERSON, "relation", "侄子", "其他"),
        (PERSON, "relation", "外甥", "其他"),
        (PERSON, "relation", "儿媳妇", "媳婿"),
        (PERSON, "relation", "户主之子", "子女"),
        (PERSON, "relation", "外公", "祖父母"),
        (PERSON, "status", "在外务工", "外出"),
        (PERSON, "status", "已去世", "死亡"),
        (PERSON, "sex", "男性", "男"),
        (PERSON, "sex", "女性", "女"),
        (PERSON, "sex", "男士", "男"),
        (HOUSEHOLD, "kind", "出租房屋", "出租"),
    ],
)
def test_other_choice_words(form, field: str, words: str, value: str) -> None:  # type: ignore[no-untyped-def]
    assert form.field(field).kind.read(words).value == value


def test_the_period_written_in_the_kind() -> None:
    kind = CASE.field("kind").kind
    assert dict(kind.read("居家医学观察14天").details) == {"period_days": "14"}  # type: ignore[attr-defined]
    assert dict(kind.read("居家隔离十四天").details) == {"period_days": "十四"}  # type: ignore[attr-defined]
    assert [small_number(t) for t in ("7", "十四", "二十一", "十", "七", "", "十十四")] == [
        7,
        14,
        21,
        10,
        7,
        None,
        None,
    ]


def test_unknown_words_are_other_with_a_warning_and_kept_on_the_record() -> None:
    parsed = CASE.parse({"name": "赵八", "start_date": "2026-11-20", "reason": "探亲", "kind": "自我隔离"})
    assert parsed.ok
    assert (parsed.values["reason"], parsed.values["reason_text"]) == ("其他", "探亲")
    assert parsed.values["kind"] == ""  # no 其他 for a kind: left to the sheet's and the site's rules
    assert parsed.values["note"] == "隔离方式：自我隔离"
    assert [(i.field, i.severity) for i in parsed.issues] == [("kind", "warning"), ("reason", "warning")]
    assert "按“其他”导入" in parsed.issues[1].message
    person = PERSON.parse({"name": "王五", "relation": "侄子", "sex": "不详", "note": "在外地上学"})
    assert (person.values["relation"], person.values["sex"]) == ("其他", "")
    assert person.values["note"] == "在外地上学；与户主关系：侄子；性别：不详"
    assert [i.field for i in person.warnings] == ["sex"]  # 侄子 is a known word: no warning


def _choice_fields() -> list[tuple[str, Choice]]:
    return [
        (f"{form.name}.{f.name}", f.kind)
        for form in (CASE, PERSON, HOUSEHOLD)
        for f in form.fields
        if isinstance(f.kind, Choice)
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(_choice_fields()),
    st.one_of(st.text(max_size=80), st.integers(), st.floats(), st.none(), st.booleans(), st.dates()),
)
def test_a_choice_never_raises_and_its_values_read_as_themselves(field: tuple[str, Choice], raw: object) -> None:
    _key, kind = field
    value = kind.parse(raw)
    assert value in kind.choices or value == kind.default or value == kind.other
    for choice in kind.choices:
        reading = kind.read(choice)
        assert (reading.value, reading.as_written) == (choice, True)
        assert kind.read(f" {choice}\u3000").value == choice


# --- the ledger import -----------------------------------------------------------------------------


def test_the_issues_words_come_in_with_their_words_kept(village: dict[str, int], tmp_path: Path) -> None:
    result = import_cases(_ledger(tmp_path / "台账.xlsx"))
    assert (result.created_cases, result.refused_rows) == (len(LEDGER), 0)  # no row refused for a choice word
    got = {name: (c.kind, c.reason, c.reason_text, c.origin) for name in (r[0] for r in LEDGER) for c in [_case(name)]}
    assert got == {
        "赵一": (HOME, "重点地区返回", "武汉返乡", "武汉"),
        "赵二": (HOME, "重点地区返回", "武汉返乡", "武汉"),
        "赵三": (CENTRAL, "重点地区返回", "湖北返乡", "湖北"),
        "赵四": (HOME, "密切接触者", "与确诊病例同乘", ""),
        "赵五": (HOME, "入境", "境外返回", ""),
        "赵六": (HOME, "次密接", "密接的密接", ""),
        "赵七": (HOME, "重点地区返回", "从武汉返回", "武汉"),
        "赵八": (HOME, "其他", "探亲", ""),
        "赵九": (HOME, "其他", "探亲", ""),
        "钱一": (HOME, "密切接触者", "同一航班", ""),  # 自我隔离: not a kind; by the address, home
        "钱二": (MONITOR, "重点地区返回", "来自武汉", "武汉"),
    }
    assert _case("赵四").policy.name == "14天居家隔离医学观察"
    assert _case("钱一").note == "隔离方式：自我隔离"
    assert "来源地" not in _case("赵一").note  # a column of its own now
    assert (
        shown_reason(_case("赵一").reason, _case("赵一").reason_text, _case("赵一").origin)
        == "重点地区返回（武汉返乡）"
    )
    warnings = {(i.name, i.field): i.reason for i in result.plan.warnings}
    assert "“探亲”不在可选值中，按“其他”导入" in warnings[("赵八", "隔离原因")]
    assert "已留空" in warnings[("钱一", "隔离方式")]
    assert ("赵一", "隔离原因") not in warnings  # a known word is grouped, not warned of row by row


def test_the_preview_groups_the_interpretations(village: dict[str, int], tmp_path: Path) -> None:
    plan = plan_case_import(read_cases(_ledger(tmp_path / "台账.xlsx")))
    lines = [str(g) for g in choice_groups(plan)]
    assert "隔离方式：居家观察 ×7 → 居家隔离医学观察" in lines
    assert "隔离方式：居家医学观察14天 ×1 → 居家隔离医学观察（写明观察期 14天）" in lines
    assert "隔离方式：自我隔离 ×1 → （留空）（未识别，按其他信息判断，保留原话）" in lines
    assert "隔离原因：武汉返乡 ×2 → 重点地区返回（来源地 武汉）" in lines
    assert "隔离原因：探亲 ×2 → 其他（未识别，保留原话）" in lines
    assert lines.index("隔离方式：居家观察 ×7 → 居家隔离医学观察") < lines.index(
        "隔离原因：武汉返乡 ×2 → 重点地区返回（来源地 武汉）"
    )
    assert all("居家健康监测 ×" not in line for line in lines)  # our own value: nothing to confirm


def test_a_period_the_policies_lack_is_said(village: dict[str, int], tmp_path: Path) -> None:
    plan = plan_case_import(
        read_cases(
            _ledger(
                tmp_path / "台账.xlsx",
                [
                    ("孙一", "居家隔离7天", "密接"),
                    ("孙二", "集中隔离7天", "密接"),
                    ("孙三", "健康监测7天", "密接"),
                ],
            )
        )
    )
    policies = {c.name: c.policy_name for c in plan.cases}
    assert policies == {
        "孙一": "14天居家隔离医学观察",
        "孙二": "7天集中隔离+7天居家健康监测",
        "孙三": "7天居家健康监测",
    }
    said = [(i.name, i.reason) for i in plan.warnings if i.field == "隔离方式"]
    assert said == [("孙一", "台账写明 7 天，按政策“14天居家隔离医学观察”（居家隔离医学观察 14 天）计算，请核对")]


def test_a_corrected_decision_is_remembered_for_the_next_file(village: dict[str, int], tmp_path: Path) -> None:
    remember("case.reason", "隔离原因", "探亲", "密切接触者")  # as the preview's table does
    remember("case.kind", "管控措施", "自 我隔离", CENTRAL)
    row = Setting.get_by_id("choice_words.case.reason")
    assert json.loads(row.value) == {"探亲": "密切接触者"}
    audit = AuditEntry.select().where(AuditEntry.table == "setting").order_by(AuditEntry.id).first()
    assert "探亲" in audit.summary and "密切接触者" in audit.after
    assert remembered()["case.kind"] == {"自我隔离": CENTRAL}

    plan = plan_case_import(read_cases(_ledger(tmp_path / "下一个台账.xlsx")))
    cases = {c.name: c.values for c in plan.cases}
    assert (cases["赵八"]["reason"], cases["赵八"]["reason_text"]) == ("密切接触者", "探亲")
    assert cases["钱一"]["kind"] == CENTRAL
    assert not [i for i in plan.warnings if i.name in ("赵八", "钱一") and i.field in ("隔离原因", "隔离方式")]
    assert "隔离原因：探亲 ×2 → 密切接触者（按上次的修改）" in [str(g) for g in choice_groups(plan)]


# --- the roster import -----------------------------------------------------------------------------


def _roster(path: Path) -> Path:
    return _workbook(
        path,
        [
            ["户号", "姓名", "与户主关系", "性别", "人员状态", "户别"],
            ["0101", "孙大海", "户主", "男性", "在家", "常住户"],
            ["0101", "孙小明", "侄子", "男士", "在外务工", ""],
            ["0101", "李梅", "儿媳妇", "女性", "", ""],
            ["0102", "周强", "户主", "男", "待定", "五保户"],
            ["0102", "周红", "干闺女", "女", "", ""],
        ],
    )


def test_roster_words_are_read_and_kept_in_the_note(village: dict[str, int], tmp_path: Path) -> None:
    result = import_roster(_roster(tmp_path / "花名册.xlsx"))
    tally = result.plan.choices
    assert result.refused_rows == 0
    people = {
        p.name: (p.relation, p.sex, p.status, p.note)
        for p in Person.select().where(Person.household != village["h1"])
        if p.name in ("孙大海", "孙小明", "李梅", "周强", "周红")
    }
    assert people == {
        "孙大海": ("户主", "男", "在村", ""),
        "孙小明": ("其他", "男", "外出", "与户主关系：侄子"),
        "李梅": ("媳婿", "女", "在村", ""),
        "周强": ("户主", "男", "在村", "人员状态：待定"),
        "周红": ("其他", "女", "在村", "与户主关系：干闺女"),
    }
    households = {
        h.head_name: (h.kind, h.note) for h in (Person.get(Person.name == n).household for n in ("孙大海", "周强"))
    }
    assert households == {"孙大海": ("常住", ""), "周强": ("常住", "户别：五保户")}
    lines = [str(g) for g in choice_groups(tally)]
    assert "与户主关系：侄子 ×1 → 其他" in lines
    assert "人员状态：待定 ×1 → 在村（未识别，保留原话）" in lines
    warned = {(i.name, i.field) for i in result.plan.warnings}
    assert {("周强", "人员状态"), ("周强", "户别")} <= warned and ("孙小明", "与户主关系") not in warned


def test_a_roster_correction_is_used_by_the_next_parse(village: dict[str, int], tmp_path: Path) -> None:
    remember("person.relation", "与户主关系", "干闺女", "子女")
    plan = plan_import(read_roster(_roster(tmp_path / "花名册.xlsx")))
    relations = {p.values["name"]: p.values["relation"] for h in plan.households for p in h.members}
    assert relations["周红"] == "子女"
    assert "与户主关系：干闺女 ×1 → 子女（按上次的修改）" in [str(g) for g in choice_groups(plan)]


def test_headless_imports_print_the_groups(village: dict[str, int], db_path: Path, tmp_path: Path) -> None:
    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", *args, "--db", str(db_path)],
            check=False,
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )

    done = cli("import-cases", str(_ledger(tmp_path / "台账.xlsx")))
    assert done.returncode == 0, done.stderr
    assert "识别：隔离原因：武汉返乡 ×2 → 重点地区返回（来源地 武汉）" in done.stdout
    done = cli("import-roster", str(_roster(tmp_path / "花名册.xlsx")))
    assert done.returncode == 0, done.stderr
    assert "识别：与户主关系：侄子 ×1 → 其他" in done.stdout


def test_an_unknown_reading_is_marked_so() -> None:
    assert CASE.field("reason").kind.read("x" * 500).how == UNKNOWN  # type: ignore[attr-defined]  # no pattern runs
