"""The FAISS index: inner product on unit vectors, its type chosen by corpus size."""

from __future__ import annotations

from pathlib import Path

import numpy as np

FLAT_MAX = 50_000  # exact search is fast enough below this many chunks
HNSW_MAX = 2_000_000


def choose_type(n: int) -> str:
    if n <= FLAT_MAX:
        return "flat"
    if n <= HNSW_MAX:
        return "hnsw"
    return "ivfpq"


def build_faiss(vectors: np.ndarray, kind: str | None = None):
    import faiss

    n, dim = vectors.shape
    kind = kind or choose_type(n)
    if kind == "flat":
        index = faiss.IndexFlatIP(dim)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = 64
    elif kind == "ivfpq":
        nlist = int(4 * np.sqrt(n))
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFPQ(quantizer, dim, nlist, 64, 8, faiss.METRIC_INNER_PRODUCT)
        sample = vectors[np.random.default_rng(0).choice(n, size=min(n, 100_000), replace=False)]
        index.train(sample)
        index.nprobe = 16
    else:
        raise ValueError(f"unknown FAISS index type {kind!r}; choose from 'flat', 'hnsw', 'ivfpq'")
    if n:
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index, kind


def save_faiss(index, path: Path) -> None:
    import faiss

    faiss.write_index(index, str(path))


def load_faiss(path: Path):
    import faiss

    return faiss.read_index(str(path))


def search(index, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Scores and ids of the ``k`` nearest chunks for each query row (ids -1 when fewer)."""
    k = max(1, min(k, index.ntotal)) if index.ntotal else 1
    q = np.ascontiguousarray(query.reshape(-1, query.shape[-1]), dtype=np.float32)
    if not index.ntotal:
        return np.zeros((len(q), 0), np.float32), np.zeros((len(q), 0), np.int64)
    return index.search(q, k)
