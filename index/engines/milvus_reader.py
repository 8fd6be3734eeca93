"""An opened Milvus build as a reader (``index.engines.base.IndexReader``): records read by id, cached.

Chunks and sentences are fetched by id when asked for and kept in a bounded
cache (``CACHE_MAX`` a kind); a paragraph's sentences come with its chunk's
prefetch. Dense search is Milvus's own; a lexical field is
``milvus_lexical.MilvusField``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from index import kept, record_rows, store
from index.engines import milvus_schema as ms
from index.engines.milvus_catalog import (
    CHUNK_FIELDS,
    SENTENCE_FIELDS,
    CatalogFiles,
    OpenedBuild,
    chunk_from_row,
    sentence_from_row,
)
from index.engines.milvus_client import disconnect
from index.engines.milvus_lexical import MilvusField
from index.errors import CorruptIndex
from index.records import Chunk, SentenceRow

CACHE_MAX = 65_536  # records kept per kind before the cache starts afresh


@dataclass(eq=False)
class MilvusIndex(CatalogFiles):
    """An opened Milvus build. ``client`` is a ``pymilvus.MilvusClient``."""

    client: object
    alias: str
    location: str
    opened: OpenedBuild
    documents: dict[str, record_rows.DocumentInfo]
    pairs: list[tuple[str, str]]
    engine: str = "milvus"
    _chunks: dict[int, tuple[Chunk, int, int, range]] = field(default_factory=dict, repr=False)
    _sentences: dict[int, tuple[SentenceRow, int]] = field(default_factory=dict, repr=False)
    _paragraphs: dict[tuple[str, int], list[int]] = field(default_factory=dict, repr=False)
    _vectors_of: dict[int, np.ndarray] = field(default_factory=dict, repr=False)  # sentence vectors prefetched
    _fields: dict[str, MilvusField] = field(default_factory=dict, repr=False)
    _pages: dict[str, kept.PageMap] = field(default_factory=dict, repr=False)

    @property
    def build_id(self) -> str:
        return self.opened.build

    @property
    def meta(self) -> store.Meta:
        return self.opened.meta

    @property
    def n_chunks(self) -> int:
        return int(self.opened.meta.n_chunks)

    @property
    def n_sentences(self) -> int:
        return int(self.opened.engine["n_sentences"])

    # -- records (the caches may be emptied by another thread: a read returns what it fetched)
    def _chunk_records(self, ids: Sequence[int]) -> dict[int, tuple[Chunk, int, int, range]]:
        """``cid -> (chunk, prev, next, its paragraph's sentence rows)`` of ``ids``, from the cache or Milvus."""
        cache = self._chunks
        got = {int(i): cache[int(i)] for i in ids if int(i) in cache}
        missing = sorted({int(i) for i in ids} - got.keys())
        if missing:
            if len(cache) + len(missing) > CACHE_MAX:
                cache.clear()
            for r in self.client.get(self.opened.names["chunks"], ids=missing, output_fields=CHUNK_FIELDS):
                first = int(r["rows_first"])
                rows = range(first, first + int(r["rows_count"])) if first >= 0 else range(0)
                got[int(r["id"])] = cache[int(r["id"])] = (chunk_from_row(r), int(r["prev"]), int(r["next"]), rows)
            if any(i not in got for i in missing):
                raise CorruptIndex("inconsistent", index_dir=self.location)
        return got

    def chunk(self, cid: int) -> Chunk:
        return self.chunks([cid])[0]

    def chunks(self, ids: Sequence[int]) -> list[Chunk]:
        got = self._chunk_records(ids)
        return [got[int(i)][0] for i in ids]

    def neighbours(self, cid: int) -> tuple[int, int]:
        _, prev, nxt, _ = self._chunk_records([cid])[int(cid)]
        return prev, nxt

    def _keep_sentences(self, rows: list[dict]) -> dict[int, tuple[SentenceRow, int]]:
        if len(self._sentences) + len(rows) > CACHE_MAX:
            self._sentences.clear()
            self._paragraphs.clear()
            self._vectors_of.clear()
        got = {}
        for r in rows:
            got[int(r["id"])] = self._sentences[int(r["id"])] = (sentence_from_row(r), int(r["chunk"]))
            if "vector" in r:
                self._vectors_of[int(r["id"])] = np.asarray(r["vector"], dtype=np.float32)
        return got

    def prefetch(self, ids: Sequence[int], sentences: bool = True) -> None:
        got = self._chunk_records(ids)
        if not sentences:
            return
        rows: set[int] = set()
        for c, _, _, paragraph in got.values():
            self._paragraphs.setdefault((c.doc, c.para), list(paragraph))
            rows.update(paragraph)
        missing = sorted(r for r in rows if r not in self._vectors_of)
        if missing:
            self._keep_sentences(self.client.get(self.opened.names["sentences"], ids=missing,
                                                 output_fields=[*SENTENCE_FIELDS, "vector"]))

    def _sentence_records(self, rows: Sequence[int]) -> dict[int, tuple[SentenceRow, int]]:
        cache = self._sentences
        got = {int(i): cache[int(i)] for i in rows if int(i) in cache}
        missing = sorted({int(i) for i in rows} - got.keys())
        if missing:
            got.update(self._keep_sentences(self.client.get(self.opened.names["sentences"], ids=missing,
                                                            output_fields=SENTENCE_FIELDS)))
            if any(i not in got for i in missing):
                raise CorruptIndex("inconsistent", index_dir=self.location)
        return got

    def sentence(self, row: int) -> SentenceRow:
        return self._sentence_records([row])[int(row)][0]

    def sentence_rows(self, doc: str, para: int) -> list[int]:
        key = (doc, int(para))
        rows = self._paragraphs.get(key)
        if rows is None:
            found = self.client.query(self.opened.names["sentences"],
                                      filter=f"doc == {json.dumps(doc)} and para == {int(para)}",
                                      output_fields=SENTENCE_FIELDS)
            self._keep_sentences(found)
            rows = self._paragraphs[key] = sorted(int(r["id"]) for r in found)
        return list(rows)

    def sentence_chunks(self, rows: Sequence[int]) -> np.ndarray:
        got = self._sentence_records(rows)
        return np.asarray([got[int(r)][1] for r in rows], dtype=np.int64)

    # -- dense
    def _vectors(self, kind: str, ids: Sequence[int]) -> np.ndarray:
        dim = int(self.opened.meta.dimension)
        if not len(ids):
            return np.zeros((0, dim), dtype=np.float32)
        wanted = [int(i) for i in ids]
        got = {int(r["id"]): r["vector"] for r in
               self.client.get(self.opened.names[kind], ids=sorted(set(wanted)), output_fields=["id", "vector"])}
        if any(i not in got for i in wanted):
            raise CorruptIndex("inconsistent", index_dir=self.location)
        return np.asarray([got[i] for i in wanted], dtype=np.float32).reshape(len(wanted), dim)

    def chunk_vectors(self, ids: Sequence[int]) -> np.ndarray:
        return self._vectors("chunks", ids)

    def sentence_vectors(self, rows: Sequence[int]) -> np.ndarray:
        known = [self._vectors_of.get(int(r)) for r in rows]
        if all(v is not None for v in known):
            dim = int(self.opened.meta.dimension)
            return np.asarray(known, dtype=np.float32).reshape(len(known), dim)
        return self._vectors("sentences", rows)

    def _dense(self, kind: str, qvec: np.ndarray, n: int) -> dict[int, float]:
        if n <= 0:
            return {}
        q = np.asarray(qvec, dtype=np.float32).reshape(-1).tolist()
        hits = self.client.search(self.opened.names[kind], data=[q], anns_field="vector", limit=int(n),
                                  search_params={"metric_type": "IP", "params": {"ef": max(ms.EF_SEARCH, int(n))}},
                                  output_fields=["id"])
        return {int(h["id"]): float(h["distance"]) for h in hits[0]}

    def dense_chunks(self, qvec: np.ndarray, n: int) -> dict[int, float]:
        return self._dense("chunks", qvec, n)

    def dense_sentences(self, qvec: np.ndarray, n: int) -> dict[int, float]:
        return self._dense("sentences", qvec, n)

    # -- lexical
    def lexical(self, name: str) -> MilvusField | None:
        if name not in ms.FIELDS:
            return None
        if name not in self._fields:
            self._fields[name] = MilvusField(self, name)
        return self._fields[name]

    def iter_sentences(self, batch: int = 4096, vectors: bool = True,
                       ) -> Iterator[tuple[np.ndarray, list[SentenceRow], np.ndarray]]:
        fields = [*SENTENCE_FIELDS, "vector"] if vectors else list(SENTENCE_FIELDS)
        it = self.client.query_iterator(self.opened.names["sentences"], batch_size=batch, filter="",
                                        output_fields=fields)
        try:
            while rows := it.next():
                rows = sorted(rows, key=lambda r: int(r["id"]))
                found = (np.asarray([r["vector"] for r in rows], dtype=np.float32) if vectors
                         else np.zeros((len(rows), 0), np.float32))
                yield (np.asarray([int(r["id"]) for r in rows], dtype=np.int64), [sentence_from_row(r) for r in rows],
                       found)
        finally:
            it.close()

    # -- documents and builds
    def chunk_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        it = self.client.query_iterator(self.opened.names["chunks"], batch_size=16_384, filter="",
                                        output_fields=["doc"])
        try:
            while rows := it.next():
                for r in rows:
                    counts[r["doc"]] = counts.get(r["doc"], 0) + 1
        finally:
            it.close()
        return counts

    def current_build(self) -> str | None:
        try:
            return ms.build_of(self.alias, self.client.describe_alias(self.alias)["collection_name"])
        except Exception:  # noqa: BLE001 - unreadable now: no newer build to switch to
            return None

    def close(self) -> None:
        disconnect(self.client)
