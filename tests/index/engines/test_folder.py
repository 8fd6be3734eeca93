"""The folder index behind the storage interface answers exactly as IndexData does."""

from __future__ import annotations

import numpy as np

from index.engines import engine_for
from index.engines.base import IndexReader, LexicalField, ReusingEmbedder, query_bag, top_positive
from index.reuse import text_key
from index.vectors import search


def test_folder_reader_is_index_data_seen_through_the_interface(small_corpus, tmp_path, fake_embedder):
    engine = engine_for("faiss", index_dir=tmp_path / "idx")
    report = engine.build(small_corpus, embedder=fake_embedder)
    ix = engine.open()
    assert isinstance(ix, IndexReader) and isinstance(ix.lexical("zh"), LexicalField)
    data = ix.data
    assert ix.n_chunks == report.chunks == len(data.chunks)
    assert ix.chunks(range(ix.n_chunks)) == data.chunks
    assert [ix.sentence(r) for r in range(ix.n_sentences)] == data.sentences
    assert [ix.neighbours(c) for c in range(ix.n_chunks)] == data.views.neighbours
    assert list(ix.sentence_chunks(range(ix.n_sentences))) == list(data.views.sentence_chunk)
    s = data.sentences[0]
    assert ix.sentence_rows(s.doc, s.para) == data.sentence_rows[(s.doc, s.para)]

    q = fake_embedder.encode(["量子计算机拥有多少个量子比特"])[0]
    scores, ids = search(data.faiss, q, 5)
    assert ix.dense_chunks(q, 5) == {int(i): float(v) for v, i in zip(scores[0], ids[0]) if i >= 0}
    sims = data.sentence_vectors @ q
    best = ix.dense_sentences(q, 3)
    assert list(best) == [int(r) for r in np.argsort(-sims)[:3]]
    assert np.allclose(ix.sentence_vectors(list(best)), data.sentence_vectors[list(best)])
    assert np.allclose(ix.chunk_vectors([1, 0]), data.embeddings[[1, 0]])

    zh = ix.lexical("zh")
    terms = {"量子": 1.0, "比特": 2.0}
    assert zh.top(terms, 3) == top_positive(data.zh.score(terms), 3)
    assert zh.idf_of("量子") == data.zh.idf_of("量子") and zh.max_idf() == data.views.top_idf
    assert ix.lexical("en").top(["quantum"], 2) == top_positive(data.en.score(["quantum"]), 2)
    assert ix.current_build() == ix.build_id
    rows = [r for batch, _, _ in ix.iter_sentences(batch=2) for r in batch]
    assert rows == list(range(ix.n_sentences))


def test_query_bag_counts_repeated_tokens():
    assert query_bag(["a", "b", "a"]) == {"a": 2.0, "b": 1.0}
    assert query_bag({"a": 0.5}) == {"a": 0.5}


def test_reusing_embedder_embeds_only_unknown_texts(fake_embedder):
    known = fake_embedder.encode(["旧的句子"])[0]

    class Source:
        def lookup(self, keys):
            k = text_key(fake_embedder.model_id, "旧的句子")
            return {k: known} if k in keys else {}

    fake_embedder.texts = 0
    reusing = ReusingEmbedder(fake_embedder, Source())
    out = reusing.encode(["旧的句子", "新的句子"])
    assert fake_embedder.texts == 1 and len(reusing.computed) == 1
    assert np.allclose(out[0], known) and np.allclose(out[1], fake_embedder.encode(["新的句子"])[0])
