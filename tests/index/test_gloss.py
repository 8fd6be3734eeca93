from __future__ import annotations

from index.english import english_terms, stem
from index.gloss import Glossary, number_english
from index.text.cedict import clean_sense, parse_cedict

CEDICT = """\
# a tiny CC-CEDICT
大學 大学 [Da4 xue2] /the Great Learning, one of the Four Books 四書|四书[Si4 shu1] in Confucianism/
大學 大学 [da4 xue2] /university/college/CL:所[suo3]/
實驗室 实验室 [shi2 yan4 shi4] /laboratory/CL:間|间[jian1]/
風險投資 风险投资 [feng1 xian3 tou2 zi1] /venture capital investment/
合肥 合肥 [He2 fei2] /Hefei, capital of Anhui Province 安徽省[An1 hui1 Sheng3]/
國防 国防 [guo2 fang2] /national defense/
高級 高级 [gao1 ji2] /high level/high grade/advanced/
研究 研究 [yan2 jiu1] /research/study/to research/
吃醋 吃醋 [chi1 cu4] /lit. to eat vinegar; fig. to feel jealous/
乾 干 [gan1] /variant of 干[gan1]/
段 段 [Duan4] /surname Duan/
段 段 [duan4] /paragraph/section/segment/
路 路 [lu4] /road (CL:條|条[tiao2])/journey/route/
明 明 [ming2] /bright/clear/
我國 我国 [wo3 guo2] /our country/
"""


def glossary(**kw) -> Glossary:
    return Glossary(parse_cedict(CEDICT.splitlines()), **kw)


def test_senses_drop_notes_classifiers_and_cross_references():
    assert clean_sense("to seize (the strategic high ground)") == ["to seize"]
    assert clean_sense("CL:個|个[ge4]") == []
    assert clean_sense("variant of 乾[qian2]") == []
    assert clean_sense("surname Duan") == []
    assert clean_sense("Hefei, capital of Anhui Province 安徽省[An1 hui1 Sheng3]") == ["Hefei"]
    assert clean_sense("abbr. for 中國科學院|中国科学院[Zhong1 guo2 Ke1 xue2 yuan4], Chinese Academy of Sciences") == [
        "Chinese Academy of Sciences"
    ]
    assert clean_sense("lit. to eat vinegar; fig. jealous") == ["to eat vinegar", "jealous"]


def test_a_word_is_glossed_by_its_dictionary_english():
    g = glossary()
    assert g.gloss(["实验室", "风险投资"]) == english_terms("laboratory venture capital investment")


def test_common_senses_come_before_names():
    assert glossary().terms("大学")[:2] == tuple(english_terms("university college"))


def test_surname_classifier_and_variant_senses_are_not_glossed():
    g = glossary()
    assert "duan" not in g.terms("段")
    assert g.terms("干") == ()
    assert "cl" not in g.terms("大学")


def test_figurative_sense_is_kept():
    assert "jealous" in glossary().terms("吃醋")


def test_sense_keeps_words_that_change_its_meaning():
    # 我国 is "our country": a question about "country" should prefer 国家.
    assert glossary().senses("我国") == (tuple(english_terms("our country", frozenset())),)


def test_missing_word_falls_back_to_the_words_inside_it():
    g = glossary()
    assert g.terms("国防高级研究") == tuple(english_terms("national defense high level grade research study"))


def test_missing_name_falls_back_to_characters_with_few_words_each():
    g = glossary(char_terms=1)
    assert g.terms("段路明") == ("paragraph", "road", "bright")


def test_latin_tokens_pass_through_normalised():
    g = glossary()
    assert g.gloss(["ibm", "qed-c", "companies", "the"]) == ["ibm", "qed-c", stem("company")]


def test_chinese_numbers_are_glossed_in_english():
    assert number_english("1.2亿") == ["120", "million"]
    assert number_english("1.06亿") == ["106", "million"]
    assert number_english("3万") == ["30000"]
    assert number_english("18%") == ["18%"]
    assert glossary().gloss(["1.06亿"]) == ["106", "million"]


def test_term_count_is_capped():
    assert len(glossary(max_terms=2).terms("研究")) == 2
