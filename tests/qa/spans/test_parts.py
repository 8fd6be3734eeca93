"""The parts under the finders: tagged words slice the sentence, noun phrases keep glosses, context reads asides."""

from __future__ import annotations

from qa.spans import QuestionType
from qa.spans.chunker import chunks
from qa.spans.context import context, heads
from qa.spans.tagging import tag


def test_tagged_words_cover_the_sentence_in_order() -> None:
    sentence = "某科技园总经理顾成建表示, IonQ 在 2021 年上市。"
    tokens = tag(sentence)
    assert "".join(t.word for t in tokens) == sentence
    assert all(sentence[t.start:t.end] == t.word for t in tokens)


def test_an_unknown_name_is_one_word_tagged_oov() -> None:
    assert [(t.word, t.flag) for t in tag("总经理顾成建表示") if t.word == "顾成建"] == [("顾成建", "oov")]


def test_a_noun_phrase_keeps_its_gloss_but_not_a_remark() -> None:
    sentence = "由斯坦福国际研究院(SRI International)负责,美国Quspin公司(成立于2012年)参与。"
    found = [sentence[c.start:c.end] for c in chunks(tag(sentence))]
    assert "斯坦福国际研究院(SRI International)" in found
    assert "美国Quspin公司" in found


def test_a_firm_is_also_asked_for_by_its_short_name() -> None:
    assert heads("量子公司") == ("量子公司", "公司", "量子")
    assert "大学" in heads("universities")


def test_the_context_knows_asides_and_the_numbers_asked() -> None:
    sentence = "该公司(成立于2012年)在合肥。"
    ctx = context(sentence, QuestionType("place"), ["合肥", "2012"])
    assert ctx.numbers == frozenset({"2012"})
    assert [sentence[h.start:h.end] for h in sorted(ctx.hits, key=lambda h: h.start)] == ["2012", "合肥"]
    assert ctx.inside[sentence.index("2012")] and not ctx.inside[sentence.index("合肥")]
