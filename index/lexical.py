"""Writing a BM25 field: token lists in, its files on disk out, in bounded memory (read by ``index.bm25``).

:class:`FieldWriter` writes it the way a search engine writes an inverted
index: postings are buffered per block of documents, sorted by term and
spilled to a segment file with its own sorted vocabulary; at the end the
vocabularies are merged like sorted files, and the postings term range by
term range, into the column-major matrix on disk. Memory is bounded by the segment and merge sizes, not by the corpus:
no postings, vocabulary or per-document array of the whole corpus is held.
"""

from __future__ import annotations

import heapq
import json
import shutil
import tempfile
from array import array
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from index.bm25 import BM25Field, field_files

SEGMENT_POSTINGS = 2_000_000  # postings buffered before a spill (12 bytes each)
MERGE_POSTINGS = 2_000_000  # postings merged and written at a time


class _NpyWriter:
    """A 1-D .npy file of known length written in pieces (memory-mapped: the file, not memory, holds it)."""

    def __init__(self, path: Path, dtype: str, length: int):
        self.path, self.length, self.written = Path(path), length, 0
        self.array = np.lib.format.open_memmap(path, mode="w+", dtype=np.dtype(dtype), shape=(length,))

    def write(self, values: np.ndarray) -> None:
        n = len(values)
        if self.written + n > self.length:
            raise RuntimeError(f"{self.path.name}: more than the {self.length} values expected")
        self.array[self.written : self.written + n] = values
        self.written += n

    def close(self) -> None:
        self.array.flush()
        del self.array
        if self.written != self.length:
            raise RuntimeError(f"{self.path.name}: {self.written} values written, {self.length} expected")


class FieldWriter:
    """Documents in, one at a time; a BM25 field on disk out (:meth:`finish`).

    Lucene idf (always positive). Documents shorter than ``length_floor``
    times the average length are normalised as if they had that length: a
    four-word figure label should not outrank the paragraph that answers
    just because it is short.

    Each segment has its own vocabulary, sorted when it is spilled; the
    merge walks the sorted vocabularies together, so the field's term ids are
    the terms' sorted order and no vocabulary of the whole corpus is ever
    held in memory while writing.
    """

    def __init__(self, scratch: Path, k1: float = 1.2, b: float = 0.75, length_floor: float = 1.0,
                 segment_postings: int | None = None, merge_postings: int | None = None):
        self.scratch = Path(scratch)
        self.scratch.mkdir(parents=True, exist_ok=True)
        self.k1, self.b, self.length_floor = k1, b, length_floor
        self.segment_postings = max(1, segment_postings or SEGMENT_POSTINGS)
        self.merge_postings = max(1, merge_postings or MERGE_POSTINGS)
        self.n_docs = 0
        self.total_length = 0.0
        self.segments: list[Path] = []
        self._lengths = open(self.scratch / "lengths.f4", "wb")
        self._vocab: dict[str, int] = {}
        self._rows, self._cols, self._tfs, self._len = array("i"), array("i"), array("f"), array("f")

    def add(self, tokens: Sequence[str]) -> None:
        d = self.n_docs
        self.n_docs += 1
        self.total_length += len(tokens)
        self._len.append(len(tokens))
        counts: dict[int, int] = {}
        for t in tokens:
            i = self._vocab.setdefault(t, len(self._vocab))
            counts[i] = counts.get(i, 0) + 1
        self._rows.extend([d] * len(counts))
        self._cols.extend(counts.keys())
        self._tfs.extend(counts.values())
        if len(self._cols) >= self.segment_postings:
            self._spill()

    def _spill(self) -> None:
        """The buffer to a segment: its terms sorted (with their document counts), its postings by term."""
        self._lengths.write(self._len.tobytes())
        self._len = array("f")
        if not len(self._cols):
            return
        terms = list(self._vocab)
        by_term = sorted(range(len(terms)), key=terms.__getitem__)
        rank = np.empty(len(terms), dtype=np.int32)
        rank[by_term] = np.arange(len(terms), dtype=np.int32)
        cols = rank[np.frombuffer(self._cols, dtype=np.int32)]
        order = np.argsort(cols, kind="stable")  # documents stay in order within a term
        cols = cols[order]
        df = np.bincount(cols, minlength=len(terms))
        stem = self.scratch / f"segment-{len(self.segments):05d}"
        with open(f"{stem}.terms", "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps([terms[i], int(n)], ensure_ascii=False) + "\n" for i, n in zip(by_term, df))
        np.save(f"{stem}.cols.npy", cols)
        np.save(f"{stem}.rows.npy", np.frombuffer(self._rows, dtype=np.int32)[order])
        np.save(f"{stem}.tfs.npy", np.frombuffer(self._tfs, dtype=np.float32)[order])
        del cols, order, rank
        self.segments.append(stem)
        self._vocab = {}
        self._rows, self._cols, self._tfs = array("i"), array("i"), array("f")

    def _merge_vocabularies(self, folder: Path, name: str) -> int:
        """Walk the segments' sorted terms together: ``name.vocab.json``, each segment's local-to-field
        id map, and each term's document count; the number of terms."""

        def read(k: int):
            with open(f"{self.segments[k]}.terms", encoding="utf-8") as fh:
                for line in fh:
                    term, df = json.loads(line)
                    yield term, k, df

        maps = [open(f"{stem}.map.i4", "wb") for stem in self.segments]
        pending = [array("i") for _ in self.segments]
        df_out = open(self.scratch / "df.i8", "wb")
        df_buf = array("q")
        n_terms = 0
        with open(folder / f"{name}.vocab.json", "w", encoding="utf-8") as vocab:
            vocab.write("[")
            last, count = None, 0
            for term, k, df in heapq.merge(*(read(k) for k in range(len(self.segments)))):
                if term != last:
                    if last is not None:
                        df_buf.append(count)
                    vocab.write((", " if n_terms else "") + json.dumps(term, ensure_ascii=False))
                    last, count, n_terms = term, 0, n_terms + 1
                count += df
                pending[k].append(n_terms - 1)
                if len(pending[k]) >= 65536:
                    maps[k].write(pending[k].tobytes())
                    pending[k] = array("i")
                if len(df_buf) >= 65536:
                    df_out.write(df_buf.tobytes())
                    df_buf = array("q")
            if last is not None:
                df_buf.append(count)
            vocab.write("]")
        df_out.write(df_buf.tobytes())
        df_out.close()
        for fh, buf in zip(maps, pending):
            fh.write(buf.tobytes())
            fh.close()
        return n_terms

    def finish(self, folder: Path, name: str) -> list[str]:
        """Merge the segments into ``folder/name.*``; the names of the files written."""
        self._spill()
        self._lengths.close()
        folder = Path(folder)
        n_docs, block = self.n_docs, self.merge_postings
        n_terms = self._merge_vocabularies(folder, name)
        df = _mapped(self.scratch / "df.i8", np.int64)
        lengths = _mapped(self.scratch / "lengths.f4", np.float32)
        avg = self.total_length / n_docs if n_docs and self.total_length > 0 else 1.0
        idf_out = _NpyWriter(folder / f"{name}.idf.npy", "<f4", n_terms)
        indptr_out = _NpyWriter(folder / f"{name}.indptr.npy", "<i8", n_terms + 1)
        indptr_out.write(np.zeros(1, np.int64))
        nnz = 0
        for t0 in range(0, n_terms, block):
            d = np.asarray(df[t0 : t0 + block])
            idf_out.write(np.log(1.0 + (max(n_docs, 1) - d + 0.5) / (d + 0.5)))
            indptr_out.write(nnz + np.cumsum(d))
            nnz += int(d.sum())
        idf_out.close()
        indptr_out.close()
        idf = np.load(folder / f"{name}.idf.npy", mmap_mode="r")
        indptr = np.load(folder / f"{name}.indptr.npy", mmap_mode="r")
        segments = [{part: np.load(f"{stem}.{part}.npy", mmap_mode="r") for part in ("cols", "rows", "tfs")}
                    | {"map": _mapped(f"{stem}.map.i4", np.int32)} for stem in self.segments]
        data = _NpyWriter(folder / f"{name}.data.npy", "<f4", nnz)
        indices = _NpyWriter(folder / f"{name}.indices.npy", "<i4", nnz)
        try:
            # term ranges of about `block` postings each (a term with more is a range of its own)
            cuts = np.unique(np.concatenate([np.searchsorted(indptr, np.arange(0, nnz, block), side="right") - 1,
                                             [n_terms]]))
            for c0, c1 in zip(cuts[:-1], cuts[1:]):
                parts = []
                for seg in segments:
                    local = np.searchsorted(seg["map"], [c0, c1])  # the map is increasing: sorted vocabularies
                    lo, hi = np.searchsorted(seg["cols"], local)
                    if hi > lo:
                        parts.append((seg["map"][seg["cols"][lo:hi]], seg["rows"][lo:hi], seg["tfs"][lo:hi]))
                if not parts:
                    continue
                cols = np.concatenate([p[0] for p in parts])
                order = np.argsort(cols, kind="stable")  # segments are in document order: rows stay sorted
                cols = cols[order]
                rows = np.concatenate([p[1] for p in parts])[order]
                tf = np.concatenate([p[2] for p in parts])[order]
                length = np.maximum(lengths[rows], self.length_floor * avg)
                norm = self.k1 * (1 - self.b + self.b * length / avg)
                data.write(np.asarray(idf[cols]) * tf * (self.k1 + 1) / (tf + norm))
                indices.write(rows)
        finally:
            data.close()
            indices.close()
            del segments, idf, indptr, df, lengths
        np.save(folder / f"{name}.shape.npy", np.asarray([n_docs, n_terms], dtype=np.int64))
        for stem in self.segments:
            for part in ("cols.npy", "rows.npy", "tfs.npy", "terms", "map.i4"):
                Path(f"{stem}.{part}").unlink(missing_ok=True)
        for scratch in ("df.i8", "lengths.f4"):
            (self.scratch / scratch).unlink(missing_ok=True)
        self.segments = []
        return field_files(name)


def _mapped(path, dtype) -> np.ndarray:
    """A raw file of numbers, memory-mapped read-only (empty when the file is)."""
    if not Path(path).stat().st_size:
        return np.zeros(0, dtype=dtype)
    return np.memmap(path, dtype=dtype, mode="r")


def write_field(docs: Iterable[Sequence[str]], folder: Path, name: str, scratch: Path | None = None,
                **options) -> list[str]:
    """Stream ``docs`` (token lists) into a BM25 field stored as ``folder/name.*``; the files written."""
    own = scratch is None
    scratch = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=folder)) if own else Path(scratch)
    try:
        writer = FieldWriter(scratch, **options)
        for tokens in docs:
            writer.add(tokens)
        return writer.finish(folder, name)
    finally:
        if own:
            shutil.rmtree(scratch, ignore_errors=True)


def build_field(docs: Iterable[Sequence[str]], **options) -> BM25Field:
    """A BM25 field in memory (for small document sets: it is written to a temporary folder and read back)."""
    with tempfile.TemporaryDirectory(prefix="bm25-") as tmp:
        write_field(docs, Path(tmp), "field", **options)
        return BM25Field.load(Path(tmp), "field")
