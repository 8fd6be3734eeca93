"""answer_spans keeps its contract for every kind: offsets that slice the sentence, scores best first."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.spans import QuestionType, SpanCandidate, answer_spans, best_span, question_type


def test_nothing_to_look_for_gives_nothing() -> None:
    assert answer_spans("量子纠缠是一种量子力学现象。", QuestionType("other")) == []
    assert answer_spans("", QuestionType("number")) == []


def test_no_candidate_of_the_asked_kind_gives_nothing() -> None:
    assert answer_spans("这是一句没有任何数字的话。", QuestionType("number")) == []


@pytest.mark.parametrize("kind", ["number", "date", "person", "place", "org", "title", "list"])
def test_offsets_slice_the_sentence_and_scores_are_sorted(kind: str) -> None:
    sentence = ("2022 年 8 月,总经理李明远宣布:公司(QuantumX Inc.)已在合肥、北京和深圳设立 3 家分公司,"
                "并发布《量子产业报告》,投资约1.2亿元,占比 18%。")
    found = answer_spans(sentence, QuestionType(kind), {"公司", "分公司"})
    assert found, kind
    assert all(isinstance(c, SpanCandidate) and sentence[c.start:c.end] == c.text for c in found)
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)


_PIECES = ["量子", "公司", "、", "和", "年", "2021", " ", "(", ")", "《", "》", "“", "”", "家", "38", "%", "亿元",
           "总经理", "李", "明远", "IonQ", "SRI International", "。", ",", "十余", "个", "大学", "州", "的", "在"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.sampled_from(
    ["number", "date", "person", "place", "org", "title", "list"]))
def test_any_text_gives_spans_that_slice_it(pieces: list[str], kind: str) -> None:
    sentence = "".join(pieces)
    for c in answer_spans(sentence, QuestionType(kind, 2, "大学", True), {"量子", "2021"}, min_score=float("-inf")):
        assert 0 <= c.start < c.end <= len(sentence)
        assert sentence[c.start:c.end] == c.text


def test_an_english_function_word_is_never_the_answer() -> None:
    # a capitalised first word reads like a name to the phrase finder: "If", "The" were marked as answers
    for sentence, question in (
        ('If "/var/lib/dpkg/status" becomes corrupt, the system loses its package selection.',
         "Where can I find an older copy?"),
        ("The daemon reads its settings once at start.", "Which organisation maintains it?"),
    ):
        found = [c.text for c in answer_spans(sentence, question_type(question))]
        assert not {"If", "The"} & set(found), found
        assert best_span(sentence, question_type(question)) is None or best_span(
            sentence, question_type(question)).text not in ("If", "The")
