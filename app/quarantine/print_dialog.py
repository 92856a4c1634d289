"""打印: choose the paper and the cases; the PDF of what is chosen is shown at once; print it or save it.

The PDF is made off the UI thread (a batch of seals for a whole village takes a moment) by the same
printing.from_ledger.make_batch the `print` command uses; what is printed is exactly what was seen. It is
made when the dialog opens and again whenever the choice changes; a preview still being made when the
choice changes again is dropped, never shown over the newer one. Making it records nothing: the audit's
print record is written (printing.from_ledger.note_printed) only when the clerk presses 打印 or 另存为 PDF.
Which of the cases get the paper is printing.from_ledger.plan_batch's answer, shown with the preview: the
notices are named as the cases' own papers, a release notice of a case not yet released is a draft (the
clerk confirms before it leaves the program), and whoever is left out is named.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PyQt6.QtCore import QPointF, QSize, QTimer
from PyQt6.QtGui import QPainter
from PyQt6.QtPdf import QPdfDocument
from PyQt6.QtPdfWidgets import QPdfView
from PyQt6.QtPrintSupport import QPrintDialog, QPrinter
from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import ERROR_STYLE, confirm, fit_screen_size
from app.tasks import BackgroundTask
from db.errors import LedgerError
from db.files import replacing, write_problem
from db.prints import may_print
from db.progress import Cancelled
from printing.documents import DOCUMENTS
from printing.from_ledger import Batch, Made, make_batch, note_printed, plan_batch, select_case_ids

#: Which cases, besides the ones chosen in the ledger.
SCOPES = {"today": "今日新增的管控对象", "active": "全部在管对象"}
#: Lines of the message (what was left out and why) shown before it scrolls: the buttons stay in view.
MESSAGE_LINES = 4


class PrintDialog(QDialog):
    """Choose the paper and the cases, see the PDF preview, then print it or save it as PDF."""

    def __init__(
        self, parent: QWidget | None = None, chosen: list[int] | None = None, document: str = "notices"
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("打印")
        fit_screen_size(self, 820, 820)
        self.chosen = list(chosen or [])
        top = self._build_choice(document)
        self._build_preview()
        bottom = self._build_buttons()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self._folder = Path(tempfile.mkdtemp(prefix="village-ledger-print-"))
        self.file: Path | None = None
        self.made: Made | None = None
        self.task: BackgroundTask | None = None  # the newest preview's
        self._tasks: list[BackgroundTask] = []  # every one still running (an overtaken one is cancelled)
        self.batch: Batch | None = None
        self._generation = 0
        self._wanted: tuple[str, tuple[int, ...]] | None = None  # the choice the newest preview is of
        self._shown_once = False
        self._closed = False
        self._enable(False)
        self.name_papers()
        self.document.currentIndexChanged.connect(lambda _index: self.make_preview())
        self.scope.currentIndexChanged.connect(self._scope_changed)

    def _build_choice(self, document: str) -> QHBoxLayout:
        """The paper, the cases it is for, and 刷新预览, in one row."""
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
        refresh = QPushButton("刷新预览")
        refresh.setObjectName("makePreview")
        refresh.setAutoDefault(False)
        refresh.setToolTip("按台账中的最新内容重新生成")
        refresh.clicked.connect(lambda: self.make_preview(again=True))
        top = QHBoxLayout()
        top.addWidget(QLabel("打印"))
        top.addWidget(self.document)
        top.addWidget(QLabel("对象"))
        top.addWidget(self.scope, 1)
        top.addWidget(refresh)
        return top

    def _build_preview(self) -> None:
        self.pdf = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfPreview")
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _build_buttons(self) -> QHBoxLayout:
        """What the preview says (scrolling when long), and 打印 / 另存为 PDF / 关闭."""
        self.message = QLabel("正在生成预览……")
        self.message.setObjectName("printMessage")
        self.message.setWordWrap(True)
        told = QScrollArea()
        told.setWidget(self.message)
        told.setWidgetResizable(True)
        told.setFrameShape(QFrame.Shape.NoFrame)
        told.setMaximumHeight(self.message.fontMetrics().lineSpacing() * MESSAGE_LINES + 6)
        self.print_button = QPushButton("打印…")
        self.print_button.setObjectName("printButton")
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(lambda: self.print_pdf())
        self.save_button = QPushButton("另存为 PDF…")
        self.save_button.setObjectName("savePdf")
        self.save_button.clicked.connect(lambda: self.save_pdf())
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(told, 1)
        for button in (self.print_button, self.save_button, close):
            bottom.addWidget(button)
        return bottom

    def _scope_changed(self, _index: int) -> None:
        self.name_papers()
        self.make_preview()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if not self._shown_once:  # the preview of what is chosen, as soon as the dialog is up
            self._shown_once = True
            QTimer.singleShot(0, self.make_preview)

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

    def make_preview(self, again: bool = False) -> None:
        """Make the PDF of what is chosen now (unless it is made or being made already; `again`: anew)."""
        if self._closed:  # closed before its first preview was due
            return
        try:
            ids = self.case_ids()
        except LedgerError as exc:
            self._clear(str(exc))
            return
        document = self.document.currentData()
        wanted = (document, tuple(ids))
        if wanted == self._wanted and not again:
            return
        self._wanted = wanted
        self._generation += 1
        generation = self._generation
        for task in self._tasks:
            task.cancel()  # overtaken: its result is dropped when it comes (see _made)
        if not ids:
            self._clear("没有要打印的管控对象。")
            return
        batch = plan_batch(document, ids)
        if not batch.case_ids:
            self._clear(batch.nothing_message())
            return
        self._clear(f"正在生成 {len(batch.case_ids)} 人的{batch.title}……", problem=False)
        out = self._folder / f"{generation}" / f"{batch.title}.pdf"
        out.parent.mkdir()
        task = BackgroundTask(
            self,
            "正在生成预览……",
            lambda p: make_batch(document, ids, out, p),
            lambda made: self._made(generation, batch, made),
            lambda exc: self._failed(generation, exc),
        )
        task.done.connect(lambda: self._tasks.remove(task))
        self._tasks.append(task)
        self.task = task.start()

    def _clear(self, text: str, problem: bool = True) -> None:
        """No preview shown (the last one was of another choice), and why."""
        self.pdf.close()
        self.file = self.made = self.batch = None
        self._enable(False)
        self.message.setStyleSheet(ERROR_STYLE if problem else "")
        self.message.setText(text)

    def _made(self, generation: int, batch: Batch, made: Made) -> None:
        if generation != self._generation:
            return  # the choice changed while it was made: the newer preview is (or will be) shown
        self.batch, self.made, self.file = batch, made, made.path
        self.pdf.load(str(made.path))
        told = "\n".join(batch.report())
        self.message.setStyleSheet("")
        self.message.setText(f"{batch.title}：共 {self.pdf.pageCount()} 页。" + (f"\n{told}" if told else ""))
        self._enable(True)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._wanted = None  # pressing 刷新预览 or choosing again tries anew
            self._clear("已取消。" if isinstance(exc, Cancelled) else str(exc))

    def _problem(self, text: str) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)

    def _may_hand_out(self) -> bool:
        """Before a paper leaves the program: the role allows it, and drafts are confirmed."""
        try:
            may_print()
        except LedgerError as exc:
            self._problem(str(exc))
            return False
        batch = self.batch
        if batch is None or not batch.drafts:
            return True
        people = "、".join(batch.names[i] for i in batch.drafts)
        return confirm(
            self,
            "解除告知书草稿",
            f"{people} 今天期满，但台账中尚未办理解除。\n\n"
            f"这 {len(batch.drafts)} 份解除告知书印有“草稿（待确认）”，不能作为解除凭证。"
            "请核实观察期内无异常，在台账中办理解除后再打印正式告知书。\n\n仍要输出草稿吗？",
            "输出草稿",
            "不输出",
            default_yes=False,
        )

    def _note(self, where: str) -> bool:
        if self.made is None:
            return False
        try:
            note_printed(self.made, where)
        except LedgerError as exc:
            self._problem(str(exc))
            return False
        return True

    def print_pdf(self, printer: QPrinter | None = None) -> bool:
        """Print every page at the printer's resolution; with no printer given, ask for one."""
        if self.made is None or not self._may_hand_out():
            return False
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
        pages = self.pdf.pageCount()
        if self._note(f"打印机：{printer.printerName() or printer.outputFileName()}"):
            self.message.setText(f"已发送到打印机：{pages} 页。")
        return True

    def save_pdf(self, target: str | None = None) -> Path | None:
        if self.file is None or not self._may_hand_out():
            return None
        if target is None:
            target, _ = QFileDialog.getSaveFileName(
                self, "另存为 PDF", str(Path.home() / self.file.name), "PDF 文件 (*.pdf)"
            )
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
        if self._note(str(path)):
            self.message.setText(f"已保存：{path}")
        return path

    def done(self, result: int) -> None:
        """Closing stops the work and drops the preview files."""
        self._generation += 1  # a result still on its way is dropped
        self._closed = True
        for task in list(self._tasks):
            task.stop()
        self.pdf.close()
        shutil.rmtree(self._folder, ignore_errors=True)
        super().done(result)
