"""The roster's list of people as a view: whole rows chosen one at a time, read-only (editing is a dialog), each
column as wide as its definition allows."""

from __future__ import annotations

from PyQt6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from app.roster.people_model import PeopleTableModel, widest_text


def people_table(model: PeopleTableModel) -> QTableView:
    table = QTableView()
    table.setObjectName("peopleTable")
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    rows, columns = table.verticalHeader(), table.horizontalHeader()
    assert rows is not None and columns is not None
    rows.setDefaultSectionSize(26)
    columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    columns.setStretchLastSection(True)  # 备注 takes what is left
    size_columns(table, model, columns)
    return table


def size_columns(table: QTableView, model: PeopleTableModel, columns: QHeaderView) -> None:
    """Each column as wide as the widest text its definition allows, measured in the table's font
    (half a digit's room either side), so the columns follow the font and the screen's scaling."""
    text = table.fontMetrics()
    header = columns.fontMetrics()
    padding = text.horizontalAdvance("0")
    for column, field in enumerate(model.columns):
        width = max(text.horizontalAdvance(widest_text(field)), header.horizontalAdvance(field.label)) + padding
        table.setColumnWidth(column, width)
