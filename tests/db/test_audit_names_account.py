"""The audit names the operating system's account for headless commands, not what the environment claims."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.skipif(sys.platform == "win32", reason="the POSIX account lookup; Windows asks GetUserNameW")
def test_a_changed_environment_cannot_sign_someone_elses_name(tmp_path: Path, migrated_template: Path) -> None:
    import pwd

    account = pwd.getpwuid(os.getuid()).pw_name
    impostor = "mallory" if account != "mallory" else "trudy"
    ledger = tmp_path / "ledger.db"
    shutil.copy(migrated_template, ledger)
    env = {**os.environ, "LOGNAME": impostor, "USER": impostor, "LNAME": impostor, "USERNAME": impostor}
    roster = tmp_path / "花名册.csv"
    roster.write_text("户号,姓名,与户主关系,性别\n1,张三,户主,男\n1,李四,配偶,女\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(ledger), "import-roster", str(roster)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(ledger) as conn:
        signers = {who for (who,) in conn.execute("SELECT DISTINCT who FROM audit_entry")}
        people = conn.execute("SELECT count(*) FROM person").fetchone()[0]
    assert people == 2, done.stdout
    assert signers == {f"命令行（{account}）"}
