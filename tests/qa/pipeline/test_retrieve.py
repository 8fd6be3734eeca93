"""The retrievers on their own, and ``runs`` over a small index built with the fake embedder."""

from __future__ import annotations

import numpy as np
import pytest

from index.english import english_terms
from index.lexical import build_field
from index.tokenize import tokenize
from index.vectors import build_faiss
from qa.pipeline.analyse import Query, analyse
from qa.pipeline.retrieve import RETRIEVERS, Runs, best_sentences, dense, lexical, runs, sentence_dense, top_n


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_top_n_keeps_the_best_positive_scores():
    scores = np.array([0.0, 3.0, -1.0, 2.0, 5.0, 0.5])
    assert top_n(scores, 3) == {4: 5.0, 1: 3.0, 3: 2.0}
    assert top_n(scores, 10) == {4: 5.0, 1: 3.0, 3: 2.0, 5: 0.5}  # zero and negative scores are no match
    assert top_n(np.array([]), 5) == {}


def test_lexical_scores_the_chunks_that_hold_the_terms():
    field = build_field([["量子", "通信"], ["钢铁", "低碳"], ["量子", "计算", "量子"]])
    got = lexical(field, {"量子": 1.0}, 5)
    assert set(got) == {0, 2} and got[2] > got[0]  # two occurrences beat one in a chunk no longer
    assert lexical(field, {"红楼梦": 1.0}, 5) == {}
    assert lexical(field, {}, 5) == {} and lexical(None, {"量子": 1.0}, 5) == {}


def test_dense_returns_the_nearest_chunks_with_their_cosine():
    rng = np.random.default_rng(0)
    vectors = _unit(rng.normal(size=(20, 8)))
    index, _ = build_faiss(vectors, kind="flat")
    got = dense(index, vectors[7], 3)
    assert len(got) == 3 and max(got, key=got.get) == 7
    assert got[7] == pytest.approx(1.0, abs=1e-5)


def test_sentence_dense_credits_the_best_sentence_to_its_chunk():
    vectors = _unit(np.eye(4)[[0, 1, 2, 3, 0]] + 0.01)
    sentence_chunk = np.array([10, 10, 11, -1, 12])  # row 3 is in no chunk
    qvec = _unit(np.array([[0.0, 0.0, 0.0, 1.0]]))[0]
    got = sentence_dense(vectors, sentence_chunk, qvec, 2)
    assert set(got) <= {10, 11, 12} and len(got) == 2  # the best row (3) has no chunk: skipped
    qvec = _unit(np.array([[1.0, 0.0, 0.0, 0.0]]))[0]
    got = sentence_dense(vectors, sentence_chunk, qvec, 5)
    assert max(got, key=got.get) in (10, 12) and got[10] == pytest.approx(got[12])
    assert sentence_dense(np.zeros((0, 4), np.float32), sentence_chunk, qvec, 5) == {}


def test_runs_are_listed_in_fusion_order_and_gloss_only_when_it_ran():
    r = Runs(zh={1: 2.0}, dense={2: 0.5}, sentence={3: 0.4})
    assert list(r.as_dict()) == ["zh", "dense", "sentence"]
    r = Runs(zh={}, dense={}, sentence={}, gloss={})
    assert list(r.as_dict()) == ["zh", "dense", "gloss", "sentence"] == list(RETRIEVERS[:4])
    r = Runs(zh={}, dense={}, sentence={}, gloss={}, xgloss={})
    assert list(r.as_dict()) == list(RETRIEVERS)


@pytest.fixture
def small_index(small_corpus, fake_embedder, tmp_path):
    """The small corpus's folder index, opened through the storage interface."""
    from index.engines import engine_for

    engine = engine_for("faiss", index_dir=tmp_path / "idx")
    engine.build(small_corpus, embedder=fake_embedder)
    return engine.open()


def test_runs_of_a_chinese_question(small_index, fake_embedder):
    data = small_index
    question = "京沪干线全长多少公里?"
    q = analyse(question)
    got = runs(q, fake_embedder.encode([question])[0], data, n=3)
    assert got.gloss is None  # no English terms: the gloss field is not asked
    best = max(got.zh, key=got.zh.get)
    assert "京沪干线" in data.chunk(best).text
    for run in got.as_dict().values():
        assert len(run) <= 3 and all(0 <= cid < data.n_chunks for cid in run)


def test_runs_of_an_english_question_ask_the_gloss_field(small_index, fake_embedder):
    data = small_index
    text = "National Quantum Initiative Act"
    q = Query(text, "en", {t: 1.0 for t in tokenize(text)}, tuple(english_terms(text)))
    got = runs(q, fake_embedder.encode([q.text])[0], data, n=5)
    assert got.gloss is not None and list(got.as_dict()) == list(RETRIEVERS[:4])  # xgloss: English documents
    assert "Initiative Act" in data.chunk(max(got.zh, key=got.zh.get)).text
    assert "Initiative Act" in data.chunk(max(got.gloss, key=got.gloss.get)).text


def test_best_sentences_through_the_index_is_the_sentence_scan(small_index, fake_embedder):
    arrays = small_index.data
    for question in ("京沪干线全长多少公里?", "National Quantum Initiative Act", "钢铁"):
        qvec = fake_embedder.encode([question])[0]
        for n in (1, 2, 50):
            want = sentence_dense(arrays.sentence_vectors, arrays.views.sentence_chunk, qvec, n)
            got = best_sentences(small_index, qvec, n)
            assert list(got.items()) == list(want.items())
