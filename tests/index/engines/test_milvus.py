"""The Milvus engine on Milvus Lite (a temporary file URI): the same index as the folder, built safely."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("pymilvus", reason="the milvus engine needs pymilvus (pip install pymilvus milvus-lite)")
pytest.importorskip("milvus_lite", reason="Milvus Lite is not installed (pip install milvus-lite)")

from index.engines import engine_for  # noqa: E402
from index.engines import milvus_schema as ms  # noqa: E402
from index.engines.base import IndexReader  # noqa: E402
from index.engines.errors import EngineLimit, EngineUnreachable  # noqa: E402
from index.engines.milvus import MilvusEngine  # noqa: E402
from index.engines.milvus_client import connect  # noqa: E402
from index.engines.milvus_collections import create_lock  # noqa: E402
from index.errors import IndexLocked, IndexNotFound, StaleIndex  # noqa: E402


@pytest.fixture
def engines(small_corpus, tmp_path, fake_embedder):
    """The small corpus built by both engines: (folder reader, milvus engine)."""
    folder = engine_for("faiss", index_dir=tmp_path / "folder")
    folder.build(small_corpus, embedder=fake_embedder)
    milvus = MilvusEngine(str(tmp_path / "milvus.db"), alias="qa")
    return folder.open(), milvus


def test_milvus_holds_the_same_index_as_the_folder(engines, fake_embedder):
    folder, engine = engines
    report = engine.build(folder.meta.corpus_dir, embedder=fake_embedder)
    ix = engine.open()
    assert isinstance(ix, IndexReader)
    assert report.chunks == ix.n_chunks == folder.n_chunks and ix.n_sentences == folder.n_sentences
    assert report.index_dir == f"{engine.uri}#qa"
    ids = range(folder.n_chunks)
    assert ix.chunks(ids) == folder.chunks(ids)
    assert [ix.neighbours(c) for c in ids] == [folder.neighbours(c) for c in ids]
    rows = range(folder.n_sentences)
    assert [ix.sentence(r) for r in rows] == [folder.sentence(r) for r in rows]
    assert list(ix.sentence_chunks(rows)) == list(folder.sentence_chunks(rows))
    s = folder.sentence(0)
    assert ix.sentence_rows(s.doc, s.para) == folder.sentence_rows(s.doc, s.para)
    fresh = engine.open()
    fresh.prefetch([0, 2, 3])
    for c in folder.chunks([0, 2, 3]):
        mine = folder.sentence_rows(c.doc, c.para)
        assert fresh.sentence_rows(c.doc, c.para) == mine
        assert np.allclose(fresh.sentence_vectors(mine), folder.sentence_vectors(mine))
    assert ix.documents == folder.documents and list(ix.pairs) == list(folder.pairs)
    assert ix.meta.model_id == folder.meta.model_id and ix.meta.files == folder.meta.files
    assert ix.document_text("002") == folder.document_text("002")
    assert np.allclose(ix.chunk_vectors([2, 0]), folder.chunk_vectors([2, 0]))
    assert np.allclose(ix.sentence_vectors([1, 3]), folder.sentence_vectors([1, 3]))

    q = fake_embedder.encode(["京沪干线有多长"])[0]
    for n in (1, 3, 50):
        assert ix.dense_chunks(q, n).keys() == folder.dense_chunks(q, n).keys()
        assert list(ix.dense_sentences(q, n)) == list(folder.dense_sentences(q, n))
    for name, terms in (("zh", {"量子": 1.0, "干线": 0.5, "京沪": 2.0}), ("en", ["quantum", "trunk", "line"])):
        mine, theirs = ix.lexical(name), folder.lexical(name)
        got, want = mine.top(terms, 50), theirs.top(terms, 50)
        assert got.keys() == want.keys() and all(abs(got[k] - want[k]) < 1e-4 for k in want)
        assert mine.idf_map() == pytest.approx(dict(theirs.idf_map()))
        assert mine.max_idf() == pytest.approx(theirs.max_idf())
    assert ix.lexical("zh").top({"不存在的词": 1.0}, 5) == {}
    batches = list(ix.iter_sentences(batch=4))
    assert [int(r) for b, _, _ in batches for r in b] == list(rows)
    assert ix.chunk_counts() == folder.chunk_counts() and sum(ix.chunk_counts().values()) == ix.n_chunks
    from index.summary import summarize

    mine, theirs = summarize(ix), summarize(folder)
    assert mine.documents == theirs.documents and mine.index == ix.location and mine.bytes_on_disk == 0


def test_unchanged_rebuild_embeds_nothing_and_switches_the_alias(engines, fake_embedder):
    folder, engine = engines
    corpus = folder.meta.corpus_dir
    first = engine.build(corpus, embedder=fake_embedder)
    old = engine.open()
    fake_embedder.texts = 0
    second = engine.build(corpus, embedder=fake_embedder)
    assert fake_embedder.texts == 0 and second.embedded == 0 and second.chunks == first.chunks
    new = engine.open()
    assert new.build_id != old.build_id and old.current_build() == new.build_id
    assert old.chunk(0) == new.chunk(0)  # the previous build is kept for readers still on it
    third = engine.build(corpus, embedder=fake_embedder)
    builds = {ms.build_of("qa", n) for n in new.client.list_collections()} - {None}
    assert builds == {new.build_id, engine.open().build_id} and third.embedded == 0


def test_editing_one_file_embeds_only_its_new_text(engines, fake_embedder):
    folder, engine = engines
    corpus = folder.meta.corpus_dir
    engine.build(corpus, embedder=fake_embedder)
    path = f"{corpus}/003_gamma.md"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("\n新增一段关于氢冶金的文字。\n")
    fake_embedder.texts = 0
    report = engine.build(corpus, embedder=fake_embedder)
    assert 0 < report.embedded < report.chunks and 0 < fake_embedder.texts < 4


def test_a_crash_mid_build_leaves_the_previous_build_answering(engines, fake_embedder):
    folder, engine = engines
    corpus = folder.meta.corpus_dir
    engine.build(corpus, embedder=fake_embedder)
    before = engine.open()

    def crash(stage, done, total):
        if stage == "milvus" and done:
            raise KeyboardInterrupt("killed mid-write")

    with pytest.raises(KeyboardInterrupt):
        engine.build(corpus, embedder=fake_embedder, progress=crash)
    after = engine.open()
    assert after.build_id == before.build_id and after.chunk(0) == folder.chunk(0)
    builds = {ms.build_of("qa", n) for n in after.client.list_collections()} - {None}
    assert builds == {before.build_id}  # what the failed build wrote is gone
    assert not after.client.has_collection(ms.lock_name("qa"))
    assert engine.build(corpus, embedder=fake_embedder).embedded == 0  # and the next build runs


def test_a_second_build_on_the_same_alias_is_refused(engines, fake_embedder):
    folder, engine = engines
    client = connect(engine.uri)
    holder = json.dumps({"host": "elsewhere", "pid": 1, "build": "bother"})
    create_lock(client, ms.lock_name("qa"), "bother", holder)
    with pytest.raises(IndexLocked) as err:
        engine.build(folder.meta.corpus_dir, embedder=fake_embedder)
    assert err.value.reason == "busy" and err.value.found == holder
    with pytest.raises(IndexNotFound):
        engine.open()  # nothing was switched


def test_a_lock_left_by_a_dead_process_on_this_host_is_taken_over(engines, fake_embedder):
    import socket

    folder, engine = engines
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    holder = json.dumps({"host": socket.gethostname(), "pid": int(dead.stdout), "build": "bdead"})
    create_lock(connect(engine.uri), ms.lock_name("qa"), "bdead", holder)
    assert engine.build(folder.meta.corpus_dir, embedder=fake_embedder).chunks == folder.n_chunks


def test_refusals_on_open(engines, fake_embedder, tmp_path):
    folder, engine = engines
    with pytest.raises(IndexNotFound) as err:
        engine.open()
    assert err.value.reason == "missing" and err.value.index_dir == engine.location
    engine.build(folder.meta.corpus_dir, embedder=fake_embedder)
    with pytest.raises(StaleIndex) as err:
        engine.open(model="another-model")
    assert (err.value.reason, err.value.expected, err.value.found) == ("model", "fake-bigram-64", "another-model")

    ix = engine.open()
    catalog = ix.opened.names["catalog"]
    body = json.loads(ms.read_blob(ix.client, catalog, "meta"))
    body["engine"]["format"] = 99
    ix.client.upsert(catalog, ms.blob_rows("meta", json.dumps(body)))
    with pytest.raises(StaleIndex) as err:
        engine.open()
    assert (err.value.reason, err.value.found, err.value.expected) == ("format", 99, ms.ENGINE_FORMAT)


def test_a_changed_corpus_is_refused_unless_asked_not_to_check(engines, fake_embedder):
    folder, engine = engines
    corpus = folder.meta.corpus_dir
    engine.build(corpus, embedder=fake_embedder)
    with open(f"{corpus}/002_beta.txt", "a", encoding="utf-8") as fh:
        fh.write("\n新的一段。\n")
    with pytest.raises(StaleIndex) as err:
        engine.open()
    assert err.value.reason == "corpus_changed" and err.value.found == ["002_beta.txt"]
    before = folder.document_text("002")
    assert engine.open(check_corpus=False).document_text("002") == before, "the text as indexed, kept in Milvus"


def test_unreachable_and_malformed_uris():
    with pytest.raises(EngineUnreachable) as err:
        MilvusEngine("http://127.0.0.1:9").open()
    assert err.value.reason == "unreachable" and err.value.path == "http://127.0.0.1:9"
    with pytest.raises(EngineUnreachable) as err:
        MilvusEngine("/no/such/folder/index.db").open()
    assert err.value.reason == "unreachable"
    with pytest.raises(EngineUnreachable) as err:
        MilvusEngine("index.sqlite").open()
    assert err.value.reason == "bad_uri"
    with pytest.raises(EngineLimit):
        MilvusEngine("x.db", alias="bad-name").open()


def test_milvus_bm25_mode_searches_the_same_tokens(engines, fake_embedder):
    folder, engine = engines
    engine.lexical = "bm25"
    engine.build(folder.meta.corpus_dir, embedder=fake_embedder)
    ix = engine.open()
    assert ix.opened.engine["lexical"] == "bm25"
    for name, terms in (("zh", {"京沪": 1.0, "干线": 1.0}), ("en", ["steel", "industry"])):
        got, want = ix.lexical(name).top(terms, 3), folder.lexical(name).top(terms, 3)
        assert got and max(got, key=got.get) == max(want, key=want.get)
        first = next(iter(terms))
        assert ix.lexical(name).idf_of(first) == pytest.approx(folder.lexical(name).idf_of(first))


def test_token_encoding_round_trips_and_is_one_word():
    import re

    for token in ["量子", "1.2亿", "55.2%", "qed-c", "a_b", "10.16507/j.issn", "Ab", "İ"]:
        encoded = ms.encode_token(token)
        assert ms.decode_token(encoded) == token
        assert re.findall(r"\w+", encoded.lower()) == [encoded] and encoded.split() == [encoded]
