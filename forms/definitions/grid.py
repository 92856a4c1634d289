"""Grids / village groups (网格、村民小组) and the grid worker who answers for each."""

from forms.kinds import Integer, Name, Phone, Text
from forms.types import Field, RecordForm

GRID = RecordForm(
    name="grid",
    label="网格（村民小组）",
    fields=(
        Field("name", "网格（组）名称", Text(30), required=True, headers=("组别", "网格", "村民小组")),
        Field("worker", "网格员", Name(), headers=("网格长", "包组干部")),
        Field("worker_phone", "网格员电话", Phone()),
        Field("sort_order", "排序", Integer(), in_table=False, in_export=False),
    ),
)
