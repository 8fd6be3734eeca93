"""Where the time of one answer goes: each stage of the assistant timed on its own.

    python bench/stages.py                  # the seeds built into a temporary folder, 56 questions, k=5
    python bench/stages.py --index DIR      # an index already built
    python bench/stages.py --all --rounds 3 # every dev, dev_translated and holdout question, three rounds

The stages are the steps of ``qa.pipeline`` called in the order ``Assistant.ask`` calls them, with the
same settings, so their sum is close to the end-to-end time (measured separately, as a user would see
it). The floor this design cannot go below is embedding the question; the ratio of the whole answer to
it says how much the rest costs. Other programs on the machine slow both down, and not alike: the load
average is printed with every number (issue 15 asks for the ratio on a quiet machine).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from index.engines.base import ById  # noqa: E402
from index.text.script import detect_lang  # noqa: E402
from qa.pipeline import confidence, fuse, passages, rerank, retrieve, sections  # noqa: E402
from qa.pipeline.analyse import analyse_question  # noqa: E402

# (key, label) in pipeline order; their sum is the answer's time
STAGES = (
    ("analyse", "question analysis (language, translation, jieba tokens, question type)"),
    ("embed", "embedding the question"),
    ("faiss", "dense search (chunk vectors)"),
    ("sentence_dense", "sentence-vector search (exact below index.vectors.FLAT_MAX sentences, ANN above)"),
    ("bm25", "BM25 (Chinese field, plus English gloss field for English questions)"),
    ("fuse", "fusion (weighted sum, neighbour smoothing, back-matter sections)"),
    ("rerank", "second stage: best sentence of each of the top candidates"),
    ("highlight", "highlighting the shown passages (sentence, answer span, terms)"),
    ("confidence", "answerable? (calibrated confidence of the answer and of each passage)"),
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
    p95_ms: dict[str, dict[str, float]] | None = None  # group -> stage -> p95 over the questions
    total_p95_ms: dict[str, float] | None = None  # group -> p95 end-to-end ms
    ratio_per_question: dict[str, dict[str, float]] | None = None  # group -> median / p95 of total / embedding
    load_average: tuple[float, float] | None = None  # the 1-minute load average before and after

    def to_dict(self) -> dict:
        return {
            "k": self.k, "questions": self.questions, "repeats": self.repeats,
            "stages": [{"key": key, "label": label} for key, label in STAGES],
            "parts_of_analyse": [{"key": key, "label": label} for key, label in PARTS],
            "median_ms": self.median_ms, "total_ms": self.total_ms, "ratio_to_embedding": self.ratio,
            "typical_question": self.typical,
            "p95_ms": self.p95_ms, "total_p95_ms": self.total_p95_ms,
            "ratio_per_question": self.ratio_per_question,
            "load_average": list(self.load_average) if self.load_average else None,
        }


def _timed(fn, *args):
    t = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t


def p95(values: Sequence[float]) -> float:
    """The 95th percentile, nearest rank below (as bench/quality.py reports it)."""
    ordered = sorted(values)
    return ordered[int(0.95 * (len(ordered) - 1))]


def time_stages(assistant, question: str, k: int) -> dict[str, float]:
    """Seconds per stage for one question (the pipeline's steps, called as ``Assistant.ask`` calls them)."""
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
    query, t["analyse"] = _timed(analyse_question, question, tr.translate, a._english)
    qvecs, t["embed"] = _timed(a.embedder.encode, [question])
    qvec = qvecs[0]
    dense, t["faiss"] = _timed(index.dense_chunks, qvec, n)
    sentence, t["sentence_dense"] = _timed(retrieve.best_sentences, index, qvec, n)
    start = time.perf_counter()
    zh_field, en_field = index.lexical("zh"), index.lexical("en")
    english = a.languages.english if a.languages.has_english else None
    zh = zh_field.top(query.zh_terms, n) if zh_field is not None else {}
    gloss = (en_field.top(list(query.en_terms), n) if en_field is not None else {}) if query.en_terms else None
    xgloss = None
    if query.xterms and english is not None and english.any():
        xgloss = en_field.top(query.xterms, n, among=english) if en_field is not None else {}
    t["bm25"] = time.perf_counter() - start
    runs = retrieve.Runs(zh=zh, dense=dense, sentence=sentence, gloss=gloss, xgloss=xgloss)
    start = time.perf_counter()
    index.prefetch(sorted({cid for run in runs.as_dict().values() for cid in run}), sentences=False)
    full = a._full_match(query) if a.languages.bilingual else None
    fused = fuse.fuse(runs, settings.weights_for(query.lang), ById(index.neighbours), settings.neighbour, full)
    fused = sections.demote_back_matter(fused, lambda cid: index.chunk(cid).heading, settings.back_matter,
                                        settings.rerank)
    t["fuse"] = time.perf_counter() - start
    start = time.perf_counter()
    index.prefetch([cid for cid, _ in fused[: max(k, settings.rerank)]])
    ranked = rerank.rerank(query, qvec, fused, k, index, texts, settings)
    t["rerank"] = time.perf_counter() - start
    start = time.perf_counter()
    [passages.passage(rank, r, query, index, texts) for rank, r in enumerate(ranked, start=1)]
    t["highlight"] = time.perf_counter() - start
    start = time.perf_counter()
    confidence.answer_confidence(query, qvec, ranked, index, settings)
    confidence.passage_confidences(query, qvec, ranked, index, settings)
    t["confidence"] = time.perf_counter() - start
    return t


def breakdown(assistant, rows: Sequence, k: int = 5, repeats: int = 3) -> StageReport:
    """Median over questions of the per-question median over ``repeats`` runs, per language and overall;
    with the 95th percentiles over the questions and the load average before and after."""
    load_before = os.getloadavg()[0]
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
    median_ms, total_ms, ratio, p95_ms, total_p95, per_question = {}, {}, {}, {}, {}, {}
    keys = [key for key, _ in (*STAGES, *PARTS)]
    for g, items in groups.items():
        if not items:
            continue
        median_ms[g] = {key: round(1000 * statistics.median(s[key] for _, s, _ in items), 3) for key in keys}
        p95_ms[g] = {key: round(1000 * p95([s[key] for _, s, _ in items]), 3) for key in keys}
        total_ms[g] = round(1000 * statistics.median(total for _, _, total in items), 3)
        total_p95[g] = round(1000 * p95([total for _, _, total in items]), 3)
        ratio[g] = round(total_ms[g] / median_ms[g]["embed"], 2) if median_ms[g]["embed"] else None
        each = [total / s["embed"] for _, s, total in items if s["embed"]]
        per_question[g] = {"median": round(statistics.median(each), 2), "p95": round(p95(each), 2)} if each else {}
    ordered = sorted(per_q, key=lambda p: p[2])
    row, stages, total = ordered[len(ordered) // 2]
    typical = {"id": row.id, "lang": row.lang, "question": row.question, "total_ms": round(1000 * total, 3),
               "stages_ms": {key: round(1000 * v, 3) for key, v in stages.items()},
               "ratio_to_embedding": round(total / stages["embed"], 2) if stages["embed"] else None}
    return StageReport(k, len(per_q), repeats, median_ms, total_ms, ratio, typical, p95_ms, total_p95,
                       per_question, (round(load_before, 2), round(os.getloadavg()[0], 2)))


def table(report: StageReport, group: str = "all") -> str:
    """The report as text: median and p95 of each stage, the whole answer and its ratio to embedding."""
    med, hi = report.median_ms[group], (report.p95_ms or {}).get(group, {})
    lines = [f"{'stage':<16}{'median ms':>11}{'p95 ms':>9}"]
    for key, _ in (*STAGES, *PARTS):
        lines.append(f"{key:<16}{med[key]:>11.3f}{hi.get(key, float('nan')):>9.3f}")
    total_p95 = (report.total_p95_ms or {}).get(group, float("nan"))
    lines.append(f"{'whole answer':<16}{report.total_ms[group]:>11.3f}{total_p95:>9.3f}")
    each = (report.ratio_per_question or {}).get(group, {})
    lines.append(f"ratio to embedding: {report.ratio[group]} (median answer / median embedding); per question "
                 f"median {each.get('median')}, p95 {each.get('p95')}")
    load = report.load_average or (float("nan"), float("nan"))
    lines.append(f"{report.questions} questions x {report.repeats} repeats, k={report.k}; load average "
                 f"{load[0]:.2f} -> {load[1]:.2f} on {os.cpu_count()} cores")
    return "\n".join(lines)


def _rows(everything: bool) -> list:
    from bench import qsets

    if not everything:  # what bench/run.py times: the answerable dev questions and their translations
        return [r for r in qsets.parity_set().rows if r.gold_answerable]
    data = ROOT / "bench" / "data"
    return [r for name in ("dev", "dev_translated", "holdout") for r in qsets.read_rows(data / f"{name}.jsonl")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench/stages.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", default=None, help="an index folder (default: the seeds, built into a temporary one)")
    ap.add_argument("-k", type=int, default=5, help="passages shown (default 5, as `qa ask`)")
    ap.add_argument("--repeats", type=int, default=3, help="runs of each question; its median counts (default 3)")
    ap.add_argument("--rounds", type=int, default=1, help="the whole measurement this many times (default 1)")
    ap.add_argument("--all", action="store_true",
                    help="every dev, dev_translated and holdout question (default: the 56 answerable parity ones)")
    ap.add_argument("--json", default=None, help="also write the last round's report here")
    args = ap.parse_args(argv)

    from qa.pipeline.assistant import Assistant

    with tempfile.TemporaryDirectory(prefix="qa-stages-") as tmp:
        index_dir = args.index
        if index_dir is None:
            from index.build import build
            from index.embed import load_embedder

            index_dir = str(Path(tmp) / "index")
            build(ROOT / "seeds", Path(index_dir), embedder=load_embedder(None))
        assistant = Assistant.load(index_dir)
        assistant.warm_up()
        rows = _rows(args.all)
        report = None
        for i in range(args.rounds):
            report = breakdown(assistant, rows, k=args.k, repeats=args.repeats)
            print(f"round {i + 1} of {args.rounds}\n{table(report)}\n", flush=True)
        if args.json and report is not None:
            import json

            Path(args.json).write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n",
                                       encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
