"""Numbers, percentages and money of an English question, in the notations Chinese text uses.

"120 million dollars" -> 1.2亿 12000万 120000000 美元; "26.8%" -> 26.8%;
"four" -> 4 四 (with ``index.text.numerals``). Only forms the tokenizer keeps as one token are produced.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from index.english import stem

Add = Callable[[str, float, str, str], None]  # (token, weight, source, English it came from)

_CURRENCY = {
    "dollar": "美元", "usd": "美元", "$": "美元", "us$": "美元",
    "pound": "英镑", "gbp": "英镑", "£": "英镑", "sterl": "英镑",
    "euro": "欧元", "eur": "欧元", "€": "欧元",
    "yuan": "元", "rmb": "人民币", "renminbi": "人民币", "cny": "人民币", "¥": "元",
    "yen": "日元", "jpy": "日元",
}  # fmt: skip
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9,
          "b": 1e9, "trillion": 1e12}  # fmt: skip
NUMERALS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "hundred": 100}  # fmt: skip
_UNITS = r"(?:us |u\.s\. )?dollars?|usd|pounds?(?: sterling)?|gbp|euros?|eur|yuan|rmb|renminbi|cny|yen|jpy"
_MONEY = re.compile(
    r"(?P<cur>US\$|\$|£|€|¥)?\s?(?P<num>\d+(?:[.,]\d+)*)\s?(?P<pct>%|percent\b|per cent\b)?"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion)\b|(?P<abbr>k|m|mn|bn|b)\b)?"
    rf"(?:\s?(?P<unit>{_UNITS})\b)?",
    re.IGNORECASE,
)


def chinese_numbers(value: float) -> list[str]:
    """The ways Chinese text writes a number: 1.2亿, 12000万, 3.5万, 232 (as the tokenizer keeps them)."""
    out = []
    if value >= 1e8:
        out.append(_fmt(value / 1e8) + "亿")
    if value >= 1e4:
        out.append(_fmt(value / 1e4) + "万")
    out.append(_fmt(value))
    return out


def _fmt(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".")


def numbers(question: str, add: Add, weight: float) -> list[tuple[int, int]]:
    """Numbers, percentages and money in Chinese notation; returns the character spans used up."""
    used = []
    for m in _MONEY.finditer(question):
        raw = m.group("num").replace(",", "")
        try:
            value = float(raw)
        except ValueError:  # a dotted date, a version or an address (2021.03.05): not one number
            continue
        en = m.group().strip()
        used.append(m.span())
        if m.group("pct"):
            add(_fmt(value) + "%", weight, "number", en)
            continue
        scale = (m.group("scale") or m.group("abbr") or "").lower()
        for form in chinese_numbers(value * _SCALE.get(scale, 1.0)):
            add(form, weight, "number", en)
        if not scale:
            add(raw, weight, "number", en)  # as written: 2018, 26.8
        unit = (m.group("unit") or m.group("cur") or "").lower()
        if unit:
            word = unit.split()[-1]
            cn = _CURRENCY.get(word) or _CURRENCY.get(stem(word))
            if cn:
                add(cn, weight, "number", en)
    return used

