"""Shared test set-up. Qt runs offscreen unless the caller chose a platform (e.g. xcb under Xvfb)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
#: The most common office screen. Plain `offscreen` gets this one screen (Qt's own default is 800×600), so a
#: window test sees what a clerk sees at 1366×768; QT_SCALE_FACTOR=1.25 or 1.5 makes it 125 % / 150 % scaling.
SCREEN_CONFIG = Path(__file__).resolve().parent / "data" / "screen-1366x768.json"
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREEN_CONFIG}"
#: Room a Windows taskbar takes at the bottom of the screen (logical pixels): a window must fit above it.
TASKBAR = 40
#: The clerk's Windows runs in Chinese (China). Qt writes some dates in the system's format, not the program's
#: (a file dialog's 修改日期 column: QLocale.system()), which on Linux Qt takes from LC_TIME.
os.environ.setdefault("LC_TIME", "zh_CN.UTF-8")

# CI draws the same hypothesis examples every run, so a submission lands or not on what it changed; runs on a
# developer's machine draw new ones each time and go on finding what the fixed set has not met.
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
GUI_FIXTURES = {"qtbot", "qapp"}
#: How long a test waits for what the code under test will do (a background task's end, a queued signal, a
#: debounce timer) before calling it a hang. A guard, never a measure of speed: tests wait for the signal or
#: the condition itself, so a busy machine may take any time up to this and still pass.
HANG_GUARD_MS = 120_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that drives Qt (uses qtbot or qapp, directly or through another fixture) as `gui`."""
    for item in items:
        if GUI_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """test-output/ at the repo root: screenshots and PNG pages saved there are for a person to look at."""
    path = ROOT / "test-output"
    path.mkdir(exist_ok=True)
    return path


# --- databases -----------------------------------------------------------------------------------

import shutil  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from typing import Any  # noqa: E402

DATA = ROOT / "tests" / "data"


@pytest.fixture(autouse=True, scope="session")
def private_data_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The user's data folder (the default database, our private temp folder) is one of the run's own, so
    tests and the commands they start never touch the real one in the home folder."""
    before = {name: os.environ.get(name) for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME")}
    for name in before:
        os.environ[name] = str(tmp_path_factory.mktemp(name.lower()))
    yield
    for name, value in before.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(autouse=True)
def own_ui_settings(tmp_path: Path) -> None:
    """Per-PC screen state (ui.ini: the last folder, encrypt or not, column widths) is each test's own, never
    the real one in the home folder nor one an earlier test left."""
    if "PyQt6.QtCore" in sys.modules:
        from PyQt6.QtCore import QSettings

        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))


@pytest.fixture(autouse=True)
def nobody_signed_in() -> Iterator[None]:
    """Each test starts and ends with nobody signed in (the sign-in is process-wide, like the app's)."""
    from db import session

    session.begin(None)
    yield
    session.begin(None)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database at the latest schema, built once and copied for each test."""
    from db.connection import close_database, open_database

    path = tmp_path_factory.mktemp("template") / "template.db"
    db = open_database(path)
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_database()
    return path


@pytest.fixture
def db_path(tmp_path: Path, migrated_template: Path) -> Iterator[Path]:
    """A fresh real SQLite file bound to the models for this test."""
    from db.connection import close_database, open_database

    path = tmp_path / "ledger.db"
    shutil.copy(migrated_template, path)
    open_database(path)
    yield path
    close_database()


@pytest.fixture
def village(db_path: Path) -> dict[str, int]:
    """A small village: two grids, two households, four people (one with a rare-character name)."""
    from db import changes
    from db.models import Grid, Household, Person, Village

    with changes.transaction("测试村庄", who="测试") as cs:
        cs.create(Village, {"name": "东风村", "township": "红旗镇", "county": "平安县", "clerk": "李文书"})
        one = cs.create(Grid, {"name": "一组", "worker": "王网格", "sort_order": 1})
        two = cs.create(Grid, {"name": "二组", "sort_order": 2})
        h1 = cs.create(Household, {"number": "01-0001", "grid": one.id, "door_no": "12号", "head_name": "张三丰"})
        h2 = cs.create(Household, {"number": "02-0001", "grid": two.id, "door_no": "3号", "head_name": "钱𠮷祥"})
        zhang = cs.create(
            Person,
            {
                "household": h1.id,
                "name": "张三丰",
                "relation": "户主",
                "sex": "男",
                "id_number": "11010519491231002X",
                "phone": "13812345678",
            },
        )
        cs.create(Person, {"household": h1.id, "name": "李秀英", "relation": "配偶", "sex": "女"})
        qian = cs.create(Person, {"household": h2.id, "name": "钱𠮷祥", "relation": "户主", "sex": "男"})
        cs.create(Person, {"household": h2.id, "name": "阿依古丽·买买提", "relation": "媳婿", "sex": "女"})
    return {"grid_one": one.id, "grid_two": two.id, "h1": h1.id, "h2": h2.id, "zhang": zhang.id, "qian": qian.id}


#: The first day of demo_round's round (the screening tests' today).
SCREENING_DAY = date(2026, 11, 20)


@pytest.fixture
def demo_round(db_path: Path) -> int:
    """The demo village (300 people), an administrator signed in, a key area, and an open round over all grids
    from SCREENING_DAY."""
    from db import accounts, screening_actions, session
    from db.demo import build_demo_village
    from db.models import Role

    build_demo_village(people=300, seed=2020, today=SCREENING_DAY)
    admin = accounts.create_operator("李文书", Role.ADMIN, "admin-pass")
    session.begin(session.Session(admin.name, Role.ADMIN, admin.id))
    screening_actions.save_key_area({"region_code": "420100", "counts_from": SCREENING_DAY - timedelta(days=30)})
    return screening_actions.new_round("第二轮拉网排查", SCREENING_DAY, SCREENING_DAY + timedelta(days=5)).id


@pytest.fixture
def own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder for this test alone (the session's is shared), where the clerk's ledger and
    the practice file go."""
    from db.paths import ENV_VAR

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.delenv(ENV_VAR, raising=False)
    return tmp_path / "data-home"


# --- the real window -----------------------------------------------------------------------------

_QAPP: list[object] = []  # the session's application lives as long as the run


@pytest.fixture(scope="session")
def qapp(qapp_args, qapp_cls, pytestconfig):  # type: ignore[no-untyped-def]
    """pytest-qt's application, with Qt's own texts in Chinese as the program installs them (app/gui.py):
    a window test then sees 确定 and 全选, not OK and Select All."""
    from PyQt6.QtWidgets import QApplication

    from app.translations import install_translations

    app = QApplication.instance()
    if app is None:
        app = qapp_cls(qapp_args)
        app.setApplicationName(pytestconfig.getini("qt_qapp_name"))
        _QAPP.append(app)
    assert install_translations(app), "Qt's Chinese translations (qtbase_zh_CN.qm) did not load"
    return app


@contextmanager
def _watching_windows(request: pytest.FixtureRequest, look: Callable[[Any, Any], None]) -> Iterator[None]:
    """Call look(window, event) for every Show and Hide of a top-level widget (tooltips aside) while inside."""
    from PyQt6.QtCore import QEvent, QObject
    from PyQt6.QtWidgets import QApplication, QWidget

    kinds = (QEvent.Type.Show, QEvent.Type.Hide)

    class Watch(QObject):
        def eventFilter(self, watched: QObject | None, event: QEvent | None) -> bool:
            if (
                event is not None
                and event.type() in kinds
                and not event.spontaneous()
                and isinstance(watched, QWidget)
                and watched.isWindow()
                and not watched.inherits("QToolTip")
                and watched.windowType().name != "ToolTip"
            ):
                look(watched, event)
            return False

    app = QApplication.instance() or request.getfixturevalue("qapp")
    watch = Watch()
    app.installEventFilter(watch)
    try:
        yield
    finally:
        app.removeEventFilter(watch)


@pytest.fixture(autouse=True)
def windows_fit_the_screen(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every window or dialog a GUI test shows must fit the screen above the taskbar, at this run's scaling.

    Checked whenever a top-level widget is shown (an event filter), so a dialog that grows past the screen
    fails the test that opened it, whatever that test asserts."""
    if not GUI_FIXTURES.intersection(request.fixturenames):
        yield
        return
    from PyQt6.QtCore import QEvent
    from PyQt6.QtWidgets import QApplication

    too_big: list[str] = []

    def look(window: Any, event: Any) -> None:
        if event.type() != QEvent.Type.Show or window.inherits("QMenu") or window.windowType().name == "Popup":
            return
        room = (window.screen() or QApplication.primaryScreen()).availableGeometry()
        frame = window.frameGeometry()
        if frame.width() > room.width() or frame.height() > room.height() - TASKBAR:
            too_big.append(
                f"{window.windowTitle() or type(window).__name__}: {frame.width()}×{frame.height()} "
                f"on {room.width()}×{room.height() - TASKBAR}"
            )

    with _watching_windows(request, look):
        yield
    assert not too_big, "windows larger than the screen above the taskbar: " + "; ".join(too_big)


@pytest.fixture(autouse=True)
def windows_speak_chinese(request: pytest.FixtureRequest) -> Iterator[None]:
    """No window, dialog or menu a GUI test shows holds English (tests/app/english_check.py says what counts).

    Read when a top-level widget is shown and again when it is hidden: a message box fills in and a table
    loads after Show, so the Hide sees what the clerk saw last. Any test that opens a screen checks its words."""
    if not GUI_FIXTURES.intersection(request.fixturenames):
        yield
        return
    from tests.app.english_check import window_english

    english: dict[str, None] = {}  # in the order seen, each once
    folder = request.getfixturevalue("tmp_path") if "tmp_path" in request.fixturenames else None

    def look(window: Any, _event: Any) -> None:
        try:
            english.update(dict.fromkeys(window_english(window, folder)))
        except Exception as error:
            english[f"{window.windowTitle()}：the English check failed: {error!r}"] = None

    with _watching_windows(request, look):
        yield
    assert not english, "English on the clerk's screens:\n" + "\n".join(english)


@pytest.fixture
def main_window(qtbot, db_path: Path):  # type: ignore[no-untyped-def]
    """The real main window on this test's database (its per-PC UI state the test's own: own_ui_settings)."""
    from app.main_window import MainWindow

    window = MainWindow(db_path, first_run=False)
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitExposed(window)
    settle(window)
    yield window
    if window.task is not None:
        assert window.task.worker.wait(HANG_GUARD_MS), "the window's background task did not end"


@pytest.fixture
def on_modal(qtbot) -> Iterator[Callable[..., None]]:  # type: ignore[no-untyped-def]
    """Run handler(dialog) on the next modal dialog, while the code under test is blocked in exec().

    The handler must close the dialog, unless armed with closes=False (work it started will close it).
    A background task's progress dialog (app/tasks.py) is passed over: it shows only when the work takes more
    than 300 ms, i.e. on a busy machine, and is never what a handler is for (the message after the work is).
    """
    from PyQt6.QtCore import QTimer
    from PyQt6.QtWidgets import QApplication, QLabel, QProgressDialog

    waiting: list[str] = []  # handlers whose dialog has not come (yet)
    ended = False

    def arm(handler: Callable[[object], None], closes: bool = True) -> None:
        name = getattr(handler, "__name__", repr(handler))
        waiting.append(name)

        def poll() -> None:
            if ended:
                return
            dialog = QApplication.activeModalWidget()
            if dialog is None or isinstance(dialog, QProgressDialog):
                QTimer.singleShot(20, poll)
                return
            waiting.remove(name)
            try:
                handler(dialog)
            except BaseException:
                dialog.reject()  # never leave the code under test blocked in exec()
                raise
            if closes and dialog.isVisible():
                banner = dialog.findChild(QLabel, "banner")
                dialog.reject()
                raise AssertionError(f"dialog left open: {banner.text() if banner else dialog.windowTitle()}")

        QTimer.singleShot(0, poll)

    yield arm
    ended = True
    # A dialog the test waited for that never opened: the test proved nothing with it (and its handler
    # would have caught a later test's dialog).
    assert not waiting, f"expected dialogs never opened: {waiting}"


def save_screenshot(widget, output_dir: Path, name: str) -> Path:  # type: ignore[no-untyped-def]
    """Keep a PNG of what the clerk would see, for a person to look at.

    Item views lay out their rows and columns on a zero-length timer after a change; that layout is done
    here and now, so the picture never depends on how far the event loop got (no waiting)."""
    from PyQt6.QtWidgets import QAbstractItemView

    for view in widget.findChildren(QAbstractItemView):
        view.doItemsLayout()
    path = output_dir / f"{name}.png"
    widget.grab().save(str(path))
    return path


def open_module(qtbot, window, label: str):  # type: ignore[no-untyped-def]
    """Click a module in the main window's left navigation, as the clerk does; returns the page shown."""
    from PyQt6.QtCore import Qt

    item = window.nav.findItems(label, Qt.MatchFlag.MatchExactly)[0]
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=window.nav.visualItemRect(item).center())
    assert window.nav.currentItem() is item
    return window.pages.currentWidget()


def type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type text as key events, like an input method delivers Chinese (QTest only knows ASCII keys)."""
    from PyQt6.QtCore import QEvent, Qt
    from PyQt6.QtGui import QKeyEvent
    from PyQt6.QtWidgets import QApplication

    widget.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))


def make_administrator(dialog, name: str = "李文书", password: str = "admin-pass") -> None:  # type: ignore[no-untyped-def]
    """Fill the first start's 设置管理员 dialog and create the account (which signs it in)."""
    from PyQt6.QtWidgets import QLineEdit

    type_text(dialog.findChild(QLineEdit, "adminName"), name)
    for box in ("adminPassword", "adminAgain"):
        dialog.findChild(QLineEdit, box).setText(password)
    dialog.save()


def settle(window) -> None:  # type: ignore[no-untyped-def]
    """Let the start's daily backup finish and its audit entry land (it comes back as a queued signal),
    so that a test counting audit entries counts only its own."""
    from PyQt6.QtWidgets import QApplication

    join_backup(window)
    QApplication.processEvents()


def join_backup(window) -> None:  # type: ignore[no-untyped-def]
    """Wait for the start's daily backup task to end (a hang guard only: no time window)."""
    if window.backups is not None:
        assert window.backups.wait(HANG_GUARD_MS), "the daily backup did not end"


def wait_for_task(qtbot, task) -> None:  # type: ignore[no-untyped-def]
    """Wait for a BackgroundTask (app/tasks.py) just started to deliver its result or error on the UI thread.

    Call it right after the call that started the task, before anything runs the event loop: the result comes
    back as a queued signal, so `done` cannot have been emitted yet."""
    qtbot.waitSignal(task.done, timeout=HANG_GUARD_MS).wait()


def wait_for_search(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    """Wait for the roster page's typed search to be applied (it runs when its debounce timer fires)."""
    if page._search_timer.isActive():
        qtbot.waitSignal(page._search_timer.timeout, timeout=HANG_GUARD_MS).wait()


def close_next_message_box(seen: list[str]) -> None:
    """Note the text of the next message box and close it (a progress dialog may be the modal widget first)."""
    from PyQt6.QtCore import QTimer
    from PyQt6.QtWidgets import QApplication, QMessageBox

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, poll)
            return
        seen.append(box.text())
        box.accept()

    QTimer.singleShot(0, poll)
