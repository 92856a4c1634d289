"""帮助 → 使用说明 (F1): a short guide to the clerk's daily jobs, built in (the office PC has no internet).

Written in the clerk's words, one topic a job, naming the menus and keys as the program shows them. Where
the program has no screen for a job yet (乡镇下发的名单), the topic says so and what to do meanwhile.
"""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import Qt, QUrl
from PyQt6.QtGui import QDesktopServices
from PyQt6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import fit_screen_size, push_button

#: (topic, text): the text is simple HTML, one step a line.
TOPICS: tuple[tuple[str, str], ...] = (
    (
        "今天的体温录入",
        """
<p>每天上午、下午各录一次在管对象的体温。</p>
<ol>
<li>按 <b>Ctrl+T</b>（或菜单“管控 → 体温录入”，或首页上“体温未录”的数字）打开体温录入表。表里是全部在管对象，光标停在第一个还没录的人上。</li>
<li>输入体温，按回车就保存了，光标跳到下一个还没录的人。输 <b>365</b> 就是 36.5 ℃，不用打小数点。</li>
<li>37.3 ℃ 及以上这一行变红；保存后会问“做了什么处置”（报告了谁、什么时候、是否 120 转运、结果）。一时说不清可以按 Esc 先放着，首页会一直提醒，直到补上处置。</li>
<li>已经录过的人再输一个数，程序会先问要不要替换，不会悄悄覆盖。输错的数（如 33）不会保存，下面会写明原因。</li>
</ol>
<p>首页会显示本时段（中午以前算上午，以后算下午）还有几个人没录。</p>
""",
    ),
    (
        "登记新的管控对象",
        """
<p>有人要居家隔离、集中隔离或居家健康监测时：</p>
<ol>
<li>在“隔离管控台账”页按 <b>Ctrl+Shift+Q</b>（或菜单“管控 → 登记管控对象”）；在花名册里选中这个人，点“登记管控…”也可以。</li>
<li>按姓名、拼音首字母（如 zsf 找张三丰）或身份证号的一部分找到这个人。不是本村的人（花名册里找不到），点“不在花名册：新增暂住人员…”，先记下他住在哪一户。</li>
<li>选管控政策（如“14天居家隔离医学观察”），填开始日期和隔离原因。第 1 天、最后一天和解除日期会随日期自动算出来，请核对一下。</li>
<li>保存后，网格员、电话和住址从花名册带过来，这个人出现在台账和首页上。</li>
</ol>
<p>以后解除、转运送医、转集中隔离、失联外出等，都在台账里选中这个人点“状态变更”，每一步都记下日期和原因。</p>
""",
    ),
    (
        "打印封条和告知书",
        """
<ol>
<li>按 <b>Ctrl+P</b>（或菜单“管控 → 打印”）。在台账里先选中几个人，就只打印这几个人；也可以选“今日新增的管控对象”或“全部在管对象”。</li>
<li>选要打印的文书：告知书、封条、告知书和封条、每日体温记录表、解除隔离告知书。</li>
<li>先看预览，确认姓名、日期没有错，再点“打印”；也可以“另存为 PDF”拷到U盘去打印。</li>
</ol>
<p>封条上不印姓名、身份证号和电话，只印编号，一张 A4 纸两张封条，沿裁切线剪开。集中隔离的人不打印封条。</p>
<p>告知书的文字可以在“设置 → 告知书文字”里改，把乡镇给的范本粘贴进去，{姓名}、{解除日期} 这些位置程序会自动填上。</p>
""",
    ),
    (
        "处理乡镇下发的名单",
        """
<p><b>说明：本程序还没有专门处理乡镇下发（协查、推送）名单的功能</b>，不能自动比对名单上的人是否在本村。目前可以这样做：</p>
<ol>
<li>名单上人数不多时，在花名册页按 <b>Ctrl+F</b> 逐个按姓名或身份证号查找，核实是否在本村、现在住哪里。</li>
<li>需要管控的人，按“登记新的管控对象”登记，隔离原因选“上级推送”。</li>
<li>名单是 Excel 表、而且要整批登记时，可以用“文件 → 导入隔离台账”导入，预览里会逐行说明哪些导入了、哪些没导入和原因；花名册里没有的人会加为暂住。</li>
</ol>
<p>乡镇要的名单（居家、集中隔离人员名单）用“导出上报”一节的办法导出。</p>
""",
    ),
    (
        "导入花名册",
        """
<ol>
<li>按 <b>Ctrl+I</b>（或菜单“文件 → 导入花名册”），选村里原有的花名册文件：Excel（.xlsx、.xls）、WPS 表格、.ods 或 .csv 都可以，一个村民小组一个工作表也行。</li>
<li>程序会猜每一列是什么（姓名、身份证号、与户主关系……），每列旁边有几个样例；猜错的列可以改。</li>
<li>点“预览”：会写明要新建多少人、合并多少人、哪些行不导入及原因（哪个工作表、第几行、哪一项）。可以“保存导入结果清单”留底。</li>
<li>确认无误再导入。导入前程序会先自动备份，导入中可以取消，取消后数据不变。</li>
</ol>
<p>同一个人（身份证号相同）再导入一次不会重复，只会合并更新。</p>
""",
    ),
    (
        "备份与恢复",
        """
<p>程序每天第一次打开时、每次退出时都会自动备份，并检查备份是否完好；导入和恢复之前也会先备份。保留最近 14 天和 8 周的备份。</p>
<ul>
<li><b>备份到U盘</b>：菜单“文件 → 备份与恢复”，点“备份到U盘…”，选U盘。建议每周拷一次，U盘另外放好。</li>
<li><b>恢复</b>：同一窗口选中一份备份，点“恢复所选备份…”。程序会先说明这份备份里有多少户、多少人、多少管控对象，确认后才替换，替换前还会把现在的数据再备份一份。</li>
<li><b>换电脑</b>：旧电脑上备份到U盘；新电脑装好程序，打开一次，再从U盘恢复。账户和密码都在数据里，照旧登录。</li>
</ul>
<p>如果打开时提示数据库文件已损坏，选“恢复备份”即可，损坏的文件会另存起来，不会丢。</p>
""",
    ),
    (
        "导出上报",
        """
<ul>
<li><b>隔离人员名单</b>：菜单“文件 → 导出隔离人员名单”（台账页和首页上也有），选居家隔离或集中隔离名单和日期，得到乡镇要的 Excel 表，列的顺序和乡镇的表一样。</li>
<li><b>花名册</b>：按 <b>Ctrl+E</b>（或菜单“文件 → 导出花名册”），得到排好版、可直接打印的 Excel 花名册。</li>
<li><b>日报表</b>：左边点“上报”，选报告日期：各项数字都从台账算出，不用手填；点一个数字，下面列出对应的人员。当天没有新增、没有减少时，按钮写着“导出零报告”，一按即可。按 <b>Ctrl+R</b> 导出日报表（含明细，以及重点人员排查、居家/集中隔离、发热人员、卡点人员与车辆登记、核查反馈各名单），按 <b>Ctrl+P</b> 打印带近14天趋势图的日报表。乡镇下发了新的报表格式时，点“报表定义 → 导入乡镇下发的报表定义”。</li>
<li><b>导出到U盘</b>：在“上报”页按 <b>Ctrl+U</b>，插好 U 盘后选它，点“开始导出”：文件写进 U 盘的“疫情防控上报”文件夹，写完逐个读回核对，并附上文件清单；“上报记录”里可以查到每次交给乡镇的内容。勾选“加密”时还会写入<b>数据包</b>，乡镇可直接导入，不用重新录入。</li>
<li><b>乡镇汇总</b>（乡镇的电脑：在“村庄信息和网格”里把本机用途设为“乡镇汇总”）：左边点“乡镇汇总”，按 <b>Ctrl+I</b> 选 U 盘或存放各村数据包的文件夹，输入数据包密码；每个包都核对清单和校验码，同一个包再导入不改动，较新的替换较早的，有问题的不导入并说明原因。下面的表格用颜色标出各村每天已上报、零报告、迟报、未上报；按 <b>Ctrl+R</b> 导出汇总表。</li>
</ul>
<p>名单和花名册里有完整的身份证号和电话。导出前程序会提醒，并可以选择导出为加密的压缩包（.zip）：密码请打电话告诉对方，不要写在U盘上。导出后可以点“打开所在文件夹”找到文件。</p>
<p>只读账户不能导出；录入员不能导出个人信息。</p>
""",
    ),
)


class HelpGuide(QDialog):
    """Topics on the left, the chosen one's text on the right; stays open beside the work (not modal)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("使用说明")
        fit_screen_size(self, 860, 560)
        self.topics = QListWidget()
        self.topics.setObjectName("helpTopics")
        self.topics.addItems([title for title, _text in TOPICS])
        self.topics.setFixedWidth(170)
        self.topics.setStyleSheet("QListWidget { font-size: 14px; } QListWidget::item { padding: 6px 4px; }")
        self.text = QTextBrowser()
        self.text.setObjectName("helpText")
        self.text.setOpenLinks(False)
        self.text.setStyleSheet("QTextBrowser { font-size: 14px; }")
        self.topics.currentRowChanged.connect(self.show_topic)
        row = QHBoxLayout()
        row.addWidget(self.topics)
        row.addWidget(self.text, 1)
        close = QHBoxLayout()
        close.addStretch(1)
        close.addWidget(push_button("关闭", self.close, "closeHelp"))
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addLayout(close)
        self.topics.setCurrentRow(0)
        self.topics.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_topic(self, row: int) -> None:
        if 0 <= row < len(TOPICS):
            title, text = TOPICS[row]
            self.text.setHtml(f"<h3>{title}</h3>{text}")

    def choose(self, title: str) -> None:
        """Open at a topic by its title (a page's own 帮助 link, a test)."""
        titles = [t for t, _text in TOPICS]
        self.topics.setCurrentRow(titles.index(title))


class AboutDialog(QDialog):
    """帮助 → 关于: the version and where the data lives, said with words, with a button to the folder
    (the clerk copying the file by hand, or a helper on the phone, needs the place, not a bare path)."""

    #: How a folder is opened in the file manager (a test puts its own in: no window of the desktop's).
    open_url = staticmethod(QDesktopServices.openUrl)

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from db import backups
        from db.rules.chinese_dates import long_date
        from db.version import APP_VERSION

        self.setWindowTitle("关于")
        self.db_path = db_path
        title = QLabel(f"村级疫情防控台账　版本 {APP_VERSION}")
        title.setObjectName("aboutTitle")
        title.setStyleSheet("font-size: 16px; font-weight: bold;")
        backup_folder = backups.folder_for(db_path)
        made = backups.backups_in(backup_folder)
        newest = f"{long_date(made[0][0].date())} {made[0][0]:%H:%M}" if made else "还没有备份"
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, text, name in (
            ("数据文件", db_path.name, "aboutFile"),
            ("所在文件夹", str(db_path.parent), "aboutFolder"),
            ("备份文件夹", str(backup_folder), "aboutBackups"),
            ("最近一次备份", newest, "aboutNewestBackup"),
        ):
            value = QLabel(text)
            value.setObjectName(name)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{label}：", value)
        hint = QLabel("数据全部在这一个文件里；换电脑或备份到U盘，请用“文件 → 备份与恢复”。")
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(push_button("打开所在文件夹", lambda: self.open_folder(db_path.parent), "openDataFolder"))
        buttons.addWidget(push_button("打开备份文件夹", lambda: self.open_folder(backup_folder), "openBackupFolder"))
        buttons.addStretch(1)
        buttons.addWidget(push_button("关闭", self.accept, "closeAbout", default=True))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addStretch(1)
        layout.addLayout(buttons)
        fit_screen_size(self, 620, 260)

    def open_folder(self, folder: Path) -> bool:
        """The backups folder may not exist yet (no backup made): its parent, the data folder, opens instead."""
        return bool(self.open_url(QUrl.fromLocalFile(str(folder if folder.is_dir() else folder.parent))))
