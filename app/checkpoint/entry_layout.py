"""Where the gate entry's boxes sit (four lines of label and box, the companions under them, the flag and the
message at the foot) and the order Tab and Enter take through them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PyQt6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from app.checkpoint.entry_form import EntryForm


def lay_out(form: EntryForm) -> list[QWidget]:
    """The form's boxes placed; returns them in Enter's order (the tab order set to it)."""
    who = form.who

    grid = QGridLayout()
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(6)
    grid.setVerticalSpacing(4)
    grid.addWidget(QLabel("查找："), 0, 0)
    grid.addWidget(who, 0, 1, 1, 3)
    grid.addWidget(QLabel("时间："), 0, 4)
    grid.addWidget(form.when, 0, 5)
    grid.addWidget(QLabel("进出："), 0, 6)
    grid.addWidget(form.direction_button, 0, 7)
    grid.addWidget(QLabel("姓名："), 1, 0)
    grid.addWidget(form.lead.name, 1, 1)
    grid.addWidget(QLabel("身份证号："), 1, 2)
    grid.addWidget(form.lead.id_number, 1, 3)
    grid.addWidget(QLabel("电话："), 1, 4)
    grid.addWidget(form.phone, 1, 5)
    grid.addWidget(QLabel("住址："), 1, 6)
    grid.addWidget(form.address, 1, 7)
    grid.addWidget(QLabel("体温(℃)："), 2, 0)
    grid.addWidget(form.lead.temperature, 2, 1)
    grid.addWidget(QLabel("症状："), 2, 2)
    grid.addWidget(form.symptoms, 2, 3)
    grid.addWidget(QLabel("从何处来："), 2, 4)
    grid.addWidget(form.from_place, 2, 5)
    grid.addWidget(QLabel("事由："), 2, 6)
    grid.addWidget(form.reason, 2, 7)
    grid.addWidget(QLabel("车牌(F4)："), 3, 0)
    grid.addLayout(form.plate_picker.row, 3, 1)
    grid.addWidget(form.plate_note, 3, 2, 1, 2)
    grid.addWidget(QLabel("到何处去："), 3, 4)
    grid.addWidget(form.to_place, 3, 5)
    grid.addWidget(form.from_hint, 3, 6, 1, 2)
    for column, stretch in ((1, 2), (3, 3), (5, 2), (7, 2)):
        grid.setColumnStretch(column, stretch)
    bottom = QHBoxLayout()
    bottom.addWidget(form.flag)
    bottom.addWidget(form.message, 1)
    bottom.addWidget(form.save_button)
    layout = QVBoxLayout(form)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    layout.addLayout(grid)
    layout.addWidget(form.companions_list.hint)
    layout.addLayout(form.companions_list.box)
    layout.addLayout(bottom)
    order: list[QWidget] = [
        who,
        form.lead.name,
        form.lead.id_number,
        form.phone,
        form.address,
        form.lead.temperature,
        form.symptoms,
        form.from_place,
        form.reason,
        form.to_place,
        form.province,
        form.plate,
    ]
    for first, second in zip(order, order[1:], strict=False):
        QWidget.setTabOrder(first, second)
    return order
