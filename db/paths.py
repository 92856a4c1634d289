"""Where the database lives: --db, else $VILLAGE_LEDGER_DB, else the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "VILLAGE_LEDGER_DB"
#: Where a headless export reads the data package's password when there is no terminal to ask on.
PACKAGE_PASSWORD_ENV = "VILLAGE_LEDGER_PACKAGE_PASSWORD"
APP_DIR_NAME = "VillageLedger"


def user_data_folder() -> Path:
    """The user's own data folder (%LOCALAPPDATA%\\VillageLedger on Windows), whatever --db says."""
    import platformdirs  # not needed when a path is given

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def default_db_path() -> Path:
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    return user_data_folder() / "ledger.db"
