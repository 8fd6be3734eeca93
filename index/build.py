"""``qa build``: corpus folder -> a new index folder, swapped in atomically.

Idempotent: a chunk or sentence whose embedded text and model are unchanged
reuses its vector from the previous build of its file (``index.reuse``), so
rebuilding an unchanged corpus embeds nothing, a renamed file nothing, and
editing one file re-embeds only its changed chunks and sentences.

Bounded in memory: documents are read one at a time and their chunks and
sentences written to the new build folder as they come; embedding reads
them back a window at a time, the BM25 fields spill their postings to
sorted segments and merge them on disk (``index.lexical``), and FAISS adds
vectors a batch at a time from the memory-mapped embeddings, keeping its
lists on disk past ``index.vectors.HNSW_MAX`` chunks. What grows with the
corpus in memory is a record per file (its hash, its rows in the previous
build) and the English-Chinese term pairs mined from the text; not the text,
the vocabulary, the postings or the vectors.

Crash-safe (``index.txn``): everything is written into ``builds/.tmp-*`` and
fsynced, then renamed and ``current`` switched atomically; a build killed at
any point leaves the previous index as it was, and its leftovers are removed
by the next build.

This module writes the staged build and publishes it; pass 1, reading and
chunking each document, is ``index.build_read``, and the embedding of its
rows ``index.build_embed``.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from index import kept, store, txn
from index.build_embed import EMBEDDED_TEXT, chunk_text, embed_rows, sentence_text
from index.build_read import TOKENS, read_corpus
from index.chunk import DEFAULT_OVERLAP, DEFAULT_SIZE
from index.errors import BadCorpus
from index.extract import skip_facts
from index.gloss import default_glossary
from index.lexical import write_field
from index.records import Skipped
from index.reuse import PreviousVectors, previous_extractions
from index.streams import Rows
from index.table import write_tables
from index.vectors import FLAT_MAX, IVF_DATA, SENTENCE_FAISS, SENTENCE_LISTS, build_faiss, save_faiss


@dataclass(frozen=True)
class BuildReport:
    index_dir: str
    documents: int
    chunks: int
    embedded: int  # chunks whose vectors were computed (the rest were reused)
    seconds: float
    model_id: str
    faiss_type: str
    formats: dict[str, int] = field(default_factory=dict)  # documents indexed per format
    skipped: tuple[Skipped, ...] = ()  # files not indexed, each with its reason


def _previous_keys(index_dir: Path) -> dict[str, str]:
    """Citation prefixes of the files in the current build, so an unchanged file keeps its citations."""
    try:
        return {name: info["key"] for name, info in store.read_meta(index_dir).files.items()
                if isinstance(info, dict) and isinstance(info.get("key"), str)}
    except Exception:  # noqa: BLE001 - no readable previous build: keys are computed afresh
        return {}


def build(
    corpus_dir: Path | None = None,
    index_dir: Path | None = None,
    model: str | None = None,
    chunk_size: int = DEFAULT_SIZE,
    chunk_overlap: int = DEFAULT_OVERLAP,
    embedder=None,
    progress: Callable[[str, int, int], None] | None = None,
    follow_symlinks: bool = False,
    ann: bool = True,
    finish: Callable[[Path], dict[str, str | bytes]] | None = None,
) -> BuildReport:
    """Build (or refresh) the index of ``corpus_dir`` in ``index_dir``.

    ``ann=False`` writes no FAISS index (a build staged for another engine, which indexes the vectors itself).

    A symlink that leaves the corpus folder is listed as skipped and not read, unless ``follow_symlinks``.

    ``finish(folder)``, given, is called on the complete build before it is published (``index.load.open_folder``
    opens it): the files it returns (plain name -> content) are written into the build and checksummed with the
    rest, so the build is switched to with them or not at all (``qa build`` adds ``calibration.json`` this way).
    """
    t0 = time.perf_counter()
    corpus_dir = Path(corpus_dir or store.default_corpus_dir()).resolve()
    index_dir = Path(index_dir or store.default_index_dir())
    if chunk_size < 20 or chunk_overlap < 0 or chunk_overlap >= chunk_size:
        raise BadCorpus("chunking", found=(chunk_size, chunk_overlap), limit=20)
    note = progress or (lambda stage, done, total: None)
    with txn.build_lock(index_dir):
        txn.remove_leftovers(index_dir)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        builds = index_dir / "builds"
        builds.mkdir(parents=True, exist_ok=True)
        tmp = builds / f"{txn.TMP_PREFIX}{stamp}-{os.getpid()}"
        tmp.mkdir()
        try:
            read = read_corpus(corpus_dir, tmp, chunk_size, chunk_overlap, _previous_keys(index_dir), note,
                               previous_extractions(index_dir), follow_symlinks)
            if not read.documents and read.skipped:
                raise BadCorpus("none_read", path=corpus_dir, found=tuple(skip_facts(s) for s in read.skipped))
            if not read.chunks:
                raise BadCorpus("no_text", path=corpus_dir)
            if embedder is None:
                from index.embed import load_embedder

                embedder = load_embedder(model)
            previous = PreviousVectors(index_dir, embedder.model_id, EMBEDDED_TEXT, read.files)
            chunk_texts = Rows(tmp / "chunks.jsonl", read.chunks, lambda row: (row["doc"], chunk_text(row)))
            embedded = embed_rows(chunk_texts, tmp / "embeddings.npy", embedder, previous, "chunks", note,
                                  "embed chunks")
            sentence_texts = Rows(tmp / "sentences.jsonl", read.sentences, lambda row: (row[0], sentence_text(row)))
            embed_rows(sentence_texts, tmp / "sentences.npy", embedder, previous, "sentences", note,
                       "embed sentences")
            del previous
            written = ["chunks.jsonl", "documents.json", "embeddings.npy", "sentences.jsonl", "sentences.npy",
                       "pairs.json"]
            note("keywords", 0, 2)
            written += _write_lexical(tmp, read.chunks)
            (tmp / TOKENS).unlink()
            kind = "none"
            if ann:
                note("vectors", 0, 1)
                vectors = np.load(tmp / "embeddings.npy", mmap_mode="r", allow_pickle=False)
                faiss_index, kind = build_faiss(vectors, folder=tmp)
                del vectors
                save_faiss(faiss_index, tmp / "vectors.faiss")
                del faiss_index
                written += ["vectors.faiss"] + ([IVF_DATA] if (tmp / IVF_DATA).exists() else [])
                written += _write_sentence_index(tmp, read.sentences)
            written += write_tables(tmp, [info["key"] for info in read.files.values()])
            meta = store.Meta(
                format_version=store.FORMAT_VERSION, app=store.APP, model_id=embedder.model_id,
                dimension=int(embedder.dimension), chunk_size=chunk_size, chunk_overlap=chunk_overlap,
                corpus_dir=str(corpus_dir), files=read.files, built_at=datetime.now(UTC).isoformat(),
                build_seconds=round(time.perf_counter() - t0, 3), n_chunks=read.chunks, faiss_type=kind,
                checksums={name: store.sha256_file(tmp / name) for name in written}, skipped=read.skipped_files,
                follow_symlinks=follow_symlinks,
            )
            store.write_meta(tmp, meta)
            if finish is not None:
                written += _finish(tmp, meta, finish)
            txn.fsync_files(tmp, [*written, *read.kept, "meta.json"])
            for sub in (kept.TEXT_DIR, kept.PAGES_DIR):
                if (tmp / sub).is_dir():
                    txn.fsync_dir(tmp / sub)
            final = builds / stamp
            txn.publish(tmp, final)
            txn.switch(index_dir, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        txn.prune(index_dir, final)
        note("done", 1, 1)
        return BuildReport(str(index_dir), read.documents, read.chunks, embedded,
                           round(time.perf_counter() - t0, 3), embedder.model_id, kind, dict(read.formats),
                           tuple(read.skipped))


def _finish(folder: Path, meta: store.Meta, finish: Callable[[Path], dict[str, str | bytes]]) -> list[str]:
    """The files ``finish`` adds to the staged build, written and added to its checksums (meta.json rewritten)."""
    extra = finish(folder)
    for name, content in extra.items():
        if not name or name != Path(name).name or name.startswith(".") or (folder / name).exists():
            raise ValueError(f"a build cannot add the file {name!r}")
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
        meta.checksums[name] = store.sha256_file(folder / name)
    store.write_meta(folder, meta)
    return list(extra)


def _write_sentence_index(folder: Path, n: int) -> list[str]:
    """Past ``FLAT_MAX`` sentences, their vectors' own FAISS index (the answer side's sentence retriever
    searches it instead of scanning every vector); the names written."""
    if n <= FLAT_MAX:
        return []
    vectors = np.load(folder / "sentences.npy", mmap_mode="r", allow_pickle=False)
    index, _ = build_faiss(vectors, folder=folder, lists=SENTENCE_LISTS)
    del vectors
    save_faiss(index, folder / SENTENCE_FAISS)
    return [SENTENCE_FAISS] + ([SENTENCE_LISTS] if (folder / SENTENCE_LISTS).exists() else [])


def _write_lexical(folder: Path, n: int) -> list[str]:
    """The BM25 fields, from the tokens pass 1 wrote (each field reads them once, none holds them all)."""
    scratch = folder / ".lexical-scratch"
    written = write_field(Rows(folder / TOKENS, n), folder, "lexical-zh", scratch)
    written += write_field(Rows(folder / TOKENS, n, default_glossary().gloss), folder, "lexical-en", scratch)
    scratch.rmdir()
    return written
