"""Unanswerable precision and recall: does the system say "not in the sources" when, and only when, it should?

Gold: a null or empty expected answer means the question is unanswerable
(rows with no expected answer at all are left out). Predicted: the answer's
``answerable`` flag is false. Both metrics live here because they are two
ratios of the same confusion counts.
"""

from __future__ import annotations

from collections.abc import Sequence

from qa.eval.metrics.base import NOT_APPLICABLE, Terms, ratio
from qa.eval.metrics.judged import Judged


def precision_terms(j: Judged) -> Terms:
    if j.gold_answerable is None or j.answerable:
        return NOT_APPLICABLE
    return (0.0 if j.gold_answerable else 1.0), 1.0


def recall_terms(j: Judged) -> Terms:
    if j.gold_answerable is not False:
        return NOT_APPLICABLE
    return (0.0 if j.answerable else 1.0), 1.0


def unanswerable_precision(judged: Sequence[Judged]) -> float | None:
    """Of the questions called unanswerable, the share that truly are."""
    return ratio(judged, precision_terms)


def unanswerable_recall(judged: Sequence[Judged]) -> float | None:
    """Of the truly unanswerable questions, the share called unanswerable."""
    return ratio(judged, recall_terms)
