"""The columns a grid worker's screening workbook may carry (02-screening.md layouts A and B, 03-returnees.md),
keyed "screening.x" as forms.case_fields does, and the words clerks write for the choices.

One row is one person met (or, with no findings, a household called on: "不在家"). The person's own columns find
them in the roster; 组别 / 门牌号 / 户主 / 家庭住址 say which household to look in; the rest is the finding and the
visit. Symptoms come as one text column (其他症状 / 身体状况: "咳嗽、乏力", "正常") or one yes/no column per
symptom (Layout A's 发热(体温>37.3℃); 是否咳嗽 …); contact as the two yes/no columns of Layout B, Layout A's
新型肺炎 (是/否) or a 接触史 text.
"""

from __future__ import annotations

from typing import Any

from db.models.screening import Contact, Measure, TravelMeans, VisitOutcome
from db.rules.temperature import parse_temperature
from forms.choice_words import Words
from forms.definitions.identity import id_number_field, name_field, phone_field
from forms.excel.mapping import Target
from forms.kinds import Choice, Date, Kind, Text, YesNo
from forms.types import Field, RecordForm

#: Cells of a temperature column that say "measured, normal" without a number.
_NORMAL_WORDS = frozenset({"正常", "无", "无异常", "未见异常", "否"})


class Temperature(Kind):
    """ "36.5", "38.5℃", "36.5度", "365" → a reading; "正常" → none; harmless: a cell that is no reading is
    left blank with its text in the note (an import takes the row), never made up."""

    harmless = True

    def parse(self, raw: object) -> float | None:
        if isinstance(raw, bool):
            raise ValueError(f"“{raw}”不是体温")
        if isinstance(raw, (int, float)):
            raw = str(raw)
        text = str(super().parse(raw)).replace("度", "").replace("°C", "").replace("°", "").strip()
        if text in _NORMAL_WORDS:
            return None
        return parse_temperature(text)


TRAVEL_WORDS = Words(
    exact={"自驾": TravelMeans.CAR.value, "私家车": TravelMeans.CAR.value, "高铁": TravelMeans.TRAIN.value},
    patterns=(
        (TravelMeans.PLANE.value, r"飞机|航班|乘机"),
        (TravelMeans.TRAIN.value, r"火车|高铁|动车|铁路|列车|车次|^[GDKTZCY]\d{1,4}"),
        (TravelMeans.CAR.value, r"自驾|私家车|驾车|开车|网约车|出租"),
        (TravelMeans.BUS.value, r"大巴|客车|客运|班车|汽车|公交"),
    ),
)
CONTACT_WORDS = Words(
    exact={"否": Contact.NONE.value, "没有": Contact.NONE.value, "未接触": Contact.NONE.value},
    patterns=(
        (Contact.NONE.value, r"^(?:无|没有|未|否)"),
        (Contact.CASE.value, r"确诊|疑似|病例|患者|密接|密切接触|阳性|感染者"),
        (Contact.KEY_AREA.value, r"湖北|武汉|重点地区|疫区|风险地区|返乡人员|来返"),
    ),
)
MEASURE_WORDS = Words(
    exact={"正常": Measure.NONE.value, "未采取": Measure.NONE.value, "否": Measure.NONE.value},
    patterns=(
        (Measure.HOSPITAL.value, r"送医|就医|医院|住院|发热门诊|转运"),
        (Measure.CENTRAL.value, r"集中|留观|隔离点|酒店|宾馆"),
        (Measure.MONITOR.value, r"健康监测|居家监测|监测|健康观察"),
        (Measure.HOME.value, r"居家|在家|隔离"),
        (Measure.NONE.value, r"^无|^没有|未采取|不需要"),
    ),
)
OUTCOME_WORDS = Words(
    exact={
        "正常": VisitOutcome.SCREENED.value,
        "已走访": VisitOutcome.SCREENED.value,
        "已入户": VisitOutcome.SCREENED.value,
        "完成": VisitOutcome.SCREENED.value,
        "已完成": VisitOutcome.SCREENED.value,
        "不在家": VisitOutcome.NOBODY_HOME.value,
        "无人在家": VisitOutcome.NOBODY_HOME.value,
        "无人": VisitOutcome.NOBODY_HOME.value,
        "锁门": VisitOutcome.NOBODY_HOME.value,
        "待复查": VisitOutcome.NOBODY_HOME.value,
        "拒绝": VisitOutcome.REFUSED.value,
        "不配合": VisitOutcome.REFUSED.value,
        "拒访": VisitOutcome.REFUSED.value,
        "搬离": VisitOutcome.MOVED_AWAY.value,
        "已搬走": VisitOutcome.MOVED_AWAY.value,
        "搬走": VisitOutcome.MOVED_AWAY.value,
    },
    patterns=(
        (VisitOutcome.MOVED_AWAY.value, r"搬离|搬走|搬迁|迁出|已搬"),
        (VisitOutcome.REFUSED.value, r"拒绝|不配合|拒访|不开门"),
        (VisitOutcome.NOBODY_HOME.value, r"不在家|无人|锁门|待复查|未遇|没人"),
        (VisitOutcome.SCREENED.value, r"已排查|已走访|已入户|正常|完成"),
    ),
)

YES_NO = YesNo()


def _yes_no(name: str, label: str, *headers: str) -> Field:
    return Field(name, label, YES_NO, headers=headers)


#: Yes/no columns of one symptom each: the field's name → the symptom it says.
SYMPTOM_FLAGS = {
    "fever": "发热",
    "cough": "咳嗽",
    "fatigue": "乏力",
    "sore_throat": "咽痛",
    "diarrhea": "腹泻",
    "unwell": "不适",
}

#: Layout A's 分类诊疗医疗意见 ticks (one of them, or none): kept in the finding's note as the doctor's opinion;
#: 密切接触者 is also a contact with a case.
OPINIONS = {
    "opinion_confirmed": ("确诊患者", ("确认患者",)),
    "opinion_suspected": ("疑似患者", ("疑似病例",)),
    "opinion_ct": ("影像诊断肺炎患者", ("CT诊断肺炎患者", "CT诊断肺炎")),  # (the label shown: no English)
    "opinion_fever": ("一般发热患者", ()),
    "opinion_contact": ("密切接触者", ()),
}

SCREENING_ROW = RecordForm(
    name="screening",
    label="排查记录",
    fields=(
        name_field(),
        id_number_field("身份证号"),
        phone_field(),
        Field("grid_name", "组别", Text(30), headers=("村民小组", "所属网格", "小组", "网格", "所属小组", "组名")),
        Field("door_no", "门牌号", Text(60), headers=("门牌", "门牌号码")),
        Field("head_name", "户主姓名", Text(60), headers=("户主", "户主名字")),
        Field(
            "address",
            "家庭住址",
            Text(200),
            headers=(
                "家庭地址",
                "住址",
                "现住址",
                "居住地址",
                "现居住地",
                "现居住地(在本地住址)",
                "目前在本地居住地",
                "详细住址",
                "在本地住址",
            ),
        ),
        Field("temperature", "体温", Temperature(), headers=("体温(℃)", "体温℃", "测量体温", "当前体温", "体温情况")),
        _yes_no("fever", "是否发热", "发热", "发热(体温>37.3℃)", "是否发烧", "发烧", "有无发热"),
        _yes_no("cough", "咳嗽", "是否咳嗽", "有无咳嗽"),
        _yes_no("fatigue", "乏力", "是否乏力"),
        _yes_no("sore_throat", "咽痛", "是否咽痛"),
        _yes_no("diarrhea", "腹泻", "是否腹泻"),
        _yes_no(
            "unwell",
            "是否有不适症状",
            "有无咳嗽、胸闷等不适症状",
            "是否有咳嗽、胸闷等不适症状",
            "有无不适症状",
            "不适症状",
        ),
        Field(
            "symptoms",
            "症状",
            Text(200),
            headers=("其他症状", "身体状况", "健康状况", "症状表现", "主要症状", "有何症状"),
        ),
        _yes_no(
            "key_area",
            "是否去过重点地区",
            "是否有湖北旅居史(或接触史)",
            "是否有湖北旅居史",
            "是否有重点地区旅居史",
            "是否去过湖北",
            "是否去过武汉",
            "是否有武汉旅居史",
            "是否来自重点地区",
            "是否途经重点地区",
        ),
        Field(
            "area",
            "来自何地",
            Text(100),
            headers=(
                "来源地",
                "从何地返回",
                "返回地",
                "出发地",
                "途经地",
                "旅居地",
                "去过何地",
                "来源省市",
                "行程类别",
            ),
        ),
        Field(
            "returned_on",
            "返回日期",
            Date(),
            headers=(
                "返回本地日期",
                "到达本地时间",
                "到达本地日期",
                "到本地时间",
                "到达日期",
                "到达时间",
                "返乡日期",
                "返回时间",
                "抵达日期",
                "返村日期",
                "抵村日期",
            ),
        ),
        Field(
            "travel_means",
            "交通方式",
            Choice(tuple(t.value for t in TravelMeans), words=TRAVEL_WORDS),
            headers=("交通工具", "返回方式", "出行方式", "车次/航班/汽车/自驾等返回方式", "返程方式"),
        ),
        Field(
            "travel_number",
            "车次航班车牌",
            Text(60),
            headers=(
                "班次/车次(航班、车牌)",
                "车次/航班/车牌",
                "车次/航班号",
                "航班号",
                "车次",
                "车牌号",
                "车牌",
                "班次",
                "航班车次",
            ),
        ),
        _yes_no(
            "contact_case",
            "是否与确诊或疑似病例密切接触",
            "新型肺炎",
            "是否接触确诊或疑似病例",
            "是否与确诊病例接触",
            "是否密切接触者",
        ),
        _yes_no(
            "contact_area",
            "是否与重点地区人员接触",
            "是否与湖北暴露史人员接触",
            "是否与湖北人员接触",
            "是否接触重点地区人员",
        ),
        *(_yes_no(name, label, *words) for name, (label, words) in OPINIONS.items()),
        Field(
            "contact",
            "接触史",
            Choice(tuple(c.value for c in Contact), default=Contact.NONE.value, words=CONTACT_WORDS),
            headers=("接触情况", "密切接触史", "接触人员"),
        ),
        Field(
            "measure",
            "采取措施",
            Choice(tuple(m.value for m in Measure), default=Measure.NONE.value, words=MEASURE_WORDS),
            headers=("处置", "处置措施", "管控措施", "采取何种措施", "措施", "处理措施"),
        ),
        Field(
            "outcome",
            "走访结果",
            Choice(tuple(o.value for o in VisitOutcome), words=OUTCOME_WORDS),
            headers=("排查情况", "排查结果", "入户情况", "走访情况"),
        ),
        Field("on", "排查日期", Date(), headers=("走访日期", "排查时间", "采集时间", "入户日期", "登记日期")),
        Field("worker", "排查人", Text(60), headers=("走访人", "排查人员", "网格员", "登记人")),
        Field("note", "备注", Text(500), headers=("其他情况", "情况说明", "说明", "其他情况和有关困难")),
    ),
)

SCREENING_TARGETS: list[Target] = [
    Target(f"{SCREENING_ROW.name}.{f.name}", f.label, f.headers, required=f.required)
    for f in SCREENING_ROW.input_fields
]
#: The columns that are a finding: a row with one of them filled met its person.
FINDING_COLUMNS = (
    "temperature",
    *SYMPTOM_FLAGS,
    "symptoms",
    "key_area",
    "area",
    "returned_on",
    "travel_means",
    "travel_number",
    "contact_case",
    "contact_area",
    "contact",
    *OPINIONS,
    "measure",
)
#: The columns that find the household.
HOUSEHOLD_COLUMNS = ("grid_name", "door_no", "head_name", "address")


def labels() -> dict[str, Any]:
    """Target key → label, for the dialog's 导入为 choice."""
    return {t.key: t.label for t in SCREENING_TARGETS}
