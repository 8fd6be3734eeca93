from __future__ import annotations

import pytest

from qa.eval.metrics import UnknownMetric, breakdown, default_metrics, get_metric, hit_curve


def test_names():
    assert get_metric("HIT@5").name == "hit@5"
    assert get_metric("mrr@10").en == "MRR@10"
    assert get_metric("span_f1").zh
    with pytest.raises(UnknownMetric, match="choose from 'hit@k'"):
        get_metric("hit@0")
    with pytest.raises(UnknownMetric):
        get_metric("bleu")
    assert default_metrics(3)[:3] == ("hit@1", "hit@3", "mrr@3")
    assert "hit@10" in default_metrics(20) and "hit@20" in default_metrics(20)


def test_breakdown_by_language_with_gap(judged):
    items = [
        judged(lang="zh", hits=(True,)),
        judged(lang="zh", hits=(False, True)),
        judged(lang="en", hits=(False, False)),
        judged(lang="en", hits=(False, True)),
    ]
    table = breakdown(items, ["hit@1", "hit@2"])
    assert list(table.values) == ["overall", "zh", "en"]
    assert table.values["overall"] == {"hit@1": 0.25, "hit@2": 0.75}
    assert table.values["zh"] == {"hit@1": 0.5, "hit@2": 1.0}
    assert table.values["en"] == {"hit@1": 0.0, "hit@2": 0.5}
    assert table.gap == {"hit@1": 0.5, "hit@2": 0.5}
    assert table.counts["en"]["hit@1"] == 2
    assert hit_curve(items, 3) == [0.25, 0.75, 0.75]


def test_gap_is_none_with_one_language(judged):
    table = breakdown([judged(lang="zh", hits=(True,))], ["hit@1"])
    assert table.gap == {"hit@1": None}
