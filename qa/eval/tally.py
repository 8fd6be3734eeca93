"""A run's metrics and report facts, summed one question at a time, so a 100,000-row run is never held whole.

Every metric is a ratio of per-question terms (``qa.eval.metrics.base``), so
it can be summed as the results stream by: the same additions in the same
order as ``breakdown`` and ``hit_curve``, hence the same values. Besides the
sums, a :class:`Tally` keeps what the report shows: the counts per language,
each question's confidence (for the histogram), and the first failed
questions with their top passages.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from qa.eval.metrics import MetricTable, get_metric
from qa.eval.metrics.hit import terms as hit_terms
from qa.eval.questions import RowProblem
from qa.eval.run import EvalRun, QuestionResult

MAX_FAILED_KEPT = 500  # failed questions the report lists (with their passages)
PASSAGES_KEPT = 3


@dataclass(frozen=True)
class LanguageCount:
    group: str
    questions: int
    answerable: int
    unanswerable: int
    failed: int


@dataclass(frozen=True)
class RunSummary:
    """What ``metrics.json`` and ``report.html`` say about a run, without its answers."""

    k: int
    names: tuple[str, ...]
    table: MetricTable
    curves: dict[str, list[float | None]]
    problems: tuple[RowProblem, ...]
    source: str
    seconds: float
    questions: int
    errors: int
    failed: int
    languages: tuple[LanguageCount, ...]  # overall first, in the table's group order
    confidences: tuple[tuple[bool | None, float], ...]  # (gold answerable, confidence) per question
    failed_kept: tuple[QuestionResult, ...]  # the first MAX_FAILED_KEPT failed questions, top passages only

    def to_dict(self) -> dict:
        """The ``metrics.json`` object."""
        return {
            "source": self.source,
            "k": self.k,
            "questions": self.questions,
            "errors": self.errors,
            "failed": self.failed,
            "skipped": [{"line": p.line, "reason": p.reason} for p in self.problems],
            "seconds": round(self.seconds, 3),
            "labels": {n: {"zh": get_metric(n).zh, "en": get_metric(n).en} for n in self.names},
            **self.table.to_dict(),
            "hit_curve": self.curves,
        }


def _group_order(group: str) -> tuple:
    return (group not in ("zh", "en"), group != "zh", group)  # as qa.eval.metrics.registry.groups


@dataclass
class _Sums:
    num: list[float]
    den: list[float]
    applies: list[int]
    curve_num: list[float]
    curve_den: list[float]
    questions: int = 0
    answerable: int = 0
    unanswerable: int = 0
    failed: int = 0


@dataclass
class Tally:
    k: int
    names: tuple[str, ...]
    _terms: list = field(init=False)
    _groups: dict[str, _Sums] = field(init=False, default_factory=dict)
    _confidences: list[tuple[bool | None, float]] = field(init=False, default_factory=list)
    _failed: list[QuestionResult] = field(init=False, default_factory=list)
    questions: int = field(init=False, default=0)
    errors: int = field(init=False, default=0)
    failed: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self._terms = [get_metric(n).terms for n in self.names]

    def _sums(self, group: str) -> _Sums:
        if group not in self._groups:
            n = len(self.names)
            self._groups[group] = _Sums([0.0] * n, [0.0] * n, [0] * n, [0.0] * self.k, [0.0] * self.k)
        return self._groups[group]

    def add(self, result: QuestionResult) -> None:
        j = result.judged
        self.questions += 1
        self.errors += bool(result.error)
        self.failed += result.failed
        self._confidences.append((j.gold_answerable, j.confidence))
        terms = [t(j) for t in self._terms]
        curve = [hit_terms(j, c) for c in range(1, self.k + 1)]
        for group in ("overall", j.lang):
            s = self._sums(group)
            for i, (v, w) in enumerate(terms):
                s.num[i] += v
                s.den[i] += w
                s.applies[i] += bool(w)
            for i, (v, w) in enumerate(curve):
                s.curve_num[i] += v
                s.curve_den[i] += w
            s.questions += 1
            s.answerable += bool(j.gold_answerable)
            s.unanswerable += j.gold_answerable is False
            s.failed += result.failed
        if result.failed and len(self._failed) < MAX_FAILED_KEPT:
            self._failed.append(replace(result, answer=replace(result.answer,
                                                               passages=result.answer.passages[:PASSAGES_KEPT])))

    def summary(self, problems: Sequence[RowProblem] = (), source: str = "", seconds: float = 0.0) -> RunSummary:
        self._sums("overall")
        order = ["overall", *sorted((g for g in self._groups if g != "overall"), key=_group_order)]
        values: dict[str, dict[str, float | None]] = {}
        counts: dict[str, dict[str, int]] = {}
        curves: dict[str, list[float | None]] = {}
        for g in order:
            s = self._groups[g]
            values[g] = {n: (s.num[i] / s.den[i] if s.den[i] else None) for i, n in enumerate(self.names)}
            counts[g] = dict(zip(self.names, s.applies))
            curves[g] = [num / den if den else None for num, den in zip(s.curve_num, s.curve_den)]
        zh, en = values.get("zh", {}), values.get("en", {})
        gap = {n: (zh[n] - en[n]) if zh.get(n) is not None and en.get(n) is not None else None for n in self.names}
        languages = tuple(LanguageCount(g, s.questions, s.answerable, s.unanswerable, s.failed)
                          for g, s in ((g, self._groups[g]) for g in order))  # fmt: skip
        return RunSummary(self.k, self.names, MetricTable(self.names, values, counts, gap), curves, tuple(problems),
                          source, seconds, self.questions, self.errors, self.failed, languages,
                          tuple(self._confidences), tuple(self._failed))  # fmt: skip


def tally(results: Iterable[QuestionResult], k: int, names: Sequence[str]) -> Tally:
    t = Tally(k, tuple(names))
    for r in results:
        t.add(r)
    return t


def summarise(run: EvalRun) -> RunSummary:
    """The summary of a run held in memory (the page's batches): the same sums as a streamed run's."""
    return tally(run.results, run.k, run.names).summary(run.problems, run.source, run.seconds)
