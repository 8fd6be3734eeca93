from __future__ import annotations

import pytest

from index.english import english_spans, english_terms, stem


@pytest.mark.parametrize(
    ("inflected", "base"),
    [
        ("companies", "company"),
        ("universities", "university"),
        ("laboratories", "laboratory"),
        ("built", "build"),
        ("raised", "raise"),
        ("raising", "raise"),
        ("making", "make"),
        ("planned", "plan"),
        ("meetings", "meet"),
        ("startups", "startup"),
        ("embargoed", "embargo"),
        ("centre", "center"),
        ("organised", "organize"),
    ],
)
def test_inflections_meet_their_base_form(inflected, base):
    assert stem(inflected) == stem(base)


def test_plurals_and_irregular_past_tenses_meet_the_words_a_gloss_uses():
    assert english_terms("companies universities laboratories built") == english_terms(
        "company university laboratory build")


def test_distinct_words_stay_distinct():
    assert stem("company") != stem("country")
    assert stem("bus") == "bus"
    assert stem("Beijing") == "beijing"  # a pinyin name is not an -ing form


def test_question_and_function_words_are_dropped():
    assert english_terms("Which company is the lab of?") == [stem("company"), stem("lab")]


def test_numbers_and_percentages_kept_as_the_tokenizer_keeps_them():
    assert english_terms("18% of 2018 and 1,500 and 55.2 %") == ["18%", "2018", "1500", "55.2%"]


def test_identifiers_whole_with_their_parts_and_possessive_dropped():
    assert english_terms("QED-C and Tencent's lab") == ["qed-c", "qed", "tencent", "lab"]


def test_us_the_country_is_not_us_the_pronoun():
    assert english_terms("Tell us about the US") == ["tell", "usa"]


def test_spans_point_at_the_source_words():
    text = "Which laboratories raised money?"
    spans = english_spans(text)
    assert [t for t, _, _ in spans] == english_terms(text)
    assert [text[s:e] for _, s, e in spans] == ["laboratories", "raised", "money"]
