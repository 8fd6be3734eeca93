"""Dates: 2018 年, 2024—2034年, 2021年3月5日, 二〇二三年, Nov. 2019, 2022.

Regular expressions only, tried in order: an earlier pattern wins where two
overlap, so a range beats the years inside it. The question's own year is not
its answer (到2030年要形成…), nor a year in an aside (…, 2017 年成立, …).
"""

from __future__ import annotations

import re
from functools import lru_cache

from index.text import numerals
from qa.spans.context import Context, aside, proximity
from qa.spans.records import SpanCandidate

_ZH_DIGIT = numerals.YEAR_DIGITS
_DATES = (  # (pattern, base score); earlier patterns win overlaps
    (re.compile(r"(?:19|20)\d\d\s*[—–\-~～至到]\s*(?:(?:19|20)\d\d\s*)?年?(?:19|20)?\d\d\s*年"), 1.4),
    (re.compile(r"(?:19|20)\d\d\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?)?代?"), 1.2),
    (re.compile(rf"[{_ZH_DIGIT}]{{4}}年(?:[一二三四五六七八九十]{{1,2}}月"
                rf"(?:[一二三四五六七八九十]{{1,3}}日)?)?"), 1.2),
    (re.compile(r"(?<!\d)\d{1,2}\s*月\s*\d{1,2}\s*[日号]"), 1.0),
    (re.compile(r"(?<![\d.])(?:19|20)\d\d[-/.]\d{1,2}(?:[-/.]\d{1,2})?(?![\d.])"), 1.0),
    (re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+"
                r"(?:\d{1,2},?\s+)?(?:19|20)\d\d"), 1.2),
    (re.compile(r"(?<![\d.A-Za-z\-])(?:19|20)\d\d(?![\d.%A-Za-z])"), 0.6),
    (re.compile(r"去年|今年|明年|前年|近日|日前|近期|目前"), 0.2),
)
_YEARS = re.compile(r"(?:19|20)\d\d")


@lru_cache(maxsize=8192)
def sentence_dates(text: str) -> tuple[tuple[int, int, float, tuple[str, ...]], ...]:
    """(start, end, base score, years) of every date of a sentence: the same for every question (a bounded
    cache, pure)."""
    taken: list[tuple[int, int]] = []
    out = []
    for pattern, base in _DATES:
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and e > ts for ts, te in taken):
                continue
            taken.append((s, e))
            out.append((s, e, base + (0.4 if "月" in m.group() else 0.0), tuple(_YEARS.findall(m.group()))))
    return tuple(out)


def dates(ctx: Context) -> list[SpanCandidate]:
    """Every date of the sentence, scored for the question."""
    text = ctx.sentence
    out = []
    for s, e, score, years in sentence_dates(text):
        if years and all(y in ctx.numbers for y in years):
            score -= 1.2  # the question's own year: 到2030年要形成…
        if aside(ctx, s, e):
            score -= 0.5  # (…, 2017 年成立, …) beside the main clause's 2018 年
        score += 0.5 * proximity(ctx, s, e) - 0.002 * s
        out.append(SpanCandidate(s, e, text[s:e], score))
    return out
