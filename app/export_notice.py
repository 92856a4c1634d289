"""Before a file with personal data is written: say so, offer the encrypted data package, then ask where;
after it is written: say where, and offer to open its folder (tell_saved).

Used by every export whose file carries full ID numbers and phones (the forms require them), so the
clerk hears it each time, before anything is on the disk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PyQt6.QtCore import QSettings, QUrl
from PyQt6.QtGui import QDesktopServices
from PyQt6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import problem_banner, save_cancel, show_problem
from app.sign_in import new_password_rows
from db.accounts import password_problems
from forms.excel.data_package import package_path, packaged

T = TypeVar("T")
NOTICE = (
    "这份文件含有完整的身份证号码和联系电话，属于个人信息。\n"
    "请只交给乡镇指定的接收人；不要发到微信群、QQ群等公开渠道；用完从 U 盘删除。"
)


class ExportNoticeDialog(QDialog):
    """Says that an export carries personal data and to whom it may go, before it is written."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"导出{what}：个人信息提示")
        self.setMinimumWidth(580)
        notice = QLabel(NOTICE)
        notice.setObjectName("personalNotice")
        notice.setWordWrap(True)
        notice.setStyleSheet("font-size: 14px;")
        self.banner = problem_banner()
        self.encrypt = QCheckBox("加密打包（zip，AES-256；乡镇用 7-Zip 或 WinRAR 输入密码解压）")
        self.encrypt.setObjectName("encrypt")
        self.encrypt.setChecked(_settings().value("export/encrypt", "false") == "true")
        form = QFormLayout()
        self.password_box, self.again = new_password_rows(form, "package", "加密密码")
        self.encrypt.toggled.connect(lambda on: [w.setEnabled(on) for w in (self.password_box, self.again)])
        self.encrypt.toggled.emit(self.encrypt.isChecked())
        layout = QVBoxLayout(self)
        layout.addWidget(notice)
        layout.addWidget(self.banner)
        layout.addWidget(self.encrypt)
        layout.addLayout(form)
        layout.addWidget(QLabel("密码请另行告诉接收人（电话告知），不要和文件放在一起。"))
        layout.addWidget(save_cancel(self, self.save, "知道了，继续导出"))

    def save(self) -> None:
        if self.encrypt.isChecked() and (
            problems := password_problems(self.password_box.text(), self.again.text(), "加密密码")
        ):
            show_problem(self.banner, "；".join(problems))
            return
        _settings().setValue("export/encrypt", "true" if self.encrypt.isChecked() else "false")
        self.accept()

    def password(self) -> str | None:
        return self.password_box.text() if self.encrypt.isChecked() else None


def _settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "VillageLedger", "ui")


def choose_target(parent: QWidget, what: str, file_name: str) -> tuple[Path, str | None] | None:
    """The notice, then the file dialog (a .zip when encrypting); None if the clerk stopped."""
    notice = ExportNoticeDialog(what, parent)
    if notice.exec() != QDialog.DialogCode.Accepted:
        return None
    password = notice.password()
    start = Path(str(_settings().value("paths/last_folder", str(Path.home())))) / file_name
    suffix, kind = (".zip", "加密压缩包 (*.zip)") if password else (".xlsx", "Excel 工作簿 (*.xlsx)")
    path, _filter = QFileDialog.getSaveFileName(parent, f"导出{what}", str(start.with_suffix(suffix)), kind)
    if not path:
        return None
    target = Path(path) if path.lower().endswith(suffix) else Path(path + suffix)
    _settings().setValue("paths/last_folder", str(target.parent))
    return target, password


def write_to(target: Path, password: str | None, write: Callable[[Path], T]) -> T:
    """write(path) as asked: straight to target, or sealed into the package at target."""
    return write(target) if password is None else packaged(package_path(target), password, write)


def tell_saved(parent: QWidget | None, path: Path, text: str, title: str = "导出完成") -> bool:
    """Say what was written where, with 打开所在文件夹 (the clerk's next step is to find the file for the
    stick or the township); True if the folder was opened."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("savedNotice")
    open_folder = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.ActionRole)
    open_folder.setObjectName("openFolder")
    close = box.addButton("知道了", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(close)
    box.setEscapeButton(close)
    box.exec()
    if box.clickedButton() is not open_folder:
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
