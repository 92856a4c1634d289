"""Errors the clerk can act on, with a Chinese message; anything else is a bug."""

from __future__ import annotations


class LedgerError(Exception):
    """An error whose message (in Chinese) is meant for the clerk."""


class DatabaseTooNew(LedgerError):
    pass


class RecordInUse(LedgerError):
    pass
