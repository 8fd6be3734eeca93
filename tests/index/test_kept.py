"""The text every offset refers to is kept in the index: equal to the file for UTF-8 text, checked by its hash."""

from __future__ import annotations

import codecs
import json
import shutil

import pytest

from index import extract, kept, store
from index.build import build
from index.errors import CorruptIndex
from index.load import open_index
from tests.conftest import SEEDS


def _offsets_hold(data) -> None:
    for c in data.chunks:
        assert data.document_text(c.doc)[c.start : c.end] == c.text
    for s in data.sentences:
        text = data.document_text(s.doc)
        assert "".join(text[a:b] for a, b in s.spans) == s.text


def test_a_utf8_text_is_kept_byte_for_byte(small_corpus, tmp_path, fake_embedder):
    shutil.copy(SEEDS / "003_d9fd685520b31bc1.txt", small_corpus / "003_d9fd685520b31bc1.txt")
    build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    data = open_index(tmp_path / "idx")
    for doc in data.documents.values():
        original = (small_corpus / doc.path).read_bytes()
        assert (data.folder / kept.text_name(doc.sha256)).read_bytes() == original
        assert data.document_text(doc.key) == original.decode("utf-8")
        assert (doc.format, doc.encoding, doc.pages) in {("txt", "utf-8", 0), ("md", "utf-8", 0)}
    _offsets_hold(data)


def test_a_bom_is_not_part_of_the_text(tmp_path, fake_embedder):
    """A UTF-8 BOM is how the file says its encoding, not a character of the article: offset 0 is the title."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = "量子通信网络\n\n京沪干线全长两千多公里，是世界上第一条量子保密通信干线。\n"
    (corpus / "a.txt").write_bytes(codecs.BOM_UTF8 + body.encode("utf-8"))
    (corpus / "b.txt").write_bytes(body.encode("utf-16"))  # UTF-16 with its BOM
    build(corpus, tmp_path / "idx", embedder=fake_embedder)
    data = open_index(tmp_path / "idx")
    by_path = {d.path: d for d in data.documents.values()}
    assert data.document_text(by_path["a.txt"].key) == body == data.document_text(by_path["b.txt"].key)
    assert by_path["a.txt"].encoding == "utf-8-sig" and by_path["b.txt"].encoding.startswith("utf-16")
    assert by_path["a.txt"].title == "量子通信网络"
    _offsets_hold(data)


def test_the_kept_text_answers_when_the_original_is_edited_or_removed(small_corpus, tmp_path, fake_embedder):
    build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    data = open_index(tmp_path / "idx")
    before = {k: data.document_text(k) for k in data.documents}
    (small_corpus / "002_beta.txt").write_text("完全不同的内容。\n", encoding="utf-8")
    (small_corpus / "001_alpha.txt").unlink()
    fresh = open_index(tmp_path / "idx", check_corpus=False)
    assert {k: fresh.document_text(k) for k in fresh.documents} == before, "citations keep their characters"


def test_a_damaged_kept_text_is_refused(small_corpus, tmp_path, fake_embedder):
    build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    data = open_index(tmp_path / "idx")
    doc = data.documents["002"]
    path = data.folder / kept.text_name(doc.sha256)
    path.write_bytes(path.read_bytes().replace("京沪".encode(), "沪京".encode()))
    with pytest.raises(CorruptIndex) as err:
        open_index(tmp_path / "idx").document_text("002")
    assert err.value.reason == "checksum" and err.value.path == kept.text_name(doc.sha256)


def test_documents_json_records_how_each_document_was_read(small_corpus, tmp_path, fake_embedder):
    build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    rows = json.loads((store.current_dir(tmp_path / "idx") / "documents.json").read_text(encoding="utf-8"))
    row = next(r for r in rows if r["key"] == "003")
    assert (row["format"], row["encoding"], row["pages"], row["ocr"], row["reader"]) == (
        "md", "utf-8", 0, False, extract.READER_VERSION)
    assert row["text_sha256"] == kept.text_digest((small_corpus / "003_gamma.md").read_text(encoding="utf-8"))


def test_an_unchanged_file_is_not_read_again(small_corpus, tmp_path, fake_embedder, monkeypatch):
    build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    calls = []
    real = extract.read_document
    monkeypatch.setattr(extract, "read_document", lambda path, ocr=True: calls.append(path.name) or real(path, ocr))
    (small_corpus / "004_new.txt").write_text("新文章\n\n合肥建成了新的量子实验室。\n", encoding="utf-8")
    report = build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    assert calls == ["004_new.txt"], "the kept extraction of an unchanged file is reused (OCR takes seconds a page)"
    assert report.documents == 4
    _offsets_hold(open_index(tmp_path / "idx"))
