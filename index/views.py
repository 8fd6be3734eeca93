"""Views of an opened index that the answer side reads on every question, derived once when it opens.

Each is a pure function of the index's records (tested on small lists), and
:func:`derive` computes them all. A build writes the same views as arrays
(``index.table``), and ``index.load.open_index`` keeps them, memory-mapped, as
``IndexData.views`` (:func:`from_tables`): opening parses no record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from index.records import Chunk, SentenceRow
from index.table import CHUNK_DOCS, SENTENCE_CHUNKS, SENTENCE_PARAS, Neighbours, ParagraphRows
from index.tokenize import tokenize


@dataclass(frozen=True)
class Views:
    sentence_rows: Mapping[tuple[str, int], list[int]]  # (doc, para) -> rows of its sentences, in order
    sentence_chunk: np.ndarray  # per sentence row: the first chunk that holds it (-1: none)
    neighbours: Sequence[tuple[int, int]]  # per chunk: previous and next chunk of the same document (-1 at the ends)
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


def from_tables(tables: Mapping[str, np.ndarray], documents: Sequence[str], idf: np.ndarray) -> Views:
    """The views a build wrote as arrays (``index.table.open_tables``; ``documents``: keys in documents.json order)."""
    return Views(ParagraphRows(tables[SENTENCE_PARAS], documents), tables[SENTENCE_CHUNKS],
                 Neighbours(tables[CHUNK_DOCS]), top_idf(idf))


def chunk_rows(chunk: Chunk, sentences: Sequence[SentenceRow], rows: Mapping[tuple[str, int], list[int]]) -> list[int]:
    """Rows of the sentence table that ``chunk`` holds, in reading order (``rows``: ``Views.sentence_rows``)."""
    return [r for r in rows.get((chunk.doc, chunk.para), [])
            if chunk.first_sentence <= sentences[r].number <= chunk.last_sentence]


def chunk_words(chunk: Chunk, sentences: Sequence[SentenceRow], rows: Mapping[tuple[str, int], list[int]]) -> set[str]:
    """The words the lexical index holds for a chunk: its sentences' words and its heading's."""
    words = set(tokenize(chunk.heading))
    for r in chunk_rows(chunk, sentences, rows):
        words.update(sentences[r].tokens)
    return words
