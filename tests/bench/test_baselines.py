"""The baselines on tiny data: each ranks the obvious chunk first, and answers carry a sentence."""

from __future__ import annotations

import pytest

from bench import baselines
from index.records import Chunk, SentenceRow

TEXTS = ["量子计算机拥有72个量子比特。", "京沪干线是量子保密通信干线。", "钢铁工业碳排放约占百分之十六。"]


def _tok(text: str) -> list[str]:
    return [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]


@pytest.fixture
def corpus() -> baselines.Corpus:
    chunks = [Chunk(doc="001", para=i + 1, start=0, end=len(t), text=t, clean=t, spans=((0, len(t)),),
                    first_sentence=1, last_sentence=2) for i, t in enumerate(TEXTS)]
    sentences = []
    for i, t in enumerate(TEXTS):
        half = len(t) // 2
        sentences.append(SentenceRow("001", i + 1, 1, ((0, half),), t[:half], tuple(sorted(set(_tok(t[:half]))))))
        sentences.append(SentenceRow("001", i + 1, 2, ((half, len(t)),), t[half:], tuple(sorted(set(_tok(t[half:]))))))
    rows = baselines.chunk_sentence_rows(chunks, sentences)
    return baselines.Corpus(chunks, {"001": "001_x.txt"}, {"001": "标题"}, sentences, rows)


@pytest.mark.parametrize("cls", [baselines.RankBM25, baselines.BM25S])
def test_bm25_baselines_rank_the_matching_chunk_first(cls, corpus):
    r = cls(corpus.texts, _tok)
    ranked = r.search("京沪干线", 3)
    assert ranked[0][0] == 1
    assert ranked[0][1] > ranked[-1][1]


def test_both_bm25_libraries_agree_on_the_order(corpus):
    a = [i for i, _ in baselines.RankBM25(corpus.texts, _tok).search("碳排放", 3)][:1]
    b = [i for i, _ in baselines.BM25S(corpus.texts, _tok).search("碳排放", 3)][:1]
    assert a == b == [2]


def test_dense_baseline_finds_the_similar_text(corpus, fake_embedder):
    d = baselines.Dense(corpus.texts, fake_embedder)
    assert d.search("钢铁工业碳排放", 2)[0][0] == 2


def test_naive_rrf_puts_a_chunk_both_runs_like_first(corpus, fake_embedder):
    rrf = baselines.NaiveRRF(baselines.BM25S(corpus.texts, _tok), baselines.Dense(corpus.texts, fake_embedder))
    assert rrf.search("量子比特", 3)[0][0] == 0


def test_best_sentence_counts_shared_tokens_and_keeps_the_first_on_a_tie():
    words = (("a",), ("a", "b"), ("b", "a"))
    sentences = [SentenceRow("d", 1, n, (), "", tokens) for n, tokens in enumerate(words, start=1)]
    assert baselines.best_sentence({"a", "b"}, [0, 1, 2], sentences) == 1
    assert baselines.best_sentence({"z"}, [0, 1, 2], sentences) == 0
    assert baselines.best_sentence({"z"}, [], sentences) is None


def test_answer_is_scored_like_the_assistant(corpus):
    ans = baselines.answer(corpus, baselines.BM25S(corpus.texts, _tok), _tok, "72个量子比特", k=2)
    assert [p.rank for p in ans.passages] == [1, 2]
    assert ans.passages[0].citation == "001:p1"
    assert ans.passages[0].text == TEXTS[0]
    assert ans.sentence is not None and "量子比特" in ans.sentence.text
    assert ans.lang == "zh"


def test_baseline_tokenizer_drops_english_stop_words_keeps_chinese():
    tok = baselines.baseline_tokenizer()
    tokens = tok("What is the 量子计算 of IBM?")
    assert not {"the", "is", "of"} & set(tokens)
    assert "ibm" in tokens and "量子" in tokens
