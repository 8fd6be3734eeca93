from __future__ import annotations

import numpy as np
import pytest

from qa.eval.metrics import bootstrap_diff, paired_bootstrap


def test_identical_runs_have_a_zero_interval(judged):
    run = [judged(id=str(i), hits=(i % 2 == 0,)) for i in range(20)]
    d = paired_bootstrap("hit@1", run, run)
    assert (d.old, d.new, d.diff, d.low, d.high) == (0.5, 0.5, 0.0, 0.0, 0.0)
    assert not d.significant


def test_better_everywhere_is_significant(judged):
    old = [judged(id=str(i), hits=(False,)) for i in range(15)]
    new = [judged(id=str(i), hits=(True,)) for i in range(15)]
    d = paired_bootstrap("hit@1", new, old)
    assert (d.diff, d.low, d.high, d.n) == (1.0, 1.0, 1.0, 15)
    assert d.significant


def test_interval_matches_a_naive_recount():
    """Same draws, computed one resample at a time with plain Python."""
    rng = np.random.default_rng(7)
    n, b = 30, 500
    new = np.column_stack([rng.integers(0, 2, n), np.ones(n)])
    old = np.column_stack([rng.integers(0, 2, n), np.ones(n)])
    low, high = bootstrap_diff(new, old, n_resamples=b, seed=3)
    idx = np.random.default_rng(3).integers(0, n, size=(b, n))
    diffs = sorted(sum(new[i, 0] for i in row) / n - sum(old[i, 0] for i in row) / n for row in idx)
    assert low == pytest.approx(np.quantile(diffs, 0.025))
    assert high == pytest.approx(np.quantile(diffs, 0.975))
    assert low <= new[:, 0].mean() - old[:, 0].mean() <= high


def test_reproducible_and_checked(judged):
    old = [judged(id=str(i), hits=(i % 3 == 0,)) for i in range(12)]
    new = [judged(id=str(i), hits=(i % 2 == 0,)) for i in range(12)]
    assert paired_bootstrap("mrr@10", new, old) == paired_bootstrap("mrr@10", new, old)
    with pytest.raises(ValueError, match="same question ids"):
        paired_bootstrap("hit@1", new, old[::-1])
    assert bootstrap_diff(np.zeros((0, 2)), np.zeros((0, 2))) is None


def test_metric_undefined_in_both_runs(judged):
    run = [judged(id="a", gold_answer="", answerable=True)]
    d = paired_bootstrap("unanswerable_precision", run, run)
    assert d.diff is None and d.low is None and not d.significant
