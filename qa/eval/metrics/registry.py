"""Metrics named by strings (``"hit@5"``, ``"mrr@10"``, ``"span_f1"``), with bilingual labels.

Groups: every question is reported overall and under its language (the
``lang`` column, else detected from the question), and each metric gets the
zh-en gap, because English questions over Chinese sources are the hard part.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

from qa.eval.metrics.base import Terms, applicable, ratio
from qa.eval.metrics.hit import hit_rate
from qa.eval.metrics.hit import terms as hit_terms
from qa.eval.metrics.judged import Judged
from qa.eval.metrics.mrr import terms as mrr_terms
from qa.eval.metrics.ndcg import terms as ndcg_terms
from qa.eval.metrics.sentence import terms as sentence_terms
from qa.eval.metrics.span_em import terms as span_em_terms
from qa.eval.metrics.span_f1 import terms as span_f1_terms
from qa.eval.metrics.unanswerable import precision_terms, recall_terms


class UnknownMetric(ValueError):
    pass


@dataclass(frozen=True)
class Metric:
    name: str
    zh: str  # label for people, Chinese
    en: str  # label for people, English
    terms: Callable[[Judged], Terms] = field(compare=False)

    def __call__(self, judged: Sequence[Judged]) -> float | None:
        return ratio(judged, self.terms)

    @property
    def label(self) -> str:
        return f"{self.zh} {self.en}"


_FIXED = {
    "sentence_acc": (sentence_terms, "答案句准确率", "answer-sentence accuracy"),
    "span_em": (span_em_terms, "答案片段完全匹配", "answer-span exact match"),
    "span_f1": (span_f1_terms, "答案片段字符F1", "answer-span char F1"),
    "unanswerable_precision": (precision_terms, "无法回答·精确率", "unanswerable precision"),
    "unanswerable_recall": (recall_terms, "无法回答·召回率", "unanswerable recall"),
}
_CUTOFF = {
    "hit": (hit_terms, "命中率", "hit"),
    "mrr": (mrr_terms, "平均倒数排名", "MRR"),
    "ndcg": (ndcg_terms, "归一化折损累计增益", "nDCG"),
}
CHOICES = tuple(f"{name}@k" for name in _CUTOFF) + tuple(_FIXED)


def get_metric(name: str) -> Metric:
    """Look a metric up by name, e.g. ``"hit@5"``, ``"mrr@10"``, ``"span_f1"``."""
    key = name.strip().lower()
    if key in _FIXED:
        terms, zh, en = _FIXED[key]
        return Metric(key, zh, en, terms)
    base, _, cutoff = key.partition("@")
    if base in _CUTOFF and cutoff.isdigit() and int(cutoff) > 0:
        terms, zh, en = _CUTOFF[base]
        k = int(cutoff)
        return Metric(key, f"{zh}@{k}", f"{en}@{k}", partial(terms, k=k))
    raise UnknownMetric(f"Unknown metric {name!r}; choose from {', '.join(repr(c) for c in CHOICES)}.")


def default_metrics(k: int = 10) -> tuple[str, ...]:
    """The metrics a run reports when ``k`` passages are returned per question."""
    cutoffs = sorted({c for c in (1, 3, 5, 10) if c <= k} | {k})
    top = min(k, 10)
    return (
        *(f"hit@{c}" for c in cutoffs),
        f"mrr@{top}",
        f"ndcg@{top}",
        *_FIXED,
    )


def score(judged: Sequence[Judged], names: Sequence[str]) -> dict[str, float | None]:
    return {name: get_metric(name)(judged) for name in names}


def groups(judged: Sequence[Judged]) -> dict[str, list[Judged]]:
    """``overall`` first, then ``zh``, ``en`` and any other language, each with its questions."""
    out: dict[str, list[Judged]] = {"overall": list(judged)}
    for lang in sorted({j.lang for j in judged}, key=lambda g: (g not in ("zh", "en"), g != "zh", g)):
        out[lang] = [j for j in judged if j.lang == lang]
    return out


@dataclass(frozen=True)
class MetricTable:
    """Metrics per group, how many questions each was computed over, and the zh-en gap."""

    names: tuple[str, ...]
    values: dict[str, dict[str, float | None]]  # group -> metric -> value
    counts: dict[str, dict[str, int]]  # group -> metric -> questions it applied to
    gap: dict[str, float | None]  # metric -> zh minus en

    def to_dict(self) -> dict:
        return {"metrics": self.values, "zh-en": self.gap, "counts": self.counts}


def breakdown(judged: Sequence[Judged], names: Sequence[str]) -> MetricTable:
    values: dict[str, dict[str, float | None]] = {}
    counts: dict[str, dict[str, int]] = {}
    for group, items in groups(judged).items():
        values[group] = {}
        counts[group] = {}
        for name in names:
            metric = get_metric(name)
            values[group][name] = metric(items)
            counts[group][name] = applicable(items, metric.terms)
    zh, en = values.get("zh", {}), values.get("en", {})
    gap = {n: (zh[n] - en[n]) if zh.get(n) is not None and en.get(n) is not None else None for n in names}
    return MetricTable(tuple(names), values, counts, gap)


def hit_curve(judged: Sequence[Judged], k: int) -> list[float | None]:
    """hit@1 .. hit@k, for the curve in the report."""
    return [hit_rate(judged, c) for c in range(1, k + 1)]
