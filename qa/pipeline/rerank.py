"""Second stage: the best sentence of each of the first candidates adds its answer-type fit.

A passage whose single sentence matches the question (and holds an answer
of the asked type) beats one that matches it only spread out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from index.engines.base import ById
from qa.pipeline.passages import SentenceChoice, sentence_choice

if TYPE_CHECKING:  # pragma: no cover
    from index.engines.base import IndexReader
    from index.records import Chunk
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
    query: Query, qvec: np.ndarray, fused: Ranking, k: int, index: IndexReader, texts: DocumentTexts,
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
        choice = sentence_choice(cid, query, qvec, index, texts, settings, spans)
        return Ranked(cid, score / top + w * (choice.type_score if choice is not None else 0.0), choice)

    if w:
        order = sorted((rescore(cid, s, cheap) for cid, s in head), key=_order)
        shown, pool = order[:k], [r.chunk for r in order[k:]]
    else:  # the fused order stands: only the passages to show need their sentence
        shown, pool = [rescore(cid, s, False) for cid, s in head[:k]], [cid for cid, _ in head[k:]]
    fused_score = dict(head)
    if not cheap:
        # Names, organisations and lists need jieba's tagger (~0.4 ms a sentence), so the
        # answer span is looked for in the passages that will be shown, which it re-orders.
        # (Only in the first three: dev en hit@1 0.93 -> 0.87; so all of them, at ~4 ms.)
        shown = sorted((rescore(r.chunk, fused_score[r.chunk], True) for r in shown), key=_order)
    # else: the answer-type search already ran on every candidate
    chunks = ById(index.chunk)
    shown = distinct_paragraphs(shown, chunks)
    if len(shown) < k:  # a paragraph shown twice gave its place to the next candidate of another paragraph
        spans = bool(w) or not cheap  # as the shown passages were scored
        seen = {paragraph_of(chunks[r.chunk]) for r in shown}
        extra = [cid for cid in distinct_chunks(pool, chunks) if paragraph_of(chunks[cid]) not in seen]
        shown += sorted((rescore(cid, fused_score[cid], spans) for cid in extra[: k - len(shown)]), key=_order)
    return shown


def _order(r: Ranked) -> tuple[float, int]:
    return -r.score, r.chunk


def paragraph_of(chunk: Chunk) -> tuple[str, int]:
    return chunk.doc, chunk.para


def distinct_chunks(ids: Iterable[int], chunks: Sequence[Chunk]) -> list[int]:
    """The first chunk of each paragraph, in order: chunks of one long paragraph overlap, one is enough."""
    seen: set[tuple[str, int]] = set()
    out = []
    for cid in ids:
        key = paragraph_of(chunks[cid])
        if key not in seen:
            seen.add(key)
            out.append(cid)
    return out


def distinct_paragraphs(ranked: list[Ranked], chunks: Sequence[Chunk]) -> list[Ranked]:
    """``ranked`` with each paragraph once, where it first appears (the first passage always stays first)."""
    keep = set(distinct_chunks((r.chunk for r in ranked), chunks))
    return [r for r in ranked if r.chunk in keep]
