"""Views of an opened index that the answer side reads on every question, derived once when it opens.

Each is a pure function of the index's records (tested on small lists), and
:func:`derive` computes them all; ``index.load.open_index`` keeps the result
as ``IndexData.views``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from index.records import Chunk, SentenceRow


@dataclass(frozen=True)
class Views:
    sentence_rows: dict[tuple[str, int], list[int]]  # (doc, para) -> rows of its sentences, in order
    sentence_chunk: np.ndarray  # per sentence row: the first chunk that holds it (-1: none)
    neighbours: list[tuple[int, int]]  # per chunk: previous and next chunk of the same document (-1 at the ends)
    top_idf: float  # the largest idf of the Chinese field (1.0 for an empty one)


def sentence_rows(sentences: Sequence[SentenceRow]) -> dict[tuple[str, int], list[int]]:
    rows: dict[tuple[str, int], list[int]] = {}
    for i, s in enumerate(sentences):
        rows.setdefault((s.doc, s.para), []).append(i)
    return rows


def sentence_chunk(chunks: Sequence[Chunk], sentences: Sequence[SentenceRow]) -> np.ndarray:
    """For every sentence row, the first chunk that holds it."""
    first: dict[tuple, int] = {}
    for cid, c in enumerate(chunks):
        for num in range(c.first_sentence, c.last_sentence + 1):
            first.setdefault((c.doc, c.para, num), cid)
    return np.asarray([first.get((s.doc, s.para, s.number), -1) for s in sentences], dtype=np.int64)


def neighbours(chunks: Sequence[Chunk]) -> list[tuple[int, int]]:
    """Previous and next chunk of the same document (-1 at the ends)."""
    return [
        (i - 1 if i > 0 and chunks[i - 1].doc == c.doc else -1,
         i + 1 if i + 1 < len(chunks) and chunks[i + 1].doc == c.doc else -1)
        for i, c in enumerate(chunks)
    ]


def top_idf(idf: np.ndarray) -> float:
    """The weight of a question word the corpus never uses: the most telling of all (红楼梦)."""
    return float(idf.max()) if len(idf) else 1.0


def derive(chunks: Sequence[Chunk], sentences: Sequence[SentenceRow], idf: np.ndarray) -> Views:
    return Views(sentence_rows(sentences), sentence_chunk(chunks, sentences), neighbours(chunks), top_idf(idf))
