"""Whether a sentence states a quantity the question gives: as the number itself, or as a range holding it.

A regulation states ranges, not the numbers people ask with: "请假5天需要谁审批?" is answered by
"请假3天以上7天以内的，由分管副总经理审批", and "after 15 years of service" by "已满10年不满20年的，年休假10天", not by
"已满20年的，年休假15天", whose 15 is days. Bounds are read the way such texts write them (满/超过/不少于 A,
A 以上, 不满/不足/少于 A, A 以下/以内, A 至 B, "more than A", "at least A", "less than A", "up to A", "A to B",
"between A and B"); one sentence's lower and upper bounds of a unit make one range. Pure.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from index.text import numerals
from qa.spans.units import english_unit_end, unit_after

_N = rf"(\d+(?:\.\d+)?|[{numerals.NUMERAL_CHARS}]+)"
_LOWER_BEFORE = r"(?:已满|满|超过|大于|高于|多于|不少于|不低于|至少|more than|over|above|at least|exceeding)\s*"
_UPPER_BEFORE = r"(?:不满|未满|不足|不超过|少于|低于|小于|less than|under|below|up to|no more than|fewer than)\s*"
_LOWER_AFTER = r"\s*(?:以上|及以上|或以上|or more)"
_UPPER_AFTER = r"\s*(?:以下|及以下|以内|之内|or less|or fewer)"
_NUMBER = re.compile(_N)
# A 至 B 年, 3-7天, "1 to 10 years", "between 3 and 7 days" (a unit may stand after A as well)
_RANGE = re.compile(rf"(?:between\s+)?{_N}\s*(?:(?P<unit>[^\d\s，,。；;、]{{1,10}}))?\s*"
                    rf"(?:至|到|~|～|-|－|—|to|and)\s*{_N}", re.I)


def _value(text: str) -> float | None:
    if text[0].isdigit():
        return float(text)
    v = numerals.below_hundred(text)
    return float(v) if v else None


def _quantities(text: str) -> list[tuple[float, str, re.Match[str]]]:
    """Each number of ``text`` written with a unit: its value, the unit (``qa.spans.units``), its match."""
    out = []
    for m in _NUMBER.finditer(text):
        value, unit = _value(m.group(1)), unit_after(text[m.end():])
        if value is not None and unit:
            out.append((value, unit, m))
    return out


def bounds(text: str) -> dict[str, tuple[float, float]]:
    """Unit -> (low, high) of the quantities ``text`` states as ranges or bounds (math.inf where open)."""
    return dict(_bounds(text))


@lru_cache(maxsize=8192)
def _bounds(text: str) -> tuple[tuple[str, tuple[float, float]], ...]:  # a sentence is read once for all questions
    out: dict[str, list[float]] = {}

    def add(unit: str, lo: float, hi: float) -> None:
        cur = out.setdefault(unit, [-math.inf, math.inf])
        cur[0], cur[1] = max(cur[0], lo), min(cur[1], hi)

    for a, unit, m in _quantities(text):
        rest = text[m.end():]  # the unit, then what bounds the number: 天以上, " days or more"
        after = rest.lstrip()
        after = after[len(unit):] if after.startswith(unit) else rest[english_unit_end(rest):]
        before = text[max(0, m.start() - 12):m.start()]
        if re.match(_UPPER_AFTER, after, re.I) or re.search(_UPPER_BEFORE + "$", before, re.I):
            add(unit, -math.inf, a)  # before the lower bounds: 不满 ends as 满 does
        elif re.match(_LOWER_AFTER, after, re.I) or re.search(_LOWER_BEFORE + "$", before, re.I):
            add(unit, a, math.inf)
    for m in _RANGE.finditer(text):
        a, b = _value(m.group(1)), _value(m.group(3))
        unit = unit_after(text[m.end(3):])
        if a is not None and b is not None and a < b and unit:
            add(unit, a, b)
    return tuple((u, (lo, hi)) for u, (lo, hi) in out.items() if lo <= hi)


@lru_cache(maxsize=8192)
def states(text: str, digits: str, unit: str) -> bool | None:
    """Whether ``text`` states the question's number ``digits`` in ``unit``: True when it writes it in that unit
    or a range of that unit holds it, False when it states quantities of that unit and none is it, None when it
    states none of that unit (the words decide)."""
    if not unit:
        return None
    value = float(digits)
    found = dict(_bounds(text)).get(unit)
    if found is not None:
        return found[0] <= value <= found[1]
    same = [v for v, u, _ in _quantities(text) if u == unit]
    return any(v == value for v in same) if same else None
