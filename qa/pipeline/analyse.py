"""A question turned into what each retriever needs: weighted Chinese tokens, English terms, its type.

(What a person may type is checked before, by ``qa.limits.check_question``.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from index.english import english_terms
from index.text.script import detect_lang
from index.tokenize import tokenize
from qa.spans import QuestionType, question_type

if TYPE_CHECKING:  # pragma: no cover
    from qa.pipeline.translate import QueryTerm


UNITS = ("pair", "pinyin", "phrase")  # translation sources that translate several English words as one


@dataclass(frozen=True)
class Query:
    text: str
    lang: str
    zh_terms: dict[str, float]  # tokens of the lexical index with weights
    en_terms: tuple[str, ...]  # normalised English words, for the gloss field
    qtype: QuestionType | None = None
    sources: tuple[tuple[str, str], ...] = ()  # (Chinese token, English it translates), English questions
    # a Chinese question over English documents: the English stems of its tokens (CC-CEDICT), weighted
    xterms: dict[str, float] = field(default_factory=dict)
    xsources: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (Chinese token, its English stems in the index)
    phrased: tuple[str, ...] = ()  # English translated as one unit: a corpus pair, a pinyin name, a phrase
    absent: tuple[str, ...] = ()  # terms of phrases the index never writes together (qa.pipeline.together)


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
    phrased: dict[str, None] = {}
    if lang in ("zh", "mixed"):
        zh_terms = _bag(tokenize(question))
    if lang in ("en", "mixed"):
        if english_terms is not None:
            en = english_terms(question)
        if translate is not None:
            for term in translate(question):
                zh_terms[term.token] = zh_terms.get(term.token, 0.0) + float(term.weight)
                sources.append((term.token, getattr(term, "en", "")))
                if getattr(term, "source", "") in UNITS:
                    phrased[term.en] = None
        else:
            for t in tokenize(question):  # Latin names and numbers still match as they are
                zh_terms[t] = zh_terms.get(t, 0.0) + 1.0
    qtype = question_type(question) if question_type is not None else None
    return Query(question, lang, zh_terms, tuple(en), qtype, tuple(sources), phrased=tuple(phrased))


def with_english_gloss(query: Query, english: Callable[[str], tuple[str, ...]]) -> Query:
    """A Chinese (or mixed) question with the English of its tokens, for English documents.

    ``english`` gives a token's dictionary English, kept to the stems the
    index holds; a token's weight is shared by its ``n`` stems as ``w / sqrt(n)``
    (a word of many senses does not outweigh a precise one), a stem two tokens
    give keeping the larger share. Pure.
    """
    if query.lang not in ("zh", "mixed"):
        return query
    bag: dict[str, float] = {}
    sources = []
    for token, w in query.zh_terms.items():
        terms = tuple(dict.fromkeys(english(token)))
        if not terms:
            continue
        sources.append((token, terms))
        share = w / len(terms) ** 0.5
        for t in terms:
            bag[t] = max(bag.get(t, 0.0), share)
    return replace(query, xterms=bag, xsources=tuple(sources))


def analyse_question(question: str, translate: Callable[[str], list[QueryTerm]],
                     english: Callable[[str], tuple[str, ...]] | None = None) -> Query:
    """The question as the assistant analyses it: ``translate`` is the index's ``Translator.translate``;
    ``english`` (an index with English documents): a Chinese token's English stems (``with_english_gloss``)."""
    query = analyse(question, translate, english_terms, question_type)
    return with_english_gloss(query, english) if english is not None else query
