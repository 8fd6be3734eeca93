"""Which sentence of a passage answers, and where in it the answer lies: pure functions of the sentence rows,
their vectors and the original text (``passages.Chooser`` feeds them from an opened index)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from index.records import SentenceRow
from index.sentences import map_spans
from qa.spans.ranges import states

# the answer of the asked type is looked for in every sentence of a passage for a number or a date (a
# regex with the asked unit: precise and cheap), in its two best for the others (jieba's tagger for names,
# organisations, lists; code by typography, which a quoted word in any sentence would satisfy)
DEEP_SPAN_KINDS = ("number", "date")
SPAN_DEPTH = 2


@dataclass(frozen=True)
class SentenceChoice:
    row: int  # row in the index's sentence table
    score: float
    lexical: float
    dense: float
    span: tuple[int, int, str] | None  # answer span (start, end, text) in the original
    type_score: float = 0.0  # 0..1: how well an answer of the asked type fits in this sentence


def lexical_overlap(tokens: set[str], terms: Mapping[str, float], idf: Callable[[str], float]) -> float:
    """Share of the question's (idf-weighted) terms that the text contains."""
    total = sum(w * idf(t) for t, w in terms.items())
    if total <= 0:
        return 0.0
    return sum(w * idf(t) for t, w in terms.items() if t in tokens) / total


def holds(term: str, tokens: set[str], text: str, stated: Mapping[str, str]) -> bool:
    """Whether a sentence (``tokens``, ``text``) holds a question's term. A number the question states in a unit
    (``stated``: 15 -> 年 of "after 15 years") is held by a sentence that writes it in that unit or a range of
    that unit around it (已满10年不满20年), not by one whose 15 is days (``qa.spans.ranges.states``)."""
    unit = stated.get(term)
    said = states(text, term, unit) if unit else None
    return term in tokens if said is None else said


def choose_sentence(
    rows: list[int],
    sentences: Mapping[int, SentenceRow] | Sequence[SentenceRow],
    vectors: Mapping[int, np.ndarray] | np.ndarray,
    qvec: np.ndarray,
    terms: Mapping[str, float],
    idf: Callable[[str], float],
    text: str,
    qtype=None,
    spans_fn: Callable | None = None,
    dense_weight: float = 0.5,
    type_bonus: float = 0.3,
    depth: int = SPAN_DEPTH,
) -> SentenceChoice | None:
    """The sentence among ``rows`` that best answers the question (``sentences`` and ``vectors`` by row).

    The answer of the asked type is looked for in the ``depth`` best sentences by words and meaning, best
    first, until no later one could overtake even with a perfect fit."""
    if not rows:
        return None
    # lexical_overlap of each sentence, with the terms' weights worked out once for all of them; a number the
    # question names pins the sentence ("level 3", "Debian 12"): it counts as the rarest of its terms, as
    # common as digits are in a manual's text
    weighted = [(t, w * idf(t)) for t, w in terms.items()]
    rarest = max((idf(t) for t in terms), default=0.0)
    stated = {d: u for d, u in getattr(qtype, "stated", ()) if u}
    # a number stated with its unit (满15年, 五天) is what the sentence must hold, the more so: twice the rarest
    weighted = [(t, terms[t] * rarest * (2.0 if t in stated else 1.0) if t.isdigit() else x) for t, x in weighted]
    weighted += [(d, 2.0 * rarest) for d in stated if d not in terms]  # 五天: the question's tokens hold no 5
    total = sum(x for _, x in weighted)
    lexical, dense, score = [], [], []
    for row in rows:
        if total <= 0:
            lex = 0.0
        else:
            tokens, text_of = set(sentences[row].tokens), sentences[row].text
            lex = sum(x for t, x in weighted if holds(t, tokens, text_of, stated)) / total
        sim = float(vectors[row] @ qvec)
        lexical.append(lex)
        dense.append(sim)
        score.append(lex + dense_weight * sim)
    order = sorted(range(len(rows)), key=lambda i: -score[i])
    scored = [SentenceChoice(rows[i], score[i], lexical[i], dense[i], None) for i in order[:depth]]
    if spans_fn is None or qtype is None or getattr(qtype, "kind", "other") == "other":
        return scored[0]
    best = None
    for choice in scored:
        if best is not None and not best.score < choice.score + max(type_bonus, 0.0):
            break  # even a perfect fit (1) would not lift the second sentence above the first
        score, span, fit = choice.score, None, 0.0
        candidates = spans_fn(sentences[choice.row].text, qtype, set(terms))
        if candidates:
            cand = candidates[0]
            # span scores run from ~0.5 (a weak fit) to ~3 (the asked unit or name right there)
            fit = min(1.0, max(0.0, float(cand.score) / 3.0))
            score += type_bonus * fit
            pieces = map_spans(sentences[choice.row].spans, cand.start, cand.end)
            if pieces:
                s, e = pieces[0][0], pieces[-1][1]
                span = (s, e, text[s:e])
        if best is None or score > best.score:
            best = SentenceChoice(choice.row, score, choice.lexical, choice.dense, span, fit)
    return best
