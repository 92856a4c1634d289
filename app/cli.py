"""Command line: no arguments starts the window; subcommands work headless with the same code as the screens."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, datetime, time
from pathlib import Path
from typing import TypeAlias

from db.errors import LedgerError
from db.paths import ENV_VAR, PACKAGE_PASSWORD_ENV, default_db_path, practice_db_path
from db.private_temp import sweep_leftovers


def _day(text: str) -> date:
    """A --day value read as a typed date is (the same years), refused before any database is opened."""
    from forms.parsing.dates import DateError, parse_date

    try:
        day = parse_date(text)
    except DateError as exc:
        raise argparse.ArgumentTypeError(f"{exc}（日期写成 YYYY-MM-DD，如 {date.today():%Y-%m-%d}）") from None
    if day is None:
        raise argparse.ArgumentTypeError(f"请写上日期，如 {date.today():%Y-%m-%d}")
    return day


def _moment(text: str) -> datetime:
    """A --now value: a day and a time of day ("2026-12-03 09:30", ISO's "2026-12-03T09:30", or the words a
    township sheet writes), refused before any database is opened."""
    from forms.parsing.dates import DateError
    from forms.pushed_header import moment

    try:
        return datetime.fromisoformat(text.strip()).replace(tzinfo=None)
    except ValueError:
        pass
    try:
        day, at = moment(text)
    except DateError as exc:
        raise argparse.ArgumentTypeError(f"{exc}（时间写成 YYYY-MM-DD HH:MM）") from None
    if day is None:
        raise argparse.ArgumentTypeError("请写上时间，如 2026-12-03 09:30")
    return datetime.combine(day, at or time(0, 0))


def _add_db(parser: argparse.ArgumentParser, default: object = argparse.SUPPRESS) -> None:
    """--db and --today are accepted before or after the command; SUPPRESS keeps a subcommand from resetting
    them. --today is the day a headless command works on, as the screens' "today" (tests and the demo)."""
    parser.add_argument("--db", type=Path, default=default, help=f"数据库文件（默认：${ENV_VAR} 或用户数据目录）")
    parser.add_argument(
        "--today",
        type=_day,
        default=default,
        metavar="YYYY-MM-DD",
        help="按这一天办理（默认今天）：演示村庄的年龄和日期、今日概况、打印的日期和“今日新增”、名单的日期",
    )


#: What add_subparsers returns, to which each group below adds its commands.
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app", description="村级疫情防控台账")
    _add_db(parser, default=None)
    parser.add_argument("--smoke", action="store_true", help="打开数据库、显示主窗口后立即退出（安装检查用）")
    parser.add_argument(
        "--practice",
        action="store_true",
        help="打开练习用的演示村庄（用户数据目录下单独的练习文件，第一次打开时生成），不是本村的台账",
    )
    parser.add_argument(
        "--practice-people", type=int, default=2000, metavar="N", help="第一次打开练习文件时演示村庄的人数（默认 2000）"
    )
    sub = parser.add_subparsers(dest="command", metavar="命令")
    _add_demo(sub)
    _add_imports(sub)
    _add_today_and_print(sub)
    _add_backups(sub)
    _add_exports(sub)
    _add_screening(sub)
    _add_duty(sub)
    _add_report(sub)
    _add_township(sub)
    return parser


def _add_demo(sub: Subcommands) -> None:
    demo = sub.add_parser(
        "demo",
        help="生成演示村庄数据（练习用）",
        description="生成一个练习用的演示村庄：不写 --db 时写入单独的练习文件，从不写入本村的台账；"
        "--db 只接受空数据库。",
    )
    _add_db(demo)
    demo.add_argument("--people", type=int, default=2000, help="人数（默认 2000）")
    demo.add_argument("--seed", type=int, default=2020, help="随机种子")


def _add_imports(sub: Subcommands) -> None:
    imp = sub.add_parser("import-roster", help="从 Excel/WPS/CSV 导入花名册", description="导入花名册表格。")
    imp.add_argument("file", type=Path, help=".xlsx / .xls / .ods / .csv 文件")
    _add_db(imp)
    imp.add_argument("--report", type=Path, help="把未导入的行及原因保存为 Excel")
    imp.add_argument("--sheet", help="只导入该工作表（默认全部）")

    cases = sub.add_parser(
        "import-cases", help="从 Excel/WPS/CSV 导入隔离管控台账", description="导入已有的隔离管控台账表格。"
    )
    cases.add_argument("file", type=Path, help=".xlsx / .xls / .ods / .csv 文件")
    _add_db(cases)
    cases.add_argument("--report", type=Path, help="把未导入的行和提示及原因保存为 Excel")
    cases.add_argument("--policy", help="所有行都按该管控政策（默认：按每行的隔离方式选用）")
    cases.add_argument("--sheet", help="只导入该工作表（默认全部）")

    pushed = sub.add_parser(
        "import-pushed",
        help="导入上级推送的核查名单",
        description="导入乡镇下发的核查名单（表头上方的下发单位、批次、日期、反馈时限一并读取），并与花名册匹配。",
    )
    pushed.add_argument("file", type=Path, help=".xlsx / .xls / .ods / .csv 文件")
    _add_db(pushed)
    pushed.add_argument("--source", default="", help="名单来源，如 铁路、大数据比对（默认：名单的下发单位）")
    pushed.add_argument("--sheet", help="名单所在的工作表（默认第一张有数据的）")
    pushed.add_argument("--now", type=_moment, metavar="YYYY-MM-DD HH:MM", help="收到名单的时间（默认现在）")
    pushed.add_argument("--report", type=Path, help="把每一行的去向及原因保存为 Excel")

    screening = sub.add_parser(
        "import-screening",
        help="把网格员的入户排查表格导入一轮排查",
        description="导入网格员自己记的入户排查表（登记表 02 的两种格式、重点地区来返人员表 03）到一轮排查。",
    )
    screening.add_argument("file", type=Path, help=".xlsx / .xls / .ods / .csv 文件")
    screening.add_argument("--round", type=int, required=True, help="轮次编号（见 screening list）")
    _add_db(screening)
    screening.add_argument("--report", type=Path, help="把每一行的去向（含未导入的原因）保存为 Excel")
    screening.add_argument("--sheet", help="只导入该工作表（默认全部）")

    gate = sub.add_parser(
        "import-checkpoint",
        help="导入卡点出入登记表（纸质登记录入的 Excel，或导出的登记表）",
        description="导入卡点出入登记表（人员登记，及车辆登记表的车辆信息）："
        "每一行的去向（登记、合并、已登记、未导入及原因、跳过）都有交代。",
    )
    gate.add_argument("file", type=Path, help=".xlsx / .xls / .ods / .csv 文件")
    gate.add_argument("--checkpoint", required=True, help="卡点名称（表头或“卡点名称”列写明其他卡点的，按所写的）")
    gate.add_argument("--day", type=_day, help="登记日期 YYYY-MM-DD（表头和各行都没有日期时用）")
    _add_db(gate)
    gate.add_argument("--report", type=Path, help="把每一行的去向（含未导入的原因）保存为 Excel")
    gate.add_argument("--sheet", help="只导入该工作表（默认全部）")


def _add_today_and_print(sub: Subcommands) -> None:
    today = sub.add_parser("today", help="今日管控概况（与首页相同）", description="打印首页的各项数字和名单。")
    _add_db(today)

    prt = sub.add_parser(
        "print",
        help="生成告知书、封条、体温记录表、解除告知书、入户排查表或未完成排查户清单的 PDF",
        description="为一批管控对象，或为一轮排查的一个网格（field-sheets）或未完成的户（gaps），"
        "生成一份 A4 PDF（可直接打印）。",
    )
    prt.add_argument(
        "document",
        choices=[
            "notices",
            "seals",
            "notices-and-seals",
            "temperature-sheets",
            "release-notices",
            "field-sheets",
            "gaps",
            "duty-roster",
            "duty-slips",
            "gate-register",
        ],
        help="notices 告知书；seals 封条；notices-and-seals 告知书和封条（一份 PDF）；"
        "temperature-sheets 体温记录表；release-notices 解除告知书；field-sheets 入户排查登记表（填写用）；"
        "gaps 未完成排查户清单；duty-roster 值班表（每个岗位一页，A4 横向）；duty-slips 个人值班通知单；"
        "gate-register 空白的卡点出入登记表（纸质登记用，A4 横向）",
    )
    _add_db(prt)
    prt.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
    prt.add_argument(
        "--cases",
        default="today",
        help="active 全部在管；today 今日新增（默认）；或以逗号分隔的管控对象编号，如 3,7,12",
    )
    prt.add_argument("--round", type=int, help="field-sheets、gaps：排查轮次编号（见 screening list）")
    prt.add_argument("--grid", help="field-sheets：网格（村民小组）名称，如 一组")
    prt.add_argument("--checkpoint", help="gate-register：卡点名称")
    prt.add_argument("--pages", type=int, default=1, help="gate-register：页数（默认 1，每页 16 行）")
    _add_duty_range(prt)
    prt.add_argument("--post", help="duty-roster：只打印这个值班岗位（岗位名称；默认这段时间有排班的全部岗位）")
    prt.add_argument(
        "--mask-phones",
        action="store_true",
        help="duty-roster：联系电话部分隐去（张贴在公开处时用；默认完整，供交接班）",
    )


def _add_duty_range(parser: argparse.ArgumentParser) -> None:
    """--from / --to of the duty papers and export (the first and last day, both included)."""
    parser.add_argument("--from", dest="first_day", type=_day, metavar="YYYY-MM-DD", help="值班表：第一天")
    parser.add_argument("--to", dest="last_day", type=_day, metavar="YYYY-MM-DD", help="值班表：最后一天（含）")


def _add_backups(sub: Subcommands) -> None:
    bak = sub.add_parser(
        "backup",
        help="备份数据库（检查后保存）",
        description="用 SQLite 在线备份复制数据库并检查；"
        "默认存到数据文件旁的 backups 文件夹（按 14 天 + 8 周轮换），--to 可存到 U 盘。",
    )
    _add_db(bak)
    bak.add_argument("--to", type=Path, help="备份到该文件夹（如 U 盘）")
    res = sub.add_parser("restore", help="从备份恢复（恢复前先备份当前数据）", description="用备份文件替换当前数据库。")
    res.add_argument("file", type=Path, help="备份文件")
    _add_db(res)
    chk = sub.add_parser("check", help="检查数据库是否完好", description="完整性和外键检查；损坏时退出码非零。")
    _add_db(chk)


def _add_exports(sub: Subcommands) -> None:
    exp = sub.add_parser("export-roster", help="导出花名册 Excel", description="导出格式化的花名册工作簿。")
    exp.add_argument("out", type=Path, help="输出 .xlsx 文件")
    _add_encrypt(exp)
    _add_db(exp)

    export = sub.add_parser("export", help="导出名单 Excel（隔离人员名单等）", description="按上报表格式导出名单。")
    _add_db(export)
    lists = export.add_subparsers(dest="export_what", metavar="名单", required=True)
    iso = lists.add_parser(
        "isolation-list",
        help="居家或集中隔离人员名单（某一天）",
        description="导出某一天的居家隔离人员名单或集中隔离人员名单（含完整身份证号码）。",
    )
    iso.add_argument("out", type=Path, help="输出 .xlsx 文件")
    iso.add_argument("--kind", choices=["home", "central"], required=True, help="home 居家隔离；central 集中隔离")
    iso.add_argument("--day", type=_day, help="日期 YYYY-MM-DD（默认今天）")
    _add_encrypt(iso)
    _add_db(iso)
    scr = lists.add_parser(
        "screening",
        help="一轮入户排查的登记表（含重点地区来返人员和汇总）",
        description="导出一轮入户排查的入户排查登记表、重点地区来(返)人员登记表和各网格汇总（含完整身份证号码）。",
    )
    scr.add_argument("out", type=Path, help="输出 .xlsx 文件")
    scr.add_argument("--round", type=int, required=True, help="轮次编号（见 screening list）")
    _add_encrypt(scr)
    _add_db(scr)
    fb = lists.add_parser(
        "feedback",
        help="核查名单的反馈表（乡镇原表 + 本村核查结果）",
        description="导出一批核查名单的反馈表：乡镇下发的各列原样保留，本村的核查结果附在右侧（含完整身份证号码）。",
    )
    fb.add_argument("out", type=Path, help="输出 .xlsx 文件")
    fb.add_argument("--batch", type=int, required=True, help="名单批次编号（导入时显示）")
    _add_encrypt(fb)
    _add_db(fb)
    cp = lists.add_parser(
        "checkpoint",
        help="某一天的卡点出入登记表（人员和车辆）",
        description="导出某一天各卡点（或一个卡点）的卡点出入登记表：人员登记和车辆登记（含完整身份证号码）。",
    )
    cp.add_argument("out", type=Path, help="输出 .xlsx 文件")
    cp.add_argument("--day", type=_day, help="日期 YYYY-MM-DD（默认今天）")
    cp.add_argument("--checkpoint", help="只导出这个卡点（卡点名称；默认当天有登记的全部卡点）")
    _add_encrypt(cp)
    _add_db(cp)
    duty = lists.add_parser(
        "duty-roster",
        help="值班表（每个岗位一张工作表）",
        description="导出一段时间的疫情防控值班表：每个值班岗位一张工作表（日期、星期、班次、带班干部、值守人员、"
        "联系电话、签到/签退、备注），另有每日值班人数（含完整联系电话）。",
    )
    duty.add_argument("out", type=Path, help="输出 .xlsx 文件")
    _add_duty_range(duty)
    duty.add_argument("--post", help="只导出这个值班岗位（岗位名称；默认这段时间有排班的全部岗位）")
    _add_encrypt(duty)
    _add_db(duty)


def _add_screening(sub: Subcommands) -> None:
    scr = sub.add_parser("screening", help="入户排查轮次：新建、列出、结束", description="入户排查（拉网排查）的轮次。")
    _add_db(scr)
    what = scr.add_subparsers(dest="screening_what", metavar="操作", required=True)
    new = what.add_parser("new", help="新建一轮排查", description="新建一轮入户排查（默认覆盖全部网格）。")
    new.add_argument("--name", required=True, help="轮次名称，如“第二轮拉网排查”")
    new.add_argument("--from", dest="starts_on", type=_day, required=True, metavar="YYYY-MM-DD", help="开始日期")
    new.add_argument("--to", dest="ends_on", type=_day, required=True, metavar="YYYY-MM-DD", help="结束日期")
    new.add_argument("--grids", help="只排查这些网格，以逗号分隔，如 一组,二组（默认全部）")
    _add_db(new)
    lst = what.add_parser("list", help="列出各轮排查及完成情况", description="每一轮排查的户数、人数完成情况。")
    _add_db(lst)
    close = what.add_parser(
        "close",
        help="结束一轮排查",
        description="结束一轮排查；还有未走访、待复查或拒绝配合的户时列出它们并不结束，除非加 --accept-gaps。",
    )
    close.add_argument("--round", type=int, required=True, help="轮次编号（见 screening list）")
    close.add_argument("--accept-gaps", action="store_true", help="确认带着缺口结束（缺口记入结束说明）")
    _add_db(close)


def _add_duty(sub: Subcommands) -> None:
    duty = sub.add_parser("duty", help="值班排班：生成排班", description="值班排班（与“值班排班”页相同的规则）。")
    _add_db(duty)
    what = duty.add_subparsers(dest="duty_what", metavar="操作", required=True)
    gen = what.add_parser(
        "generate",
        help="为一段时间生成排班",
        description="先列出无论怎样排都排不满的地方（人数），再生成排班：已开始的班次和手工调班保持不变。",
    )
    _add_duty_range(gen)
    gen.add_argument(
        "--now", type=_moment, metavar="YYYY-MM-DDTHH:MM", help="按这一时刻生成（此前已开始的班次不动；默认现在）"
    )
    _add_db(gen)


def _add_report(sub: Subcommands) -> None:
    report = sub.add_parser(
        "report",
        help="上报：疫情防控工作日报表",
        description="按报表定义从台账算出日报表（与“上报”页相同），不需手填。",
    )
    _add_db(report)
    what = report.add_subparsers(dest="report_what", metavar="操作", required=True)
    day = what.add_parser(
        "daily",
        help="导出某一天的日报表（含各项明细和隔离人员名单）",
        description="导出某一天的疫情防控工作日报表：各项当日新增、当日减少、现有、累计，按当天结束时台账的样子计算，"
        "以后再改台账也不变；当天无新增、无减少时为零报告。明细各成一张工作表（含完整身份证号码）。",
    )
    day.add_argument("out", type=Path, help="输出 .xlsx 文件")
    day.add_argument("--day", type=_day, help="日期 YYYY-MM-DD（默认今天）")
    day.add_argument("--reviewer", default="", help="审核人姓名")
    day.add_argument("--definition", type=Path, help="报表定义文件（.json；默认为已导入的乡镇定义，没有则用内置的）")
    _add_encrypt(day)
    _add_db(day)
    pdf = what.add_parser(
        "pdf",
        help="打印某一天的日报表（PDF，含近14天趋势图）",
        description="把某一天的日报表（与“上报”页相同的数字）和近14天趋势图写成一页 A4 的 PDF，并记入操作记录。",
    )
    pdf.add_argument("--out", type=Path, required=True, help="输出 .pdf 文件")
    pdf.add_argument("--day", type=_day, help="日期 YYYY-MM-DD（默认今天）")
    pdf.add_argument("--reviewer", default="", help="审核人姓名")
    pdf.add_argument("--definition", type=Path, help="报表定义文件（.json；默认为已导入的乡镇定义，没有则用内置的）")
    _add_db(pdf)
    package = what.add_parser(
        "package",
        help="导出某一天的数据包（加密 .zip），乡镇汇总时直接导入，不用重新录入",
        description="把某一天的日报表数字和各项明细写成加密数据包（AES-256），带清单、序号和校验码；"
        f"身份证号和电话按乡镇的报表定义决定是否遮盖。密码在终端输入两次，或取自环境变量 {PACKAGE_PASSWORD_ENV}。",
    )
    package.add_argument("folder", type=Path, help="写入的文件夹（例如 U 盘上的文件夹）")
    package.add_argument("--day", type=_day, help="日期 YYYY-MM-DD（默认今天）")
    _add_db(package)
    definition = what.add_parser(
        "definition",
        help="导出正在使用的日报表定义（.json），供乡镇修改后下发",
        description="把正在使用的日报表定义写成 .json 文件：乡镇可增删统计项目后下发，村里用 use-definition 导入。",
    )
    definition.add_argument("out", type=Path, help="输出 .json 文件")
    _add_db(definition)
    use = what.add_parser(
        "use-definition",
        help="导入乡镇下发的日报表定义（.json），以后的日报表都按它算；--builtin 恢复内置",
        description="检查并导入乡镇下发的日报表定义，保存在台账里（随备份走），“上报”页和 report daily 都按它算。",
    )
    use.add_argument("file", type=Path, nargs="?", help="报表定义 .json 文件")
    use.add_argument("--builtin", action="store_true", help="恢复为内置的日报表定义")
    _add_db(use)


def _add_township(sub: Subcommands) -> None:
    township = sub.add_parser(
        "township",
        help="乡镇汇总：导入各村数据包、导出汇总表",
        description="本机用途为“乡镇汇总”时使用：导入各村的数据包（逐个核对清单和校验码），导出全乡镇的汇总表。",
    )
    _add_db(township)
    what = township.add_subparsers(dest="township_what", metavar="操作", required=True)
    load = what.add_parser(
        "import",
        help="导入各村的数据包（.zip 文件或整个文件夹，例如 U 盘）",
        description=f"导入各村数据包：同一个包再导入不改动，较新的替换较早的；损坏、被改动或来自更新版本的包不导入并说明原因。"
        f"密码在终端输入，或取自环境变量 {PACKAGE_PASSWORD_ENV}。",
    )
    load.add_argument("paths", type=Path, nargs="+", help="数据包文件或文件夹")
    _add_db(load)
    summary = what.add_parser(
        "summary",
        help="显示并导出某一天的全乡镇汇总表（各村一行加合计、各村上报情况、合并的名单）",
        description="显示某一天各村的上报情况，并导出汇总表（.xlsx）。",
    )
    summary.add_argument("out", type=Path, nargs="?", help="输出 .xlsx 文件（不给则只显示）")
    summary.add_argument("--day", type=_day, help="日期 YYYY-MM-DD（默认今天）")
    summary.add_argument("--from", dest="first", type=_day, help="上报情况从哪天起（默认前 6 天）")
    _add_db(summary)


def _add_encrypt(parser: argparse.ArgumentParser) -> None:
    from db.paths import (
        PACKAGE_PASSWORD_ENV as PASSWORD_ENV,  # (not forms/: the parser is built at every start)
    )

    parser.add_argument(
        "--encrypt",
        action="store_true",
        help=f"加密打包为 .zip（AES-256）；密码在终端输入两次，或取自环境变量 {PASSWORD_ENV}",
    )


def _never_fail_on_text() -> None:
    """Output to a pipe or a file is in the system's code page on Windows (cp936, or cp1252 under an English
    setting): a character it lacks (𠮷, or any Chinese in cp1252) is shown as "?" rather than ending the
    command with a traceback after its work is done."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def main(argv: list[str] | None = None) -> int:
    _never_fail_on_text()
    args = build_parser().parse_args(argv)
    sweep_leftovers()  # what a crash left of an export in our private folder (GUI and headless alike)
    if args.practice and (args.db is not None or args.command is not None):
        print("错误：--practice 打开单独的练习文件，不能与 --db 或其他命令同时使用", file=sys.stderr)
        return 2
    if args.practice or (args.command == "demo" and args.db is None):
        db_path = practice_db_path()  # the demo village is never built in the clerk's ledger
    else:
        db_path = args.db or default_db_path()
    try:
        if args.command is None:
            from app.gui import run_gui

            if args.practice:
                return run_gui(db_path, smoke=args.smoke, practice_people=args.practice_people)
            return run_gui(db_path, smoke=args.smoke)
        if args.command == "demo":
            print(f"演示村庄（练习用，人员都是编的）写入：{db_path}")
        from app import commands

        code = commands.run(args.command, args, db_path)
        sys.stdout.flush()  # into a pipe the output waits in a buffer: a reader gone shows here, not at exit
        return code
    except LedgerError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `today | head -1`: the reader has all it wanted; nothing to tell
        _drop_stdout()
        return 0


def _drop_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush at exit does not fail again."""
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, sys.stdout.fileno())
    finally:
        os.close(null)
