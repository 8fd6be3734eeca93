"""Evaluation metrics, one per module (ranx style), each a pure kernel plus a public function.

Use by name: ``get_metric("hit@5")(judged)``; every metric works on
``Judged`` records (``qa.metrics.judged``), one per answered question.
"""

from __future__ import annotations

from qa.eval.metrics.bootstrap import Delta, bootstrap_diff, paired_bootstrap
from qa.eval.metrics.hit import hit_rate
from qa.eval.metrics.judged import Judged, judge
from qa.eval.metrics.mrr import mrr
from qa.eval.metrics.ndcg import ndcg
from qa.eval.metrics.registry import (
    CHOICES,
    Metric,
    MetricTable,
    UnknownMetric,
    breakdown,
    default_metrics,
    get_metric,
    hit_curve,
    score,
)
from qa.eval.metrics.sentence import sentence_accuracy
from qa.eval.metrics.span_em import span_exact_match
from qa.eval.metrics.span_f1 import span_f1
from qa.eval.metrics.unanswerable import unanswerable_precision, unanswerable_recall

__all__ = [
    "CHOICES",
    "Delta",
    "Judged",
    "Metric",
    "MetricTable",
    "UnknownMetric",
    "bootstrap_diff",
    "breakdown",
    "default_metrics",
    "get_metric",
    "hit_curve",
    "hit_rate",
    "judge",
    "mrr",
    "ndcg",
    "paired_bootstrap",
    "score",
    "sentence_accuracy",
    "span_exact_match",
    "span_f1",
    "unanswerable_precision",
    "unanswerable_recall",
]
