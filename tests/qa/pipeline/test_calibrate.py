"""The build's own answerable thresholds: written by a build, read back, between the two medians, deterministic."""

from __future__ import annotations

import json

import pytest

from index import store
from index.build import build
from index.errors import CorruptIndex
from qa.pipeline import calibrate
from qa.pipeline.assistant import Assistant
from qa.settings import load_settings
from tests.conftest import SEEDS, FakeEmbedder, calibrated_elsewhere


def _finish(folder):
    return calibrate.finish(folder, FakeEmbedder())


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory):
    index = tmp_path_factory.mktemp("calibrated")
    build(SEEDS, index, embedder=FakeEmbedder(), finish=_finish)
    return index


def test_a_build_writes_its_calibration_and_checksums_it(calibrated):
    folder = store.current_dir(calibrated)
    assert (folder / calibrate.CALIBRATION).is_file()
    meta = store.read_meta(calibrated)
    assert calibrate.CALIBRATION in meta.checksums
    assert sorted([*meta.checksums, "meta.json"]) == sorted(p.name for p in folder.iterdir() if p.is_file())


def test_the_threshold_lies_between_the_off_topic_and_pseudo_question_medians(calibrated):
    cal = Assistant.load(calibrated, embedder=FakeEmbedder(), check_corpus=False).calibration
    assert cal is not None and cal.thresholds
    for lang, z in cal.thresholds.items():
        off, pseudo = cal.offtopic_median[lang], cal.pseudo_mean[lang]
        assert off < z < pseudo
        assert z == pytest.approx(off + calibrate.SHARE * (pseudo - off), abs=1e-3)
    bundled = calibrate.offtopic_questions()
    for lang in ("zh", "en"):
        assert cal.counts[lang][0] == sum(1 for q_lang, _ in bundled if q_lang == lang) >= 50


def test_the_calibration_never_sees_the_off_topic_questions_the_benchmark_measures_with():
    from pathlib import Path

    measured = Path(__file__).resolve().parents[3] / "bench" / "data" / "offtopic.jsonl"
    held_out = {json.loads(line)["question"] for line in measured.read_text(encoding="utf-8").splitlines() if line}
    asked = {q for _, q in calibrate.offtopic_questions()}
    assert held_out and asked and not held_out & asked


def test_answers_are_judged_by_the_calibrated_threshold(calibrated):
    assistant = Assistant.load(calibrated, embedder=FakeEmbedder(), check_corpus=False)
    for question in ("量子通信干线有哪些?", "Who founded the company in 2018?"):
        answer = assistant.ask(question, k=3)
        expected = assistant.calibration.threshold(answer.lang, assistant.settings.answerable_threshold)
        assert answer.threshold == pytest.approx(expected)
        assert answer.answerable == (answer.confidence >= expected and bool(answer.passages))


def test_a_mixed_question_takes_the_chinese_threshold(calibrated):
    # Chinese with a Latin name is judged with the Chinese coefficients, so by the Chinese line too
    assistant = Assistant.load(calibrated, embedder=FakeEmbedder(), check_corpus=False)
    answer = assistant.ask("Debian bullseye 自带的 Python 是哪个版本?", k=3)
    assert answer.lang == "mixed"
    assert answer.threshold == pytest.approx(assistant.calibration.threshold("zh", -1.0))
    assert answer.threshold != pytest.approx(assistant.settings.answerable_threshold)


def test_without_a_calibration_the_toml_threshold_holds(tmp_path):
    build(SEEDS, tmp_path / "plain", embedder=FakeEmbedder())
    assert not (store.current_dir(tmp_path / "plain") / calibrate.CALIBRATION).exists()
    assistant = Assistant.load(tmp_path / "plain", embedder=FakeEmbedder(), check_corpus=False)
    assert assistant.calibration is None
    toml = load_settings().answerable_threshold
    assert assistant.threshold("zh") == assistant.threshold("en") == toml
    assert assistant.ask("量子通信干线有哪些?", k=1).threshold == toml


def test_calibration_is_deterministic(calibrated, tmp_path):
    assistant = Assistant.load(calibrated, embedder=FakeEmbedder(), check_corpus=False)
    first = calibrate.pseudo_questions(assistant.index)
    assert first == calibrate.pseudo_questions(assistant.index)
    assert 0 < len({p.row for p in first}) <= calibrate.N_PSEUDO
    assert {p.lang for p in first} == {"zh", "en"}
    build(SEEDS, tmp_path / "again", embedder=FakeEmbedder(), finish=_finish)
    again = (store.current_dir(tmp_path / "again") / calibrate.CALIBRATION).read_bytes()
    assert again == (store.current_dir(calibrated) / calibrate.CALIBRATION).read_bytes()


def test_a_language_whose_pseudo_questions_score_no_higher_keeps_the_toml_threshold():
    cal = calibrate.fit({"zh": [-3.0, -2.0], "en": [0.5, 1.0]}, {"zh": [1.0, 2.0], "en": [0.0, 0.2]})
    assert set(cal.thresholds) == {"zh"}
    assert cal.threshold("en", 0.6) == 0.6
    assert cal.threshold("mixed", 0.6) == 0.6
    assert 0.0 < cal.threshold("zh", 0.6) < 1.0


def test_a_damaged_calibration_is_caught_by_the_checksums(calibrated, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(calibrated, copy, symlinks=True)
    path = store.current_dir(copy) / calibrate.CALIBRATION
    data = json.loads(path.read_text(encoding="utf-8"))
    data["thresholds"] = {"zh": -20.0, "en": -20.0}
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CorruptIndex):
        Assistant.load(copy, embedder=FakeEmbedder(), check_corpus=False)


def test_a_build_calibrated_under_other_coefficients_answers_from_the_toml_threshold(calibrated, tmp_path):
    # the line lies on the log-odds of the coefficients it was fitted under: under others it means nothing
    import shutil

    from qa.pipeline.calibration import parse_calibration

    settings = load_settings()
    fresh = Assistant.load(calibrated, embedder=FakeEmbedder(), check_corpus=False)
    assert fresh.calibration is not None and fresh.calibration.fits(settings.confidence)
    old = {"version": 1, "thresholds": {"zh": 0.4}, "offtopic_median": {"zh": -1.0}, "pseudo_median": {"zh": 2.5},
           "counts": {"zh": [15, 60]}, "share": 0.4}
    cal = parse_calibration(json.dumps(old).encode("utf-8"))
    assert cal is not None and cal.pseudo_mean == {"zh": 2.5} and not cal.fits(settings.confidence)
    assert parse_calibration(json.dumps({**old, "version": 99}).encode("utf-8")) is None
    changed = {lang: {**c, "bias": c["bias"] + 1.0} for lang, c in settings.confidence.items()}
    assert not fresh.calibration.fits(changed)

    copy = tmp_path / "older"
    shutil.copytree(calibrated, copy, symlinks=True)
    calibrated_elsewhere(copy)
    older = Assistant.load(copy, embedder=FakeEmbedder(), check_corpus=False)
    assert older.calibration is None
    assert older.ask("量子通信干线有哪些?", k=1).threshold == settings.answerable_threshold


def test_a_chinese_pseudo_question_keeps_the_latin_words_of_its_sentence_apart():
    # joined without a space, "dpkg" and "GNU" ran together into "dpkggnu", a name the index never uses,
    # and the pseudo-question was judged as naming something unknown
    from index.tokenize import tokenize

    sentence = "使用 apt 和 dpkg 或者 GNU 工具安装软件包，然后重新启动系统服务并检查日志文件。"
    chinese = next(q for q in calibrate._questions(0, sentence) if q.lang == "zh")
    latin = {t for t in tokenize(chinese.text) if t.isascii()}
    assert latin and latin <= {t for t in tokenize(sentence) if t.isascii()}
    assert calibrate.run_together(["apt-get", "GNU", "安装", "8", "个"]) == "apt-get GNU安装8个"


def test_pseudo_questions_in_the_other_language_are_written_in_words_not_stems():
    english = next(q for q in calibrate._questions(0, "使用 dpkg 工具安装软件包，然后重新启动系统服务并检查日志文件。")
                   if q.lang == "en").text
    words = english.rstrip("?").split()
    assert "software" in words and "inspection" in words  # the gloss field's stems: softwar, inspect
    assert "dpkg" in calibrate._english_of("dpkg") and calibrate._english_of("安装") == "install"
    chinese = next(q for q in calibrate._questions(
        0, "You can use apt-get to install the package and then restart the service to check the log files.")
        if q.lang == "zh").text
    assert "apt-get" in chinese and "使用" in chinese and "重启" in chinese
    assert "动不动" not in chinese  # "apt", a part of apt-get, is no English word to translate


def test_qa_info_says_where_the_line_comes_from(calibrated):
    from qa.pipeline.calibration import describe

    coefficients = load_settings().confidence
    cal = Assistant.load(calibrated, embedder=FakeEmbedder(), check_corpus=False).calibration
    assert describe(cal, coefficients) == "fitted by this build"
    assert "kept no calibration" in describe(None, coefficients)
    other = {lang: {**c, "coverage": 0.0} for lang, c in coefficients.items()}
    assert "other confidence coefficients" in describe(cal, other) and "qa build" in describe(cal, other)


def test_an_edit_moves_only_the_pseudo_questions_of_the_sentences_it_touches(calibrated, tmp_path):
    # drawn by row, a line added at the top of one article shifted every row after it, and the whole sample
    # with it (the line moved by up to 0.06 of confidence); drawn by a hash of each sentence, it stays
    import shutil

    corpus = tmp_path / "seeds"
    shutil.copytree(SEEDS, corpus)
    first = sorted(corpus.glob("*.txt"))[0]
    first.write_text("编者按：本文内容仅供参考，转载请注明出处。\n\n" + first.read_text(encoding="utf-8"),
                     encoding="utf-8")
    build(corpus, tmp_path / "edited", embedder=FakeEmbedder())
    before = Assistant.load(calibrated, embedder=FakeEmbedder(), check_corpus=False)
    after = Assistant.load(tmp_path / "edited", embedder=FakeEmbedder(), check_corpus=False)
    old = {p.text for p in calibrate.pseudo_questions(before.index)}
    new = {p.text for p in calibrate.pseudo_questions(after.index)}
    assert len(old) > 100 and len(old ^ new) <= 4


def test_in_an_index_of_both_languages_each_document_language_gets_its_own_line():
    from qa.pipeline.calibration import cell

    offtopic = {"zh": [-3.0, -2.0, -1.0], "en": [-2.0]}
    pseudo = {"zh": [1.0] * 30 + [3.0] * 30, cell("zh", "zh"): [3.0] * 30, cell("zh", "en"): [1.0] * 30,
              cell("en", "zh"): [2.0] * (calibrate.MIN_CELL - 1), "en": [2.0] * (calibrate.MIN_CELL - 1)}
    cal = calibrate.fit(offtopic, pseudo, share=0.5)
    # each cell on its question language's off-topic median (-2): half way to its own pseudo-question mean
    assert cal.thresholds == {"zh": 0.0, "zh>zh": 0.5, "zh>en": -0.5, "en": 0.0}
    assert cal.threshold("zh", 0.6, "en") < cal.threshold("zh", 0.6) < cal.threshold("zh", 0.6, "zh")
    # too few pseudo-questions for a line of its own: the question language's line
    assert cal.threshold("en", 0.6, "zh") == cal.threshold("en", 0.6) == 0.5


def test_an_answer_is_judged_by_the_line_of_its_first_passages_language(tmp_path):
    import shutil

    from qa.pipeline.calibration import calibrated_lang

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    english = SEEDS.parent / "bench" / "data" / "debian" / "corpus" / "en"
    for name in ("04_authentication.txt", "05_network_setup.txt"):
        shutil.copyfile(english / name, corpus / name)
    build(corpus, tmp_path / "index", embedder=FakeEmbedder(), finish=_finish)
    assistant = Assistant.load(tmp_path / "index", embedder=FakeEmbedder(), check_corpus=False)
    cal, toml = assistant.calibration, assistant.settings.answerable_threshold
    assert {"zh>zh", "zh>en", "en>zh", "en>en"} & set(cal.thresholds)
    seen = set()
    for question in ("Which file holds the shadow passwords?", "量子通信干线有哪些?", "Who founded the company?",
                     "/etc/shadow 文件属于哪个组?"):
        answer = assistant.ask(question, k=3)
        lang, doc_lang = calibrated_lang(answer.lang), assistant.doc_lang(answer.passages[0].doc)
        assert answer.threshold == pytest.approx(cal.threshold(lang, toml, doc_lang))
        if f"{lang}>{doc_lang}" in cal.thresholds:
            seen.add(doc_lang)
            assert answer.threshold != pytest.approx(cal.threshold(lang, toml))  # not the pooled line
    assert seen == {"zh", "en"}
