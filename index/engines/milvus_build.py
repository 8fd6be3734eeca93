"""``qa build --engine milvus``: the corpus built as usual, then written into new collections, alias switched.

The build itself is ``index.build.build`` into a staging folder (the same
chunks, sentences, tokens, BM25 fields and vectors as the folder index),
with an embedder that takes the vector of any text the alias's current build
already embedded with the same model (content keys stored in the engine), so
an unchanged corpus embeds nothing. The staged build is then written, one
document at a time, into the four collections of a new build
(``milvus_schema``), and the alias is switched to it in one call.

Safe to interrupt: until the switch the alias answers from the previous
build; a failed build drops what it wrote, a killed one leaves collections
that the next build drops. ``{alias}__lock`` keeps a second build of the
same alias out (a lock left by a dead process on this host is taken over).
The build before the new one is kept, so a server still reading it goes on
answering until it opens the new one.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from index import store
from index.bm25 import BM25Field
from index.build import BuildReport, build
from index.build_embed import chunk_text, sentence_text
from index.build_read import with_heading
from index.engines import milvus_schema as ms
from index.engines.base import Progress, ReusingEmbedder
from index.engines.milvus_catalog import OpenedBuild, read_build
from index.engines.milvus_client import connect, disconnect, server_kind
from index.engines.milvus_collections import create_build
from index.engines.milvus_lock import BuildLock
from index.errors import QAError
from index.reuse import text_key

BATCH = 512  # rows per insert
LOOKUP = 512  # content keys per query


class MilvusVectors:
    """The vectors of a previous build, looked up by content key (``index.engines.base.VectorSource``)."""

    def __init__(self, client, names: dict[str, str]):
        self.client, self.names = client, names

    def lookup(self, keys) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        for kind in ("sentences", "chunks"):
            todo = sorted({k.hex() for k in keys if k not in found})
            for i in range(0, len(todo), LOOKUP):
                rows = self.client.query(self.names[kind], filter=f"key in {json.dumps(todo[i : i + LOOKUP])}",
                                         output_fields=["key", "vector"], limit=16_384)
                for r in rows:
                    found.setdefault(bytes.fromhex(r["key"]), np.asarray(r["vector"], dtype=np.float32))
        return found


def drop_builds(client, alias: str, keep: set[str | None]) -> None:
    """Drop the collections of every build of ``alias`` not in ``keep``."""
    for name in client.list_collections():
        build_id = ms.build_of(alias, name)
        if build_id is not None and build_id not in keep:
            client.drop_collection(name)


def _current(client, alias: str, location: str, model_id: str) -> tuple[str | None, OpenedBuild | None]:
    """The build the alias points at, and its catalog when it is readable (for reuse and citation keys)."""
    try:
        target = client.describe_alias(alias)["collection_name"]
    except Exception:  # noqa: BLE001 - no alias yet
        return None, None
    try:
        return ms.build_of(alias, target), read_build(client, alias, location)
    except QAError:
        return ms.build_of(alias, target), None


def _seed_keys(staged: Path, meta: store.Meta) -> None:
    """Give the staging folder the previous build's meta, so unchanged files keep their citation keys."""
    folder = staged / "builds" / "previous"
    folder.mkdir(parents=True)
    store.write_meta(folder, replace(meta, checksums={}, meta_sha256=""))
    os.symlink(os.path.join("builds", "previous"), store.current_dir(staged))


def build_milvus(engine, corpus_dir: Path | None = None, *, model: str | None = None, chunk_size: int | None = None,
                 chunk_overlap: int | None = None, embedder=None, progress: Progress | None = None,
                 follow_symlinks: bool = False, finish=None) -> BuildReport:
    ms.check_alias(engine.alias)
    client = connect(engine.uri, engine.token)
    try:
        return _build(client, engine, corpus_dir, model, chunk_size, chunk_overlap, embedder, progress,
                      follow_symlinks, finish)
    finally:
        disconnect(client)  # a Milvus Lite file is free for the next process (a server, a later build) at once


def _build(client, engine, corpus_dir: Path | None, model: str | None, chunk_size: int | None,
           chunk_overlap: int | None, embedder, progress: Progress | None, follow_symlinks: bool,
           finish=None) -> BuildReport:
    t0 = time.perf_counter()
    alias, location = engine.alias, engine.location
    lexical = engine.lexical if engine.lexical in ms.LEXICAL_MODES else "weights"
    note = progress or (lambda stage, done, total: None)
    if embedder is None:
        from index.embed import load_embedder

        embedder = load_embedder(model)
    build_id = "b" + datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f") + os.urandom(2).hex()
    with BuildLock(client, alias, location, build_id):
        current, previous = _current(client, alias, location, embedder.model_id)
        drop_builds(client, alias, keep={current})
        same_model = previous is not None and previous.meta.model_id == embedder.model_id
        if same_model:  # a restarted Milvus (Lite) holds collections released: load what reuse reads
            for name in (previous.names["chunks"], previous.names["sentences"]):
                client.load_collection(name)
        reusing = ReusingEmbedder(embedder, MilvusVectors(client, previous.names) if same_model else None)
        sizes = {k: v for k, v in (("chunk_size", chunk_size), ("chunk_overlap", chunk_overlap)) if v is not None}
        with tempfile.TemporaryDirectory(prefix="qa-milvus-", dir=engine.scratch) as tmp:
            staged = Path(tmp) / "index"
            if previous is not None:
                _seed_keys(staged, previous.meta)
            report = build(corpus_dir, staged, embedder=reusing, progress=progress, follow_symlinks=follow_symlinks,
                           ann=False, **sizes)  # Milvus indexes the vectors itself
            folder = store.current_dir(staged).resolve()
            meta = store.read_meta(staged)
            with open(folder / "sentences.jsonl", encoding="utf-8") as fh:
                n_sentences = sum(1 for line in fh if line.strip())
            analyzer = {"tokenizer": "standard" if server_kind(client) == "lite" else "whitespace"}
            names = create_build(client, alias, build_id, int(meta.dimension), meta.n_chunks, n_sentences,
                                    lexical, analyzer)
            try:
                embedded = _write(client, folder, names, meta, lexical, note, reusing.computed)
                kind = "FLAT" if meta.n_chunks <= _flat_max() else "HNSW"
                engine_meta = {"format": ms.ENGINE_FORMAT, "build": build_id, "lexical": lexical,
                               "collections": names, "n_sentences": n_sentences, "analyzer": analyzer}
                seconds = round(time.perf_counter() - t0, 3)
                final = replace(meta, checksums={}, meta_sha256="", faiss_type=f"milvus-{kind.lower()}",
                                build_seconds=seconds)
                if finish is not None:
                    engine_meta["files"] = _finish(client, OpenedBuild(build_id, final, engine_meta), finish)
                body = json.dumps({"meta": asdict(final), "engine": engine_meta}, ensure_ascii=False)
                client.insert(names["catalog"], ms.blob_rows("meta", body))
                for name in names.values():
                    client.flush(name)
                if current is None:
                    client.create_alias(names["catalog"], alias)
                else:
                    client.alter_alias(names["catalog"], alias)
            except BaseException:
                for name in names.values():
                    client.drop_collection(name)
                raise
    drop_builds(client, alias, keep={build_id, current})
    note("done", 1, 1)
    return BuildReport(location, report.documents, report.chunks, embedded, round(time.perf_counter() - t0, 3),
                       embedder.model_id, final.faiss_type, report.formats, report.skipped)


def _finish(client, staged: OpenedBuild, finish) -> dict[str, str]:
    """The files ``finish(client, staged)`` makes of the complete build (read before the alias points at it),
    written as catalog blobs; their names -> SHA-256, for the meta (``MilvusIndex.build_file`` checks them)."""
    for name in staged.names.values():
        client.flush(name)  # everything written is what the hook reads
    extra = finish(client, staged)
    digests = {}
    for name, content in extra.items():
        if not name or name != Path(name).name or name.startswith(".") or name in ("meta", "documents", "pairs"):
            raise ValueError(f"a build cannot add the file {name!r}")
        data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
        client.insert(staged.names["catalog"], ms.blob_rows(name, data.decode("utf-8")))
        digests[name] = hashlib.sha256(data).hexdigest()
    return digests


def _kept_files(folder: Path) -> list[str]:
    """The kept texts and page maps of a staged build (``index.kept``), by their names in the folder."""
    from index import kept

    return sorted(p.relative_to(folder).as_posix() for sub in (kept.TEXT_DIR, kept.PAGES_DIR)
                  if (folder / sub).is_dir() for p in (folder / sub).iterdir())


def _flat_max() -> int:
    from index.vectors import FLAT_MAX

    return FLAT_MAX


def _by_doc(path: Path, doc_of) -> Iterator[tuple[str, list]]:
    """The rows of a JSON-lines file written one document after another, a document at a time."""
    doc, rows = None, []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            if doc_of(row) != doc and rows:
                yield doc, rows
                rows = []
            doc = doc_of(row)
            rows.append(row)
    if rows:
        yield doc, rows


def _documents(folder: Path) -> Iterator[tuple[list[dict], list[list]]]:
    """(chunk rows, sentence rows) of each document, in build order."""
    sentences = _by_doc(folder / "sentences.jsonl", lambda r: r[0])
    pending = next(sentences, None)
    for doc, chunks in _by_doc(folder / "chunks.jsonl", lambda r: r["doc"]):
        while pending is not None and pending[0] != doc:
            yield [], pending[1]
            pending = next(sentences, None)
        if pending is not None:
            yield chunks, pending[1]
            pending = next(sentences, None)
        else:
            yield chunks, []
    while pending is not None:
        yield [], pending[1]
        pending = next(sentences, None)


class _Inserts:
    """Rows buffered per collection and inserted ``BATCH`` at a time."""

    def __init__(self, client):
        self.client, self.rows = client, {}

    def add(self, name: str, row: dict) -> None:
        self.rows.setdefault(name, []).append(row)
        if len(self.rows[name]) >= BATCH:
            self.flush(name)

    def flush(self, name: str | None = None) -> None:
        for key in [name] if name else list(self.rows):
            if self.rows.get(key):
                self.client.insert(key, self.rows[key])
                self.rows[key] = []


def _write(client, folder: Path, names: dict[str, str], meta: store.Meta, lexical: str, note,
           computed: set[bytes]) -> int:
    """Every row of the staged build into the new collections (the meta row comes last, from the caller);
    how many chunks had their vector computed (their key in ``computed``), the rest were reused."""
    from index.gloss import default_glossary
    from index.tokenize import tokenize

    model = meta.model_id
    vectors = np.load(folder / "embeddings.npy", mmap_mode="r", allow_pickle=False)
    s_vectors = np.load(folder / "sentences.npy", mmap_mode="r", allow_pickle=False)
    fields = {f: BM25Field.load(folder, f"lexical-{f}").matrix.tocsr() for f in ms.FIELDS} \
        if lexical == "weights" else {}
    out = _Inserts(client)
    cid = sid = embedded = 0
    for chunks, sentences in _documents(folder):
        first: dict[tuple[int, int], int] = {}
        texts: dict[tuple[int, int], list] = {}
        paragraph_rows: dict[int, list[int]] = {}  # para -> [first row, count]
        for k, row in enumerate(sentences):
            paragraph_rows.setdefault(row[1], [sid + k, 0])[1] += 1
        for i, c in enumerate(chunks):
            for num in range(c["first_sentence"], c["last_sentence"] + 1):
                first.setdefault((c["para"], num), cid + i)
        for row in sentences:
            texts.setdefault((row[1], row[2]), row)
            where = f"sentence {row[0]}:p{row[1]}.s{row[2]}"
            out.add(names["sentences"], {
                "id": sid, "doc": row[0], "citation": f"{row[0]}:p{row[1]}.s{row[2]}",
                "key": text_key(model, sentence_text(row)).hex(), "para": row[1], "number": row[2],
                "start": row[3][0][0], "end": row[3][-1][1], "chunk": first.get((row[1], row[2]), -1),
                "spans": ms.fit(json.dumps(row[3]), where), "text": ms.fit(row[4], where),
                "tokens": ms.fit(json.dumps(row[5], ensure_ascii=False), where),
                "vector": np.asarray(s_vectors[sid], dtype=np.float32).tolist()})
            sid += 1
        for i, c in enumerate(chunks):
            where = f"chunk {c['doc']}:p{c['para']}"
            key = text_key(model, chunk_text(c))
            embedded += key in computed
            row = {"id": cid, "doc": c["doc"], "citation": f"{c['doc']}:p{c['para']}", "key": key.hex(),
                   "para": c["para"],
                   "first_sentence": c["first_sentence"], "last_sentence": c["last_sentence"],
                   "start": c["start"], "end": c["end"], "prev": cid - 1 if i > 0 else -1,
                   "next": cid + 1 if i + 1 < len(chunks) else -1, "text": ms.fit(c["text"], where),
                   "rows_first": paragraph_rows.get(c["para"], [-1, 0])[0],
                   "rows_count": paragraph_rows.get(c["para"], [-1, 0])[1],
                   "clean": ms.fit(c["clean"], where), "spans": ms.fit(json.dumps(c["spans"]), where),
                   "heading": ms.fit(c.get("heading", ""), where),
                   "vector": np.asarray(vectors[cid], dtype=np.float32).tolist()}
            if lexical == "weights":
                for f, m in fields.items():
                    lo, hi = m.indptr[cid], m.indptr[cid + 1]
                    row[f"{f}_w"] = {int(j): float(w) for j, w in zip(m.indices[lo:hi], m.data[lo:hi])}
            else:
                words = [t for num in range(c["first_sentence"], c["last_sentence"] + 1)
                         for t in tokenize(texts[(c["para"], num)][4])]
                words = with_heading(words, list(dict.fromkeys(tokenize(c.get("heading", "")))))
                row["zh"] = ms.fit(ms.tokens_text(words), where)
                row["en"] = ms.fit(ms.tokens_text(default_glossary().gloss(words)), where)
            out.add(names["chunks"], row)
            cid += 1
        note("milvus", cid, meta.n_chunks)
    for fi, f in enumerate(ms.FIELDS):
        terms = json.loads((folder / f"lexical-{f}.vocab.json").read_text(encoding="utf-8"))
        idf = np.load(folder / f"lexical-{f}.idf.npy", allow_pickle=False)
        for i, (term, weight) in enumerate(zip(terms, idf)):
            out.add(names["terms"], {"id": (fi << 32) | i, "field": f, "term": ms.fit(term, f"term {term[:40]}"),
                                     "idf": float(weight), "vec": [0.0, 1.0]})
    for blob in ("documents", "pairs"):
        for row in ms.blob_rows(blob, (folder / f"{blob}.json").read_text(encoding="utf-8")):
            out.add(names["catalog"], row)
    for name in _kept_files(folder):  # each document's text (and page map) as indexed: blobs "text/<sha>.txt"
        for row in ms.blob_rows(name, (folder / name).read_bytes().decode("utf-8")):
            out.add(names["catalog"], row)
    out.flush()
    if cid != meta.n_chunks:
        raise RuntimeError(f"{cid} chunks written, {meta.n_chunks} expected")
    return embedded
