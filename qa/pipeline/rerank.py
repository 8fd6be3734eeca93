"""Second stage: the best sentence of each of the first candidates adds its answer-type fit.

A passage whose single sentence matches the question (and holds an answer
of the asked type) beats one that matches it only spread out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from qa.pipeline.passages import SentenceChoice, sentence_choice

if TYPE_CHECKING:  # pragma: no cover
    from index.load import IndexData
    from qa.pipeline.analyse import Query
    from qa.pipeline.fuse import Ranking
    from qa.pipeline.texts import DocumentTexts
    from qa.settings import Settings

CHEAP_SPAN_KINDS = ("number", "date")  # regex-only span search: affordable on every candidate


@dataclass(frozen=True)
class Ranked:
    """A chunk in the final order, with its score and its answering sentence (``None``: it has none)."""

    chunk: int  # chunk id
    score: float
    choice: SentenceChoice | None


def rerank(
    query: Query, qvec: np.ndarray, fused: Ranking, k: int, data: IndexData, texts: DocumentTexts,
    settings: Settings,
) -> list[Ranked]:
    """The ``k`` passages to show, best first, each with its answering sentence."""
    head = fused[: max(k, settings.rerank)]
    if not head:
        return []
    top = head[0][1] or 1.0
    w = settings.rerank_weight

    cheap = getattr(query.qtype, "kind", "other") in CHEAP_SPAN_KINDS

    def rescore(cid: int, score: float, spans: bool) -> Ranked:
        choice = sentence_choice(cid, query, qvec, data, texts, settings, spans)
        return Ranked(cid, score / top + w * (choice.type_score if choice is not None else 0.0), choice)

    if w:
        shown = sorted((rescore(cid, s, cheap) for cid, s in head), key=_order)[:k]
    else:  # the fused order stands: only the passages to show need their sentence
        shown = [rescore(cid, s, False) for cid, s in head[:k]]
    if cheap:
        return shown  # the answer-type search already ran on every candidate
    # Names, organisations and lists need jieba's tagger (~0.4 ms a sentence), so the
    # answer span is looked for in the passages that will be shown, which it re-orders.
    # (Only in the first three: dev en hit@1 0.93 -> 0.87; so all of them, at ~4 ms.)
    fused_score = dict(head)
    return sorted((rescore(r.chunk, fused_score[r.chunk], True) for r in shown), key=_order)


def _order(r: Ranked) -> tuple[float, int]:
    return -r.score, r.chunk
