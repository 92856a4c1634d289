"""Notice templates: placeholders filled in, unknown ones left visible and reported."""

from __future__ import annotations

import re

from printing.templates import (
    BLANK,
    DEFAULT_CENTRAL_NOTICE,
    DEFAULT_MONITORING_NOTICE,
    DEFAULT_NOTICE,
    DEFAULT_RELEASE_NOTICE,
    PLACEHOLDERS,
    describe_kind,
    fill_template,
    paragraphs,
    unknown_placeholders,
)
from tests.printing.conftest import make_case, qian_case, two_stage_case, wang_case

NAMES = [
    "姓名",
    "地址",
    "开始日期",
    "结束日期",
    "解除日期",
    "观察方式",
    "天数",
    "本阶段观察方式",
    "本阶段开始日期",
    "本阶段结束日期",
    "本阶段天数",
    "包保责任人",
    "包保责任人电话",
    "村医",
    "村医电话",
    "监督电话",
    "村委会",
    "村",
    "乡镇",
]


def test_every_placeholder_is_described() -> None:
    assert list(PLACEHOLDERS) == NAMES


def test_defaults_use_only_known_placeholders_and_fill_completely() -> None:
    for text in (DEFAULT_NOTICE, DEFAULT_CENTRAL_NOTICE, DEFAULT_MONITORING_NOTICE, DEFAULT_RELEASE_NOTICE):
        assert unknown_placeholders(text) == []
        filled = fill_template(text, two_stage_case())
        assert not re.search(r"[{}｛｝]", filled)


def test_fill_template() -> None:
    text = "{姓名}，{乡镇}{村}：自{开始日期}起{观察方式}{天数}天，至{结束日期}，{解除日期}解除。{网格员}{网格员电话}"
    assert fill_template(text, qian_case()) == (
        "钱𠮷祥，红旗镇东风村：自2026年11月24日起居家隔离医学观察14天，至2026年12月7日，2026年12月8日解除。"
        "王网格13907654321"
    )


def test_release_date_is_the_actual_one_when_released() -> None:
    assert fill_template("{解除日期}", wang_case()) == "2026年12月16日"


def test_unknown_placeholders_stay_visible_and_are_reported() -> None:
    text = "请拨打{电话}或｛村医电话｝，{ 姓名 }，{电话}，{}"
    assert fill_template(text, make_case()) == "请拨打{电话}或13698765432，张三丰，{电话}，{}"
    assert unknown_placeholders(text) == ["{电话}", "{}"]


def test_empty_values_print_as_a_line_to_write_on() -> None:
    assert fill_template("村医：{村医}", make_case(doctor="")) == f"村医：{BLANK}"


def test_stages_describe_the_observation() -> None:
    assert describe_kind(qian_case()) == "居家隔离医学观察"
    assert describe_kind(two_stage_case()) == "7天集中隔离医学观察+7天居家健康监测"


def test_paragraphs() -> None:
    assert paragraphs("\n　　一段\n二段\n\n\n三段\n") == ["一段", "二段", None, "三段"]
