"""How a roster import decides, row by row, whose household a row is and whether its person is new or merged.

A row belongs to the household named by its 户号, else by its 门牌号 in its group, else by its 户主; a row
with none of these (cells merged down a household block come out blank) belongs to the household of the
row above, unless it is itself a 户主, which starts a new household. A person with the same ID number as
one already in the roster, or as an earlier row, is merged: the row's non-empty values update that person.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from db.imports.roster import ImportPlan, PlannedHousehold, PlannedPerson
from db.imports.rows import RowIssue
from db.models.household import RELATIONS
from db.progress import Progress, check_cancelled
from db.rules.group_names import group_named_in
from forms.definitions import HOUSEHOLD, PERSON
from forms.excel.formula_cells import cell_issues, with_cell_issues
from forms.excel.mapping import columns_by_field
from forms.excel.reader import SheetTable
from forms.import_steps import DEFAULT_GRID
from forms.parsing.names import shown_name
from forms.roster_keys import Existing, GroupNames, sheet_grid, short_door
from forms.types import Issue

HEAD = RELATIONS[0]
#: Fields that say who a person is and which household the row is of: a cell of one that holds a formula
#: without a result, or an error, refuses the row (it would come in blank: a person without an ID number, or in
#: the household above); in any other field the person is taken with that field blank, and a warning.
DECISIVE = ("name", "id_number", "relation", "number", "grid_name", "door_no", "head_name")


def parse_table(
    table: SheetTable, mapping: dict[int, str]
) -> Iterator[tuple[dict[str, Any], dict[str, Any], list[Issue], list[Issue]]]:
    """(household values, person values, household issues, person issues) of each row, column by column.

    Blank cells and unticked flags are left out: they never overwrite anything when merging, new
    records get the model's defaults for them, and a big import holds fewer values.
    """
    count = len(table.rows)

    def columns(form_name: str) -> dict[str, list[object]]:
        return {name: table.column(cols) for name, cols in columns_by_field(mapping, form_name).items()}

    # Household columns are optional per row (blank under merged cells): partial.
    households = HOUSEHOLD.parse_columns(columns(HOUSEHOLD.name), count, partial=True, lenient=True)
    people = PERSON.parse_columns(columns(PERSON.name), count, lenient=True)
    h_unread = cell_issues(table, mapping, HOUSEHOLD, DECISIVE)
    p_unread = cell_issues(table, mapping, PERSON, DECISIVE)
    for index, (h, p) in enumerate(zip(households, people, strict=True)):
        h_issues, p_issues = h.issues, p.issues
        if h_unread or p_unread:  # (cells holding a formula without a result, or an error: formula_cells)
            h_issues = with_cell_issues(h_issues, h_unread.get(index))
            p_issues = with_cell_issues(p_issues, p_unread.get(index))
        # (A person's values are text, dates and flags: falsy is blank or unticked.)
        yield h.values, {k: v for k, v in p.values.items() if v}, h_issues, p_issues


@dataclass
class _Above:
    """What the rows above in the table said of their household."""

    #: The household cells of the row above, as completed, and its household.
    previous: dict[str, Any] | None = None
    current: PlannedHousehold | None = None
    #: The household cells of the row that last looked its household up, as read and as completed.
    same_as: dict[str, Any] | None = None
    looked_up: dict[str, Any] | None = None


class _Place(NamedTuple):
    """Where a row is, for its issues (a tuple: made for each of 100,000 rows, a frozen dataclass costs more)."""

    sheet: str
    row: int
    name: str


class Planner:
    """Decides, row by row, whose household a row is, and whether its person is new or merged."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.plan = ImportPlan()
        self.existing = Existing()
        self.groups = GroupNames(self.existing.grids)
        self.by_key: dict[tuple[str, ...], PlannedHousehold] = {}
        self.claimed: set[int] = set()  # the ledger's households a planned one already is
        self.by_id_number: dict[str, PlannedPerson] = {}
        self.progress, self.total, self.done = progress, total, 0

    def table(self, table: SheetTable, mapping: dict[int, str]) -> None:
        """Plan the rows of one table, read by mapping (column → field)."""
        mapped_keys = set(mapping.values())
        grid_mapped = "household.grid_name" in mapped_keys
        relation_mapped = "person.relation" in mapped_keys
        name_col = next(col for col, key in mapping.items() if key == "person.name")
        fallback_grid = self._fallback_grid(table, grid_mapped)
        above = _Above()
        parsed_rows = parse_table(table, mapping)
        for (row_no, cells), (h_values, p_values, h_issues, p_issues) in zip(table.rows, parsed_rows, strict=True):
            self._tick()
            place = _Place(table.sheet, row_no, p_values.get("name") or shown_name(cells[name_col]))
            refused = self._issues(place, h_issues, p_issues) if h_issues or p_issues else False
            if refused is None:
                continue
            if h_values.get("grid_name"):
                h_values["grid_name"] = self.groups.stored_as(h_values["grid_name"])
            else:
                # A blank group cell under a group merged down, or no group column: the row above's, else the sheet's.
                inherited = above.previous.get("grid_name") if above.previous and grid_mapped else None
                h_values["grid_name"] = inherited or fallback_grid
            household = self._row_household(above, h_values, p_values, refused, place)
            if household is None or refused:
                continue
            if p_values.get("relation") == HEAD:
                household.values["head_name"] = household.values.get("head_name") or place.name
            elif not relation_mapped and household.values.get("head_name") == place.name:
                p_values["relation"] = HEAD
            person = PlannedPerson(table.sheet, row_no, p_values)
            _add_person(person, household, self.by_id_number, self.existing, self.plan)

    def _issues(self, place: _Place, h_issues: list[Issue], p_issues: list[Issue]) -> bool | None:
        """Note a row's issues; None when its household cells are refused (the row is left out), else whether
        its person is refused."""
        if not (h_issues or p_issues):
            return False
        for issue in (*h_issues, *p_issues):
            target = self.plan.refused if issue.severity == "error" else self.plan.warnings
            target.append(RowIssue(place.sheet, place.row, place.name, issue.label, issue.message, issue.severity))
        if any(i.severity == "error" for i in h_issues):
            return None
        # A person refused still says which household the rows below (merged cells) belong to.
        return any(i.severity == "error" for i in p_issues)

    def _row_household(
        self, above: _Above, h_values: dict[str, Any], p_values: dict[str, Any], refused: bool, place: _Place
    ) -> PlannedHousehold | None:
        """The household of a row (None: refused, it has nothing to tell it by); above is moved on to it."""
        starts_household = p_values.get("relation") == HEAD
        has_key = bool(h_values.get("number") or h_values.get("door_no") or h_values.get("head_name"))
        head_row = p_values if starts_household and not refused else None
        current = above.current
        if (
            has_key
            and above.looked_up is not None
            and above.previous is above.looked_up
            and h_values == above.same_as
            and current is not None
            and not (head_row is not None and _another_head(current, head_row, True))
        ):
            h_values, household = above.looked_up, current  # the row above's household cells again: its household
        elif not has_key and not starts_household:
            if current is None or above.previous is None or above.previous["grid_name"] != h_values["grid_name"]:
                if not refused:
                    why = "，且与上一行不是同一个组" if current is not None else "，上面也没有可归入的户"
                    self.plan.refused.append(
                        RowIssue(
                            place.sheet, place.row, place.name, "户号", "无法确定所属户：户号、门牌号、户主都为空" + why
                        )
                    )
                return None
            h_values, household = above.previous, current  # nothing to tell it by: the household above
            self.plan.rows_with_household_above += 1
        else:
            raw = dict(h_values) if has_key else None
            if not has_key:
                h_values["head_name"] = place.name  # (a 户主 row: it starts a household of its own)
            if h_values.get("door_no"):
                h_values["door_no"] = short_door(h_values["door_no"], self.existing.village_name, h_values["grid_name"])
            household = self.household_for(h_values, place.sheet, place.row, head_row, current)
            above.same_as, above.looked_up = raw, h_values
        above.previous, above.current = h_values, household
        return household

    def household_for(
        self,
        h_values: dict[str, Any],
        sheet: str,
        row_no: int,
        head_row: dict[str, Any] | None,
        current: PlannedHousehold | None,
    ) -> PlannedHousehold:
        """The household of a row: the one planned under its key, else a new one (with the ledger's household of
        that key, when there is one); head_row is the row's person when it is a 户主 row."""
        grid, door, head = h_values["grid_name"], h_values.get("door_no"), h_values.get("head_name")
        if h_values.get("number"):
            key: tuple[str, ...] = ("number", grid, h_values["number"])
        elif door:
            key = ("door", grid, door)
        elif head:
            key = ("head", grid, head)
        else:
            key = ("row", sheet, str(row_no))
        household = self.by_key.get(key)
        if (
            household is not None
            and key[0] != "number"
            and (
                (key[0] == "door" and head and household.values.get("head_name") not in (None, "", head))
                or (head_row is not None and _another_head(household, head_row, household is current))
            )
        ):
            household = None  # the same door or head's name, another household
        if household is None:
            household = self._new_household(key, h_values, head)
        else:
            for k, v in h_values.items():
                if v not in ("", None) and not household.values.get(k):
                    household.values[k] = v
        return household

    def _new_household(self, key: tuple[str, ...], h_values: dict[str, Any], head: str | None) -> PlannedHousehold:
        """A household planned under key: the ledger's of that 户号, else to be chosen by its members (finish)."""
        household = PlannedHousehold(dict(h_values))
        candidates = [c for c in self.existing.households.get(key, ()) if c not in self.claimed]
        if key[0] == "door" and head:  # the same door, another head: another household (分户)
            candidates = [c for c in candidates if self.existing.head_of[c] in ("", head)]
        if key[0] == "number" and candidates:  # (户号 is unique in a group)
            household.existing_id = candidates[0]
            self.claimed.add(candidates[0])
        else:
            household.candidates = candidates  # chosen by their members once all rows are read
        self.by_key[key] = household
        self.plan.households.append(household)
        self.plan.recognised[key[0]] += 1
        return household

    def finish(self) -> None:
        """Match the households told by door or head to the ledger's, by who lives in them: most members in
        common first, each of the ledger's households taken once; so a roster imported again finds each of its
        households, even two heads called 张伟 in one group. A household with none in common is the only one of
        its key, else new."""
        existing, waiting = self.existing, [h for h in self.plan.households if h.candidates]

        def in_common(h: PlannedHousehold, candidate: int) -> int:
            return sum(
                1
                for p in h.members
                if (
                    existing.household_of.get(p.existing_id) == candidate
                    if p.existing_id is not None
                    else not p.values.get("id_number") and (candidate, p.values["name"]) in existing.unnumbered
                )
            )

        pairs = sorted(
            ((-n, index, c) for index, h in enumerate(waiting) for c in h.candidates if (n := in_common(h, c))),
        )
        for _, index, candidate in pairs:
            if waiting[index].existing_id is None and candidate not in self.claimed:
                waiting[index].existing_id = candidate
                self.claimed.add(candidate)
        for h in waiting:
            if h.existing_id is None and len(h.candidates) == 1 and h.candidates[0] not in self.claimed:
                h.existing_id = h.candidates[0]
                self.claimed.add(h.existing_id)
            if h.existing_id is None:
                continue
            for p in h.members:
                if p.existing_id is None and not p.values.get("id_number"):
                    p.existing_id = existing.unnumbered.get((h.existing_id, p.values["name"]))
                    self.plan.merged += p.existing_id is not None

    def _fallback_grid(self, table: SheetTable, grid_mapped: bool) -> str:
        """The group of rows whose group cell is blank: the one the table's title or the sheet names."""
        titled = group_named_in(table.title)
        grid = self.groups.stored_as(titled or sheet_grid(table.sheet, self.existing.village_name))
        if not grid_mapped:
            self.plan.notes.append(
                f"工作表“{table.label}”没有组别列，工作表名也不是组名：这一页的人都归入“{DEFAULT_GRID}”，"
                "请在“导入为”中指定组别列，或导入后在花名册中移到所属的组"
                if grid == DEFAULT_GRID
                else f"工作表“{table.label}”没有组别列：按{'表的标题' if titled else '工作表名'}归入“{grid}”"
            )
        return grid

    def _tick(self) -> None:
        self.done += 1
        if self.progress is not None and self.done % 1000 == 0:
            check_cancelled(self.progress)
            self.progress.update(self.done, self.total)


def _another_head(household: PlannedHousehold, person: dict[str, Any], next_to_it: bool) -> bool:
    """A 户主 row for a household that has its head already: another household under the same key (张伟 twice
    in 一组, two households behind one door), unless it is that head's row again (by ID number; without one,
    the same name right below the household's rows)."""
    heads = [m.values for m in household.members if m.values.get("relation") == HEAD]
    number = person.get("id_number")
    for head in heads:
        if number and head.get("id_number"):
            if number == head["id_number"]:
                return False
        elif (
            head["name"] == person["name"]
            and next_to_it
            and all(not head.get(k) or not person.get(k) or head[k] == person[k] for k in ("birth_date", "sex"))
        ):
            return False
    return bool(heads)


def _add_person(
    person: PlannedPerson,
    household: PlannedHousehold,
    by_id_number: dict[str, PlannedPerson],
    existing: Existing,
    plan: ImportPlan,
) -> None:
    number = person.values.get("id_number")
    twin = by_id_number.get(number) if number else None
    if twin is None and not number:
        name = person.values["name"]
        twin = next((m for m in household.members if not m.values.get("id_number") and m.values["name"] == name), None)
    if twin is not None:
        twin.values.update(person.values)
        plan.merged_rows.append((person.sheet, person.row, person.values["name"]))
        plan.warnings.append(
            RowIssue(
                person.sheet,
                person.row,
                person.values["name"],
                "公民身份号码",
                f"与第 {twin.row} 行是同一人，已合并",
                "warning",
            )
        )
        plan.merged += 1
        return
    if number:
        person.existing_id = existing.person_by_id_number.get(number)
        by_id_number[number] = person
    elif household.existing_id is not None:
        person.existing_id = existing.unnumbered.get((household.existing_id, person.values["name"]))
    if person.existing_id is not None:
        plan.merged += 1
    household.members.append(person)
