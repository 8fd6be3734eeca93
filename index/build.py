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
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from index import kept, store, txn
from index.chunk import DEFAULT_OVERLAP, DEFAULT_SIZE, body_paragraphs, chunk_paragraph
from index.clean import paragraphs as find_paragraphs
from index.clean import span_text
from index.corpus import iter_documents
from index.errors import BadCorpus
from index.extract import READER_VERSION, Reused, skip_facts, skip_info
from index.gloss import default_glossary
from index.lexical import write_field
from index.pairs import mine_pairs
from index.records import Chunk, Document, SentenceRow, Skipped
from index.reuse import PreviousVectors, previous_extractions, text_key
from index.streams import JsonArrayWriter, JsonlWriter, Rows
from index.table import write_tables
from index.text.fold import is_traditional, to_simplified
from index.text.script import document_lang
from index.tokenize import tokenize
from index.vectors import FLAT_MAX, IVF_DATA, SENTENCE_FAISS, SENTENCE_LISTS, build_faiss, save_faiss

EMBED_WINDOW = 1024  # rows read, looked up and written at a time
EMBED_BATCH = 128  # texts per call to the model
_TOKENS = ".tokens.jsonl"  # scratch file of the build: each chunk's lexical tokens, not part of the index


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


def embed_text(c: Chunk) -> str:
    """What the dense model sees: the section heading gives a short chunk its topic."""
    return f"{c.heading}\n{c.clean}" if c.heading else c.clean


def chunk_text(row: dict) -> str:
    """The embedded text of a row of chunks.jsonl (a traditional document's as simplified: ``"fold"``)."""
    text = embed_text(store.chunk_from_row(row))
    return to_simplified(text) if row.get("fold") else text


def sentence_text(row: list) -> str:
    """The embedded text of a row of sentences.jsonl (a traditional document's as simplified: a 7th item)."""
    text = store.sentence_from_row(row).text
    return to_simplified(text) if len(row) > 6 and row[6] else text


EMBEDDED_TEXT = {"chunks": chunk_text, "sentences": sentence_text}  # of a row, per kind


@dataclass
class _Read:
    documents: int = 0
    chunks: int = 0
    sentences: int = 0
    files: dict[str, dict] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    skipped_files: dict[str, dict] = field(default_factory=dict)
    formats: Counter = field(default_factory=Counter)
    kept: list[str] = field(default_factory=list)  # the kept text and page-map files written


def _keep(folder: Path, doc: Document, out: _Read) -> dict:
    """Write the document's text (and page map) into the build folder; what documents.json records of them."""
    row = {"text_sha256": kept.write_text(folder, doc.sha256, doc.text), "reader": READER_VERSION}
    out.kept.append(kept.text_name(doc.sha256))
    if doc.pages:
        row["pages_sha256"] = kept.write_pages(folder, doc.sha256, doc.pages)
        out.kept.append(kept.pages_name(doc.sha256))
    return row


def _read_corpus(corpus_dir: Path, folder: Path, chunk_size: int, chunk_overlap: int, keep_keys: dict[str, str],
                 note, previous: dict[str, Reused] | None = None, follow_symlinks: bool = False) -> _Read:
    """Pass 1: each document cleaned, chunked and split, its rows appended to the build folder's files."""
    out = _Read()
    chunks = JsonlWriter(folder / "chunks.jsonl")
    tokens = JsonlWriter(folder / _TOKENS)
    sents = JsonlWriter(folder / "sentences.jsonl")
    docs = JsonArrayWriter(folder / "documents.json")
    seen_pairs: dict[tuple[str, str], None] = {}
    try:
        for doc in iter_documents(corpus_dir, keep_keys=keep_keys, previous=previous,
                                  follow_symlinks=follow_symlinks):
            if not isinstance(doc, Skipped):
                try:  # the file as it was read; one deleted or made unreadable meanwhile is listed, not fatal
                    stat = (corpus_dir / doc.path).stat()
                except OSError as exc:
                    doc = Skipped(doc.path, "unreadable", {"detail": type(exc).__name__})
            if isinstance(doc, Skipped):
                out.skipped.append(doc)
                out.skipped_files[doc.path] = skip_info(corpus_dir, doc)
                note("read", docs.n, 0)
                continue
            paras = find_paragraphs(doc.text, doc.key)
            # traditional characters are indexed as simplified (one character for one: offsets do not move),
            # so simplified questions and the English gloss find them; a simplified text is left as it is
            traditional = is_traditional(doc.text)
            as_indexed = to_simplified if traditional else _same
            for para, found, heading in body_paragraphs(doc.text, paras):
                heading_tokens = list(dict.fromkeys(tokenize(as_indexed(heading))))
                words = []  # each sentence tokenized once: a chunk's words are its sentences' words
                for st in found:
                    joined = span_text(doc.text, st.spans)
                    words.append(tokenize(as_indexed(joined)))
                    row = store.sentence_to_row(
                        SentenceRow(st.doc, st.para, st.number, st.spans, joined, tuple(sorted(set(words[-1])))))
                    sents.write(row + [1] if traditional else row)
                for c in chunk_paragraph(doc.text, para, found, chunk_size, chunk_overlap, heading):
                    row = store.chunk_to_row(c)
                    chunks.write({**row, "fold": True} if traditional else row)
                    tokens.write(with_heading(
                        [t for ws in words[c.first_sentence - 1 : c.last_sentence] for t in ws], heading_tokens))
            out.files[doc.path] = {"sha256": doc.sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
                                   "key": doc.key, "format": doc.format}
            out.formats[doc.format] += 1
            kept_row = {**_keep(folder, doc, out), "extracted_title": doc.reader_title, "traditional": traditional,
                        "lang": document_lang(doc.text)}
            docs.write(store.document_to_row(doc, paras, kept_row))
            for pair in _mine(as_indexed(doc.text)):
                seen_pairs.setdefault(tuple(pair), None)
            note("read", docs.n, 0)
    finally:
        for w in (chunks, tokens, sents, docs):
            w.close()
    (folder / "pairs.json").write_text(json.dumps([list(p) for p in seen_pairs], ensure_ascii=False),
                                       encoding="utf-8")
    out.documents, out.chunks, out.sentences = docs.n, chunks.n, sents.n
    return out


def _windows(rows, size: int):
    window: list = []
    for row in rows:
        window.append(row)
        if len(window) >= size:
            yield window
            window = []
    if window:
        yield window


def _embed_rows(rows: Rows, dst: Path, embedder, previous: PreviousVectors, kind: str, note, stage: str) -> int:
    """Vectors of ``rows`` ((document, text) pairs) written to ``dst`` as a .npy, a window at a time;
    how many were computed (the rest were found in the previous build)."""
    dim = int(embedder.dimension)
    out = np.lib.format.open_memmap(dst, mode="w+", dtype="<f4", shape=(len(rows), dim))
    computed = done = 0
    for window in _windows(rows, EMBED_WINDOW):
        if done + len(window) > len(rows):
            raise RuntimeError(f"{dst.name}: more than the {len(rows)} rows expected")
        vecs = np.zeros((len(window), dim), dtype="<f4")
        todo = previous.lookup(kind, [d for d, _ in window], [text_key(embedder.model_id, t) for _, t in window], vecs)
        for b in range(0, len(todo), EMBED_BATCH):
            ids = todo[b : b + EMBED_BATCH]
            vecs[ids] = embedder.encode([window[i][1] for i in ids])
        out[done : done + len(window)] = vecs
        computed += len(todo)
        done += len(window)
        note(stage, done, len(rows))
    out.flush()
    del out
    if done != len(rows):
        raise RuntimeError(f"{dst.name}: {done} rows written, {len(rows)} expected")
    return computed


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
            read = _read_corpus(corpus_dir, tmp, chunk_size, chunk_overlap, _previous_keys(index_dir), note,
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
            embedded = _embed_rows(chunk_texts, tmp / "embeddings.npy", embedder, previous, "chunks", note,
                                   "embed chunks")
            sentence_texts = Rows(tmp / "sentences.jsonl", read.sentences, lambda row: (row[0], sentence_text(row)))
            _embed_rows(sentence_texts, tmp / "sentences.npy", embedder, previous, "sentences", note,
                        "embed sentences")
            del previous
            written = ["chunks.jsonl", "documents.json", "embeddings.npy", "sentences.jsonl", "sentences.npy",
                       "pairs.json"]
            note("keywords", 0, 2)
            written += _write_lexical(tmp, read.chunks)
            (tmp / _TOKENS).unlink()
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


def _same(text: str) -> str:
    return text


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


def _mine(text: str) -> list:
    return [[p.en, p.zh] for p in mine_pairs(text)]


def with_heading(tokens: list[str], heading_tokens: list[str]) -> list[str]:
    """A chunk's words, plus each word of its section heading once (the topic a paragraph omits)."""
    have = set(tokens)
    return tokens + [t for t in heading_tokens if t not in have]


def _write_lexical(folder: Path, n: int) -> list[str]:
    """The BM25 fields, from the tokens pass 1 wrote (each field reads them once, none holds them all)."""
    scratch = folder / ".lexical-scratch"
    written = write_field(Rows(folder / _TOKENS, n), folder, "lexical-zh", scratch)
    written += write_field(Rows(folder / _TOKENS, n, default_glossary().gloss), folder, "lexical-en", scratch)
    scratch.rmdir()
    return written
