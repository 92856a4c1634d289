"""Where the database lives: --db, else $VILLAGE_LEDGER_DB, else the user's data folder.

The practice file (the demo village) lives in a folder of its own inside the user's data folder: a
backups folder is shared by every file beside it, and practice copies must never mix with the ledger's
(rotated together, or offered to restore a damaged ledger).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "VILLAGE_LEDGER_DB"
#: Where a headless export reads the data package's password when there is no terminal to ask on.
PACKAGE_PASSWORD_ENV = "VILLAGE_LEDGER_PACKAGE_PASSWORD"
APP_DIR_NAME = "VillageLedger"
PRACTICE_FOLDER = "practice"
PRACTICE_FILE = "practice.db"


def user_data_folder() -> Path:
    """The user's own data folder (%LOCALAPPDATA%\\VillageLedger on Windows), whatever --db says."""
    import platformdirs  # not needed when a path is given

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def default_db_path() -> Path:
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    return user_data_folder() / "ledger.db"


def practice_db_path() -> Path:
    """The demo village's own file, whatever --db or $VILLAGE_LEDGER_DB say: never the clerk's ledger."""
    return user_data_folder() / PRACTICE_FOLDER / PRACTICE_FILE
