"""Another program writing the same ledger file, for tests of overlapping writers: a second real connection,
ordered against ours by events (SQLite's trace hook fires when a statement starts), never by sleeps."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from db.base import database
from tests.conftest import HANG_GUARD_MS

WAIT_S = HANG_GUARD_MS / 1000  # a guard against a hang, never a measure


def other_program(path: Path) -> sqlite3.Connection:
    """Another program's connection: autocommit, waiting as long as the hang guard for a lock."""
    return sqlite3.connect(path, timeout=WAIT_S, isolation_level=None, check_same_thread=False)


def on_statement(connection: sqlite3.Connection, starts: str, event: threading.Event) -> None:
    """Set event when a statement starting with `starts` begins to run (before it waits for any lock)."""
    connection.set_trace_callback(lambda sql: event.set() if sql.lstrip().upper().startswith(starts) else None)


class OtherWriter(threading.Thread):
    """Work on a thread, so on a connection of its own (peewee keeps one per thread); finish() raises its error."""

    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__(daemon=True)
        self.work = work
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.work()
        except BaseException as exc:
            self.error = exc
        finally:
            if database.obj is not None:
                database.close()  # this thread's connection

    def finish(self) -> None:
        self.join(WAIT_S)
        assert not self.is_alive(), "the other writer did not end"
        if self.error is not None:
            raise self.error


def run_elsewhere(work: Callable[[], object]) -> None:
    """Run work to its end on a connection of its own (another window's import, a headless command)."""
    other = OtherWriter(work)
    other.start()
    other.finish()
