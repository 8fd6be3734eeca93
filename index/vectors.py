"""The FAISS index: inner product on unit vectors, its type chosen by corpus size.

Vectors are added a batch at a time from the (memory-mapped) embeddings
file, so the build never holds a second copy of them. Flat and HNSW keep
every vector in memory, at query time and while building, so they are used
only up to a size that fits comfortably (``HNSW_MAX`` 512-d vectors are
about 1 GB with the graph). Beyond that the index is an IVF whose inverted
lists live in a file beside it (``vectors.ivfdata``), written as vectors
are added (then copied once into a file of exactly their size) and
memory-mapped when read: the build's memory no longer grows with the corpus.
"""

from __future__ import annotations

import ctypes
import os
import sys
from contextlib import contextmanager, nullcontext
from pathlib import Path

import numpy as np

FLAT_MAX = 50_000  # exact search is fast enough below this many chunks
HNSW_MAX = 400_000  # the largest graph built in memory (about 1 GB at 512 dimensions)
ADD_BATCH = 32_768  # vectors read from disk and added at a time
TRAIN_MAX = 100_000  # vectors sampled to train the IVF centroids
IVF_DATA = "vectors.ivfdata"  # the on-disk inverted lists, next to the index file
_GROWING = ".vectors.ivfdata.growing"  # the lists while vectors are added (capacity doubles), then compacted
KINDS = ("flat", "hnsw", "ivf", "ivfpq")
SENTENCE_FAISS = "sentences.faiss"  # the sentence vectors' own index, built past FLAT_MAX sentences
SENTENCE_LISTS = "sentences.ivfdata"  # its on-disk lists, when it is an IVF
# The sentence retriever asks for its 150 nearest sentences (3 x 50 candidates), more than a chunk search's
# efSearch 64 finds well: recall@150 against the exact scan at 100k chunks (193k sentences) 0.67 at efSearch
# 64, 0.83 at 256, 0.95 at 512 (0.7 ms); bench/scale_index.py measures it.
SENTENCE_EF_SEARCH = 512
SENTENCE_NPROBE = 64


def widen_for_sentences(index):
    """The sentence index searched wider than a chunk index (see ``SENTENCE_EF_SEARCH``)."""
    if hasattr(index, "hnsw"):
        index.hnsw.efSearch = max(index.hnsw.efSearch, SENTENCE_EF_SEARCH)
    elif hasattr(index, "nprobe"):
        index.nprobe = max(index.nprobe, SENTENCE_NPROBE)
    return index


def choose_type(n: int) -> str:
    if n <= FLAT_MAX:
        return "flat"
    if n <= HNSW_MAX:
        return "hnsw"
    return "ivf"


@contextmanager
def _c_stdout_to_devnull():
    """FAISS's on-disk lists print progress lines on the C stdout; keep them out of the CLI's output."""
    sys.stdout.flush()
    libc = ctypes.CDLL(None)
    libc.fflush(None)
    saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    try:
        yield
    finally:
        libc.fflush(None)
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def _ivf(vectors: np.ndarray, folder: Path | None, pq: bool, lists: str = IVF_DATA):
    import faiss

    n, dim = vectors.shape
    nlist = max(1, min(int(2 * np.sqrt(n)) if not pq else int(4 * np.sqrt(n)), n))
    quantizer = faiss.IndexFlatIP(dim)
    if pq:
        index = faiss.IndexIVFPQ(quantizer, dim, nlist, 64, 8, faiss.METRIC_INNER_PRODUCT)
        index.nprobe = 16
    else:
        index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
        index.nprobe = 32
    index.cp.min_points_per_centroid = 1  # a small corpus trains on what it has, without a warning
    rows = np.sort(np.random.default_rng(0).choice(n, size=min(n, TRAIN_MAX), replace=False))
    index.train(np.ascontiguousarray(vectors[rows], dtype=np.float32))
    if not pq:
        if folder is None:
            raise ValueError("an 'ivf' index keeps its lists on disk: give the folder to write them in")
        grown = faiss.OnDiskInvertedLists(index.nlist, index.code_size, str(Path(folder) / _growing(lists)))
        index.replace_invlists(grown, True)
        grown.this.disown()
    return index


def _growing(lists: str) -> str:
    return _GROWING if lists == IVF_DATA else f".{lists}.growing"


def _compact(index, folder: Path, lists: str = IVF_DATA) -> None:
    """Copy the lists, grown by doubling as vectors came, into a file of exactly their size."""
    import faiss

    final = faiss.OnDiskInvertedLists(index.nlist, index.code_size, str(Path(folder) / lists))
    grown = faiss.InvertedListsPtrVector()
    grown.push_back(index.invlists)
    final.merge_from_multiple(grown.data(), grown.size(), False, False)
    index.replace_invlists(final, True)  # frees the grown lists
    final.this.disown()
    (Path(folder) / _growing(lists)).unlink()


def build_faiss(vectors: np.ndarray, kind: str | None = None, folder: Path | None = None, lists: str = IVF_DATA):
    """The index of ``vectors`` (rows may be a memory map) and its type; ``folder`` receives on-disk lists
    (in the file ``lists``: a folder with two IVF indexes names them apart)."""
    import faiss

    n, dim = vectors.shape
    kind = kind or choose_type(n)
    if kind == "flat":
        index = faiss.IndexFlatIP(dim)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = 64
    elif kind in ("ivf", "ivfpq"):
        if not n:
            raise ValueError("an IVF index needs vectors to train on")
        index = _ivf(vectors, folder, pq=kind == "ivfpq", lists=lists)
    else:
        raise ValueError(f"unknown FAISS index type {kind!r}; choose from {', '.join(map(repr, KINDS))}")
    with _c_stdout_to_devnull() if kind == "ivf" else nullcontext():
        for start in range(0, n, ADD_BATCH):
            index.add(np.ascontiguousarray(vectors[start : start + ADD_BATCH], dtype=np.float32))
        if kind == "ivf":
            _compact(index, folder, lists)
    return index, kind


def save_faiss(index, path: Path) -> None:
    import faiss

    faiss.write_index(index, str(path))


def load_faiss(path: Path, lists: str = IVF_DATA):
    """Read an index; its on-disk lists (the file ``lists``) are found beside it, wherever its folder has moved."""
    import faiss

    path = Path(path)
    if not (path.parent / lists).exists():
        return faiss.read_index(str(path))
    with _c_stdout_to_devnull():
        return faiss.read_index(str(path), faiss.IO_FLAG_ONDISK_SAME_DIR)


def search(index, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Scores and ids of the ``k`` nearest chunks for each query row (ids -1 when fewer)."""
    k = max(1, min(k, index.ntotal)) if index.ntotal else 1
    q = np.ascontiguousarray(query.reshape(-1, query.shape[-1]), dtype=np.float32)
    if not index.ntotal:
        return np.zeros((len(q), 0), np.float32), np.zeros((len(q), 0), np.int64)
    return index.search(q, k)
