"""The ledgers a report definition may count, each as one SQL row source with a day it starts and a day it
ends: a definition names a source, filters on its fields and says what to count; nothing else reaches SQL.

Every source gives the columns: id, person, household (what may be counted distinct), start and end (ISO
days; end empty while the record lasts), then its own fields. A figure of day D counts, among the records
the ledger knew at D's cut-off: 当日新增 start = D, 当日减少 end = D, 现有 start <= D < end (or no end), 累计
start <= D.
"""

from __future__ import annotations

from dataclasses import dataclass

from db.models.checkpoint import GateOutcome
from db.models.pushed import CLOSED_STATUSES
from db.models.quarantine import FEVER_AT


@dataclass(frozen=True)
class Source:
    """One ledger as rows: its SQL (the columns above), the fields a definition may use, what it may count."""

    name: str
    label: str
    sql: str
    fields: dict[str, str]
    """Field name a definition may filter or split on -> what it means, for the clerk."""
    counts: tuple[str, ...] = ("id",)
    """What may be counted: records (id), people or households."""
    list_columns: tuple[tuple[str, str], ...] = ()
    """The list behind a figure: (header, SQL expression over the source's columns)."""


_CLOSED = ", ".join(f"'{s.value}'" for s in CLOSED_STATUSES)
_PERSON_COLUMNS = (
    ("姓名", "p_name"),
    ("性别", "p_sex"),
    ("身份证号", "p_id_number"),
    ("联系电话", "p_phone"),
    ("住址", "p_address"),
)
_PERSON_JOIN = """LEFT JOIN "person" p ON p."id" = {person}
LEFT JOIN "household" h ON h."id" = p."household_id"
LEFT JOIN "grid" g ON g."id" = h."grid_id\""""
_PERSON_SELECT = """p."name" AS p_name, p."sex" AS p_sex, p."id_number" AS p_id_number, p."phone" AS p_phone,
g."name" || h."door_no" AS p_address"""

SOURCES: dict[str, Source] = {}


def _add(source: Source) -> None:
    SOURCES[source.name] = source


_add(
    Source(
        "cases",
        "居家/集中隔离医学观察、居家健康监测（隔离台账）",
        f"""SELECT c."id" AS id, c."person_id" AS person, p."household_id" AS household, c."start_date" AS start,
  c."ended_on" AS "end", c."kind" AS kind, c."reason" AS reason, c."source" AS source, c."status" AS status,
  c."origin" AS origin, c."site" AS site, {_PERSON_SELECT}
FROM "case" c {_PERSON_JOIN.format(person='c."person_id"')}""",
        {
            "kind": "管控方式",
            "reason": "原因",
            "source": "来源",
            "status": "状态",
            "origin": "来自何地",
            "site": "隔离点",
        },
        ("id", "person", "household"),
        (*_PERSON_COLUMNS, ("管控方式", "kind"), ("原因", "reason"), ("开始日期", "start"), ("结束日期", '"end"')),
    )
)
_add(
    Source(
        "visits",
        "入户排查（户）",
        """SELECT v."id" AS id, NULL AS person, v."household_id" AS household, v."on" AS start, NULL AS "end",
  v."outcome" AS outcome, v."round_id" AS round, v."worker" AS worker, h."number" AS h_number,
  h."head_name" AS h_head, g."name" AS grid
FROM "visit" v JOIN "household" h ON h."id" = v."household_id" JOIN "grid" g ON g."id" = h."grid_id\"""",
        {"outcome": "入户结果", "round": "排查轮次", "grid": "网格"},
        ("id", "household"),
        (
            ("户号", "h_number"),
            ("户主", "h_head"),
            ("网格", "grid"),
            ("排查日期", "start"),
            ("结果", "outcome"),
            ("排查人", "worker"),
        ),
    )
)
_add(
    Source(
        "screened",
        "入户排查（人）",
        f"""SELECT f."id" AS id, f."person_id" AS person, v."household_id" AS household, v."on" AS start,
  NULL AS "end", f."measure" AS measure, f."contact" AS contact, v."round_id" AS round,
  CASE WHEN f."area_code" IS NOT NULL THEN '是' ELSE '否' END AS key_area, f."area_name" AS area,
  CASE WHEN f."temperature" >= {FEVER_AT} THEN '是' ELSE '否' END AS fever, f."returned_on" AS returned_on,
  f."travel_means" AS travel_means, f."travel_number" AS travel_number, {_PERSON_SELECT}
FROM "finding" f JOIN "visit" v ON v."id" = f."visit_id" {_PERSON_JOIN.format(person='f."person_id"')}""",
        {
            "measure": "采取措施",
            "contact": "接触史",
            "round": "排查轮次",
            "key_area": "重点地区来（返）",
            "area": "重点地区",
            "fever": "发热",
        },
        ("id", "person", "household"),
        (
            *_PERSON_COLUMNS,
            ("排查日期", "start"),
            ("重点地区", "area"),
            ("返回日期", "returned_on"),
            ("交通方式", "travel_means"),
            ("车次/航班/车牌", "travel_number"),
            ("采取措施", "measure"),
        ),
    )
)
_add(
    Source(
        "fevers",
        "发热人员（隔离观察体温、入户排查、卡点）",
        f"""SELECT 'r' || r."id" AS id, c."person_id" AS person, p."household_id" AS household, r."on" AS start,
  NULL AS "end", '隔离观察' AS found_by, r."value" AS temperature,
  CASE WHEN a."transfer_120" THEN '是' ELSE '否' END AS clinic, {_PERSON_SELECT}
FROM "reading" r JOIN "case" c ON c."id" = r."case_id" LEFT JOIN "fever_action" a ON a."reading_id" = r."id"
  {_PERSON_JOIN.format(person='c."person_id"')}
WHERE r."value" >= {FEVER_AT}
UNION ALL
SELECT 'f' || f."id", f."person_id", v."household_id", v."on", NULL, '入户排查', f."temperature",
  CASE WHEN f."measure" = '送医' THEN '是' ELSE '否' END, {_PERSON_SELECT}
FROM "finding" f JOIN "visit" v ON v."id" = f."visit_id" {_PERSON_JOIN.format(person='f."person_id"')}
WHERE f."temperature" >= {FEVER_AT}
UNION ALL
SELECT 'g' || e."id", e."person_id", NULL, date(e."at"), NULL, '卡点', e."temperature",
  CASE WHEN e."outcome" = '{GateOutcome.FEVER_CLINIC.value}' THEN '是' ELSE '否' END,
  e."name", '', e."id_number", e."phone", e."address"
FROM "gate_entry" e WHERE e."temperature" >= {FEVER_AT}""",
        {"found_by": "发现途径", "clinic": "送发热门诊"},
        ("id", "person"),
        (
            *_PERSON_COLUMNS,
            ("发现日期", "start"),
            ("发现途径", "found_by"),
            ("体温", "temperature"),
            ("送发热门诊", "clinic"),
        ),
    )
)
_add(
    Source(
        "pushed",
        "上级推送核查名单",
        f"""SELECT i."id" AS id, i."person_id" AS person, NULL AS household, date(b."received_at") AS start,
  (SELECT date(MIN(s."at")) FROM "item_step" s WHERE s."item_id" = i."id" AND s."status" IN ({_CLOSED})) AS "end",
  i."status" AS status, i."result" AS result, b."issuer" AS issuer, b."batch_no" AS batch, i."name" AS p_name,
  '' AS p_sex, i."id_number" AS p_id_number, i."phone" AS p_phone, i."current_address" AS p_address
FROM "pushed_item" i JOIN "pushed_batch" b ON b."id" = i."batch_id\"""",
        {"status": "核查状态", "result": "核查结果", "issuer": "下发单位", "batch": "批次"},
        ("id", "person"),
        (
            *_PERSON_COLUMNS,
            ("下发单位", "issuer"),
            ("批次", "batch"),
            ("接收日期", "start"),
            ("核查状态", "status"),
            ("核查结果", "result"),
            ("核查完成日期", '"end"'),
        ),
    )
)
_add(
    Source(
        "gate",
        "卡点登记（人次）",
        """SELECT e."id" AS id, e."person_id" AS person, NULL AS household, date(e."at") AS start, NULL AS "end",
  e."direction" AS direction, e."outcome" AS outcome, k."name" AS checkpoint,
  CASE WHEN e."vehicle_id" IS NOT NULL THEN '是' ELSE '否' END AS by_vehicle,
  CASE WHEN e."from_area_code" IS NOT NULL THEN '是' ELSE '否' END AS key_area, e."at" AS at,
  e."name" AS p_name, '' AS p_sex, e."id_number" AS p_id_number, e."phone" AS p_phone, e."address" AS p_address,
  e."from_place" AS from_place, e."temperature" AS temperature
FROM "gate_entry" e JOIN "checkpoint" k ON k."id" = e."checkpoint_id\"""",
        {
            "direction": "进出",
            "outcome": "处理结果",
            "checkpoint": "卡点",
            "by_vehicle": "乘车",
            "key_area": "来自重点地区",
        },
        ("id", "person"),
        (
            ("卡点", "checkpoint"),
            ("时间", "at"),
            ("进出", "direction"),
            *_PERSON_COLUMNS,
            ("来自", "from_place"),
            ("体温", "temperature"),
            ("处理结果", "outcome"),
        ),
    )
)
_add(
    Source(
        "vehicles",
        "卡点登记（车次）",
        """SELECT v."id" AS id, NULL AS person, NULL AS household, date(v."at") AS start, NULL AS "end",
  v."direction" AS direction, v."outcome" AS outcome, k."name" AS checkpoint, v."plate" AS plate, v."at" AS at,
  v."vehicle_type" AS vehicle_type
FROM "vehicle" v JOIN "checkpoint" k ON k."id" = v."checkpoint_id\"""",
        {"direction": "进出", "outcome": "处理结果", "checkpoint": "卡点", "vehicle_type": "车辆类型"},
        ("id",),
        (
            ("卡点", "checkpoint"),
            ("时间", "at"),
            ("进出", "direction"),
            ("车牌", "plate"),
            ("车辆类型", "vehicle_type"),
            ("处理结果", "outcome"),
        ),
    )
)
_add(
    Source(
        "checkpoints",
        "卡点",
        """SELECT k."id" AS id, NULL AS person, NULL AS household, '0001-01-01' AS start,
  CASE WHEN k."active" THEN NULL ELSE '0001-01-01' END AS "end", k."hours" AS hours, k."name" AS name,
  k."place" AS place
FROM "checkpoint" k""",
        {"hours": "值守时间"},
        ("id",),
        (("卡点", "name"), ("位置", "place"), ("值守时间", "hours")),
    )
)
_add(
    Source(
        "duty",
        "值守人员（值班排班）",
        """SELECT a."id" AS id, 'd' || a."person_id" AS person, NULL AS household, s."day" AS start,
  date(s."day", '+1 day') AS "end", pt."name" AS post, dp."name" AS p_name, dp."phone" AS p_phone, dp."kind" AS kind
FROM "duty_assignment" a JOIN "duty_shift" s ON s."id" = a."shift_id" JOIN "duty_post" pt ON pt."id" = s."post_id"
  JOIN "duty_person" dp ON dp."id" = a."person_id\"""",
        {"post": "岗位", "kind": "身份"},
        ("id", "person"),
        (("姓名", "p_name"), ("联系电话", "p_phone"), ("身份", "kind"), ("岗位", "post"), ("日期", "start")),
    )
)
