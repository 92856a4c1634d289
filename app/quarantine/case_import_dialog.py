"""Import the quarantine ledger a village already keeps in Excel, through the shared import flow.

Besides the column mapping, the clerk chooses the policy: by each row's 隔离方式 (each kind gets the
first policy in use whose first stage is that kind), or one named policy for every row. The preview
says which policy each group of rows got, since that decides every release date.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PyQt6.QtWidgets import QComboBox, QLabel, QWidget

from app.editors.import_dialog import SpreadsheetImportDialog, ask_spreadsheet
from app.tasks import ThreadProgress
from db.imports.cases import CaseImportPlan, CaseImportResult, apply_case_plan
from forms.case_fields import CASE_TARGETS
from forms.case_import import (
    case_mapping_problems,
    case_policies,
    guess_case_mapping,
    plan_case_import,
    read_cases,
)
from forms.excel.reader import SheetTable

BY_ROW = "按每行的隔离方式"
_TARGET_LABELS = {t.key: t.label for t in CASE_TARGETS}


def policy_groups(plan: CaseImportPlan) -> str:
    """ "居家隔离医学观察 4 人 → 14天居家隔离医学观察；…": which policy each kind of row got."""
    groups = Counter((c.values.get("kind", ""), c.policy_name) for c in plan.cases)
    return "；".join(f"{kind} {n} 人 → “{policy}”" for (kind, policy), n in groups.items())


class CaseImportDialog(SpreadsheetImportDialog):
    """The quarantine ledger import; `result_summary` is set once something was imported."""

    subject = "隔离台账"

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(path, f"导入隔离台账：{path.name}", parent)
        self.policy = QComboBox()
        self.policy.setObjectName("policyChoice")
        self.policy.addItem(BY_ROW, None)
        for policy_id, name in case_policies():
            self.policy.addItem(name, policy_id)
        self.policy.setToolTip(
            "按每行的隔离方式：每行选用第一阶段与其隔离方式相同的政策；选某个政策：所有行都按它计算解除日期"
        )
        self.policy.currentIndexChanged.connect(lambda _i: self.invalidate("管控政策已修改，请重新“预览”。"))
        label = QLabel("管控政策(&P)：")
        label.setBuddy(self.policy)
        self.options.addWidget(label)
        self.options.addWidget(self.policy)
        self.options.addWidget(QLabel("（决定每个人的观察期和解除日期）"))
        self.options.addStretch(1)

    def read(self, progress: ThreadProgress) -> list[SheetTable]:
        return read_cases(self.path, progress)

    def target_labels(self) -> Mapping[str, str]:
        return _TARGET_LABELS

    def guess(self, table: SheetTable) -> dict[int, str]:
        return guess_case_mapping(table)

    def mapping_problems(self, mapping: dict[int, str]) -> list[str]:
        return case_mapping_problems(mapping)

    def plan_options(self) -> dict[str, Any]:
        return {"policy_id": self.policy.currentData()}

    def make_plan(
        self, mappings: dict[str, dict[int, str]], options: dict[str, Any], progress: ThreadProgress
    ) -> CaseImportPlan:
        return plan_case_import(self.tables, mappings, progress, policy_id=options["policy_id"])

    def describe(self, plan: CaseImportPlan) -> str:
        groups = policy_groups(plan)
        return plan.preview() + (f"\n所用政策：{groups}" if groups else "")

    def importable(self, plan: CaseImportPlan) -> bool:
        return plan.new_cases > 0

    def apply(self, plan: CaseImportPlan, progress: ThreadProgress) -> CaseImportResult:
        return apply_case_plan(plan, self.path.name, progress)


def open_case_import(parent: QWidget | None = None) -> str | None:
    """Ask for the workbook, run the import dialog; the result summary if anything was imported."""
    path = ask_spreadsheet(parent, "选择隔离台账文件")
    if path is None:
        return None
    dialog = CaseImportDialog(path, parent)
    dialog.start()
    dialog.exec()
    return dialog.result_summary or None
