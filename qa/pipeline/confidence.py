"""Does the corpus answer the question? Features of the best passage and a calibrated logistic.

The coefficients and threshold live in ``qa/retrieval.toml`` and come from
``python bench/calibrate.py`` (answerable dev questions and their translations
against hand-written off-topic questions), not from a guess.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping

from qa.highlight import lexical_overlap

FEATURES = ("coverage", "dense", "fit")


def english_coverage(
    en_terms: Iterable[str],
    sources: Iterable[tuple[str, str]],
    tokens: set[str],
    gloss: set[str],
    stems: Callable[[str], list[str]],
) -> float:
    """Share of the question's English words the passage carries, in its gloss or through a translation."""
    terms = list(dict.fromkeys(en_terms))
    if not terms:
        return 0.0
    via: dict[str, set[str]] = {}
    for token, en in sources:
        for s in stems(en):
            via.setdefault(s, set()).add(token)
    covered = sum(1 for t in terms if t in gloss or via.get(t, set()) & tokens)
    return covered / len(terms)


def features(
    query, tokens: set[str], gloss: set[str], idf: Callable[[str], float], dense: float, fit: float,
    stems: Callable[[str], list[str]] | None = None,
) -> dict[str, float]:
    if query.lang == "en" and stems is not None:
        coverage = english_coverage(query.en_terms, query.sources, tokens, gloss, stems)
    else:
        coverage = lexical_overlap(tokens, query.zh_terms, idf) if query.zh_terms else 0.0
    return {"coverage": coverage, "dense": dense, "fit": fit}


def confidence(feats: Mapping[str, float], coefficients: Mapping[str, float]) -> float:
    z = coefficients.get("bias", 0.0) + sum(coefficients.get(f, 0.0) * feats.get(f, 0.0) for f in FEATURES)
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
