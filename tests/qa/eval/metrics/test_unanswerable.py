from __future__ import annotations

from qa.eval.metrics import unanswerable_precision, unanswerable_recall


def test_precision_and_recall_by_hand(judged):
    items = [
        judged(gold_answer="", answerable=False),  # true positive
        judged(gold_answer="", answerable=True),  # missed
        judged(gold_answer="", answerable=False),  # true positive
        judged(gold_answer="答案", answerable=False),  # false alarm
        judged(gold_answer="答案", answerable=True),  # irrelevant to both
        judged(gold_answer=None, answerable=False),  # no gold: left out
    ]
    assert unanswerable_precision(items) == 2 / 3
    assert unanswerable_recall(items) == 2 / 3


def test_undefined_without_cases(judged):
    items = [judged(gold_answer="答案", answerable=True)]
    assert unanswerable_precision(items) is None
    assert unanswerable_recall(items) is None
