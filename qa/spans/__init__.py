"""Answer spans by type: what a question asks for (``qtype``) and where it sits in a sentence."""

from __future__ import annotations

from qa.spans.orgs import SpanCandidate, answer_spans
from qa.spans.qtype import KINDS, OTHER, QuestionType, question_type

__all__ = ["KINDS", "OTHER", "QuestionType", "SpanCandidate", "answer_spans", "question_type"]
