"""Batch evaluation: answer a file of questions, score them against gold fields, write a run folder.

The answering function is a parameter (``answer_fn(questions) -> answers``),
so tests use a fake and only the CLI loads the real assistant. It receives
question texts only: gold fields are used for scoring, never for answering.
A run folder holds plain files (``results.jsonl``, ``results.csv``,
``metrics.json``, ``report.html``) and can be re-scored or compared later
without the model.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from qa.errors import BadQuestion, QAError
from qa.metrics import Delta, Judged, MetricTable, breakdown, default_metrics, get_metric, hit_curve, judge
from qa.metrics.bootstrap import N_RESAMPLES, paired_bootstrap
from qa.metrics.mrr import reciprocal_rank
from qa.metrics.registry import groups
from qa.questions import QuestionFile, QuestionRow, RowProblem, detect_lang
from qa.records import Answer, Highlight, Passage

AnswerFn = Callable[[list[str]], list[Answer]]

RESULTS_JSONL = "results.jsonl"
RESULTS_CSV = "results.csv"
METRICS_JSON = "metrics.json"
REPORT_HTML = "report.html"
COMPARE_JSON = "compare.json"

# Why a question failed: code -> (Chinese, English) for people.
REASONS = {
    "miss": ("前{n}段中没有答案", "answer not in the top {n} passages"),
    "false_unanswerable": ("误判为无法回答", "called unanswerable, but it is answerable"),
    "false_answerable": ("应判为无法回答", "answered, but it should be unanswerable"),
    "error": ("无法提问", "could not be asked"),
}


@dataclass(frozen=True)
class QuestionResult:
    row: QuestionRow
    answer: Answer
    judged: Judged
    reasons: tuple[str, ...] = ()  # codes of REASONS; empty when it passed or has no gold
    error: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.reasons)


@dataclass(frozen=True)
class EvalRun:
    results: tuple[QuestionResult, ...]
    k: int
    names: tuple[str, ...]
    table: MetricTable
    curves: dict[str, list[float | None]]  # group -> hit@1..hit@k
    problems: tuple[RowProblem, ...] = ()
    source: str = ""
    seconds: float = 0.0

    @property
    def miss_cutoff(self) -> int:
        return miss_cutoff(self.k)

    def to_dict(self) -> dict:
        """The ``metrics.json`` object."""
        return {
            "source": self.source,
            "k": self.k,
            "questions": len(self.results),
            "errors": sum(1 for r in self.results if r.error),
            "failed": sum(1 for r in self.results if r.failed),
            "skipped": [{"line": p.line, "reason": p.reason} for p in self.problems],
            "seconds": round(self.seconds, 3),
            "labels": {n: {"zh": get_metric(n).zh, "en": get_metric(n).en} for n in self.names},
            **self.table.to_dict(),
            "hit_curve": self.curves,
        }


@dataclass(frozen=True)
class RunFiles:
    folder: Path
    results_jsonl: Path
    results_csv: Path
    metrics_json: Path
    report_html: Path


def miss_cutoff(k: int) -> int:
    """A question whose answer is not in the top 5 (or top k, if fewer) counts as failed."""
    return min(5, k)


def failure_reasons(j: Judged, k: int, error: str = "") -> tuple[str, ...]:
    if error:
        return ("error",)
    if j.gold_answerable is None:
        return ()
    if not j.gold_answerable:
        return ("false_answerable",) if j.answerable else ()
    reasons = []
    if not any(j.hits[: miss_cutoff(k)]):
        reasons.append("miss")
    if not j.answerable:
        reasons.append("false_unanswerable")
    return tuple(reasons)


def reason_label(code: str, k: int) -> str:
    zh, en = REASONS.get(code, (code, code))
    n = miss_cutoff(k)
    return f"{zh.format(n=n)} / {en.format(n=n)}"


def verdicts(result: QuestionResult, names: Sequence[str]) -> dict:
    """Per-question scores (``None`` where a metric does not apply) and the failure verdict."""
    out: dict = {"hit_rank": result.judged.hit_rank}
    for name in names:
        value, weight = get_metric(name).terms(result.judged)
        out[name] = value if weight else None
    out["failed"] = result.failed
    out["reasons"] = list(result.reasons)
    return out


def _refused(question: str) -> Answer:
    return Answer(question=question, lang=detect_lang(question), answerable=False, confidence=0.0)


def _answer_batch(questions: list[str], answer_fn: AnswerFn) -> list[tuple[Answer, str]]:
    """Answers in order, with an error text; a ``BadQuestion`` costs only the question that caused it."""
    try:
        answers = list(answer_fn(questions))
    except BadQuestion as exc:
        if len(questions) == 1:
            return [(_refused(questions[0]), str(exc))]
        return [pair for q in questions for pair in _answer_batch([q], answer_fn)]
    if len(answers) != len(questions):
        raise ValueError(f"answer_fn returned {len(answers)} answers for {len(questions)} questions")
    return [(a, "") for a in answers]


def evaluate(
    rows: QuestionFile | Sequence[QuestionRow],
    answer_fn: AnswerFn,
    k: int = 10,
    batch_size: int = 32,
    progress: bool = True,
    names: Sequence[str] | None = None,
) -> EvalRun:
    """Answer every question (in batches), judge the top ``k`` passages, and compute the metrics.

    ``progress`` shows a bar with a running hit estimate on stderr, only when
    it is a terminal.
    """
    if k < 1 or batch_size < 1:
        raise ValueError("k and batch_size must be at least 1")
    problems: tuple[RowProblem, ...] = ()
    source = ""
    if isinstance(rows, QuestionFile):
        problems, source, rows = rows.problems, rows.path, rows.rows
    rows = list(rows)
    names = tuple(names or default_metrics(k))
    for name in names:
        get_metric(name)  # fail before answering anything
    started = time.perf_counter()
    results: list[QuestionResult] = []
    cutoff = miss_cutoff(k)
    found = asked = 0
    bar = _progress_bar(len(rows), progress)
    try:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            questions = [r.question for r in batch]
            for row, (answer, error) in zip(batch, _answer_batch(questions, answer_fn)):
                j = judge(row, answer, k)
                results.append(QuestionResult(row, answer, j, failure_reasons(j, k, error), error))
                if j.gold_answerable:
                    asked += 1
                    found += any(j.hits[:cutoff])
            if bar is not None:
                bar.update(len(batch))
                if asked:
                    bar.set_postfix_str(f"hit@{cutoff}≈{found / asked:.2f} (n={asked})")
    finally:
        if bar is not None:
            bar.close()
    return score_run(results, k, names, problems, source, time.perf_counter() - started)


def score_run(
    results: Sequence[QuestionResult],
    k: int,
    names: Sequence[str],
    problems: Sequence[RowProblem] = (),
    source: str = "",
    seconds: float = 0.0,
) -> EvalRun:
    judged = [r.judged for r in results]
    table = breakdown(judged, names)
    curves = {g: hit_curve(items, k) for g, items in groups(judged).items()}
    return EvalRun(tuple(results), k, tuple(names), table, curves, tuple(problems), source, seconds)


def _progress_bar(total: int, progress: bool):
    if not progress or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="q", desc="qa eval", file=sys.stderr, dynamic_ncols=True)


# ---------------------------------------------------------------- run folder


def result_to_dict(result: QuestionResult, names: Sequence[str]) -> dict:
    """One ``results.jsonl`` line: input id, the ask object, the gold fields, the verdicts."""
    row = result.row
    out = {"id": row.id, "line": row.line, **result.answer.to_dict()}
    out["group"] = row.group
    out["gold"] = {"answer": row.answer, "doc": row.doc, "lang": row.lang, "answerable": row.gold_answerable}
    out["verdicts"] = verdicts(result, names)
    if result.error:
        out["error"] = result.error
    return out


def _csv_row(result: QuestionResult) -> list:
    a, row, j = result.answer, result.row, result.judged
    top = a.passages[0] if a.passages else None
    return [
        row.id,
        row.question,
        row.group,
        a.answerable,
        round(a.confidence, 4),
        top.citation if top else "",
        top.reference if top else "",
        j.sentence or "",
        j.span or "",
        row.answer if row.answer is not None else "",
        row.doc or "",
        j.hit_rank or "",
        "yes" if result.failed else "",
        result.error,
    ]


CSV_HEADER = [
    "id",
    "question",
    "lang",
    "answerable",
    "confidence",
    "citation",
    "reference",
    "sentence",
    "answer_span",
    "expected_answer",
    "expected_doc",
    "hit_rank",
    "failed",
    "error",
]


def _write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    write(tmp)
    os.replace(tmp, path)


def write_run(run: EvalRun, out_dir: str | Path) -> RunFiles:
    """Write the four files of a run folder (overwriting an earlier run there)."""
    from qa.report import render_report

    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise QAError(f"{folder} is a file; give --out a folder to write the run into.")
    folder.mkdir(parents=True, exist_ok=True)
    files = RunFiles(
        folder, folder / RESULTS_JSONL, folder / RESULTS_CSV, folder / METRICS_JSON, folder / REPORT_HTML
    )

    def jsonl(p: Path) -> None:
        with p.open("w", encoding="utf-8") as f:
            for r in run.results:
                f.write(json.dumps(result_to_dict(r, run.names), ensure_ascii=False) + "\n")

    def table(p: Path) -> None:
        with p.open("w", encoding="utf-8-sig", newline="") as f:  # BOM: Excel then reads Chinese right
            w = csv.writer(f)
            w.writerow(CSV_HEADER)
            w.writerows(_csv_row(r) for r in run.results)

    def metrics(p: Path) -> None:
        p.write_text(json.dumps(run.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    def report(p: Path) -> None:
        p.write_text(render_report(run), encoding="utf-8")

    _write_atomic(files.results_jsonl, jsonl)
    _write_atomic(files.results_csv, table)
    _write_atomic(files.metrics_json, metrics)
    _write_atomic(files.report_html, report)
    return files


def answer_from_dict(d: dict) -> Answer:
    """Rebuild an ``Answer`` from its ``qa ask --json`` object."""
    passages = tuple(
        Passage(
            rank=int(p["rank"]),
            doc=p["doc"],
            title=p.get("title", ""),
            citation=p.get("citation", ""),
            start=int(p["start"]),
            end=int(p["end"]),
            score=float(p.get("score", 0.0)),
            text=p["text"],
            highlights=tuple(
                Highlight(int(h["start"]), int(h["end"]), h["text"], h["kind"], h.get("citation", ""))
                for h in p.get("highlights", ())
            ),
            reference=p.get("reference", ""),
        )
        for p in d.get("passages", ())
    )
    return Answer(d["question"], d.get("lang", ""), bool(d["answerable"]), float(d["confidence"]), passages)


@dataclass(frozen=True)
class SavedRun:
    folder: str
    k: int
    rows: tuple[QuestionRow, ...]
    answers: tuple[Answer, ...]
    errors: tuple[str, ...]  # per question, "" when it was answered


def read_run(folder: str | Path) -> SavedRun:
    """Load a run folder written by ``write_run`` (for comparison or re-scoring)."""
    folder = Path(folder)
    path = folder / RESULTS_JSONL
    if not path.is_file():
        raise QAError(f"No {RESULTS_JSONL} in {folder}; give a folder written by 'qa eval --out'.")
    rows, answers, errors = [], [], []
    longest = 0
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                gold = d.get("gold") or {}
                rows.append(
                    QuestionRow(
                        str(d["id"]),
                        int(d.get("line", n)),
                        d["question"],
                        gold.get("lang"),
                        gold.get("answer"),
                        gold.get("doc"),
                    )
                )
                answers.append(answer_from_dict(d))
                errors.append(str(d.get("error", "")))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise QAError(f"{path} line {n} is not a qa eval result ({exc}); re-run 'qa eval'.") from None
            longest = max(longest, len(answers[-1].passages))
    k = longest
    metrics_path = folder / METRICS_JSON
    if metrics_path.is_file():
        try:
            k = int(json.loads(metrics_path.read_text(encoding="utf-8")).get("k", longest))
        except (json.JSONDecodeError, ValueError, TypeError):
            k = longest
    return SavedRun(str(folder), max(k, 1), tuple(rows), tuple(answers), tuple(errors))


# ---------------------------------------------------------------- comparison


@dataclass(frozen=True)
class QuestionChange:
    id: str
    question: str
    lang: str
    old_rank: int | None  # first passage with the answer
    new_rank: int | None
    old_reasons: tuple[str, ...]
    new_reasons: tuple[str, ...]
    direction: str  # "better" | "worse"


@dataclass(frozen=True)
class Comparison:
    new: str
    old: str
    k: int
    paired: int
    deltas: tuple[Delta, ...]
    better: tuple[QuestionChange, ...]
    worse: tuple[QuestionChange, ...]
    only_new: tuple[str, ...] = ()  # ids (or ids whose question text changed) not paired
    only_old: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "new": self.new,
            "old": self.old,
            "k": self.k,
            "paired": self.paired,
            "deltas": [
                {
                    "metric": d.metric,
                    "old": d.old,
                    "new": d.new,
                    "diff": d.diff,
                    "ci95": [d.low, d.high],
                    "significant": d.significant,
                }
                for d in self.deltas
            ],
            "better": [asdict(c) for c in self.better],
            "worse": [asdict(c) for c in self.worse],
            "only_new": list(self.only_new),
            "only_old": list(self.only_old),
        }


def _standing(j: Judged, reasons: tuple[str, ...], k: int) -> tuple[int, float]:
    """Order of merit for one question: passing first, then a higher-ranked answer."""
    return (0 if reasons else 1, reciprocal_rank(j.hits, k))


def compare_runs(
    new_dir: str | Path,
    old_dir: str | Path,
    names: Sequence[str] | None = None,
    n_resamples: int = N_RESAMPLES,
    seed: int = 0,
) -> Comparison:
    """Which questions got better or worse, and each metric's change with a paired bootstrap 95% CI.

    Questions are paired by id (and must have the same text); both runs are
    judged at the smaller of their two ``k``.
    """
    new, old = read_run(new_dir), read_run(old_dir)
    k = min(new.k, old.k)
    names = tuple(names or default_metrics(k))
    old_by_id = {r.id: (r, a, e) for r, a, e in zip(old.rows, old.answers, old.errors)}
    paired_new: list[Judged] = []
    paired_old: list[Judged] = []
    better, worse, only_new = [], [], []
    for row, answer, error in zip(new.rows, new.answers, new.errors):
        match = old_by_id.get(row.id)
        if match is None or match[0].question != row.question:
            only_new.append(row.id)
            continue
        jn, jo = judge(row, answer, k), judge(match[0], match[1], k)
        paired_new.append(jn)
        paired_old.append(jo)
        rn, ro = failure_reasons(jn, k, error), failure_reasons(jo, k, match[2])
        sn, so = _standing(jn, rn, k), _standing(jo, ro, k)
        if sn != so:
            bucket, direction = (better, "better") if sn > so else (worse, "worse")
            bucket.append(
                QuestionChange(row.id, row.question, row.group, jo.hit_rank, jn.hit_rank, ro, rn, direction)
            )
    paired_ids = {j.id for j in paired_old}
    only_old = [r.id for r in old.rows if r.id not in paired_ids]
    deltas = tuple(paired_bootstrap(n, paired_new, paired_old, n_resamples, seed=seed) for n in names)
    return Comparison(
        str(new_dir),
        str(old_dir),
        k,
        len(paired_new),
        deltas,
        tuple(better),
        tuple(worse),
        tuple(only_new),
        tuple(only_old),
    )


def write_comparison(comparison: Comparison, out_dir: str | Path) -> Path:
    path = Path(out_dir) / COMPARE_JSON
    text = json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2) + "\n"
    _write_atomic(path, lambda p: p.write_text(text, encoding="utf-8"))
    return path
