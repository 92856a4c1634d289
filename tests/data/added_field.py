"""Run in a fresh interpreter: add a field to a copy of a definition (and its column, as a migration would),
then report what every screen, import and export of that record shows of it."""

# ruff: noqa: E402
# Imports follow the patch on purpose: the model and the definition must be changed before app/ imports them.

import dataclasses
import json
import sys
from pathlib import Path

import peewee

from db.models import Case, Person

RECORD, WORKBOOK, DB, OUT = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
# The model's half of the migration; the other half (ALTER TABLE) runs once the database is open.
(Person if RECORD == "person" else Case)._meta.add_field("work_place", peewee.CharField(default=""))

from forms import definitions
from forms.kinds import Text
from forms.types import Field

NEW = Field("work_place", "工作单位", Text(60), headers=("单位名称",), width=12)
if RECORD == "person":
    import forms.definitions.person as module

    definitions.PERSON = module.PERSON = dataclasses.replace(module.PERSON, fields=(*module.PERSON.fields, NEW))
else:
    import forms.definitions.case as module

    definitions.CASE = module.CASE = dataclasses.replace(module.CASE, fields=(*module.CASE.fields, NEW))

from PyQt6.QtWidgets import QApplication

from app.cli import main
from db.base import database
from db.connection import close_database, open_database

app = QApplication([])
open_database(DB)
database.execute_sql(f"ALTER TABLE \"{RECORD}\" ADD COLUMN work_place VARCHAR(255) NOT NULL DEFAULT ''")
close_database()
seen: dict[str, object] = {}
if RECORD == "person":
    seen["import_exit"] = main(["import-roster", str(WORKBOOK), "--db", str(DB)])
    open_database(DB)
    seen["stored"] = sorted(p.work_place for p in Person.select())
    from app.editors.record_form import RecordFormWidget
    from app.roster.people_model import PeopleTableModel
    from db.queries.people import Scope

    model = PeopleTableModel()
    model.set_filter("", Scope())
    from PyQt6.QtCore import Qt

    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    seen["table_headers"] = headers
    column = headers.index("工作单位") if "工作单位" in headers else None
    seen["table_cells"] = (
        sorted(model.data(model.index(r, column)) or "" for r in range(model.rowCount())) if column is not None else []
    )
    form = RecordFormWidget(definitions.PERSON)
    seen["form_inputs"] = sorted(form.inputs)
    seen["export_exit"] = main(["export-roster", "--db", str(DB), str(OUT)])
else:
    seen["import_exit"] = main(["import-cases", str(WORKBOOK), "--db", str(DB)])
    open_database(DB)
    seen["stored"] = sorted(c.work_place for c in Case.select())
    from app.quarantine.case_table import CaseTable
    from app.quarantine.new_case_dialog import NewCaseDialog
    from db.queries.cases import case_lines

    table = CaseTable()
    table.set_lines(case_lines())
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    seen["table_headers"] = headers
    seen["table_cells"] = (
        sorted(table.item(r, headers.index("工作单位")).text() for r in range(table.rowCount()))
        if "工作单位" in headers
        else []
    )
    from db import quarantine_actions as qa

    seen["form_inputs"] = sorted(NewCaseDialog().form.inputs)
    seen["correctable"] = "work_place" in definitions.CASE.correctable_names
    case = Case.select().first()
    qa.edit_case(case.id, {"work_place": "镇政府"})
    seen["corrected"] = Case.get_by_id(case.id).work_place
print(json.dumps(seen, ensure_ascii=False))
