"""Find English a clerk would see: the visible texts of a widget tree (labels, buttons, menus and their
entries, headers, tabs, tool tips, placeholders, choices, window titles) and the ASCII words in them that
are not allowed.

Allowed: the names clerks know (PDF, Excel, WPS, ID), single letters (U盘, a key: Ctrl+Z, A4), key names,
file names and paths, digits, the pinyin of an example ("zsf" → 张三丰). Everything else in Latin letters is English
(or a field name, or Python's None) and is reported with where it was seen. The clerk's own data passes where it is
known to be data: a table cell naming a file on the disk, and what an import window shows of the workbook its title
names.
window_english is what tests/conftest.py runs on every window a GUI test shows and hides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from openpyxl import load_workbook

from PyQt6.QtCore import QAbstractItemModel, QModelIndex, Qt, QUrl
from PyQt6.QtGui import QFileSystemModel
from PyQt6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QTextEdit,
    QTreeView,
    QWidget,
)

ALLOWED = frozenset(
    {
        "PDF",
        "Excel",
        "WPS",
        "ID",
        "U",
        "AES",
        "WinZip",
        "Zip",
        "zip",
        "WinRAR",
        "Bandizip",
        "QQ",
        "Ctrl",
        "Shift",
        "Alt",
        "Esc",
        "Enter",
        "Tab",
        "Del",
        "PgUp",
        "PgDown",
        "Home",
        "End",
        "Ins",
        "Backspace",
        "Space",
        "zsf",
        "csv",
        "xlsx",
        "xls",
        "ods",
        "KB",
        "MB",
        "GB",
    }
)
#: A file name or a path: kept as it is on the disk (ledger.db, /home/…/backups, C:\Users\…).
_FILE = re.compile(
    r"(?:[A-Za-z]:)?[\w.~-]*[\\/][^\s，。；：）)“”]*|[\w.-]+\.(?:db|xlsx|xls|ods|csv|pdf|zip|qm|png|part|json)\b"
)
_WORD = re.compile(r"[A-Za-z]+")
#: A vehicle plate is data (豫AD12345, 粤Z1234港): its letters are not English.
_PLATE = re.compile(r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-Z0-9]{4,6}")


def english_words(text: str) -> list[str]:
    """The ASCII words of text that a clerk should not meet."""
    text = re.sub(r"<[^>]+>", " ", text)  # rich text's tags
    text = re.sub(r"&(?:nbsp|amp|lt|gt|quot);", " ", text)
    text = re.sub(r"\(&\w\)|&", "", text)  # accelerators: 文件(&F)
    text = text.split("\t")[0]  # a menu entry's shortcut after the tab
    text = _FILE.sub(" ", text)
    text = _PLATE.sub(" ", text)
    return [w for w in _WORD.findall(text) if w not in ALLOWED and len(w) > 1]  # a single letter: a key, U盘


def _menu_texts(menu: QMenu, where: str) -> Iterator[tuple[str, str]]:
    yield where, menu.title()
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        yield f"{where} → {action.text()}", action.text()
        if action.toolTip() and action.toolTip() != action.text().replace("&", "").replace("…", ""):
            yield f"{where} → {action.text()} (提示)", action.toolTip()
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            yield from _menu_texts(submenu, f"{where} → {action.text()}")


def _view_headers(view: QAbstractItemView) -> Iterator[str]:
    """The column headers a table or a tree shows (hidden columns and hidden headers left out)."""
    header = (
        view.horizontalHeader()
        if isinstance(view, QTableView)
        else view.header()
        if isinstance(view, QTreeView)
        else None
    )
    model = view.model()
    if header is None or model is None or header.isHidden():
        return
    for section in range(header.count()):
        if not header.isSectionHidden(section):
            value = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
            if value is not None:
                yield str(value)


def _view_cells(view: QAbstractItemView, rows: int) -> Iterator[str]:
    """What the first rows of a view show in its shown columns (a tree's top level)."""
    model = view.model()
    if model is None:
        return
    if isinstance(view, (QTableView, QTreeView)):
        columns = [c for c in range(model.columnCount()) if not view.isColumnHidden(c)]
    else:  # a list shows one column (and QAbstractListModel keeps its columnCount private)
        columns = [view.modelColumn() if isinstance(view, QListView) else 0]
    for row in range(min(rows, model.rowCount())):
        for column in columns:
            index = model.index(row, column)
            value = model.data(index, Qt.ItemDataRole.DisplayRole)
            if isinstance(value, str) and value not in _file_names(model, index):
                yield value


def _file_names(model: QAbstractItemModel, index: QModelIndex) -> tuple[str, ...]:
    """The name on the disk a cell stands for: a file dialog's entry, a place in its side bar ("root")."""
    if isinstance(model, QFileSystemModel):
        return (model.fileName(index),)
    url = model.data(index, Qt.ItemDataRole.UserRole + 1)
    return (url.fileName(), Path(url.toLocalFile()).name) if isinstance(url, QUrl) else ()


def visible_texts(root: QWidget, contents: bool = False, cells: int = 0) -> list[tuple[str, str]]:
    """(where, text) for what root shows; `contents` adds text boxes' and lists' own text (a guide's page),
    `cells` what the first so many rows of each table, tree or list show."""
    found: list[tuple[str, str]] = [("窗口标题", root.windowTitle())]
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        name = type(widget).__name__
        if widget.toolTip():
            found.append((f"{name} 提示", widget.toolTip()))
        if isinstance(widget, (QLabel, QAbstractButton)):
            found.append((name, widget.text()))
        elif isinstance(widget, QGroupBox):
            found.append((name, widget.title()))
        elif isinstance(widget, QLineEdit):
            found.append((f"{name} 提示文字", widget.placeholderText()))
        elif isinstance(widget, QComboBox):
            found += [(f"{name} 选项", widget.itemText(i)) for i in range(widget.count())]
        elif isinstance(widget, QTabWidget):
            found += [(f"{name} 标签", widget.tabText(i)) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView):
            found += [(f"{name} 表头", text) for text in _view_headers(widget)]
            if contents and isinstance(widget, QListWidget):
                found += [(f"{name} 项", item.text()) for i in range(widget.count()) if (item := widget.item(i))]
            found += [(f"{name} 格", text) for text in _view_cells(widget, cells)]
        if contents and isinstance(widget, (QTextEdit, QPlainTextEdit)):
            found.append((name, widget.toPlainText()))
    bar = root.menuBar() if isinstance(root, QMainWindow) else None
    for action in bar.actions() if bar is not None else ():
        menu = action.menu()
        if action.isVisible() and isinstance(menu, QMenu):
            found += list(_menu_texts(menu, action.text()))
    for menu in root.findChildren(QMenu):  # menus of buttons and tool buttons (the bar's are read above)
        owner = menu.parentWidget()
        in_bar = bar is not None and (owner is bar or isinstance(owner, QMenu))
        if not in_bar and owner is not None and owner.isVisibleTo(root):
            found += list(_menu_texts(menu, "按钮菜单"))
    return [(where, text) for where, text in found if text]


def english_in(texts: Iterable[tuple[str, str]]) -> list[str]:
    """Readable lines "where: text [words]" for each text holding English; empty when all is Chinese."""
    return [f"{where}：{text!r} {words}" for where, text in texts if (words := english_words(text))]


def menu_english(menu: QMenu) -> list[str]:
    return english_in(_menu_texts(menu, "菜单"))


#: How many rows of each table a shown window's check reads (enough to meet every kind of row a test makes).
CELLS = 50
#: A workbook a window's title names (导入花名册：花名册.xlsx): what that window shows of it is the clerk's own.
_BOOK_IN_TITLE = re.compile(r"[^\s：:/\\]+\.xlsx\b")


def _workbook_words(folder: Path, title: str) -> set[str]:
    """The words of the sheet names and cells of the workbooks under folder that title names.

    An import shows what the file holds (its sheet "Sheet", a person "Tom"); that is data, never program text."""
    words: set[str] = set()
    for name in _BOOK_IN_TITLE.findall(title):
        for path in folder.rglob(name):
            book = load_workbook(path, read_only=True)
            try:
                for sheet in book.worksheets:
                    words.update(_WORD.findall(sheet.title))
                    for row in sheet.iter_rows(values_only=True):
                        words.update(w for value in row if isinstance(value, str) for w in _WORD.findall(value))
            finally:
                book.close()
    return words


def window_english(window: QWidget, folder: Path | None = None) -> list[str]:
    """ "window title：where：text [words]" for each English text a shown top-level window or menu holds.

    folder: where the test keeps its files; what a window shows of a workbook its title names is allowed."""
    texts = _menu_texts(window, "菜单") if isinstance(window, QMenu) else visible_texts(window, True, CELLS)
    title = window.windowTitle() or type(window).__name__
    found = [(where, text, words) for where, text in texts if (words := english_words(text))]
    if found and folder is not None and _BOOK_IN_TITLE.search(title):
        own = _workbook_words(folder, title)
        found = [(where, text, words) for where, text, words in found if set(words) - own]
    return [f"{title}：{where}：{text!r} {words}" for where, text, words in found]
