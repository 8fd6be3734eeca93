"""Batch evaluation: answer a file of questions and score the answers against its gold fields.

The answering function is a parameter (``answer_fn(questions) -> answers``),
so tests use a fake and only the CLI loads the real assistant. It receives
question texts only: gold fields are used for scoring, never for answering.
The result is an ``EvalRun`` (its ``metrics.json`` is ``qa.eval.tally.summarise(run).to_dict()``);
``qa.eval.runfolder`` writes it to a folder of
plain files that can be re-scored or compared later without the model.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from index.text.script import detect_lang
from qa.errors import BadQuestion
from qa.eval.metrics import Judged, MetricTable, breakdown, default_metrics, get_metric, hit_curve, judge
from qa.eval.metrics.registry import groups
from qa.eval.questions import QuestionFile, QuestionRow, RowProblem
from qa.records import Answer

AnswerFn = Callable[[list[str]], list[Answer]]

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
    for batch in answered(rows, answer_fn, k, batch_size, progress):
        results.extend(batch)
    return score_run(results, k, names, problems, source, time.perf_counter() - started)


def answered(
    rows: Sequence[QuestionRow], answer_fn: AnswerFn, k: int, batch_size: int = 32, progress: bool = True
) -> Iterator[list[QuestionResult]]:
    """The judged results, one batch at a time (a streamed run writes each before the next is answered)."""
    cutoff = miss_cutoff(k)
    found = asked = 0
    bar = _progress_bar(len(rows), progress)
    try:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            questions = [r.question for r in batch]
            results = []
            for row, (answer, error) in zip(batch, _answer_batch(questions, answer_fn)):
                j = judge(row, answer, k)
                results.append(QuestionResult(row, answer, j, failure_reasons(j, k, error), error))
                if j.gold_answerable:
                    asked += 1
                    found += any(j.hits[:cutoff])
            yield results
            if bar is not None:
                bar.update(len(batch))
                if asked:
                    bar.set_postfix_str(f"hit@{cutoff}≈{found / asked:.2f} (n={asked})")
    finally:
        if bar is not None:
            bar.close()


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
