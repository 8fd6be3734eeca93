"""hit@k: the share of answerable questions whose answer text lies inside one of the top k passages.

No document label is needed: the gold answer string itself, normalised
(``qa.metrics.text``), is looked for in each passage's text.
"""

from __future__ import annotations

from collections.abc import Sequence

from qa.eval.metrics.base import NOT_APPLICABLE, Terms, ratio
from qa.eval.metrics.judged import Judged


def hit_at_k(hits: Sequence[bool], k: int) -> float:
    """1.0 when any of the first ``k`` flags is true."""
    return 1.0 if any(hits[:k]) else 0.0


def terms(j: Judged, k: int) -> Terms:
    if not j.gold_answerable:
        return NOT_APPLICABLE
    return hit_at_k(j.hits, k), 1.0


def hit_rate(judged: Sequence[Judged], k: int = 5) -> float | None:
    """Mean hit@k over questions with a non-empty gold answer; ``None`` if there are none."""
    return ratio(judged, lambda j: terms(j, k))
