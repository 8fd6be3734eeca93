"""Where the time of one answer goes: each stage of the assistant timed on its own.

The stages are the steps of ``qa.pipeline`` called in the order ``ask`` calls
them, with the same settings, so their sum is close to the end-to-end time
(measured separately, as a user would see it). The floor this design cannot
go below is embedding the question; the ratio of the whole answer to it says
how much the rest costs.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass

from index.engines.base import ById
from index.text.script import detect_lang
from qa.pipeline import confidence, fuse, passages, rerank, retrieve
from qa.pipeline.analyse import analyse_question

# (key, label) in pipeline order; their sum is the answer's time
STAGES = (
    ("analyse", "question analysis (language, translation, jieba tokens, question type)"),
    ("embed", "embedding the question"),
    ("faiss", "dense search (chunk vectors)"),
    ("sentence_dense", "sentence-vector search (exact below index.vectors.FLAT_MAX sentences, ANN above)"),
    ("bm25", "BM25 (Chinese field, plus English gloss field for English questions)"),
    ("fuse", "fusion (weighted sum, neighbour smoothing)"),
    ("rerank", "second stage: best sentence of each of the top candidates"),
    ("highlight", "highlighting the shown passages (sentence, answer span, terms)"),
    ("confidence", "answerable? (calibrated confidence)"),
)
# parts of "analyse", timed on their own as well
PARTS = (
    ("detect", "language detection"),
    ("translate", "translation (English questions: dictionary, pinyin, corpus pairs)"),
)


@dataclass(frozen=True)
class StageReport:
    k: int
    questions: int
    repeats: int
    median_ms: dict[str, dict[str, float]]  # group ("all", "zh", "en") -> stage -> median ms
    total_ms: dict[str, float]  # group -> median end-to-end ms of ask()
    ratio: dict[str, float]  # group -> median end-to-end / median embedding
    typical: dict  # the question whose end-to-end time is the median, with its stages

    def to_dict(self) -> dict:
        return {
            "k": self.k, "questions": self.questions, "repeats": self.repeats,
            "stages": [{"key": key, "label": label} for key, label in STAGES],
            "parts_of_analyse": [{"key": key, "label": label} for key, label in PARTS],
            "median_ms": self.median_ms, "total_ms": self.total_ms, "ratio_to_embedding": self.ratio,
            "typical_question": self.typical,
        }


def _timed(fn, *args):
    t = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t


def time_stages(assistant, question: str, k: int) -> dict[str, float]:
    """Seconds per stage for one question (the pipeline's steps, called as ``ask`` calls them)."""
    a = assistant
    index, texts, settings = a.index, a.texts, a.settings
    n = settings.candidates
    t: dict[str, float] = {}
    lang, t["detect"] = _timed(detect_lang, question)
    tr = a.translator
    if lang in ("en", "mixed") and tr is not None:
        _, t["translate"] = _timed(tr.translate, question)
    else:
        t["translate"] = 0.0
    query, t["analyse"] = _timed(analyse_question, question, tr.translate)
    qvecs, t["embed"] = _timed(a.embedder.encode, [question])
    qvec = qvecs[0]
    dense, t["faiss"] = _timed(index.dense_chunks, qvec, n)
    sentence, t["sentence_dense"] = _timed(retrieve.best_sentences, index, qvec, n)
    start = time.perf_counter()
    zh_field, en_field = index.lexical("zh"), index.lexical("en")
    zh = zh_field.top(query.zh_terms, n)
    gloss = (en_field.top(list(query.en_terms), n) if en_field is not None else {}) if query.en_terms else None
    t["bm25"] = time.perf_counter() - start
    runs = retrieve.Runs(zh=zh, dense=dense, sentence=sentence, gloss=gloss)
    start = time.perf_counter()
    index.prefetch(sorted({cid for run in runs.as_dict().values() for cid in run}), sentences=False)
    fused = fuse.fuse(runs, settings.weights_for(query.lang), ById(index.neighbours), settings.neighbour)
    t["fuse"] = time.perf_counter() - start
    start = time.perf_counter()
    index.prefetch([cid for cid, _ in fused[: max(k, settings.rerank)]])
    ranked = rerank.rerank(query, qvec, fused, k, index, texts, settings)
    t["rerank"] = time.perf_counter() - start
    start = time.perf_counter()
    [passages.passage(rank, r, query, index, texts) for rank, r in enumerate(ranked, start=1)]
    t["highlight"] = time.perf_counter() - start
    _, t["confidence"] = _timed(confidence.answer_confidence, query, qvec, ranked, index, settings)
    return t


def breakdown(assistant, rows: Sequence, k: int = 5, repeats: int = 3) -> StageReport:
    """Median over questions of the per-question median over ``repeats`` runs, per language and overall."""
    per_q: list[tuple[object, dict[str, float], float]] = []
    for row in rows:
        samples: dict[str, list[float]] = {}
        totals = []
        for _ in range(repeats):
            for key, v in time_stages(assistant, row.question, k).items():
                samples.setdefault(key, []).append(v)
            _, total = _timed(assistant.ask, row.question, k)
            totals.append(total)
        per_q.append((row, {key: statistics.median(v) for key, v in samples.items()}, statistics.median(totals)))

    groups = {"all": per_q, **{lang: [p for p in per_q if p[0].lang == lang] for lang in ("zh", "en")}}
    median_ms, total_ms, ratio = {}, {}, {}
    for g, items in groups.items():
        if not items:
            continue
        median_ms[g] = {key: round(1000 * statistics.median(s[key] for _, s, _ in items), 3)
                        for key, _ in (*STAGES, *PARTS)}
        total_ms[g] = round(1000 * statistics.median(total for _, _, total in items), 3)
        ratio[g] = round(total_ms[g] / median_ms[g]["embed"], 2) if median_ms[g]["embed"] else None
    ordered = sorted(per_q, key=lambda p: p[2])
    row, stages, total = ordered[len(ordered) // 2]
    typical = {"id": row.id, "lang": row.lang, "question": row.question, "total_ms": round(1000 * total, 3),
               "stages_ms": {key: round(1000 * v, 3) for key, v in stages.items()},
               "ratio_to_embedding": round(total / stages["embed"], 2) if stages["embed"] else None}
    return StageReport(k, len(per_q), repeats, median_ms, total_ms, ratio, typical)
