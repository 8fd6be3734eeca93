"""A self-contained HTML report of an evaluation run: one file, no scripts, charts as inline SVG.

It must open from a laptop folder or an e-mail attachment, offline, so
nothing is fetched. The page is ``templates/report.html.j2``, autoescaped:
every piece of text from questions or sources is shown as text. This module
only shapes the run into rows for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from qa.eval.charts import confidence_histogram, group_label, hit_curve_chart
from qa.eval.metrics import get_metric
from qa.eval.run import EvalRun, QuestionResult, reason_label
from qa.eval.tally import RunSummary, summarise
from qa.markup import Layer, highlight_spans, mark, templates
from qa.records import Passage

MAX_FAILED_SHOWN = 500
PASSAGES_SHOWN = 3


@dataclass(frozen=True)
class Cell:
    text: str
    css: str = "num"
    title: str = ""


@dataclass(frozen=True)
class MetricRow:
    zh: str
    en: str
    cells: tuple[Cell, ...]  # one per group, then the zh−en gap when there is one, then n


@dataclass(frozen=True)
class LanguageRow:
    label: str
    questions: int
    answerable: int
    unanswerable: int
    failed: int


@dataclass(frozen=True)
class PassageView:
    rank: int
    citation: str
    where: str  # its reference, else its document
    marked: Markup


@dataclass(frozen=True)
class FailedRow:
    id: str
    question: str
    lang: str
    expected: str  # "" when it should be unanswerable
    doc: str
    reasons: tuple[str, ...]
    rank: int | None  # where the answer is, when it is below the cut-off
    error: str
    confidence: float
    passages: tuple[PassageView, ...]


def _fmt(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:+.3f}" if signed else f"{value:.3f}"


def marked_passage(p: Passage) -> Markup:
    """Passage text, escaped, with its (first) answering sentence and answer span marked, the answer innermost."""
    return mark(p.text, p.start, [Layer("mark", "sentence", highlight_spans(p, "sentence", first=True)),
                                  Layer("mark", "answer", highlight_spans(p, "answer", first=True))])


def metric_rows(run: RunSummary | EvalRun) -> tuple[list[str], list[MetricRow]]:
    """Column heads (groups, and the gap when both languages are there) and one row per metric."""
    table = run.table
    groups = list(table.values)
    has_gap = "zh" in groups and "en" in groups
    heads = [group_label(g) for g in groups] + (["差距 zh−en"] if has_gap else [])
    rows = []
    for name in table.names:
        m = get_metric(name)
        cells = [Cell(_fmt(table.values[g][name]), title=f"n={table.counts[g][name]}") for g in groups]
        if has_gap:
            gap = table.gap.get(name)
            css = "neg" if gap is not None and gap < 0 else "pos" if gap else ""
            cells.append(Cell(_fmt(gap, signed=True), f"num {css}"))
        cells.append(Cell(str(table.counts["overall"][name])))
        rows.append(MetricRow(m.zh, m.en, tuple(cells)))
    return heads, rows


def language_rows(run: RunSummary) -> list[LanguageRow]:
    return [LanguageRow(group_label(c.group), c.questions, c.answerable, c.unanswerable, c.failed)
            for c in run.languages]


def failed_row(r: QuestionResult, k: int) -> FailedRow:
    passages = tuple(PassageView(p.rank, p.citation, p.reference or p.doc, marked_passage(p))
                     for p in r.answer.passages[:PASSAGES_SHOWN])
    return FailedRow(r.row.id, r.row.question, r.judged.lang, r.row.answer or "", r.row.doc or "",
                     tuple(reason_label(c, k) for c in r.reasons), r.judged.hit_rank, r.error, r.answer.confidence,
                     passages)


def render_report(run: RunSummary | EvalRun) -> str:
    """The whole report as one HTML string (from a streamed run's summary, or a run held in memory)."""
    if isinstance(run, EvalRun):
        run = summarise(run)
    heads, metrics = metric_rows(run)
    return templates("qa.eval").get_template("report.html.j2").render(
        run=run,
        n_failed=run.failed,
        metric_heads=heads,
        metrics=metrics,
        languages=language_rows(run),
        hit_curve=hit_curve_chart(run.curves, "hit-curve"),
        confidence=confidence_histogram(run.confidences, "置信度分布 confidence, answerable vs unanswerable",
                                        "confidence-histogram"),
        failed=[failed_row(r, run.k) for r in run.failed_kept[:MAX_FAILED_SHOWN]],
    ) + "\n"
