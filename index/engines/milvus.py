"""An index kept in Milvus (Milvus Lite file or server), opened behind the storage interface.

``MilvusEngine(uri, alias)`` builds into Milvus (``index.engines.milvus_build``)
and opens the build its alias points at as a :class:`MilvusIndex` (``milvus_reader``). Opening
checks what the folder index checks, with the same refusals: the engine and
index format, the model, and whether the corpus changed since the build.
Records are read by id when asked for and kept in a bounded cache; nothing
is loaded whole except the documents, the term pairs and, on first use, a
lexical field's vocabulary.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from index import store
from index.build import BuildReport
from index.engines import milvus_schema as ms
from index.engines.base import IndexReader, Progress
from index.engines.milvus_catalog import OpenedBuild, documents_from_rows, read_build
from index.engines.milvus_client import connect, disconnect
from index.engines.milvus_reader import MilvusIndex
from index.errors import CorruptIndex, IndexNotFound, StaleIndex


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
