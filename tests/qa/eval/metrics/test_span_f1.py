from __future__ import annotations

import pytest

from qa.eval.metrics import span_f1
from qa.eval.metrics.span_f1 import char_f1


def test_chinese_is_scored_by_character():
    # pred 华翊量子公司 (6 chars), gold 华翊量子 (4): P = 4/6, R = 1, F1 = 0.8
    assert char_f1("华翊量子公司", "华翊量子") == pytest.approx(0.8)
    # whitespace tokens would give 0 here; characters give 2/3 precision and 2/2 recall = 0.8
    assert char_f1("京沪干", "京沪") == pytest.approx(0.8)


def test_latin_words_are_tokens():
    # pred [it, has, 200, members], gold [200, members]: P = 2/4, R = 1, F1 = 2/3
    assert char_f1("It has 200 members", "200 members") == pytest.approx(2 / 3)
    assert char_f1("IBM量子", "ibm 量子") == 1.0
    assert char_f1("2018", "200 members") == 0.0
    assert char_f1(None, "x") == 0.0


def test_repeated_characters_count_once_each():
    # pred 量量 vs gold 量子: common = 1 (min counts), P = 1/2, R = 1/2
    assert char_f1("量量", "量子") == pytest.approx(0.5)


def test_mean(judged):
    items = [judged(gold_answer="华翊量子", span="华翊量子公司"), judged(gold_answer="华翊量子", span=None)]
    assert span_f1(items) == pytest.approx(0.4)
