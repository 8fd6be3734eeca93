from __future__ import annotations

from index.text import segment


def test_one_jieba_for_words_search_and_tags():
    assert segment.jieba() is segment.jieba()
    assert "量子" in segment.words("量子通信干线")
    spans = list(segment.search_tokens("中国科学院"))
    assert ("科学", 2, 4) in spans and ("中国科学院", 0, 5) in spans  # search mode adds the parts
    assert segment.word_tags()["大学"].startswith("n")
    assert segment.frequency("大学") > 50 and segment.frequency("顾成建") == 0
