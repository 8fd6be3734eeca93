from __future__ import annotations

from qa.pipeline.analyse import Query
from qa.pipeline.confidence import FEATURES, AnswerFeatures, confidence, english_coverage, features


def test_english_coverage_counts_gloss_and_translations():
    stems = lambda text: text.lower().split()  # noqa: E731
    got = english_coverage(["hub", "quantum", "mars"], [("中心", "hub")], {"中心"}, {"quantum"}, stems)
    assert abs(got - 2 / 3) < 1e-9


def test_a_word_the_corpus_lacks_lowers_coverage():
    q = Query("红楼梦的作者是谁", "zh", {"红楼梦": 1.0, "作者": 1.0}, ())
    idf = {"作者": 2.0}.get
    weight = lambda t: idf(t) or 5.0  # noqa: E731
    f = features(q, {"作者"}, set(), weight, dense=0.3, fit=0.0)
    assert f.coverage == 2.0 / 7.0 and f == AnswerFeatures(2.0 / 7.0, 0.3, 0.0)


def test_confidence_is_monotone_in_each_feature():
    coefs = {"bias": -2.0, "coverage": 2.0, "dense": 1.5, "fit": 1.5}
    low = confidence(AnswerFeatures(coverage=0.2, dense=0.2, fit=0.0), coefs)
    assert 0.0 < low < confidence(AnswerFeatures(0.9, 0.2, 0.0), coefs) < 1.0
    assert low < confidence(AnswerFeatures(0.2, 0.2, 1.0), coefs)


def test_features_are_named_in_the_order_the_logistic_reads_them():
    assert FEATURES == ("coverage", "dense", "fit")
    assert AnswerFeatures(0.1, 0.2, 0.3).values() == (0.1, 0.2, 0.3)
    assert confidence(AnswerFeatures(0.0, 0.0, 0.0), {"bias": 0.0}) == 0.5
