"""Quantities a claim states, in Chinese or English, so a sentence with other numbers can be marked down.

20 billion is not 2亿: a claim and a sentence that share their words but not
their numbers do not say the same thing.
"""

from __future__ import annotations

import re

from index.text import numerals

_NUM = re.compile(
    r"(?P<n>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<u>%|％|percent|万亿|亿|万|千|thousand|million|billion|trillion)?",
    re.IGNORECASE,
)
# Chinese numerals count only before a unit or a measure word: 两亿, 十余家, 六个 (not 二是, 三大)
_ZH_NUM = re.compile(
    r"(?P<n>[一二两三四五六七八九十]+)(?:(?P<u>万亿|亿|万)|[余多]?(?=[个家只项名所种次位台条篇笔年岁倍人座]))"
)
_EN_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_EN_WORD = re.compile(r"\b(" + "|".join(_EN_WORDS) + r")\b", re.IGNORECASE)
_SCALE = numerals.SCALE | {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_LIST_MARK = re.compile(r"^\s*[(（]?\d{1,2}[)）.、](?!\d)\s*")


def numbers_in(text: str) -> frozenset[float]:
    """Quantities in Chinese or English: 1.2亿 and 120 million are both 1.2e8; 55.2% is 55.2.

    A list marker (``2)`` at the start) is not a quantity.
    """
    text = _LIST_MARK.sub("", text)
    out = set()
    for m in _NUM.finditer(text):
        value = float(m.group("n").replace(",", ""))
        unit = (m.group("u") or "").lower()
        out.add(round(value * _SCALE.get(unit, 1.0), 6))
    for m in _ZH_NUM.finditer(text):
        value = numerals.below_hundred(m.group("n"))
        if value > 1:  # 一 is mostly "a"/"one of" (一批, 一是)
            out.add(round(value * _SCALE.get(m.group("u") or "", 1.0), 6))
    for m in _EN_WORD.finditer(text):
        out.add(float(_EN_WORDS[m.group(1).lower()]))
    return frozenset(out)


def numbers_agree(claim: frozenset[float], sentence: frozenset[float]) -> float:
    """Share of the claim's numbers the sentence also states (1.0 when the claim states none)."""
    wanted = [n for n in claim if n not in (0.0, 1.0)]  # "one of", "a" carry no quantity
    if not wanted:
        return 1.0
    return sum(any(abs(n - s) <= 1e-3 * max(abs(n), 1.0) for s in sentence) for n in wanted) / len(wanted)


def is_year(x: float) -> bool:
    return x.is_integer() and 1900 <= x <= 2100


def counts(numbers: frozenset[float]) -> bool:
    """Whether any of the numbers is a quantity (0 and 1 are "none" and "a")."""
    return any(x not in (0.0, 1.0) for x in numbers)
