"""The best BM25 candidates, with ties at the cut taken lowest id first (as Milvus keeps them)."""

from __future__ import annotations

import numpy as np

from index.engines.base import top_positive


def test_ties_at_the_cut_are_taken_lowest_id_first():
    scores = np.array([1.0, 3.0, 3.0, 3.0, 0.0, 2.0, 3.0, 0.0])
    assert top_positive(scores, 2) == {1: 3.0, 2: 3.0}
    assert top_positive(scores, 3) == {1: 3.0, 2: 3.0, 3: 3.0}
    assert set(top_positive(scores, 5)) == {1, 2, 3, 6, 5}


def test_only_positive_scores_come_back():
    scores = np.array([0.0, 2.0, 0.0, 1.0])
    assert top_positive(scores, 10) == {1: 2.0, 3: 1.0}
    assert top_positive(np.zeros(0), 5) == {} and top_positive(scores, 0) == {}


def test_the_same_candidates_whatever_the_order_of_a_tied_group():
    rng = np.random.default_rng(0)
    scores = np.round(rng.random(2000) * 4) / 4  # many exact ties, as short chunks give
    got = top_positive(scores, 50)
    ranked = sorted(range(scores.size), key=lambda i: (-scores[i], i))[:50]
    assert set(got) == {i for i in ranked if scores[i] > 0}
