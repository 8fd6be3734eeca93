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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.scale_corpus import N_QUERIES, NOISE, Material, chunk_texts, compose, material, queries  # noqa: E402
from bench.scale_measure import CANDIDATES, TOKENIZE_MAX, _in_child, bm25_at, faiss_at  # noqa: E402

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
