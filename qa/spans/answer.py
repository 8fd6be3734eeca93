"""Which finder looks for which kind of answer, and the candidates it keeps."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from index.english import STOPWORDS
from index.text.script import CJK_CHAR
from qa.spans.chunker import chunks
from qa.spans.code import code, is_location, sentence_code
from qa.spans.context import Context, QuestionTerms, context
from qa.spans.dates import dates, sentence_dates
from qa.spans.lists import list_phrases
from qa.spans.numbers import numbers, sentence_numbers
from qa.spans.orgs import Phrase, kind_fit, named_phrases, phrase_bound, phrase_score
from qa.spans.people import people, sentence_names
from qa.spans.qtype import QuestionType
from qa.spans.records import SpanCandidate
from qa.spans.tagging import tag


def answer_spans(
    sentence: str, qtype: QuestionType, question_terms: Iterable[str] | QuestionTerms = frozenset(), *,
    min_score: float = 0.5,
) -> list[SpanCandidate]:
    """Candidate answer spans in ``sentence``, best first; empty when the type gives nothing to look for.

    ``question_terms`` are the question's Chinese tokens (or those of its
    translation; numbers such as 2022 included): spans the question already
    spells out rank lower, spans surrounded by them higher (a caller asking
    about many sentences passes ``question_terms(terms)``, read once).
    Candidates scoring under ``min_score`` are dropped: in sentences holding
    nothing of the asked kind they are noun phrases picked for want of better
    (under 0.5 on the seed corpus), while real answers score above 1.2.
    """
    if not sentence.strip() or qtype.kind == "other":
        return []
    finder, found = _FINDERS.get(qtype.kind, (_phrases, sentence_phrases))
    if not found(sentence):
        return []  # nothing of the kind in the sentence, whatever the question
    ctx = context(sentence, qtype, question_terms)
    best: dict[tuple[int, int], SpanCandidate] = {}
    for cand in finder(ctx):
        if cand.score < min_score:
            continue
        key = (cand.start, cand.end)
        if key not in best or cand.score > best[key].score:
            best[key] = SpanCandidate(cand.start, cand.end, cand.text, round(cand.score, 4))
    return sorted(best.values(), key=lambda c: (-c.score, c.start))


def best_span(
    sentence: str, qtype: QuestionType, question_terms: Iterable[str] | QuestionTerms = frozenset(), *,
    min_score: float = 0.5,
) -> SpanCandidate | None:
    """The first of ``answer_spans`` (None when there is none), found scoring fewer phrases.

    For names, organisations and lists the phrases are scored from the highest bound down
    (``orgs.phrase_bound``: the most the question's words around one could add), until none left can
    reach the best found or ``min_score``. Where two spans tie with the same start (only their order
    of appearance would decide), every phrase is scored, as ``answer_spans`` does.
    """
    if qtype.kind in _FINDERS or qtype.kind == "other" or not sentence.strip():
        found = answer_spans(sentence, qtype, question_terms, min_score=min_score)
        return found[0] if found else None
    phrases = sentence_phrases(sentence)
    if not phrases:
        return None
    ctx = context(sentence, qtype, question_terms)
    fits = [kind_fit(ctx, p) for p in phrases]
    bounds = [phrase_bound(ctx, p, fit) for p, fit in zip(phrases, fits)]
    best: dict[tuple[int, int], float] = {}  # span -> its best score (rounded as answer_spans keeps it)
    top = None
    for i in sorted(range(len(phrases)), key=lambda i: -bounds[i]):
        if bounds[i] < min_score or (top is not None and round(bounds[i], 4) < top):
            break  # nor can any after it: its bound is the highest left
        p = phrases[i]
        score = phrase_score(ctx, p)
        if score < min_score:
            continue
        key, rounded = (p.start, p.end), round(score, 4)
        best[key] = max(best.get(key, rounded), rounded)
        top = rounded if top is None else max(top, rounded)
    if not best:
        return None
    first = min(s for (s, _), v in best.items() if v == top)
    ties = [key for key, v in best.items() if v == top and key[0] == first]
    if len(ties) > 1:
        found = answer_spans(sentence, qtype, question_terms, min_score=min_score)
        return found[0] if found else None
    s, e = ties[0]
    return SpanCandidate(s, e, sentence[s:e], top)


def _phrases(ctx: Context) -> list[SpanCandidate]:
    """Organisations, places, titles and lists: named things first, then the lists of them."""
    return [SpanCandidate(p.start, p.end, p.text, phrase_score(ctx, p)) for p in sentence_phrases(ctx.sentence)]


def _places(ctx: Context) -> list[SpanCandidate]:
    """Places, and in a manual the paths and addresses that answer "where"."""
    return _phrases(ctx) + [c for c in code(ctx) if is_location(c.text)]


def _place_found(sentence: str) -> bool:
    return bool(sentence_phrases(sentence)) or any(is_location(sentence[s:e]) for s, e, _ in sentence_code(sentence))


# kind -> (finder, what the sentence holds for it whatever the question: empty, nothing to score)
_FINDERS = {
    "place": (_places, _place_found),
    "number": (numbers, sentence_numbers),
    "date": (dates, sentence_dates),
    "person": (people, lambda sentence: any(sentence_names(sentence))),  # names, Latin names, runs of names
    "code": (code, sentence_code),  # commands, paths, packages, settings
}


@lru_cache(maxsize=4096)
def sentence_phrases(sentence: str) -> tuple[Phrase, ...]:
    """A sentence's candidate phrases: the same for every question, so the sentences asked about most are
    tagged and parsed once (a bounded cache, pure); only their scores depend on the question."""
    tokens = tag(sentence) if CJK_CHAR.search(sentence) else []
    found = chunks(tokens)
    return tuple(p for p in named_phrases(sentence, tokens, found) + list_phrases(sentence, tokens, found)
                 if not _function_words(p.text))


_LATIN_WORD = re.compile(r"[A-Za-z]+")


def _function_words(text: str) -> bool:
    """A phrase of English function words only ("The", "If" at the start of a sentence): never a name."""
    words = _LATIN_WORD.findall(text)
    return bool(words) and not CJK_CHAR.search(text) and all(w.lower() in STOPWORDS for w in words)
