"""Asking the real index: answers show the source, bad questions get one clear sentence."""

from __future__ import annotations

import pytest

from qa.errors import BadQuestion


def _top_contains(answer, needle, k=5):
    return any(needle in p.text for p in answer.passages[:k])


def test_chinese_question_shows_the_answering_passage(assistant):
    answer = assistant.ask("未磁科技的无液氦心磁图仪在多少家医院装机使用?", k=5)
    assert answer.lang == "zh" and answer.answerable
    top = answer.passages[0]
    assert "十余家医院" in top.text
    doc_text = assistant.texts.text(top.citation.split(":")[0])
    assert doc_text[top.start : top.end] == top.text, "offsets point into the original file"
    for h in top.highlights:
        assert doc_text[h.start : h.end] == h.text and top.start <= h.start <= h.end <= top.end


def test_english_question_finds_the_chinese_source(assistant):
    answer = assistant.ask("Which two universities did IonQ come out of?", k=5)
    assert answer.lang == "en"
    assert _top_contains(answer, "马里兰大学和杜克大学")


def test_answer_json_has_the_contract_fields(assistant):
    d = assistant.ask("英国量子技术企业中心帮助初创企业融资多少?", k=3).to_dict()
    assert set(d) == {"question", "lang", "answerable", "confidence", "passages"}
    p = d["passages"][0]
    assert set(p) >= {"rank", "doc", "title", "citation", "start", "end", "score", "text", "highlights"}
    assert {h["kind"] for h in p["highlights"]} <= {"answer", "sentence", "term"}
    assert any(h["kind"] == "sentence" for h in p["highlights"])
    assert 0.0 <= d["confidence"] <= 1.0 and len(d["passages"]) == 3


def test_off_topic_question_is_flagged_unanswerable(assistant):
    for q in ("What is the boiling point of mercury in Fahrenheit?", "红烧肉怎么做才好吃?"):
        answer = assistant.ask(q)
        assert not answer.answerable, q


@pytest.mark.parametrize("question,needle", [
    ("", "empty"), ("   \n\t ", "empty"), ("\x00\x01\x02", "empty"), ("量" * 100_000, "limit"),
])
def test_bad_questions_get_a_clear_message(assistant, question, needle):
    with pytest.raises(BadQuestion, match=needle):
        assistant.ask(question)


@pytest.mark.parametrize("question", ["مرحبا، كيف حالك؟", "😀😀😀🎉", "量子\x07计算\x1b[31m"])
def test_other_scripts_get_an_honest_low_confidence_answer(assistant, question):
    answer = assistant.ask(question)
    if answer.lang == "other":
        assert not answer.answerable
