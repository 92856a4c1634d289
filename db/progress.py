"""The progress object long work accepts: the window passes one backed by a dialog, commands a console one."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """`update` reports how far the work is; the caller sets `cancelled` to ask it to stop."""

    @property
    def cancelled(self) -> bool: ...

    def update(self, done: int, total: int) -> None: ...


class Cancelled(Exception):
    """Raised by work that saw `progress.cancelled`; its transaction rolls back, so nothing is written."""


def check_cancelled(progress: Progress | None) -> None:
    if progress is not None and progress.cancelled:
        raise Cancelled("已取消")
