from __future__ import annotations

from qa.pipeline.fuse import max_normalise, reciprocal_rank, weighted_sum


def test_weighted_sum_respects_weights_per_run():
    runs = {"zh": {1: 10.0, 2: 5.0}, "dense": {2: 0.9, 3: 0.8}}
    assert [i for i, _ in weighted_sum(runs, {"zh": 1.0, "dense": 0.1})][:2] == [1, 2]
    assert [i for i, _ in weighted_sum(runs, {"zh": 0.1, "dense": 1.0})][0] == 2
    assert weighted_sum(runs, {"zh": 0.0, "dense": 0.0}) == []


def test_max_normalise_and_empty_runs():
    assert max_normalise({1: 2.0, 2: 1.0}) == {1: 1.0, 2: 0.5}
    assert max_normalise({}) == {}
    assert max_normalise({1: 0.0}) == {}


def test_reciprocal_rank_rewards_agreement():
    runs = {"a": {1: 3.0, 2: 2.0, 3: 1.0}, "b": {2: 9.0, 4: 8.0, 1: 0.5}}
    ranked = [i for i, _ in reciprocal_rank(runs)]
    assert ranked[0] == 2
