"""The retrievers: BM25 over Chinese tokens, BM25 over the English gloss, dense (FAISS)."""

from __future__ import annotations

import numpy as np

from index.lexical import BM25Field
from index.vectors import search


def top_n(scores: np.ndarray, n: int) -> dict[int, float]:
    """The ``n`` best positive scores as ``{chunk id: score}``."""
    if scores.size == 0:
        return {}
    n = min(n, scores.size)
    ids = np.argpartition(-scores, n - 1)[:n]
    return {int(i): float(scores[i]) for i in ids if scores[i] > 0}


def lexical(field: BM25Field | None, terms, n: int) -> dict[int, float]:
    if field is None or not terms:
        return {}
    return top_n(field.score(terms), n)


def sentence_dense(vectors: np.ndarray, sentence_chunk: np.ndarray, qvec: np.ndarray, n: int) -> dict[int, float]:
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


def dense(faiss_index, qvec: np.ndarray, n: int) -> dict[int, float]:
    scores, ids = search(faiss_index, qvec, n)
    return {int(i): float(s) for s, i in zip(scores[0], ids[0]) if i >= 0}
