"""The unit of measure a number question asks in, and the numbers it states with theirs.

"工作满5年有几天年休假?" asks in days: of "已满1年不满10年的，年休假5天" the answer is 5天, not 10年, though the
question states a 5 of its own (5 years, not 5 days). A unit is named the Chinese way (天, 个月, 公里); an English
question's or passage's words map to it (days -> 天). Pure; the units are data (``data/units.txt``).
"""

from __future__ import annotations

import re
from functools import cache

from index.text import numerals
from qa.spans.words import table, words

_NUMBER = re.compile(rf"\d+(?:[.,]\d+)*|[{numerals.NUMERAL_CHARS}]+|\b[A-Za-z]+\b")
_EN_WORD = re.compile(r"\s*-?([A-Za-z]+(?:-[a-z]+)?)")
_ZH_ASKED = r"(?:多少|(?<!哪)几)个?"  # 几天, 多少个月, 几个小时


@cache
def _units() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((zh, tuple(en)) for zh, *en in (entry.split() for entry in words("units")))


@cache
def _english() -> dict[str, str]:
    out: dict[str, str] = {}
    for zh, forms in _units():
        for form in forms:
            out.setdefault(form, zh)
    return out


@cache
def _zh_unit() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(zh) for zh, _ in _units()))


def english_unit(word: str) -> str:
    """The unit an English word names (``days`` -> 天), ``""`` for any other word."""
    return _english().get(word.lower(), "")


def unit_after(text: str) -> str:
    """The unit that ``text`` (what follows a number) starts with: 天 of "天年休假", 天 of " days of leave"."""
    m = _zh_unit().match(text.lstrip())
    if m:
        return m.group()
    m = _EN_WORD.match(text)
    return english_unit(m.group(1)) if m else ""


def english_unit_end(text: str) -> int:
    """How far the English unit word ``text`` starts with reaches (5 of " days of leave"), 0 for none."""
    m = _EN_WORD.match(text)
    return m.end() if m and english_unit(m.group(1)) else 0


def asked_unit(question: str) -> str:
    """The unit a number question asks in: 天 of 几天 and of "how many days", ``""`` when it names none."""
    m = re.search(f"{_ZH_ASKED}({_zh_unit().pattern})", question)
    if m:
        return m.group(1)
    m = re.search(r"\bhow\s+many\s+([A-Za-z-]+)", question, re.I)
    return english_unit(m.group(1)) if m else ""


@cache
def _english_numbers() -> dict[str, str]:
    return {word: value for word, (value,) in table("en_numbers").items() if word not in ("both", "pair")}


def stated_numbers(question: str) -> tuple[tuple[str, str], ...]:
    """The numbers the question states, each with the unit after it (``""`` for none): ("5", "年") of 工作满5年,
    and of 工作满五年 or "five years" (a number in words counts only with its unit: 一 alone is no number)."""
    out = []
    for m in _NUMBER.finditer(question):
        text, unit = m.group(), unit_after(question[m.end():])
        if text[0].isdigit():
            out.append((text.replace(",", ""), unit))
        elif unit and (value := numerals.below_hundred(text) or _english_numbers().get(text.lower())):
            out.append((str(value), unit))
    return tuple(out)
