"""bench/stages.py times the steps ask takes, on the same candidates, and reports the ratio to embedding."""

from __future__ import annotations

from bench import qsets, stages


def test_the_stages_rank_what_ask_ranks(assistant, monkeypatch):
    ranked = []
    rerank = stages.rerank.rerank

    def keep(*args, **kwargs):
        ranked.append(rerank(*args, **kwargs))
        return ranked[-1]

    monkeypatch.setattr(stages.rerank, "rerank", keep)
    for row in qsets.parity_set().rows[:6]:
        ranked.clear()
        seconds = stages.time_stages(assistant, row.question, 5)
        assert set(seconds) == {key for key, _ in (*stages.STAGES, *stages.PARTS)}
        qvec = assistant.embedder.encode([row.question])[0]
        monkeypatch.setattr(stages.rerank, "rerank", rerank)
        assert ranked[0] == assistant.rank(row.question, qvec, 5)[1]
        monkeypatch.setattr(stages.rerank, "rerank", keep)


def test_the_report_gives_medians_p95_and_the_ratio(assistant):
    rows = [r for r in qsets.parity_set().rows if r.gold_answerable][:4]
    report = stages.breakdown(assistant, rows, k=5, repeats=1)
    d = report.to_dict()
    assert d["questions"] == 4 and len(d["load_average"]) == 2
    for key, _ in stages.STAGES:
        assert 0 <= d["median_ms"]["all"][key] <= d["p95_ms"]["all"][key]
    assert d["total_ms"]["all"] <= d["total_p95_ms"]["all"]
    assert d["ratio_to_embedding"]["all"] > 1
    assert d["ratio_per_question"]["all"]["median"] <= d["ratio_per_question"]["all"]["p95"]
    text = stages.table(report)
    assert "ratio to embedding" in text and "load average" in text
