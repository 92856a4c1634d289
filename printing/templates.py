"""The wording of the notices, one per kind of paper: default texts the clerk may edit, and the
placeholders they can use.

A template is plain text. A blank line separates paragraphs, every line is a paragraph of its own and is
printed indented by two characters, as Chinese notices are. {姓名}-style placeholders (full-width ｛｝
typed by an input method work too) are replaced by the case's values; an unknown one stays visible
as written, so a typing error shows on the paper instead of vanishing, and the editor can warn about it.
The people's roles are named as the definitions name them (forms.case_fields); a placeholder written
with another word clerks use for the same role (an import alias) still fills in, so older wording keeps working.
"""

from __future__ import annotations

import re

from db.rules.chinese_dates import long_date
from forms.case_fields import (
    CENTRAL,
    DOCTOR,
    DOCTOR_PHONE,
    HOME,
    MONITOR,
    OTHER_WORDS,
    RESPONSIBLE,
    RESPONSIBLE_PHONE,
)
from printing.case_print import CasePrint

PLACEHOLDERS: dict[str, str] = {
    "姓名": "被观察人姓名",
    "地址": "观察地点（组别门牌，或集中隔离点及房间）",
    "开始日期": "整个观察期的第一天，如 2026年11月24日",
    "结束日期": "整个观察期的最后一天",
    "解除日期": "解除日期（已解除的为实际解除日期，否则为期满次日）",
    "观察方式": f"{HOME} / {CENTRAL} / {MONITOR}；分段的写作“7天{CENTRAL}+7天{MONITOR}”",
    "天数": "整个观察期的天数",
    "本阶段观察方式": f"现在这一段的观察方式，如 7+7 的第二段为{MONITOR}",
    "本阶段开始日期": "现在这一段的第一天（转入或转段的日期）",
    "本阶段结束日期": "现在这一段的最后一天",
    "本阶段天数": "现在这一段的天数",
    RESPONSIBLE: f"{RESPONSIBLE}姓名",
    RESPONSIBLE_PHONE: RESPONSIBLE_PHONE,
    DOCTOR: f"{DOCTOR}姓名",
    DOCTOR_PHONE: DOCTOR_PHONE,
    "监督电话": "村委会监督电话",
    "村委会": "村民委员会名称",
    "村": "村名",
    "乡镇": "乡镇名称",
}

#: Other words for a placeholder (an import alias of the same field), filled in like the placeholder itself.
ALIASES: dict[str, str] = {
    alias: name for name in (RESPONSIBLE, RESPONSIBLE_PHONE, DOCTOR, DOCTOR_PHONE) for alias in OTHER_WORDS[name]
}

#: What an empty value prints as: a line to write on.
BLANK = "________"


def _say(text: str) -> str:
    """A default wording with the roles named as the definitions name them."""
    return text.replace("RESPONSIBLE", RESPONSIBLE).replace("DOCTOR", DOCTOR)


DEFAULT_NOTICE = _say("""\
根据《中华人民共和国传染病防治法》和{乡镇}疫情防控工作要求，决定自{本阶段开始日期}起对您实行{本阶段观察方式}，期限{本阶段天数}天，至{本阶段结束日期}止，观察地点为{地址}。观察期满无异常的，于{解除日期}解除。为了您和家人、乡亲们的健康，请您理解并配合做好以下事项：

一、观察期间请留在家中，不外出、不串门，谢绝亲友探访；确需外出就医的，请先告知RESPONSIBLE或DOCTOR，由村里统一安排。
二、尽量单独居住在通风良好的房间，减少与同住家人的接触；必须接触时佩戴口罩，保持1米以上距离，勤洗手、常通风。
三、每天上午、下午各测量一次体温，如实记录在《每日体温记录表》上，并告知上门或电话随访的DOCTOR、RESPONSIBLE。
四、如出现发热、咳嗽、乏力、气促、腹泻等症状，请立即报告DOCTOR或RESPONSIBLE，不要自行前往医院，由村里联系专用车辆送发热门诊。
五、生活垃圾装袋扎紧、消毒后放在门口指定位置，由专人收运；用过的口罩单独装袋。
六、您家门口将张贴告示（封条），请勿撕毁、遮挡；需代购生活物资的，可联系RESPONSIBLE。
七、拒不配合、擅自外出造成疫情传播的，将依法追究责任。

感谢您对疫情防控工作的理解和支持！
""")

DEFAULT_CENTRAL_NOTICE = _say("""\
根据《中华人民共和国传染病防治法》和{乡镇}疫情防控工作要求，决定自{本阶段开始日期}起对您实行{本阶段观察方式}，期限{本阶段天数}天，至{本阶段结束日期}止，隔离地点为{地址}。观察期满无异常的，于{解除日期}解除。为了您和家人、乡亲们的健康，请您理解并配合做好以下事项：

一、隔离期间请在指定房间内单独居住，不离开隔离点，不串门、不聚集；谢绝亲友探访，家人送来的生活用品由隔离点工作人员转交。
二、服从隔离点的统一管理，按时接受体温测量和健康询问，配合做好医学检查。
三、每天上午、下午各测量一次体温，如实告知隔离点工作人员；村里的DOCTOR、RESPONSIBLE也会电话随访。
四、如出现发热、咳嗽、乏力、气促、腹泻等症状，请立即报告隔离点工作人员，由隔离点安排就医。
五、生活垃圾和用过的口罩按隔离点的要求装袋，放在指定位置。
六、家中需要照应的老人、孩子或需要代办的事情，可联系RESPONSIBLE，由村里帮助解决。
七、擅自离开隔离点、拒不配合造成疫情传播的，将依法追究责任。

感谢您对疫情防控工作的理解和支持！
""")

DEFAULT_MONITORING_NOTICE = _say("""\
根据{乡镇}疫情防控工作要求，决定自{本阶段开始日期}起对您实行{本阶段观察方式}，期限{本阶段天数}天，至{本阶段结束日期}止，监测地点为{地址}。观察期满无异常的，于{解除日期}解除。请您理解并配合做好以下事项：

一、监测期间非必要不外出，不参加聚餐、聚会等聚集性活动；确需外出的，请先告知RESPONSIBLE，全程佩戴口罩，不去人员密集场所，不乘坐公共交通工具。
二、每天上午、下午各测量一次体温，如实记录在《每日体温记录表》上，并告知上门或电话随访的DOCTOR、RESPONSIBLE。
三、如出现发热、咳嗽、乏力、气促、腹泻等症状，请立即报告DOCTOR或RESPONSIBLE，不要自行前往医院，由村里联系专用车辆送发热门诊。
四、尽量减少与同住家人的近距离接触，勤洗手、常通风；用过的口罩单独装袋。
五、您家门口将张贴居家健康监测告示，请勿撕毁、遮挡。

感谢您对疫情防控工作的理解和支持！
""")

DEFAULT_RELEASE_NOTICE = _say("""\
您自{开始日期}起实行的{观察方式}，观察期共{天数}天，至{结束日期}。经DOCTOR随访评估，符合解除条件，自{解除日期}起予以解除。

解除后请继续做好个人防护：坚持佩戴口罩、勤洗手、常通风，不扎堆、不聚集。解除后14天内如出现发热、咳嗽、乏力、腹泻等症状，请及时告知DOCTOR，并到发热门诊就诊。

门口张贴有告示（封条）的，由村里工作人员揭除。感谢您和家人在观察期间的理解、配合与支持！
""")

_PLACEHOLDER = re.compile(r"[{｛]([^{}｛｝\n]*)[}｝]")


def describe_kind(case: CasePrint) -> str:
    """The observation as one phrase: the kind, or its stages ("7天集中隔离医学观察+7天居家健康监测")."""
    if len(case.stages) < 2:
        return case.kind
    return "+".join(f"{(last - first).days + 1}天{kind}" for kind, first, last in case.stages)


def placeholder_values(case: CasePrint) -> dict[str, str]:
    kind, first, last = case.current_stage
    values = {
        "姓名": case.person_name,
        "地址": case.address,
        "开始日期": long_date(case.start),
        "结束日期": long_date(case.end),
        "解除日期": long_date(case.release_date),
        "观察方式": describe_kind(case),
        "天数": str(case.days),
        "本阶段观察方式": kind,
        "本阶段开始日期": long_date(first),
        "本阶段结束日期": long_date(last),
        "本阶段天数": str(case.stage_days),
        RESPONSIBLE: case.grid_worker,
        RESPONSIBLE_PHONE: case.grid_worker_phone,
        DOCTOR: case.doctor,
        DOCTOR_PHONE: case.doctor_phone,
        "监督电话": case.supervision_phone,
        "村委会": case.committee,
        "村": case.village,
        "乡镇": case.township,
    }
    return {name: value.strip() or BLANK for name, value in values.items()}


def fill_template(text: str, case: CasePrint) -> str:
    """The text with every known placeholder replaced; unknown ones are left exactly as written."""
    values = placeholder_values(case)

    def value(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        return values.get(ALIASES.get(name, name), match.group(0))

    return _PLACEHOLDER.sub(value, text)


def unknown_placeholders(text: str) -> list[str]:
    """The {…} in text that are not placeholders, as written (braces included), each once, in order."""
    found = (
        m.group(0)
        for m in _PLACEHOLDER.finditer(text)
        if m.group(1).strip() not in PLACEHOLDERS and m.group(1).strip() not in ALIASES
    )
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
