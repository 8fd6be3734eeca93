"""The retrievers: BM25 over Chinese tokens, BM25 over the English gloss, dense, best sentence.

``runs`` asks each of them, through the opened index's storage interface
(``index.engines.base.IndexReader``: the folder index or Milvus), for its
best ``n`` chunks and returns their scores as one typed record, ``Runs``,
which fusion then combines. ``top_n``, ``lexical``, ``dense`` and
``sentence_dense`` are the same retrievers over in-memory arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from index.bm25 import BM25Field
from index.vectors import search

if TYPE_CHECKING:  # pragma: no cover
    from index.engines.base import IndexReader
    from qa.pipeline.analyse import Query

Run = dict[int, float]  # chunk id -> the retriever's score
RETRIEVERS = ("zh", "dense", "gloss", "sentence", "xgloss")  # in the order their scores are fused


@dataclass(frozen=True)
class Runs:
    """Each retriever's scored candidates for one question.

    ``gloss`` is ``None`` when the question has no English terms (the
    retriever did not run), which is not the same as running and finding nothing.
    """

    zh: Run  # BM25 over jieba tokens (an English question: its dictionary translation)
    dense: Run  # cosine of the question and the chunk vector
    sentence: Run  # cosine of the question and the chunk's best sentence
    gloss: Run | None = None  # BM25 over the English gloss of every chunk
    # a Chinese question's dictionary English (``Query.xterms``) over the English field of English documents'
    # chunks only; ``None`` unless the index holds English documents
    xgloss: Run | None = None

    def as_dict(self) -> dict[str, Run]:
        """The runs that ran, by retriever name, in ``RETRIEVERS`` order."""
        return {name: run for name in RETRIEVERS if (run := getattr(self, name)) is not None}


def top_n(scores: np.ndarray, n: int) -> Run:
    """The ``n`` best positive scores as ``{chunk id: score}``."""
    if scores.size == 0:
        return {}
    n = min(n, scores.size)
    ids = np.argpartition(-scores, n - 1)[:n]
    return {int(i): float(scores[i]) for i in ids if scores[i] > 0}


def lexical(field: BM25Field | None, terms, n: int) -> Run:
    if field is None or not terms:
        return {}
    return top_n(field.score(terms), n)


def sentence_dense(vectors: np.ndarray, sentence_chunk: np.ndarray, qvec: np.ndarray, n: int) -> Run:
    """Dense similarity of the best single sentence, credited to its chunk.

    A chunk vector averages its sentences; a question usually matches one.
    """
    if vectors.size == 0:
        return {}
    sims = vectors @ qvec
    best: dict[int, float] = {}
    order = np.argsort(-sims)
    for row in order[: n * 3]:
        cid = int(sentence_chunk[row])
        if cid >= 0 and cid not in best:
            best[cid] = float(sims[row])
            if len(best) >= n:
                break
    return best


def dense(faiss_index, qvec: np.ndarray, n: int) -> Run:
    scores, ids = search(faiss_index, qvec, n)
    return {int(i): float(s) for s, i in zip(scores[0], ids[0]) if i >= 0}


def best_sentences(index: IndexReader, qvec: np.ndarray, n: int) -> Run:
    """``sentence_dense`` through the index: its ``3 n`` sentences nearest the question, each credited
    to its chunk, the first ``n`` chunks kept."""
    hits = index.dense_sentences(qvec, n * 3)
    if not hits:
        return {}
    rows = list(hits)
    best: dict[int, float] = {}
    for row, cid in zip(rows, index.sentence_chunks(rows).tolist()):
        if cid >= 0 and cid not in best:
            best[cid] = hits[row]
            if len(best) >= n:
                break
    return best


def runs(query: Query, qvec: np.ndarray, index: IndexReader, n: int, english: np.ndarray | None = None) -> Runs:
    """Every retriever's best ``n`` chunks for the question (the gloss field only for English terms;
    ``xgloss`` only for a Chinese question's English terms, over the chunks ``english`` marks)."""
    zh, en = index.lexical("zh"), index.lexical("en")
    gloss = xgloss = None
    if query.en_terms:
        gloss = en.top(list(query.en_terms), n) if en is not None else {}
    if query.xterms and english is not None and english.any():
        xgloss = en.top(query.xterms, n, among=english) if en is not None else {}
    return Runs(
        zh=zh.top(query.zh_terms, n) if zh is not None else {},
        dense=index.dense_chunks(qvec, n),
        gloss=gloss,
        sentence=best_sentences(index, qvec, n),
        xgloss=xgloss,
    )
