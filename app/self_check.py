"""What `--smoke` checks besides the window: the data files a frozen bundle must carry (pinyin table,
region codes, the PDF fonts).

A bundle that left one out would start fine and fail only when the clerk first saves a person.
"""

from __future__ import annotations

from db.errors import LedgerError


def bundled_data_problems() -> list[str]:
    problems: list[str] = []
    try:
        from db.rules.search_keys import name_pinyin

        if name_pinyin("张三丰") != ("zsf", "zhangsanfeng"):
            problems.append("拼音字典内容不对")
    except (OSError, RuntimeError, ValueError) as exc:
        problems.append(f"缺少拼音字典：{exc}")
    try:
        from db.rules.id_number import region_known

        if not region_known("110105"):
            problems.append("行政区划代码表内容不对")
    except (OSError, ImportError) as exc:
        problems.append(f"缺少行政区划代码表：{exc}")
    try:
        from printing.fonts import missing_characters

        if missing := missing_characters("居家医学观察钱𠮷祥王䶮"):
            problems.append(f"打印字体缺少这些字：{''.join(sorted(missing))}")
    except LedgerError as exc:  # the main font is not there at all
        problems.append(str(exc))
    return problems
