from __future__ import annotations

import math

import pytest

from qa.eval.metrics import ndcg
from qa.eval.metrics.ndcg import dcg, ndcg_at_k


def test_kernel_by_hand():
    assert ndcg_at_k([True, False, False], 10) == 1.0
    # one relevant passage at rank 2: (1/log2 3) / 1
    assert ndcg_at_k([False, True], 10) == pytest.approx(1 / math.log2(3))
    # relevant at ranks 1 and 3: (1 + 1/2) / (1 + 1/log2 3)
    assert ndcg_at_k([True, False, True], 10) == pytest.approx(1.5 / (1 + 1 / math.log2(3)))
    assert ndcg_at_k([False, False], 10) == 0.0
    assert dcg([True, True], 1) == 1.0


def test_applies_only_with_a_gold_doc(judged):
    items = [
        judged(gold_doc="001.txt", relevant=(False, True)),
        judged(gold_doc="001.txt", relevant=(True,)),
        judged(gold_doc=None, relevant=()),  # no doc: not counted
        judged(gold_doc="001.txt", gold_answer="", relevant=()),  # unanswerable: not counted
    ]
    assert ndcg(items, 10) == pytest.approx((1 / math.log2(3) + 1) / 2)
    assert ndcg(items[2:], 10) is None
