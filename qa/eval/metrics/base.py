"""The shape every metric shares: a per-question ``(value, weight)`` pair, summed as a ratio.

A mean over the questions a metric applies to is ``sum(value) / sum(weight)``
with weight 1 or 0; a precision or recall is the same ratio with other
weights. One shape lets the paired bootstrap resample any metric alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from qa.eval.metrics.judged import Judged

Terms = tuple[float, float]  # (value, weight); weight 0 means "does not apply"
NOT_APPLICABLE: Terms = (0.0, 0.0)


def ratio(judged: Sequence[Judged], terms: Callable[[Judged], Terms]) -> float | None:
    """Sum of values over sum of weights; ``None`` when the metric applies to no question."""
    num = den = 0.0
    for j in judged:
        v, w = terms(j)
        num += v
        den += w
    return num / den if den else None


def applicable(judged: Sequence[Judged], terms: Callable[[Judged], Terms]) -> int:
    """How many questions a metric was computed over."""
    return sum(1 for j in judged if terms(j)[1])
