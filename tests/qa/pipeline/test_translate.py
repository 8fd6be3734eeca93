from __future__ import annotations

import math
from collections import Counter

import pytest

from index.gloss import Glossary
from index.pairs import mine_pairs
from index.text.cedict import parse_cedict
from index.tokenize import tokenize
from qa.pipeline.translate import Translator
from qa.pipeline.translate_lexicon import pinyin_key
from qa.pipeline.translate_numbers import chinese_numbers

CEDICT = """\
風險投資 风险投资 [feng1 xian3 tou2 zi1] /venture capital investment/
風險 风险 [feng1 xian3] /risk/hazard/
投資 投资 [tou2 zi1] /investment/to invest/
資本 资本 [zi1 ben3] /capital (economics)/
首都 首都 [shou3 du1] /capital (city)/
量子 量子 [liang4 zi3] /quantum/
通信 通信 [tong1 xin4] /communications/
量子通信 量子通信 [liang4 zi3 tong1 xin4] /quantum communication/
實驗室 实验室 [shi2 yan4 shi4] /laboratory/
公司 公司 [gong1 si1] /company/firm/
企業 企业 [qi3 ye4] /company/firm/enterprise/
馬克 马克 [Ma3 ke4] /Mark (name)/
做 做 [zuo4] /to make/to do/
合肥 合肥 [He2 fei2] /Hefei, capital of Anhui Province/
北京 北京 [Bei3 jing1] /Beijing/
背景 背景 [bei4 jing3] /background/
美元 美元 [Mei3 yuan2] /American dollar/US dollar/
英鎊 英镑 [Ying1 bang4] /pound sterling/
國家 国家 [guo2 jia1] /country/nation/state/
我國 我国 [wo3 guo2] /our country/
發達國家 发达国家 [fa1 da2 guo2 jia1] /developed nation/
發達 发达 [fa1 da2] /developed/flourishing/
技術 技术 [ji4 shu4] /technology/
創新 创新 [chuang4 xin1] /innovation/
中心 中心 [zhong1 xin1] /center/
線 线 [xian4] /thread/line/
干線 干线 [gan4 xian4] /main line/trunk line/
"""

CORPUS = [
    "2018年美国通过《国家量子倡议法案》(National Quantum Initiative Act, NQI),推动量子通信。",
    "风险投资和资本市场支持量子企业,首都北京有多家公司。",
    "段路明院士创办了华翊量子,中关村量子科技孵化器总经理介绍了合肥的实验室。",
    "英国中心帮助初创企业融资1.06亿英镑,另一家公司获得1.2亿美元,外资占18%,成员有38家大学。",
    "日本有量子技术创新中心(Quantum Technology Innovation Hubs)。发达国家和我国的背景。",
    "马克思主义。IBM 与 QED-C 合作。京沪干线。",
]


def idf_of(docs: list[str]) -> dict[str, float]:
    df = Counter(t for d in docs for t in set(tokenize(d)))
    n = len(docs)
    return {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}


@pytest.fixture(scope="module")
def translator() -> Translator:
    glossary = Glossary(parse_cedict(CEDICT.splitlines()))
    pairs = [p for d in CORPUS for p in mine_pairs(d)]
    return Translator(glossary, pairs, idf_of(CORPUS))


def weights(translator: Translator, question: str) -> dict[str, float]:
    return {t.token: t.weight for t in translator.translate(question)}


def test_phrase_beats_its_words(translator):
    w = weights(translator, "Who gives venture capital?")
    assert "风险投资" in w
    assert w["风险投资"] > w.get("资本", 0.0)
    assert w["风险投资"] > w.get("首都", 0.0)


def test_phrase_made_of_index_tokens(translator):
    w = weights(translator, "Has quantum communication been built?")
    assert {"量子", "通信"} <= set(w)


def test_corpus_pairs_translate_acronyms_and_full_names(translator):
    for question in ("What is the NQI?", "What did the National Quantum Initiative Act say?"):
        assert {"倡议", "法案"} <= set(weights(translator, question))


def test_pinyin_finds_names_and_places(translator):
    assert "段路明" in weights(translator, "Which company did Duan Luming found?")
    assert "中关村" in weights(translator, "Who manages the Zhongguancun incubator?")
    assert "合肥" in weights(translator, "Which labs are in Hefei?")


def test_pinyin_ignores_spaces_case_and_tones():
    assert pinyin_key("Duan Lu-ming") == "duanluming" == pinyin_key("DUANLUMING")


def test_ordinary_english_word_is_not_read_as_pinyin(translator):
    assert "马克" not in weights(translator, "Did they make money?")


def test_sound_alike_name_prefers_the_dictionary_reading(translator):
    w = weights(translator, "Which companies are in Beijing?")
    assert "北京" in w and "背景" not in w


def test_money_in_chinese_notation(translator):
    w = weights(translator, "They raised 106 million pounds and 120 million dollars.")
    assert {"1.06亿", "英镑", "1.2亿", "美元"} <= set(w)


def test_percent_and_year_and_count(translator):
    w = weights(translator, "Is it 18% since 2018, with 38 universities?")
    assert {"18%", "2018", "38"} <= set(w)


def test_chinese_number_forms():
    assert chinese_numbers(120_000_000) == ["1.2亿", "12000万", "120000000"]
    assert chinese_numbers(35_000) == ["3.5万", "35000"]
    assert chinese_numbers(232) == ["232"]


def test_latin_identifiers_kept(translator):
    w = weights(translator, "Does IBM work with QED-C?")
    assert {"ibm", "qed-c"} <= set(w)


def test_an_english_word_the_corpus_writes_only_in_latin_letters_counts_in_full():
    # a manual's "pager" (the command) has no Chinese word in the corpus (分页程序 is not in the dictionary):
    # at the weight of an English word that also occurs in prose (0.2), the one row naming it ranked nowhere
    glossary = Glossary(parse_cedict(["尋呼機 寻呼机 [xun2 hu1 ji1] /pager/", "公司 公司 [gong1 si1] /company/"]))
    corpus = ["默认的 pager 是 more。", "公司使用分页程序。", "Company reports."]
    w = {t.token: t for t in Translator(glossary, [], idf_of(corpus)).translate("Which pager does the company use?")}
    assert w["pager"].weight == 1.0  # nothing else in the corpus can stand for it
    assert w["company"].weight < w["公司"].weight  # a word the corpus also writes in Chinese: the Chinese counts


def test_only_corpus_tokens_are_returned(translator):
    idf = translator.idf
    assert all(t.token in idf for t in translator.translate("What capital did the venture firm invest in London?"))


def test_a_word_with_many_senses_shares_its_weight(translator):
    w = weights(translator, "Which company?")
    assert set(w) == {"公司", "企业"}
    assert sum(w.values()) == pytest.approx(1.0, abs=0.01)


def test_candidates_per_word_are_capped(translator):
    small = Translator(translator._glossary, [], translator.idf, max_per_word=1)
    assert len(weights(small, "Which company?")) == 1


def test_of_equally_sure_senses_the_one_the_corpus_uses_most_is_kept():
    # five senses of "level" as sure as each other, room for two: the corpus's own word must be among them,
    # whatever their order in the dictionary or in code points
    cedict = [f"{h} {h} [x] /level/" for h in ("层次", "层级", "水平", "程度", "级别")]
    corpus = ["内核的错误级别。", "日志的级别。", "级别 3 的消息。",
              "水平很高。", "层次分明。", "程度不同。", "层级结构。"]
    small = Translator(Glossary(parse_cedict(cedict)), [], idf_of(corpus), max_per_word=2)
    assert "级别" in weights(small, "Which kernel level?")


def test_specific_sense_beats_a_possessive_one(translator):
    w = weights(translator, "Which country?")
    assert w["国家"] > w.get("我国", 0.0)


def test_synonym_from_the_dictionary_finds_a_phrase(translator):
    assert "发达国家" in weights(translator, "Which developed countries?")


def test_word_learnt_from_a_corpus_pair(translator):
    # "hub" is in no dictionary sense here; the pair 量子技术创新中心 = Quantum
    # Technology Innovation Hubs leaves it beside 中心.
    assert "中心" in weights(translator, "Where is the hub?")


def test_pair_inside_a_longer_name_counts_less(translator):
    alone = weights(translator, "What is NQI?")
    inside = weights(translator, "What is the NQI Review Board?")
    assert inside["法案"] < alone["法案"]


def test_an_acronym_the_corpus_writes_as_it_is_outweighs_its_pair(translator):
    # the corpus writes NQI itself: its full name's words (倡议, 法案) are there as well, but each common word of
    # a long name (APT: 高级软件包工具) would match passages that never name it
    w = weights(translator, "What is the NQI?")
    assert w["nqi"] > 2 * w["法案"] > 0


def test_chinese_inside_an_english_question(translator):
    assert "实验室" in weights(translator, "Where is the 实验室?")


def test_terms_are_unique_and_sorted_by_weight(translator):
    terms = translator.translate("Which quantum company raised 120 million dollars in Hefei?")
    assert len({t.token for t in terms}) == len(terms)
    assert [t.weight for t in terms] == sorted((t.weight for t in terms), reverse=True)
    assert all(t.source for t in terms)


def test_a_surer_phrase_inside_an_earlier_one_wins():
    # "China and the United States": "china unit" is a part of 中国联合航空 (China United Airlines), "unit
    # state" a whole sense of 美国. Read left to right, the first took "united" and left "states" alone.
    cedict = CEDICT + """\
中國聯合航空 中国联合航空 [Zhong1 guo2 Lian2 he2 Hang2 kong1] /China United Airlines/
美國 美国 [Mei3 guo2] /United States/USA/
中國 中国 [Zhong1 guo2] /China/
聯合 联合 [lian2 he2] /to combine/to unite/joint/
"""
    corpus = [*CORPUS, "中国和美国的专利申请量遥遥领先。", "中国联合航空。"]
    translator = Translator(Glossary(parse_cedict(cedict.splitlines())), [], idf_of(corpus))
    w = weights(translator, "What share do China and the United States hold?")
    assert "美国" in w and "中国" in w
    assert w["美国"] >= max(w.get("联合", 0.0), w.get("航空", 0.0))
