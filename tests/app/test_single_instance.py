"""A second start on the same database brings the first window forward rather than opening it twice."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.single_instance import InstanceGuard
from tests.conftest import HANG_GUARD_MS


def test_a_second_start_asks_the_first_window_forward(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = InstanceGuard(tmp_path / "ledger.db")
    assert not first.another_is_running()
    assert first.listen()
    second = InstanceGuard(tmp_path / "ledger.db")
    with qtbot.waitSignal(first.raise_requested, timeout=HANG_GUARD_MS):
        assert second.another_is_running()
    assert not InstanceGuard(tmp_path / "other.db").another_is_running()  # another file: its own window
    first.server.close()


def test_the_program_itself_defers_to_the_running_window(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "ledger.db"
    running = InstanceGuard(db)
    assert running.listen()
    asked: list[bool] = []
    running.raise_requested.connect(lambda: asked.append(True))
    with subprocess.Popen(
        [sys.executable, "-m", "app", "--db", str(db), "--smoke"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as second:
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=HANG_GUARD_MS)  # this window answers meanwhile
        _out, err = second.communicate()
    assert second.returncode == 0 and "已在另一个窗口中打开" in err
    qtbot.waitUntil(lambda: asked == [True], timeout=HANG_GUARD_MS)
    assert not db.exists()  # the second start did not open the file
    running.server.close()
