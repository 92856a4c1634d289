"""The screening page's two questions: 登记管控 from an abnormal finding (which policy), and 结束本轮 with
households not finished (the gap list, then the clerk's word)."""

from __future__ import annotations

from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.editors.dialog_parts import fit_to_contents
from db.models.quarantine import CaseSource
from db.queries import policies
from db.rules import observation


class FindingCaseDialog(QDialog):
    """登记管控 from a finding: who, why, from which day, and the policy (the first one in use preselected)."""

    def __init__(
        self,
        name: str,
        address: str,
        reasons: tuple[str, ...],
        day: str,
        parent: QWidget | None,
        source: str = CaseSource.SCREENING.value,
        grids: tuple[tuple[int, str], ...] = (),
    ) -> None:
        """source: where the finding was made (卡点 for a gate entry, app/checkpoint); grids: offered as 暂住网格
        for someone the roster lacks (they are added to the grid's 外来暂住人员 household)."""
        super().__init__(parent)
        self.setWindowTitle(f"登记管控：{name}")
        self.setMinimumWidth(440)
        self.policy = QComboBox()
        self.policy.setObjectName("policy")
        for p in policies.policies_in_use():
            self.policy.addItem(p.name, p.id)
        form = QFormLayout()
        form.addRow("姓名：", QLabel(f"<b>{name}</b>　{address}"))
        why = QLabel("；".join(reasons))
        why.setWordWrap(True)
        form.addRow("排查发现：" if source == CaseSource.SCREENING.value else "发现情况：", why)
        form.addRow("来源：", QLabel(source))
        self.grid = QComboBox()
        self.grid.setObjectName("visitorGrid")
        for grid_id, grid_name in grids:
            self.grid.addItem(grid_name, grid_id)
        if grids:
            form.addRow("暂住网格：", self.grid)
        form.addRow("开始日期：", QLabel(day))
        form.addRow("管控政策：", self.policy)
        self.kind = QLabel()
        self.kind.setObjectName("caseKind")
        form.addRow("管控方式：", self.kind)
        self.policy.currentIndexChanged.connect(lambda _i: self._show_kind())
        self._show_kind()
        hint = QLabel("登记后可在“隔离管控台账”中打开档案，修改地点、医生等。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555555;")
        buttons = QDialogButtonBox()
        ok = buttons.addButton("登记管控", QDialogButtonBox.ButtonRole.AcceptRole)
        assert ok is not None
        ok.setObjectName("confirmButton")
        ok.setDefault(True)
        ok.setEnabled(self.policy.count() > 0)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.policy.setFocus()
        fit_to_contents(self)

    def _show_kind(self) -> None:
        policy = policies.policy_or_none(self.policy_id())
        stages = observation.parse_stages(policy.stages) if policy is not None else []
        self.kind.setText("，然后".join(f"{s.kind} {s.days} 天" for s in stages))

    def grid_id(self) -> int | None:
        """The grid chosen for someone the roster lacks (None when no grid was offered)."""
        data = self.grid.currentData()
        return int(data) if data is not None else None

    def policy_id(self) -> int | None:
        data = self.policy.currentData()
        return int(data) if data is not None else None
