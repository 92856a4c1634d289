"""Headless commands; each calls the same functions as its screen (no Qt is loaded here)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from db.connection import close_database, open_database


class ConsoleProgress:
    """Prints progress to stderr at most twice a second; never cancelled."""

    cancelled = False

    def __init__(self, label: str) -> None:
        self.label = label
        self._last = 0.0

    def update(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last >= 0.5 and sys.stderr.isatty():
            self._last = now
            print(f"\r{self.label} {done}/{total}", end="", file=sys.stderr, flush=True)


def _demo(args: argparse.Namespace) -> int:
    from db.demo import build_demo_village

    summary = build_demo_village(people=args.people, seed=args.seed, progress=ConsoleProgress("生成"), today=args.today)
    print(f"已生成演示村庄：{summary.grids} 个网格、{summary.households} 户、{summary.people} 人")
    return 0


def _check_report_target(args: argparse.Namespace) -> None:
    """A report that cannot be written is said before the import, not after it has been committed."""
    if args.report is not None:
        from db.files import check_target

        check_target(args.report)


def _print_import(plan: Any, summary: str, report: Path | None, more: tuple[str, ...] = ()) -> None:
    """After an import: what was done, every refused row (the first 20), and the report if asked for."""
    print(f"导入完成：{summary}")
    print(f"  {plan.describe_rows()}")
    for line in more:
        print(f"  {line}")
    for issue in plan.refused[:20]:
        print(f"  未导入 {issue.sheet} 第 {issue.row} 行 {issue.name}：{issue.field} {issue.reason}")
    if len(plan.refused) > 20:
        print(f"  ……另有 {len(plan.refused) - 20} 条")
    if report is not None:
        from forms.excel.issue_report import write_import_report  # openpyxl: only when a report is asked for

        write_import_report(report, plan.accounted, plan.warnings)
        print(f"导入结果清单（每一行的去向）已保存：{report}")


def _import_roster(args: argparse.Namespace) -> int:
    from forms.choice_words import choice_groups
    from forms.roster_import import import_roster

    _check_report_target(args)
    result = import_roster(args.file, ConsoleProgress("导入"), sheet=args.sheet, say=print)
    words = tuple(f"识别：{group}" for group in choice_groups(result.plan))
    _print_import(result.plan, result.summary(), args.report, (result.plan.households_recognised(), *words))
    return 0


def _import_cases(args: argparse.Namespace) -> int:
    from forms.case_import import import_cases
    from forms.choice_words import choice_groups

    _check_report_target(args)
    result = import_cases(args.file, ConsoleProgress("导入"), sheet=args.sheet, policy_name=args.policy, say=print)
    plan = result.plan
    policies = tuple(f"按政策“{name}”：{count} 人" for name, count in plan.policies.items())
    words = tuple(f"识别：{group}" for group in choice_groups(plan))
    _print_import(plan, result.summary(), args.report, policies + words)
    return 0


def _import_screening(args: argparse.Namespace) -> int:
    from collections import Counter

    from forms.choice_words import choice_groups
    from forms.screening_import import import_screening

    _check_report_target(args)
    progress = ConsoleProgress("导入")
    result = import_screening(args.file, args.round, progress, sheet=args.sheet, say=print, today=args.today)
    plan = result.plan
    words = tuple(f"识别：{group}" for group in choice_groups(plan))
    outcomes = "、".join(f"{o} {n} 户" for o, n in Counter(v.outcome for v in plan.to_write).items())
    into = f"登记到“{plan.round_name}”：{outcomes or '无新内容'}"
    _print_import(plan, result.summary(), args.report, (into, *words))
    return 0


def _import_checkpoint(args: argparse.Namespace) -> int:
    """`import-checkpoint FILE --checkpoint NAME`: a checkpoint register, every row's fate."""
    from forms.checkpoint_import import import_checkpoint
    from forms.choice_words import choice_groups

    _check_report_target(args)
    checkpoint_id = _checkpoint_named(args.checkpoint)
    progress = ConsoleProgress("导入")
    result = import_checkpoint(args.file, checkpoint_id, args.day, progress, args.sheet, say=print, today=args.today)
    words = tuple(f"识别：{group}" for group in choice_groups(result.plan))
    _print_import(result.plan, result.summary(), args.report, words)
    return 0


def _import_pushed(args: argparse.Namespace) -> int:
    """`import-pushed FILE`: the township's list, its facts, every row's fate and how the roster matched."""
    from datetime import datetime

    from forms.pushed_import import import_pushed

    _check_report_target(args)
    now = args.now or datetime.now().replace(second=0, microsecond=0)
    if args.now is None and args.today is not None:
        now = datetime.combine(args.today, now.time())
    result = import_pushed(args.file, args.source, now, progress=ConsoleProgress("导入"), sheet=args.sheet, say=print)
    more = (f"批次编号：{result.batch_id}（导出反馈表：export feedback --batch {result.batch_id}）",)
    _print_import(result.plan, result.describe(), args.report, more)
    for issue in result.plan.warnings[:20]:
        print(f"  提示 {issue.sheet} 第 {issue.row} 行 {issue.name}：{issue.field} {issue.reason}")
    if len(result.plan.warnings) > 20:
        print(f"  ……另有 {len(result.plan.warnings) - 20} 条提示")
    return 0


def _today(args: argparse.Namespace) -> int:
    """The figures of 首页, with the names behind each that is not zero."""
    from datetime import datetime

    from app.home_sections import SECTIONS, day_figures, section_lines
    from db.quarantine_actions import advance_stages
    from db.queries.cases import FIGURES, AlertLine, NeedLine, figure_lines, today

    now = datetime.now()  # one moment for both: the stages and the figures are of the same day
    if args.today is not None:
        now = datetime.combine(args.today, now.time())
    advance_stages(now.date())  # as 首页 does: scheduled stage changes first, so the kinds are today's
    figures = today(now)
    print(f"{figures.on:%Y-%m-%d} {figures.slot}：在管 {figures.active} 人")
    for figure in FIGURES:
        count = figures.counts[figure.key]
        print(f"  {figure.label}：{count}")
        for line in figure_lines(figure.key, figures)[:50] if count else []:
            if isinstance(line, AlertLine):
                value = "" if line.value is None else f"{line.value:.1f}℃ "
                print(f"    {line.case.name}（{line.case.address}）{line.on:%m-%d} {line.slot} {value}{line.symptoms}")
            elif isinstance(line, NeedLine):
                print(f"    {line.case.name}（{line.case.address}）{line.need_kind}：{line.needs}")
            else:
                print(f"    {line.name}（{line.address}）应解除 {line.release_due:%m-%d}")
        if count > 50:
            print(f"    ……另有 {count - 50} 人")
    for key, lines in section_lines(now).items():
        print(f"  {SECTIONS[key][0]}：{len(lines)}")
        if key == "checkpoint_flagged":
            print(f"    {day_figures(now.date())}")
        for text in lines[:50]:
            print(f"    {text}")
        if len(lines) > 50:
            print(f"    ……另有 {len(lines) - 50} 人")
    return 0


def _print(args: argparse.Namespace) -> int:
    if args.document == "field-sheets":
        return _print_field_sheets(args)
    if args.document == "gaps":
        return _print_gaps(args)
    if args.document == "gate-register":
        return _print_gate_register(args)
    if args.document in ("duty-roster", "duty-slips"):
        from app.duty_commands import print_duty

        return print_duty(args)
    from printing.from_ledger import plan_batch, print_batch, select_case_ids

    ids = select_case_ids(args.cases, args.today)
    batch = plan_batch(args.document, ids, args.today)  # what print_batch will print, and what not and why
    path = print_batch(args.document, ids, args.out, ConsoleProgress("打印"), args.today)
    print(f"已生成 {len(batch.case_ids)} 人的{batch.title}：{path}")
    for line in batch.report():
        print(f"  {line}")
    return 0


def _print_field_sheets(args: argparse.Namespace) -> int:
    """`print field-sheets --round ID --grid NAME`: the grid's 入户排查登记表 for the round."""
    from db.errors import LedgerError
    from printing.screening_print import print_field_sheet

    if args.round is None or not args.grid:
        raise LedgerError("打印入户排查表请写明 --round 轮次编号（见 screening list）和 --grid 网格名称")
    sheet = print_field_sheet(args.round, args.grid, args.out, ConsoleProgress("打印"))
    counts = f"{len(sheet.households)} 户 {sheet.people} 人"
    print(f"已生成{sheet.grid}的入户排查登记表（{sheet.round_name}，{counts}）：{args.out}")
    return 0


def _checkpoint_named(name: str) -> int:
    from db.errors import LedgerError
    from db.queries.checkpoints import checkpoint_id_by_name

    checkpoint_id = checkpoint_id_by_name(name)
    if checkpoint_id is None:
        raise LedgerError(f"没有名为“{name}”的卡点")
    return checkpoint_id


def _print_gate_register(args: argparse.Namespace) -> int:
    """`print gate-register --checkpoint NAME --pages N`: the checkpoint's blank paper register."""
    from db.errors import LedgerError
    from printing.checkpoint_print import print_gate_register

    if not args.checkpoint:
        raise LedgerError("打印卡点出入登记表请写明 --checkpoint 卡点名称")
    sheet = print_gate_register(_checkpoint_named(args.checkpoint), args.pages, args.out, ConsoleProgress("打印"))
    print(f"已生成{sheet.checkpoint}的空白卡点出入登记表（{args.pages} 页）：{args.out}")
    return 0


def _print_gaps(args: argparse.Namespace) -> int:
    """`print gaps --round ID`: the round's 未完成排查户清单 (not visited, waiting for a revisit, refused)."""
    from db.errors import LedgerError
    from printing.screening_print import print_gap_list

    if args.round is None:
        raise LedgerError("打印未完成排查户清单请写明 --round 轮次编号（见 screening list）")
    sheet = print_gap_list(args.round, args.out, args.today, progress=ConsoleProgress("打印"))
    print(f"已生成未完成排查户清单（{sheet.round_name}，{sheet.households} 户）：{args.out}")
    return 0


#: What an export of the people's records says before the file is written.
PERSONAL_NOTICE = "注意：导出的文件含有完整的身份证号码和联系电话（个人信息），请只交给乡镇指定的接收人。"


def package_password(twice: bool = True) -> str:
    """The package password from the environment, else typed at the terminal (twice when it seals)."""
    from db.accounts import password_problems
    from db.errors import LedgerError
    from forms.excel.data_package import PASSWORD_ENV

    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        if not sys.stdin.isatty():
            raise LedgerError(f"需要加密密码：请在终端运行，或设置环境变量 {PASSWORD_ENV}")
        password = getpass.getpass("加密密码：")
        again = getpass.getpass("再输一次：") if twice else password
        if problems := password_problems(password, again, "加密密码"):
            raise LedgerError("；".join(problems))
    return password


def _personal_export(
    args: argparse.Namespace, write: Callable[[Path], int], notice: str = PERSONAL_NOTICE, unit: str = "人"
) -> int:
    """Say that the file carries personal data before it is written; seal it in a package if asked."""
    from forms.excel.data_package import package_path, packaged

    target = args.out if args.out.suffix.lower() == ".xlsx" else args.out.with_suffix(".xlsx")
    print(notice, file=sys.stderr)
    if not args.encrypt:
        count = write(target)
        print(f"已导出 {count} {unit}：{target}")
        return 0
    password = package_password()
    package = package_path(target)
    count = packaged(package, password, write)
    print(f"已导出 {count} {unit}（已加密）：{package}")
    return 0


def _export_roster(args: argparse.Namespace) -> int:
    from forms.roster_export import export_roster

    return _personal_export(args, lambda path: export_roster(path, ConsoleProgress("导出")))


def _export(args: argparse.Namespace) -> int:
    """`export isolation-list`: one day's 居家 / 集中隔离人员名单; `export screening`: a round's register."""
    if args.export_what == "feedback":
        from forms.feedback_export import export_feedback

        progress = ConsoleProgress("导出")
        return _personal_export(args, lambda path: export_feedback(args.batch, path, progress, args.today))
    if args.export_what == "checkpoint":
        return _export_checkpoint(args)
    if args.export_what == "duty-roster":
        from app.duty_commands import DUTY_NOTICE, export_duty

        return _personal_export(args, export_duty(args), DUTY_NOTICE)
    if args.export_what == "screening":
        from forms.screening_export import export_screening_register

        progress = ConsoleProgress("导出")
        return _personal_export(args, lambda path: export_screening_register(args.round, path, progress, args.today))
    from forms.isolation_export import export_isolation_list

    day = args.day or args.today or date.today()  # checked by the parser (app.cli) before the database opened
    return _personal_export(args, lambda path: export_isolation_list(args.kind, day, path, ConsoleProgress("导出")))


def _export_checkpoint(args: argparse.Namespace) -> int:
    """`export checkpoint`: a day's 卡点出入登记表, one checkpoint's (--checkpoint NAME) or every one's with entries."""
    from db.errors import LedgerError
    from db.queries.checkpoints import checkpoint_id_by_name
    from forms.checkpoint_export import export_checkpoint_register

    day = args.day or args.today or date.today()
    checkpoint_id = None
    if args.checkpoint:
        checkpoint_id = checkpoint_id_by_name(args.checkpoint)
        if checkpoint_id is None:
            raise LedgerError(f"没有名为“{args.checkpoint}”的卡点")
    progress = ConsoleProgress("导出")
    return _personal_export(args, lambda path: export_checkpoint_register(day, path, checkpoint_id, progress))


def _screening(args: argparse.Namespace) -> int:
    from app.screening_commands import run_screening

    return run_screening(args)


def _duty(args: argparse.Namespace) -> int:
    from app.duty_commands import run_duty

    return run_duty(args)


def _report(args: argparse.Namespace) -> int:
    from app.report_commands import run_report

    return run_report(args)


def _township(args: argparse.Namespace) -> int:
    from app.township_commands import run_township

    return run_township(args)


COMMANDS = {
    "demo": _demo,
    "import-roster": _import_roster,
    "import-cases": _import_cases,
    "import-pushed": _import_pushed,
    "import-screening": _import_screening,
    "import-checkpoint": _import_checkpoint,
    "export-roster": _export_roster,
    "export": _export,
    "today": _today,
    "print": _print,
    "screening": _screening,
    "duty": _duty,
    "report": _report,
    "township": _township,
}


def _backup(args: argparse.Namespace, db_path: Path) -> int:
    from db import backups

    if not db_path.is_file():
        print(f"错误：找不到数据库文件：{db_path}", file=sys.stderr)
        return 2
    path = backups.make_backup(db_path, "manual", folder=args.to)
    if args.to is None:
        backups.rotate(backups.folder_for(db_path))
    open_database(db_path, migrate=False)  # only to put the backup in the audit trail
    try:
        backups.note_backup(path, db_path, "manual")
    finally:
        close_database()
    held = backups.info(path)
    print(f"已备份（已检查）：{path}\n  {held.households} 户、{held.people} 人、{held.cases} 个管控对象")
    return 0


def _check(args: argparse.Namespace, db_path: Path) -> int:
    from db import backups, file_identity

    identity = file_identity.identify(db_path)
    if identity.kind == file_identity.FOREIGN:  # sound, but another program's: no backup of ours replaces it
        print(f"错误：{file_identity.describe(identity, db_path)}，未作任何改动。", file=sys.stderr)
        return 2
    damaged = identity.kind == file_identity.NOT_A_DATABASE
    found = [file_identity.describe(identity, db_path)] if damaged else backups.problems(db_path)
    if found:
        print("错误：" + "；".join(found), file=sys.stderr)
        newest = backups.newest_good(db_path)  # the newest in the order made: a clock set wrong cannot pick it
        if newest is not None:
            print(f'可以恢复最近的完好备份：python -m app restore "{newest}" --db "{db_path}"', file=sys.stderr)
        return 2
    from db import audit_guard

    restored = audit_guard.restore_triggers(open_database(db_path, migrate=False))  # said, not done silently
    close_database()
    if restored:
        print(audit_guard.restored_message(restored))
    print(f"数据库完好：{db_path}")
    return 0


def _restore(args: argparse.Namespace, db_path: Path) -> int:
    from db import backups

    backups.check_restorable(args.file)  # before anything is said or done: a refused restore changes nothing
    held = backups.info(args.file)
    print(f"备份时间 {held.made_at:%Y-%m-%d %H:%M}：{held.households} 户、{held.people} 人、{held.cases} 个管控对象")
    safety = backups.restore(args.file, db_path)
    open_database(db_path)
    try:
        backups.note_restore(args.file, safety)
    finally:
        close_database()
    print(f"已恢复到：{db_path}\n恢复前的数据已备份在：{safety}")
    return 0


def _say_restored_triggers() -> None:
    from db import audit_guard, connection

    if connection.restored_triggers:
        print(f"注意：{audit_guard.restored_message(connection.restored_triggers)}", file=sys.stderr)


#: Commands that work on the file itself, without opening (and so migrating) it first.
FILE_COMMANDS = {"backup": _backup, "check": _check, "restore": _restore}


def run(command: str, args: argparse.Namespace, db_path: Path) -> int:
    from db import session

    session.begin(session.command_line())
    if command in FILE_COMMANDS:
        return FILE_COMMANDS[command](args, db_path)
    open_database(db_path)
    _say_restored_triggers()
    try:
        return COMMANDS[command](args)
    finally:
        close_database()
