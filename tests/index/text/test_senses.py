"""CC-CEDICT's senses for a reader: as written, cleaned for display, and those of the reading a word has."""

from __future__ import annotations

from index.text.senses import Senses, display_sense, join_senses, load, normalise_pinyin, parse_senses

LINES = [
    "# a comment",
    "了 了 [le5] /(completed action marker)/(modal particle indicating change of state, situation now)/",
    "了 了 [liao3] /to finish/to achieve/variant of 瞭|了[liao3]/to understand clearly/",
    "的 的 [de5] /of; ~'s (possessive particle)/(used after an attribute)/",
    "的 的 [di1] /a taxi; a cab (abbr. for 的士[di1 shi4])/",
    "告訴 告诉 [gao4 su4] /to press charges/to file a complaint/",
    "告訴 告诉 [gao4 su5] /to tell/to inform/to let know/",
    "合肥 合肥 [He2 fei2] /Hefei, capital of Anhui Province 安徽省[An1 hui1 Sheng3]/",
    "公司 公司 [gong1 si1] /company; firm; corporation/CL:家[jia1]/",
    "和 和 [He2] /surname He/",
    "和 和 [he2] /(joining two nouns) and; together with; with (Taiwan pr. [han4])/",
    "之 之 [zhi1] /(possessive particle, literary equivalent of 的[de5])/",
    "綠 绿 [lu:4] /green/",
]


def test_senses_are_shown_as_written_without_pointers_classifiers_or_variants():
    packed = parse_senses(LINES)
    senses = Senses(packed)
    assert senses.gloss("公司", "gong1si1") == "company; firm; corporation"  # not stemmed, no CL:
    assert senses.gloss("和", "he2") == "(joining two nouns) and; together with; with"  # no Taiwan reading
    assert senses.gloss("之", "zhi1") == "(possessive particle, literary equivalent)"  # the reference taken out
    assert senses.gloss("合肥", "he2fei2", proper=True) == "Hefei"  # a name keeps what it is called
    assert senses.gloss("绿", "lv4") == "green" and "綠" in senses  # ü as pypinyin writes it; traditional too
    assert "surname" not in senses.gloss("和", "he2", proper=True)


def test_the_reading_in_the_sentence_chooses_the_senses():
    senses = Senses(parse_senses(LINES))
    assert senses.gloss("的", "de5") == "of; ~'s (possessive particle)"
    assert senses.gloss("的", "di1") == "a taxi; a cab"
    assert senses.gloss("了", "liao3") == "to finish; to achieve"
    assert senses.gloss("了", "le5").startswith("(completed action marker)")
    # pypinyin rarely knows a word's neutral tone: 告诉 read gao4su4 is still "to tell"
    assert senses.gloss("告诉", "gao4su4") == "to tell; to inform"
    assert senses.gloss("没有", "mei2you3") == ""


def test_display_cleaning_and_joining():
    assert display_sense("variant of 瞭|了[liao3]") == ""
    assert display_sense("CL:家[jia1]") == ""
    assert display_sense("surname Gu") == ""
    assert display_sense("Beijing, capital of the People's Republic of China", proper=True) == "Beijing"
    assert join_senses(["to establish", "to found", "to launch"]) == "to establish; to found"
    long = "x" * 45
    assert join_senses([long, "short"]) == long  # a long first sense is never cut
    assert normalise_pinyin("Zhong1 guo2") == "zhong1guo2" and normalise_pinyin("lu:4") == "lv4"


def test_parsed_once_then_read_from_the_cache(tmp_path):
    source = tmp_path / "cedict.txt"
    source.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    first = load(source, cache_dir=tmp_path / "cache")
    assert list((tmp_path / "cache").glob("senses-*.pkl"))
    second = load(source, cache_dir=tmp_path / "cache")
    assert first.packed == second.packed and second.gloss("公司", "gong1si1")
