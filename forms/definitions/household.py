"""A household (一户一档): its number, grid, door number, head and kind."""

from db.models.household import HouseholdKind
from forms.choice_words import Words
from forms.kinds import Choice, Name, Phone, Text
from forms.types import Field, RecordForm

HOUSEHOLD_KINDS = tuple(k.value for k in HouseholdKind)
KIND_WORDS = Words(
    exact={"常住户": "常住", "出租户": "出租", "出租房": "出租", "空挂": "空挂户", "人户分离": "空挂户"},
    patterns=(
        ("空挂户", r"空挂|人户分离|户在人不在|有户无人|人不在户"),
        ("出租", r"出租|租"),
        ("常住", r"常住|自住|家庭户|人户一致"),
    ),
)

HOUSEHOLD = RecordForm(
    name="household",
    label="户",
    fields=(
        Field(
            "number", "户号", Text(30), required=True, headers=("户编号", "户口编号", "户籍编号", "户代码"), width=12
        ),
        Field(
            "grid_name",
            "组别（网格）",
            Text(30),
            required=True,
            headers=("组别", "网格", "所属网格", "村民小组", "小组", "组", "所属小组", "组名"),
            width=10,
        ),
        Field(
            "door_no",
            "门牌号",
            Text(60),
            headers=("门牌", "门牌号码", "家庭住址", "住址", "详细地址", "现住址", "地址", "家庭地址"),
            width=12,
        ),
        Field("head_name", "户主姓名", Name(), headers=("户主", "户主名字"), width=10, repeats=True),
        Field(
            "phone",
            "户主联系电话",
            Phone(),
            headers=("户主电话", "户主联系方式", "户主手机", "户主手机号", "固话", "固定电话", "座机", "家庭电话"),
            width=14,
            repeats=True,
        ),
        Field(
            "kind",
            "户别",
            Choice(HOUSEHOLD_KINDS, default=HouseholdKind.RESIDENT.value, words=KIND_WORDS),
            headers=("户类型", "住户类型", "户籍类型"),
            width=8,
        ),
        Field("note", "户备注", Text(500), in_table=False, headers=("户情况说明",), width=16),
    ),
)
