"""Names, places and notes the demo village is made of (see db.demo)."""

from __future__ import annotations

from itertools import accumulate

# fmt: off
# (tables laid out by hand, several entries a line; names as space-separated strings read best)

VILLAGE = {
    "name": "东风村",
    "township": "红旗镇",
    "county": "平安县",
    "office_phone": "0371-61238806",
    "clerk": "李秀梅",
    "code": "410999101201",
    "reviewer": "周卫东",
}
#: (name, grid worker); the worker's mobile is generated.
GRIDS = (
    ("一组", "王建军"),
    ("二组", "张桂芳"),
    ("三组", "刘国强"),
    ("四组", "陈玉兰"),
    ("五组", "杨志刚"),
    ("六组", "赵春燕"),
)
#: Share of the households in each grid (village groups are not the same size).
GRID_WEIGHTS = (1.15, 0.95, 1.05, 1.2, 0.8, 0.85)

#: Region code of the village's own county (a real county code, so ID checks see a known region).
HOME_REGION = "410122"
#: Neighbouring counties: people who married in or were registered there first.
NEARBY_REGIONS = ("410181", "410183", "410184", "411324", "412723", "410526")
#: Places tenants come from.
FAR_REGIONS = (
    "420117", "420106", "341221", "510722", "411521", "411422", "371322", "622301", "320321", "130682",
)


# Surname frequencies (per mille, roughly national); the village's big clans (王, 李, 张) weigh more locally.
SURNAMES = (
    ("王", 71), ("李", 70), ("张", 68), ("刘", 54), ("陈", 46), ("杨", 31), ("赵", 23), ("黄", 22),
    ("周", 21), ("吴", 20), ("徐", 16), ("孙", 15), ("胡", 13), ("朱", 13), ("高", 12), ("林", 12),
    ("何", 12), ("郭", 12), ("马", 11), ("罗", 9), ("梁", 9), ("宋", 8), ("郑", 8), ("谢", 7),
    ("韩", 7), ("唐", 7), ("冯", 7), ("于", 6), ("董", 6), ("萧", 6), ("程", 6), ("曹", 6),
    ("袁", 5), ("邓", 5), ("许", 5), ("傅", 5), ("沈", 5), ("曾", 5), ("彭", 5), ("吕", 5),
    ("苏", 5), ("卢", 5), ("蒋", 5), ("蔡", 5), ("贾", 4), ("丁", 4), ("魏", 4), ("薛", 4),
    ("叶", 4), ("阎", 4), ("余", 4), ("潘", 4), ("杜", 4), ("戴", 4), ("夏", 4), ("钟", 4),
    ("汪", 3), ("田", 3), ("任", 3), ("姜", 3), ("范", 3), ("方", 3), ("石", 3), ("姚", 3),
    ("谭", 3), ("廖", 3), ("邹", 3), ("熊", 3), ("金", 3), ("陆", 3), ("郝", 3), ("孔", 3),
    ("白", 3), ("崔", 3), ("康", 3), ("毛", 3), ("邱", 3), ("秦", 3), ("江", 3), ("史", 3),
    ("顾", 2), ("侯", 2), ("邵", 2), ("孟", 2), ("龙", 2), ("万", 2), ("段", 2), ("雷", 2),
    ("钱", 2), ("汤", 2), ("尹", 2), ("黎", 2), ("易", 2), ("常", 2), ("武", 2), ("乔", 2),
    ("贺", 2), ("赖", 2), ("龚", 2), ("文", 2),
    # Surnames read differently from the character's common reading (see search_keys.SURNAME_READINGS).
    ("单", 1), ("解", 1), ("仇", 1), ("翟", 1), ("查", 1), ("曾", 1),
)
CLAN_BOOST = {"王": 3.0, "李": 2.0, "张": 2.0}
SURNAME_NAMES = tuple(s for s, _ in SURNAMES)
NATIONAL_CUM = tuple(accumulate(w for _, w in SURNAMES))
LOCAL_CUM = tuple(accumulate(w * CLAN_BOOST.get(s, 1.0) for s, w in SURNAMES))

# Given names by era of birth: before 1960, 1960–1984, 1985–2004, from 2005; single characters included.
MALE_NAMES = (
    "建国 国庆 德福 长顺 福贵 有才 保国 振华 志华 玉山 金生 长林 树林 永福 德胜 学文 广田 宝山 春生 根生 "
    "国栋 建设 卫东 满仓 福生 守义 文明 占魁 新 福".split(),
    "建军 志强 建华 国强 海涛 建平 卫国 永刚 红军 小龙 志刚 文斌 建伟 新民 永强 俊峰 立新 春雷 海峰 晓东 "
    "伟 勇 军 强 磊 涛 斌 刚 杰 鹏 超 辉 明 亮".split(),
    "鹏飞 家豪 俊杰 文博 志鹏 浩然 晨阳 少杰 明轩 子豪 振宇 嘉伟 旭东 一帆 凯旋 晓龙 "
    "浩 鑫 宇 帅 博 阳 凯 昊 森 磊 龙 飞".split(),
    "梓轩 浩宇 宇轩 一鸣 沐阳 俊熙 皓轩 奕辰 梓豪 子墨 宇航 家乐 天佑 思远 博文 子涵 若晨 锦程 "
    "睿 轩 晨 航 泽 诺".split(),
)
FEMALE_NAMES = (
    "秀英 桂兰 玉兰 秀兰 凤英 桂英 玉珍 淑珍 秀珍 翠花 桂芝 玉梅 素珍 春兰 凤兰 金凤 秀芳 爱莲 桂香 玉霞 "
    "兰 英 珍 凤".split(),
    "红梅 海燕 春燕 丽娟 秀梅 艳红 晓燕 玉芳 丽萍 红霞 美玲 桂芳 雪梅 小红 俊霞 彩霞 "
    "丽 敏 静 燕 艳 娟 霞 芳 红 萍 华 琴".split(),
    "婷婷 佳佳 丹丹 晓丽 梦瑶 佳怡 思琪 雨欣 静怡 亚楠 梦洁 婉婷 慧敏 文静 晓雪 倩倩 "
    "欣 晨 倩 雪 颖 璐 娜 莹 洁 蕾".split(),
    "梓萱 诗涵 欣怡 一诺 雨桐 子涵 可馨 语嫣 若汐 梦琪 思彤 紫涵 佳琪 欣妍 依诺 雨萱 芷若 梓涵 艺涵 "
    "悦 彤 萱 琪 媛".split(),
)
#: Generation characters (字辈) shared by brothers, and second characters to go with them.
GENERATION_CHARS = tuple("建志永国海文春晓俊金玉德学新")
MALE_SECONDS = tuple("军国华伟强明林峰涛鹏飞杰波辉平东亮龙斌")

MOBILE_PREFIXES = tuple(
    "130 131 132 133 135 136 137 138 139 150 151 152 155 156 157 158 159 166 171 173 176 177 "
    "180 181 182 183 185 186 187 188 189 191 198 199".split()
)
WORK_CITIES = (
    "郑州", "郑州", "郑州", "北京", "上海", "广州", "深圳", "武汉", "杭州", "苏州", "东莞", "西安",
)
STUDY_CITIES = ("郑州", "郑州", "开封", "新乡", "武汉", "北京", "西安", "洛阳")
CHRONIC_NOTES = ("高血压", "高血压", "糖尿病", "高血压、糖尿病", "冠心病", "慢阻肺", "脑梗后遗症")
DISABILITY_NOTES = ("肢体残疾", "视力残疾", "听力残疾", "智力残疾")
TENANT_NOTES = ("在附近工地干活", "在镇上开早餐店", "在镇上打零工", "在物流园上班", "在村里养殖场上班")

#: A few names that test the program: characters outside the basic plane or the common dictionary, and
#: (below) a Uyghur family whose names carry the middle dot. (surname, given name, male)
RARE_HEADS = (("钱", "𠮷祥", True), ("王", "䶮", True), ("李", "㛃", False), ("陶", "喆", True))
MINORITY_FAMILY = (
    ("买买提·吐尔逊", True, 42, "户主"),
    ("帕提古丽·艾力", False, 38, "配偶"),
    ("阿依古丽·买买提", False, 12, "子女"),
)
MINORITY_REGION = "653101"
SPECIALS_FROM = 200  # people; smaller demos keep only ordinary names
# fmt: on
