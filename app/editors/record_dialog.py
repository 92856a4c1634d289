"""A dialog around a RecordFormWidget: Enter saves, Esc cancels, problems stay in view until fixed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PyQt6.QtWidgets import QDialog, QVBoxLayout, QWidget

from app.editors.dialog_parts import FullScroll, fit_to_contents, problem_banner, save_cancel
from app.editors.record_form import RecordFormWidget
from db.errors import LedgerError
from forms.types import Issue, RecordForm


class RecordDialog(QDialog):
    """Edits one record; `save(values)` does the write and may raise LedgerError or return issues."""

    def __init__(
        self,
        form: RecordForm,
        title: str,
        save: Callable[[dict[str, Any]], list[Issue] | None],
        values: Mapping[str, Any] | None = None,
        choices: Mapping[str, tuple[str, ...]] | None = None,
        parent: QWidget | None = None,
        only: tuple[str, ...] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self._save = save
        self.form_widget = RecordFormWidget(form, self, choices=choices, only=only)
        if values:
            self.form_widget.load(values)
        self.banner = problem_banner()
        buttons = save_cancel(self, self.try_save)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(FullScroll(self.form_widget), 1)
        layout.addWidget(buttons)
        first = next(iter(self.form_widget.inputs.values()), None)
        if first is not None:
            first.setFocus()
        fit_to_contents(self)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """The form's rows have their real heights only once shown: the size follows them then."""
        fit_to_contents(self)
        super().showEvent(event)

    def try_save(self) -> None:
        parsed = self.form_widget.parse()
        if not parsed.ok:
            self._show_problem("请改正标红的内容后再保存。", parsed.errors)
            return
        try:
            issues = self._save(parsed.values) or []
        except LedgerError as exc:
            self._show_problem(str(exc), [])
            return
        errors = [i for i in issues if i.severity == "error"]
        if errors:
            self.form_widget.show_issues(parsed.warnings + errors)
            self._show_problem("请改正标红的内容后再保存。", errors)
            return
        self.accept()

    def _show_problem(self, text: str, errors: list[Issue]) -> None:
        self.banner.setText(text)
        self.banner.show()
        fit_to_contents(self)  # make room for the messages under the fields, within the screen
        widget = self.form_widget.first_error_field(errors)
        if widget is not None:
            widget.setFocus()
