"""A person's identity fields (name, ID number, sex, phone, birth date), declared once for every record
that carries a person: the roster's person and the quarantine ledger's row take the same column words,
so a 联系手机 column is read wherever a 电话号码 one is, and sex follows the ID number alike."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from db.rules.id_number import IdNumberInfo, describe_id_number
from forms.choice_words import Words
from forms.kinds import Choice, Date, IdNumber, Name, Phone
from forms.types import Field, Issue

SEX_WORDS = Words(
    exact={"男性": "男", "女性": "女", "男士": "男", "女士": "女", "m": "男", "f": "女", "male": "男", "female": "女"},
    patterns=(("男", r"^男"), ("女", r"^女")),
)

#: The column words clerks use for each identity field, whichever record their sheet lists.
_NAME_WORDS = ("姓名", "名字", "人员姓名", "居民姓名", "成员姓名", "家庭成员", "隔离人员姓名", "观察对象姓名")
_ID_WORDS = (
    "公民身份号码",
    "身份证号码",
    "身份证号",
    "证件号码",
    "身份证",
    "证件号",
    "身份证件号码",
    "公民身份证号码",
)
_PHONE_WORDS = (
    "联系电话",
    "联系方式",
    "联系手机",
    "手机",
    "手机号",
    "手机号码",
    "电话",
    "电话号码",
    "联系电话手机",
    "本人电话",
)
_BIRTH_WORDS = ("出生日期", "出生年月", "生日", "出生年月日")


def _headers(words: tuple[str, ...], label: str) -> tuple[str, ...]:
    return tuple(w for w in words if w != label)


def name_field(label: str = "姓名") -> Field:
    return Field("name", label, Name(), required=True, headers=_headers(_NAME_WORDS, label), width=10)


def id_number_field(label: str) -> Field:
    """The ID number under the official form's own label (公民身份号码 in the census, 身份证号码 elsewhere)."""
    return Field("id_number", label, IdNumber(), headers=_headers(_ID_WORDS, label), width=21)


def sex_field() -> Field:
    return Field("sex", "性别", Choice(("男", "女"), words=SEX_WORDS), width=5)


def phone_field(label: str = "联系电话") -> Field:
    return Field("phone", label, Phone(), headers=_headers(_PHONE_WORDS, label), width=14)


def birth_date_field(**changes: Any) -> Field:
    label = "出生日期"
    return replace(
        Field("birth_date", label, Date(month_ok=True), headers=_headers(_BIRTH_WORDS, label), width=11), **changes
    )


def id_number_issues(values: dict[str, Any], label: str) -> tuple[IdNumberInfo, list[Issue]]:
    """What a checked ID number warns of (old number, unknown region) and a sex that contradicts it; the
    sex is then taken from the number. For every record that carries a person's ID number."""
    info = describe_id_number(values["id_number"])  # the field's kind has checked it
    issues = [Issue("id_number", label, message, "warning") for message in info.warnings]
    if values.get("sex") and values["sex"] != info.sex:
        issues.append(
            Issue("sex", "性别", f"填写为“{values['sex']}”，与身份证号（{info.sex}）不符，已按身份证号", "warning")
        )
    values["sex"] = info.sex
    return info, issues
