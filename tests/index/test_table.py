"""Records read by row and views as arrays (index/table.py): what the opened index reads without loading it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from index import record_rows, store
from index.build import build
from index.load import open_index
from index.table import Neighbours, ParagraphRows, Records, line_offsets
from index.views import derive


def test_records_read_one_row_at_a_time(tmp_path):
    path = tmp_path / "rows.jsonl"
    rows = [{"i": i, "text": "量子" * i} for i in range(5)]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" + ("\n" if r["i"] == 2 else "") for r in rows),
                    encoding="utf-8")  # a blank line is no row
    offsets = line_offsets(path)
    records = Records(path, offsets, lambda r: r["i"], cache=2)
    assert len(records) == 5 and list(records) == [0, 1, 2, 3, 4] == records
    assert records[3] == 3 and records[-1] == 4 and records[1:3] == [1, 2]
    for i in (4, 0, 4, 2):  # a full cache starts afresh
        assert records[i] == i
    with pytest.raises(IndexError):
        records[5]
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    assert len(Records(empty, line_offsets(empty), json.dumps)) == 0


def test_neighbours_and_paragraph_rows_from_arrays():
    docs = np.array([0, 0, 1, 2, 2, 2], dtype=np.int32)
    assert Neighbours(docs) == [(-1, 1), (0, -1), (-1, -1), (-1, 4), (3, 5), (4, -1)]
    keys = np.array([(0 << 32) | 1, (0 << 32) | 1, (0 << 32) | 3, (2 << 32) | 1], dtype=np.int64)
    rows = ParagraphRows(keys, ["000", "001", "002"])
    assert rows[("000", 1)] == [0, 1] and rows.get(("000", 3)) == [2] and rows.get(("001", 1), []) == []
    assert ("002", 1) in rows and ("999", 1) not in rows and list(rows) == [("000", 1), ("000", 3), ("002", 1)]
    shuffled = ParagraphRows(keys[[3, 0, 2, 1]], ["000", "001", "002"])  # rows out of order still answer
    assert shuffled[("000", 1)] == [1, 3] and len(shuffled) == 3


def test_the_opened_index_parses_nothing_and_sees_what_the_records_say(small_corpus, tmp_path, fake_embedder):
    build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    data = open_index(tmp_path / "idx")
    folder = store.current_dir(tmp_path / "idx").resolve()
    chunks, sentences = record_rows.read_chunks(folder), record_rows.read_sentences(folder)
    assert isinstance(data.chunks, Records) and isinstance(data.sentences, Records)
    assert data.chunks._cache == {} and data.sentences._cache == {}  # nothing parsed by opening
    assert data.chunks == chunks and data.sentences == sentences
    want = derive(chunks, sentences, data.zh.idf)
    assert data.views.neighbours == want.neighbours
    assert list(data.views.sentence_chunk) == list(want.sentence_chunk)
    assert dict(data.views.sentence_rows) == want.sentence_rows and data.views.top_idf == want.top_idf
    assert isinstance(data.embeddings, np.memmap) and isinstance(data.sentence_vectors, np.memmap)
    assert data.sentence_faiss is None  # a few sentences are scanned exactly


def test_past_flat_max_sentences_are_searched_in_their_own_index(small_corpus, tmp_path, fake_embedder, monkeypatch):
    import index.build

    monkeypatch.setattr(index.build, "FLAT_MAX", 3)
    build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    from index.engines.folder import FolderIndex

    ix = FolderIndex(open_index(tmp_path / "idx"))
    assert ix.data.sentence_faiss is not None and ix.data.sentence_faiss.ntotal == ix.n_sentences
    q = fake_embedder.encode(["京沪干线全长多少公里"])[0]
    exact = ix.data.sentence_vectors @ q
    got = ix.dense_sentences(q, 4)
    assert list(got) == [int(r) for r in np.argsort(-exact)[:4]]  # HNSW finds all of a handful
    assert all(abs(got[r] - float(exact[r])) < 1e-5 for r in got)
