"""An index kept in Milvus (Milvus Lite file or server), opened behind the storage interface.

``MilvusEngine(uri, alias)`` builds into Milvus (``index.engines.milvus_build``)
and opens the build its alias points at as a :class:`MilvusIndex`. Opening
checks what the folder index checks, with the same refusals: the engine and
index format, the model, and whether the corpus changed since the build.
Records are read by id when asked for and kept in a bounded cache; nothing
is loaded whole except the documents, the term pairs and, on first use, a
lexical field's vocabulary.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index import kept, record_rows, store
from index.build import BuildReport
from index.engines import milvus_schema as ms
from index.engines.base import IndexReader, Progress
from index.engines.milvus_catalog import (
    CHUNK_FIELDS,
    SENTENCE_FIELDS,
    CatalogFiles,
    OpenedBuild,
    chunk_from_row,
    documents_from_rows,
    read_build,
    sentence_from_row,
)
from index.engines.milvus_client import connect, disconnect
from index.engines.milvus_lexical import MilvusField
from index.errors import CorruptIndex, IndexNotFound, StaleIndex
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

    def iter_sentences(self, batch: int = 4096) -> Iterator[tuple[np.ndarray, list[SentenceRow], np.ndarray]]:
        it = self.client.query_iterator(self.opened.names["sentences"], batch_size=batch, filter="",
                                        output_fields=[*SENTENCE_FIELDS, "vector"])
        try:
            while rows := it.next():
                rows = sorted(rows, key=lambda r: int(r["id"]))
                yield (np.asarray([int(r["id"]) for r in rows], dtype=np.int64), [sentence_from_row(r) for r in rows],
                       np.asarray([r["vector"] for r in rows], dtype=np.float32))
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


def open_milvus(client, alias: str, location: str, model: str | None = None,
                check_corpus: bool = True) -> MilvusIndex:
    """The build ``alias`` points at, checked as ``index.load.open_index`` checks a folder."""
    opened = read_build(client, alias, location)
    meta = opened.meta
    if model and model != meta.model_id and str(Path(model).resolve()) != meta.model_id:
        raise StaleIndex("model", index_dir=location, expected=meta.model_id, found=model)
    if check_corpus:
        changed = store.corpus_changes(meta)
        if changed:
            raise StaleIndex("corpus_changed", index_dir=location, corpus_dir=meta.corpus_dir, found=changed)
    return reader_of(client, alias, location, opened)


def reader_of(client, alias: str, location: str, opened: OpenedBuild) -> MilvusIndex:
    """The build ``opened`` describes, as a reader (also a build not yet switched to: ``finish`` reads it)."""
    from pymilvus.exceptions import MilvusException

    try:
        for name in opened.names.values():
            client.load_collection(name)
        catalog = opened.names["catalog"]
        documents = documents_from_rows(json.loads(ms.read_blob(client, catalog, "documents") or "[]"))
        pairs = [(en, zh) for en, zh in json.loads(ms.read_blob(client, catalog, "pairs") or "[]")]
    except (MilvusException, ValueError, KeyError, TypeError) as exc:
        raise CorruptIndex("unreadable", index_dir=location, detail=type(exc).__name__) from None
    return MilvusIndex(client, alias, location, opened, documents, pairs)


@dataclass
class MilvusEngine:
    """Milvus at ``uri`` (a Lite ``.db`` path or a server URL), the index named ``alias``."""

    uri: str
    alias: str = "qa"
    token: str = ""
    lexical: str = "weights"  # for builds: see milvus_schema
    scratch: Path | None = None  # where a build stages its files (default: the system's temporary folder)
    name: str = "milvus"

    @property
    def location(self) -> str:
        return f"{self.uri}#{self.alias}"

    def build(self, corpus_dir: Path | None = None, *, model: str | None = None, chunk_size: int | None = None,
              chunk_overlap: int | None = None, embedder=None, progress: Progress | None = None,
              follow_symlinks: bool = False, finish=None) -> BuildReport:
        """``finish(reader)``: files kept with the build (catalog blobs), from the complete build before the alias
        is switched to it (``qa build`` adds ``calibration.json`` this way)."""
        from index.engines.milvus_build import build_milvus

        def staged(client, opened: OpenedBuild) -> dict:  # the build's own client: the reader is not closed
            return finish(reader_of(client, self.alias, self.location, opened))

        return build_milvus(self, corpus_dir, model=model, chunk_size=chunk_size, chunk_overlap=chunk_overlap,
                            embedder=embedder, progress=progress, follow_symlinks=follow_symlinks,
                            finish=None if finish is None else staged)

    def open(self, *, model: str | None = None, check_corpus: bool = True) -> IndexReader:
        ms.check_alias(self.alias)
        lite = Path(self.uri)
        if ms.is_lite(self.uri) and lite.parent.is_dir() and not lite.exists():  # opening would create the file
            raise IndexNotFound("missing", index_dir=self.location)
        client = connect(self.uri, self.token)
        try:
            return open_milvus(client, self.alias, self.location, model, check_corpus)
        except BaseException:  # refused: the client goes (a Milvus Lite file is free again)
            disconnect(client)
            raise
