"""Chinese personal names: surnames, compound surnames and their readings in citations.

One list for the span finder (is this word a name?) and for references (which
part of 欧阳修 is the family name, and how is it read?).
"""

from __future__ import annotations

import re

from index.text.script import CJK

# The common one-character surnames.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于"
    "蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛"
    "闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍"
    "庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍"
    "涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉"
    "缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇"
    "栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
                     "司徒", "夏侯", "轩辕", "令狐", "钟离", "端木", "独孤", "南宫", "西门")
# Surnames whose usual pinyin reading is not the character's first one.
SURNAME_READINGS = {"单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "查": "zha", "区": "ou", "朴": "piao",
                    "缪": "miao", "乐": "yue", "覃": "qin", "盖": "ge", "种": "chong", "黑": "he", "长孙": "zhangsun",
                    "尉迟": "yuchi", "万俟": "moqi", "翟": "zhai", "秘": "bi", "繁": "po", "员": "yun"}
_NAME = re.compile(f"^[{CJK}·]{{2,4}}$")


def split_name(name: str) -> tuple[str, str] | None:
    """(family, given) of a Chinese personal name (欧阳修 -> 欧阳, 修); None for other names and organisations."""
    if not _NAME.match(name):
        return None
    family = next((c for c in COMPOUND_SURNAMES if name.startswith(c) and len(name) > len(c)), name[0])
    return family, name[len(family):].replace("·", "")
