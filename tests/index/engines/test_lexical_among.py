"""LexicalField.top(among=...): only the marked chunks are scored, the same in the folder index and Milvus."""

from __future__ import annotations

import numpy as np
import pytest

from index.engines import engine_for


def _among(reader, doc: str) -> np.ndarray:
    return np.asarray([c.doc == doc for c in reader.chunks(range(reader.n_chunks))], dtype=bool)


def _check(reader, folder) -> None:
    for name, terms in (("zh", {"量子": 1.0, "干线": 0.5, "京沪": 2.0}), ("en", ["quantum", "trunk", "line"])):
        field = reader.lexical(name)
        for doc in ("001", "002"):
            among = _among(folder, doc)
            got = field.top(terms, 50, among=among)
            want = {i: s for i, s in folder.lexical(name).top(terms, 50).items() if among[i]}
            assert got.keys() == want.keys() and all(abs(got[k] - want[k]) < 1e-4 for k in want)
        assert field.top(terms, 50, among=np.zeros(reader.n_chunks, dtype=bool)) == {}


def test_the_folder_index_scores_only_the_chunks_marked(small_corpus, tmp_path, fake_embedder):
    folder = engine_for("faiss", index_dir=tmp_path / "folder")
    folder.build(small_corpus, embedder=fake_embedder)
    reader = folder.open()
    _check(reader, reader)


def test_milvus_scores_only_the_chunks_marked(small_corpus, tmp_path, fake_embedder):
    pytest.importorskip("pymilvus", reason="the milvus engine needs pymilvus")
    pytest.importorskip("milvus_lite", reason="Milvus Lite is not installed")
    from index.engines.milvus import MilvusEngine
    from qa.pipeline.languages import corpus_languages

    (small_corpus / "004_delta.txt").write_text(
        "Network setup\n\nThe network interface is configured in the file /etc/network/interfaces. "
        "Restart the service after you change the address.\n", encoding="utf-8")
    folder = engine_for("faiss", index_dir=tmp_path / "folder")
    folder.build(small_corpus, embedder=fake_embedder)
    engine = MilvusEngine(str(tmp_path / "milvus.db"), alias="qa")
    engine.build(small_corpus, embedder=fake_embedder)
    reader, theirs = engine.open(), folder.open()
    _check(reader, theirs)
    english = corpus_languages(reader).english
    assert list(english) == list(corpus_languages(theirs).english) == list(_among(theirs, "004")) and english.any()
