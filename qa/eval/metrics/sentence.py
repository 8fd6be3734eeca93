"""Answer-sentence accuracy: the highlighted sentence of the top passage contains the expected answer.

This is what a reader sees first; a hit somewhere in the passages is not
enough if the highlight points at the wrong sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from qa.eval.metrics.base import NOT_APPLICABLE, Terms, ratio
from qa.eval.metrics.judged import Judged
from qa.eval.metrics.text import contains


def sentence_correct(sentence: str | None, gold: str) -> float:
    return 1.0 if contains(sentence, gold) else 0.0


def terms(j: Judged) -> Terms:
    if not j.gold_answerable:
        return NOT_APPLICABLE
    return sentence_correct(j.sentence, j.gold_answer or ""), 1.0


def sentence_accuracy(judged: Sequence[Judged]) -> float | None:
    """Share of answerable questions whose highlighted sentence contains the gold answer."""
    return ratio(judged, terms)
