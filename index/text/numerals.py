"""Chinese numerals: the characters, their values and the multipliers 万 and 亿.

Kept here rather than taken from cn2an: the callers read small counts and
multiplier suffixes out of matched text (two-character runs such as 二二
included) with rules of their own, which a full numeral parser rejects or
reads differently.
"""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"  # DIGITS[n] is n
DIGIT_VALUES = {c: i for i, c in enumerate(DIGITS)} | {"两": 2}
YEAR_DIGITS = "〇零一二三四五六七八九"  # the digits of a year written out: 二〇二二年
NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"  # any character of a numeral written in words
SCALE = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}
_COUNTS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def digit(n: int) -> str:
    """The character for 0..10: 3 -> 三, 10 -> 十."""
    return (DIGITS + "十")[n]


def below_hundred(s: str) -> int:
    """十 -> 10, 二十 -> 20, 十五 -> 15, 两 -> 2 (numbers below a hundred, as in 两亿, 二十万); 0 when unread."""
    if "十" not in s:
        return DIGIT_VALUES.get(s, 0)
    tens, _, ones = s.partition("十")
    return (DIGIT_VALUES.get(tens, 1) if tens else 1) * 10 + (DIGIT_VALUES.get(ones, 0) if ones else 0)


def count(word: str) -> int | None:
    """A count of two to ten written as one character (两, 三, 十), as questions ask for lists; else None."""
    return _COUNTS.get(word)


def times_myriads(value: float, suffix: str) -> float:
    """``value`` times each 万 (10^4) and 亿 (10^8) of ``suffix`` in turn: 1.2, 亿 -> 1.2e8."""
    for ch in suffix:
        value *= 10_000 if ch == "万" else 100_000_000
    return value
