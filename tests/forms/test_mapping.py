"""forms.excel.mapping: header normalisation and column guessing on header names seen in real rosters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from forms.excel.mapping import Target, guess_mapping, header_words, missing_required, normalize_header

PERSON = [
    Target("person.seq", "序号", ("编号",)),
    Target("household.number", "户号", ("户编号", "户口编号")),
    Target("person.name", "姓名", ("名字", "居民姓名"), required=True),
    Target("person.relation", "与户主关系", ("与户主的关系", "家庭关系", "关系")),
    Target("person.id_number", "公民身份号码", ("身份证号", "身份证号码", "证件号码", "身份证"), required=True),
    Target("person.sex", "性别"),
    Target("person.birth_date", "出生日期", ("出生年月", "出生年月日", "生日")),
    Target("person.phone", "联系电话", ("联系方式", "手机", "手机号", "手机号码", "电话")),
    Target("person.group", "村民小组", ("组别", "网格", "所属网格", "小组")),
    Target("household.door", "门牌号", ("门牌", "家庭住址", "住址")),
    Target("household.head_name", "户主姓名", ("户主",)),
    Target("person.note", "备注"),
]
HEAD_ID = Target("household.head_id_number", "户主身份证号", ("户主公民身份号码",))


def keys(headers: list[str], targets: list[Target] = PERSON) -> dict[str, str]:
    """Header text → target key, easier to read in assertions than column indexes."""
    return {headers[c]: k for c, k in guess_mapping(headers, targets).items()}


def test_normalize_header() -> None:
    assert normalize_header(" 姓　名\n") == "姓名"
    assert normalize_header("*身份证号（必填）") == "身份证号"
    assert normalize_header("联系电话(选填)") == "联系电话"
    assert normalize_header("出生日期（YYYY-MM-DD）") == "出生日期(yyyy-mm-dd)"
    assert normalize_header("门牌号：") == "门牌号"
    assert normalize_header("ＩＤ") == "id"


def test_fixture_sheet_one_headers() -> None:
    headers = ["序号", "户号", "姓名", "与户主关系", "公民身份号码", "性别", "出生日期", "手机", "固话", "门牌", "备注"]
    assert keys(headers) == {
        "序号": "person.seq",
        "户号": "household.number",
        "姓名": "person.name",
        "与户主关系": "person.relation",
        "公民身份号码": "person.id_number",
        "性别": "person.sex",
        "出生日期": "person.birth_date",
        "手机": "person.phone",
        "门牌": "household.door",
        "备注": "person.note",
    }


def test_fixture_sheet_two_headers() -> None:
    headers = ["名字", "身份证号", "手机", "组别", "门牌号", "户主"]
    assert keys(headers) == {
        "名字": "person.name",
        "身份证号": "person.id_number",
        "手机": "person.phone",
        "组别": "person.group",
        "门牌号": "household.door",
        "户主": "household.head_name",
    }


def test_decorated_and_spaced_headers() -> None:
    headers = ["姓 名（必填）", "*公民身份号码", "联系电话\n(手机)", "所属网格", "家庭住址(门牌号)"]
    assert keys(headers) == {
        "姓 名（必填）": "person.name",
        "*公民身份号码": "person.id_number",
        "联系电话\n(手机)": "person.phone",
        "所属网格": "person.group",
        "家庭住址(门牌号)": "household.door",
    }


def test_household_head_id_goes_to_the_head_target_only() -> None:
    headers = ["姓名", "户主身份证号码", "身份证号"]
    assert keys(headers, [*PERSON, HEAD_ID]) == {
        "姓名": "person.name",
        "户主身份证号码": "household.head_id_number",
        "身份证号": "person.id_number",
    }
    # without a head target the column stays unmapped: it is neither the person's ID
    # nor the head's name
    assert keys(["姓名", "户主身份证号码"]) == {"姓名": "person.name"}


def test_exact_header_is_never_borrowed_by_another_target() -> None:
    # the second 户编号 must not become 序号 through the contained synonym 编号
    assert guess_mapping(["户编号", "户编号"], PERSON) == {0: "household.number"}


def test_relation_column_is_not_the_head_name() -> None:
    targets = [t for t in PERSON if t.key != "person.relation"]
    assert keys(["户主", "与户主关系"], targets) == {"户主": "household.head_name"}


def test_longest_synonym_and_first_column_win() -> None:
    assert keys(["本人手机号码", "紧急联系人手机"]) == {"本人手机号码": "person.phone"}
    mapping = guess_mapping(["联系电话1", "联系电话2"], PERSON)
    assert mapping == {0: "person.phone"}
    # an exact name beats a partial one even further right
    assert guess_mapping(["手机号码(本人)", "手机"], PERSON) == {1: "person.phone"}


def test_short_header_inside_a_longer_synonym() -> None:
    assert keys(["名字", "证件号", "出生"]) == {
        "名字": "person.name",
        "证件号": "person.id_number",
        "出生": "person.birth_date",
    }
    # "姓名" must not fall back to the household-head target through "户主姓名"
    targets = [t for t in PERSON if t.key != "person.name"]
    assert keys(["姓名"], targets) == {}


def test_blank_and_unknown_headers_stay_unmapped() -> None:
    assert guess_mapping(["", "  ", "文化程度", "宗教信仰"], PERSON) == {}


def test_missing_required() -> None:
    mapping = guess_mapping(["名字", "手机"], PERSON)
    assert [t.key for t in missing_required(mapping, PERSON)] == ["person.id_number"]
    full = guess_mapping(["名字", "身份证号"], PERSON)
    assert missing_required(full, PERSON) == []


def test_header_words_lists_every_name() -> None:
    words = header_words(PERSON)
    assert "公民身份号码" in words and "证件号码" in words and "户主" in words


# Header variants that each match exactly one target, so no column ever competes with another.
POOL = [
    "序号",
    "户编号",
    "居民姓名",
    "与户主的关系",
    "身份证号码",
    "性别",
    "出生年月",
    "手机号码",
    "所属网格",
    "家庭住址",
    "户主姓名",
    "备注",
    "文化程度",
    "工作单位",
    "",
]


def test_pool_headers_each_have_their_own_target() -> None:
    mapping = guess_mapping(POOL, PERSON)
    assert len(mapping) == 12
    assert len(set(mapping.values())) == 12


@given(st.data())
def test_permuting_columns_permutes_the_mapping(data: st.DataObject) -> None:
    headers = data.draw(st.lists(st.sampled_from(POOL), min_size=1, unique=True), label="headers")
    order = data.draw(st.permutations(range(len(headers))), label="order")  # new column → old column
    base = guess_mapping(headers, PERSON)
    moved = guess_mapping([headers[i] for i in order], PERSON)
    assert moved == {new: base[old] for new, old in enumerate(order) if old in base}


# Extra copies of names already covered by POOL: duplicates tie, and the leftmost copy must win.
EXTRA = ["手机", "身份证号", "名字", "户主"]


@given(st.data())
def test_permutation_with_competing_columns(data: st.DataObject) -> None:
    """With repeated headers the winning column may move, but never to a different header."""
    headers = data.draw(st.lists(st.sampled_from(POOL + EXTRA), max_size=14), label="headers")
    order = data.draw(st.permutations(range(len(headers))), label="order")
    base = guess_mapping(headers, PERSON)
    moved = guess_mapping([headers[i] for i in order], PERSON)
    assert sorted(base.values()) == sorted(moved.values())
    assert len(set(moved.values())) == len(moved)
    winner = {key: normalize_header(headers[c]) for c, key in base.items()}
    for new, key in moved.items():
        assert normalize_header(headers[order[new]]) == winner[key]
        # the leftmost of equal headers wins
        same = [c for c in range(len(order)) if headers[order[c]] == headers[order[new]]]
        assert new == min(same)


@given(st.text(max_size=20))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_header(text)
    assert normalize_header(once) == once


def test_sub_columns_map_by_their_own_names_first() -> None:
    """Under a merged parent each column maps by its own name; the parent names someone, or says where."""
    from forms.case_fields import CASE_TARGETS
    from forms.roster_fields import ROSTER_TARGETS

    own = ["姓名", "组别", "门牌", "手机", "固定电话", "姓名", "身份证号"]
    parents = ["", "现住址", "现住址", "联系方式", "联系方式", "户主", "户主"]
    mapping = guess_mapping(own, ROSTER_TARGETS, parents)
    assert mapping == {
        0: "person.name",
        1: "household.grid_name",
        2: "household.door_no",
        3: "person.phone",
        4: "household.phone",
        5: "household.head_name",
    }
    ledger = guess_mapping(
        ["姓名", "省", "市", "县", "姓名", "电话"],
        CASE_TARGETS,
        ["", "户籍地址", "户籍地址", "户籍地址", "包保责任人", "包保责任人"],
    )
    assert ledger == {
        0: "case.name",
        1: "case.home_address",
        2: "case.home_address",
        3: "case.home_address",
        4: "case.grid_worker",
        5: "case.grid_worker_phone",
    }
