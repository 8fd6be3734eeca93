"""For English readers: pinyin of the answer, the sentence word by word, the English title; offsets stay true."""

from __future__ import annotations

import json

from index.text.senses import Senses, parse_senses
from qa.pipeline.gloss import LABEL, gloss_answer, gloss_passage, gloss_words, name_reading, span_reading, wants_gloss
from qa.records import Answer, Highlight, Passage

SENSES = Senses(parse_senses([
    "總經理 总经理 [zong3 jing1 li3] /general manager/CEO/",
    "告訴 告诉 [gao4 su4] /to press charges/",
    "告訴 告诉 [gao4 su5] /to tell/to inform/",
    "記者 记者 [ji4 zhe3] /reporter/journalist/",
    "合肥 合肥 [He2 fei2] /Hefei, capital of Anhui Province 安徽省[An1 hui1 Sheng3]/",
    "的 的 [de5] /of; ~'s (possessive particle)/",
    "中關村 中关村 [Zhong1 guan1 cun1] /Zhongguancun, neighborhood of Beijing/",
    "國 国 [guo2] /country/nation/",
    "盾 盾 [dun4] /shield/",
]))  # fmt: skip


def split(word: str) -> list[str]:
    return list(word)


def test_people_and_places_in_pinyin_words_with_their_senses():
    text = "总经理顾成建告诉合肥的记者，中关村"
    words = {w.text: w for w in gloss_words(text, ((100, 100 + len(text)),), SENSES, split)}
    assert words["顾成建"].en == "Gu Chengjian" and words["顾成建"].kind == "person"
    assert words["总经理"].en == "general manager; CEO" and words["总经理"].pinyin == "zongjingli"
    assert words["告诉"].en == "to tell; to inform"  # the everyday reading, not "to press charges"
    assert words["合肥"].en == "Hefei"  # the name's entry, what it is called
    assert words["中关村"].kind == "place" and words["中关村"].en == "Zhongguancun"
    assert words["中关村"].pinyin == "Zhongguancun"
    assert "，" not in words  # punctuation is not glossed
    assert words["的"].en.startswith("of")
    assert (words["顾成建"].start, words["顾成建"].end) == (103, 106)  # offsets into the original


def test_a_word_the_dictionary_lacks_is_read_by_its_parts():
    words = gloss_words("国盾", ((0, 2),), SENSES, split)
    assert [(w.text, w.en) for w in words] == [("国盾", "country + shield")]


def test_answer_spans_read_aloud():
    assert span_reading("顾成建") == "Gu Chengjian"
    assert span_reading("郭光灿、杜江峰、潘建伟") == "Guo Guangcan, Du Jiangfeng, Pan Jianwei"
    assert span_reading("IonQ") == ""  # nothing to read
    assert span_reading("38 家大学") == "" and span_reading("2018年") == ""  # the digits say it
    assert name_reading("单田芳") == "Shan Tianfang"  # the surname's own reading


def _passage_with_a_layout_break() -> tuple[str, Passage]:
    """A sentence broken by page layout: 顾成建告诉 | <caption> | 记者。 (two indexed pieces)."""
    original = "前文。顾成建告诉\n\n图片说明\n\n记者。"
    a, b = original.index("顾"), original.index("记")
    pieces = ((a, original.index("\n")), (b, len(original)))
    text = original[a:]
    sentence = Highlight(a, len(original), text, "sentence", "001:p2.s1")
    answer = Highlight(a, a + 3, "顾成建", "answer")
    p = Passage(1, "001.txt", "标题", "001:p2", a, len(original), 1.0, text, (sentence, answer), "ref", pieces)
    return original, p


def test_gloss_of_a_sentence_broken_by_layout_skips_the_gap_and_keeps_original_offsets():
    original, p = _passage_with_a_layout_break()
    assert p.clean_text == "顾成建告诉记者。"
    glossed = gloss_passage(p, "An English title", SENSES, split)
    sentence = next(h for h in glossed.highlights if h.kind == "sentence")
    assert [w.text for w in sentence.gloss] == ["顾成建", "告诉", "记者"]  # the caption is not in the sentence
    for w in sentence.gloss:
        assert original[w.start : w.end] == w.text
    assert next(h for h in glossed.highlights if h.kind == "answer").pinyin == "Gu Chengjian"
    assert glossed.title_en == "An English title"
    assert (glossed.text, glossed.start, glossed.end) == (p.text, p.start, p.end)  # the passage itself unchanged


def test_a_sentence_or_a_title_of_english_gets_no_gloss():
    # an English document's answering sentence had a "dictionary gloss" that only repeated its words, and its
    # title was shown again as its English title
    text = "F10 | exit Midnight Commander"
    sentence = Highlight(0, len(text), text, "sentence", "001:p2.s6")
    p = Passage(1, "001.txt", "Chapter 1", "001:p2", 0, len(text), 1.0, text, (sentence,), "ref")
    glossed = gloss_passage(p, "Chapter 1", SENSES, split)
    assert next(h for h in glossed.highlights if h.kind == "sentence").gloss == ()
    assert glossed.title_en == ""  # the English title is the title: not shown twice


def test_json_carries_the_gloss_as_extra_keys_only_when_there_is_one():
    _, p = _passage_with_a_layout_break()
    plain = Answer("Who?", "en", True, 0.9, (p,)).to_dict()
    keys = {"rank", "doc", "title", "citation", "start", "end", "score", "text", "highlights", "reference"}
    assert keys <= set(plain["passages"][0]) and "title_en" not in plain["passages"][0]
    assert all("gloss" not in h and "pinyin" not in h for h in plain["passages"][0]["highlights"])

    glossed = gloss_answer(Answer("Who?", "en", True, 0.9, (p,)), lambda citation: "Title", SENSES, split)
    d = json.loads(json.dumps(glossed.to_dict(), ensure_ascii=False))
    passage = d["passages"][0]
    assert passage["title_en"] == "Title"
    sentence = next(h for h in passage["highlights"] if h["kind"] == "sentence")
    assert {"text", "start", "end", "en"} <= set(sentence["gloss"][0])
    answer = next(h for h in passage["highlights"] if h["kind"] == "answer")
    assert answer["pinyin"] == "Gu Chengjian"
    assert {k: v for k, v in d.items() if k != "passages"} == {k: v for k, v in plain.items() if k != "passages"}


def test_on_by_default_for_english_questions_only():
    en, zh = Answer("Who?", "en", True, 0.9), Answer("谁?", "zh", True, 0.9)
    assert wants_gloss(en, None) and not wants_gloss(zh, None)
    assert wants_gloss(zh, True) and not wants_gloss(en, False)
    assert "not a translation" in LABEL and "非翻译" in LABEL


def test_clean_offsets_of_a_passage():
    original, p = _passage_with_a_layout_break()
    b = original.index("记")
    assert p.clean_offset(p.start) == 0
    assert p.clean_offset(b) == len("顾成建告诉")
    assert p.clean_offset(original.index("图")) == len("顾成建告诉")  # inside the gap: where the pieces join
    assert p.clean_offset(p.end) == len(p.clean_text)
