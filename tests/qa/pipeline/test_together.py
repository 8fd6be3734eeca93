"""Phrases of a question the index never writes together count as unmatched (qa.pipeline.together)."""

from qa.pipeline.analyse import Query
from qa.pipeline.confidence import unmatched_terms
from qa.pipeline.together import as_written, dictionary_phrases, name_phrases, together_pattern

PHRASES = {("time", "zone"), ("take", "screenshot"), ("virtual", "machin")}.__contains__


def test_a_dictionary_phrase_is_its_words_side_by_side_or_across_an_article():
    found = dictionary_phrases("How do I change the system time zone?", PHRASES)
    assert [(p.words, p.terms) for p in found] == [(("time", "zone"), ("time", "zone"))]
    assert [p.terms for p in dictionary_phrases("How do I take a screenshot?", PHRASES)] == [("take", "screenshot")]
    assert [p.terms for p in dictionary_phrases("Start a KVM virtual machine", PHRASES)] == [("virtual", "machin")]
    # the same words apart are not the phrase
    assert dictionary_phrases("What time does the zone open?", PHRASES) == []
    assert dictionary_phrases("Which machine is virtual?", PHRASES) == []


def test_a_name_is_capitalised_words_in_a_row_inside_the_sentence():
    assert [p.words for p in name_phrases("How do I install Docker Engine on Debian?", frozenset())] == [
        ("docker", "engine")
    ]
    assert [p.words for p in name_phrases("在 Debian 上安装 Docker Engine 的命令是什么?", frozenset())] == [
        ("docker", "engine")
    ]
    # a sentence's first word is capitalised anyway; two acronyms side by side are not one name
    assert name_phrases("Docker runs here.", frozenset()) == []
    assert name_phrases("APT fails with a BADSIG GPG error.", frozenset()) == []
    # a name with its number; not a month's, nor, where the documents may translate it, an ordinary word's
    assert [p.words for p in name_phrases("When was Debian 12 released?", frozenset())] == [("debian", "12")]
    assert [p.words for p in name_phrases("Debian 12 bookworm 是哪一天发布的?", frozenset())] == [("debian", "12")]
    assert name_phrases("How many members did it have as of June 2022?", frozenset()) == []
    assert name_phrases("What does it say in Chapter 5?", frozenset({"chapter"})) == []
    # a question typed in Title Case names nothing by its capitals
    assert name_phrases("How Do I Install Docker Engine On Debian?", frozenset()) == []
    # told which words are ordinary English, a name made only of them is left out (documents may translate it)
    common = frozenset({"photon", "box", "technolog"})
    assert name_phrases("What did the outlet Photon Box publish?", common) == []
    assert [p.words for p in name_phrases("What has Weici Technology built?", common)] == [("weici", "technology")]


def test_the_pattern_finds_the_words_together_in_any_inflection():
    pattern = together_pattern(("time", "zone"))
    for text in ("set the time zone", "Time-Zone data", "all timezones", "the time zones of"):
        assert pattern.search(text), text
    for text in ("time in the zone", "a zone of time", "lifetime zone"):
        assert not pattern.search(text), text
    version = together_pattern(("debian", "1"))
    assert version.search("since Debian 1.") and not version.search("Debian 10 and Debian 11")


def test_the_terms_of_an_absent_phrase_are_unmatched_though_each_word_is_translated():
    sources = (("改变", "chang"), ("系统", "system"), ("时间", "time"), ("区", "zone"))
    words = {"改变", "系统", "时间", "区"}.__contains__
    english = {"chang", "system", "time", "zone"}.__contains__
    before = Query("How do I change the system time zone?", "en", {}, ("chang", "system", "time", "zone"),
                   sources=sources)
    assert unmatched_terms(before, words, english) == []
    after = Query(before.text, "en", {}, before.en_terms, sources=sources, absent=("time", "zone"))
    assert unmatched_terms(after, words, english) == ["time", "zone"]
    tokens = {"debian": 1.0, "docker": 1.0, "engine": 1.0}
    chinese = Query("在 Debian 上安装 Docker Engine 的命令是什么?", "mixed", tokens, (), absent=("docker", "engine"))
    assert unmatched_terms(chinese, {"debian", "docker", "engine"}.__contains__, english) == ["docker", "engine"]


def test_the_seed_articles_never_write_time_zone_but_do_write_their_own_phrases(assistant):
    def absent(question: str) -> tuple[str, ...]:
        query, _ = assistant.rank(question, assistant.embedder.encode([question])[0], 3)
        return query.absent

    assert absent("How do I change the system time zone?") == ("time", "zone")
    # the articles write 风险投资 and the investor's name: nothing of these is absent
    assert absent("How much venture capital did Weici Technology raise?") == ()
    assert absent("中关村量子科技孵化器总经理是谁?") == ()


def test_missing_words_are_shown_as_the_question_writes_them():
    assert as_written("How do I change the system time zone?", "en", ("time", "zone")) == ("time zone",)
    assert as_written("How do I take a screenshot?", "en", ("take", "screenshot")) == ("take a screenshot",)
    assert as_written("Open port 80 with ufw, then UFW again", "en", ("ufw",)) == ("ufw", "UFW")
    assert as_written("怎样用 xrandr 调整屏幕分辨率?", "zh", ("xrandr", "分辨率")) == ("xrandr", "分辨率")
    assert as_written("怎样用 xrandr 调整屏幕分辨率?", "zh", ()) == ()


def test_an_answer_it_does_not_give_says_which_words_the_articles_never_write(assistant, seed_index, capsys):
    from app.commands.answer_text import render

    answer = assistant.ask("How do I change the system time zone with ufw?", k=2)
    assert not answer.answerable
    assert set(answer.missing) == {"time zone", "ufw"}
    assert answer.to_dict()["missing"] == list(answer.missing)
    text = render(answer, colour=False, width=100)
    assert "Not found in the articles: “time zone”, “ufw”. 文章中找不到：“time zone”、“ufw”。" in text
    answered = assistant.ask("中关村量子科技孵化器总经理是谁?", k=2)
    assert answered.answerable and "missing" not in answered.to_dict()
