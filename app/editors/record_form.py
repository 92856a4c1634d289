"""A form widget generated from a RecordForm: one input per field, inline messages under each."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PyQt6 import sip
from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.editors.dialog_parts import ERROR_STYLE
from forms.kinds import Choice, YesNo
from forms.types import Field, Issue, Parsed, RecordForm

_WARNING_STYLE = "color: #b9770e;"


class RecordFormWidget(QWidget):
    """Edits the input fields of one record; `parse()` validates and shows messages next to the fields."""

    edited = pyqtSignal()

    def __init__(
        self,
        form: RecordForm,
        parent: QWidget | None = None,
        choices: Mapping[str, tuple[str, ...]] | None = None,
        only: tuple[str, ...] | None = None,
    ) -> None:
        super().__init__(parent)
        self.form = form
        self.partial = only is not None  # the other fields are filled by the caller
        self.inputs: dict[str, QWidget] = {}
        self.messages: dict[str, QLabel] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for f in form.input_fields:
            if only is not None and f.name not in only:
                continue
            editor = self._editor_for(f, (choices or {}).get(f.name))
            editor.setObjectName(f"field_{f.name}")
            message = QLabel()
            message.setObjectName(f"message_{f.name}")
            message.setWordWrap(True)
            message.hide()
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(1)
            column.addWidget(editor)
            column.addWidget(message)
            label = f.label + ("＊" if f.required else "")
            layout.addRow(label, box)
            if f.help:
                editor.setToolTip(f.help)
            self.inputs[f.name] = editor
            self.messages[f.name] = message

    def _editor_for(self, f: Field, choices: tuple[str, ...] | None) -> QWidget:
        if isinstance(f.kind, YesNo):
            box = QCheckBox()
            box.toggled.connect(self.edited)
            return box
        if choices is not None or isinstance(f.kind, Choice):
            combo = QComboBox()
            values = list(choices if choices is not None else f.kind.choices)  # type: ignore[attr-defined]
            if not f.required and getattr(f.kind, "default", None) == "":
                values.insert(0, "")  # e.g. sex unknown until an ID number says it
            combo.addItems(values)
            combo.currentIndexChanged.connect(self.edited)
            return combo
        line = QLineEdit()
        if f.help:
            line.setPlaceholderText(f.help)
        line.textEdited.connect(self.edited)
        line.setProperty("field", f.name)
        # A bound method, not a lambda: Qt drops the connection when this form goes, so a field left only
        # as its dialog is destroyed (the window closing) reaches nothing.
        line.editingFinished.connect(self._line_left)
        return line

    def _line_left(self) -> None:
        sender = self.sender()
        if sender is not None:
            self._check_one(str(sender.property("field")))

    def load(self, values: Mapping[str, Any]) -> None:
        for name, editor in self.inputs.items():
            value = values.get(name)
            kind = self.form.field(name).kind
            if isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QComboBox):
                text = "" if value is None else str(value)
                index = editor.findText(text)
                if index < 0 and text:
                    editor.addItem(text)
                    index = editor.count() - 1
                editor.setCurrentIndex(max(index, 0))
            else:
                editor.setText(kind.display(value))  # type: ignore[attr-defined]

    def raw_values(self) -> dict[str, object]:
        raw: dict[str, object] = {}
        for name, editor in self.inputs.items():
            if isinstance(editor, QCheckBox):
                raw[name] = editor.isChecked()
            elif isinstance(editor, QComboBox):
                raw[name] = editor.currentText()
            else:
                raw[name] = editor.text()  # type: ignore[attr-defined]
        return raw

    def parse(self) -> Parsed:
        parsed = self.form.parse(self.raw_values(), partial=self.partial)
        self.show_issues(parsed.issues)
        return parsed

    def show_issues(self, issues: list[Issue]) -> None:
        for label in self.messages.values():
            label.hide()
            label.clear()
        for issue in issues:
            label = self.messages.get(issue.field)
            if label is None:
                continue
            text = (label.text() + "\n" if label.text() else "") + issue.message
            label.setText(text)
            label.setStyleSheet(ERROR_STYLE if issue.severity == "error" else _WARNING_STYLE)
            label.show()

    def first_error_field(self, issues: list[Issue]) -> QWidget | None:
        for issue in issues:
            if issue.severity == "error" and issue.field in self.inputs:
                return self.inputs[issue.field]
        return None

    def _check_one(self, name: str) -> None:
        """Inline check as the clerk leaves a field: only that field's messages change."""
        editor = self.inputs[name]
        if sip.isdeleted(self) or sip.isdeleted(editor) or not self.isVisible():
            return  # focus left the field because its dialog is closing
        f = self.form.field(name)
        label = self.messages[name]
        try:
            f.kind.parse(editor.text())  # type: ignore[attr-defined]
        except ValueError as exc:
            label.setText(str(exc))
            label.setStyleSheet(ERROR_STYLE)
            label.show()
        else:
            if label.styleSheet() == ERROR_STYLE:
                label.hide()
                label.clear()
