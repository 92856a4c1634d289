"""What the gate's entry form holds, as db.checkpoint_actions.register_entry takes it: the lead's values and
each companion's, or None once the form has said which box stops the save (and put the cursor there)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.checkpoint.person_line import PersonBoxes
from db import session
from db.rules.plates import plate_problem
from db.rules.temperature import parse_temperature
from forms.parsing.phones import PhoneError, parse_phone

if TYPE_CHECKING:
    from app.checkpoint.entry_form import EntryForm


def person_values(form: EntryForm, person: PersonBoxes, who: str) -> dict[str, Any] | None:
    values = person.identity()
    text = person.temperature.text().strip()
    if text:
        try:
            values["temperature"] = parse_temperature(text)
        except ValueError as exc:
            form.say(f"未保存：{who}的体温{exc}", problem=True)
            person.temperature.setFocus()
            return None
    return values


def entry_values(form: EntryForm) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """The lead's and the companions' values as register_entry takes them; None (said why) when the form
    cannot give them."""
    if form.checkpoint_id is None:
        form.say("请先在上方选择卡点", problem=True)
        return None
    lead = person_values(form, form.lead, "")
    if lead is None:
        return None
    if not lead["name"]:
        form.say("未保存：请填写姓名（在“查找”中输入身份证号、姓名或拼音首字母）", problem=True)
        (form.lead.name if form.who.text() else form.who).setFocus()
        return None
    problem = plate_problem(form.plate_picker.text())
    if problem:
        form.say(f"未保存：{problem}", problem=True)
        form.plate.setFocus()
        return None
    lead.update(
        {
            "checkpoint": form.checkpoint_id,
            "at": form.moment(),
            "direction": form.direction,
            "symptoms": form.symptoms.text().strip(),
            "from_place": form.from_place.text().strip(),
            "reason": form.reason.text().strip(),
            "to_place": form.to_place.text().strip(),
            "plate": form.plate_picker.text(),
            "recorder": recorder(),
        }
    )
    if form.address.text().strip():
        lead["address"] = form.address.text().strip()
    if form.phone.text().strip() and not form.phone.isReadOnly():
        try:
            lead["phone"] = parse_phone(form.phone.text())
        except PhoneError as exc:
            form.say(f"未保存：电话{exc}", problem=True)
            form.phone.setFocus()
            return None
    if form.area_code and lead["from_place"]:
        lead["from_area_code"] = form.area_code
    others = []
    for n, line in enumerate(form.companions, 1):
        if line.blank:
            continue
        values = person_values(form, line.person, f"同车 {n} ")
        if values is None:
            return None
        if not values["name"]:
            form.say(f"未保存：同车 {n} 请填写姓名", problem=True)
            line.person.name.setFocus()
            return None
        others.append(values)
    return lead, others


def recorder() -> str:
    current = session.current()
    return current.name if current is not None else ""
