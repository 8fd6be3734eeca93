"""The previous build's vectors, reused for text it embedded with the same model.

A new document looks for its text in the previous build's document with the
same content (sha256), else the same file name: an unchanged or renamed file
reuses every vector, an edited one the vectors of its unchanged chunks and
sentences. The previous build is used only when it was made with the same
model and its files pass their checksums (a damaged vector must not be
carried into the next build and blessed by its checksums).

Bounded in memory: what is kept for the whole previous build is the row
range of each document; the text keys of one document at a time are read
when its rows come, and the vectors stay on disk, memory-mapped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from index import record_rows, store
from index.extract import Reused

KINDS = {  # rows file, vectors file, the document of a row
    "chunks": ("chunks.jsonl", "embeddings.npy", lambda row: row["doc"]),
    "sentences": ("sentences.jsonl", "sentences.npy", lambda row: record_rows.sentence_from_row(row).doc),
}


def text_key(model_id: str, text: str) -> bytes:
    return hashlib.sha1(f"{model_id}\0{text}".encode()).digest()


def _document_ranges(path: Path, doc_of: Callable) -> dict[str, tuple[int, int, int]]:
    """``doc -> (byte offset, first row, rows)`` of a JSON-lines file written one document after another."""
    ranges: dict[str, tuple[int, int, int]] = {}
    offset = row = 0
    current = None
    with open(path, "rb") as fh:
        for line in fh:
            if line.strip():
                doc = doc_of(json.loads(line))
                if doc != current:
                    if doc in ranges:
                        raise ValueError(f"{path.name}: rows of {doc} are not together")
                    ranges[doc] = (offset, row, 0)
                    current = doc
                start, first, n = ranges[doc]
                ranges[doc] = (start, first, n + 1)
                row += 1
            offset += len(line)
    return ranges


class PreviousVectors:
    """Lookups of embedded-text keys in the previous build, document by document."""

    def __init__(self, index_dir: Path, model_id: str, texts: dict[str, Callable], files_now: dict[str, dict]):
        """``texts`` gives, per kind, the embedded text of a row; ``files_now`` is the new build's
        ``path -> {"sha256", "key"}``."""
        self.model_id, self.texts = model_id, texts
        self.folder: Path | None = None
        self.ranges: dict[str, dict] = {}
        self.vectors: dict[str, np.ndarray] = {}
        self.source: dict[str, str] = {}  # new document key -> previous document key
        self._table: tuple[str | None, str | None, dict[bytes, int]] = (None, None, {})
        try:
            folder = store.current_dir(index_dir).resolve()
            meta = store.read_meta(index_dir)
            if meta.model_id != model_id:
                return
            needed = [name for rows, vecs, _ in KINDS.values() for name in (rows, vecs)]
            if any(name not in meta.checksums or store.sha256_file(folder / name) != meta.checksums[name]
                   for name in needed):
                return
            for kind, (rows, vecs, doc_of) in KINDS.items():
                self.ranges[kind] = _document_ranges(folder / rows, doc_of)
                self.vectors[kind] = np.load(folder / vecs, mmap_mode="r", allow_pickle=False)
                if sum(n for _, _, n in self.ranges[kind].values()) != len(self.vectors[kind]):
                    raise ValueError(f"{rows} and {vecs} disagree")
            by_sha = {info["sha256"]: info["key"] for info in meta.files.values()}
            by_path = {path: info["key"] for path, info in meta.files.items()}
            for path, info in files_now.items():
                old = by_sha.get(info["sha256"]) or by_path.get(path)
                if old is not None:
                    self.source[info["key"]] = old
            self.folder = folder
        except Exception:  # noqa: BLE001 - any unreadable previous build just means: embed everything
            self.ranges, self.vectors, self.source = {}, {}, {}

    def lookup(self, kind: str, docs: list[str], keys: list[bytes], out: np.ndarray) -> list[int]:
        """Fill ``out`` with the known vectors of ``keys`` (rows of ``docs``); the positions of the unknown ones."""
        todo = []
        for i, (doc, key) in enumerate(zip(docs, keys)):
            row = self._rows(kind, doc).get(key) if self.folder else None
            if row is None:
                todo.append(i)
            else:
                out[i] = self.vectors[kind][row]
        return todo

    def _rows(self, kind: str, doc: str) -> dict[bytes, int]:
        """Key -> previous row, for the previous version of ``doc`` (one document held at a time)."""
        if self._table[:2] != (kind, doc):
            self._table = (kind, doc, self._read(kind, self.source.get(doc)))
        return self._table[2]

    def _read(self, kind: str, old_doc: str | None) -> dict[bytes, int]:
        where = self.ranges.get(kind, {}).get(old_doc) if old_doc is not None else None
        if where is None:
            return {}
        offset, first, n = where
        table: dict[bytes, int] = {}
        with open(self.folder / KINDS[kind][0], "rb") as fh:
            fh.seek(offset)
            row = first
            while row < first + n:
                line = fh.readline()
                if not line:
                    break
                if line.strip():
                    table.setdefault(text_key(self.model_id, self.texts[kind](json.loads(line))), row)
                    row += 1
        return table


def previous_extractions(index_dir: Path) -> dict[str, Reused]:
    """The current build's kept extractions by the original's SHA-256, to reuse for unchanged content."""
    try:
        store.read_meta(index_dir)  # the same format version, or nothing is reused
        folder = store.current_dir(index_dir).resolve()
        rows = record_rows.read_document_rows(folder)
    except Exception:  # noqa: BLE001 - no readable previous build: every file is read
        return {}
    out = {}
    for r in rows:
        if isinstance(r, dict) and r.get("text_sha256"):
            r = {k: v for k, v in r.items() if k != "paragraphs"}
            out[r["sha256"]] = Reused(folder, r)
    return out
