"""The index build: idempotent, incremental, atomic, and refusing what it cannot use."""

from __future__ import annotations

import json
import os

import pytest

from app.cli import main
from app.messages import sentence
from index import record_rows, store
from index.build import build
from index.errors import BadCorpus, CorruptIndex, IndexNotFound, StaleIndex
from index.load import open_index


def test_rebuilding_an_unchanged_corpus_embeds_nothing(small_corpus, tmp_path, fake_embedder):
    first = build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    assert first.embedded == first.chunks > 0
    second = build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    assert second.embedded == 0 and second.chunks == first.chunks


def test_editing_one_file_reembeds_only_its_chunks(small_corpus, tmp_path, fake_embedder):
    build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    path = small_corpus / "003_gamma.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n新增一段关于氢冶金的文字。\n", encoding="utf-8")
    data = open_index(tmp_path / "idx", check_corpus=False)
    untouched = sum(1 for c in data.chunks if c.doc != "003")
    report = build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    assert 0 < report.embedded <= report.chunks - untouched


def test_index_is_a_folder_of_plain_named_files(small_corpus, tmp_path, fake_embedder):
    build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    current = store.current_dir(tmp_path / "idx")
    names = {p.name for p in current.iterdir()}
    assert {"meta.json", "chunks.jsonl", "vectors.faiss", "lexical-zh.data.npy", "documents.json"} <= names
    meta = json.loads((current / "meta.json").read_text())
    assert meta["model_id"] == "fake-bigram-64" and meta["dimension"] == 64
    assert set(meta["files"]) == {"001_alpha.txt", "002_beta.txt", "003_gamma.md"}
    assert meta["chunk_size"] == 300
    docs = {d.key: d for d in record_rows.read_documents(current)}
    assert docs["001"].title == "量子计算新进展" and docs["001"].authors == ("王五",)
    assert docs["003"].title == "钢铁工业低碳发展", "a file without a catalog entry takes its first heading"


def test_chunk_offsets_point_into_the_original_files(small_corpus, tmp_path, fake_embedder):
    build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    data = open_index(tmp_path / "idx")
    for c in data.chunks:
        assert data.document_text(c.doc)[c.start : c.end] == c.text
    assert not any("0898" in c.clean for c in data.chunks), "debris is not indexed"
    assert any("其发展既有赖于" in c.clean for c in data.chunks), "broken paragraph indexed as one"


def test_latin_tokens_and_numbers_are_searchable(small_corpus, tmp_path, fake_embedder):
    build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    data = open_index(tmp_path / "idx")
    for token in ("nqi", "72", "16%"):
        scores = data.zh.score([token])
        assert scores.max() > 0, token


def test_a_chunk_is_indexed_under_its_sentences_words_and_its_heading(small_corpus, tmp_path, fake_embedder):
    """Each sentence is tokenized once; a chunk's indexed words are its sentences' and heading's, exactly
    what the answerable check compares the question with."""
    from index.tokenize import tokenize
    from index.views import chunk_words
    from qa.pipeline.assistant import Assistant

    build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    a = Assistant.load(tmp_path / "idx", embedder=fake_embedder)
    terms = {i: t for t, i in a.data.zh.vocab.items()}
    matrix = a.data.zh.matrix.tocsr()
    for cid, chunk in enumerate(a.data.chunks):
        indexed = {terms[j] for j in matrix[cid].indices}
        assert indexed == chunk_words(chunk, a.data.sentences, a.data.sentence_rows)
        if "." not in chunk.clean:  # sentences glued at ". " would make other Latin words
            assert set(tokenize(chunk.clean)) <= indexed
    steel = next(c for c in a.data.chunks if c.doc == "003")
    assert {"钢铁", "低碳", "16%"} <= chunk_words(steel, a.data.sentences, a.data.sentence_rows)


def test_changed_corpus_is_refused_with_the_command_to_run(small_corpus, tmp_path, fake_embedder):
    build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    (small_corpus / "004_new.txt").write_text("新的文章。", encoding="utf-8")
    with pytest.raises(StaleIndex) as err:
        open_index(tmp_path / "idx")
    assert f"run `qa build --corpus {small_corpus} --index {tmp_path / 'idx'}` to update it" in sentence(err.value)


def test_other_model_and_format_are_refused(small_corpus, tmp_path, fake_embedder):
    build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    with pytest.raises(StaleIndex) as err:
        open_index(tmp_path / "idx", model="some-other-model")
    assert (err.value.expected, err.value.found) == ("fake-bigram-64", "some-other-model")
    assert "--model some-other-model" in sentence(err.value)
    meta_path = store.current_dir(tmp_path / "idx") / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta["format_version"] = 999
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(StaleIndex) as err:
        open_index(tmp_path / "idx")
    assert (err.value.found, err.value.expected) == (999, store.FORMAT_VERSION)
    assert "qa build" in sentence(err.value)


def test_damaged_index_file_is_detected(small_corpus, tmp_path, fake_embedder):
    build(small_corpus, tmp_path / "idx", embedder=fake_embedder)
    path = store.current_dir(tmp_path / "idx") / "chunks.jsonl"
    data = bytearray(path.read_bytes())
    data[10] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptIndex) as err:
        open_index(tmp_path / "idx")
    assert "rebuild" in sentence(err.value)


def _bad_corpus(tmp_path, kind):
    folder = tmp_path / f"bad-{kind}"
    folder.mkdir()
    if kind == "binary":
        (folder / "a.txt").write_bytes(b"\x89PNG\x00\x01\x02" * 10)
    elif kind == "undecodable":
        (folder / "a.txt").write_bytes(b"\xff" * 50)  # no encoding decodes it
    elif kind == "emptyfile":
        (folder / "a.txt").write_text("  \n", encoding="utf-8")
    elif kind == "photo":
        (folder / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    elif kind == "huge":
        with open(folder / "a.txt", "wb") as fh:
            fh.truncate(50 * 1024 * 1024)
    return folder


@pytest.mark.parametrize("kind,needle", [
    ("emptydir", "holds no files"), ("binary", "binary"), ("undecodable", "no text encoding fits"),
    ("emptyfile", "a.txt: no text"), ("huge", "limit"), ("photo", "format .png is not read"),
])
def test_bad_corpus_gets_one_sentence_and_keeps_the_existing_index(
    kind, needle, small_corpus, tmp_path, fake_embedder, capsys, monkeypatch
):
    idx = tmp_path / "idx"
    build(small_corpus, idx, embedder=fake_embedder)
    before = (store.current_dir(idx) / "chunks.jsonl").read_bytes()
    folder = _bad_corpus(tmp_path, kind)
    with pytest.raises(BadCorpus, match=needle):
        build(folder, idx, embedder=fake_embedder)
    code = main(["build", "--corpus", str(folder), "--index", str(idx), "--quiet"])
    err = capsys.readouterr().err.strip()
    assert code != 0 and needle in err and len(err.splitlines()) == 1 and "Traceback" not in err
    assert (store.current_dir(idx) / "chunks.jsonl").read_bytes() == before, "the previous index is untouched"
    open_index(idx)


def test_missing_and_foreign_index_folders(tmp_path, capsys):
    with pytest.raises(IndexNotFound) as err:
        open_index(tmp_path / "nowhere")
    assert err.value.index_dir == tmp_path / "nowhere" and "qa build" in sentence(err.value)
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "data.bin").write_bytes(os.urandom(100))
    code = main(["info", "--index", str(foreign)])
    err = capsys.readouterr().err.strip()
    assert code != 0 and "not an index built by qa" in err and len(err.splitlines()) == 1


def test_a_failed_build_leaves_no_half_written_folder(small_corpus, tmp_path, fake_embedder):
    idx = tmp_path / "idx"
    build(small_corpus, idx, embedder=fake_embedder)

    class Exploding:
        model_id, dimension = "fake-bigram-64", 64

        def encode(self, texts, batch_size=64):
            raise RuntimeError("power cut")

    (small_corpus / "002_beta.txt").write_text("全新的内容，需要重新嵌入。", encoding="utf-8")
    with pytest.raises(RuntimeError):
        build(small_corpus, idx, embedder=Exploding())
    assert [p.name for p in (idx / "builds").iterdir() if p.name.startswith(".tmp")] == []
    data = open_index(idx, check_corpus=False)
    assert any("京沪干线" in c.clean for c in data.chunks), "the previous build still answers"
