"""The roster tab's dialogs: 调班 (who takes a place, each one with whether the rules allow it and, if not,
why, in the rules' own words) and 值班日志 (the shift's counts, prefilled from the checkpoint register of its
hours, fevers and what was done, calls, the hand-over) — and the words said before and after a generation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.duty.roster_grid import RED
from app.editors.dialog_parts import ERROR_STYLE, fit_to_contents, problem_banner, save_cancel, show_problem
from db import duty_actions, duty_roster
from db.duty.precheck import Shortfall
from db.duty_roster import Generated, ReplacementChoice
from db.errors import LedgerError
from db.queries.duty import MissedShift, ShiftLine
from db.queries.duty_log import LogDraft
from db.rules.chinese_dates import short_date

GREY = "color: #666666;"


def shortfall_text(found: Sequence[Shortfall]) -> str:
    """The question asked before solving when the rules cannot all be met."""
    lines = "\n".join(f"• {s.text}" for s in found[:12])
    more = f"\n……另有 {len(found) - 12} 处" if len(found) > 12 else ""
    return (
        f"按现有人员和规则，下面 {len(found)} 处无论怎样排都排不满，生成后会留下空缺：\n\n{lines}{more}\n\n"
        "可以先补充人员（值班人员）或调整岗位人数，也可以照样生成，空缺会注明原因。"
    )


def generated_text(done: Generated, first_label: str, last_label: str) -> str:
    """What a generation changed, what stays open and why, how fair it is, and whether that is proven best."""
    roster = done.roster
    lines = [
        f"已生成 {first_label}至{last_label} 的排班：共 {done.shifts} 个班次，"
        f"{roster.filled}/{roster.seats} 个位置有人。",
        f"新排 {done.added} 人次，撤下 {done.removed} 人次，保留 {done.kept} 人次（已开始的班次和手工调班不变）。",
    ]
    if roster.open_seats:
        lines.append(f"空缺 {sum(s.seats for s in roster.open_seats)} 人次：")
        for seat in roster.open_seats[:10]:
            lead = "（含带班干部）" if seat.leader else ""
            lines.append(f"• {seat.shift.label} 缺 {seat.seats} 人{lead}：{seat.reason}")
        if len(roster.open_seats) > 10:
            lines.append(f"……另有 {len(roster.open_seats) - 10} 个班次有空缺，见排班表备注")
    else:
        lines.append("没有空缺。")
    lines.append(
        f"公平：各人班次数（按可值班的时间折算）最多与最少相差 {roster.spread:.1f} 个，"
        f"夜班相差 {roster.night_spread:.1f} 个。"
    )
    lines.append(roster.proof_text())
    return "\n".join(lines)


def missed_text(found: Sequence[MissedShift]) -> str:
    """ "未签到：张三（12月01日 村东卡点 白班）；…" ("" when nobody missed a shift)."""
    if not found:
        return ""
    said = "；".join(f"{m.name}（{short_date(m.day)} {m.post} {m.shift}）" for m in found[:8])
    more = f" 等 {len(found)} 人次" if len(found) > 8 else ""
    return f"班次已结束未签到：{said}{more}"


class SwapDialog(QDialog):
    """调班: the people who could take the place, the ones the rules allow first; choosing one the rules refuse
    shows why, and 调班 stays off for them."""

    def __init__(
        self, line: ShiftLine, assignment_id: int, name: str, now: datetime, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("调班")
        self.assignment_id, self.now = assignment_id, now
        self.choices: list[ReplacementChoice] = duty_roster.replacement_choices(assignment_id, now)
        self.saved = False
        self.banner = problem_banner()
        about = QLabel(f"{short_date(line.day)}（周{line.weekday}） {line.label}：{name} 不能值班，改由谁来？")
        about.setWordWrap(True)
        self.people = QListWidget()
        self.people.setObjectName("dutySwapPeople")
        for choice in self.choices:
            said = "可以调班" if not choice.reasons else "不符合排班规则"
            item = QListWidgetItem(f"{choice.name}　{said}")
            item.setData(Qt.ItemDataRole.UserRole, choice.person_id)
            if choice.reasons:
                item.setForeground(RED)
                item.setToolTip("；".join(choice.reasons))
            self.people.addItem(item)
        self.why = QLabel()
        self.why.setObjectName("dutySwapWhy")
        self.why.setWordWrap(True)
        self.why.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.why.setMinimumHeight(self.why.fontMetrics().lineSpacing() * 4 + 4)  # room for a few reasons
        self.note = QLineEdit()
        self.note.setObjectName("dutySwapNote")
        self.note.setPlaceholderText("如：张三家中有事（不填则写“某某调班给某某”）")
        form = QFormLayout()
        form.addRow("备注", self.note)
        self.buttons = save_cancel(self, self.save, "调班")
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(about)
        layout.addWidget(self.people, 1)
        layout.addWidget(self.why)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.people.currentRowChanged.connect(self._chosen)
        if self.choices:
            self.people.setCurrentRow(0)
        else:
            self._chosen(-1)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("国") * 30)
        fit_to_contents(self)

    def chosen(self) -> ReplacementChoice | None:
        row = self.people.currentRow()
        return self.choices[row] if 0 <= row < len(self.choices) else None

    def _chosen(self, _row: int) -> None:
        choice = self.chosen()
        save = self.buttons.buttons()[0]
        save.setEnabled(choice is not None and not choice.reasons)
        if choice is None:
            self.why.setText("没有其他值班人员")
            self.why.setStyleSheet(ERROR_STYLE)
        elif choice.reasons:
            self.why.setText(f"不能调给{choice.name}：" + "；".join(choice.reasons))
            self.why.setStyleSheet(ERROR_STYLE)
        else:
            self.why.setText(f"{choice.name}可以接这个班（调班后下次生成排班时保留）")
            self.why.setStyleSheet(GREY)

    def save(self) -> None:
        choice = self.chosen()
        if choice is None or choice.reasons:
            return
        try:
            duty_roster.replace(self.assignment_id, choice.person_id, self.now, self.note.text())
        except LedgerError as exc:
            show_problem(self.banner, str(exc))
            return
        self.saved = True
        self.accept()


COUNT_FIELDS = (("registered", "登记人次"), ("vehicles", "登记车次"), ("turned_back", "劝返人数"))
TEXT_FIELDS = (("fevers", "发热人员及处置"), ("calls", "来电及处理"), ("handover", "交接事项"))
NAME_FIELDS = (("handed_by", "交班人"), ("taken_by", "接班人"))


class LogDialog(QDialog):
    """值班日志 of one shift: the counts (from the register of the shift's hours when the post has a
    checkpoint and nothing was written yet), fevers and what was done, calls, the hand-over and its people."""

    def __init__(
        self, draft: LogDraft, missed: Sequence[MissedShift], now: datetime, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("值班日志")
        self.draft, self.now = draft, now
        self.saved = False
        self.banner = problem_banner()
        title = QLabel(draft.title)
        title.setStyleSheet("font-weight: bold;")
        self.source = QLabel(self._source_words())
        self.source.setObjectName("dutyLogSource")
        self.source.setWordWrap(True)
        self.source.setStyleSheet(GREY)
        self.inputs: dict[str, QSpinBox | QPlainTextEdit | QLineEdit] = {}
        form = QFormLayout()
        for key, label in COUNT_FIELDS:
            spin = QSpinBox()
            spin.setRange(0, 100_000)
            spin.setValue(int(draft.values[key]))
            spin.setObjectName(f"dutyLog_{key}")
            form.addRow(label, spin)
            self.inputs[key] = spin
        for key, label in TEXT_FIELDS:
            text = QPlainTextEdit(str(draft.values[key]))
            text.setObjectName(f"dutyLog_{key}")
            text.setTabChangesFocus(True)
            text.setFixedHeight(text.fontMetrics().lineSpacing() * 3 + 12)
            form.addRow(label, text)
            self.inputs[key] = text
        for key, label in NAME_FIELDS:
            box = QLineEdit(str(draft.values[key]))
            box.setObjectName(f"dutyLog_{key}")
            form.addRow(label, box)
            self.inputs[key] = box
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(title)
        layout.addWidget(self.source)
        self.absent = QLabel("未签到：" + "、".join(m.name for m in missed))
        self.absent.setObjectName("dutyLogMissed")
        self.absent.setStyleSheet(ERROR_STYLE)
        self.absent.setVisible(bool(missed))
        layout.addWidget(self.absent)
        layout.addLayout(form)
        self.buttons = save_cancel(self, self.save)
        layout.addWidget(self.buttons)
        fit_to_contents(self)

    def _source_words(self) -> str:
        draft, gate = self.draft, self.draft.gate
        parts = []
        if draft.written_at is not None:
            parts.append(f"已于 {draft.written_at:%m-%d %H:%M} 填写")
        if gate is not None:
            taken = "" if draft.written_at is not None else "（以下人数已按此填入，可修改）"
            parts.append(f"卡点登记（本班时段）：{gate.line()}{taken}")
        else:
            parts.append("本岗位没有关联卡点，人数请按实际填写")
        return "；".join(parts)

    def values(self) -> dict[str, object]:
        found: dict[str, object] = {}
        for key, widget in self.inputs.items():
            if isinstance(widget, QSpinBox):
                found[key] = widget.value()
            elif isinstance(widget, QPlainTextEdit):
                found[key] = widget.toPlainText().strip()
            else:
                found[key] = widget.text().strip()
        return found

    def save(self) -> None:
        try:
            duty_actions.write_log(self.draft.shift_id, self.values(), self.now)
        except LedgerError as exc:
            show_problem(self.banner, str(exc))
            return
        self.saved = True
        self.accept()
