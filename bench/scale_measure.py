"""The scale benchmark's measurements of one size: FAISS types and BM25 built, sized, timed; memory peaks.

Each measurement runs in a fresh process (``_in_child``), so its memory
figures are its own.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np

from bench.scale_corpus import Material, chunk_texts, chunk_tokens, chunk_vectors, compose, recall_at

TOKENIZE_MAX = 100_000  # beyond this, tokenizing time is scaled from this many chunks
CANDIDATES = 50  # what the assistant asks each retriever for
MEMORY_MARGIN = 2.0  # build BM25 only if this many times its estimated memory is free


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


class PeakRSS:
    """Resident memory sampled in a thread while the block runs: its peak above the level at the start."""

    def __init__(self, every: float = 0.02):
        self.every, self.peak_mb, self._stop = every, 0.0, None

    def __enter__(self) -> PeakRSS:
        import threading

        self.start_mb = self._max = _rss_mb()
        self._stop = threading.Event()

        def poll():
            while not self._stop.wait(self.every):
                self._max = max(self._max, _rss_mb())

        self._thread = threading.Thread(target=poll, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._max = max(self._max, _rss_mb())
        self.peak_mb = self._max - self.start_mb


def _ms(samples: Sequence[float]) -> dict:
    a = np.asarray(samples) * 1000
    return {"query_ms_median": round(float(np.median(a)), 3), "query_ms_p95": round(float(np.percentile(a, 95)), 3)}


def _file_mb(write, suffix: str = "") -> float:
    with tempfile.TemporaryDirectory(prefix="qa-scale-") as tmp:
        path = Path(tmp) / f"x{suffix}"
        write(path)
        return sum(p.stat().st_size for p in Path(tmp).rglob("*") if p.is_file()) / 2**20


def faiss_at(n: int, mat: Material, qv: np.ndarray, seed: int = 0) -> dict:
    """Flat, HNSW and IVF-PQ over ``n`` synthetic vectors: build, size, memory, latency, recall@10 vs flat."""
    import faiss

    from index.vectors import build_faiss, choose_type, save_faiss, search
    from qa.pipeline.retrieve import sentence_dense

    picks, counts = compose(n, len(mat.texts), seed)
    t = time.perf_counter()
    vectors = chunk_vectors(picks, counts, mat.vectors)
    make_s = time.perf_counter() - t
    del picks, counts
    out: dict = {"n": n, "chosen": choose_type(n), "make_vectors_s": round(make_s, 1), "faiss": {}}
    truth = None
    for kind in ("flat", "hnsw", "ivfpq"):
        before = _rss_mb()
        t = time.perf_counter()
        with PeakRSS() as peak:
            index, _ = build_faiss(vectors, kind)
        build_s = time.perf_counter() - t
        memory = _rss_mb() - before
        disk = _file_mb(lambda p, ix=index: save_faiss(ix, p), ".faiss")
        found = search(index, qv, CANDIDATES)[1]
        if truth is None:
            truth = found
        lat = []
        for q in qv:
            t = time.perf_counter()
            search(index, q, CANDIDATES)
            lat.append(time.perf_counter() - t)
        row = {"build_s": round(build_s, 2), "memory_mb": round(memory, 1), "build_peak_mb": round(peak.peak_mb, 1),
               "disk_mb": round(disk, 1), **_ms(lat), "recall@10": round(recall_at(found, truth), 4)}
        if kind == "flat":  # the assistant leaves FAISS its default threads; on a busy machine one is faster
            threads = faiss.omp_get_max_threads()
            faiss.omp_set_num_threads(1)
            row["alt"] = _alt(index, qv, truth, "1 OpenMP thread")
            faiss.omp_set_num_threads(threads)
        elif kind == "hnsw":  # the cost of more recall: a wider search
            row["params"] = f" (M=32, efSearch={index.hnsw.efSearch})"
            index.hnsw.efSearch = 128
            row["alt"] = _alt(index, qv, truth, "efSearch=128")
        elif kind == "ivfpq":
            row["params"] = f" (nlist={index.nlist}, PQ64x8, nprobe={index.nprobe})"
            index.nprobe = 64
            row["alt"] = _alt(index, qv, truth, "nprobe=64")
        out["faiss"][kind] = row
        del index
    # the assistant also scans every sentence vector on each question (qa.pipeline.retrieve.sentence_dense):
    # timed over n rows here, then scaled to the seeds' sentences-per-chunk
    owner = np.arange(n, dtype=np.int64)
    lat = []
    for q in qv[:30]:
        t = time.perf_counter()
        sentence_dense(vectors, owner, q, CANDIDATES)
        lat.append((time.perf_counter() - t) * mat.per_chunk)
    out["sentence_dense"] = {**_ms(lat), "rows": int(round(n * mat.per_chunk)), "scaled_from_rows": n,
                             "memory_mb": round(n * mat.per_chunk * vectors.shape[1] * 4 / 2**20, 1)}
    out["faiss_threads"] = faiss.omp_get_max_threads()
    return out


def _alt(index, qv, truth, label: str) -> dict:
    from index.vectors import search

    found = search(index, qv, CANDIDATES)[1]
    lat = []
    for q in qv:
        t = time.perf_counter()
        search(index, q, CANDIDATES)
        lat.append(time.perf_counter() - t)
    return {"setting": label, **_ms(lat), "recall@10": round(recall_at(found, truth), 4)}


def bm25_at(n: int, mat: Material, zh_questions: list[str], estimate_mb: float | None, seed: int = 0) -> dict:
    """The project's BM25 field over ``n`` synthetic chunks: tokenize, build, size, memory, query time."""
    import psutil
    from scipy import sparse

    from index.bm25 import BM25Field
    from index.lexical import build_field, write_field
    from index.tokenize import tokenize
    from qa.pipeline.retrieve import lexical

    picks, counts = compose(n, len(mat.texts), seed)
    m = min(n, TOKENIZE_MAX)
    texts = chunk_texts(picks[:m], counts[:m], mat.texts)
    tokenize("预热")
    t = time.perf_counter()
    real = [tokenize(x) for x in texts]
    tokenize_s = (time.perf_counter() - t) * n / m
    chars = sum(len(x) for x in texts) * n / m
    del texts
    free_mb = psutil.virtual_memory().available / 2**20
    measured = estimate_mb is None or free_mb > MEMORY_MARGIN * estimate_mb
    if m == n:
        docs = real
    else:
        del real
        docs = chunk_tokens(picks if measured else picks[:TOKENIZE_MAX], counts, mat.tokens)
    del picks, counts
    before = _rss_mb()
    t = time.perf_counter()
    with PeakRSS() as peak:
        field = build_field(docs)
    build_s = time.perf_counter() - t
    build_peak = peak.peak_mb
    memory = _rss_mb() - before
    n_tokens = sum(len(d) for d in docs)
    disk = _file_mb(lambda p, docs=docs: write_field(docs, p.parent, "lexical-zh"))
    del docs
    if not measured:  # too big for the free memory: the field of TOKENIZE_MAX chunks, tiled, for query time
        reps = n // field.n_docs
        field = BM25Field(field.vocab, field.idf, sparse.vstack([field.matrix] * reps, format="csc"))
    bags = [tokenize(q) for q in zh_questions]
    lat = []
    for _ in range(3):
        for bag in bags:
            t = time.perf_counter()
            lexical(field, bag, CANDIDATES)
            lat.append(time.perf_counter() - t)
    return {
        "tokenize_s": round(tokenize_s, 1), "tokenize_measured": m == n, "chars": int(chars),
        "build_s": round(build_s, 2), "build_peak_mb": round(build_peak, 1), "memory_mb": round(memory, 1),
        "disk_mb": round(disk, 1), "build_measured": measured, "built_chunks": n if measured else TOKENIZE_MAX,
        "tokens": int(n_tokens), "vocabulary": len(field.vocab), "postings": int(field.matrix.nnz),
        "free_mb_at_start": round(free_mb), **_ms(lat),
    }


def _in_child(fn, *args):
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()
