"""The folder index (``index.store`` / ``index.load``) behind the storage interface.

A thin adapter over :class:`index.load.IndexData`: FAISS for chunk vectors,
the sentence vectors scanned exactly up to ``index.vectors.FLAT_MAX`` and
searched in their own FAISS index past it, the BM25 fields of ``index.bm25``.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index import store
from index.bm25 import BM25Field
from index.engines.base import IndexReader, Progress, Terms, top_positive
from index.errors import CorruptIndex
from index.kept import PageMap
from index.load import IndexData, open_index
from index.records import Chunk, SentenceRow
from index.vectors import search
from index.views import top_idf

if TYPE_CHECKING:  # pragma: no cover
    from index.build import BuildReport


@dataclass(eq=False)
class FolderField:
    """A :class:`index.bm25.BM25Field` as a :class:`~index.engines.base.LexicalField`."""

    field: BM25Field

    @property
    def n_docs(self) -> int:
        return self.field.n_docs

    def idf_of(self, token: str) -> float:
        return self.field.idf_of(token)

    @cached_property
    def _idf_map(self) -> dict[str, float]:
        return self.field.idf_map()

    def idf_map(self) -> Mapping[str, float]:
        return self._idf_map

    @cached_property
    def _max_idf(self) -> float:
        return top_idf(self.field.idf)

    def max_idf(self) -> float:
        return self._max_idf

    def top(self, terms: Terms, n: int, among: np.ndarray | None = None) -> dict[int, float]:
        if not terms:
            return {}
        scores = self.field.score(terms)
        return top_positive(scores if among is None else scores * among, n)


@dataclass(eq=False)
class FolderIndex:
    """An opened folder index; ``data`` is the loaded :class:`IndexData` (its arrays, as today)."""

    data: IndexData
    engine: str = "faiss"
    _fields: dict = field(default_factory=dict, repr=False)

    @property
    def location(self) -> str:
        return str(self.data.index_dir)

    @property
    def build_id(self) -> str:
        return str(self.data.folder)

    @property
    def meta(self):
        return self.data.meta

    @property
    def documents(self):
        return self.data.documents

    @property
    def pairs(self):
        return self.data.pairs

    @property
    def n_chunks(self) -> int:
        return len(self.data.chunks)

    @property
    def n_sentences(self) -> int:
        return len(self.data.sentences)

    def chunk(self, cid: int) -> Chunk:
        return self.data.chunks[cid]

    def chunks(self, ids: Sequence[int]) -> list[Chunk]:
        return [self.data.chunks[i] for i in ids]

    def neighbours(self, cid: int) -> tuple[int, int]:
        return self.data.views.neighbours[cid]

    def sentence(self, row: int) -> SentenceRow:
        return self.data.sentences[row]

    def sentence_rows(self, doc: str, para: int) -> list[int]:
        return list(self.data.sentence_rows.get((doc, para), ()))

    def sentence_chunks(self, rows: Sequence[int]) -> np.ndarray:
        return self.data.views.sentence_chunk[np.asarray(rows, dtype=np.int64)]

    def prefetch(self, ids: Sequence[int], sentences: bool = True) -> None:
        pass  # read from memory (or the memory-mapped files) when asked

    def chunk_vectors(self, ids: Sequence[int]) -> np.ndarray:
        return np.asarray(self.data.embeddings[np.asarray(ids, dtype=np.int64)], dtype=np.float32)

    def sentence_vectors(self, rows: Sequence[int]) -> np.ndarray:
        return np.asarray(self.data.sentence_vectors[np.asarray(rows, dtype=np.int64)], dtype=np.float32)

    def dense_chunks(self, qvec: np.ndarray, n: int) -> dict[int, float]:
        scores, ids = search(self.data.faiss, qvec, n)
        return {int(i): float(s) for s, i in zip(scores[0], ids[0]) if i >= 0}

    def dense_sentences(self, qvec: np.ndarray, n: int) -> dict[int, float]:
        vectors = self.data.sentence_vectors
        if vectors.size == 0 or n <= 0:
            return {}
        if self.data.sentence_faiss is not None:  # past FLAT_MAX sentences: their own ANN index
            scores, rows = search(self.data.sentence_faiss, qvec, n)
            return {int(r): float(v) for v, r in zip(scores[0], rows[0]) if r >= 0}
        sims = vectors @ qvec
        order = np.argsort(-sims)[:n]
        return {int(r): float(sims[r]) for r in order}

    def lexical(self, name: str) -> FolderField | None:
        if name not in self._fields:
            f = {"zh": self.data.zh, "en": self.data.en}.get(name)
            self._fields[name] = FolderField(f) if f is not None else None
        return self._fields[name]

    def iter_sentences(self, batch: int = 4096, vectors: bool = True,
                       ) -> Iterator[tuple[np.ndarray, list[SentenceRow], np.ndarray]]:
        n = len(self.data.sentences)
        for start in range(0, n, batch):
            rows = np.arange(start, min(n, start + batch), dtype=np.int64)
            found = np.asarray(self.data.sentence_vectors[rows]) if vectors else np.zeros((len(rows), 0), np.float32)
            yield rows, [self.sentence(int(r)) for r in rows], found

    def chunk_counts(self) -> dict[str, int]:
        docs = getattr(self.data.views.neighbours, "docs", None)  # each chunk's document place (index.table)
        if docs is None:
            return dict(Counter(c.doc for c in self.data.chunks))
        keys = list(self.data.documents)
        return {keys[i]: int(n) for i, n in enumerate(np.bincount(np.asarray(docs), minlength=len(keys))) if n}

    def document_text(self, key: str) -> str:
        return self.data.document_text(key)

    def page_map(self, key: str) -> PageMap:
        return self.data.page_map(key)

    def current_build(self) -> str | None:
        try:
            return str(store.current_dir(self.data.index_dir).resolve(strict=True))
        except OSError:
            return None

    def build_file(self, name: str) -> bytes | None:
        digest = self.data.meta.checksums.get(name)
        if digest is None or name != Path(name).name:
            return None
        try:
            body = (self.data.folder / name).read_bytes()
        except OSError:
            body = None
        if body is None or hashlib.sha256(body).hexdigest() != digest:
            raise CorruptIndex("checksum", index_dir=self.data.index_dir, path=name)
        return body

    def close(self) -> None:
        pass


@dataclass
class FolderEngine:
    """The folder index at ``index_dir`` (``qa build --engine faiss``, the default)."""

    index_dir: Path | None = None
    name: str = "faiss"

    @property
    def location(self) -> str:
        return str(self.index_dir or store.default_index_dir())

    def build(self, corpus_dir: Path | None = None, *, model: str | None = None, chunk_size: int | None = None,
              chunk_overlap: int | None = None, embedder=None, progress: Progress | None = None,
              follow_symlinks: bool = False, finish=None) -> BuildReport:
        """``finish``: files to add to the complete build before it is published (``index.build.build``)."""
        from index.build import build

        sizes = {k: v for k, v in (("chunk_size", chunk_size), ("chunk_overlap", chunk_overlap)) if v is not None}
        return build(corpus_dir, self.index_dir, model=model, embedder=embedder, progress=progress,
                     follow_symlinks=follow_symlinks, finish=finish, **sizes)

    def open(self, *, model: str | None = None, check_corpus: bool = True) -> IndexReader:
        return FolderIndex(open_index(self.index_dir, model=model, check_corpus=check_corpus))


def as_reader(index) -> IndexReader:
    """An opened index as the storage interface: a folder's :class:`IndexData` wrapped, a reader as it is."""
    return FolderIndex(index) if isinstance(index, IndexData) else index
