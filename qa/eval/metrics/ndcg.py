"""nDCG@k with binary relevance, for questions whose gold ``doc`` is given.

A passage is relevant when it comes from the expected document **and**
contains the expected answer (when an answer is given; with only a ``doc``,
coming from that document is enough). Passages that were not returned cannot
be judged, so the ideal ranking is built from the relevant passages that were
returned: nDCG then says how high the system put what it found. A question
with no relevant passage scores 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from qa.eval.metrics.base import NOT_APPLICABLE, Terms, ratio
from qa.eval.metrics.judged import Judged


def dcg(relevance: Sequence[bool], k: int) -> float:
    return sum(1.0 / math.log2(rank + 1) for rank, rel in enumerate(relevance[:k], start=1) if rel)


def ndcg_at_k(relevance: Sequence[bool], k: int) -> float:
    """DCG of the first ``k`` over the DCG of the same relevant passages ranked first."""
    n_relevant = sum(1 for r in relevance if r)
    if not n_relevant:
        return 0.0
    ideal = dcg([True] * n_relevant, k)
    return dcg(relevance, k) / ideal


def terms(j: Judged, k: int) -> Terms:
    if not j.gold_doc or j.gold_answerable is False:
        return NOT_APPLICABLE
    return ndcg_at_k(j.relevant, k), 1.0


def ndcg(judged: Sequence[Judged], k: int = 10) -> float | None:
    """Mean nDCG@k over questions with a gold ``doc`` (and not marked unanswerable)."""
    return ratio(judged, lambda j: terms(j, k))
