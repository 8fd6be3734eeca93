"""Numbers with their unit: 232只风险基金, 1.06亿英镑, 38 家大学, 十余家医院, 12.3%.

Regular expressions only (~0.02 ms a sentence), except for the noun counted
after a classifier. A number ranks higher when its unit or counted noun is the
kind asked for, when it sits right after a year or number of the question
(2022年的|9.18亿美元), and lower when the question already states it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from index.text import numerals
from qa.spans.context import Context, aside, proximity
from qa.spans.records import SpanCandidate
from qa.spans.tagging import tag
from qa.spans.units import english_unit_end, unit_after
from qa.spans.words import alternation

_AR = r"\d+(?:[.,]\d+)*"
_ZHN = rf"[{numerals.NUMERAL_CHARS}]+"
_MULT = alternation("multipliers")
_CURRENCY = alternation("currencies")
_MEASURE = alternation("measures")
_CLASSIFIER = alternation("classifiers")
_NUMBER = re.compile(
    rf"(?P<num>{_AR}(?:\s?{_MULT})?|(?:数|几|上|近|逾)?{_ZHN}(?:余|多|来)?)"
    rf"(?:\s?(?P<unit>{_CURRENCY}|{_MEASURE}|{_CLASSIFIER}))?"
)
_YEAR = re.compile(r"(?:19|20)\d\d$")
_DATE_UNITS = ("月", "日", "号")
_AFTER_YEAR = re.compile(r"[年月]\s*$")  # 2022 年|6 月, 6 月|24 日
_DAY_NEXT = re.compile(r"^\s*\d{1,2}\s*[日号]")  # 6 月|24 日
_DAY_END = re.compile(r"^\s*[日号]")
_PERCENT = ("%", "‰", "个百分点", "百分点")
_SHARE = ("share", "占比", "比例", "比重", "份额", "百分比")  # focus of a question asking for a share
_MONEY = ("money", "funding", "investment", "资金", "金额", "钱")  # focus of one asking for money
_NOUNISH = re.compile(r"^(n|vn|j|l|b|oov)")
_MULT_RE = re.compile(_MULT)
_CURRENCY_RE = re.compile(_CURRENCY)
_CURRENCY_END = re.compile(_CURRENCY + "$")
_CLASSIFIER_RE = re.compile(_CLASSIFIER)
_NAME_END = re.compile(r"[A-Za-z\-.]$")  # a number after these belongs to a name or a code
_NAME_START = re.compile(r"[A-Za-z\d]")  # ... and a number without a unit before these
_SPACES = re.compile(r"[\s,]")
_WINDOW = re.compile(r"[^\s,,。;;、::()()“”\"]{0,10}")  # where the noun counted after a classifier may be


class _Number(NamedTuple):
    """A number of the sentence with what its score takes from the sentence alone."""

    start: int
    end: int  # of the number and its unit, before any counted noun
    unit: str
    digits: str  # the number without spaces or commas
    year: bool  # a year (2018, 2018年): a date, unless a year is asked for
    base: float  # 1, more with a unit or a multiplier (亿, 万)
    window: str | None  # after a classifier: where its counted noun may be (``_counted_noun``)
    currency: bool  # the unit is a currency
    money: bool  # a sum of money or a share (not a count of things)
    article: bool  # 一个, 一种: an article more often than a count
    ordinal: bool  # 第三
    date_part: bool = False  # the month or day of a date (2022 年 6 月 24 日): a date, not a quantity


@lru_cache(maxsize=8192)
def sentence_numbers(text: str) -> tuple[_Number, ...]:
    """The numbers of a sentence: the same for every question (a bounded cache, pure)."""
    out = []
    for m in _NUMBER.finditer(text):
        num, unit = m.group("num"), m.group("unit") or ""
        s, e = m.span()
        before, after = text[max(0, s - 2):s], text[m.end():m.end() + 1]
        if _NAME_END.search(before) or (not unit and _NAME_START.match(after)):
            continue  # part of a name or a code: QED-C, 5G, H2
        if before.endswith(("[", "^")):
            continue  # a reference mark ^[14]
        arabic = num[0].isdigit()
        if not arabic and not unit:
            continue  # 统一, 之一, 万物: Chinese numerals count only with a classifier
        digits = _SPACES.sub("", num)
        base = 1.0 + (0.6 if unit else 0.0) + (0.3 if _MULT_RE.search(num) else 0.0)
        window = _WINDOW.match(text[e:]).group() if unit and _CLASSIFIER_RE.fullmatch(unit) else None
        currency = bool(_CURRENCY_RE.fullmatch(unit))
        out.append(_Number(
            s, e, unit, digits, bool(_YEAR.match(digits)) and unit in ("", "年"), base, window, currency,
            currency or bool(_CURRENCY_END.search(text[s:m.end() + 2])) or unit in _PERCENT,
            num == "一" and unit in ("个", "种", "项", "份", "位", "名"), text[max(0, s - 1):s] == "第",
            _date_part(text, s, m.end(), unit) if arabic else False))
    return tuple(out)


def _date_part(text: str, start: int, end: int, unit: str) -> bool:
    """The number at ``start:end`` (with ``unit``) is the month or the day of a date: 2022 年|6 月, 6 月|24 日."""
    if not unit and _DAY_END.match(text[end:]):
        unit = "日"  # the regex leaves 日 out: it is no unit
    if unit not in _DATE_UNITS:
        return False
    return bool(_AFTER_YEAR.search(text[max(0, start - 3):start]) or (unit == "月" and _DAY_NEXT.match(text[end:])))


def numbers(ctx: Context) -> list[SpanCandidate]:
    """Every number of the sentence with its unit, scored for the question."""
    text, focus = ctx.sentence, ctx.qtype.focus.lower()
    out = []
    for n in sentence_numbers(text):
        if n.year and focus not in ("year", "年"):
            continue  # a year is a date, not a quantity
        if n.date_part and focus not in ("month", "day", "月", "日", "号"):
            continue  # so are its month and day: 截至 2022 年 6 月 24 日, ... 163 家
        s, e, unit = n.start, n.end, n.unit
        score = n.base
        if n.window is not None:
            e = _counted_noun(ctx, e, n.window)
        tail = text[n.end:e]
        if ctx.heads and any(h in tail or unit.startswith(h) or unit.endswith(h) for h in ctx.heads):
            score += 0.9  # 38 家大学 for "how many universities"
        measured = unit_after(unit or text[n.end:])  # 天 of 5天 and of "15 days"
        if measured and not unit and e == n.end:
            e += english_unit_end(text[n.end:])  # the span is "10 days", not "10"
        if ctx.qtype.unit and measured:
            score += 0.9 if measured == ctx.qtype.unit else -0.3  # 5天, not 10年, for 几天
        if focus in _SHARE:
            score += 0.9 if unit in _PERCENT else -0.3
        elif unit in _PERCENT and ctx.heads:
            score -= 0.3
        if focus in _MONEY and n.currency:
            score += 0.9
        if ctx.qtype.counted and n.money:
            score -= 0.9  # a count of things (几轮融资) is not a sum of money (3亿元) or a share
        if n.digits in ctx.numbers and not _another_quantity(n.digits, measured, ctx.qtype.stated):
            score -= 1.2  # the question's own number, unless it stated it in another unit (满5年, 5天)
        if n.article:
            score -= 0.6
        if n.ordinal:
            score -= 0.5
        if aside(ctx, s, e):
            score -= 0.4
        score += 0.6 * proximity(ctx, s, e) + 0.6 * _anchored(ctx, s, e) - 0.002 * s
        out.append(SpanCandidate(s, e, text[s:e], score))
    return out


def _another_quantity(digits: str, unit: str, stated: tuple[tuple[str, str], ...]) -> bool:
    """Whether the question states ``digits`` only in units other than ``unit`` (both known): 5年 is not 5天."""
    units = [u for d, u in stated if d == digits]
    return bool(unit and units) and all(u and u != unit for u in units)


def _counted_noun(ctx: Context, end: int, window: str) -> int:
    """Where the counted noun after a classifier ends: 232只|风险基金, 38 家|大学 (``window``: what follows)."""
    if not window:
        return end
    for head in sorted(ctx.heads, key=len, reverse=True):
        i = window.find(head)
        if 0 <= i <= 6:
            return end + i + len(head)
    asked = {(hs - end, he - end) for _, hs, he in ctx.hits}
    taken = 0
    for tok in tag(window):
        if not _NOUNISH.match(tok.flag):
            break
        if taken + len(tok.word) > 6 and not any(hs <= tok.start and tok.end <= he for hs, he in asked):
            break  # nouns the question names may run longer: 6个|量子生态中心
        taken = tok.end
    return end + taken


def _anchored(ctx: Context, s: int, e: int, reach: int = 12) -> float:
    """0..1: a year or number of the question sits right before the span (2022年的|9.18亿美元)."""
    best = 0.0
    for term, hs, he in ctx.hits:
        if not term[:1].isdigit() or (hs >= s and he <= e):
            continue
        gap = s - he if he <= s else hs - e + reach // 2  # an anchor after the number counts less
        best = max(best, 1.0 - gap / reach)
    return best
