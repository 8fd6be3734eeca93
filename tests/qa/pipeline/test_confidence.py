from __future__ import annotations

from index.tokenize import tokenize
from qa.pipeline.analyse import Query
from qa.pipeline.confidence import (
    FEATURES,
    AnswerFeatures,
    confidence,
    covered,
    english_coverage,
    unknown_terms,
    unmatched_terms,
)


def test_english_coverage_counts_gloss_and_translations():
    stems = lambda text: text.lower().split()  # noqa: E731
    got = english_coverage(["hub", "quantum", "mars"], [("中心", "hub")], {"中心"}, {"quantum"}, stems)
    assert abs(got - 2 / 3) < 1e-9


def test_a_word_the_corpus_lacks_lowers_coverage():
    q = Query("红楼梦的作者是谁", "zh", {"红楼梦": 1.0, "作者": 1.0}, ())
    idf = {"作者": 2.0}.get
    weight = lambda t: idf(t) or 5.0  # noqa: E731
    assert covered(q, {"作者"}, weight) == 2.0 / 7.0


def test_no_passage_holds_the_words_of_a_phrase_the_index_never_writes():
    # "Debian 12" over chapters that write Debian 8 and Debian 11: a passage on Debian 8's release holds
    # "debian" and "released", not the version asked about
    sources = (("发布", "releas"),)
    before = Query("When was Debian 12 released?", "en", {}, ("debian", "12", "releas"), sources=sources)
    after = Query(before.text, "en", {}, before.en_terms, sources=sources, absent=("debian", "12"))
    passage = set(tokenize("Debian 8 于 2015 年发布。"))
    weight = lambda t: 1.0  # noqa: E731
    assert covered(before, passage, weight) == 2 / 3
    assert covered(after, passage, weight) == 1 / 3
    chinese = Query("Debian 12 是哪年发布的?", "mixed", {"debian": 1.0, "12": 1.0, "发布": 1.0}, (),
                    absent=("debian", "12"))
    assert covered(chinese, passage, weight) == 1 / 3


def test_confidence_is_monotone_in_each_feature():
    coefs = {"bias": -2.0, "coverage": 2.0, "dense": 1.5, "fit": 1.5}
    low = confidence(AnswerFeatures(coverage=0.2, dense=0.2, fit=0.0), coefs)
    assert 0.0 < low < confidence(AnswerFeatures(0.9, 0.2, 0.0), coefs) < 1.0
    assert low < confidence(AnswerFeatures(0.2, 0.2, 1.0), coefs)


def test_features_are_named_in_the_order_the_logistic_reads_them():
    assert FEATURES == ("coverage", "dense", "fit", "unknown", "sentence", "unmatched", "held")
    assert AnswerFeatures(0.1, 0.2, 0.3, 1.0, 0.4, 0.5, 0.6).values() == (0.1, 0.2, 0.3, 1.0, 0.4, 0.5, 0.6)
    assert confidence(AnswerFeatures(0.0, 0.0, 0.0), {"bias": 0.0}) == 0.5


def _stems(word: str) -> list[str]:
    return [word[:-2]] if word.endswith("ed") else [word]


def test_a_latin_name_the_index_never_mentions_is_unknown():
    index_terms = {"mdadm", "part", "端口"}
    known = index_terms.__contains__
    common = {"part", "open", "port"}
    zh = Query("怎么用 ufw 开放 80 端口?", "zh", {"ufw": 1.0, "80": 1.0, "端口": 1.0}, ())
    assert unknown_terms(zh, known, common, _stems) == ["ufw"]  # a number is never one
    # in a Chinese question a Latin token is a name, spelled as it is: parted is not part
    parted = Query("怎样用 parted 缩小分区?", "zh", {"parted": 1.0, "分区": 1.0}, ())
    assert unknown_terms(parted, known, common, _stems) == ["parted"]
    held = Query("怎样用 mdadm 做 RAID?", "zh", {"mdadm": 1.0}, ())
    assert unknown_terms(held, known, common, _stems) == []


def test_english_words_count_unless_ordinary_or_translated():
    known = {"port"}.__contains__
    common = {"open", "port", "postfix", "configure"}
    q = Query("How do I open port 80 with ufw?", "en", {}, ("open", "port", "80", "ufw"))
    assert unknown_terms(q, known, common, _stems) == ["ufw"]
    # an ordinary word written with a capital inside the sentence is a name: Postfix the mail server
    q = Query("How do I configure Postfix?", "en", {}, ("configure", "postfix"))
    assert unknown_terms(q, known, common, _stems) == ["postfix"]
    # a name is spelled as written even where its stem differs: "Parted" is matched as part, yet the index
    # holding "part" does not mention parted
    q = Query("How do I shrink it with Parted?", "en", {}, ("shrink", "part"))
    assert unknown_terms(q, {"part", "shrink"}.__contains__, common | {"part"}, _stems) == ["part"]
    assert unknown_terms(q, {"parted", "shrink"}.__contains__, common | {"part"}, _stems) == []
    # the first word of a sentence is capitalised anyway; a word the question was translated through is matched
    q = Query("Configure what? Zorbix.", "en", {"佐比": 1.0}, ("configure", "zorbix"), sources=(("佐比", "zorbix"),))
    assert unknown_terms(q, known, common, _stems) == []


def test_a_word_the_index_holds_in_no_form_is_unmatched_in_either_language():
    # "screenshot": ordinary English, so no unknown name, but chapters that never mention one cannot answer it
    zh_words, en_words = {"命令行", "命令", "拍摄"}, {"command", "line"}
    in_zh, in_en = zh_words.__contains__, en_words.__contains__
    english = Query("How do I take a screenshot from the command line?", "en", {"命令行": 1.4},
                    ("take", "screenshot", "command", "line"), sources=(("命令行", "command line"), ("拍摄", "take")))
    assert unmatched_terms(english, in_zh, in_en) == ["screenshot"]
    chinese = Query("怎样在命令行截图?", "zh", {"命令行": 1.0, "截图": 1.0}, ())
    assert unmatched_terms(chinese, in_zh, in_en) == ["截图"]
    # a Chinese question over English documents: a word with a translation the index holds is matched
    over_english = Query("怎样在命令行截图?", "zh", {"命令行": 1.0, "截图": 1.0}, (),
                         xsources=(("命令行", ("command", "line")),))
    assert unmatched_terms(over_english, set().__contains__, in_en) == ["截图"]


def test_held_counts_the_answering_sentence_and_coverage_the_whole_passage(assistant):
    from qa.pipeline.confidence import passage_features

    question = "中关村量子科技孵化器总经理是谁?"
    qvec = assistant.embedder.encode([question])[0]
    query, ranked = assistant.rank(question, qvec, 5)
    index = assistant.index
    zh = index.lexical("zh")

    def weight(t):
        return zh.idf_of(t) or zh.max_idf()

    for r in ranked:
        f = passage_features(query, qvec, r, index)
        chunk = index.chunk(r.chunk)
        sentence = set(index.sentence(r.choice.row).tokens) | set(tokenize(chunk.heading))
        assert f.held == covered(query, sentence, weight)
        assert f.held <= f.coverage + 1e-9  # a sentence of the passage holds no more than the passage
    assert passage_features(query, qvec, ranked[0], index).held > 0.5  # the sentence naming 顾成建
