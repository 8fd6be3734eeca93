"""Answer spans inside one sentence, found by what the question asks for.

With no generative model, the answer is shown by highlighting part of the
answering sentence. The question type (``qtype``) says what to look for, and
one module per kind finds it: a number with its unit (``numbers``: 232只风险基金,
1.06亿英镑, 38 家大学, 十余家医院), a date (``dates``: 2018 年, 2024—2034年), a
person (``people``: 总经理顾成建, Iordanis Kerenidis), a named thing (``orgs``:
《…》, “济南一号”, 斯坦福国际研究院(SRI International), QURECA) or a list joined by
、/和 (``lists``: 科罗拉多州、新墨西哥州和怀俄明州). Candidates rank by how well
they fit the type and by what the question does not already say
(``context``): a span made of the question's own words is rarely its answer,
a span beside them often is. ``answer.answer_spans`` picks the finder and
keeps the best candidates.

Offsets are into ``sentence``; the caller maps them to the file. Numbers and
dates need only regular expressions; names and lists need words and
part-of-speech tags (``tagging``) and noun phrases (``chunker``). What a
sentence holds does not depend on the question (its tags, phrases, numbers,
dates and names with their evidence), so it is worked out once a sentence and
kept in bounded caches; a question only scores it (~0.02 ms a sentence for
numbers and dates, ~0.1 ms for names and lists; tagging a sentence the first
time costs ~0.4 ms more). The word lists the rules use are plain files in ``data/``.
"""

from __future__ import annotations

from qa.spans.answer import answer_spans, best_span
from qa.spans.context import QuestionTerms, question_terms
from qa.spans.qtype import KINDS, OTHER, QuestionType, question_type
from qa.spans.records import SpanCandidate

__all__ = ["KINDS", "OTHER", "QuestionTerms", "QuestionType", "SpanCandidate", "answer_spans", "best_span",
           "question_terms", "question_type"]
