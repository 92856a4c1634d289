"""The lists 首页 shows after the case figures, with no Qt: the page's tiles and `python -m app today`
read the same words and the same lines."""

from __future__ import annotations

from datetime import date, datetime

from db.queries.checkpoints import day_statistics, flagged_open
from db.queries.pushed import overdue
from db.queries.screening import abnormal_findings

#: key: the tile's label, and what the list below it is for.
SECTIONS = {
    "pushed_overdue": ("核查名单超时", "过了反馈时限仍未闭环的人，双击查看名单"),
    "screening_abnormal": ("入户排查异常", "未登记管控，双击或回车登记"),
    "checkpoint_flagged": ("卡点异常", "今日卡点发热、有症状或来自重点地区，未登记管控"),
}


def section_lines(now: datetime) -> dict[str, list[str]]:
    """One line of text per person on each list, as the headless command prints them."""
    return {
        "pushed_overdue": [
            f"{line.name}（{line.batch}）{line.status}，超时 {line.hours_overdue} 小时" for line in overdue(now)
        ],
        "screening_abnormal": [
            f"{line.name}（{line.address}）{line.on:%m-%d} {'；'.join(line.reasons)}"
            for line in abnormal_findings(open_only=True)
        ],
        "checkpoint_flagged": [
            f"{line.name}（{line.checkpoint} {line.at:%H:%M} {line.direction}）{line.flags}"
            for line in flagged_open(now.date())
        ],
    }


def day_figures(day: date) -> str:
    """The day at the gates, the village's total first, then each checkpoint's."""
    figures = day_statistics(day)
    gates = "；".join(f"{g.checkpoint}：{g.line()}" for g in figures.checkpoints)
    return f"今日全村卡点：{figures.total.line()}" + (f"（{gates}）" if len(figures.checkpoints) > 1 else "")
