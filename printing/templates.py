"""The wording of the two notices: default texts the clerk may edit, and the placeholders they can use.

A template is plain text. A blank line separates paragraphs, every line is a paragraph of its own and is
printed indented by two characters, as Chinese notices are. {姓名}-style placeholders (full-width ｛｝
typed by an input method work too) are replaced by the case's values; an unknown one stays visible
as written, so a typing error shows on the paper instead of vanishing, and the editor can warn about it.
"""

from __future__ import annotations

import re

from db.rules.chinese_dates import long_date
from printing.case_print import CasePrint

PLACEHOLDERS: dict[str, str] = {
    "姓名": "被观察人姓名",
    "地址": "观察地点（组别门牌，或集中隔离点及房间）",
    "开始日期": "观察第一天，如 2026年11月24日",
    "结束日期": "观察最后一天",
    "解除日期": "解除日期（已解除的为实际解除日期，否则为期满次日）",
    "观察方式": "居家隔离医学观察 / 集中隔离医学观察 / 居家健康监测；分段的写作“7天集中隔离医学观察+7天居家健康监测”",
    "天数": "观察期天数",
    "网格员": "包保网格员姓名",
    "网格员电话": "网格员电话",
    "村医": "包保村医姓名",
    "村医电话": "村医电话",
    "监督电话": "村委会监督电话",
    "村委会": "村民委员会名称",
    "村": "村名",
    "乡镇": "乡镇名称",
}

#: What an empty value prints as: a line to write on.
BLANK = "________"

DEFAULT_NOTICE = """\
根据《中华人民共和国传染病防治法》和{乡镇}疫情防控工作要求，决定自{开始日期}起对您实行{观察方式}，期限{天数}天，至{结束日期}止，观察地点为{地址}。期满无异常的，于{解除日期}解除。为了您和家人、乡亲们的健康，请您理解并配合做好以下事项：

一、观察期间请留在家中，不外出、不串门，谢绝亲友探访；确需外出就医的，请先告知网格员或村医，由村里统一安排。
二、尽量单独居住在通风良好的房间，减少与同住家人的接触；必须接触时佩戴口罩，保持1米以上距离，勤洗手、常通风。
三、每天上午、下午各测量一次体温，如实记录在《每日体温记录表》上，并告知上门或电话随访的村医、网格员。
四、如出现发热、咳嗽、乏力、气促、腹泻等症状，请立即报告村医或网格员，不要自行前往医院，由村里联系专用车辆送发热门诊。
五、生活垃圾装袋扎紧、消毒后放在门口指定位置，由专人收运；用过的口罩单独装袋。
六、您家门口将张贴告示（封条），请勿撕毁、遮挡；需代购生活物资的，可联系网格员。
七、拒不配合、擅自外出造成疫情传播的，将依法追究责任。

感谢您对疫情防控工作的理解和支持！
"""

DEFAULT_RELEASE_NOTICE = """\
您自{开始日期}起实行的{观察方式}（共{天数}天）已于{结束日期}期满。观察期间您未出现发热、咳嗽等异常症状，经村医随访评估，符合解除条件，自{解除日期}起予以解除。

解除后请继续做好个人防护：坚持佩戴口罩、勤洗手、常通风，不扎堆、不聚集。解除后14天内如出现发热、咳嗽、乏力、腹泻等症状，请及时告知村医，并到发热门诊就诊。

门口的告示（封条）由村里工作人员揭除。感谢您和家人在观察期间的理解、配合与支持！
"""

_PLACEHOLDER = re.compile(r"[{｛]([^{}｛｝\n]*)[}｝]")


def describe_kind(case: CasePrint) -> str:
    """The observation as one phrase: the kind, or its stages ("7天集中隔离医学观察+7天居家健康监测")."""
    if len(case.stages) < 2:
        return case.kind
    return "+".join(f"{(last - first).days + 1}天{kind}" for kind, first, last in case.stages)


def placeholder_values(case: CasePrint) -> dict[str, str]:
    values = {
        "姓名": case.person_name,
        "地址": case.address,
        "开始日期": long_date(case.start),
        "结束日期": long_date(case.end),
        "解除日期": long_date(case.release_date),
        "观察方式": describe_kind(case),
        "天数": str(case.days),
        "网格员": case.grid_worker,
        "网格员电话": case.grid_worker_phone,
        "村医": case.doctor,
        "村医电话": case.doctor_phone,
        "监督电话": case.supervision_phone,
        "村委会": case.committee,
        "村": case.village,
        "乡镇": case.township,
    }
    return {name: value.strip() or BLANK for name, value in values.items()}


def fill_template(text: str, case: CasePrint) -> str:
    """The text with every known placeholder replaced; unknown ones are left exactly as written."""
    values = placeholder_values(case)
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1).strip(), m.group(0)), text)


def unknown_placeholders(text: str) -> list[str]:
    """The {…} in text that are not placeholders, as written (braces included), each once, in order."""
    found = (m.group(0) for m in _PLACEHOLDER.finditer(text) if m.group(1).strip() not in PLACEHOLDERS)
    return list(dict.fromkeys(found))


def paragraphs(text: str) -> list[str | None]:
    """The template's paragraphs in order (a line each), None where a blank line asks for a gap."""
    result: list[str | None] = []
    for line in text.strip().splitlines():
        line = line.strip(" \t\u3000")
        if line:
            result.append(line)
        elif result and result[-1] is not None:
            result.append(None)
    return result
