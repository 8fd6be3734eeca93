"""Fusion of ranked runs, weighted per question language.

Each run's scores are divided by its best score before the weighted sum. In an
index holding documents in both languages that lets a run whose best chunk
matches the question weakly (a Chinese question's words over Chinese chunks
that do not answer it) count as much as one that matches it fully (its English
over the English chunk that does): there the lexical runs are divided instead
by what a full match would score (``full_match``) and neither language's
chunks win by normalisation (``balanced_sum``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from qa.pipeline.analyse import Query
    from qa.pipeline.retrieve import Runs

LEXICAL = ("zh", "gloss", "xgloss")  # the BM25 runs; the others are cosines

Ranking = list[tuple[int, float]]  # (chunk id, score), best first; ties by chunk id


def max_normalise(run: Mapping[int, float]) -> dict[int, float]:
    top = max(run.values(), default=0.0)
    if top <= 0:
        return {}
    return {i: s / top for i, s in run.items()}


def weighted_sum(runs: Mapping[str, Mapping[int, float]], weights: Mapping[str, float]) -> Ranking:
    """Each run's scores divided by its best score, then summed with the weights; best first."""
    fused: dict[int, float] = {}
    for name, run in runs.items():
        w = weights.get(name, 0.0)
        if not w:
            continue
        for i, s in max_normalise(run).items():
            fused[i] = fused.get(i, 0.0) + w * s
    return sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))


def full_match(query: Query, zh_idf: Callable[[str], float], en_idf: Callable[[str], float]) -> dict[str, float]:
    """What a chunk holding each of the question's words once would score in each lexical run.

    BM25 of a term found once in a chunk of average length is the term's idf, so a full match scores
    the sum of the words' idf, one per question word: an English word's best translation (``zh`` of
    an English question), its stem (``gloss``), a Chinese word's best English stem (``xgloss``).
    """
    if query.lang == "en" and query.sources:
        best: dict[str, float] = {}
        for token, en in query.sources:
            best[en] = max(best.get(en, 0.0), query.zh_terms.get(token, 0.0) * zh_idf(token))
        zh = sum(best.values())
    else:
        zh = sum(w * zh_idf(t) for t, w in query.zh_terms.items())
    gloss = sum(en_idf(t) for t in dict.fromkeys(query.en_terms))
    xgloss = sum(max((query.xterms.get(t, 0.0) * en_idf(t) for t in stems), default=0.0)
                 for _, stems in query.xsources)
    return {"zh": zh, "gloss": gloss, "xgloss": xgloss}


def balanced_sum(runs: Mapping[str, Mapping[int, float]], weights: Mapping[str, float],
                 full: Mapping[str, float]) -> Ranking:
    """``weighted_sum`` with each lexical run divided by its full-match score (``full_match``, at most 1)
    instead of by its best score; the dense runs by their best as before."""
    fused: dict[int, float] = {}
    for name, run in runs.items():
        w = weights.get(name, 0.0)
        if not w:
            continue
        top = full.get(name, 0.0) if name in LEXICAL else 0.0
        scaled = {i: min(1.0, s / top) for i, s in run.items()} if top > 0 else max_normalise(run)
        for i, s in scaled.items():
            fused[i] = fused.get(i, 0.0) + w * s
    return sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))


def neighbour_smoothing(
    ranked: Ranking, neighbours: list[tuple[int, int]], alpha: float
) -> Ranking:
    """Add ``alpha`` times the better neighbour's score: the paragraph after the one
    naming QuIC may be the one with its numbers."""
    if alpha <= 0 or not ranked:
        return ranked
    score = dict(ranked)
    out = {}
    for i, s in ranked:
        prev, nxt = neighbours[i]
        out[i] = s + alpha * max(score.get(prev, 0.0), score.get(nxt, 0.0))
    for i, s in ranked:  # a neighbour of a strong passage enters the list too
        for j in neighbours[i]:
            if j >= 0 and j not in out:
                out[j] = alpha * s
    return sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))


def reciprocal_rank(
    runs: Mapping[str, Mapping[int, float]], weights: Mapping[str, float] | None = None, k: int = 60
) -> Ranking:
    """Weighted reciprocal-rank fusion (the naive baseline when all weights are 1)."""
    fused: dict[int, float] = {}
    for name, run in runs.items():
        w = 1.0 if weights is None else weights.get(name, 0.0)
        if not w:
            continue
        ranked = sorted(run.items(), key=lambda kv: (-kv[1], kv[0]))
        for rank, (i, _) in enumerate(ranked, start=1):
            fused[i] = fused.get(i, 0.0) + w / (k + rank)
    return sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))


def fuse(runs: Runs, weights: Mapping[str, float], neighbours: list[tuple[int, int]], neighbour: float,
         full: Mapping[str, float] | None = None) -> Ranking:
    """The weighted sum of the runs, then neighbour smoothing: the pipeline's first ranking.

    ``full`` (an index holding both languages): each lexical run's full-match score (``balanced_sum``).
    """
    fused = weighted_sum(runs.as_dict(), weights) if full is None else balanced_sum(runs.as_dict(), weights, full)
    return neighbour_smoothing(fused, neighbours, neighbour)
