"""A person in the roster; sex and birth date follow the ID number when there is one."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from db.models.household import RELATIONS, PersonStatus
from db.rules.age import SENIOR_AGE, age_on
from forms.choice_words import Words
from forms.definitions.identity import (
    birth_date_field,
    id_number_field,
    id_number_issues,
    name_field,
    phone_field,
    sex_field,
)
from forms.kinds import Choice, Text, YesNo
from forms.types import Field, Issue, RecordForm

STATUSES = tuple(s.value for s in PersonStatus)

RELATION_ALIASES = {
    "本人": "户主",
    "户主本人": "户主",
    "妻": "配偶",
    "妻子": "配偶",
    "夫": "配偶",
    "丈夫": "配偶",
    "之妻": "配偶",
    "之夫": "配偶",
    "爱人": "配偶",
    "子": "子女",
    "女": "子女",
    "儿子": "子女",
    "女儿": "子女",
    "长子": "子女",
    "次子": "子女",
    "三子": "子女",
    "长女": "子女",
    "次女": "子女",
    "三女": "子女",
    "养子": "子女",
    "养女": "子女",
    "之子": "子女",
    "之女": "子女",
    "父亲": "父母",
    "母亲": "父母",
    "父": "父母",
    "母": "父母",
    "岳父": "岳父母或公婆",
    "岳母": "岳父母或公婆",
    "公公": "岳父母或公婆",
    "婆婆": "岳父母或公婆",
    "祖父": "祖父母",
    "祖母": "祖父母",
    "爷爷": "祖父母",
    "奶奶": "祖父母",
    "外祖父": "祖父母",
    "外祖母": "祖父母",
    "儿媳": "媳婿",
    "女婿": "媳婿",
    "媳妇": "媳婿",
    "孙子": "孙子女",
    "孙女": "孙子女",
    "外孙": "孙子女",
    "外孙女": "孙子女",
    "兄": "兄弟姐妹",
    "弟": "兄弟姐妹",
    "姐": "兄弟姐妹",
    "妹": "兄弟姐妹",
    "哥哥": "兄弟姐妹",
    "弟弟": "兄弟姐妹",
    "姐姐": "兄弟姐妹",
    "妹妹": "兄弟姐妹",
}

STATUS_ALIASES = {
    "在家": "在村",
    "常住": "在村",
    "在本村": "在村",
    "正常": "在村",
    "居住": "在村",
    "外出务工": "外出",
    "流出": "外出",
    "外地": "外出",
    "务工": "外出",
    "外出打工": "外出",
    "返回": "返乡",
    "返村": "返乡",
    "已返乡": "返乡",
    "外来": "暂住",
    "流入": "暂住",
    "租住": "暂住",
    "外来人员": "暂住",
    "迁移": "迁出",
    "已迁出": "迁出",
    "已故": "死亡",
    "去世": "死亡",
    "亡故": "死亡",
    "已死亡": "死亡",
}


#: 侄子 and 外甥 are 其他 in the census list; they are named first, before 子 / 姐 would take them.
RELATION_WORDS = Words(
    exact={**RELATION_ALIASES, "儿媳妇": "媳婿", "孙媳妇": "媳婿", "老婆": "配偶", "老公": "配偶", "老伴": "配偶"},
    patterns=(
        ("户主", r"^户主(?:本人)?$"),
        ("其他", r"侄|甥|叔|伯|舅|姑|姨|婶|嫂|弟媳|弟妹|姐夫|妹夫|表|堂|亲戚|保姆|朋友|同学|同事|租|寄住|借住|^干"),
        ("媳婿", r"媳|婿"),
        ("岳父母或公婆", r"岳|公公|婆婆|丈人|丈母"),
        ("祖父母", r"祖|爷|奶|姥|外公|外婆"),
        ("孙子女", r"孙"),
        ("配偶", r"妻|夫|爱人|配偶"),
        ("父母", r"父|母|爸|妈"),
        ("子女", r"子|女|儿"),
        ("兄弟姐妹", r"兄|弟|姐|妹|哥"),
    ),
)
STATUS_WORDS = Words(
    exact=STATUS_ALIASES,
    patterns=(
        ("在村", r"^迁入|^新迁入"),
        ("死亡", r"死|故|亡|去世|过世"),
        ("迁出", r"迁出|迁走|迁移|外迁|注销|搬走"),
        ("暂住", r"暂住|外来|流入|租住|借住|寄住"),
        ("返乡", r"返|回村|回乡|回来"),
        ("外出", r"外出|务工|打工|在外|外地|上学|读书|求学|参军|服役"),
        ("在村", r"在村|在家|常住|居住|本村|正常"),
    ),
)


def age_of(values: Mapping[str, Any], today: date | None = None) -> int | None:
    birth = values.get("birth_date")
    return age_on(birth, today or date.today()) if isinstance(birth, date) else None


def senior_of(values: Mapping[str, Any]) -> bool:
    age = age_of(values)
    return age is not None and age >= SENIOR_AGE


def check_person(values: dict[str, Any]) -> list[Issue]:
    """Fill sex and birth date from the ID number; warn where the sheet said otherwise or the ID is missing."""
    issues: list[Issue] = []
    number = values.get("id_number")
    if not number:
        if "id_number" in values:
            issues.append(Issue("id_number", "公民身份号码", "未填写，性别和出生日期需手工核对", "warning"))
        return issues
    info, issues = id_number_issues(values, "公民身份号码")
    given = values.get("birth_date")
    same_month = given and (given.year, given.month) == (info.birth_date.year, info.birth_date.month)
    if given and given != info.birth_date and not (same_month and given.day == 1):
        issues.append(
            Issue("birth_date", "出生日期", f"填写为 {values['birth_date']}，与身份证号不符，已按身份证号", "warning")
        )
    values["birth_date"] = info.birth_date
    return issues


PERSON = RecordForm(
    name="person",
    label="人员",
    check=check_person,
    fields=(
        name_field(),
        Field(
            "relation",
            "与户主关系",
            Choice(RELATIONS, default="其他", words=RELATION_WORDS),
            headers=("关系", "与户主的关系", "家庭关系", "成员关系"),
            width=10,
        ),
        sex_field(),
        id_number_field("公民身份号码"),
        birth_date_field(in_table=False),  # the list shows the age
        Field("age", "年龄", editable=False, compute=age_of, width=5),
        phone_field(),
        Field(
            "status",
            "人员状态",
            Choice(STATUSES, default=PersonStatus.PRESENT.value, words=STATUS_WORDS),
            headers=("状态", "居住状态", "在村情况", "是否在村", "现状"),
            width=8,
        ),
        Field("senior", "60岁以上", YesNo(), editable=False, compute=senior_of, width=7),
        Field("chronic", "慢性病", YesNo(), headers=("是否有慢性病", "基础病", "慢性病患者"), width=7),
        Field("pregnant", "孕产妇", YesNo(), headers=("是否孕产妇",), width=7),
        Field("disabled", "残疾", YesNo(), headers=("残疾人", "是否残疾"), width=6),
        Field("lives_alone", "独居", YesNo(), headers=("独居老人", "是否独居"), width=6),
        Field("note", "备注", Text(500), headers=("说明", "情况说明"), width=16),
    ),
)
