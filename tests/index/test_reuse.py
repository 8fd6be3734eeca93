"""index/reuse.py: vectors of text the previous build embedded with the same model are carried over."""

from __future__ import annotations

import numpy as np

from index import record_rows, store
from index.build import build
from index.build_embed import EMBEDDED_TEXT, chunk_text
from index.reuse import PreviousVectors, text_key
from tests.conftest import FakeEmbedder


class RecordingEmbedder(FakeEmbedder):
    def __init__(self):
        super().__init__()
        self.seen: list[str] = []

    def encode(self, texts, batch_size: int = 64):
        self.seen.extend(texts)
        return super().encode(texts, batch_size)


def embedded_texts(index) -> dict[str, set[str]]:
    """Per document key: every text the build embedded (chunks with their heading, sentences)."""
    folder = store.current_dir(index).resolve()
    out: dict[str, set[str]] = {}
    for c in record_rows.read_chunks(folder):
        out.setdefault(c.doc, set()).add(chunk_text(record_rows.chunk_to_row(c)))
    for s in record_rows.read_sentences(folder):
        out.setdefault(s.doc, set()).add(s.text)
    return out


def test_a_renamed_file_embeds_nothing(small_corpus, tmp_path):
    index = tmp_path / "index"
    build(small_corpus, index, embedder=FakeEmbedder())
    (small_corpus / "002_beta.txt").rename(small_corpus / "007_beta.txt")
    again = RecordingEmbedder()
    report = build(small_corpus, index, embedder=again)
    assert report.embedded == 0 and again.seen == []
    assert "007" in {c.doc for c in record_rows.read_chunks(store.current_dir(index).resolve())}


def test_an_edited_file_embeds_only_its_changed_chunks_and_sentences(small_corpus, tmp_path):
    index = tmp_path / "index"
    build(small_corpus, index, embedder=FakeEmbedder())
    before = embedded_texts(index)
    path = small_corpus / "002_beta.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("两千多公里", "两千余公里"), encoding="utf-8")
    again = RecordingEmbedder()
    build(small_corpus, index, embedder=again)
    after = embedded_texts(index)
    new = after["002"] - before["002"]
    assert new and set(again.seen) == new  # the changed paragraph's chunk and sentence, nothing else
    assert len(again.seen) == len(new)
    assert after["001"] == before["001"] and after["003"] == before["003"]


def test_reused_vectors_are_the_previous_builds_rows(small_corpus, tmp_path):
    index = tmp_path / "index"
    embedder = FakeEmbedder()
    build(small_corpus, index, embedder=embedder)
    folder = store.current_dir(index).resolve()
    meta = store.read_meta(index)
    rows = record_rows.read_sentences(folder)
    vectors = np.load(folder / "sentences.npy")
    previous = PreviousVectors(index, embedder.model_id, EMBEDDED_TEXT, meta.files)
    keys = [text_key(embedder.model_id, r.text) for r in rows] + [text_key(embedder.model_id, "never embedded")]
    out = np.zeros((len(keys), embedder.dimension), dtype="<f4")
    todo = previous.lookup("sentences", [r.doc for r in rows] + [rows[0].doc], keys, out)
    assert todo == [len(rows)]  # only the text the previous build never saw
    for i, r in enumerate(rows):
        first = next(j for j, s in enumerate(rows) if s.doc == r.doc and s.text == r.text)
        assert np.array_equal(out[i], vectors[first])


def test_another_model_or_a_damaged_previous_build_reuses_nothing(small_corpus, tmp_path):
    index = tmp_path / "index"
    embedder = FakeEmbedder()
    build(small_corpus, index, embedder=embedder)
    meta = store.read_meta(index)
    folder = store.current_dir(index).resolve()
    row = record_rows.read_sentences(folder)[0]
    key = [text_key("other-model", row.text)]
    out = np.zeros((1, embedder.dimension), dtype="<f4")
    assert PreviousVectors(index, "other-model", EMBEDDED_TEXT, meta.files).lookup("sentences", [row.doc], key,
                                                                                   out) == [0]
    raw = bytearray((folder / "sentences.npy").read_bytes())
    raw[-1] ^= 0x01
    (folder / "sentences.npy").write_bytes(bytes(raw))  # a damaged vector must not be carried forward
    key = [text_key(embedder.model_id, row.text)]
    assert PreviousVectors(index, embedder.model_id, EMBEDDED_TEXT, meta.files).lookup("sentences", [row.doc], key,
                                                                                       out) == [0]


def test_no_previous_build_reuses_nothing(tmp_path):
    previous = PreviousVectors(tmp_path / "nothing-here", "m", EMBEDDED_TEXT, {})
    out = np.zeros((2, 4), dtype="<f4")
    assert previous.lookup("chunks", ["001", "001"], [b"a", b"b"], out) == [0, 1]
