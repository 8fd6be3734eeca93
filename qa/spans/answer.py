"""Which finder looks for which kind of answer, and the candidates it keeps."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from index.text.script import CJK_CHAR
from qa.spans.chunker import chunks
from qa.spans.context import Context, QuestionTerms, context
from qa.spans.dates import dates, sentence_dates
from qa.spans.lists import list_phrases
from qa.spans.numbers import numbers, sentence_numbers
from qa.spans.orgs import Phrase, named_phrases, phrase_score
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


def _phrases(ctx: Context) -> list[SpanCandidate]:
    """Organisations, places, titles and lists: named things first, then the lists of them."""
    return [SpanCandidate(p.start, p.end, p.text, phrase_score(ctx, p)) for p in sentence_phrases(ctx.sentence)]


# kind -> (finder, what the sentence holds for it whatever the question: empty, nothing to score)
_FINDERS = {
    "number": (numbers, sentence_numbers),
    "date": (dates, sentence_dates),
    "person": (people, lambda sentence: any(sentence_names(sentence))),  # names, Latin names, runs of names
}


@lru_cache(maxsize=8192)
def sentence_phrases(sentence: str) -> tuple[Phrase, ...]:
    """A sentence's candidate phrases: the same for every question, so the sentences asked about most are
    tagged and parsed once (a bounded cache, pure); only their scores depend on the question."""
    tokens = tag(sentence) if CJK_CHAR.search(sentence) else []
    found = chunks(tokens)
    return tuple(named_phrases(sentence, tokens, found) + list_phrases(sentence, tokens, found))
