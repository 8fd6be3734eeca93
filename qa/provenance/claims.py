"""Claims: how well each indexed sentence supports a text that is not a verbatim quote.

Every sentence is scored by embedding similarity to the claim and by how much
of the claim's (idf-weighted) terms it contains, Chinese tokens for a Chinese
claim and the dictionary translation of an English one; a sentence that states
the claim's quantities gains, one whose numbers disagree is marked down. The
verdict is ``supported`` when the best score reaches a threshold calibrated on
``bench/data/claims.jsonl`` (see ``find.toml`` beside this file).
``supported`` means the source says something very close, not that the claim
is true: a claim that negates a sentence with the same words scores like the
sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qa.provenance.corpus import FindContext
from qa.provenance.numbers import counts, is_year, numbers_agree, numbers_in
from qa.provenance.quotes import match_of
from qa.provenance.records import Match
from qa.settings import FindSettings


@dataclass(frozen=True)
class ClaimFeatures:
    """Per indexed sentence (arrays aligned with ``FindContext.sentences``)."""

    lang: str  # the claim's language
    dense: np.ndarray  # cosine similarity to the claim
    lex_zh: np.ndarray  # idf-weighted share of the claim's Chinese terms the sentence contains
    lex_en: np.ndarray  # the same for its English terms, through the sentence's dictionary gloss
    numbers: np.ndarray  # share of the claim's numbers the sentence states (1 when the claim has none)
    quantities: np.ndarray  # the same for its quantities other than years (0 when it has none)


def coverage(sets: list[frozenset[str]], terms: dict[str, float], idf) -> np.ndarray:
    """Per set: the idf-weighted share of ``terms`` it contains (terms the corpus never uses do not count)."""
    weights = {t: w * idf(t) for t, w in terms.items() if w > 0}
    total = sum(weights.values())
    if total <= 0:
        return np.zeros(len(sets), dtype=np.float32)
    return np.fromiter((sum(w for t, w in weights.items() if t in s) / total for s in sets),
                       dtype=np.float32, count=len(sets))


def claim_features(ctx: FindContext, text: str, qvec: np.ndarray, english: bool = True) -> ClaimFeatures:
    """Dense similarity, term coverage in both languages and agreement of numbers, for every sentence."""
    query = ctx.analyse(text)
    n = len(ctx.sentences)
    zero = np.zeros(n, dtype=np.float32)
    dense = ctx.vectors @ np.asarray(qvec, dtype=np.float32)
    lex_zh = lex_en = zero
    if query.zh_terms:
        lex_zh = coverage(ctx.terms.tokens, dict(query.zh_terms), ctx.zh_idf)
    if english and query.en_terms and ctx.en_idf is not None:
        bag: dict[str, float] = {}
        for t in query.en_terms:
            bag[t] = bag.get(t, 0.0) + 1.0
        lex_en = coverage(ctx.terms.gloss, bag, ctx.en_idf)
    claim_numbers = numbers_in(text)
    numbers = _agreement(claim_numbers, ctx.terms.numbers, n)
    # a quantity both state is evidence; a year alone is not (2022 is in many sentences)
    quantities = frozenset(x for x in claim_numbers if not is_year(x))
    agree = _agreement(quantities, ctx.terms.numbers, n) if counts(quantities) else zero
    return ClaimFeatures(query.lang, dense, lex_zh, lex_en, numbers, agree)


def _agreement(claim: frozenset[float], sentences: list[frozenset[float]], n: int) -> np.ndarray:
    if not counts(claim):
        return np.ones(n, dtype=np.float32)
    return np.fromiter((numbers_agree(claim, s) for s in sentences), dtype=np.float32, count=n)


def claim_scores(features: ClaimFeatures, settings: FindSettings) -> np.ndarray:
    """Pure: one score per sentence from its features.

    An English claim is matched through both the translated Chinese terms and
    the English gloss; ``english_gloss`` is the share given to the gloss.
    """
    if features.lang in ("en", "mixed"):
        g = settings.english_gloss
        lex = g * features.lex_en + (1.0 - g) * features.lex_zh
    else:
        lex = features.lex_zh
    base = settings.dense * features.dense + settings.lexical * lex
    base = base + settings.number_bonus * features.quantities
    keep = settings.number_penalty + (1.0 - settings.number_penalty) * features.numbers
    return base * keep


def best_sentences(ctx: FindContext, scores: np.ndarray, k: int) -> tuple[list[Match], float]:
    """The ``k`` best-scoring sentences as matches, best first, and the best score (0 without sentences)."""
    order = np.argsort(-scores)[:k]
    matches = []
    for r in order:
        unit = ctx.sentences[int(r)]
        matches.append(match_of(ctx.docs[unit.doc], [unit], unit.spans, scores[r]))
    return matches, float(scores[order[0]]) if len(order) else 0.0
