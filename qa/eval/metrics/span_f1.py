"""Answer-span F1 over characters: each CJK character is a token, a Latin word or number is one.

Whitespace tokens would make a Chinese answer one token, right or wrong;
characters give partial credit for a span that is a little too long or short.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from qa.eval.metrics.base import NOT_APPLICABLE, Terms, ratio
from qa.eval.metrics.judged import Judged
from qa.eval.metrics.text import tokens


def char_f1(span: str | None, gold: str) -> float:
    """SQuAD-style F1 of the token multisets of ``span`` and ``gold``."""
    pred, ref = tokens(span), tokens(gold)
    if not pred or not ref:
        return 1.0 if pred == ref and span else 0.0
    common = sum((Counter(pred) & Counter(ref)).values())
    if not common:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def terms(j: Judged) -> Terms:
    if not j.gold_answerable:
        return NOT_APPLICABLE
    return char_f1(j.span, j.gold_answer or ""), 1.0


def span_f1(judged: Sequence[Judged]) -> float | None:
    """Mean character-level F1 of the answer span over answerable questions."""
    return ratio(judged, terms)
