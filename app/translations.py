"""Qt's own words in Chinese: the buttons of every message box (确定, 取消), a text box's context menu
(撤消/剪切/复制/粘贴/全选), the file dialogs, the calendar's month and day names.

Qt carries them in English and translates them through qtbase_zh_CN.qm, which ships with PyQt6 (its
Qt6/translations folder) and must reach the Windows bundle too (installer/village-ledger.spec fails the
build without it). `--smoke` checks that the file is there and loads (check_findings), so a bundle that
left it out is caught before a clerk meets "OK" and "Select All".
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PyQt6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

#: Points Qt's translations elsewhere (a test of the self check, a bundle laid out by hand).
FOLDER_VARIABLE = "VILLAGE_LEDGER_QT_TRANSLATIONS"
#: The catalogues the program needs: qtbase holds every word of QtWidgets, QtGui and QtCore.
NEEDED = ("qtbase_zh_CN",)
#: A word every message box shows, and the Chinese the catalogue must give for it.
PROBE = ("QPlatformTheme", "OK", "确定")

#: The translators installed on the application (Qt does not own them: they must outlive the call).
_installed: list[QTranslator] = []
#: Contexts Qt 6 moved words into that the catalogue still holds under their old one: the file dialog's
#: "Drive" and "Folder" (its 类型 column) went to QAbstractFileIconProvider.
MOVED = {"QAbstractFileIconProvider": "QFileDialog"}


class _Moved(QTranslator):
    """Looks a moved context's words up where the catalogue has them, so Qt's own file dialog says 驱动器."""

    def __init__(self, catalogue: QTranslator) -> None:
        super().__init__()
        self.catalogue = catalogue

    def isEmpty(self) -> bool:
        return False

    def translate(  # type: ignore[override]  # None is a null QString: "not mine"
        self, context: str | None, source: str | None, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        old = MOVED.get(context or "")
        return self.catalogue.translate(old, source, None, n) if old else None  # None: not ours, Qt looks on


def translations_folder() -> Path:
    """Where Qt's .qm files are: $VILLAGE_LEDGER_QT_TRANSLATIONS, else where Qt itself looks.

    Inside a PyInstaller bundle Qt's own answer can name the build machine's folder; the bundle's copy
    (PyQt6/Qt6/translations beside the program) is then used."""
    chosen = os.environ.get(FOLDER_VARIABLE)
    if chosen:
        return Path(chosen)
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if not (folder / f"{NEEDED[0]}.qm").is_file():
        bundled = Path(getattr(sys, "_MEIPASS", "")) / "PyQt6" / "Qt6" / "translations"
        if getattr(sys, "frozen", False) and bundled.is_dir():
            return bundled
    return folder


def _load(folder: Path) -> tuple[list[QTranslator], list[str]]:
    """The loaded translators, and a Chinese line for each catalogue that is missing or unreadable."""
    translators: list[QTranslator] = []
    problems: list[str] = []
    for name in NEEDED:
        path = folder / f"{name}.qm"
        translator = QTranslator()
        if not path.is_file():
            problems.append(f"缺少 Qt 的中文翻译文件 {path.name}（应在文件夹“{folder}”中）")
        elif not translator.load(str(path)):
            problems.append(f"Qt 的中文翻译文件 {path.name} 无法读取（文件夹“{folder}”）")
        else:
            translators.append(translator)
    return translators, problems


def install_translations(app: QCoreApplication) -> bool:
    """Give Qt's own texts in Chinese on app; False when a catalogue could not be loaded (English remains).

    Also makes Chinese (China) the default locale, so that calendars and spin boxes say 十二月 and 星期三."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    translators, problems = _load(translations_folder())
    for translator in translators:
        app.installTranslator(translator)
        _installed.append(translator)
    if translators:
        moved = _Moved(translators[0])
        app.installTranslator(moved)
        _installed.append(moved)
    return not problems


def check_findings() -> list[str]:
    """For `--smoke`: why Qt would speak English (empty when all is well).

    The catalogue must load from the folder the program uses and give 确定 for OK; when an application
    runs, its installed translators must do so too (the start really installed them)."""
    translators, problems = _load(translations_folder())
    context, source, wanted = PROBE
    for translator in translators:
        if translator.translate(context, source) != wanted:
            problems.append(
                f"Qt 的中文翻译文件 {Path(translator.filePath()).name} 内容不对（“{source}”没有译成“{wanted}”）"
            )
    if not problems and QCoreApplication.instance() is not None:
        said = QCoreApplication.translate(context, source)
        if said != wanted:
            problems.append(f"程序没有装上 Qt 的中文翻译：按钮上会显示“{said}”而不是“{wanted}”")
    return problems
