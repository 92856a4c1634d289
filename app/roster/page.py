"""The 户籍花名册 page: tree on the left, search and people on the right, every edit through db.changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PyQt6.QtCore import QModelIndex, QSettings, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QAction, QKeySequence
from PyQt6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.editors.record_dialog import RecordDialog
from app.roster.people_model import PeopleTableModel
from app.roster.people_table import people_table
from app.roster.person_actions import ask_mark_household_left, ask_mark_left, ask_move
from app.roster.village_tree import ID_ROLE, KIND_ROLE, VillageTreeModel, empty_roster_hint
from db import changes, roster_actions
from db.errors import LedgerError
from db.models.household import RELATIONS
from db.queries import village as vq
from db.queries.people import Scope, count_people
from forms.definitions import HOUSEHOLD, PERSON
from forms.types import Issue, RecordForm

SEARCH_DELAY_MS = 120
#: The village tree's width until the clerk drags the divider (then the dragged width, kept per PC).
TREE_WIDTH = 260  # a household line "01-0001 李勇 2号（6 人）" whole, two levels in
SPLITTER_KEY = "roster/splitter"


def _settings() -> QSettings:
    """The main window's per-PC UI settings (app/main_window.py keeps its geometry there)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "VillageLedger", "ui")


class RosterPage(QWidget):
    """Shows and edits the roster; emits status_changed with a line for the status bar."""

    status_changed = pyqtSignal(str)
    #: The clerk asked to put this person under observation (the quarantine ledger does it).
    register_case = pyqtSignal(int)
    #: The empty roster's 导入花名册… button (the main window runs its import).
    import_requested = pyqtSignal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.last_change: list[int] = []
        self._village_totals = (0, 0)
        self.tree_model = VillageTreeModel()
        self.tree = QTreeView()
        self.tree.setObjectName("villageTree")
        self.tree.setModel(self.tree_model)
        self.tree.setHeaderHidden(True)
        self.tree.expanded.connect(self.tree_model.ensure_loaded)
        self.people = PeopleTableModel()
        self.people.total_changed.connect(lambda _total: self._report_status())
        self.table = people_table(self.people)
        self.table.doubleClicked.connect(lambda _index: self.edit_person())
        self._build_search()
        self.actions_by_name = self._make_actions()
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for name in (
            "new_household",
            "new_person",
            "edit",
            "edit_household",
            "move",
            "mark_left",
            "mark_household_left",
            "undo",
            "register_case",
        ):
            toolbar.addAction(self.actions_by_name[name])
        self.splitter = self._build_splitter(self._build_right(toolbar))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_changed)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update_actions())
        self.setTabOrder(self.search, self.table)
        self.setTabOrder(self.table, self.tree)

    # --- set-up -------------------------------------------------------------------------------

    def _build_search(self) -> None:
        """The search box, applied a moment after the typing stops; Enter goes to the list."""
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("搜索：姓名、拼音首字母（如 zsf）、全拼、身份证号、电话或住址")
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._focus_table)

    def _build_right(self, toolbar: QToolBar) -> QWidget:
        """The search and the toolbar over the list, or over the empty roster's hint."""
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.search)
        right_layout.addWidget(toolbar)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.empty_hint = empty_roster_hint(
            self.import_requested.emit, lambda: self.actions_by_name["new_household"].trigger()
        )
        self.list_stack.addWidget(self.empty_hint)
        right_layout.addWidget(self.list_stack)
        return right

    def _build_splitter(self, right: QWidget) -> QSplitter:
        """The tree beside the right side, divided where the clerk last left it on this PC."""
        splitter = QSplitter()
        splitter.setObjectName("rosterSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.tree)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)  # a wider window widens the list, not the tree
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([TREE_WIDTH, 10 * TREE_WIDTH])
        saved = _settings().value(SPLITTER_KEY)
        if saved is not None:
            splitter.restoreState(saved)
        splitter.splitterMoved.connect(lambda *_: _settings().setValue(SPLITTER_KEY, splitter.saveState()))
        return splitter

    def _show_empty_hint(self) -> None:
        """The hint while nobody at all is in the roster (not even someone moved out), else the list."""
        empty = count_people("", Scope(include_left=True)) == 0
        self.list_stack.setCurrentWidget(self.empty_hint if empty else self.table)

    def _make_actions(self) -> dict[str, QAction]:
        specs = {
            "new_household": ("新建户", "Ctrl+Shift+N", self.new_household),
            "new_person": ("新建人员", "Ctrl+N", self.new_person),
            "edit": ("修改人员", "F2", self.edit_person),
            "edit_household": ("修改户", "Ctrl+F2", self.edit_household),
            "move": ("移到其他户", "Ctrl+M", self.move_person),
            "mark_left": ("标记迁出/死亡", "Ctrl+L", self.mark_left),
            "mark_household_left": ("整户迁出", "Ctrl+Shift+L", self.mark_household_left),
            "undo": ("撤销", QKeySequence.StandardKey.Undo, self.undo),
            "find": ("查找", QKeySequence.StandardKey.Find, self.focus_search),
            "register_case": ("登记管控…", "", self._request_case),
        }
        actions = {}
        for name, (text, shortcut, slot) in specs.items():
            action = QAction(text, self)
            action.setObjectName(f"action_{name}")
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            actions[name] = action
        return actions

    def reload(self) -> None:
        """Rebuild the tree and the list, e.g. after an import or on start."""
        self._village_totals = vq.totals()
        self.tree_model.reload(self._village_totals)
        root = self.tree_model.index(0, 0)
        self.tree.expand(root)
        self.tree.setCurrentIndex(root)
        self.apply_search()
        self._show_empty_hint()

    # --- selection and search ---------------------------------------------------------------

    def scope(self) -> Scope:
        index = self.tree.currentIndex()
        kind = index.data(KIND_ROLE)
        if kind == "grid":
            return Scope(grid_id=index.data(ID_ROLE))
        if kind == "household":
            return Scope(household_id=index.data(ID_ROLE), include_left=True)
        return Scope()

    def _on_tree_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.apply_search()

    def apply_search(self) -> None:
        self._search_timer.stop()
        self.people.set_filter(self.search.text(), self.scope())  # the count follows via total_changed
        if self.people.total is None:
            self._report_status()  # "正在统计…" with this village's totals, not the last list's
        if self.people.rowCount():
            self.table.selectRow(0)
        self._update_actions()

    def _report_status(self) -> None:
        households, people = self._village_totals
        total = "正在统计…" if self.people.total is None else f"{self.people.total} 人"
        shown = f"当前列表 {total}"
        if self.search.text().strip():
            shown = f"搜索“{self.search.text().strip()}”：{total}"
        self.status_changed.emit(f"全村 {households} 户 {people} 人    {shown}")

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _focus_table(self) -> None:
        self.table.setFocus()
        if self.people.rowCount():
            self.table.selectRow(0)

    def current_person_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.people.person_id(index.row()) if index.isValid() else None

    def current_household_id(self) -> int | None:
        index = self.tree.currentIndex()
        if index.data(KIND_ROLE) == "household":
            return index.data(ID_ROLE)
        person_id = self.current_person_id()
        if person_id is not None:
            return self.people.rows[self.table.currentIndex().row()]["household"]
        return None

    def current_grid_id(self) -> int | None:
        index = self.tree.currentIndex()
        if index.data(KIND_ROLE) == "grid":
            return index.data(ID_ROLE)
        household_id = self.current_household_id()
        return vq.household_grid_id(household_id) if household_id else None

    def _update_actions(self) -> None:
        has_person = self.current_person_id() is not None
        for name in ("edit", "move", "mark_left", "register_case"):
            self.actions_by_name[name].setEnabled(has_person)
        has_household = self.current_household_id() is not None
        self.actions_by_name["edit_household"].setEnabled(has_household)
        self.actions_by_name["mark_household_left"].setEnabled(has_household)
        self.actions_by_name["undo"].setEnabled(bool(self.last_change))

    # --- editing ---------------------------------------------------------------------------

    def _after_change(self, entries: list[int], select_person: int | None = None) -> None:
        if entries:
            self.last_change = entries
        self._village_totals = vq.totals()
        current = self.tree.currentIndex()
        kind, record_id = current.data(KIND_ROLE), current.data(ID_ROLE)
        self.tree_model.reload(self._village_totals)
        self._restore_tree(kind, record_id)
        self.people.refresh()
        if select_person is not None:
            row = self.people.row_of(select_person)
            if row is not None:
                self.table.selectRow(row)
        self._update_actions()
        self._report_status()
        self._show_empty_hint()

    def _restore_tree(self, kind: str | None, record_id: int | None) -> None:
        """Select again what was selected before the tree was rebuilt, without re-filtering the list."""
        self.tree.blockSignals(True)
        self._select_in_tree(kind, record_id)
        self.tree.blockSignals(False)
        self.people.scope = self.scope()

    def _select_in_tree(self, kind: str | None, record_id: int | None) -> None:
        """Select the village, a grid or a household (opening its grid); falls back to the village."""
        root = self.tree_model.index(0, 0)
        self.tree.expand(root)
        target = root
        grid_id = record_id if kind == "grid" else vq.household_grid_id(record_id) if kind == "household" else None
        grid_index = self.tree_model.find("grid", grid_id) if grid_id is not None else QModelIndex()
        if grid_index.isValid():
            target = grid_index
            if kind == "household":
                self.tree_model.ensure_loaded(grid_index)
                self.tree.expand(grid_index)
                found = self.tree_model.find("household", record_id)
                target = found if found.isValid() else grid_index
        self.tree.setCurrentIndex(target)

    def _household_choices(self) -> dict[str, tuple[str, ...]]:
        return {"grid_name": vq.grid_names()}

    def _edit_record(
        self,
        form: RecordForm,
        title: str,
        values: dict[str, Any],
        write: Callable[[dict[str, Any]], tuple[int, list[int]]],
        choices: dict[str, tuple[str, ...]] | None = None,
    ) -> int | None:
        """Open the record's dialog; on save, run its use case (db/roster_actions.py) and show a refused
        field under that field. Returns the saved record's id."""
        saved: list[int] = []

        def save(new_values: dict[str, Any]) -> list[Issue] | None:
            try:
                saved_id, entries = write(new_values)
            except roster_actions.FieldRefused as refused:
                return [Issue(refused.field, form.field(refused.field).label, refused.message)]
            saved.append(saved_id)
            self.last_change = entries or self.last_change
            return None

        if RecordDialog(form, title, save, values, choices, self).exec() and saved:
            return saved[0]
        return None

    def new_household(self) -> None:
        grids = vq.grid_rows()
        if not grids:
            QMessageBox.information(self, "新建户", "还没有网格（村民小组），请先在“设置”中添加。")
            return
        grid = next((g for g in grids if g.id == self.current_grid_id()), grids[0])
        defaults = {"grid_name": grid.name, "number": vq.next_household_number(grid.id)}
        saved = self._edit_record(
            HOUSEHOLD,
            "新建户",
            defaults,
            lambda v: roster_actions.save_household(v, None, "新建户"),
            self._household_choices(),
        )
        if saved is not None:
            self._after_change(self.last_change)
            self._select_in_tree("household", saved)
            head = vq.household_values(saved)["head_name"]
            self.new_person(relation=RELATIONS[0], name=head or None)  # the name typed once, for the head

    def edit_household(self) -> None:
        household_id = self.current_household_id()
        if household_id is None:
            return
        values = vq.household_values(household_id)
        title = f"修改户：{values['number']}"
        choices = self._household_choices()
        if self._edit_record(
            HOUSEHOLD, title, values, lambda v: roster_actions.save_household(v, household_id, title), choices
        ):
            self._after_change(self.last_change)

    def new_person(self, relation: str | None = None, name: str | None = None) -> None:
        household_id = self.current_household_id()
        if household_id is None:
            QMessageBox.information(self, "新建人员", "请先在左侧选择一户（或先“新建户”），再添加人员。")
            return
        household = vq.household_values(household_id)
        defaults = {"relation": relation or ("户主" if not household["head_name"] else "子女"), "status": "在村"}
        if name:
            defaults["name"] = name
        title = f"新建人员：{household['number']} {household['head_name']}".strip()
        saved = self._edit_record(
            PERSON, title, defaults, lambda v: roster_actions.save_person(v, None, title, household_id)
        )
        if saved is not None:
            self._after_change(self.last_change, select_person=saved)

    def edit_person(self) -> None:
        person_id = self.current_person_id()
        if person_id is None or not self.actions_by_name["edit"].isVisible():  # hidden: the role may only look
            return
        values = vq.person_values(person_id)
        title = f"修改人员：{values['name']}"
        if self._edit_record(PERSON, title, values, lambda v: roster_actions.save_person(v, person_id, title)):
            self._after_change(self.last_change, select_person=person_id)

    def move_person(self) -> None:
        person_id = self.current_person_id()
        if person_id is not None:
            entries = ask_move(self, person_id)
            if entries is not None:
                self._after_change(entries, select_person=person_id)

    def mark_left(self) -> None:
        person_id = self.current_person_id()
        entries = ask_mark_left(self, person_id) if person_id is not None else None
        if entries is not None:
            self._after_change(entries)

    def mark_household_left(self) -> None:
        household_id = self.current_household_id()
        entries = ask_mark_household_left(self, household_id) if household_id is not None else None
        if entries is not None:
            self._after_change(entries)

    def shutdown(self) -> None:
        """The window is closing: end the list's counting thread."""
        self.people.shutdown()

    def _request_case(self) -> None:
        person_id = self.current_person_id()
        if person_id is not None:
            self.register_case.emit(person_id)

    def undo(self) -> None:
        if not self.last_change:
            return
        try:
            changes.undo(self.last_change)
        except LedgerError as exc:
            QMessageBox.warning(self, "撤销", str(exc))
            return
        self.last_change = []
        self._after_change([])
