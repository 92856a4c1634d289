"""乡镇汇总's import: every data package found in the files and folders given (a stick's dated folders
included), each checked and loaded on its own (db.day_packages), and every file accounted for — taken,
replacing an older one, already loaded, or refused with its reason — so the counts add up."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from db.day_packages import REPLACED, TAKEN, UNCHANGED, import_package
from db.errors import LedgerError
from forms.reports.day_package import is_day_package, read_day_package

REFUSED = "未导入"
SKIPPED = "跳过（不是数据包）"


@dataclass(frozen=True)
class PackageOutcome:
    """What became of one file: its outcome, and for a refused one the reason."""

    file: Path
    outcome: str
    """TAKEN, REPLACED, UNCHANGED or REFUSED."""
    village: str = ""
    day: str = ""
    reason: str = ""


@dataclass
class TownshipImport:
    """Every file's outcome, in the order the files were found."""

    outcomes: list[PackageOutcome] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes if o.outcome == outcome)

    def summary(self) -> str:
        parts = [f"{o} {self.count(o)} 个" for o in (TAKEN, REPLACED, UNCHANGED, REFUSED, SKIPPED) if self.count(o)]
        return f"共 {len(self.outcomes)} 个数据包：" + ("，".join(parts) or "无")


def package_files(paths: Iterable[Path]) -> list[Path]:
    """The .zip files given, and those anywhere under the folders given, in name order."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.zip") if p.is_file() and not p.name.startswith(".~"))
        else:
            found.append(path)
    return found


def import_paths(
    paths: Iterable[Path], password: str, every_file: Callable[[int, int], None] | None = None
) -> TownshipImport:
    """Check and load each package; one refused never stops the others, nor leaves anything half loaded. A zip
    that is no data package (a sealed workbook) is skipped and counted as such."""
    files = package_files(paths)
    result = TownshipImport()
    for n, path in enumerate(files, start=1):
        result.outcomes.append(_one(path, password))
        if every_file is not None:
            every_file(n, len(files))
    return result


def _one(path: Path, password: str) -> PackageOutcome:
    if not is_day_package(path):  # the sealed workbooks beside the packages on a stick
        return PackageOutcome(path, SKIPPED)
    try:
        record = read_day_package(path, password)
        return PackageOutcome(path, import_package(record), record.village_name, record.day.isoformat())
    except LedgerError as exc:
        return PackageOutcome(path, REFUSED, reason=str(exc))
