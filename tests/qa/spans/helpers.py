"""The best span for a question, as the tests of every answer type ask for it."""

from __future__ import annotations

from index.tokenize import tokenize
from qa.spans import answer_spans, question_type


def top(sentence: str, question: str, terms: set[str] | None = None) -> str | None:
    """The best span for a question; Chinese questions bring their own tokens as terms."""
    found = answer_spans(sentence, question_type(question), tokenize(question) if terms is None else terms)
    return found[0].text if found else None
