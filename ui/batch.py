"""A question file run from the page: read, answer with progress, score, write the run folder.

Reading, answering and scoring are ``qa.eval.questions`` and ``qa.eval.run``;
this module only reports progress and shapes the run for the page (summary,
metrics table, charts, failures).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from qa.errors import BadQuestionFile
from qa.eval.charts import confidence_chart, hit_curve_chart
from qa.eval.metrics import get_metric
from qa.eval.questions import read_questions
from qa.eval.run import EvalRun, QuestionResult, evaluate
from qa.eval.runfolder import RunFiles, write_run
from ui.render import alert, macros
from ui.runs import RunStore

MAX_QUESTIONS = 2000  # a bigger file belongs to `qa eval`, which can use several processes
MAX_FAILURES_SHOWN = 500
BATCH_SIZE = 16

Progress = Callable[[int, int], None]  # (questions answered, total)


@dataclass(frozen=True)
class BatchOutcome:
    run: EvalRun
    files: RunFiles
    name: str  # the uploaded file's name, for the summary


def run_batch(
    ask_many, path: str | Path | None, k: int, store: RunStore, progress: Progress | None = None
) -> BatchOutcome:
    """``ask_many(questions, k)`` answers; gold fields in the file are used only for scoring."""
    if not path:
        raise BadQuestionFile("not_uploaded")
    path = Path(path)
    questions = read_questions(path)
    total = len(questions.rows)
    if total > MAX_QUESTIONS:
        raise BadQuestionFile("too_many_questions", path=path, found=total, limit=MAX_QUESTIONS)
    done = 0

    def answer(batch: list[str]):
        nonlocal done
        answers = ask_many(batch, k)
        done = min(total, done + len(batch))
        if progress is not None:
            progress(done, total)
        return answers

    if progress is not None:
        progress(0, total)
    run = evaluate(questions, answer, k=k, batch_size=BATCH_SIZE, progress=False)
    files = write_run(run, store.new_folder())
    return BatchOutcome(run, files, path.name)


def downloads(files: RunFiles) -> list[str]:
    return [str(files.results_csv), str(files.results_jsonl), str(files.report_html), str(files.metrics_json)]


# ---------------------------------------------------------------- page parts


# What went wrong with a question with an expected answer, each counted on its own: "wrong at rank 1" and
# "not in the top k" part the questions whose first passage misses the answer (1 - hit@1 of them, together);
# "flagged unanswerable" is the verdict, whatever the ranking. (zh, en, the tooltip)
OUTCOMES = {
    "wrong_at_1": ("第一段有误", "wrong at rank 1",
                   "答案在列表中，但不在第一段 The answer is in the list, below the first passage"),
    "not_in_top_k": ("不在前 {k} 段", "not in the top {k}",
                     "前 {k} 段都不含期望答案 None of the {k} passages holds the expected answer"),
    "flagged_unanswerable": ("误判为无法回答", "flagged unanswerable",
                             "有答案，却被判为无法回答 It has an answer, but was called unanswerable"),
    "answered_unanswerable": ("应判为无法回答", "answered, but unanswerable",
                              "期望无答案，却给出了答案 Expected unanswerable, but called answerable"),
    "error": ("无法提问", "could not be asked", "问题被拒绝 The question was refused"),
}


def outcomes(r: QuestionResult) -> tuple[str, ...]:
    """The codes of ``OUTCOMES`` that apply to one question (empty: right at rank 1, or no expected answer)."""
    if r.error:
        return ("error",)
    j = r.judged
    if j.gold_answerable is None:
        return ()
    if not j.gold_answerable:
        return ("answered_unanswerable",) if j.answerable else ()
    rank = j.hit_rank  # among the top k the run judged
    out = ["not_in_top_k"] if rank is None else ["wrong_at_1"] if rank > 1 else []
    if not j.answerable:
        out.append("flagged_unanswerable")
    return tuple(out)


def outcome_label(code: str, k: int) -> str:
    zh, en, _ = OUTCOMES[code]
    return f"{zh} {en}".format(k=k)


def outcome_counts(run: EvalRun) -> list[tuple[str, str, str, int]]:
    """(code, label, tooltip, how many questions) for each outcome, in the order of ``OUTCOMES``."""
    counts = dict.fromkeys(OUTCOMES, 0)
    for r in run.results:
        for code in outcomes(r):
            counts[code] += 1
    return [(code, outcome_label(code, run.k), OUTCOMES[code][2].format(k=run.k), n)
            for code, n in counts.items()]  # fmt: skip


def summary_html(outcome: BatchOutcome) -> Markup:
    run = outcome.run
    skipped = None
    if run.problems:
        shown = "; ".join(str(p) for p in run.problems[:10])
        more = f" … (+{len(run.problems) - 10})" if len(run.problems) > 10 else ""
        skipped = alert(f"跳过的行 Skipped rows: {shown}{more}", "warn")
    return macros("page.html.j2").batch_summary(outcome.name, run, outcome_counts(run), skipped)


def _fmt(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:+.3f}" if signed else f"{value:.3f}"


GROUP_NAMES = {"overall": "全部 overall", "zh": "中文 zh", "en": "英文 en"}


def metrics_rows(run: EvalRun) -> tuple[list[str], list[list[str]]]:
    """Header and rows: one metric per row, one column per language group, the zh−en gap, n."""
    table = run.table
    groups = list(table.values)
    has_gap = "zh" in groups and "en" in groups
    header = ["指标 metric", *(GROUP_NAMES.get(g, g) for g in groups)] + (["差距 zh−en"] if has_gap else []) + ["n"]
    rows = []
    for name in table.names:
        m = get_metric(name)
        row = [f"{m.zh} {m.en} ({name})", *(_fmt(table.values[g][name]) for g in groups)]
        if has_gap:
            row.append(_fmt(table.gap.get(name), signed=True))
        row.append(str(table.counts["overall"][name]))
        rows.append(row)
    return header, rows


FAILURE_HEADER = ["id", "问题 question", "语言 lang", "期望答案 expected", "原因 why", "置信度 confidence",
                  "首段引用 top citation", "答案句 sentence"]  # fmt: skip


def failure_rows(run: EvalRun) -> list[list[str]]:
    """The questions with an outcome to look at (any of ``OUTCOMES``), each with all of its outcomes."""
    rows = []
    for r in [r for r in run.results if outcomes(r)][:MAX_FAILURES_SHOWN]:
        top = r.answer.passages[0] if r.answer.passages else None
        sentence = r.answer.sentence
        why = "; ".join(outcome_label(c, run.k) for c in outcomes(r)) + (f" ({r.error})" if r.error else "")
        expected = r.row.answer if r.row.answer else "(无法回答 unanswerable)"
        rows.append([
            r.row.id, r.row.question, r.judged.lang, expected, why, f"{r.answer.confidence:.2f}",
            top.citation if top else "", sentence.text if sentence else "",
        ])  # fmt: skip
    return rows


def charts_html(run: EvalRun) -> Markup:
    """hit@k by language and the confidence histogram (the report's own SVG charts)."""
    curve = hit_curve_chart(run.curves, "ui-hit-curve")
    hist = confidence_chart((r.judged for r in run.results), "置信度分布 confidence by gold answerability",
                            "ui-confidence-histogram")
    return macros("page.html.j2").charts(curve, hist)
