"""Build one system and answer every question set with it, in a process of its own.

Each system runs in a fresh process so its peak memory is its own; what
comes back is the judged answers, the time of every question, the build
time and the memory. The embedding model is loaded before the build clock
starts, for the assistant and the dense baselines alike.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qa.eval.metrics import Judged, judge

SYSTEMS = ("assistant", "rank_bm25", "bm25s", "dense", "rrf")
LABELS = {
    "assistant": "this assistant (full pipeline)",
    "rank_bm25": "BM25 over jieba tokens (rank_bm25 BM25Okapi)",
    "bm25s": "BM25 over jieba tokens (bm25s, Lucene)",
    "dense": "dense only (same model, FAISS flat)",
    "rrf": "naive RRF (k=60) of bm25s + dense",
}
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@dataclass
class Measured:
    system: str
    build_seconds: float
    index_mb: float  # resident memory the built index added (MB)
    peak_rss_mb: float  # peak resident memory of the whole process: Python, model, index, answering
    disk_mb: float | None  # index folder size, for the system that writes one
    judged: dict[str, list[Judged]]  # question set -> judged answers, in the set's order
    seconds: dict[str, list[float]]  # question set -> seconds per question, same order
    stages: dict | None = None
    extra: dict = field(default_factory=dict)


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20


def _answer_sets(answer_fn, sets: Sequence, k: int) -> tuple[dict, dict]:
    judged, seconds = {}, {}
    for qs in sets:
        judged[qs.name], seconds[qs.name] = [], []
        for row in qs.rows:
            t = time.perf_counter()
            ans = answer_fn(row.question)
            seconds[qs.name].append(time.perf_counter() - t)
            judged[qs.name].append(judge(row, ans, k))
    return judged, seconds


def measure(system: str, index_dir: str, sets: Sequence, k: int = 10, stage_rows: Sequence = (),
            stage_k: int = 5) -> Measured:
    """Build ``system`` and answer ``sets``; the assistant builds its index into ``index_dir``.

    The baselines index the chunks of the index in ``index_dir`` (so it must
    have been built first): every system sees the same chunks.
    """
    if system not in SYSTEMS:
        raise ValueError(f"unknown system {system!r}; choose from {', '.join(repr(s) for s in SYSTEMS)}")
    embedder = None
    if system in ("assistant", "dense", "rrf"):
        from index.embed import load_embedder

        embedder = load_embedder(None)
        embedder.encode(["预热 warm up"])
    if system == "assistant":
        return _measure_assistant(index_dir, embedder, sets, k, stage_rows, stage_k)

    from bench import baselines

    corpus = baselines.load_corpus(index_dir)
    tokenizer = baselines.baseline_tokenizer()
    tokenizer("预热")  # jieba loads its dictionary on first use: not part of building the index
    before = _rss_mb()
    t = time.perf_counter()
    if system == "rank_bm25":
        retriever = baselines.RankBM25(corpus.texts, tokenizer)
    elif system == "bm25s":
        retriever = baselines.BM25S(corpus.texts, tokenizer)
    elif system == "dense":
        retriever = baselines.Dense(corpus.texts, embedder)
    else:
        lexical = baselines.BM25S(corpus.texts, tokenizer)
        retriever = baselines.NaiveRRF(lexical, baselines.Dense(corpus.texts, embedder))
    build_seconds = time.perf_counter() - t
    index_mb = _rss_mb() - before

    def answer_fn(q: str):
        return baselines.answer(corpus, retriever, tokenizer, q, k)

    for q in ("量子通信干线有哪些?", "Who founded the company in 2018?"):
        answer_fn(q)
    judged, seconds = _answer_sets(answer_fn, sets, k)
    return Measured(system, build_seconds, index_mb, _peak_mb(), None, judged, seconds)


def _measure_assistant(index_dir: str, embedder, sets, k, stage_rows, stage_k) -> Measured:
    from bench.stages import breakdown
    from index.build import build
    from qa.pipeline.assistant import Assistant

    before = _rss_mb()
    report = build(SEEDS, Path(index_dir), embedder=embedder)
    assistant = Assistant.load(index_dir, embedder=embedder)
    assistant.warm_up()
    index_mb = _rss_mb() - before
    judged, seconds = _answer_sets(lambda q: assistant.ask(q, k=k), sets, k)
    stages = None
    if stage_rows:  # at the k of `qa ask` (what a person sees), and at the k of this benchmark
        stages = {"default_k": breakdown(assistant, stage_rows, k=stage_k).to_dict(),
                  "bench_k": breakdown(assistant, stage_rows, k=k, repeats=1).to_dict()}
    extra = {"chunks": report.chunks, "documents": report.documents, "faiss_type": report.faiss_type,
             "sentences": len(assistant.data.sentences)}
    folder = Path(index_dir) / "current"
    return Measured("assistant", report.seconds, index_mb, _peak_mb(), _folder_mb(folder.resolve()), judged,
                    seconds, stages, extra)
