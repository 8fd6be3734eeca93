"""A build's records read by row, not loaded: JSON lines behind a table of offsets, and the arrays of its views.

``chunks.jsonl`` and ``sentences.jsonl`` stay the plain files they are; beside
each, ``<name>.offsets.npy`` (int64, one more entry than the file has rows,
the last its size) says where every row starts. An opened index memory-maps
the file and parses a row when it is asked for (:class:`Records`), so opening
a million-chunk index parses nothing and holds no record it was not asked for.

The questions the answer side asks of every row are answered by arrays the
build writes once (:func:`write_tables`), memory-mapped when read:

- ``chunks.doc.npy`` (int32): each chunk's document, as its place in ``documents.json``
  (a chunk's neighbours are the chunks beside it of the same document);
- ``sentences.para.npy`` (int64): each sentence's document place ``<< 32 |`` its paragraph
  (a paragraph's sentence rows are one range of it);
- ``sentences.chunk.npy`` (int64): the first chunk that holds each sentence (-1: none).
"""

from __future__ import annotations

import json
import mmap
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np

OFFSETS = {"chunks": "chunks.offsets.npy", "sentences": "sentences.offsets.npy"}
CHUNK_DOCS = "chunks.doc.npy"
SENTENCE_PARAS = "sentences.para.npy"
SENTENCE_CHUNKS = "sentences.chunk.npy"
TABLES = (*OFFSETS.values(), CHUNK_DOCS, SENTENCE_PARAS, SENTENCE_CHUNKS)
CACHE_MAX = 65_536  # parsed records kept per file before the cache starts afresh


def line_offsets(path: Path) -> np.ndarray:
    """Where each non-blank line of ``path`` starts, then the end of the last one (int64)."""
    starts = array("q")  # 8 bytes a row while it grows, not a Python int's 36
    end = pos = 0
    with open(path, "rb") as fh:
        for line in fh:
            if line.strip():
                starts.append(pos)
                end = pos + len(line)
            pos += len(line)
    starts.append(end)
    return np.frombuffer(starts, dtype=np.int64).copy()


class Records(Sequence):
    """Row ``i`` of a JSON-lines file, parsed by ``parse`` when asked for (a bounded cache keeps the hot ones).

    Reads share one read-only memory map, so threads may read at once; the file may be removed under it
    (a build prunes an old folder) and the rows stay readable until the map is closed.
    """

    def __init__(self, path: Path, offsets: np.ndarray, parse: Callable[[object], object], cache: int = CACHE_MAX):
        self.path, self.offsets, self.parse, self.cache_max = Path(path), offsets, parse, cache
        self._cache: dict[int, object] = {}
        self._fh = open(self.path, "rb")
        size = int(offsets[-1]) if len(offsets) else 0
        self._map = mmap.mmap(self._fh.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        if len(self._map) < size:
            raise ValueError(f"{self.path.name} is shorter than its offsets say")

    def __len__(self) -> int:
        return max(0, len(self.offsets) - 1)

    def _row(self, i: int):
        got = self._cache.get(i)
        if got is None:
            raw = self._map[int(self.offsets[i]) : int(self.offsets[i + 1])]
            got = self.parse(json.loads(raw))
            cache = self._cache
            if len(cache) >= self.cache_max:
                cache.clear()
            cache[i] = got
        return got

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._row(j) for j in range(*i.indices(len(self)))]
        i = int(i)
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(f"row {i} of {self.path.name}, which has {n}")
        return self._row(i)

    def __iter__(self) -> Iterator:
        """Every row in file order (the map read once, front to back; the cache left as it is)."""
        offsets = self.offsets
        for i in range(len(self)):
            got = self._cache.get(i)
            yield got if got is not None else self.parse(json.loads(self._map[int(offsets[i]) : int(offsets[i + 1])]))

    def __eq__(self, other) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, (str, bytes)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]

    def close(self) -> None:
        if isinstance(self._map, mmap.mmap):
            self._map.close()
        self._fh.close()


class Neighbours(Sequence):
    """``neighbours[cid]``: the previous and next chunk of the same document (-1 at its ends), from each chunk's
    document place (``chunks.doc.npy``)."""

    def __init__(self, docs: np.ndarray):
        self.docs = docs

    def __len__(self) -> int:
        return len(self.docs)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i, docs, n = int(i), self.docs, len(self.docs)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(f"chunk {i} of {n}")
        d = docs[i]
        return (i - 1 if i > 0 and docs[i - 1] == d else -1, i + 1 if i + 1 < n and docs[i + 1] == d else -1)

    def __eq__(self, other) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, (str, bytes)):
            return NotImplemented
        return len(self) == len(other) and all(tuple(a) == tuple(b) for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]


class ParagraphRows(Mapping):
    """``(doc, para) -> rows of its sentences``, in order, from each row's paragraph key (``sentences.para.npy``)."""

    def __init__(self, keys: np.ndarray, documents: Sequence[str]):
        self.documents = list(documents)
        self._place = {k: i for i, k in enumerate(self.documents)}
        if len(keys) > 1 and not bool(np.all(keys[1:] >= keys[:-1])):
            self._order = np.argsort(keys, kind="stable")  # rows out of paragraph order (not written so today)
            self._keys = np.asarray(keys)[self._order]
        else:
            self._order, self._keys = None, keys

    def _range(self, key) -> tuple[int, int]:
        try:
            doc, para = key
            place = self._place[doc]
            k = (place << 32) | int(para)
        except (KeyError, TypeError, ValueError):
            return 0, 0
        return int(np.searchsorted(self._keys, k, "left")), int(np.searchsorted(self._keys, k, "right"))

    def __getitem__(self, key) -> list[int]:
        lo, hi = self._range(key)
        if lo == hi:
            raise KeyError(key)
        return list(range(lo, hi)) if self._order is None else sorted(int(r) for r in self._order[lo:hi])

    def __contains__(self, key) -> bool:
        lo, hi = self._range(key)
        return hi > lo

    def _unique(self) -> np.ndarray:
        return np.unique(np.asarray(self._keys))

    def __iter__(self) -> Iterator[tuple[str, int]]:
        for k in self._unique().tolist():
            yield self.documents[k >> 32], k & 0xFFFFFFFF

    def __len__(self) -> int:
        return len(self._unique())


# ---------------------------------------------------------------- written by the build


def grouped_rows(path: Path, doc_of: Callable, fields: Callable) -> Iterator[tuple[str, list]]:
    """The ``fields`` (a small tuple) of each row of a JSON-lines file, a run of rows of one document at a time:
    a run is held as those tuples, not as the parsed rows (their text and words), so a document of a million
    characters costs a few ints a row (``index.engines.milvus_write`` asks for the rows themselves)."""
    doc, rows = None, []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            if rows and doc_of(row) != doc:
                yield doc, rows
                rows = []
            doc = doc_of(row)
            rows.append(fields(row))
    if rows:
        yield doc, rows


def write_tables(folder: Path, documents: Sequence[str]) -> list[str]:
    """The offsets and view arrays of a build folder's records (``documents``: the keys in documents.json
    order); the names written. Both files hold one document's rows after another, so one document is in
    memory at a time."""
    folder = Path(folder)
    rows_in = {}
    for kind, name in OFFSETS.items():
        offsets = line_offsets(folder / f"{kind}.jsonl")
        np.save(folder / name, offsets, allow_pickle=False)
        rows_in[kind] = len(offsets) - 1
    del offsets
    n_chunks, n_sentences = rows_in["chunks"], rows_in["sentences"]
    place = {k: i for i, k in enumerate(documents)}
    chunk_docs = np.lib.format.open_memmap(folder / CHUNK_DOCS, mode="w+", dtype="<i4", shape=(n_chunks,))
    paras = np.lib.format.open_memmap(folder / SENTENCE_PARAS, mode="w+", dtype="<i8", shape=(n_sentences,))
    owner = np.lib.format.open_memmap(folder / SENTENCE_CHUNKS, mode="w+", dtype="<i8", shape=(n_sentences,))
    first: dict[str, dict[tuple[int, int], int]] = {}  # doc -> (para, number) -> first chunk: the current doc's
    chunks = grouped_rows(folder / "chunks.jsonl", lambda r: r["doc"],
                          lambda r: (r["para"], r["first_sentence"], r["last_sentence"]))
    pending = next(chunks, None)
    cid = sid = 0

    def take_chunks_of(doc: str | None) -> None:
        """Read chunk runs up to and including ``doc``'s (runs of documents without sentences pass by)."""
        nonlocal pending, cid
        while pending is not None and (doc is None or place[pending[0]] <= place[doc]):
            key, rows = pending
            table: dict[tuple[int, int], int] = {}
            for para, first_sentence, last_sentence in rows:
                chunk_docs[cid] = place[key]
                for num in range(first_sentence, last_sentence + 1):
                    table.setdefault((para, num), cid)
                cid += 1
            first.clear()
            first[key] = table
            pending = next(chunks, None)
            if key == doc:
                return

    for doc, rows in grouped_rows(folder / "sentences.jsonl", lambda r: r[0], lambda r: (r[1], r[2])):
        take_chunks_of(doc)
        table = first.get(doc, {})
        for para, number in rows:
            paras[sid] = (place[doc] << 32) | int(para)
            owner[sid] = table.get((para, number), -1)
            sid += 1
    take_chunks_of(None)
    if cid != n_chunks or sid != n_sentences:
        raise RuntimeError(f"tables: {cid} chunks and {sid} sentences read, {n_chunks} and {n_sentences} expected")
    for view in (chunk_docs, paras, owner):
        view.flush()
    return list(TABLES)


def open_tables(folder: Path) -> dict[str, np.ndarray]:
    """The build's offsets and view arrays, memory-mapped (name -> array)."""
    return {name: np.load(Path(folder) / name, mmap_mode="r", allow_pickle=False) for name in TABLES}
