"""The BM25 field written in segments scores exactly as textbook BM25, however small the segments."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from index.bm25 import BM25Field, field_files
from index.lexical import FieldWriter, build_field, write_field

WORDS = ["量子", "计算", "比特", "通信", "钢铁", "碳", "排放", "投资", "2018", "NQI"]


def textbook(docs: list[list[str]], query: list[str], k1=1.2, b=0.75, floor=1.0) -> np.ndarray:
    """BM25 (Lucene idf) straight from the formula, one document at a time."""
    n = len(docs)
    avg = (sum(len(d) for d in docs) / n) if n and sum(len(d) for d in docs) else 1.0
    out = np.zeros(n)
    for t in set(query):
        df = sum(t in d for d in docs)
        if not df:
            continue
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        for i, d in enumerate(docs):
            tf = d.count(t)
            if tf:
                length = max(len(d), floor * avg)
                out[i] += query.count(t) * idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / avg))
    return out


docs_strategy = st.lists(st.lists(st.sampled_from(WORDS), max_size=12), max_size=25)


@settings(max_examples=60, deadline=None)
@given(docs=docs_strategy, query=st.lists(st.sampled_from(WORDS), min_size=1, max_size=4),
       segment=st.integers(1, 40), merge=st.integers(1, 40))
def test_segmented_field_scores_as_the_formula(docs, query, segment, merge):
    field = build_field(docs, segment_postings=segment, merge_postings=merge)
    assert field.n_docs == len(docs)
    assert np.allclose(field.score(query), textbook(docs, query), rtol=1e-5, atol=1e-5)


def test_short_documents_are_scored_at_the_length_floor():
    docs = [["量子"], ["量子", "计算", "比特", "通信", "钢铁", "碳", "排放"]]
    plain = build_field(docs, length_floor=0.0).score(["量子"])
    floored = build_field(docs).score(["量子"])
    assert plain[0] > plain[1]  # without the floor, the one-word label wins
    assert floored[0] < plain[0] and np.allclose(floored, textbook(docs, ["量子"]), rtol=1e-5)


def test_writer_leaves_only_its_named_files(tmp_path):
    scratch = tmp_path / "scratch"
    writer = FieldWriter(scratch, segment_postings=3)
    for d in [["量子", "计算"], ["钢铁"], ["量子", "碳", "排放"], ["投资"]]:
        writer.add(d)
    assert len(writer.segments) >= 2, "small segments spill as they fill"
    written = writer.finish(tmp_path, "f")
    assert sorted(written) == sorted(field_files("f"))
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == sorted(written)
    assert list(scratch.iterdir()) == []
    field = BM25Field.load(tmp_path, "f")
    assert sorted(field.vocab, key=field.vocab.get) == sorted(field.vocab), "term ids in sorted order"
    assert field.score(["钢铁"]).argmax() == 1


def test_empty_corpus_and_empty_documents(tmp_path):
    assert write_field([], tmp_path, "none") == field_files("none")
    assert BM25Field.load(tmp_path, "none").n_docs == 0
    field = build_field([[], ["量子"], []])
    assert field.n_docs == 3 and field.score(["量子"]).argmax() == 1 and not field.score(["钢铁"]).any()
