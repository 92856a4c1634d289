"""Bulk work (an import, a demo village) makes a million small objects that all die by reference count.

Python's cycle collector still walks every live object each time enough have been made; during an
import of 100,000 rows that is a third of the time spent, finding nothing. The collector is paused
for such work and resumed after it, when any cycles left are collected as usual.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0  # pauses under way, in any thread: the collector resumes when the last one ends
_resume = False  # whether it was running before the first of them


@contextmanager
def collector_paused() -> Iterator[None]:
    """Usable as `with` or as a decorator. Pauses are counted: one ending while another (a second import
    in another thread, a nested call) is still under way does not turn the collector back on early, and a
    collector the program had switched off stays off."""
    global _holders, _resume
    with _lock:
        if _holders == 0:
            _resume = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _resume:
                gc.enable()
