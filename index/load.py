"""Open a built index: check it (format, model, corpus, checksums), then read its files."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index import store
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

    @property
    def sentence_rows(self) -> dict[tuple[str, int], list[int]]:
        """(doc, para) -> rows of its sentences."""
        return self.views.sentence_rows

    def document_text(self, key: str) -> str:
        """The original text of a document, read from the corpus and checked against its hash.

        Offsets in the index point into the file as it was built: an edited
        file would make every citation into it point at the wrong characters,
        so it is refused instead.
        """
        doc = self.documents[key]
        path = Path(self.meta.corpus_dir) / doc.path
        try:
            data = path.read_bytes()
        except OSError:
            raise StaleIndex("file_unreadable", path=doc.path, corpus_dir=self.meta.corpus_dir,
                             index_dir=self.index_dir) from None
        if doc.sha256 and hashlib.sha256(data).hexdigest() != doc.sha256:
            raise StaleIndex("file_changed", path=doc.path, corpus_dir=self.meta.corpus_dir, index_dir=self.index_dir)
        return data.decode("utf-8")


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
    folder = store.current_dir(index_dir).resolve()
    meta = store.read_meta_in(folder, index_dir)  # this build's meta, even if current moves meanwhile
    if model and model != meta.model_id and str(Path(model).resolve()) != meta.model_id:
        raise StaleIndex("model", index_dir=index_dir, expected=meta.model_id, found=model)
    if check_corpus:
        changed = store.corpus_changes(meta)
        if changed:
            raise StaleIndex("corpus_changed", index_dir=index_dir, corpus_dir=meta.corpus_dir, found=tuple(changed))
    if verify:
        store.verify_checksums(folder, meta)
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
