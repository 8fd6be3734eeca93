"""Fusion of ranked runs, weighted per question language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from qa.pipeline.retrieve import Runs

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


def fuse(runs: Runs, weights: Mapping[str, float], neighbours: list[tuple[int, int]], neighbour: float) -> Ranking:
    """The weighted sum of the runs, then neighbour smoothing: the pipeline's first ranking."""
    return neighbour_smoothing(weighted_sum(runs.as_dict(), weights), neighbours, neighbour)
