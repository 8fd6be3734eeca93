"""Does the corpus answer the question? Features of the best passage and a calibrated logistic.

The coefficients and threshold live in ``qa/retrieval.toml`` and come from
``python bench/calibrate.py`` (answerable dev questions and their translations
against hand-written off-topic questions), not from a guess.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import astuple, dataclass, fields
from typing import TYPE_CHECKING

import numpy as np

from index.engines.base import chunk_words
from index.english import english_terms
from index.gloss import default_glossary
from index.tokenize import tokenize
from qa.pipeline.choose import lexical_overlap
from qa.pipeline.languages import is_english

if TYPE_CHECKING:  # pragma: no cover
    from index.engines.base import IndexReader
    from qa.pipeline.analyse import Query
    from qa.pipeline.rerank import Ranked
    from qa.settings import Settings


@dataclass(frozen=True)
class AnswerFeatures:
    """What the calibrated confidence looks at: the best passage against the question."""

    coverage: float  # share of the question's (idf-weighted) terms the passage holds
    dense: float  # cosine of the question with the chunk, or with its best sentence if higher
    fit: float  # 0..1: an answer of the asked type in the passage's best sentence
    unknown: float = 0.0  # 1: the question names something the index never mentions in any form
    sentence: float = 0.0  # cosine of the question with the passage's answering sentence
    unmatched: float = 0.0  # share of the question's words the index holds in no form (``unmatched_terms``)
    held: float = 0.0  # share of the question's terms the answering sentence holds, with its heading

    def values(self) -> tuple[float, ...]:
        """The features in ``FEATURES`` order."""
        return astuple(self)


FEATURES = tuple(f.name for f in fields(AnswerFeatures))
NO_ANSWER = AnswerFeatures(0.0, 0.0, 0.0)
_PART = re.compile(r"[a-z0-9]+")
_CAPITAL = re.compile(r"(?<![\w'])[A-Z][A-Za-z0-9.+-]*")


def _latin_parts(term: str) -> list[str]:
    """The word parts of a Latin-letter term (``sshd.socket`` -> sshd, socket), numbers left out."""
    return [p for p in _PART.findall(term.lower()) if len(p) > 1 and not p.isdigit()]


def _capitalised(text: str) -> set[str]:
    """The lower-cased Latin words written with a capital in ``text`` other than a sentence's first word."""
    out = set()
    for m in _CAPITAL.finditer(text):
        before = text[: m.start()].rstrip()
        if before and before[-1] not in ".?!":
            out.update(_latin_parts(m.group()))
    return out


def unknown_terms(
    query: Query, known: Callable[[str], bool], common: Collection[str], stems: Callable[[str], list[str]],
) -> list[str]:
    """The question's Latin-letter names the index cannot match in any form: ``ufw`` in a corpus that never
    mentions ufw. Numbers never count, nor a term the index holds (``known``): a name as it is spelled,
    another word as it is or as its stem.

    Pure. What counts as a name depends on how the question is matched. In a Chinese question every Latin
    token is one (a writer of Chinese spells only names and commands in Latin letters). In an English
    question, a word written with a capital inside the sentence (``Postfix``) is one, and so is any other
    word that is neither ordinary English (``common``) nor one the question was translated through.
    """
    spelled: dict[str, str] = {}  # an English question's names, by the term the question is matched through
    if query.lang == "en":
        through = {en for _, en in query.sources}
        for word in _capitalised(query.text):  # "Parted" is matched as part, yet spelled parted
            for term in stems(word):
                spelled.setdefault(term, word)
        candidates = [t for t in query.en_terms if t not in through or t in spelled]
    else:
        candidates = [t for t in query.zh_terms if t.isascii()]
    out = []
    for term in dict.fromkeys(candidates):
        for part in _latin_parts(term):
            name = query.lang != "en" or part in spelled
            forms = {spelled.get(part, part)} if name else {part, *stems(part)}  # a name as spelled: parted is not part
            if (name or not any(f in common for f in forms)) and not any(known(f) for f in forms):
                out.append(term)
                break
    return out


def unmatched_terms(query: Query, in_zh: Callable[[str], bool], in_en: Callable[[str], bool]) -> list[str]:
    """The question's words that no passage of the index could hold in any form: the index's words
    (``in_zh``: its Chinese field, ``in_en``: its English one) hold neither the word nor a translation the
    question was read through. "How do I take a screenshot?" over chapters that never mention one: the word
    is ordinary English, so not an unknown name, yet nothing answers it. The terms of a phrase the index
    never writes together (``Query.absent``: "time zone" over chapters without 时区) count too.

    Pure. A near-topic question the documents do not answer typically asks about one such thing among
    words the documents use (measured on the Debian set: in 75-100% of them, and in 22-46% of the
    answerable ones, mostly a word of the question's own phrasing, 一共, "fresh").
    """
    absent = set(query.absent)  # a phrase's words the index holds, never together (qa.pipeline.together)
    if query.lang == "en":
        through = {en for _, en in query.sources}
        return [t for t in dict.fromkeys(query.en_terms) if t in absent or (t not in through and not in_en(t))]
    english = dict(query.xsources)
    return [t for t in query.zh_terms if t in absent or not (in_zh(t) or english.get(t) or in_en(t))]


def unmatched_in(query: Query, index: IndexReader) -> list[str]:
    """``unmatched_terms`` of the question over the lexical fields of ``index``."""
    zh, en = index.lexical("zh"), index.lexical("en")

    def holds(field):
        return (lambda t: field.idf_of(t) > 0) if field is not None else (lambda t: False)

    return unmatched_terms(query, holds(zh), holds(en))


def unmatched_share(query: Query, index: IndexReader) -> float:
    """The share of the question's words ``unmatched_terms`` finds in ``index`` (0 for a question of none)."""
    terms = set(query.en_terms) if query.lang == "en" else set(query.zh_terms)
    return len(unmatched_in(query, index)) / len(terms) if terms else 0.0


def english_coverage(
    en_terms: Iterable[str],
    sources: Iterable[tuple[str, str]],
    tokens: set[str],
    gloss: set[str],
    stems: Callable[[str], list[str]],
    absent: Collection[str] = (),
) -> float:
    """Share of the question's English words the passage carries, in its gloss or through a translation
    (a word of ``absent`` never: its phrase is written nowhere)."""
    terms = list(dict.fromkeys(en_terms))
    if not terms:
        return 0.0
    via: dict[str, set[str]] = {}
    for token, en in sources:
        for s in stems(en):
            via.setdefault(s, set()).add(token)
    covered = sum(1 for t in terms if t not in absent and (t in gloss or via.get(t, set()) & tokens))
    return covered / len(terms)


def gloss_coverage(
    terms: Iterable[str], xsources: Iterable[tuple[str, tuple[str, ...]]], tokens: set[str], gloss: set[str],
    idf: Callable[[str], float], absent: Collection[str] = (),
) -> float:
    """A Chinese question over an English passage: share (by idf) of its tokens whose dictionary English
    is in the passage (``gloss``: the passage's English stems), or that it holds as they are (a Latin name);
    a token of ``absent`` never (its phrase is written nowhere)."""
    terms = list(terms)
    total = sum(idf(t) for t in terms)
    if total <= 0:
        return 0.0
    english = {t: stems for t, stems in xsources if t not in absent}
    got = sum(idf(t) for t, stems in english.items() if gloss & set(stems))
    got += sum(idf(t) for t in terms if t in tokens and t not in english and t not in absent)
    return got / total


def covered(query: Query, tokens: set[str], idf: Callable[[str], float], xlingual: bool = False) -> float:
    """The share of the question's terms ``tokens`` hold, as the question is matched: a Chinese question's
    tokens by idf; an English question's words in the tokens' gloss or through a translation; a Chinese
    question over an English passage through its tokens' dictionary English (``xlingual``).

    The words of a phrase the index never writes together (``Query.absent``: "Debian 12" over chapters of
    Debian 8 and 11) are held by no passage, whatever words of it a passage has."""
    absent = set(query.absent)
    gloss = set(default_glossary().gloss(list(tokens))) if query.lang == "en" or xlingual else set()
    if xlingual:
        return gloss_coverage(query.zh_terms, query.xsources, tokens, gloss, idf, absent)
    if query.lang == "en":
        return english_coverage(query.en_terms, query.sources, tokens, gloss, english_terms, absent)
    return lexical_overlap(tokens - absent, query.zh_terms, idf) if query.zh_terms else 0.0


def names_unknown(query: Query, index: IndexReader) -> float:
    """1.0 when the question names something the index never mentions (``unknown_terms``), else 0.0."""
    fields = [f for f in (index.lexical("zh"), index.lexical("en")) if f is not None]

    def known(term: str) -> bool:
        return any(f.idf_of(term) > 0 for f in fields)

    common = default_glossary().common_english
    return 1.0 if unknown_terms(query, known, common, english_terms) else 0.0


def confidence(feats: AnswerFeatures, coefficients: Mapping[str, float]) -> float:
    """The logistic of the weighted features (missing coefficients count 0)."""
    z = coefficients.get("bias", 0.0) + sum(coefficients.get(f, 0.0) * v for f, v in zip(FEATURES, feats.values()))
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def answer_features(query: Query, qvec: np.ndarray, ranked: list[Ranked], index: IndexReader) -> AnswerFeatures:
    """The features of the first ranked passage (all zero when nothing was retrieved)."""
    if not ranked:
        return NO_ANSWER
    return passage_features(query, qvec, ranked[0], index)


def passage_features(query: Query, qvec: np.ndarray, best: Ranked, index: IndexReader,
                     unknown: float | None = None, unmatched: float | None = None) -> AnswerFeatures:
    """The features of one ranked passage against the question (``unknown``: ``names_unknown``, ``unmatched``:
    ``unmatched_share``, when the caller has them already: they are the question's, the same for every
    passage)."""
    choice = best.choice
    chunk = index.chunk(best.chunk)
    xlingual = bool(query.xsources) and is_english(index, chunk.doc)  # a Chinese question, an English passage
    dense = float(index.chunk_vectors([best.chunk])[0] @ qvec)
    sentence = choice.dense if choice is not None else 0.0
    zh = index.lexical("zh")

    def weight(token: str) -> float:
        return zh.idf_of(token) or zh.max_idf()

    heading = set(tokenize(chunk.heading))
    coverage = covered(query, chunk_words(index, chunk, heading), weight, xlingual)
    held = 0.0
    if choice is not None:
        held = covered(query, set(index.sentence(choice.row).tokens) | heading, weight, xlingual)
    if unknown is None:
        unknown = names_unknown(query, index)
    if unmatched is None:
        unmatched = unmatched_share(query, index)
    fit = choice.type_score if choice is not None else 0.0
    return AnswerFeatures(coverage, max(dense, sentence), fit, unknown, sentence, unmatched, held)


def answer_confidence(query: Query, qvec: np.ndarray, ranked: list[Ranked], index: IndexReader,
                      settings: Settings) -> float:
    """0..1: how sure the assistant is that the first passage answers (0 for another script)."""
    if query.lang == "other" or not ranked:
        return 0.0
    feats = answer_features(query, qvec, ranked, index)
    return confidence(feats, settings.coefficients_for(query.lang))


def passage_confidences(query: Query, qvec: np.ndarray, ranked: list[Ranked], index: IndexReader,
                        settings: Settings) -> list[float]:
    """0..1 for each passage, on the answer's calibrated scale: the first one's is ``answer_confidence``.

    What a reader can compare across questions, where the ranking score is only relative to the list's best.
    """
    if query.lang == "other":
        return [0.0] * len(ranked)
    coefficients = settings.coefficients_for(query.lang)
    unknown = names_unknown(query, index) if ranked else 0.0
    unmatched = unmatched_share(query, index) if ranked else 0.0
    return [confidence(passage_features(query, qvec, r, index, unknown, unmatched), coefficients) for r in ranked]
