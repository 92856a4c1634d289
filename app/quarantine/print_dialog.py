"""打印: choose the paper and the cases, see the PDF, then print it or save it.

The PDF is made off the UI thread (a batch of seals for a whole village takes a moment) by the same
printing.from_ledger.print_batch the `print` command uses; what is printed is exactly what was seen.
Which of the cases get the paper is printing.from_ledger.plan_batch's answer, shown before and after: the
notices are named as the cases' own papers, a release notice of a case not yet released is a draft the
clerk confirms, and whoever is left out (a central case's seal, a case still under observation) is named.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PyQt6.QtCore import QPointF, QSize
from PyQt6.QtGui import QPainter
from PyQt6.QtPdf import QPdfDocument
from PyQt6.QtPdfWidgets import QPdfView
from PyQt6.QtPrintSupport import QPrintDialog, QPrinter
from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import confirm, fit_screen_size
from app.tasks import BackgroundTask
from db.errors import LedgerError
from db.files import replacing, write_problem
from db.progress import Cancelled
from printing.documents import DOCUMENTS
from printing.from_ledger import Batch, plan_batch, print_batch, select_case_ids

#: Which cases, besides the ones chosen in the ledger.
SCOPES = {"today": "今日新增的管控对象", "active": "全部在管对象"}


class PrintDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, chosen: list[int] | None = None, document: str = "notices") -> None:
        super().__init__(parent)
        self.setWindowTitle("打印")
        fit_screen_size(self, 760, 820)
        self.chosen = list(chosen or [])
        self.document = QComboBox()
        self.document.setObjectName("printDocument")
        for name, doc in DOCUMENTS.items():
            self.document.addItem(doc.title, name)
        self.document.setCurrentIndex(max(0, self.document.findData(document)))
        self.scope = QComboBox()
        self.scope.setObjectName("printScope")
        if self.chosen:
            self.scope.addItem(f"台账中选中的 {len(self.chosen)} 人", "chosen")
        for key, label in SCOPES.items():
            self.scope.addItem(label, key)
        self.scope.currentIndexChanged.connect(lambda _index: self.name_papers())
        make = QPushButton("生成预览")
        make.setObjectName("makePreview")
        make.setDefault(True)
        make.clicked.connect(self.make_preview)
        top = QHBoxLayout()
        top.addWidget(QLabel("打印"))
        top.addWidget(self.document)
        top.addWidget(QLabel("对象"))
        top.addWidget(self.scope, 1)
        top.addWidget(make)
        self.pdf = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfPreview")
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.message = QLabel("选择要打印的内容，然后“生成预览”。")
        self.message.setObjectName("printMessage")
        self.message.setWordWrap(True)
        self.print_button = QPushButton("打印…")
        self.print_button.setObjectName("printButton")
        self.print_button.clicked.connect(lambda: self.print_pdf())
        self.save_button = QPushButton("另存为 PDF…")
        self.save_button.setObjectName("savePdf")
        self.save_button.clicked.connect(lambda: self.save_pdf())
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        for button in (self.print_button, self.save_button, close):
            button.setAutoDefault(False)
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self._folder = Path(tempfile.mkdtemp(prefix="village-ledger-print-"))
        self.file: Path | None = None
        self.task: BackgroundTask | None = None
        self.batch: Batch | None = None
        self._enable(False)
        self.name_papers()

    def _enable(self, ready: bool) -> None:
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    def case_ids(self) -> list[int]:
        scope = self.scope.currentData()
        return self.chosen if scope == "chosen" else select_case_ids(scope)

    def name_papers(self) -> None:
        """Name the notices as the cases of the scope will get them (居家健康监测告知书 for a 7+7 case on
        day 8), so the choice offered is the title printed."""
        index = self.document.findData("notices")
        try:
            title = plan_batch("notices", self.case_ids()).title
        except LedgerError:
            title = DOCUMENTS["notices"].title
        self.document.setItemText(index, title)

    def make_preview(self) -> None:
        try:
            ids = self.case_ids()
        except LedgerError as exc:
            self._problem(str(exc))
            return
        if not ids:
            self._problem("没有要打印的管控对象。")
            return
        document = self.document.currentData()
        batch = plan_batch(document, ids)
        if not batch.case_ids:
            self._problem(batch.nothing_message())
            return
        if batch.drafts and not self._confirm_drafts(batch):
            self.message.setStyleSheet("")
            self.message.setText("未生成。在台账中办理解除后，再打印正式的解除告知书。")
            return
        self.batch = batch
        out = self._folder / f"{batch.title}.pdf"
        self.pdf.close()
        self._enable(False)
        self.message.setStyleSheet("")
        self.message.setText(f"正在生成 {len(batch.case_ids)} 人的{batch.title}……")
        self.task = BackgroundTask(self, "正在生成 PDF……", lambda p: print_batch(document, ids, out, p),
                                   self._made, self._failed).start()

    def _confirm_drafts(self, batch: Batch) -> bool:
        people = "、".join(batch.names[i] for i in batch.drafts)
        return confirm(
            self, "解除告知书草稿",
            f"{people} 今天期满，但台账中尚未办理解除。\n\n"
            f"这 {len(batch.drafts)} 份解除告知书将印为“草稿（待确认）”，不能作为解除凭证。"
            "请核实观察期内无异常，在台账中办理解除后再打印正式告知书。\n\n仍要生成草稿吗？",
            "生成草稿", "不生成", default_yes=False,
        )

    def _made(self, path: Path) -> None:
        self.file = path
        self.pdf.load(str(path))
        batch = self.batch
        title = batch.title if batch else DOCUMENTS[self.document.currentData()].title
        told = "\n".join(batch.report()) if batch else ""
        self.message.setText(f"{title}：共 {self.pdf.pageCount()} 页。" + (f"\n{told}" if told else ""))
        self._enable(True)

    def _failed(self, exc: BaseException) -> None:
        self._problem("已取消。" if isinstance(exc, Cancelled) else str(exc))

    def _problem(self, text: str) -> None:
        self.message.setStyleSheet("color: #c0392b;")
        self.message.setText(text)

    def print_pdf(self, printer: QPrinter | None = None) -> bool:
        """Print every page at the printer's resolution; with no printer given, ask for one."""
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
                return False
        painter = QPainter()
        if not painter.begin(printer):
            self._problem("无法连接打印机，请检查打印机是否开机、是否已设为默认打印机。")
            return False
        try:
            for page in range(self.pdf.pageCount()):
                if page:
                    printer.newPage()
                area = printer.pageRect(QPrinter.Unit.DevicePixel)
                image = self.pdf.render(page, QSize(int(area.width()), int(area.height())))
                painter.drawImage(QPointF(0, 0), image)
        finally:
            painter.end()
        self.message.setText(f"已发送到打印机：{self.pdf.pageCount()} 页。")
        return True

    def save_pdf(self, target: str | None = None) -> Path | None:
        if self.file is None:
            return None
        if target is None:
            target, _ = QFileDialog.getSaveFileName(self, "另存为 PDF", str(Path.home() / self.file.name), "PDF 文件 (*.pdf)")
            if not target:
                return None
        path = Path(target)
        try:
            with replacing(path, f"无法保存到“{path}”：文件可能正被其他程序打开，请关闭后重试") as partial:
                shutil.copyfile(self.file, partial)
        except LedgerError as exc:
            self._problem(str(exc))
            return None
        except OSError as exc:
            self._problem(f"无法保存到“{path}”：{write_problem(exc)}")
            return None
        self.message.setText(f"已保存：{path}")
        return path

    def done(self, result: int) -> None:
        """Closing stops the work and drops the preview files."""
        if self.task is not None:
            self.task.stop()
        self.pdf.close()
        shutil.rmtree(self._folder, ignore_errors=True)
        super().done(result)
