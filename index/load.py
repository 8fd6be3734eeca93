"""Open a built index: check it (format, model, corpus, checksums), then read its files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index import store
from index.errors import CorruptIndex, StaleIndex
from index.lexical import BM25Field
from index.records import Chunk
from index.vectors import load_faiss


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
    sentences: list[list]  # [doc, para, number, spans, text, tokens]
    sentence_vectors: np.ndarray
    sentence_rows: dict[tuple[str, int], list[int]]  # (doc, para) -> rows of its sentences

    def document_text(self, key: str) -> str:
        """The original text of a document, read from the corpus (checked against its hash)."""
        doc = self.documents[key]
        path = Path(self.meta.corpus_dir) / doc.path
        return path.read_bytes().decode("utf-8")


def open_index(index_dir: Path | None = None, model: str | None = None, check_corpus: bool = True,
               verify: bool = True) -> IndexData:
    index_dir = Path(index_dir or store.default_index_dir())
    meta = store.read_meta(index_dir)
    if model and model != meta.model_id and str(Path(model).resolve()) != meta.model_id:
        raise StaleIndex(
            f"the index at {index_dir} was built with model {meta.model_id!r}, not {model!r}; run "
            f"`qa build --index {index_dir} --model {model}` to rebuild it with that model."
        )
    if check_corpus:
        changed = store.corpus_changes(meta)
        if changed:
            names = ", ".join(changed[:3]) + (" …" if len(changed) > 3 else "")
            raise StaleIndex(
                f"the corpus changed since the index was built ({names}); run "
                f"`qa build --corpus {meta.corpus_dir} --index {index_dir}` to update it."
            )
    folder = store.current_dir(index_dir).resolve()
    if verify:
        store.verify_checksums(folder, meta)
    try:
        chunks = store.read_chunks(folder)
        docs = {d.key: d for d in store.read_documents(folder)}
        embeddings = store.load_embeddings(folder)
        faiss_index = load_faiss(folder / "vectors.faiss")
        zh = BM25Field.load(folder, "lexical-zh")
        en = BM25Field.load(folder, "lexical-en") if (folder / "lexical-en.npz").exists() else None
        pairs = [tuple(p) for p in json.loads((folder / "pairs.json").read_text(encoding="utf-8"))]
        sentences = store.read_sentences(folder)
        s_vecs = store.load_embeddings(folder, "sentences.npy")
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise CorruptIndex(
            f"the index at {index_dir} cannot be read ({type(exc).__name__}); run `qa build --index {index_dir}`."
        ) from None
    if len(chunks) != len(embeddings) or len(chunks) != zh.n_docs:
        raise CorruptIndex(f"the index at {index_dir} is inconsistent; run `qa build --index {index_dir}`.")
    rows: dict[tuple[str, int], list[int]] = {}
    for i, row in enumerate(sentences):
        rows.setdefault((row[0], row[1]), []).append(i)
    return IndexData(index_dir, folder, meta, chunks, docs, embeddings, faiss_index, zh, en, pairs,
                     sentences, s_vecs, rows)
