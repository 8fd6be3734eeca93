"""Open a built index: check it (format, model, corpus, checksums), then read its files."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index import kept, store
from index.errors import CorruptIndex, IndexNotFound, StaleIndex
from index.lexical import BM25Field
from index.records import Chunk, SentenceRow
from index.vectors import load_faiss
from index.views import Views, derive


@dataclass
class IndexData:
    index_dir: Path
    folder: Path  # the build folder current points at
    meta: store.Meta
    chunks: list[Chunk]
    documents: dict[str, store.DocumentInfo]  # by key
    embeddings: np.ndarray
    faiss: object
    zh: BM25Field
    en: BM25Field | None
    pairs: list[tuple[str, str]]
    sentences: list[SentenceRow]
    sentence_vectors: np.ndarray
    views: Views  # derived once, when the index opens
    _pages: dict[str, kept.PageMap] = field(default_factory=dict, repr=False)

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


def _open(index_dir: Path, model: str | None, check_corpus: bool, verify: bool) -> IndexData:
    folder = store.current_folder(index_dir)
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
        chunks = store.read_chunks(folder)
        docs = {d.key: d for d in store.read_documents(folder)}
        embeddings = store.load_embeddings(folder)
        faiss_index = load_faiss(folder / "vectors.faiss")
        zh = BM25Field.load(folder, "lexical-zh")
        en = BM25Field.load(folder, "lexical-en") if (folder / "lexical-en.shape.npy").exists() else None
        pairs = [tuple(p) for p in json.loads((folder / "pairs.json").read_text(encoding="utf-8"))]
        sentences = store.read_sentences(folder)
        s_vecs = store.load_embeddings(folder, "sentences.npy")
    except (OSError, ValueError, KeyError, TypeError, IndexError, RuntimeError) as exc:
        raise CorruptIndex("unreadable", index_dir=index_dir, detail=type(exc).__name__) from None
    if len(chunks) != len(embeddings) or len(chunks) != zh.n_docs or len(sentences) != len(s_vecs):
        raise CorruptIndex("inconsistent", index_dir=index_dir)
    return IndexData(index_dir, folder, meta, chunks, docs, embeddings, faiss_index, zh, en, pairs,
                     sentences, s_vecs, derive(chunks, sentences, zh.idf))
