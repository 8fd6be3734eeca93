"""Answer-span exact match: the highlighted answer span equals the expected answer after normalisation.

The span is scored whether or not the system called the question answerable
(that flag has its own metrics, ``qa.metrics.unanswerable``); no span scores 0.
"""

from __future__ import annotations

from collections.abc import Sequence

from qa.eval.metrics.base import NOT_APPLICABLE, Terms, ratio
from qa.eval.metrics.judged import Judged
from qa.eval.metrics.text import normalize


def exact_match(span: str | None, gold: str) -> float:
    n = normalize(span)
    return 1.0 if n and n == normalize(gold) else 0.0


def terms(j: Judged) -> Terms:
    if not j.gold_answerable:
        return NOT_APPLICABLE
    return exact_match(j.span, j.gold_answer or ""), 1.0


def span_exact_match(judged: Sequence[Judged]) -> float | None:
    """Share of answerable questions whose answer span matches the gold answer exactly."""
    return ratio(judged, terms)
