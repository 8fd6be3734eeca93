"""``qa build --engine milvus``: the corpus built as usual, then written into new collections, alias switched.

The build itself is ``index.build.build`` into a staging folder (the same
chunks, sentences, tokens, BM25 fields and vectors as the folder index),
with an embedder that takes the vector of any text the alias's current build
already embedded with the same model (content keys stored in the engine), so
an unchanged corpus embeds nothing. The staged build is then written, one
document at a time, into the four collections of a new build
(``milvus_schema``; ``milvus_write``), and the alias is switched to it in one
call.

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
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from index import store
from index.build import BuildReport, build
from index.engines import milvus_schema as ms
from index.engines.base import Progress, ReusingEmbedder
from index.engines.milvus_catalog import OpenedBuild, read_build
from index.engines.milvus_client import connect, disconnect, server_kind
from index.engines.milvus_collections import create_build
from index.engines.milvus_lock import BuildLock
from index.engines.milvus_write import write_rows
from index.errors import QAError

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
                embedded = write_rows(client, folder, names, meta, lexical, note, reusing.computed)
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


def _flat_max() -> int:
    from index.vectors import FLAT_MAX

    return FLAT_MAX
