"""The storage interface: what the answer side reads from an opened index, and what a build returns.

An engine keeps a built index somewhere (the folder index of ``index.store``,
or Milvus collections) and opens it as an :class:`IndexReader`. Everything
after retrieval (fusion, the second stage, highlighting, confidence,
citations, find) reads only this interface, so it is shared by every engine.

Ids are the build's row numbers: chunk ``cid`` is the ``cid``-th chunk of the
build (documents in corpus order, chunks in reading order), sentence ``row``
the ``row``-th sentence. Neighbouring chunks of a document have neighbouring
ids. Scores keep the folder index's scales: dense scores are inner products of
unit vectors, lexical scores are this project's BM25 (``index.bm25``).

A build is written in one form by one writer (``index.build``: corpus ->
chunks, sentences, tokens, BM25 fields, vectors); an engine that keeps the
index elsewhere imports that build and reuses the vectors of text it already
embedded (:class:`ReusingEmbedder`), so "rebuilding an unchanged corpus embeds
nothing" holds for every engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

from index.kept import PageMap
from index.record_rows import DocumentInfo
from index.records import Chunk, SentenceRow
from index.reuse import text_key
from index.store import Meta

if TYPE_CHECKING:  # pragma: no cover
    from index.build import BuildReport

__all__ = ["ById", "Engine", "IndexReader", "LexicalField", "ReusingEmbedder", "SentenceRow", "VectorSource",
           "chunk_rows", "chunk_words"]

Terms = Mapping[str, float] | Sequence[str]  # a weighted bag of query tokens, or tokens (each counts 1)
Progress = Callable[[str, int, int], None]


@runtime_checkable
class LexicalField(Protocol):
    """A BM25 field: ``"zh"`` (jieba tokens) or ``"en"`` (the English gloss of those tokens)."""

    @property
    def n_docs(self) -> int: ...

    def idf_of(self, token: str) -> float:
        """The field's idf of ``token`` (0 for a token the corpus never uses)."""
        ...

    def idf_map(self) -> Mapping[str, float]:
        """Every token of the field with its idf (the query translator keeps to these)."""
        ...

    def max_idf(self) -> float:
        """The largest idf (1.0 for an empty field)."""
        ...

    def top(self, terms: Terms, n: int, among: np.ndarray | None = None) -> dict[int, float]:
        """The ``n`` best chunks with a positive BM25 score for the query terms: ``{cid: score}``;
        with ``among`` (one bool per chunk id), only the chunks it marks."""
        ...


@runtime_checkable
class IndexReader(Protocol):
    """An opened index, as the answer side reads it."""

    engine: str  # "faiss" (the folder index) or "milvus"
    location: str  # where it lives: the index folder, or "URI#alias"
    build_id: str  # which build was opened (compare with current_build() to find a newer one)
    meta: Meta
    documents: Mapping[str, DocumentInfo]  # by key
    pairs: Sequence[tuple[str, str]]  # (English, Chinese) terms the corpus pairs

    @property
    def n_chunks(self) -> int: ...

    @property
    def n_sentences(self) -> int: ...

    # -- records by id
    def chunk(self, cid: int) -> Chunk: ...

    def chunks(self, ids: Sequence[int]) -> list[Chunk]: ...

    def neighbours(self, cid: int) -> tuple[int, int]:
        """The previous and next chunk of the same document (-1 at its ends)."""
        ...

    def sentence(self, row: int) -> SentenceRow: ...

    def sentence_rows(self, doc: str, para: int) -> list[int]:
        """The rows of a paragraph's sentences, in order (empty for a heading or caption)."""
        ...

    def sentence_chunks(self, rows: Sequence[int]) -> np.ndarray:
        """For each sentence row, the first chunk that holds it (-1 if none)."""
        ...

    def prefetch(self, ids: Sequence[int], sentences: bool = True) -> None:
        """A hint: these chunks (and with ``sentences``, their paragraphs' sentence rows and those rows'
        vectors) are read next; an engine behind a network fetches them in a few calls, not one per record."""
        ...

    # -- dense
    def chunk_vectors(self, ids: Sequence[int]) -> np.ndarray: ...

    def sentence_vectors(self, rows: Sequence[int]) -> np.ndarray: ...

    def dense_chunks(self, qvec: np.ndarray, n: int) -> dict[int, float]:
        """The ``n`` chunks nearest to the (unit) question vector: ``{cid: inner product}``."""
        ...

    def dense_sentences(self, qvec: np.ndarray, n: int) -> dict[int, float]:
        """The ``n`` sentences nearest to the question vector: ``{row: inner product}``."""
        ...

    # -- lexical
    def lexical(self, name: str) -> LexicalField | None:
        """The BM25 field ``"zh"`` or ``"en"`` (None when the build has none)."""
        ...

    # -- whole-corpus access (small indexes; find's claim search scans every sentence)
    def iter_sentences(self, batch: int = 4096, vectors: bool = True,
                       ) -> Iterator[tuple[np.ndarray, list[SentenceRow], np.ndarray]]:
        """``(rows, sentence rows, their vectors)`` a batch at a time, in row order (``vectors=False``: the
        texts only, each batch's vectors an empty ``(n, 0)`` array, none read)."""
        ...

    # -- documents and builds
    def chunk_counts(self) -> dict[str, int]:
        """Chunks per document key (documents without chunks left out)."""
        ...

    def document_text(self, key: str) -> str:
        """The document's text as indexed (offsets point into it), checked against its hash."""
        ...

    def page_map(self, key: str) -> PageMap:
        """A paginated document's pages and line boxes (``index.kept.PageMap``; empty for other formats)."""
        ...

    def current_build(self) -> str | None:
        """The build the location points at now (None when it cannot be read)."""
        ...

    def build_file(self, name: str) -> bytes | None:
        """A small file the build's ``finish`` hook added (``calibration.json``), checked against the checksum
        the build recorded; None when the build has none of that name."""
        ...

    def close(self) -> None: ...


class Engine(Protocol):
    """Where an index is kept: builds into it, opens from it."""

    name: str
    location: str

    def build(self, corpus_dir: Path | None = None, *, model: str | None = None, chunk_size: int | None = None,
              chunk_overlap: int | None = None, embedder=None, progress: Progress | None = None,
              follow_symlinks: bool = False, finish=None) -> BuildReport:
        """``finish(staged)``, given, is called on the complete build before it is switched to (a folder's
        ``Path``, or an opened :class:`IndexReader` of an engine without one); the files it returns
        (name -> content) are kept with the build, checksummed, and read back by ``IndexReader.build_file``."""
        ...

    def open(self, *, model: str | None = None, check_corpus: bool = True) -> IndexReader: ...


class ById:
    """``view[i]`` is ``read(i)``: a reader's lookup by id where pure code indexes a table (fusion's
    ``neighbours[cid]`` is ``ById(index.neighbours)``, the second stage's ``chunks[cid]`` ``ById(index.chunk)``)."""

    __slots__ = ("_read",)

    def __init__(self, read: Callable[[int], object]):
        self._read = read

    def __getitem__(self, i: int):
        return self._read(i)


def chunk_rows(index: IndexReader, chunk: Chunk) -> list[int]:
    """The sentence rows ``chunk`` holds, in reading order (``index.views.chunk_rows`` through a reader)."""
    return [r for r in index.sentence_rows(chunk.doc, chunk.para)
            if chunk.first_sentence <= index.sentence(r).number <= chunk.last_sentence]


def chunk_words(index: IndexReader, chunk: Chunk, heading: Iterable[str] | None = None) -> set[str]:
    """The words the lexical index holds for ``chunk``: its sentences' words and its heading's (``heading``:
    the heading's tokens, when the caller has them already)."""
    from index.tokenize import tokenize

    words = set(tokenize(chunk.heading) if heading is None else heading)
    for r in chunk_rows(index, chunk):
        words.update(index.sentence(r).tokens)
    return words


def top_positive(scores: np.ndarray, n: int) -> dict[int, float]:
    """The ``n`` best positive scores as ``{id: score}`` (as ``qa`` ranks a BM25 field's scores).

    Chunks tied at the cut (BM25 scores every chunk shorter than average alike) are taken lowest id
    first, as Milvus keeps them, so the same candidates come back from either engine and every run;
    ``argpartition`` alone keeps an arbitrary subset of the tied group.
    """
    if scores.size == 0 or n <= 0:
        return {}
    n = min(n, scores.size)
    ids = np.argpartition(-scores, n - 1)[:n]
    cut = scores[ids].min()
    if cut <= 0:  # fewer than n positive: no tie to break among the kept ones
        return {int(i): float(scores[i]) for i in ids if scores[i] > 0}
    above = ids[scores[ids] > cut]
    tied = np.flatnonzero(scores == cut)[: n - above.size]  # ascending ids
    return {int(i): float(scores[i]) for i in (*above, *tied) if scores[i] > 0}


def query_bag(terms: Terms) -> dict[str, float]:
    """Query tokens as a weighted bag (a token listed twice counts twice)."""
    if isinstance(terms, Mapping):
        return {t: float(w) for t, w in terms.items()}
    bag: dict[str, float] = {}
    for t in terms:
        bag[t] = bag.get(t, 0.0) + 1.0
    return bag


class VectorSource(Protocol):
    """Vectors a previous build computed, by :func:`index.reuse.text_key` of (model, embedded text)."""

    def lookup(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]: ...


class ReusingEmbedder:
    """An embedder that takes a text's vector from a previous build when it has one.

    ``computed`` holds the keys of the texts actually embedded; an unchanged
    corpus rebuilt through it computes none. The vectors are the model's own for
    the same text, so answers do not change.
    """

    def __init__(self, embedder, source: VectorSource | None):
        self.embedder, self.source = embedder, source
        self.model_id, self.dimension = embedder.model_id, int(embedder.dimension)
        self.computed: set[bytes] = set()

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        keys = [text_key(self.model_id, t) for t in texts]
        known = self.source.lookup(keys) if self.source is not None and texts else {}
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        todo = [i for i, k in enumerate(keys) if k not in known]
        for i, k in enumerate(keys):
            if k in known:
                out[i] = known[k]
        if todo:
            out[todo] = self.embedder.encode([texts[i] for i in todo])
            self.computed.update(keys[i] for i in todo)
        return out
