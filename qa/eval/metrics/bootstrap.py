"""Paired bootstrap confidence interval for the change of a metric between two runs.

Both runs answered the same questions, so questions are resampled *together*
(a hard question is hard for both): the interval is for the difference, not
for each run. Works for any metric, as every metric is a ratio of sums
(``qa.metrics.base``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qa.eval.metrics.judged import Judged
from qa.eval.metrics.registry import get_metric

N_RESAMPLES = 2000


@dataclass(frozen=True)
class Delta:
    metric: str
    old: float | None
    new: float | None
    diff: float | None  # new - old
    low: float | None  # lower end of the confidence interval of diff
    high: float | None
    n: int  # paired questions

    @property
    def significant(self) -> bool:
        """The interval excludes zero."""
        return self.low is not None and self.high is not None and (self.low > 0 or self.high < 0)


def bootstrap_diff(
    new_terms: np.ndarray,
    old_terms: np.ndarray,
    n_resamples: int = N_RESAMPLES,
    confidence: float = 0.95,
    seed: int = 0,
) -> tuple[float, float] | None:
    """Percentile interval of ``ratio(new) - ratio(old)`` over resampled question sets.

    ``*_terms`` are ``(n, 2)`` arrays of per-question ``(value, weight)``.
    Resamples where either ratio is undefined (no applicable question) are
    dropped; ``None`` when every resample is undefined.
    """
    new_terms = np.asarray(new_terms, dtype=float)
    old_terms = np.asarray(old_terms, dtype=float)
    if new_terms.shape != old_terms.shape or new_terms.ndim != 2 or new_terms.shape[1] != 2:
        shapes = f"{new_terms.shape} and {old_terms.shape}"
        raise ValueError(f"paired terms must both be (n, 2) arrays, got {shapes}")
    n = len(new_terms)
    if n == 0:
        return None
    rng = np.random.default_rng(seed)
    both = np.concatenate([new_terms, old_terms], axis=1)  # (n, 4): new v, new w, old v, old w
    block = max(1, 2_000_000 // n)
    diffs = []
    for start in range(0, n_resamples, block):
        idx = rng.integers(0, n, size=(min(block, n_resamples - start), n))
        sums = both[idx].sum(axis=1)  # (b, 4)
        with np.errstate(divide="ignore", invalid="ignore"):
            diffs.append(sums[:, 0] / sums[:, 1] - sums[:, 2] / sums[:, 3])
    d = np.concatenate(diffs)
    d = d[np.isfinite(d)]
    if not len(d):
        return None
    alpha = (1 - confidence) / 2
    low, high = np.quantile(d, [alpha, 1 - alpha])
    return float(low), float(high)


def paired_bootstrap(
    name: str,
    new: Sequence[Judged],
    old: Sequence[Judged],
    n_resamples: int = N_RESAMPLES,
    confidence: float = 0.95,
    seed: int = 0,
) -> Delta:
    """Change of metric ``name`` from ``old`` to ``new`` (same questions, same order) with its CI."""
    if [j.id for j in new] != [j.id for j in old]:
        raise ValueError("paired runs must list the same question ids in the same order")
    metric = get_metric(name)
    new_terms = np.array([metric.terms(j) for j in new], dtype=float).reshape(-1, 2)
    old_terms = np.array([metric.terms(j) for j in old], dtype=float).reshape(-1, 2)
    a, b = metric(new), metric(old)
    ci = bootstrap_diff(new_terms, old_terms, n_resamples, confidence, seed)
    diff = a - b if a is not None and b is not None else None
    low, high = ci if ci and diff is not None else (None, None)
    return Delta(name, b, a, diff, low, high, len(new))
