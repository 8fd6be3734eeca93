"""Open a built index: check it (format, model, corpus, checksums), then map its files.

Nothing grows with the corpus in memory but the documents and the lexical
vocabularies: the records are read by row (``index.table.Records``), the
vectors, postings and views are memory-mapped, and past
``index.vectors.FLAT_MAX`` sentences their vectors are searched through an
ANN index (``sentences.faiss``) instead of a scan of every one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index import kept, record_rows, store, table
from index.bm25 import BM25Field
from index.errors import CorruptIndex, IndexNotFound, StaleIndex
from index.records import Chunk, SentenceRow
from index.vectors import SENTENCE_FAISS, SENTENCE_LISTS, load_faiss, widen_for_sentences
from index.views import Views, from_tables


@dataclass
class IndexData:
    index_dir: Path
    folder: Path  # the build folder current points at
    meta: store.Meta
    chunks: Sequence[Chunk]  # read by row (index.table.Records)
    documents: dict[str, record_rows.DocumentInfo]  # by key
    embeddings: np.ndarray  # memory-mapped
    faiss: object
    zh: BM25Field
    en: BM25Field | None
    pairs: list[tuple[str, str]]
    sentences: Sequence[SentenceRow]  # read by row (index.table.Records)
    sentence_vectors: np.ndarray  # memory-mapped
    views: Views  # written by the build as arrays, memory-mapped
    _pages: dict[str, kept.PageMap] = field(default_factory=dict, repr=False)
    sentence_faiss: object | None = None  # the sentence vectors' ANN index (None: few enough to scan them all)

    @property
    def sentence_rows(self) -> dict[tuple[str, int], list[int]]:
        """(doc, para) -> rows of its sentences."""
        return self.views.sentence_rows

    def document_text(self, key: str) -> str:
        """The text of a document as indexed (every offset points into it), kept in the build folder.

        It is what the document's reader extracted when the build ran (for
        ``.txt``/``.md`` the decoded file), checked against the hash the build
        recorded; editing or removing the original does not move a citation.
        """
        doc = self.documents[key]
        return self._kept(lambda folder: kept.read_text(folder, doc.sha256, doc.text_sha256, self.index_dir))

    def page_map(self, key: str) -> kept.PageMap:
        """A paginated document's pages and line boxes (empty for other formats), read once."""
        found = self._pages.get(key)
        if found is None:
            doc = self.documents[key]
            found = (self._kept(lambda folder: kept.read_pages(folder, doc.sha256, doc.pages_sha256, self.index_dir))
                     if doc.pages else kept.PageMap())
            self._pages[key] = found
        return found

    def _kept(self, read):
        """``read(folder)`` in this build's folder; when a newer build has replaced (and removed) it, in the
        current one: kept files are named by the original's hash and checked by their own, so the same name
        with the same digest is the same text."""
        try:
            return read(self.folder)
        except CorruptIndex:
            if self.folder.exists():
                raise
            try:
                now = store.current_dir(self.index_dir).resolve(strict=True)
            except OSError:
                raise CorruptIndex("unreadable", index_dir=self.index_dir, detail="build removed") from None
            return read(now)

    def page_of(self, key: str, offset: int) -> int | None:
        """The 1-based page of character ``offset`` of a paginated document (None for other formats)."""
        if not self.documents[key].pages:
            return None
        return self.page_map(key).page_at(offset)


def open_index(index_dir: Path | None = None, model: str | None = None, check_corpus: bool = True,
               verify: bool = True) -> IndexData:
    """The index ``current`` points at, checked and read.

    A build that finishes while this reads switches ``current`` and removes
    the folder being read; the read is then retried on the new build.
    """
    index_dir = Path(index_dir or store.default_index_dir())
    target = _target(index_dir)
    for _ in range(2):
        try:
            return _open(index_dir, model, check_corpus, verify)
        except (CorruptIndex, IndexNotFound):
            now = _target(index_dir)
            if now == target:
                raise
            target = now
    return _open(index_dir, model, check_corpus, verify)


def _target(index_dir: Path) -> str | None:
    try:
        return os.readlink(store.current_dir(index_dir))
    except OSError:
        return None


def open_folder(folder: Path, index_dir: Path) -> IndexData:
    """The build in ``folder`` of ``index_dir``, whether or not ``current`` points at it (a build not yet published)."""
    return _open(Path(index_dir), None, False, True, Path(folder))


def _open(index_dir: Path, model: str | None, check_corpus: bool, verify: bool,
          folder: Path | None = None) -> IndexData:
    folder = folder or store.current_folder(index_dir)
    meta = store.read_meta_in(folder, index_dir)  # this build's meta, even if current moves meanwhile
    if model and model != meta.model_id and str(Path(model).resolve()) != meta.model_id:
        raise StaleIndex("model", index_dir=index_dir, expected=meta.model_id, found=model)
    if check_corpus:
        changed = store.corpus_changes(meta)
        if changed:
            raise StaleIndex("corpus_changed", index_dir=index_dir, corpus_dir=meta.corpus_dir, found=tuple(changed))
    if verify:
        store.verify_checksums(folder, meta, index_dir)
    try:
        tables = table.open_tables(folder)
        chunks = table.Records(folder / "chunks.jsonl", tables[table.OFFSETS["chunks"]], record_rows.chunk_from_row)
        docs = {d.key: d for d in record_rows.read_documents(folder)}
        embeddings = np.load(folder / "embeddings.npy", mmap_mode="r", allow_pickle=False)
        faiss_index = load_faiss(folder / "vectors.faiss")
        zh = BM25Field.load(folder, "lexical-zh")
        en = BM25Field.load(folder, "lexical-en") if (folder / "lexical-en.shape.npy").exists() else None
        pairs = [tuple(p) for p in json.loads((folder / "pairs.json").read_text(encoding="utf-8"))]
        sentences = table.Records(folder / "sentences.jsonl", tables[table.OFFSETS["sentences"]],
                                  record_rows.sentence_from_row)
        s_vecs = np.load(folder / "sentences.npy", mmap_mode="r", allow_pickle=False)
        s_index = None
        if (folder / SENTENCE_FAISS).exists():
            s_index = widen_for_sentences(load_faiss(folder / SENTENCE_FAISS, SENTENCE_LISTS))
    except (OSError, ValueError, KeyError, TypeError, IndexError, RuntimeError) as exc:
        raise CorruptIndex("unreadable", index_dir=index_dir, detail=type(exc).__name__) from None
    n, m = len(chunks), len(sentences)
    if (n != len(embeddings) or n != zh.n_docs or m != len(s_vecs) or n != len(tables[table.CHUNK_DOCS])
            or m != len(tables[table.SENTENCE_CHUNKS]) or (s_index is not None and s_index.ntotal != m)):
        raise CorruptIndex("inconsistent", index_dir=index_dir)
    views = from_tables(tables, list(docs), zh.idf)
    return IndexData(index_dir, folder, meta, chunks, docs, embeddings, faiss_index, zh, en, pairs,
                     sentences, s_vecs, views, sentence_faiss=s_index)
