"""The default 疫情防控工作日报表 (../shared/forms/11-daily-report.md, "default village daily report"): the same
shape as a definition file the clerk imports (forms.reports.definitions), so a township's own categories are
this with lines added or changed."""

from __future__ import annotations

from typing import Any

from db.models.checkpoint import GateOutcome
from db.models.quarantine import CaseKind, CaseReason

_NOT_ON_DAY = ["new", "total"]

DAILY: dict[str, Any] = {
    "key": "daily",
    "version": 1,
    "title": "疫情防控工作日报表",
    "header": ["填报单位：{unit}", "报告日期：{day}"],
    "footer": ["填表人：{clerk}    审核人：{reviewer}    联系电话：{phone}"],
    "columns": ["new", "ended", "current", "total"],
    "categories": [
        {"block": "入户排查", "label": "排查户数", "source": "visits", "count": "household", "measures": _NOT_ON_DAY},
        {"block": "入户排查", "label": "排查人数", "source": "screened", "count": "person", "measures": _NOT_ON_DAY},
        {
            "block": "重点地区来（返）人员",
            "label": "合计",
            "source": "screened",
            "count": "person",
            "where": {"key_area": ["是"]},
            "measures": _NOT_ON_DAY,
        },
        {
            "block": "重点地区来（返）人员",
            "label": "其中：{value}",
            "source": "screened",
            "count": "person",
            "where": {"key_area": ["是"]},
            "split": "area",
            "measures": _NOT_ON_DAY,
        },
        *(
            {"block": kind.value, "label": kind.value, "source": "cases", "count": "person", "where": {"kind": [kind]}}
            for kind in (CaseKind.HOME, CaseKind.CENTRAL, CaseKind.MONITOR)
        ),
        {
            "block": "密切接触者",
            "label": "密切接触者（医学观察）",
            "source": "cases",
            "count": "person",
            "where": {"reason": [CaseReason.CLOSE_CONTACT.value]},
        },
        {"block": "发热人员", "label": "发现发热", "source": "fevers", "count": "person", "measures": _NOT_ON_DAY},
        {
            "block": "发热人员",
            "label": "其中送发热门诊",
            "source": "fevers",
            "count": "person",
            "where": {"clinic": ["是"]},
            "measures": _NOT_ON_DAY,
        },
        {"block": "上级推送核查", "label": "核查名单（新增：接收；减少：核查完成；现有：未核查）", "source": "pushed"},
        {
            "block": "上级推送核查",
            "label": "其中{value}",
            "source": "pushed",
            "split": "status",
            "where": {"!status": ["待核查", "已联系"]},
            "measures": ["ended", "total"],
        },
        {"block": "卡点", "label": "卡点数", "source": "checkpoints", "measures": ["current"]},
        {"block": "卡点", "label": "值守人数", "source": "duty", "count": "person", "measures": ["current"]},
        {"block": "卡点", "label": "登记人次", "source": "gate", "measures": _NOT_ON_DAY},
        {"block": "卡点", "label": "登记车次", "source": "vehicles", "measures": _NOT_ON_DAY},
        {
            "block": "卡点",
            "label": "劝返人次",
            "source": "gate",
            "where": {"outcome": [GateOutcome.TURNED_BACK.value]},
            "measures": _NOT_ON_DAY,
        },
    ],
}
