"""The village's own details, asked for on first start."""

from forms.kinds import Name, Phone, Text
from forms.types import Field, RecordForm

VILLAGE = RecordForm(
    name="village",
    label="村（社区）信息",
    fields=(
        Field("name", "村（社区）名称", Text(50), required=True, help="例如：东风村"),
        Field("township", "所属乡镇（街道）", Text(50), required=True),
        Field("county", "所属县（市、区）", Text(50)),
        Field("office_phone", "村委会电话", Phone()),
        Field("clerk", "填报人（文书）", Name(), required=True, help="审计记录中“操作人”即此姓名"),
    ),
)
