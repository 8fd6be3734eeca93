"""best_span is the first of answer_spans, whatever it skips scoring, and the question's terms read once give
the same spans as the terms themselves (the second stage relies on both)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.spans import QuestionType, answer_spans, best_span, question_terms

_PIECES = ["量子", "公司", "、", "和", "年", "2021", " ", "(", ")", "《", "》", "“", "”", "家", "38", "%", "亿元",
           "总经理", "李", "明远", "IonQ", "SRI International", "。", ",", "十余", "个", "大学", "州", "的", "在",
           "位于", "合肥", "美国", "Quspin", "研究院", "院长", "及", "科罗拉多州", "杜克大学", "“济南一号”"]
_KINDS = ["number", "date", "person", "place", "org", "title", "list"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.sampled_from(_KINDS),
       st.sampled_from([None, 2, 3]), st.sampled_from(["", "大学", "公司", "州", "company"]), st.booleans(),
       st.sets(st.sampled_from(_PIECES), max_size=4), st.sampled_from([0.5, float("-inf")]))
def test_best_span_is_the_first_of_answer_spans(pieces, kind, count, focus, plural, terms, min_score) -> None:
    sentence = "".join(pieces)
    qtype = QuestionType(kind, count, focus, plural)
    found = answer_spans(sentence, qtype, terms, min_score=min_score)
    assert best_span(sentence, qtype, terms, min_score=min_score) == (found[0] if found else None)
    assert answer_spans(sentence, qtype, question_terms(terms), min_score=min_score) == found


def test_best_span_finds_the_asked_organisation() -> None:
    sentence = "该项目由北京量子信息科学研究院牵头,联合清华大学和中国科学技术大学共同完成。"
    span = best_span(sentence, QuestionType("org", focus="研究院"), {"项目", "牵头"})
    assert span is not None and span.text == "北京量子信息科学研究院"


@pytest.mark.parametrize(("sentence", "qtype", "terms"), [
    # two spans from one start tie on their score: the one answer_spans lists first wins
    (",个)家Quspin杜克大学( 年、%《研究院2021“", QuestionType("place", focus="大学"), {"》", "大学", "院长"}),
    # a span whose bound only equals the best found must still be scored: it may start earlier
    ("年州科罗拉多州总经理", QuestionType("title", focus="州"), {")", "和", "总经理"}),
])
def test_best_span_breaks_ties_as_answer_spans_does(sentence: str, qtype: QuestionType, terms: set[str]) -> None:
    found = answer_spans(sentence, qtype, terms)
    assert found and best_span(sentence, qtype, terms) == found[0]
