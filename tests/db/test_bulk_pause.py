"""The collector pause of bulk work: counted across threads, so overlapping imports do not undo each other."""

from __future__ import annotations

import gc
import threading

from db.bulk import collector_paused


def test_overlapping_pauses_resume_only_when_the_last_ends() -> None:
    assert gc.isenabled()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def second() -> None:
        first_in.wait()
        with collector_paused():
            second_in.set()
            first_out.wait()
            seen["after the first ended"] = gc.isenabled()

    worker = threading.Thread(target=second)
    worker.start()
    with collector_paused():
        first_in.set()
        second_in.wait()
    first_out.set()
    worker.join()
    assert seen == {"after the first ended": False}  # the second import still had it paused
    assert gc.isenabled()  # and it came back when that one ended


def test_nested_pauses_and_a_collector_switched_off_elsewhere() -> None:
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # the program had it off: it stays off
    finally:
        gc.enable()
