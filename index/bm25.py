"""A BM25 field as it is read and scored: a sparse matrix of per-term weights over token lists.

Scoring a query is one sparse product, and a query may weigh its terms (a
translated English word spreads its weight over its Chinese candidates).
The field is written by ``index.lexical``; ``field_files`` names the files
it is stored in.
"""

from __future__ import annotations

import json
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

    @classmethod
    def load(cls, folder: Path, name: str) -> BM25Field:
        """The field's postings memory-mapped (a question reads only its terms' columns), the rest read."""
        parts = {p: np.load(Path(folder) / f"{name}.{p}.npy", allow_pickle=False,
                            mmap_mode="r" if p in ("data", "indices", "indptr") else None)
                 for p in ("data", "indices", "indptr", "idf", "shape")}
        shape = tuple(int(x) for x in parts["shape"])
        m = sparse.csc_matrix((parts["data"], parts["indices"], parts["indptr"]), shape=shape)
        terms = json.loads((Path(folder) / f"{name}.vocab.json").read_text(encoding="utf-8"))
        return cls({t: i for i, t in enumerate(terms)}, parts["idf"], m)


def field_files(name: str) -> list[str]:
    """The files a field called ``name`` is stored in."""
    return [f"{name}.{p}.npy" for p in ("data", "indices", "indptr", "idf", "shape")] + [f"{name}.vocab.json"]

