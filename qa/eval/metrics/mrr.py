"""MRR@k: mean reciprocal rank of the first passage that contains the answer (0 beyond rank k)."""

from __future__ import annotations

from collections.abc import Sequence

from qa.eval.metrics.base import NOT_APPLICABLE, Terms, ratio
from qa.eval.metrics.judged import Judged


def reciprocal_rank(hits: Sequence[bool], k: int) -> float:
    """1/r for the first true flag at 1-based rank r <= k, else 0."""
    for rank, hit in enumerate(hits[:k], start=1):
        if hit:
            return 1.0 / rank
    return 0.0


def terms(j: Judged, k: int) -> Terms:
    if not j.gold_answerable:
        return NOT_APPLICABLE
    return reciprocal_rank(j.hits, k), 1.0


def mrr(judged: Sequence[Judged], k: int = 10) -> float | None:
    """Mean reciprocal rank at cutoff ``k`` over questions with a non-empty gold answer."""
    return ratio(judged, lambda j: terms(j, k))
