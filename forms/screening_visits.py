"""How a screening import decides, row by row, whose finding a row is and which household visit it goes to.

Who a row is: the roster person with its ID number; else the one of its name in the household its 组别 / 门牌号
/ 户主 / 家庭住址 name; else the only person present in the village with that name. Someone the roster lacks with
a valid ID number and a grid of the round is added as 暂住 to the grid's 外来暂住人员 household (as the ledger
import adds visitors); without them the row is refused ("花名册中没有此人…"). Rows of one household make one
visit: 已排查 when someone in it was met (a finding column filled), else what the rows say (不在家 → 无人在家待复查,
拒绝, 搬离); the visit day is the latest 排查日期 of its rows, else the day given. A visit already in the round as
the file says is marked unchanged, so importing a file twice changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from db.imports.cases import VISITOR_DOOR, VISITOR_HEAD
from db.imports.rows import RowIssue
from db.imports.screening import ALREADY_RECORDED, PlannedRow, PlannedVisit, ScreeningImportPlan
from db.models import Finding, RoundGrid, Visit
from db.models.household import PersonStatus
from db.models.screening import Contact, VisitOutcome
from db.rules.key_areas import symptom_words
from forms.case_import import VISITOR_ADDED, VISITOR_RELATION
from forms.choice_words import EXACT, WORD
from forms.kinds import Choice
from forms.screening_fields import OPINIONS, SCREENING_ROW, SYMPTOM_FLAGS
from forms.screening_rows import LEFT, Roster, ScreeningRow, area_of, travel_number_in

#: (person id or None for a visitor, household id or -grid id, the visitor's roster values)
_Who = tuple[int | None, int, dict[str, Any] | None]

NOT_IN_ROSTER = "花名册中没有此人，请先在花名册或排查页添加"
NO_RESULT = "没有排查结果（体温、症状、旅居、接触、措施和走访结果都未填），未登记"
#: Words of a symptoms cell that say "nothing wrong", besides db.rules.key_areas.NO_SYMPTOM.
_WELL = frozenset({"无异常", "健康", "良好", "身体健康", "未见异常", "正常", "无症状", "均无"})
_SYMPTOM_JOINS = re.compile(r"[和及并]")
#: 身体状况 as the register export and the isolation lists write it: 异常（37.8℃ 咳嗽）.
_HEALTH = re.compile(r"^(?:非正常|异常)[（(](.*)[）)]$")
_READING = re.compile(r"\d{2}(?:\.\d)?℃?")
#: Notes of our own register export that say nothing new (the missing date shows as a blank).
_EMPTY_NOTES = frozenset({"返回日期未填"})
_OUTCOME = cast(Choice, SCREENING_ROW.field("outcome").kind)


def _symptoms(values: dict[str, Any]) -> str:
    """The symptoms the yes/no columns and the text say ("发热和咳嗽", "异常（37.8℃ 咳嗽）" as 身体状况 is written)."""
    words = [word for flag, word in SYMPTOM_FLAGS.items() if values.get(flag) is True]
    text = str(values.get("symptoms", "")).strip()
    text = _SYMPTOM_JOINS.sub("、", _HEALTH.sub(r"\1", text))
    words += [w for w in symptom_words(text) if w not in _WELL and not _READING.fullmatch(w)]
    return "、".join(dict.fromkeys(words))


def _outcome_in_note(note: str) -> tuple[str | None, str]:
    """An outcome the note opens with as a whole part ("无人在家待复查；白天外出务工", "不在家"), and the rest."""
    first, _sep, rest = note.partition("；")
    reading = _OUTCOME.read(first)
    if reading.how in (EXACT, WORD) and reading.value:
        return reading.value, rest
    return None, note


@dataclass
class _Met:
    """A row taken into its household's visit (person_id None: someone the roster lacks, to add as visitor)."""

    row: ScreeningRow
    person_id: int | None
    visitor: dict[str, Any] | None
    finding: dict[str, Any] | None  # None: the person was not met (不在家 …)
    outcome: str | None  # as the row says it, None when it does not
    note: str
    warnings: list[RowIssue] = field(default_factory=list)


class Planner:
    """Decides, row by row, whose finding a row is and which household's visit it goes to; then the visits."""

    def __init__(self, plan: ScreeningImportPlan, roster: Roster, today: date) -> None:
        self.plan, self.roster, self.today = plan, roster, today
        grids = RoundGrid.select(RoundGrid.grid, RoundGrid.worker).where(RoundGrid.round == plan.round_id)
        self.workers = dict(cast(Iterable[tuple[int, str]], grids.tuples()))
        #: household id (or -grid id: the grid's 外来暂住人员 household, not made yet) → its rows
        self.by_household: dict[int, list[_Met]] = {}

    def refuse(self, r: ScreeningRow, label: str, reason: str) -> None:
        self.plan.refused.append(RowIssue(r.sheet, r.row, r.name, label, reason))

    def add(self, r: ScreeningRow) -> None:
        if any(i.severity == "error" for i in r.issues):
            for i in r.issues:
                (self.plan.refused if i.severity == "error" else self.plan.warnings).append(
                    RowIssue(r.sheet, r.row, r.name, i.label, i.message, i.severity)
                )
            return
        warnings = [RowIssue(r.sheet, r.row, r.name, i.label, i.message, "warning") for i in r.issues]
        who = self._who(r, warnings)
        if who is None:
            return
        person_id, household_id, visitor = who
        household = self.roster.households.get(household_id)
        if household is not None and household.grid_id not in self.workers:
            self.refuse(r, "家庭住址", f"{household.label}（{household.grid}）不在本轮排查范围内")
            return
        note = str(r.values.get("note", ""))
        outcome: str | None = r.values.get("outcome") or None
        if outcome is None and note:
            outcome, note = _outcome_in_note(note)
        finding = self._finding(r, warnings) if r.answered else None
        if finding is None and outcome is None:
            self.refuse(r, "排查结果", NO_RESULT)
            return
        met = _Met(r, person_id, visitor, finding, outcome, note, warnings)
        self.by_household.setdefault(household_id, []).append(met)

    def _who(self, r: ScreeningRow, warnings: list[RowIssue]) -> _Who | None:
        """(person id, household key, visitor values) of the row's person, or None when the row was refused."""
        roster, v = self.roster, r.values
        hinted, grid_id = roster.household_of(v)
        number, name = v.get("id_number"), v["name"]
        if number:
            found = roster.by_number.get(number)
            if found is None:
                return self._visitor(r, grid_id, warnings)
            person_id, roster_name, status, household_id = found
            if roster_name != name:
                warnings.append(self._warn(r, "姓名", f"花名册中此身份证号的人叫“{roster_name}”，已按身份证号对应"))
            if status in LEFT:
                warnings.append(self._warn(r, "身份证号", f"花名册中此人状态为“{status}”，请核对"))
            if hinted and household_id not in hinted:
                where = roster.households[household_id].label
                warnings.append(self._warn(r, "家庭住址", f"花名册中此人在 {where}，按花名册登记"))
            return person_id, household_id, None
        namesakes = roster.present_by_name.get(name, [])
        in_household = [p for p in namesakes if p[1] in hinted]
        if len(in_household) == 1:
            return (*in_household[0], None)
        if len(in_household) > 1:
            self.refuse(r, "姓名", f"此户有 {len(in_household)} 个叫“{name}”的人，请填写身份证号")
            return None
        candidates = [p for p in namesakes if grid_id is None or roster.households[p[1]].grid_id == grid_id]
        if len(candidates) > 1:
            candidates = [p for p in candidates if roster.households[p[1]].grid_id in self.workers]
        if len(candidates) == 1:
            warnings.append(self._warn(r, "姓名", "未填身份证号，已按姓名对应花名册中的人员，请核对"))
            return (*candidates[0], None)
        if candidates:
            self.refuse(
                r, "姓名", f"花名册中有 {len(candidates)} 个叫“{name}”的人，无法确定是谁，请填写身份证号或家庭住址"
            )
            return None
        self.refuse(r, "姓名", NOT_IN_ROSTER)
        return None

    def _visitor(self, r: ScreeningRow, grid_id: int | None, warnings: list[RowIssue]) -> _Who | None:
        """A person with a valid ID number the roster lacks, in a grid of the round: added as 暂住 to the grid's
        外来暂住人员 household (as the ledger import adds visitors); without a grid of the round, refused."""
        if grid_id is None:
            self.refuse(r, "身份证号", NOT_IN_ROSTER + "（写明家庭住址或组别的，可作为暂住人员加入）")
            return None
        if grid_id not in self.workers:
            grid = next(name for name, gid in self.roster.grids.items() if gid == grid_id)
            self.refuse(r, "家庭住址", f"{grid}不在本轮排查范围内")
            return None
        warnings.append(self._warn(r, "姓名", VISITOR_ADDED))
        v = r.values
        person: dict[str, Any] = {k: v[k] for k in ("name", "id_number", "phone") if k in v}
        person.update(status=PersonStatus.TEMPORARY.value, relation=VISITOR_RELATION)
        return None, self.roster.visitor_households.get(grid_id, -grid_id), person

    @staticmethod
    def _warn(r: ScreeningRow, label: str, reason: str) -> RowIssue:
        return RowIssue(r.sheet, r.row, r.name, label, reason, "warning")

    def _finding(self, r: ScreeningRow, warnings: list[RowIssue]) -> dict[str, Any]:
        """The finding's fields the row gives (a column left blank changes nothing of an earlier visit's)."""
        v, given = r.values, r.answered
        finding: dict[str, Any] = {}
        if "temperature" in v:
            finding["temperature"] = v["temperature"]
        if given & {"symptoms", *SYMPTOM_FLAGS}:
            finding["symptoms"] = _symptoms(v)
        notes = [part for part in str(v.get("note", "")).split("；") if part and part not in _EMPTY_NOTES]
        if v.get("area"):
            code, words = area_of(str(v["area"]))
            if words is not None:
                finding.update(area_code=code, area_name=words)
                if code is None:
                    warnings.append(self._warn(r, "来自何地", f"“{words}”未能对应到行政区划，按原文记录"))
        elif v.get("key_area") is True:
            warnings.append(self._warn(r, "是否去过重点地区", "填“是”但未填地点，已记入备注，请核对"))
            notes.append("去过重点地区（未填地点）")
        if "returned_on" in v:
            finding["returned_on"] = v["returned_on"]
        if "travel_means" in v:
            finding["travel_means"] = v["travel_means"]
        number = v.get("travel_number") or travel_number_in(r.travel_words)
        if number:
            finding["travel_number"] = number
        opinions = [label for name, (label, _words) in OPINIONS.items() if v.get(name) is True]
        if opinions:
            notes.append(f"医疗意见：{'、'.join(opinions)}")
        if given & {"contact_case", "contact_area", "contact", "opinion_contact"}:
            contact = v.get("contact", Contact.NONE.value)
            if v.get("contact_case") is True or v.get("opinion_contact") is True or contact == Contact.CASE.value:
                finding["contact"] = Contact.CASE.value
            elif v.get("contact_area") is True or contact == Contact.KEY_AREA.value:
                finding["contact"] = Contact.KEY_AREA.value
            else:
                finding["contact"] = Contact.NONE.value
        if "measure" in v:
            finding["measure"] = v["measure"]
        note = "；".join(notes)
        if note:
            outcome, rest = _outcome_in_note(note)
            finding["note"] = rest if outcome else note
        return finding

    # --- households into visits -----------------------------------------------------------------

    def finish(self) -> None:
        existing = self._existing()
        for household_id, rows in self.by_household.items():
            visit = self._visit(household_id, rows)
            if visit is not None:
                self._compare(visit, existing)
                self.plan.visits.append(visit)

    def _visit(self, household_id: int, rows: list[_Met]) -> PlannedVisit | None:
        household = self.roster.households.get(household_id)
        grid = household.grid if household is not None else self.roster.grid_name(-household_id)
        label = household.label if household is not None else f"{grid}{VISITOR_DOOR} {VISITOR_HEAD}"
        days = [m.row.values["on"] for m in rows if m.row.values.get("on")]
        on = max(days) if days else self.today
        first = rows[0].row
        if not days:
            self.plan.warnings.append(self._warn(first, "排查日期", f"未填排查日期，按 {on:%Y-%m-%d} 登记"))
        elif on > self.today:
            self.plan.warnings.append(self._warn(first, "排查日期", f"{on:%Y-%m-%d} 在今天之后，请核对"))
        taken: list[_Met] = []
        for m in rows:
            back = (m.finding or {}).get("returned_on")
            if back is not None and back > on:
                self.refuse(m.row, "返回日期", f"{back:%Y-%m-%d} 晚于排查日期 {on:%Y-%m-%d}，请核对")
                continue
            taken.append(m)
        if not taken:
            return None
        met = [m for m in taken if m.finding is not None]
        said = {m.outcome for m in met}
        # Someone met: 已排查, unless every row met says the same other outcome (a revisit pending, as exported).
        outcome = VisitOutcome.SCREENED.value
        if met and len(said) == 1 and (only := next(iter(said))) is not None:
            outcome = only
        elif not met:
            outcome = next(m.outcome for m in taken if m.outcome)
        away = [m.note for m in taken if m.finding is None and m.note]
        note = "；".join(dict.fromkeys(away)) if any(m.finding is None for m in taken) else None
        worker = next((str(m.row.values["worker"]) for m in taken if m.row.values.get("worker")), "")
        known = household_id if household is not None else None
        visit = PlannedVisit(known, label, on, worker, outcome, note, grid=grid)
        seen: dict[int | str, tuple[_Met, dict[str, Any]]] = {}
        for m in taken:
            self.plan.warnings.extend(m.warnings)
            r = m.row
            key: int | str = m.person_id if m.person_id is not None else f"id:{r.values['id_number']}"
            twin = seen.get(key)
            if twin is not None:
                if m.finding is not None:
                    clash = [k for k, value in m.finding.items() if twin[1].get(k, value) != value]
                    if clash:
                        labels = "、".join(SCREENING_ROW.field(_label_field(k)).label for k in clash)
                        self.refuse(r, "姓名", f"与第 {twin[0].row.row} 行是同一人，但{labels}不同，请核对")
                        continue
                    twin[1].update(m.finding)
                    if twin[0].visitor is None and not any(f is twin[1] for f in visit.findings):
                        visit.findings.append(twin[1])  # the earlier row met nobody: now they are met
                    elif twin[0].visitor is not None and twin[0].finding is None:
                        twin[0].finding = twin[1]
                        visit.new_people = [(p, twin[1] if p is twin[0].visitor else f) for p, f in visit.new_people]
                visit.rows.append(PlannedRow(r.sheet, r.row, r.name, "merged", f"与第 {twin[0].row.row} 行是同一人"))
                continue
            reason = "" if m.finding is not None else f"{m.outcome or outcome}，未登记排查结果"
            if m.visitor is not None:
                finding = dict(m.finding or {})
                visit.new_people.append((m.visitor, finding if m.finding is not None else None))
                visit.rows.append(PlannedRow(r.sheet, r.row, r.name, "created", reason or VISITOR_ADDED, added=True))
                seen[key] = (m, finding)
                continue
            finding = {"person": m.person_id, **(m.finding or {})}
            if m.finding is not None:
                visit.findings.append(finding)
            seen[key] = (m, finding)
            finding_of = m.person_id if m.finding is not None else None
            visit.rows.append(PlannedRow(r.sheet, r.row, r.name, "created", reason, finding_of))
        return visit

    def _existing(self) -> tuple[dict[int, Visit], dict[tuple[int, int], Finding]]:
        households = sorted(h for h in self.by_household if h > 0)
        visits = Visit.select().where((Visit.round == self.plan.round_id) & Visit.household.in_(households))
        by_household = {v.household_id: v for v in visits}
        findings = Finding.select().where(Finding.visit.in_([v.id for v in by_household.values()]))
        return by_household, {(f.visit_id, f.person_id): f for f in findings}

    def _compare(self, visit: PlannedVisit, existing: tuple[dict[int, Visit], dict[tuple[int, int], Finding]]) -> None:
        """Mark the visit and its rows created, updated or unchanged against what the round holds."""
        visits, findings = existing
        before = visits.get(visit.household_id) if visit.household_id is not None else None
        if before is None or visit.household_id is None:
            return
        grid_id = self.roster.households[visit.household_id].grid_id
        same_visit = (
            before.on == visit.on
            and before.worker == (visit.worker or self.workers.get(grid_id, ""))
            and before.outcome == visit.outcome
            and (visit.note is None or before.note == visit.note)
        )
        states: dict[int, str] = {}
        for finding in visit.findings:
            old = findings.get((before.id, finding["person"]))
            if old is None:
                states[finding["person"]] = "created"
            elif all(_stored(k, value) == getattr(old, k) for k, value in finding.items() if k != "person"):
                states[finding["person"]] = "unchanged"
            else:
                states[finding["person"]] = "updated"
        changed = not same_visit or bool(visit.new_people) or any(s != "unchanged" for s in states.values())
        visit.state = "updated" if changed else "unchanged"
        for planned in visit.rows:
            if planned.outcome == "merged" or planned.added:
                continue
            if not changed:
                planned.outcome = "unchanged"
            elif planned.finding_of is not None:
                planned.outcome = states[planned.finding_of]
            else:
                planned.outcome = "updated"
            if planned.outcome == "unchanged":
                planned.reason = ALREADY_RECORDED


def _label_field(key: str) -> str:
    return {"area_code": "area", "area_name": "area"}.get(key, key)


def _stored(key: str, value: Any) -> Any:
    """A planned finding value as record_visit will store it, to compare with what is stored."""
    if key == "symptoms":
        return "、".join(symptom_words(str(value)))
    if key == "temperature" and value is not None:
        return float(value)
    return value
