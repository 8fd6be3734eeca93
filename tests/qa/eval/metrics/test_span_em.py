from __future__ import annotations

from qa.eval.metrics import span_exact_match
from qa.eval.metrics.span_em import exact_match


def test_kernel():
    assert exact_match("2018年", "2018 年") == 1.0
    assert exact_match("ＩＢＭ", "ibm") == 1.0
    assert exact_match("2018年成立", "2018年") == 0.0
    assert exact_match(None, "2018年") == 0.0
    assert exact_match("", "") == 0.0


def test_mean(judged):
    items = [judged(gold_answer="京沪干线", span="京沪干线"), judged(gold_answer="京沪干线", span="京沪")]
    assert span_exact_match(items) == 0.5
