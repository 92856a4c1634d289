"""The clerk's corrections of how an import read a choice column's words, remembered for the next file.

Kept in the Setting table (so they travel with backups), one key per field ("choice_words.case.reason" →
{"探亲": "其他"}), and written through the save path, so every correction is in the audit trail.
"""

from __future__ import annotations

import json
import re

PREFIX = "choice_words."
_SPACE = re.compile(r"\s+")


def word_key(text: str) -> str:
    """The form words are compared and remembered in: no spaces, case folded (男 / M / m)."""
    return _SPACE.sub("", text).casefold()


def remembered() -> dict[str, dict[str, str]]:
    """ "case.reason" → {words (as word_key gives them): value} of every field the clerk corrected."""
    from db.models import Setting

    found: dict[str, dict[str, str]] = {}
    for row in Setting.select().where(Setting.key.startswith(PREFIX)):
        try:
            words = json.loads(row.value)
        except ValueError:
            continue
        if isinstance(words, dict):
            found[str(row.key)[len(PREFIX) :]] = {str(w): str(v) for w, v in words.items()}
    return found


def remember(field: str, label: str, words: str, value: str) -> None:
    """From now on, read these words of this field ("case.reason") as value ("" = leave it blank)."""
    from db import changes
    from db.models import Setting
    from db.session import Can

    key = PREFIX + field
    with changes.transaction(f"导入时修改{label}的识别：“{words}” → “{value or '留空'}”", needs=Can.IMPORT) as cs:
        row = Setting.get_or_none(Setting.key == key)
        known = json.loads(row.value) if row is not None else {}
        known[word_key(words)] = value
        text = json.dumps(known, ensure_ascii=False, sort_keys=True)
        if row is None:
            cs.create(Setting, {"key": key, "value": text})
        else:
            cs.update(row, {"value": text})
