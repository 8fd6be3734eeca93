"""Chinese questions over English documents (the xgloss run) and fusion in an index of both languages."""

from __future__ import annotations

import pytest

from qa.pipeline import retrieve
from qa.pipeline.analyse import analyse_question, with_english_gloss
from qa.pipeline.assistant import Assistant
from qa.settings import load_settings
from tests.conftest import assistant_over

ENGLISH = {
    "010_network.txt": "Network setup\n\nThe network interface is configured in the file /etc/network/interfaces. "
                       "Restart the service after you change the address.\n\n"
                       "The wireless card needs its firmware package before it can connect.\n",
    "011_packages.txt": "Package management\n\nThe package manager downloads packages from the archive and checks "
                        "their signatures. An upgrade replaces the installed version with a newer one.\n",
}
CHINESE = {
    "001_alpha.txt": "量子计算新进展\n\n某研究院发布了新的量子计算机，拥有 72 个量子比特。该机器由张三教授团队研制。\n",
    "002_beta.txt": "钢铁工业低碳发展\n\n中国钢铁工业碳排放约占全国碳排放总量的16%。绿色低碳发展已成为核心命题。\n",
}


def _assistant(tmp_path, fake_embedder, files: dict[str, str]) -> Assistant:
    return assistant_over(tmp_path / f"corpus-{len(files)}", fake_embedder, files)


@pytest.fixture
def english_only(tmp_path, fake_embedder):
    return _assistant(tmp_path, fake_embedder, ENGLISH)


@pytest.fixture
def bilingual(tmp_path, fake_embedder):
    return _assistant(tmp_path, fake_embedder, {**ENGLISH, **CHINESE})


def test_a_chinese_question_finds_the_english_passage_through_its_dictionary_english(english_only, fake_embedder):
    a = english_only
    assert a.languages.has_english and not a.languages.bilingual
    question = "网络接口在哪个文件里配置?"
    query = analyse_question(question, a._translate, a._english)
    assert {"network", "interfac"} <= set(query.xterms) and ("网络", ("network",)) in query.xsources
    runs = retrieve.runs(query, fake_embedder.encode([question])[0], a.index, 10, a.languages.english)
    assert runs.xgloss and "xgloss" in runs.as_dict()
    best = max(runs.xgloss, key=runs.xgloss.get)
    assert "/etc/network/interfaces" in a.index.chunk(best).text
    answer = a.ask(question, k=3)
    assert "/etc/network/interfaces" in answer.passages[0].text


def test_the_dictionary_english_shares_a_tokens_weight_among_its_stems():
    from qa.pipeline.analyse import Query

    q = Query("网络配置", "zh", {"网络": 1.0, "配置": 2.0}, ())
    english = {"网络": ("network", "net"), "配置": ("configur",)}.get
    got = with_english_gloss(q, lambda t: english(t, ()))
    assert got.xterms == {"network": pytest.approx(1 / 2 ** 0.5), "net": pytest.approx(1 / 2 ** 0.5), "configur": 2.0}
    assert got.xsources == (("网络", ("network", "net")), ("配置", ("configur",)))
    assert with_english_gloss(Query("network", "en", {}, ("network",)), english) == Query("network", "en", {},
                                                                                       ("network",))


def test_no_xgloss_run_on_a_chinese_only_index(tmp_path, small_corpus, fake_embedder):
    from index.engines import engine_for

    engine = engine_for("faiss", index_dir=tmp_path / "zh-idx")
    engine.build(small_corpus, embedder=fake_embedder)
    a = Assistant(engine.open(), fake_embedder, load_settings(), engine)
    assert not a.languages.has_english and a._english is None
    question = "京沪干线全长多少公里?"
    query = analyse_question(question, a._translate, a._english)
    assert not query.xterms and not query.xsources
    runs = retrieve.runs(query, fake_embedder.encode([question])[0], a.index, 10,
                         a.languages.english if a.languages.has_english else None)
    assert runs.xgloss is None and "xgloss" not in runs.as_dict()


def test_the_xgloss_run_scores_only_english_documents(bilingual, fake_embedder):
    a = bilingual
    assert a.languages.bilingual
    question = "量子计算机的网络接口"
    query = analyse_question(question, a._translate, a._english)
    runs = retrieve.runs(query, fake_embedder.encode([question])[0], a.index, 50, a.languages.english)
    assert runs.xgloss
    assert all(a.index.documents[a.index.chunk(cid).doc].lang == "en" for cid in runs.xgloss)
    assert any(a.index.documents[a.index.chunk(cid).doc].lang == "zh" for cid in runs.zh)


def test_coverage_of_a_chinese_question_over_an_english_passage(english_only, fake_embedder):
    from qa.pipeline.confidence import gloss_coverage

    idf = {"网络": 2.0, "接口": 1.0, "量子": 1.0}.get
    xsources = (("网络", ("network",)), ("接口", ("interfac",)), ("量子", ("quantum",)))
    got = gloss_coverage(["网络", "接口", "量子"], xsources, set(), {"network", "interfac", "the"}, idf)
    assert got == pytest.approx(3 / 4)
    a = english_only
    answer = a.ask("网络接口在哪个文件里配置?", k=3)
    off = a.ask("量子计算机有多少个量子比特?", k=3)
    assert answer.confidence > off.confidence


@pytest.mark.parametrize("question", ["Which file is the network interface configured in?",
                                      "网络接口在哪个文件里配置?"])
def test_the_answering_sentence_of_an_english_passage_is_chosen_by_its_stems(english_only, question):
    from qa.pipeline.passages import english_terms

    a = english_only
    answer = a.ask(question, k=3)
    top = answer.passages[0]
    sentence = next(h for h in top.highlights if h.kind == "sentence")
    assert "/etc/network/interfaces" in sentence.text
    query = analyse_question(question, a._translate, a._english)
    assert english_terms(query) and all(not any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in english_terms(query))


def test_fusion_in_two_languages_divides_each_lexical_run_by_a_full_match():
    from qa.pipeline import fuse
    from qa.pipeline.analyse import Query

    q = Query("网络接口", "zh", {"网络": 1.0, "接口": 1.0}, (), xterms={"network": 1.0, "interfac": 1.0},
              xsources=(("网络", ("network",)), ("接口", ("interfac",))))
    idf = {"网络": 2.0, "接口": 2.0, "network": 1.5, "interfac": 2.5}.get
    full = fuse.full_match(q, lambda t: idf(t, 0.0), lambda t: idf(t, 0.0))
    assert full == {"zh": 4.0, "gloss": 0.0, "xgloss": 4.0}
    # the Chinese run's best chunk (1) holds one weak word; the English chunk (7) holds the whole question
    runs = {"zh": {1: 1.0, 2: 0.5}, "dense": {1: 0.5, 7: 0.5}, "xgloss": {7: 4.0}}
    weights = {"zh": 1.0, "dense": 0.25, "xgloss": 1.0}
    plain = dict(fuse.weighted_sum(runs, weights))
    assert plain[1] == plain[7]  # divided by the best found, the weak match counts as a full one
    balanced = dict(fuse.balanced_sum(runs, weights, full))
    assert balanced[7] == pytest.approx(1.25) and balanced[1] == pytest.approx(0.5) and balanced[2] == 0.125


def test_fusion_is_balanced_only_in_an_index_of_both_languages(bilingual, english_only, small_corpus, tmp_path,
                                                              fake_embedder):
    from index.engines import engine_for

    calls = []
    for a in (bilingual, english_only):
        a._full_match = lambda q, a=a: calls.append(a) or type(a)._full_match(a, q)
        a.ask("网络接口在哪个文件里配置?", k=3)
    assert calls == [bilingual]
    engine = engine_for("faiss", index_dir=tmp_path / "zh-idx")
    engine.build(small_corpus, embedder=fake_embedder)
    assert not Assistant(engine.open(), fake_embedder, load_settings(), engine).languages.bilingual
    answer = bilingual.ask("网络接口在哪个文件里配置?", k=3)
    assert "/etc/network/interfaces" in answer.passages[0].text


def test_a_passage_of_an_english_document_is_referenced_in_english(bilingual):
    english = bilingual.ask("Which file configures the network interface?", k=5).passages
    chinese = bilingual.ask("量子计算机有多少个量子比特?", k=5).passages
    ref_en = next(p.reference for p in english if p.doc == "010_network.txt")
    ref_zh = next(p.reference for p in chinese if p.doc == "001_alpha.txt")
    assert ref_en.startswith("\u201cNetwork setup,\u201d paragraph ")  # not 《Network setup》第2段
    assert ref_zh.startswith("《量子计算新进展》第") and ref_zh.endswith("段")
