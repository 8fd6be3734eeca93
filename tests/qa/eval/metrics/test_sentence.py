from __future__ import annotations

from qa.eval.metrics import sentence_accuracy
from qa.eval.metrics.sentence import sentence_correct


def test_kernel():
    assert sentence_correct("2018年，本源量子成立了联盟。", "2018 年,本源量子") == 1.0
    assert sentence_correct("联盟成员有90家。", "2018年") == 0.0
    assert sentence_correct(None, "2018年") == 0.0


def test_accuracy(judged):
    items = [
        judged(gold_answer="华翊量子", sentence="段路明创办了华翊量子公司。"),
        judged(gold_answer="华翊量子", sentence="量子计算是下一代信息技术。"),
        judged(gold_answer="华翊量子", sentence=None),
        judged(gold_answer="", sentence="whatever"),  # unanswerable: not counted
    ]
    assert sentence_accuracy(items) == 1 / 3
