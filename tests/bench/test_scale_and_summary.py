"""Synthetic corpora, recall, the summary numbers and the plot, on tiny inputs."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np

from bench import scale_corpus as scale
from bench import summary
from bench.plot import latency_svg
from qa.eval.metrics.judged import Judged


def test_compose_and_vectors_are_deterministic_unit_rows():
    rng = np.random.default_rng(0)
    base = rng.standard_normal((20, 16)).astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    picks, counts = scale.compose(500, 20, seed=1)
    assert picks.shape == (500, 3) and set(np.unique(counts)) <= {2, 3}
    assert 0.1 < (counts == 3).mean() < 0.3
    v1 = scale.chunk_vectors(picks, counts, base, block=64)
    v2 = scale.chunk_vectors(picks, counts, base, block=64)
    assert np.array_equal(v1, v2)
    assert np.allclose(np.linalg.norm(v1, axis=1), 1.0, atol=1e-5)


def test_chunk_texts_and_tokens_join_the_picked_sentences():
    picks = np.array([[0, 1, 2], [2, 0, 1]], dtype=np.int32)
    counts = np.array([2, 3], dtype=np.int8)
    assert scale.chunk_texts(picks, counts, ["甲。", "乙。", "丙。"]) == ["甲。乙。", "丙。甲。乙。"]
    assert scale.chunk_tokens(picks, counts, [["a"], ["b"], ["c"]]) == [["a", "b"], ["c", "a", "b"]]


def test_recall_at_k():
    truth = np.array([[1, 2, 3, 4], [5, 6, 7, 8]])
    found = np.array([[1, 2, 9, 9], [5, 6, 7, 8]])
    assert scale.recall_at(found, truth, k=4) == (0.5 + 1.0) / 2


def _judged(id_: str, lang: str, rank: int | None) -> Judged:
    hits = tuple(i + 1 == rank for i in range(10))
    return Judged(id_, lang, "答案", None, hits, (), None, None, True, 1.0)


def test_parity_counts_question_by_question():
    judged = [_judged("q1", "zh", 1), _judged("q1x", "en", 7), _judged("q2", "en", 2), _judged("q2x", "zh", 3)]
    p = summary.parity(judged, {"q1x": "q1", "q2x": "q2"})
    assert (p["both"], p["zh_only"], p["en_only"], p["neither"]) == (1, 1, 0, 0)
    assert p["zh_hit@5"] == 1.0 and p["en_hit@5"] == 0.5 and p["gap"] == 0.5


def test_latency_percentiles_in_ms():
    lat = summary.latency([0.001 * i for i in range(1, 101)])
    assert lat["n"] == 100 and lat["median_ms"] == 50.5 and 95 <= lat["p95_ms"] <= 96


def test_margin_is_against_the_best_baseline_per_language():
    def s(zh, en):
        return {"quality": {"dev": {"metrics": {"zh": {"hit@5": zh}, "en": {"hit@5": en}}}}}

    m = summary.margins({"assistant": s(1.0, 0.9), "bm25": s(0.95, 0.1), "dense": s(0.7, 0.6)})
    assert m["zh"]["best_baseline"] == "bm25" and abs(m["zh"]["margin"] - 0.05) < 1e-9
    assert m["en"]["best_baseline"] == "dense" and abs(m["en"]["margin"] - 0.3) < 1e-9


def test_latency_plot_is_valid_svg_with_a_line_per_component():
    def f(ms):
        return {"query_ms_median": ms}

    rows = [{"n": n, "faiss": {"flat": f(n / 1e4), "hnsw": f(0.2)}, "bm25": f(0.3), "sentence_dense": f(n / 5e3),
             "answer_ms_estimate": 30 + n / 1e4} for n in (10_000, 100_000)]
    root = ET.fromstring(latency_svg({"rows": rows}))
    assert root.tag.endswith("svg")
    assert len([e for e in root.iter() if e.tag.endswith("path")]) == 5


def test_a_scale_run_merges_into_the_kept_results():
    """Sizes run again replace their rows; the others (the 1M figures of an hour's run) are kept."""
    from bench.scale_results import merge

    def opened(engine, n, build_s):
        return {"engine": engine, "n_paragraphs": n, "chunks": n, "build_s": build_s}

    old = {"method": {"fixed_ms": 15.0, "opened": "by hand"}, "embedding": {"chunks_per_s": 100, "hours_for":
           {"10000": 0.1, "1000000": 4.0}}, "rows": [{"n": 10_000, "v": "old"}, {"n": 1_000_000, "v": "old"}],
           "opened": [opened("faiss", 10_000, 27), opened("milvus", 10_000, 38), opened("faiss", 1_000_000, 2234)]}
    new = {"method": {"fixed_ms": 16.0}, "embedding": {"chunks_per_s": 90, "hours_for": {"10000": 0.2}},
           "rows": [{"n": 10_000, "v": "new"}], "opened": [opened("milvus", 10_000, 40), opened("faiss", 10_000, 30)]}
    merged = merge(old, new)
    assert [(r["n"], r["v"]) for r in merged["rows"]] == [(10_000, "new"), (1_000_000, "old")]
    assert [(r["engine"], r["n_paragraphs"], r["build_s"]) for r in merged["opened"]] == [
        ("faiss", 10_000, 30), ("milvus", 10_000, 40), ("faiss", 1_000_000, 2234)]
    assert merged["embedding"] == {"chunks_per_s": 90, "hours_for": {"10000": 0.2, "1000000": 4.0}}
    assert merged["method"] == {"fixed_ms": 16.0, "opened": "by hand"}
    assert merge(None, new) == new
