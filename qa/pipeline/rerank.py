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
from qa.pipeline.choose import SentenceChoice
from qa.pipeline.passages import Chooser

if TYPE_CHECKING:  # pragma: no cover
    from index.engines.base import IndexReader
    from index.records import Chunk
    from qa.pipeline.analyse import Query
    from qa.pipeline.fuse import Ranking
    from qa.pipeline.texts import DocumentTexts
    from qa.settings import Settings

CHEAP_SPAN_KINDS = ("number", "date", "code")  # regex-only span search: affordable on every candidate


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
    """The ``k`` passages to show, best first, each with its answering sentence.

    The order is the same for every ``k`` (``k`` only cuts the list), so the first passage and the
    confidence do not depend on how many passages are asked for: the second stage re-orders the first
    ``settings.rerank`` candidates, the answer-span search the first ``settings.rerank_spans`` of them,
    then each paragraph is kept once, then the list is cut to ``k``.
    """
    head = fused[: max(k, settings.rerank)]
    if not head:
        return []
    top = head[0][1] or 1.0
    w = settings.rerank_weight
    fused_score = dict(head)

    cheap = getattr(query.qtype, "kind", "other") in CHEAP_SPAN_KINDS
    spans = bool(w) and cheap  # the answer-type search of the first pass: regex only, on every candidate

    chooser = Chooser(query, qvec, index, texts, settings)  # each chunk's sentence chosen once

    def rescore(cid: int, spans: bool) -> Ranked:
        choice = chooser.choice(cid, spans)
        return Ranked(cid, fused_score[cid] / top + w * type_fit(choice), choice)

    def first(cid: int) -> Ranked:
        if cheap:
            return rescore(cid, spans)
        # Names, organisations and lists: the span search below chooses the sentence of every passage
        # shown, so none is chosen here; without a span search the type score is 0
        return Ranked(cid, fused_score[cid] / top + w * 0.0, None)

    if w:  # beyond the second stage's candidates (k > candidates) the order of the first stays
        order = [*sorted((first(cid) for cid, _ in head[: settings.rerank]), key=_order),
                 *sorted((first(cid) for cid, _ in head[settings.rerank:]), key=_order)]
    else:  # the fused order stands: only the passages shown need their sentence (below)
        order = [Ranked(cid, s / top, None) for cid, s in head]
    final = {r.chunk for r in order} if w else set()  # chunks whose sentence is chosen as shown
    if not cheap:
        # Names, organisations and lists need jieba's tagger, so the answer span is looked for in a
        # fixed number of the first candidates, which it re-orders.
        n = settings.rerank_spans
        order = [*sorted((rescore(r.chunk, True) for r in order[:n]), key=_order), *order[n:]]
        final = {r.chunk for r in order[:n]}
        spans = True
    shown = distinct_paragraphs(order, ById(index.chunk))[:k]
    # a passage after those (a paragraph shown twice gave its place to it, or k is larger) keeps its place
    # and score; its sentence is chosen as the others' were
    return [r if r.chunk in final else _with_choice(r, rescore(r.chunk, spans).choice) for r in shown]


def type_fit(choice: SentenceChoice | None) -> float:
    """What the answer type adds to a passage: its fit, in full where the sentence holding the answer shares
    half the question's (idf-weighted) terms or more, down to half where it shares none. A manual's table
    of commands holds a command whatever is asked; the sentence that answers is about the question."""
    if choice is None:
        return 0.0
    return choice.type_score * (0.5 + 0.5 * min(1.0, 2.0 * choice.lexical))


def _with_choice(r: Ranked, choice: SentenceChoice | None) -> Ranked:
    return Ranked(r.chunk, r.score, choice)


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
