"""Scale: synthetic corpora of 10k, 100k and 1M chunks, made from the seed articles.

A synthetic chunk is 2 or 3 sentences of the seeds drawn at random and
joined (2.2 on average, as in the seeds' own chunks). Its text goes through
the real tokenizer and the project's BM25 builder. Its vector is the
normalised mean of those sentences' real vectors plus Gaussian noise: the
model is not run on the new text (embedding 1M chunks with it would take
hours on two cores; the hours are measured and reported instead). Query
vectors are the real vectors of the dev questions and their translations,
plus noisy sentence vectors.

For each size: FAISS flat, HNSW and IVF-PQ with the project's settings
(``index.vectors.build_faiss``), with the type ``choose_type`` picks marked,
and the recall@10 each costs against flat search; BM25 tokenize and build
time, size, memory, query time; the brute-force scan over sentence vectors
the assistant does on every question; and an estimate of the whole answer.
Every size runs in fresh processes, so memory figures are its own.

Then the whole answer at scale (``bench/scale_index.py``): a synthetic corpus
of each of ``--index-sizes`` chunks built by ``qa build``'s own code, opened as
``qa ask`` opens it (the index's resident memory) and asked the dev,
translated and held-out questions (p50/p95), and in Milvus Lite for
``--milvus-sizes``.

    python bench/scale.py --sizes 10000,100000,1000000    # ~20 min on 2 cores, plus the builds:
                                                          # 100k ~8 min, 1M ~1 h

The results are merged into ``--out``/scale.json (``bench/scale_results.py``):
the sizes not run keep the rows of an earlier run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TOKENIZE_MAX = 100_000  # beyond this, tokenizing time is scaled from this many chunks
NOISE = 0.3  # norm of the noise added to a chunk vector (the sentence mean has norm ~0.7-0.9)
N_QUERIES = 100
CANDIDATES = 50  # what the assistant asks each retriever for
MEMORY_MARGIN = 2.0  # build BM25 only if this many times its estimated memory is free


@dataclass(frozen=True)
class Material:
    """The seed sentences every synthetic chunk is made of."""

    texts: list[str]
    tokens: list[list[str]]  # the real tokenizer on each sentence
    vectors: np.ndarray  # (n_sentences, dim), unit rows
    per_chunk: float  # sentences per chunk in the seeds' own index


def material(index_dir: Path | str) -> Material:
    from index import record_rows, store
    from index.tokenize import tokenize

    folder = store.current_dir(Path(index_dir)).resolve()
    rows = record_rows.read_sentences(folder)
    vectors = record_rows.load_embeddings(folder, "sentences.npy")
    n_chunks = len(record_rows.read_chunks(folder))
    texts = [r.text for r in rows]
    return Material(texts, [tokenize(t) for t in texts], np.asarray(vectors, np.float32), len(rows) / n_chunks)


# ---------------------------------------------------------------- making the corpus (pure)


def compose(n: int, n_sentences: int, seed: int = 0, third: float = 0.2) -> tuple[np.ndarray, np.ndarray]:
    """For each of ``n`` chunks, three sentence ids and how many of them it uses (2, or 3 with p=``third``)."""
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, n_sentences, size=(n, 3), dtype=np.int32)
    counts = np.where(rng.random(n) < third, 3, 2).astype(np.int8)
    return picks, counts


def chunk_vectors(picks: np.ndarray, counts: np.ndarray, vectors: np.ndarray, noise: float = NOISE,
                  seed: int = 1, block: int = 65_536) -> np.ndarray:
    """Unit vectors: the mean of each chunk's sentence vectors, plus noise of norm ~``noise``."""
    n, dim = len(picks), vectors.shape[1]
    out = np.empty((n, dim), dtype=np.float32)
    rng = np.random.default_rng(seed)
    sigma = np.float32(noise / np.sqrt(dim))
    for s in range(0, n, block):
        p, c = picks[s : s + block], counts[s : s + block]
        v = vectors[p[:, 0]] + vectors[p[:, 1]] + vectors[p[:, 2]] * (c == 3)[:, None]
        v /= c[:, None]
        v += rng.standard_normal(v.shape, dtype=np.float32) * sigma
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        out[s : s + len(p)] = v
    return out


def chunk_texts(picks: np.ndarray, counts: np.ndarray, texts: Sequence[str]) -> list[str]:
    return ["".join(texts[i] for i in p[:c]) for p, c in zip(picks.tolist(), counts.tolist())]


def chunk_tokens(picks: np.ndarray, counts: np.ndarray, tokens: Sequence[list[str]]) -> list[list[str]]:
    out = []
    for p, c in zip(picks.tolist(), counts.tolist()):
        t: list[str] = []
        for i in p[:c]:
            t += tokens[i]
        out.append(t)
    return out


def recall_at(found: np.ndarray, truth: np.ndarray, k: int = 10) -> float:
    """Mean share of the true top ``k`` found in the first ``k`` results, per query row."""
    return float(np.mean([len(set(f[:k]) & set(t[:k])) / k for f, t in zip(found, truth)]))


def queries(question_vectors: np.ndarray, vectors: np.ndarray, n: int = N_QUERIES, seed: int = 2) -> np.ndarray:
    """The real question vectors, topped up to ``n`` with noisy sentence vectors."""
    rng = np.random.default_rng(seed)
    extra = max(0, n - len(question_vectors))
    q = vectors[rng.integers(0, len(vectors), size=extra)] + rng.standard_normal(
        (extra, vectors.shape[1]), dtype=np.float32) * np.float32(NOISE / np.sqrt(vectors.shape[1]))
    q = np.vstack([question_vectors[:n], q]).astype(np.float32)
    return q / np.linalg.norm(q, axis=1, keepdims=True)


# ---------------------------------------------------------------- measuring (each in its own process)


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


# ---------------------------------------------------------------- the whole scale run


def embedding_rate(mat: Material, embedder, n: int = 256) -> dict:
    """Chunks and sentences per second with the real model, to say how long embedding a big corpus takes."""
    picks, counts = compose(n, len(mat.texts), seed=9)
    chunks = chunk_texts(picks, counts, mat.texts)
    sents = [mat.texts[i] for i in picks[:, 0]]
    embedder.encode(chunks[:8])
    t = time.perf_counter()
    embedder.encode(chunks)
    c_rate = n / (time.perf_counter() - t)
    t = time.perf_counter()
    embedder.encode(sents)
    s_rate = n / (time.perf_counter() - t)
    return {"chunks_per_s": round(c_rate, 1), "sentences_per_s": round(s_rate, 1)}


def _fixed_ms(stages: dict | None) -> float | None:
    """The part of an answer that does not grow with the corpus, from the seeds' stage breakdown."""
    if not stages:
        return None
    med = stages["default_k"]["median_ms"]["all"]
    return sum(med[k] for k in ("analyse", "embed", "fuse", "rerank", "highlight", "confidence"))


def run(index_dir: Path | str, sizes: Sequence[int], stages: dict | None = None, quiet: bool = False,
        index_sizes: Sequence[int] = (), milvus_sizes: Sequence[int] = (), work: Path | None = None) -> dict:
    from bench import qsets
    from index.embed import load_embedder

    mat = material(index_dir)
    embedder = load_embedder(None)
    parity = qsets.parity_set()
    qv = queries(embedder.encode([r.question for r in parity.rows]), mat.vectors)
    zh_questions = [r.question for r in parity.rows if r.lang == "zh"]
    rate = embedding_rate(mat, embedder)
    del embedder
    fixed = _fixed_ms(stages)
    rows = []
    per_chunk_mb = None
    for n in sorted(sizes):
        if not quiet:
            print(f"bench scale: {n:,} chunks: BM25…", file=sys.stderr, flush=True)
        estimate = None if per_chunk_mb is None else per_chunk_mb * n
        bm = _in_child(bm25_at, n, mat, zh_questions, estimate)
        if bm["build_measured"]:
            per_chunk_mb = (bm["build_peak_mb"] + bm["memory_mb"]) / n
        else:  # build figures scaled linearly from the largest measured size
            last = next(r["bm25"] for r in reversed(rows) if r["bm25"]["build_measured"])
            f = n / last["built_chunks"]
            bm.update(build_s=round(last["build_s"] * f, 1), build_peak_mb=round(last["build_peak_mb"] * f),
                      memory_mb=round(last["memory_mb"] * f), disk_mb=round(last["disk_mb"] * f))
        if not quiet:
            print(f"bench scale: {n:,} chunks: FAISS flat, HNSW, IVF-PQ…", file=sys.stderr, flush=True)
        row = _in_child(faiss_at, n, mat, qv)
        row["bm25"] = bm
        chosen = row["faiss"][row["chosen"]]["query_ms_median"]
        row["answer_ms_estimate"] = None if fixed is None else round(
            fixed + chosen + bm["query_ms_median"] + row["sentence_dense"]["query_ms_median"], 2)
        rows.append(row)
    hours = {str(n): round((n / rate["chunks_per_s"] + n * mat.per_chunk / rate["sentences_per_s"]) / 3600, 2)
             for n in sorted(set(sizes) | {1_000_000})}
    opened = []
    if index_sizes or milvus_sizes:
        from bench import scale_index

        with tempfile.TemporaryDirectory(prefix="qa-scale-index-") as tmp:
            folder = Path(work) if work is not None else Path(tmp)  # a given work folder is kept, its builds reused
            folder.mkdir(parents=True, exist_ok=True)
            for n in sorted(set(index_sizes) | set(milvus_sizes)):
                engines = tuple(e for e, chosen in (("faiss", index_sizes), ("milvus", milvus_sizes)) if n in chosen)
                opened += scale_index.run(mat, [n], folder, engines, keep=work is not None, quiet=quiet)
    return {
        "method": {
            "chunks": "2 or 3 random seed sentences joined (2.2 on average, as in the seeds' chunks)",
            "vectors": f"normalised mean of the sentences' real vectors + Gaussian noise of norm {NOISE}",
            "queries": f"{N_QUERIES} ({min(N_QUERIES, len(parity.rows))} real question vectors, the rest noisy "
                       "sentence vectors)",
            "tokenize": f"real tokenizer on up to {TOKENIZE_MAX:,} chunks; above that, time scaled linearly and "
                        "tokens composed from the sentences' tokens",
            "bm25_query": f"{len(zh_questions)} Chinese questions x 3, top {CANDIDATES}",
            "answer_estimate": "seeds' per-question fixed cost (analysis, embedding, fusion, second stage, "
                               "highlighting, confidence) + FAISS (chosen type) + BM25 + sentence scan",
            "fixed_ms": fixed,
            "sentences_per_chunk": round(mat.per_chunk, 3),
            "opened": "bench/scale_index.py: corpora built by index.build (numbered seed sentences, vectors from "
                      "the seed sentences' real ones plus noise), opened as qa ask opens them, the dev, translated "
                      "and held-out questions asked twice; qa bench --scale runs every size and engine asked for "
                      "and merges its rows into scale.json (--scale-work DIR keeps the builds and reuses them)",
        },
        "embedding": {**rate, "hours_for": hours},
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "rows": rows,
        "opened": opened,
    }


def parse_sizes(text: str) -> list[int]:
    return [int(s) for s in text.split(",") if s.strip()]


def main(argv: list[str] | None = None) -> int:
    from bench.scale_results import measure_into, print_tables

    ap = argparse.ArgumentParser(prog="bench/scale.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--index-sizes", default="10000,100000,1000000", help="built, opened and asked end to end")
    ap.add_argument("--milvus-sizes", default="10000", help="the same, in Milvus Lite")
    ap.add_argument("--index", help="a built index of the seeds (default: build one in a temporary folder)")
    ap.add_argument("--work", help="keep the corpora and builds here and reuse them (default: a temporary folder)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results"))
    args = ap.parse_args(argv)
    print_tables(measure_into(Path(args.out), parse_sizes(args.sizes), parse_sizes(args.index_sizes),
                              parse_sizes(args.milvus_sizes), index_dir=args.index, work=args.work))
    return 0


if __name__ == "__main__":
    sys.exit(main())
