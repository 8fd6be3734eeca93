"""A question turned into what each retriever needs: weighted Chinese tokens, English terms, its type.

(What a person may type is checked before, by ``qa.limits.check_question``.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.english import english_terms
from index.text.script import detect_lang
from index.tokenize import tokenize
from qa.spans import QuestionType, question_type

if TYPE_CHECKING:  # pragma: no cover
    from qa.pipeline.translate import QueryTerm


@dataclass(frozen=True)
class Query:
    text: str
    lang: str
    zh_terms: dict[str, float]  # tokens of the lexical index with weights
    en_terms: tuple[str, ...]  # normalised English words, for the gloss field
    qtype: QuestionType | None = None
    sources: tuple[tuple[str, str], ...] = ()  # (Chinese token, English it translates), English questions


def _bag(tokens: list[str]) -> dict[str, float]:
    bag: dict[str, float] = {}
    for t in tokens:
        bag[t] = bag.get(t, 0.0) + 1.0
    return bag


def analyse(
    question: str,
    translate: Callable[[str], list] | None = None,
    english_terms: Callable[[str], list[str]] | None = None,
    question_type: Callable[[str], QuestionType] | None = None,
) -> Query:
    """Pure: the functions that translate and type the question are passed in."""
    lang = detect_lang(question)
    zh_terms: dict[str, float] = {}
    en: list[str] = []
    sources: list[tuple[str, str]] = []
    if lang in ("zh", "mixed"):
        zh_terms = _bag(tokenize(question))
    if lang in ("en", "mixed"):
        if english_terms is not None:
            en = english_terms(question)
        if translate is not None:
            for term in translate(question):
                zh_terms[term.token] = zh_terms.get(term.token, 0.0) + float(term.weight)
                sources.append((term.token, getattr(term, "en", "")))
        else:
            for t in tokenize(question):  # Latin names and numbers still match as they are
                zh_terms[t] = zh_terms.get(t, 0.0) + 1.0
    qtype = question_type(question) if question_type is not None else None
    return Query(question, lang, zh_terms, tuple(en), qtype, tuple(sources))


def analyse_question(question: str, translate: Callable[[str], list[QueryTerm]]) -> Query:
    """The question as the assistant analyses it: ``translate`` is the index's ``Translator.translate``."""
    return analyse(question, translate, english_terms, question_type)
