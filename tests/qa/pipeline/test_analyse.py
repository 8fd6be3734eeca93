"""Question analysis: the language, the Chinese terms with weights, the English terms and their sources."""

from __future__ import annotations

import pytest

from qa.pipeline.analyse import analyse
from qa.pipeline.translate import QueryTerm


@pytest.mark.parametrize("text,lang", [
    ("QED-C由哪个机构负责管理?", "zh"),
    ("How many universities are members of QED-C?", "en"),
    ("Which company heads the working group 教育工作组 at QuIC?", "mixed"),
    ("مرحبا بالعالم", "other"),
])
def test_the_query_carries_the_question_language(text, lang):
    assert analyse(text).lang == lang


def test_a_chinese_question_is_a_bag_of_its_tokens():
    q = analyse("量子通信和量子计算有什么区别?")
    assert q.lang == "zh" and q.en_terms == () and q.sources == ()
    assert q.zh_terms["量子"] == 2.0 and q.zh_terms["通信"] == 1.0


def test_an_english_question_takes_the_translation_and_remembers_its_source():
    def translate(text):
        return [QueryTerm("投资", 1.0, "word", "investment"), QueryTerm("量子", 0.5, "word", "quantum")]

    q = analyse("quantum investment", translate, lambda text: text.split())
    assert q.lang == "en" and q.en_terms == ("quantum", "investment")
    assert q.zh_terms == {"投资": 1.0, "量子": 0.5}
    assert q.sources == (("投资", "investment"), ("量子", "quantum"))


def test_a_mixed_question_adds_the_translation_to_its_chinese_tokens():
    def translate(text):
        return [QueryTerm("工作组", 0.5, "word", "working group")]

    q = analyse("Which company heads the working group 教育工作组 at QuIC?", translate, lambda text: [])
    assert q.lang == "mixed" and q.zh_terms["工作组"] >= 1.5  # its own token once, plus the translation


def test_without_a_translator_latin_words_still_match_as_they_are():
    assert analyse("IonQ 2021").zh_terms == {"ionq": 1.0, "2021": 1.0}


def test_the_question_type_comes_from_the_function_passed_in():
    assert analyse("谁创办了本源量子?", question_type=lambda text: "who").qtype == "who"
    assert analyse("谁创办了本源量子?").qtype is None
