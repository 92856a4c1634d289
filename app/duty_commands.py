"""`python -m app print duty-roster|duty-slips`, `export duty-roster` and `duty generate`: the duty papers, the
workbook and the generation headless, with the same calls as the screens (no Qt is loaded here)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path

from db.errors import LedgerError

#: What `export duty-roster` says before the file is written: names and full phones, no ID numbers.
DUTY_NOTICE = "注意：导出的值班表含有值班人员的姓名和完整联系电话（个人信息），请只交给值班人员和需要联系他们的人。"


def _range(args: argparse.Namespace, what: str) -> tuple[date, date]:
    """--from / --to, both needed (checked as dates by the parser before the database opened)."""
    if args.first_day is None or args.last_day is None:
        raise LedgerError(f"{what}请写明 --from 第一天和 --to 最后一天（YYYY-MM-DD）")
    if args.last_day < args.first_day:
        raise LedgerError(f"--to {args.last_day:%Y-%m-%d} 早于 --from {args.first_day:%Y-%m-%d}")
    return args.first_day, args.last_day


def _post_id(name: str | None) -> int | None:
    """--post NAME as the post's id (None: every post); an unknown name is refused, naming it."""
    from db.queries.duty import post_id_by_name

    if not name:
        return None
    found = post_id_by_name(name)
    if found is None:
        raise LedgerError(f"没有名为“{name}”的值班岗位")
    return found


def print_duty(args: argparse.Namespace) -> int:
    """`print duty-roster --from --to [--post NAME] [--mask-phones]`, `print duty-slips --from --to`."""
    from app.commands import ConsoleProgress
    from printing.duty_print import print_duty_roster, print_duty_slips

    today = args.today or date.today()
    if args.document == "duty-slips":
        first, last = _range(args, "打印个人值班通知单")
        count = print_duty_slips(first, last, args.out, ConsoleProgress("打印"))
        print(f"已生成 {count} 人的个人值班通知单（{first:%Y-%m-%d} 至 {last:%Y-%m-%d}）：{args.out}")
        return 0
    first, last = _range(args, "打印值班表")
    roster = print_duty_roster(
        first,
        last,
        args.out,
        today,
        _post_id(args.post),
        mask_phones=args.mask_phones,
        progress=ConsoleProgress("打印"),
    )
    posts = "、".join(p.name for p in roster.posts)
    print(f"已生成值班表（{first:%Y-%m-%d} 至 {last:%Y-%m-%d}，{posts}，{roster.people} 人）：{args.out}")
    return 0


def export_duty(args: argparse.Namespace) -> Callable[[Path], int]:
    """`export duty-roster OUT --from --to [--post NAME]`: what writes the workbook, its range and post checked
    before the personal-data notice is shown."""
    from app.commands import ConsoleProgress
    from forms.duty_export import export_duty_roster

    first, last = _range(args, "导出值班表")
    post_id = _post_id(args.post)
    today = args.today or date.today()
    progress = ConsoleProgress("导出")
    return lambda path: export_duty_roster(first, last, path, today, post_id, progress=progress)


def run_duty(args: argparse.Namespace) -> int:
    """`duty generate --from --to [--now]`: the shortfalls first (in plain numbers), then the roster solved and
    written, and what changed, as the 排班表 tab says it."""
    from datetime import datetime

    from app.commands import ConsoleProgress
    from db import duty_roster
    from db.rules.chinese_dates import short_date

    first, last = _range(args, "生成排班")
    now = args.now or datetime.now().replace(second=0, microsecond=0)
    found = duty_roster.shortfalls(first, last, now)
    if found:
        print(f"按现有人员和规则，下面 {len(found)} 处无论怎样排都排不满，生成后会留下空缺：")
        for shortfall in found:
            print(f"  {shortfall.text}")
    else:
        print("人员足够：没有排不满的地方。")
    done = duty_roster.generate(first, last, now, ConsoleProgress("生成排班"))
    roster = done.roster
    print(
        f"已生成 {short_date(first)}至{short_date(last)} 的排班：共 {done.shifts} 个班次，"
        f"{roster.filled}/{roster.seats} 个位置有人"
    )
    print(f"  新排 {done.added} 人次，撤下 {done.removed} 人次，保留 {done.kept} 人次（已开始的班次和手工调班不变）")
    if roster.open_seats:
        print(f"  空缺 {sum(s.seats for s in roster.open_seats)} 人次：")
        for seat in roster.open_seats:
            lead = "（含带班干部）" if seat.leader else ""
            print(f"    {seat.shift.label} 缺 {seat.seats} 人{lead}：{seat.reason}")
    else:
        print("  没有空缺")
    print(
        f"  公平：各人班次数（按可值班的时间折算）最多与最少相差 {roster.spread:.1f} 个，"
        f"夜班相差 {roster.night_spread:.1f} 个"
    )
    print(f"  {roster.proof_text()}")
    return 0
