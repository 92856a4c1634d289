"""Settings → the wording of the notices, as plain text with {姓名}-style placeholders: one wording per kind
of paper (居家隔离医学观察 / 集中隔离医学观察 / 居家健康监测告知书, chosen at the top, and the release notice).

Every save is a new version (db.quarantine_actions.save_template): a notice already handed out must be
reproducible with the wording it was printed with, so nothing is overwritten. An unknown placeholder is
only warned about: it prints as written, so a typing error shows on paper instead of vanishing.
"""

from __future__ import annotations

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QFont, QKeySequence, QShortcut, QTextCursor
from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import ERROR_STYLE, confirm, fit_screen_size, push_button
from db import quarantine_actions as qa
from db.errors import LedgerError
from db.models import Template
from db.queries import policies
from printing.papers import NOTICES, RELEASE
from printing.templates import PLACEHOLDERS, unknown_placeholders

WARNING_STYLE = "color: #b9770e; font-weight: bold;"
NOTE_STYLE = "color: #1f618d;"
#: kind (db Template.kind) → (title, default wording): the notices first, as the paper choice lists them
KINDS: dict[str, tuple[str, str]] = {
    **{paper.template: (f"{kind}告知书", paper.default) for kind, paper in NOTICES.items()},
    RELEASE.template: ("解除告知书", RELEASE.default),
}
NOTICE_KINDS = tuple(paper.template for paper in NOTICES.values())
DEFAULT = "default"


def version_text(t: Template) -> str:
    note = f"，{t.note}" if t.note else ""
    return f"第 {t.version} 版（{t.created_at:%Y-%m-%d %H:%M} 保存{note}）"


class PlaceholderList(QListWidget):
    """The placeholders with what each stands for; a click or Enter offers the one chosen."""

    chosen = pyqtSignal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("placeholders")
        self.setWordWrap(True)
        self.setSpacing(3)
        self.setAlternatingRowColors(True)
        for name, description in PLACEHOLDERS.items():
            item = QListWidgetItem(f"{{{name}}}　{description}")
            item.setData(Qt.ItemDataRole.UserRole, f"{{{name}}}")
            item.setToolTip(f"点击把 {{{name}}} 插入到文字的光标处")
            self.addItem(item)
        self.itemClicked.connect(lambda item: self.chosen.emit(item.data(Qt.ItemDataRole.UserRole)))

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """Enter inserts the current placeholder (and must not reach the dialog, where it would save)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.currentItem()
            if item is not None:
                self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))
            event.accept()
            return
        super().keyPressEvent(event)


class TemplateDialog(QDialog):
    """Edit one notice's wording; 保存为新版本 keeps every earlier version. `saved` is the new one."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if kind not in KINDS:
            raise ValueError(f"unknown template kind: {kind}")
        self.saved: Template | None = None
        fit_screen_size(self, 1000, 640)
        top = self._build_top(kind)
        splitter = self._build_splitter(self._build_editor())
        note_row = self._build_note()
        buttons = self._build_buttons()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(note_row)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        self._open(kind)

    def _build_top(self, kind: str) -> QHBoxLayout:
        """The paper's choice (notices only), which version is in use, and the versions to load."""
        self.paper = QComboBox()
        self.paper.setObjectName("paper")
        for name in NOTICE_KINDS:
            self.paper.addItem(KINDS[name][0], name)
        self.paper.activated.connect(self._switch_paper)
        self.version_info = QLabel()
        self.version_info.setObjectName("versionInfo")
        self.version_info.setWordWrap(True)
        self.versions = QComboBox()
        self.versions.setObjectName("versions")
        self.versions.activated.connect(self._load_version)
        self.versions.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.versions.setMinimumContentsLength(16)  # a long version note must not widen the dialog past the screen
        top = QHBoxLayout()
        paper_label = QLabel("告知书(&P)：")
        paper_label.setBuddy(self.paper)
        for widget in (paper_label, self.paper):
            widget.setVisible(kind in NOTICE_KINDS)  # the release notice has one wording
            top.addWidget(widget)
        top.addWidget(self.version_info, 1)
        versions_label = QLabel("载入(&L)：")
        versions_label.setBuddy(self.versions)
        top.addWidget(versions_label)
        top.addWidget(self.versions)
        return top

    def _build_editor(self) -> QWidget:
        """The wording, how it prints, and the unknown placeholders' warning."""
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("templateText")
        font = QFont(self.editor.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.editor.setFont(font)
        self.editor.setTabChangesFocus(True)
        self.editor.textChanged.connect(self._check_placeholders)
        hint = QLabel(
            "每一行打印为一段（首行缩进两字），空一行表示段与段之间留空。右侧的占位符打印时换成每个人的内容。"
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(NOTE_STYLE)
        self.unknown = QLabel()
        self.unknown.setObjectName("unknownWarning")
        self.unknown.setWordWrap(True)
        self.unknown.setStyleSheet(WARNING_STYLE)
        self.unknown.hide()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.editor, 1)
        left_layout.addWidget(hint)
        left_layout.addWidget(self.unknown)
        return left

    def _build_splitter(self, left: QWidget) -> QSplitter:
        """The editor on the left, the placeholders to insert on the right."""
        self.placeholders = PlaceholderList()
        self.placeholders.chosen.connect(self.insert_placeholder)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel("占位符（点击插入到光标处）："))
        right_layout.addWidget(self.placeholders, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([640, 340])
        return splitter

    def _build_note(self) -> QHBoxLayout:
        self.note = QLineEdit()
        self.note.setObjectName("versionNote")
        self.note.setPlaceholderText("这一版改了什么、依据什么，如：按县指挥部11月通知改第三条")
        note_row = QHBoxLayout()
        note_label = QLabel("修改说明(&N)：")
        note_label.setBuddy(self.note)
        note_row.addWidget(note_label)
        note_row.addWidget(self.note, 1)
        return note_row

    def _build_buttons(self) -> QHBoxLayout:
        """The buttons' row, and the message shown above it."""
        self.message = QLabel()
        self.message.setObjectName("banner")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        restore = push_button("恢复默认文字", self.restore_default, "restoreDefault")
        self.save_button = push_button("保存为新版本（Ctrl+S）", self.save, "saveVersion", default=True)
        cancel = push_button("取消", self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(restore)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        return buttons

    def _open(self, kind: str) -> None:
        """Show one paper's wording: its current version, every earlier one to load, its default."""
        self.kind = kind
        self.title, self.default_text = KINDS[kind]
        self.current = qa.current_template(kind)
        self.setWindowTitle(f"告知书文字：{self.title}")
        self.paper.setCurrentIndex(max(0, self.paper.findData(kind)))
        self.versions.clear()
        for t in policies.template_versions(kind):
            self.versions.addItem(version_text(t) + ("　当前" if t.id == self.current.id else ""), t.id)  # type: ignore[union-attr]
        self.versions.addItem("默认文字", DEFAULT)
        self.baseline = self.current.body if self.current else self.default_text
        self.editor.setPlainText(self.baseline)
        self.note.clear()
        self._show_version()
        self._check_placeholders()
        self.editor.setFocus()

    def _switch_paper(self, index: int) -> None:
        kind = self.paper.itemData(index)
        if kind == self.kind:
            return
        if self.is_modified() and not confirm(
            self,
            "放弃修改",
            f"{self.title}的文字已修改但还没有保存，确定放弃这些修改吗？",
            "放弃修改",
            "继续编辑",
            default_yes=False,
        ):
            self.paper.setCurrentIndex(self.paper.findData(self.kind))
            return
        self._open(kind)

    # --- editing -------------------------------------------------------------------------------

    def text(self) -> str:
        return self.editor.toPlainText()

    def _show_version(self) -> None:
        if self.current is None:
            self.version_info.setText("当前使用：默认文字（还没有保存过自己的版本）。保存后为第 1 版。")
        else:
            self.version_info.setText(
                f"当前使用：{version_text(self.current)}。"
                f"保存时存为第 {self.current.version + 1} 版，以前的版本都保留。"
            )

    def _replace_text(self, text: str) -> None:
        """Replace the whole text as one edit, so Ctrl+Z brings the clerk's own text back."""
        cursor = self.editor.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        self.editor.moveCursor(QTextCursor.MoveOperation.Start)
        self.editor.setFocus()

    def insert_placeholder(self, placeholder: str) -> None:
        self.editor.insertPlainText(placeholder)
        self.editor.setFocus()

    def restore_default(self) -> None:
        self._replace_text(self.default_text)
        self.versions.setCurrentIndex(self.versions.findData(DEFAULT))

    def _load_version(self, index: int) -> None:
        data = self.versions.itemData(index)
        if data == DEFAULT:
            self._replace_text(self.default_text)
        else:
            self._replace_text(policies.template(data).body)

    def _check_placeholders(self) -> None:
        unknown = unknown_placeholders(self.text())
        if unknown:
            self.unknown.setText(
                f"无法识别的占位符：{'、'.join(unknown)}。打印时会原样印出，请对照右侧列表改正（可以照样保存）。"
            )
        self.unknown.setVisible(bool(unknown))
        self.message.hide()

    # --- saving and leaving --------------------------------------------------------------------

    def is_modified(self) -> bool:
        return self.text() != self.baseline

    def save(self) -> None:
        body = self.text()
        problem = ""
        if not body.strip():
            problem = "告知书文字不能为空；要用默认文字，请点“恢复默认文字”。"
        elif self.current is not None and body == self.current.body:
            problem = f"文字与当前第 {self.current.version} 版相同，不需要保存新版本。"
        elif self.current is None and body == self.default_text:
            problem = "文字与默认文字相同，不需要保存。"
        if problem:
            self.message.setText(problem)
            self.message.show()
            return
        try:
            self.saved = qa.save_template(self.kind, body, self.note.text().strip())
        except LedgerError as exc:
            self.message.setText(str(exc))
            self.message.show()
            return
        self.accept()

    def reject(self) -> None:
        """Esc or 取消: ask before dropping typed changes."""
        if self.is_modified() and not confirm(
            self, "放弃修改", "文字已修改但还没有保存，确定放弃这些修改吗？", "放弃修改", "继续编辑", default_yes=False
        ):
            return
        super().reject()
