"""BM25 over token lists, stored as a sparse matrix of per-term weights.

Scoring a query is one sparse product, and a query may weigh its terms (a
translated English word spreads its weight over its Chinese candidates).

The field is written by :class:`FieldWriter` in bounded memory, the way a
search engine writes an inverted index: postings are buffered per block of
documents, sorted by term and spilled to a segment file; at the end the
segments are merged term range by term range into the column-major matrix
on disk. What the writer holds for the whole corpus is the vocabulary, a
document length (4 bytes) per document, and a few numbers per term, never
the postings.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

SEGMENT_POSTINGS = 2_000_000  # postings buffered before a spill (12 bytes each)
MERGE_POSTINGS = 2_000_000  # postings merged and written at a time


@dataclass
class BM25Field:
    vocab: dict[str, int]
    idf: np.ndarray  # (n_terms,)
    matrix: sparse.csc_matrix  # (n_docs, n_terms): idf * saturated tf

    @property
    def n_docs(self) -> int:
        return self.matrix.shape[0]

    def idf_of(self, token: str) -> float:
        i = self.vocab.get(token)
        return float(self.idf[i]) if i is not None else 0.0

    def idf_map(self) -> dict[str, float]:
        return {t: float(self.idf[i]) for t, i in self.vocab.items()}

    def score(self, query: Mapping[str, float] | Sequence[str]) -> np.ndarray:
        """BM25 score of every document for a bag of (weighted) query tokens."""
        if not isinstance(query, Mapping):
            bag: dict[str, float] = {}
            for t in query:
                bag[t] = bag.get(t, 0.0) + 1.0
            query = bag
        cols, weights = [], []
        for token, w in query.items():
            i = self.vocab.get(token)
            if i is not None and w > 0:
                cols.append(i)
                weights.append(w)
        if not cols:
            return np.zeros(self.n_docs, dtype=np.float32)
        sub = self.matrix[:, cols]
        return np.asarray(sub @ np.asarray(weights, dtype=np.float32), dtype=np.float32).ravel()

    @classmethod
    def load(cls, folder: Path, name: str) -> BM25Field:
        parts = {p: np.load(Path(folder) / f"{name}.{p}.npy", allow_pickle=False)
                 for p in ("data", "indices", "indptr", "idf", "shape")}
        shape = tuple(int(x) for x in parts["shape"])
        m = sparse.csc_matrix((parts["data"], parts["indices"], parts["indptr"]), shape=shape)
        terms = json.loads((Path(folder) / f"{name}.vocab.json").read_text(encoding="utf-8"))
        return cls({t: i for i, t in enumerate(terms)}, parts["idf"], m)


def field_files(name: str) -> list[str]:
    """The files a field called ``name`` is stored in."""
    return [f"{name}.{p}.npy" for p in ("data", "indices", "indptr", "idf", "shape")] + [f"{name}.vocab.json"]


class _NpyWriter:
    """A 1-D .npy file of known length written in pieces."""

    def __init__(self, path: Path, dtype: str, length: int):
        self.fh = open(path, "wb")
        self.dtype, self.length, self.written = np.dtype(dtype), length, 0
        np.lib.format.write_array_header_1_0(
            self.fh, {"descr": np.lib.format.dtype_to_descr(self.dtype), "fortran_order": False, "shape": (length,)})

    def write(self, values: np.ndarray) -> None:
        self.fh.write(np.ascontiguousarray(values, dtype=self.dtype).tobytes())
        self.written += len(values)

    def close(self) -> None:
        self.fh.close()
        if self.written != self.length:
            raise RuntimeError(f"{self.fh.name}: {self.written} values written, {self.length} expected")


class FieldWriter:
    """Documents in, one at a time; a BM25 field on disk out (:meth:`finish`).

    Lucene idf (always positive). Documents shorter than ``length_floor``
    times the average length are normalised as if they had that length: a
    four-word figure label should not outrank the paragraph that answers
    just because it is short.
    """

    def __init__(self, scratch: Path, k1: float = 1.2, b: float = 0.75, length_floor: float = 1.0,
                 segment_postings: int = SEGMENT_POSTINGS, merge_postings: int = MERGE_POSTINGS):
        self.scratch = Path(scratch)
        self.scratch.mkdir(parents=True, exist_ok=True)
        self.k1, self.b, self.length_floor = k1, b, length_floor
        self.segment_postings, self.merge_postings = max(1, segment_postings), max(1, merge_postings)
        self.vocab: dict[str, int] = {}
        self.lengths = array("f")
        self.segments: list[Path] = []
        self._rows, self._cols, self._tfs = array("i"), array("i"), array("f")

    def add(self, tokens: Sequence[str]) -> None:
        d = len(self.lengths)
        self.lengths.append(len(tokens))
        counts: dict[int, int] = {}
        for t in tokens:
            i = self.vocab.setdefault(t, len(self.vocab))
            counts[i] = counts.get(i, 0) + 1
        self._rows.extend([d] * len(counts))
        self._cols.extend(counts.keys())
        self._tfs.extend(counts.values())
        if len(self._cols) >= self.segment_postings:
            self._spill()

    def _spill(self) -> None:
        """The buffered postings, sorted by term (documents stay in order within a term), to a segment file."""
        if not len(self._cols):
            return
        cols = np.frombuffer(self._cols, dtype=np.int32)
        order = np.argsort(cols, kind="stable")
        stem = self.scratch / f"segment-{len(self.segments):05d}"
        np.save(f"{stem}.cols.npy", cols[order])
        np.save(f"{stem}.rows.npy", np.frombuffer(self._rows, dtype=np.int32)[order])
        np.save(f"{stem}.tfs.npy", np.frombuffer(self._tfs, dtype=np.float32)[order])
        del cols, order
        self.segments.append(stem)
        self._rows, self._cols, self._tfs = array("i"), array("i"), array("f")

    def finish(self, folder: Path, name: str) -> list[str]:
        """Merge the segments into ``folder/name.*``; the names of the files written."""
        self._spill()
        folder = Path(folder)
        n_terms, n_docs = len(self.vocab), len(self.lengths)
        segments = [{part: np.load(f"{stem}.{part}.npy", mmap_mode="r", allow_pickle=False)
                     for part in ("cols", "rows", "tfs")} for stem in self.segments]
        df = np.zeros(n_terms, dtype=np.int64)
        for seg in segments:
            df += np.bincount(seg["cols"], minlength=n_terms)
        idf = np.log(1.0 + (max(n_docs, 1) - df + 0.5) / (df + 0.5)).astype(np.float32)
        lengths = np.frombuffer(self.lengths, dtype=np.float32) if n_docs else np.zeros(0, np.float32)
        avg = float(lengths.mean()) if n_docs and lengths.mean() > 0 else 1.0
        norm = (self.k1 * (1 - self.b + self.b * np.maximum(lengths, self.length_floor * avg) / avg)).astype(np.float32)
        indptr = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        nnz = int(indptr[-1])
        data = _NpyWriter(folder / f"{name}.data.npy", "<f4", nnz)
        indices = _NpyWriter(folder / f"{name}.indices.npy", "<i4", nnz)
        try:
            # term ranges of about merge_postings postings each (a term with more is a range of its own)
            cuts = np.unique(np.concatenate([np.searchsorted(indptr, np.arange(0, nnz, self.merge_postings),
                                                             side="right") - 1, [n_terms]]))
            for c0, c1 in zip(cuts[:-1], cuts[1:]):
                parts = []
                for seg in segments:
                    seg_cols = seg["cols"]
                    lo, hi = np.searchsorted(seg_cols, [c0, c1])
                    if hi > lo:
                        parts.append((seg_cols[lo:hi], seg["rows"][lo:hi], seg["tfs"][lo:hi]))
                if not parts:
                    continue
                cols = np.concatenate([p[0] for p in parts])
                order = np.argsort(cols, kind="stable")  # segments are in document order: rows stay sorted
                cols = cols[order]
                rows = np.concatenate([p[1] for p in parts])[order]
                tf = np.concatenate([p[2] for p in parts])[order]
                weight = idf[cols] * tf * (self.k1 + 1) / (tf + norm[rows])
                data.write(weight)
                indices.write(rows)
        finally:
            data.close()
            indices.close()
            del segments
        np.save(folder / f"{name}.indptr.npy", indptr)
        np.save(folder / f"{name}.idf.npy", idf)
        np.save(folder / f"{name}.shape.npy", np.asarray([n_docs, n_terms], dtype=np.int64))
        terms: list[str | None] = [None] * n_terms
        for t, i in self.vocab.items():
            terms[i] = t
        (folder / f"{name}.vocab.json").write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")
        for stem in self.segments:
            for part in ("cols", "rows", "tfs"):
                Path(f"{stem}.{part}.npy").unlink(missing_ok=True)
        self.segments = []
        return field_files(name)


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
