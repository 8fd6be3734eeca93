from __future__ import annotations

import pytest

from qa.eval.metrics import mrr
from qa.eval.metrics.mrr import reciprocal_rank


def test_kernel():
    assert reciprocal_rank([False, False, True], 10) == pytest.approx(1 / 3)
    assert reciprocal_rank([False, False, True], 2) == 0.0
    assert reciprocal_rank([True, True], 10) == 1.0


def test_mrr_by_hand(judged):
    items = [
        judged(hits=(True,)),
        judged(hits=(False, True)),
        judged(hits=(False,) * 4 + (True,)),
        judged(hits=()),
    ]
    # (1 + 1/2 + 1/5 + 0) / 4 = 0.425
    assert mrr(items, 10) == pytest.approx(0.425)
    # at cutoff 2 the rank-5 hit is lost: (1 + 0.5) / 4
    assert mrr(items, 2) == pytest.approx(0.375)
