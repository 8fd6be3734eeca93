"""The answer type lifts a passage by how well it fits and by how much its sentence is about the question."""

from __future__ import annotations

from qa.pipeline.choose import SentenceChoice
from qa.pipeline.rerank import type_fit


def _choice(lexical: float, fit: float) -> SentenceChoice:
    return SentenceChoice(row=0, score=lexical, lexical=lexical, dense=0.3, span=None, type_score=fit)


def test_a_fitting_span_in_a_sentence_about_the_question_counts_in_full() -> None:
    assert type_fit(_choice(0.5, 1.0)) == 1.0
    assert type_fit(_choice(0.9, 0.6)) == 0.6


def test_a_span_in_a_sentence_sharing_no_word_with_the_question_counts_half() -> None:
    # a row of a command table holds a command whatever the question asks
    assert type_fit(_choice(0.0, 1.0)) == 0.5
    assert type_fit(_choice(0.0, 1.0)) < type_fit(_choice(0.25, 1.0)) < type_fit(_choice(0.5, 1.0))


def test_no_sentence_or_no_fit_adds_nothing() -> None:
    assert type_fit(None) == 0.0
    assert type_fit(_choice(0.8, 0.0)) == 0.0
