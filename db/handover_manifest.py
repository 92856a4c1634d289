"""清单.json, the last file of a hand-over folder on the stick: what the township receives and can check (each
file's rows, size and SHA-256, the program and schema that wrote them). A folder without it is unfinished."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

MANIFEST_NAME = "清单.json"
#: The manifest's own layout; raised when a key changes meaning, so a reader can tell old from new.
FORMAT_VERSION = 1
_CHUNK = 1 << 20


@dataclass(frozen=True)
class HandedFile:
    """One file of a hand-over as its manifest names it."""

    name: str
    rows: int
    bytes: int
    sha256: str

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "rows": self.rows, "bytes": self.bytes, "sha256": self.sha256}


def files_from_json(items: list[dict[str, Any]]) -> tuple[HandedFile, ...]:
    return tuple(HandedFile(str(i["name"]), int(i["rows"]), int(i["bytes"]), str(i["sha256"])) for i in items)


def digest(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and size of the file at path, read in chunks (a report may be big)."""
    sha = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            sha.update(chunk)
            size += len(chunk)
    return sha.hexdigest(), size


@dataclass(frozen=True)
class Manifest:
    """What 清单.json says; `as_bytes` is what is written, `parse` reads it back."""

    village: str
    village_code: str
    day: date
    files: tuple[HandedFile, ...]
    program_version: str
    schema_version: int
    written_at: datetime
    who: str

    def as_json(self) -> dict[str, Any]:
        return {
            "format_version": FORMAT_VERSION,
            "village": self.village,
            "village_code": self.village_code,
            "day": self.day.isoformat(),
            "files": [f.as_json() for f in self.files],
            "program_version": self.program_version,
            "schema_version": self.schema_version,
            "written_at": self.written_at.isoformat(),
            "who": self.who,
        }

    def as_bytes(self) -> bytes:
        return (json.dumps(self.as_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    @classmethod
    def parse(cls, data: bytes) -> Manifest:
        """ValueError (or KeyError) if data is not a manifest this program can read."""
        raw = json.loads(data.decode("utf-8"))
        if raw.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"unknown manifest format {raw.get('format_version')!r}")
        return cls(
            village=str(raw["village"]),
            village_code=str(raw["village_code"]),
            day=date.fromisoformat(raw["day"]),
            files=files_from_json(raw["files"]),
            program_version=str(raw["program_version"]),
            schema_version=int(raw["schema_version"]),
            written_at=datetime.fromisoformat(raw["written_at"]),
            who=str(raw["who"]),
        )
