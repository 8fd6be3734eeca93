from __future__ import annotations

from qa.eval.metrics.text import contains, normalize, tokens


def test_normalize_folds_width_case_and_whitespace():
    assert normalize("２０１８ 年，ＩＢＭ\u3000Ｑ") == "2018年,ibmq"
    assert normalize(None) == ""


def test_contains_ignores_spacing_and_width():
    assert contains("2018年,本源量子对标美国IBM公司", "2018 年，本源量子对标美国 IBM 公司")
    assert not contains("anything", "")
    assert not contains(None, "x")


def test_tokens_are_characters_for_chinese_and_words_for_latin():
    assert tokens("本源量子 IBM 2018年, 55.2%") == ["本", "源", "量", "子", "ibm", "2018", "年", "55", "2"]
    assert tokens("") == []
