"""The village's own details, asked for on first start."""

from db.models.village import TOWNSHIP_MODE, VILLAGE_MODE
from forms.kinds import Choice, DivisionCode, Name, Phone, Text
from forms.types import Field, RecordForm

VILLAGE = RecordForm(
    name="village",
    label="村（社区）信息",
    fields=(
        Field("name", "村（社区）名称", Text(50), required=True, help="例如：东风村"),
        Field("township", "所属乡镇（街道）", Text(50), required=True),
        Field("county", "所属县（市、区）", Text(50)),
        Field("office_phone", "村委会电话", Phone()),
        Field("code", "村（社区）代码", DivisionCode(), help="12位统计用区划代码，乡镇汇总时据此区分各村"),
        Field("clerk", "填报人（文书）", Name(), required=True, help="审计记录中“操作人”即此姓名"),
        Field("reviewer", "审核人", Name(), help="上报表格上的审核人"),
        Field(
            "mode",
            "本机用途",
            Choice((VILLAGE_MODE, TOWNSHIP_MODE), default=VILLAGE_MODE),
            help="乡镇汇总：导入各村的数据包，汇总全乡镇",
        ),
    ),
)
