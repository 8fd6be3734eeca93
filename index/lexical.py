"""BM25 over token lists, stored as a sparse matrix of per-term weights.

Scoring a query is one sparse product, and a query may weigh its terms (a
translated English word spreads its weight over its Chinese candidates).
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse


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

    def save(self, folder: Path, name: str) -> list[str]:
        m = self.matrix.tocsc()
        np.savez(folder / f"{name}.npz", data=m.data, indices=m.indices, indptr=m.indptr,
                 shape=np.asarray(m.shape), idf=self.idf)
        terms = [None] * len(self.vocab)
        for t, i in self.vocab.items():
            terms[i] = t
        (folder / f"{name}.vocab.json").write_text(json.dumps(terms, ensure_ascii=False))
        return [f"{name}.npz", f"{name}.vocab.json"]

    @classmethod
    def load(cls, folder: Path, name: str) -> BM25Field:
        with np.load(folder / f"{name}.npz", allow_pickle=False) as z:
            m = sparse.csc_matrix((z["data"], z["indices"], z["indptr"]), shape=tuple(z["shape"]))
            idf = z["idf"]
        terms = json.loads((folder / f"{name}.vocab.json").read_text())
        return cls({t: i for i, t in enumerate(terms)}, idf, m)


def build_field(docs: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75,
                length_floor: float = 1.0) -> BM25Field:
    """BM25 (Lucene idf, always positive) for a list of tokenised documents.

    Documents shorter than ``length_floor`` times the average length are
    normalised as if they had that length: a four-word figure label should
    not outrank the paragraph that answers just because it is short.
    """
    vocab: dict[str, int] = {}
    # postings as machine numbers (12 bytes each), not lists of Python ints: the build's peak
    rows, cols, tfs, lengths_buf = array("i"), array("i"), array("f"), array("f")
    for d, tokens in enumerate(docs):
        lengths_buf.append(len(tokens))
        counts: dict[int, int] = {}
        for t in tokens:
            i = vocab.setdefault(t, len(vocab))
            counts[i] = counts.get(i, 0) + 1
        rows.extend([d] * len(counts))
        cols.extend(counts.keys())
        tfs.extend(counts.values())
    n_docs = len(lengths_buf)
    n = max(n_docs, 1)
    rows_a = np.frombuffer(rows, dtype=np.int32) if len(rows) else np.zeros(0, np.int32)
    cols_a = np.frombuffer(cols, dtype=np.int32) if len(cols) else np.zeros(0, np.int32)
    tf = np.frombuffer(tfs, dtype=np.float32) if len(tfs) else np.zeros(0, np.float32)
    lengths = np.frombuffer(lengths_buf, dtype=np.float32) if n_docs else np.zeros(0, np.float32)
    df = np.bincount(cols_a, minlength=len(vocab)).astype(np.float32)
    idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
    avg = float(lengths.mean()) if n_docs and lengths.mean() > 0 else 1.0
    eff = np.maximum(lengths, length_floor * avg)
    norm = k1 * (1 - b + b * eff[rows_a] / avg) if len(rows_a) else np.zeros(0, np.float32)
    weight = idf[cols_a] * tf * (k1 + 1) / (tf + norm) if len(rows_a) else np.zeros(0, np.float32)
    m = sparse.csc_matrix((weight.astype(np.float32), (rows_a, cols_a)), shape=(n_docs, len(vocab)))
    return BM25Field(vocab, idf, m)
