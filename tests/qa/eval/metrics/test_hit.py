from __future__ import annotations

from qa.eval.metrics import get_metric, hit_rate
from qa.eval.metrics.hit import hit_at_k


def test_kernel():
    assert hit_at_k([False, True, False], 1) == 0.0
    assert hit_at_k([False, True, False], 2) == 1.0
    assert hit_at_k([], 5) == 0.0


def test_hit_rate_over_answerable_questions_only(judged):
    items = [
        judged(hits=(True, False)),  # rank 1
        judged(hits=(False, False, True)),  # rank 3
        judged(hits=(False,)),  # miss
        judged(gold_answer="", hits=()),  # unanswerable: not counted
        judged(gold_answer=None),  # no gold: not counted
    ]
    assert hit_rate(items, 1) == 1 / 3
    assert hit_rate(items, 3) == 2 / 3
    assert get_metric("hit@3")(items) == 2 / 3
    assert hit_rate([judged(gold_answer="")], 5) is None
