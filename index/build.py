"""``qa build``: corpus folder -> a new index folder, swapped in atomically.

Idempotent: a chunk whose embedded text and model are unchanged reuses its
vector from the previous build, so rebuilding an unchanged corpus embeds
nothing and editing one file re-embeds only that file's chunks.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from index import store
from index.chunk import DEFAULT_OVERLAP, DEFAULT_SIZE, chunk_document
from index.clean import paragraphs as find_paragraphs
from index.clean import span_text
from index.corpus import iter_documents
from index.errors import BadCorpus, IndexLocked
from index.lexical import build_field
from index.records import Chunk
from index.sentences import sentences as split_sentences
from index.tokenize import tokenize
from index.vectors import build_faiss, save_faiss


@dataclass(frozen=True)
class BuildReport:
    index_dir: str
    documents: int
    chunks: int
    embedded: int  # chunks whose vectors were computed (the rest were reused)
    seconds: float
    model_id: str
    faiss_type: str


def embed_text(c: Chunk) -> str:
    """What the dense model sees: the section heading gives a short chunk its topic."""
    return f"{c.heading}\n{c.clean}" if c.heading else c.clean


def _key(model_id: str, text: str) -> str:
    return hashlib.sha1(f"{model_id}\0{text}".encode()).hexdigest()


@contextmanager
def build_lock(index_dir: Path):
    index_dir.mkdir(parents=True, exist_ok=True)
    fh = open(index_dir / ".lock", "w")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexLocked(
                f"another `qa build` is writing {index_dir}; wait for it to finish and try again."
            ) from None
        yield
    finally:
        fh.close()


def _previous_vectors(index_dir: Path, model_id: str) -> dict[str, np.ndarray]:
    """Vectors of the current build (chunks and sentences) by embedded-text key, if it used the same model."""
    folder = store.current_dir(index_dir)
    try:
        meta = store.read_meta(index_dir)
        if meta.model_id != model_id:
            return {}
        texts = [embed_text(c) for c in store.read_chunks(folder)]
        vecs = store.load_embeddings(folder)
        s_texts = [row[4] for row in store.read_sentences(folder)]
        s_vecs = store.load_embeddings(folder, "sentences.npy")
    except Exception:  # noqa: BLE001 - any unreadable previous build just means: embed everything
        return {}
    out = {}
    if len(texts) == len(vecs):
        out.update({_key(model_id, t): v for t, v in zip(texts, vecs)})
    if len(s_texts) == len(s_vecs):
        out.update({_key(model_id, t): v for t, v in zip(s_texts, s_vecs)})
    return out


def _embed_all(texts: list[str], embedder, previous: dict, note, stage: str) -> tuple[np.ndarray, int]:
    keys = [_key(embedder.model_id, t) for t in texts]
    todo = [i for i, k in enumerate(keys) if k not in previous]
    vectors = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    for i, k in enumerate(keys):
        if k in previous:
            vectors[i] = previous[k]
    batch = 128
    for b in range(0, len(todo), batch):
        ids = todo[b : b + batch]
        vectors[ids] = embedder.encode([texts[i] for i in ids])
        note(stage, min(b + batch, len(todo)), len(todo))
    return vectors, len(todo)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _switch(index_dir: Path, build_dir: Path) -> None:
    link = store.current_dir(index_dir)
    tmp = index_dir / f".current.{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(os.path.relpath(build_dir, index_dir), tmp)
    os.replace(tmp, link)
    _fsync_dir(index_dir)


def _prune(index_dir: Path, keep: Path) -> None:
    for old in (index_dir / "builds").iterdir():
        if old.resolve() != keep.resolve():
            shutil.rmtree(old, ignore_errors=True)


def build(
    corpus_dir: Path | None = None,
    index_dir: Path | None = None,
    model: str | None = None,
    chunk_size: int = DEFAULT_SIZE,
    chunk_overlap: int = DEFAULT_OVERLAP,
    embedder=None,
    progress: Callable[[str, int, int], None] | None = None,
) -> BuildReport:
    """Build (or refresh) the index of ``corpus_dir`` in ``index_dir``."""
    t0 = time.perf_counter()
    corpus_dir = Path(corpus_dir or store.default_corpus_dir()).resolve()
    index_dir = Path(index_dir or store.default_index_dir())
    if chunk_size < 20 or chunk_overlap < 0 or chunk_overlap >= chunk_size:
        raise BadCorpus("chunk size must be at least 20 characters and overlap between 0 and the size.")
    note = progress or (lambda stage, done, total: None)
    with build_lock(index_dir):
        docs, chunks, files, doc_rows, sents = [], [], {}, [], []
        for doc in iter_documents(corpus_dir):
            paras = find_paragraphs(doc.text, doc.key)
            doc_chunks = chunk_document(doc.text, paras, chunk_size, chunk_overlap)
            chunks.extend(doc_chunks)
            for para in paras:
                if para.kind != "heading":
                    for st in split_sentences(doc.text, para):
                        joined = span_text(doc.text, st.spans)
                        sents.append([st.doc, st.para, st.number, [list(sp) for sp in st.spans], joined,
                                      sorted(set(tokenize(joined)))])
            st = (corpus_dir / doc.path).stat()
            files[doc.path] = {"sha256": doc.sha256, "size": st.st_size, "mtime_ns": st.st_mtime_ns,
                               "key": doc.key}
            doc_rows.append(store.document_to_row(doc, paras))
            docs.append(_mine(doc.text))
            note("read", len(doc_rows), 0)
        if not chunks:
            raise BadCorpus(f"no indexable text found in {corpus_dir}; the files hold only page furniture.")

        if embedder is None:
            from index.embed import load_embedder

            embedder = load_embedder(model)
        previous = _previous_vectors(index_dir, embedder.model_id)
        vectors, embedded = _embed_all([embed_text(c) for c in chunks], embedder, previous, note, "embed chunks")
        s_vectors, _ = _embed_all([row[4] for row in sents], embedder, previous, note, "embed sentences")

        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        builds = index_dir / "builds"
        builds.mkdir(parents=True, exist_ok=True)
        tmp = builds / f".tmp-{stamp}-{os.getpid()}"
        tmp.mkdir()
        try:
            written = _write_files(tmp, chunks, vectors, doc_rows, docs)
            store.write_jsonl(tmp / "sentences.jsonl", sents)
            np.save(tmp / "sentences.npy", s_vectors)
            written += ["sentences.jsonl", "sentences.npy"]
            faiss_index, kind = build_faiss(vectors)
            save_faiss(faiss_index, tmp / "vectors.faiss")
            written.append("vectors.faiss")
            meta = store.Meta(
                format_version=store.FORMAT_VERSION, app=store.APP, model_id=embedder.model_id,
                dimension=int(embedder.dimension), chunk_size=chunk_size, chunk_overlap=chunk_overlap,
                corpus_dir=str(corpus_dir), files=files, built_at=datetime.now(UTC).isoformat(),
                build_seconds=round(time.perf_counter() - t0, 3), n_chunks=len(chunks), faiss_type=kind,
                checksums={name: store.sha256_file(tmp / name) for name in written},
            )
            (tmp / "meta.json").write_text(meta.to_json(), encoding="utf-8")
            for name in [*written, "meta.json"]:
                with open(tmp / name, "rb") as fh:
                    os.fsync(fh.fileno())
            final = builds / stamp
            os.replace(tmp, final)
            _fsync_dir(builds)
            _switch(index_dir, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _prune(index_dir, final)
        note("done", 1, 1)
        return BuildReport(str(index_dir), len(doc_rows), len(chunks), embedded,
                           round(time.perf_counter() - t0, 3), embedder.model_id, kind)


def _mine(text: str) -> list:
    try:
        from index.pairs import mine_pairs
    except ImportError:
        return []
    return [[p.en, p.zh] for p in mine_pairs(text)]


def _gloss_fn():
    try:
        from index.gloss import default_glossary
    except ImportError:
        return None
    return default_glossary().gloss


def lexical_tokens(c: Chunk) -> list[str]:
    """The chunk's words, plus each word of its section heading once (the topic a paragraph omits)."""
    tokens = tokenize(c.clean)
    have = set(tokens)
    return tokens + [t for t in dict.fromkeys(tokenize(c.heading)) if t not in have]


def _write_files(folder: Path, chunks: list[Chunk], vectors: np.ndarray, doc_rows, pairs_per_doc) -> list[str]:
    store.write_jsonl(folder / "chunks.jsonl", (store.chunk_to_row(c) for c in chunks))
    (folder / "documents.json").write_text(json.dumps(doc_rows, ensure_ascii=False), encoding="utf-8")
    np.save(folder / "embeddings.npy", vectors)
    written = ["chunks.jsonl", "documents.json", "embeddings.npy"]
    zh_tokens = [lexical_tokens(c) for c in chunks]
    written += build_field(zh_tokens).save(folder, "lexical-zh")
    gloss = _gloss_fn()
    if gloss is not None:
        written += build_field([gloss(t) for t in zh_tokens]).save(folder, "lexical-en")
    seen, pairs = set(), []
    for doc_pairs in pairs_per_doc:
        for en, zh in doc_pairs:
            if (en, zh) not in seen:
                seen.add((en, zh))
                pairs.append([en, zh])
    (folder / "pairs.json").write_text(json.dumps(pairs, ensure_ascii=False), encoding="utf-8")
    written.append("pairs.json")
    return written
