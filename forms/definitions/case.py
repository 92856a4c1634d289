"""A row of the quarantine ledger (隔离管控台账) as clerks keep it in Excel: the person, why and how they are
observed, from when, who answers for them, and whether it is over.

The person's own fields (name, ID number, sex, phone) find or add them in the roster; the rest become the
case. 户籍地址 has no column of its own in a case and is kept in its note; 来源地 and the ledger's own words
for the reason (隔离原因说明) have theirs.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from db.models.quarantine import CaseKind, CaseReason, CaseSource, CaseStatus
from forms.choice_words import Words
from forms.definitions.identity import id_number_field, id_number_issues, name_field, phone_field, sex_field
from forms.kinds import Choice, Date, Phone, Text, YesNo
from forms.types import Field, Issue, RecordForm

KINDS = tuple(k.value for k in CaseKind)
REASONS = tuple(r.value for r in CaseReason)
SOURCES = tuple(s.value for s in CaseSource)
#: A ledger's 当前状态 "转集中隔离": still observed, now at a site; imported as a running central case.
MOVED_TO_CENTRAL = "转集中隔离"
STATUSES = (
    CaseStatus.ACTIVE.value,
    CaseStatus.RELEASED.value,
    CaseStatus.HOSPITAL.value,
    CaseStatus.MISSING.value,
    MOVED_TO_CENTRAL,
)

KIND_ALIASES = {
    "居家隔离": CaseKind.HOME.value,
    "居家观察": CaseKind.HOME.value,
    "居家医学观察": CaseKind.HOME.value,
    "居家隔离观察": CaseKind.HOME.value,
    "居家": CaseKind.HOME.value,
    "居家隔离医学观察人员": CaseKind.HOME.value,
    "集中隔离": CaseKind.CENTRAL.value,
    "集中观察": CaseKind.CENTRAL.value,
    "集中医学观察": CaseKind.CENTRAL.value,
    "集中隔离观察": CaseKind.CENTRAL.value,
    "集中": CaseKind.CENTRAL.value,
    "留观点隔离": CaseKind.CENTRAL.value,
    "健康监测": CaseKind.MONITOR.value,
    "居家监测": CaseKind.MONITOR.value,
    "居家健康观察": CaseKind.MONITOR.value,
    "健康观察": CaseKind.MONITOR.value,
}

REASON_ALIASES = {
    "密接": "密切接触者",
    "密切接触": "密切接触者",
    "密接者": "密切接触者",
    "密接人员": "密切接触者",
    "密接的密接": "次密接",
    "次密切接触者": "次密接",
    "次密接者": "次密接",
    "次密切接触": "次密接",
    "重点地区返乡": "重点地区返回",
    "返乡人员": "重点地区返回",
    "中高风险地区返回": "重点地区返回",
    "中高风险地区返乡": "重点地区返回",
    "重点地区来返人员": "重点地区返回",
    "重点地区来(返)人员": "重点地区返回",
    "重点地区来（返）人员": "重点地区返回",
    "重点地区返回人员": "重点地区返回",
    "风险地区返回": "重点地区返回",
    "重点地区": "重点地区返回",
    "返乡": "重点地区返回",
    "境外返回": "入境",
    "境外入境": "入境",
    "入境人员": "入境",
    "境外回国": "入境",
    "境外输入": "入境",
    "发热排除后观察": "其他",
    "发热留观": "其他",
    "居家隔离违规转入": "其他",
}

SOURCE_ALIASES = {
    "排查": "入户排查",
    "摸排": "入户排查",
    "入户摸排": "入户排查",
    "网格排查": "入户排查",
    "推送": "上级推送",
    "上级下发": "上级推送",
    "大数据推送": "上级推送",
    "协查": "上级推送",
    "协查推送": "上级推送",
    "卡口": "卡点",
    "检查站": "卡点",
    "卡点登记": "卡点",
    "主动申报": "自主申报",
    "申报": "自主申报",
    "自报": "自主申报",
    "主动报告": "自主申报",
    "举报": "群众举报",
}

STATUS_ALIASES = {
    "隔离中": "在管",
    "观察中": "在管",
    "管控中": "在管",
    "监测中": "在管",
    "正常": "在管",
    "未解除": "在管",
    "已解除": "解除",
    "解除隔离": "解除",
    "已解除隔离": "解除",
    "解除观察": "解除",
    "送医": "转运送医",
    "已送医": "转运送医",
    "转院": "转运送医",
    "转定点医院": "转运送医",
    "转医院": "转运送医",
    "转集中": MOVED_TO_CENTRAL,
    "已转集中隔离": MOVED_TO_CENTRAL,
    "失联": CaseStatus.MISSING.value,
    "外出失联": CaseStatus.MISSING.value,
    "联系不上": CaseStatus.MISSING.value,
}


#: "密接的密接" before "密接"; "境外返回" before "X返回"; X, where the person came from, is kept as 来源地.
REASON_WORDS = Words(
    exact=REASON_ALIASES,
    patterns=(
        ("次密接", r"密接的密接|密接之密接|次密|二密|密密接"),
        ("密切接触者", r"密接|密切接触|同乘|同一航班|同航班|同一班次|同车|同一车厢|同机|同餐|共同就餐"),
        ("密切接触者", r"与.*(?:确诊|病例|患者|感染者|阳性).*接触|接触.*(?:确诊|病例|患者|感染者|阳性)"),
        ("入境", r"境外|入境|国外|海外|回国|归国"),
        ("重点地区返回", r"^从(?P<origin>.+?)(?:返回|返乡|返村|回来|回村|回乡|归来|来)"),
        ("重点地区返回", r"^来自(?P<origin>.+?)(?:的)?(?:人员)?$"),
        ("重点地区返回", r"^(?P<origin>.+?)(?:返乡|返回|返村|返家|回乡|回村|回来|来人|来返|来[(（]返[)）])(?:人员)?$"),
        ("重点地区返回", r"返乡|返回|返村|中高风险|重点地区|风险地区|疫区|来返"),
        ("其他", r"发热|留观|违规"),
    ),
)
#: "集中…" before "…健康监测" (7天集中隔离+7天居家健康监测 begins at a site); N天 is the period written.
KIND_WORDS = Words(
    exact=KIND_ALIASES,
    patterns=(
        (CaseKind.CENTRAL.value, r"集中|留观|隔离点|酒店|宾馆"),
        (CaseKind.HOME.value, r"^居家(?:隔离|医学|观察)"),
        (CaseKind.MONITOR.value, r"健康监测|健康观察|监测"),
        (CaseKind.HOME.value, r"居家|在家|家中"),
    ),
    details=(r"(?P<period_days>\d{1,2}|[一二两三四五六七八九十]{1,3})[天日]",),
)
SOURCE_WORDS = Words(
    exact=SOURCE_ALIASES,
    patterns=(
        ("群众举报", r"举报|群众|反映"),
        ("上级推送", r"推送|下发|协查|大数据|通报|上级|疾控|公安|交办"),
        ("卡点", r"卡口|卡点|检查站|道口|高速|路口"),
        ("自主申报", r"申报|自报|主动|报告|自行"),
        ("入户排查", r"排查|摸排|走访|入户|网格"),
    ),
)
STATUS_WORDS = Words(
    exact=STATUS_ALIASES,
    patterns=(
        (MOVED_TO_CENTRAL, r"转.*集中"),
        (CaseStatus.MISSING.value, r"失联|联系不上|下落不明"),
        (CaseStatus.HOSPITAL.value, r"送医|医院|住院|就医|转运|确诊|定点"),
        (CaseStatus.RELEASED.value, r"(?<!未)解除|期满|(?<!未)结束|解封"),
        (CaseStatus.ACTIVE.value, r"中$|在管|观察|监测|隔离|未解除|未结束|正常"),
    ),
)


#: Roles of the fields an import reads but a case does not keep as they are (see forms.types.Field); the
#: ledger's list (in_table) shows the case's standing, the rest is in its file.
_IMPORT_ONLY: dict[str, Any] = {"at_entry": False, "correctable": False, "stored": False}
_TICKS = frozenset(w for w in YesNo.YES | YesNo.NO if not w.isdigit())


class SealNumber(Text):
    """A seal number; a 封条 column ticked 是/√ (seal posted, number not written) holds no number."""

    def parse(self, raw: object) -> str:
        text = super().parse(raw)
        return "" if text.lower() in _TICKS else text


def shown_reason(reason: str, reason_text: str = "", origin: str = "") -> str:
    """The reason with the ledger's own words and the place the person came from, wherever it is shown:
    "重点地区返回（武汉返乡）", "其他（探亲）", "入境（来源地 泰国）"."""
    parts = [reason_text] if reason_text and reason_text != reason else []
    if origin and origin not in reason_text:
        parts.append(f"来源地 {origin}")
    return f"{reason}（{'，'.join(parts)}）" if parts else reason


def check_case(values: dict[str, Any]) -> list[Issue]:
    """What one row can tell by itself: what the ID number warns of, dates that contradict each other."""
    issues: list[Issue] = id_number_issues(values, "身份证号码")[1] if values.get("id_number") else []
    start, ended = values.get("start_date"), values.get("released_on")
    exposure = values.get("exposure_date")
    if isinstance(start, date) and isinstance(ended, date) and ended < start:
        issues.append(Issue("released_on", "实际解除日期", f"{ended} 早于隔离开始日期 {start}，请核对"))
    if isinstance(start, date) and isinstance(exposure, date) and exposure > start:
        issues.append(Issue("exposure_date", "末次接触日期", f"{exposure} 晚于隔离开始日期 {start}，请核对", "warning"))
    if isinstance(start, date) and start > date.today():
        issues.append(Issue("start_date", "隔离开始日期", f"{start} 在今天之后，请核对", "warning"))
    return issues


CASE = RecordForm(
    name="case",
    label="管控对象",
    check=check_case,
    fields=(
        # The person's own: they find the person in the roster (or add them), so the case keeps none of them
        # but the phone, which may be the one they answer while observed.
        replace(name_field(), **_IMPORT_ONLY),
        replace(id_number_field("身份证号码"), **_IMPORT_ONLY),
        phone_field(),
        replace(sex_field(), **_IMPORT_ONLY, in_table=False),
        Field(
            "address",
            "隔离地址",
            Text(200),
            headers=("居住地址", "家庭住址", "现住址", "住址", "居住地", "隔离地点", "现居住地址", "家庭地址"),
            width=18,
        ),
        Field(
            "home_address",
            "户籍地址",
            Text(200),
            headers=("户籍所在地", "户籍地", "户口所在地"),
            width=18,
            **_IMPORT_ONLY,
            in_table=False,
        ),  # kept in the case's note
        Field(
            "origin",
            "来源地",
            Text(100),
            headers=("来自何地", "返回地", "出发地", "途经地", "从何地返回"),
            width=12,
            at_entry=False,
            in_table=False,
        ),
        Field(
            "kind",
            "隔离方式",
            Choice(KINDS, words=KIND_WORDS),
            headers=("管控方式", "类别", "隔离类型", "管控类型", "管控措施", "采取措施", "观察方式", "隔离形式"),
            width=12,
            correctable=False,  # a move between kinds is an event (转集中隔离 …)
        ),
        Field(
            "reason",
            "隔离原因",
            Choice(REASONS, words=REASON_WORDS, keep_in="reason_text"),
            headers=("人员类别", "人员类型", "管控原因", "隔离事由"),
            width=12,
            in_table=False,
        ),
        Field(
            "reason_text",
            "隔离原因说明",
            Text(200),
            in_table=False,
            at_entry=False,
            headers=("具体原因", "原因说明"),
            width=16,
            help="台账上原因的原话（不是可选值时由导入填写）",
        ),
        Field(
            "source",
            "来源",
            Choice(SOURCES, words=SOURCE_WORDS),
            headers=("信息来源", "发现途径", "线索来源"),
            width=9,
            in_table=False,
        ),
        Field(
            "site",
            "隔离点名称",
            Text(100),
            headers=("隔离点", "集中隔离点", "隔离酒店", "酒店", "集中观察地址", "住院或集中观察地址"),
            width=14,
        ),
        Field("room", "房间号", Text(30), headers=("隔离房间号", "房号", "房间"), width=7),
        Field(
            "exposure_date",
            "末次接触日期",
            Date(),
            headers=(
                "抵达日期",
                "返乡日期",
                "返回日期",
                "到达日期",
                "返村日期",
                "抵村日期",
                "末次暴露日期",
                "离开风险地区日期",
            ),
            width=11,
            in_table=False,
        ),
        Field(
            "start_date",
            "隔离开始日期",
            Date(),
            required=True,
            headers=(
                "开始隔离时间",
                "开始隔离日期",
                "隔离开始时间",
                "入住时间",
                "入住日期",
                "入住(转运)时间",
                "观察开始日期",
                "管控开始日期",
                "开始日期",
            ),
            width=11,
        ),
        Field(
            "expected_release",
            "预计解除日期",
            Date(),
            headers=("预计解除隔离日期", "预计解除时间", "计划解除日期", "解除隔离日期"),
            width=11,
            in_table=False,
            **_IMPORT_ONLY,  # the case's policy gives it; an import checks the ledger's against it
        ),
        Field(
            "released_on",
            "实际解除日期",
            Date(),
            headers=("结束隔离时间", "结束隔离日期", "实际解除时间", "解除日期", "解除时间"),
            width=11,
            in_table=False,
            **_IMPORT_ONLY,  # a release is an event
        ),
        Field(
            "status",
            "当前状态",
            Choice(STATUSES, words=STATUS_WORDS),
            headers=("状态", "隔离状态", "管控状态", "目前状态"),
            width=8,
            **_IMPORT_ONLY,  # moved by events
        ),
        Field(
            "grid_worker",
            "包保责任人",
            Text(60),
            headers=("包保责任人姓名", "网格员", "包保人", "包保干部", "包联干部", "责任人", "村组干部", "村(组)干部"),
            width=10,
        ),
        Field(
            "grid_worker_phone",
            "包保责任人电话",
            Phone(),
            headers=(
                "包保责任人联系电话",
                "包保责任人手机",
                "网格员电话",
                "网格员联系电话",
                "包保人电话",
                "责任人电话",
            ),
            width=14,
            in_table=False,
        ),
        Field(
            "doctor",
            "村医",
            Text(60),
            headers=("村医姓名", "医务人员", "医务人员姓名", "责任医生", "乡村医生", "包保医生"),
            width=10,
            in_table=False,
        ),
        Field(
            "doctor_phone",
            "村医电话",
            Phone(),
            headers=("村医联系电话", "村医手机", "医务人员电话", "医务人员联系电话", "医生电话"),
            width=14,
            in_table=False,
        ),
        Field("seal_no", "封条编号", SealNumber(30), headers=("封条号", "封条编码"), width=10, in_table=False),
        Field(
            "seal_posted_on",
            "封条张贴日期",
            Date(),
            headers=("张贴日期", "封条张贴时间", "贴封条日期"),
            width=11,
            in_table=False,
        ),
        Field("note", "备注", Text(500), headers=("说明", "情况说明"), width=16, in_table=False),
    ),
)
