"""Issue 17, sections 2 and 3: the corpus is the folder and nothing else; odd and damaged index folders,
and the system refusing a write, give one sentence, never a traceback. Each test fails on the code before."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from app.cli import main
from index.build import build
from index.errors import BadIndexFolder, IndexNotFound
from index.txn import LockUnusable
from tests.conftest import FakeEmbedder
from tests.hardening.conftest import write_corpus


def _build(corpus: Path, index: Path, **kw):
    return build(corpus, index, embedder=FakeEmbedder(), **kw)


def _one_sentence(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1 and err.startswith("qa: "), err
    return err


def test_a_symlink_out_of_the_corpus_is_skipped_and_listed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash 绝密内容不应被编入索引。\n", encoding="utf-8")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "more.txt").write_text("外部文件夹中的文章，不应被读取。\n", encoding="utf-8")
    corpus = write_corpus(tmp_path / "corpus")
    os.symlink(secret, corpus / "005_secret.txt")
    os.symlink(outside, corpus / "sub")
    os.symlink(corpus / "001_alpha.txt", corpus / "006_inside.txt")  # a link that stays inside is read
    os.symlink(corpus / "missing.txt", corpus / "007_broken.txt")
    report = _build(corpus, tmp_path / "index")
    skipped = {s.path: s.reason for s in report.skipped}
    assert skipped == {"005_secret.txt": "outside", "sub": "outside", "007_broken.txt": "broken_link"}
    from qa.pipeline.assistant import Assistant

    a = Assistant.load(tmp_path / "index", embedder=FakeEmbedder())  # not stale: the skipped links are known
    texts = [c.text for c in a.data.chunks]
    assert not any("root:x" in t or "外部文件夹" in t for t in texts)
    assert "006_inside.txt" in {d.path for d in a.data.documents.values()}
    followed = _build(corpus, tmp_path / "followed", follow_symlinks=True)
    assert {s.path for s in followed.skipped} == {"007_broken.txt"}
    a = Assistant.load(tmp_path / "followed", embedder=FakeEmbedder())
    assert any("绝密内容" in c.text for c in a.data.chunks) and any("外部文件夹" in c.text for c in a.data.chunks)


def test_a_file_name_that_is_not_utf8_is_listed_not_a_traceback(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "corpus")
    with open(os.path.join(os.fsencode(corpus), b"bad\xff\xfe.txt"), "wb") as f:
        f.write("名字不是 UTF-8。\n".encode())
    report = _build(corpus, tmp_path / "index")
    assert [(s.path, s.reason) for s in report.skipped] == [("bad\\xff\\xfe.txt", "bad_name")]
    from qa.pipeline.assistant import Assistant

    Assistant.load(tmp_path / "index", embedder=FakeEmbedder())  # not stale


def test_files_deleted_during_a_build_are_listed(tmp_path, monkeypatch):
    import index.corpus

    corpus = write_corpus(tmp_path / "corpus")
    read_file = index.corpus.read_file

    def deleting(path, name, previous=None, **kw):
        if name == "002_beta.txt":
            os.unlink(path)  # listed, then deleted before it is read
        got = read_file(path, name, previous, **kw)
        if name == "003_gamma.md":
            os.unlink(path)  # deleted after it was read
        return got

    monkeypatch.setattr(index.corpus, "read_file", deleting)
    report = _build(corpus, tmp_path / "index")
    assert {s.path: s.reason for s in report.skipped} == {"002_beta.txt": "unreadable", "003_gamma.md": "unreadable"}
    assert report.documents == 2


def test_the_file_size_limit_while_writing_is_a_sentence_and_the_index_stays(tmp_path, monkeypatch, capsys):
    from index import streams

    corpus = write_corpus(tmp_path / "corpus")
    _build(corpus, tmp_path / "index")
    before = sorted(p.name for p in (tmp_path / "index" / "builds").iterdir())

    def too_large(self, row):
        raise OSError(errno.EFBIG, "File too large")

    monkeypatch.setattr(streams.JsonlWriter, "write", too_large)
    code = main(["build", "--corpus", str(corpus), "--index", str(tmp_path / "index"), "--quiet"])
    assert code == 1 and "size limit" in _one_sentence(capsys)
    assert sorted(p.name for p in (tmp_path / "index" / "builds").iterdir()) == before


def test_current_a_symlink_loop_is_no_index(tiny_index, tmp_path, capsys):
    index = tmp_path / "index"
    shutil.copytree(tiny_index, index, symlinks=True)
    (index / "current").unlink()
    os.symlink("current", index / "current")
    from index.load import open_index

    with pytest.raises(IndexNotFound):
        open_index(index)
    assert main(["info", "--index", str(index)]) == 1
    _one_sentence(capsys)


def test_an_index_path_that_is_a_file_or_has_builds_as_a_file(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "corpus")
    a_file = tmp_path / "index-file"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(BadIndexFolder):
        _build(corpus, a_file)
    assert main(["build", "--corpus", str(corpus), "--index", str(a_file), "--quiet"]) == 1
    assert "is a file, not a folder" in _one_sentence(capsys)
    odd = tmp_path / "odd"
    odd.mkdir()
    (odd / "builds").write_text("x", encoding="utf-8")
    with pytest.raises(BadIndexFolder):
        _build(corpus, odd)
    locked = tmp_path / "locked"
    (locked / ".lock").mkdir(parents=True)
    with pytest.raises(LockUnusable):
        _build(corpus, locked)


def _damage(name: str, how: str):
    def do(folder: Path) -> None:
        path = folder / name
        if how == "garbage":
            path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff" * 20)
        elif how == "not_json":
            path.write_text('{"doc": "001", "para": 1,\n', encoding="utf-8")
        elif how == "empty":
            path.write_bytes(b"")
        elif how == "missing":
            path.unlink()
    return do


@pytest.mark.parametrize("name,how", [("meta.json", "garbage"), ("meta.json", "not_json"), ("chunks.jsonl", "garbage"),
                                      ("chunks.jsonl", "empty"), ("chunks.jsonl", "not_json"),
                                      ("sentences.jsonl", "garbage"), ("documents.json", "missing"),
                                      ("documents.json", "not_json")])  # fmt: skip
def test_qa_info_checks_what_it_reports(tiny_index, tmp_path, capsys, name, how):
    index = tmp_path / "index"
    shutil.copytree(tiny_index, index, symlinks=True)
    assert main(["info", "--index", str(index)]) == 0
    capsys.readouterr()
    _damage(name, how)((index / "current").resolve())
    assert main(["info", "--index", str(index)]) == 1
    _one_sentence(capsys)


def test_qa_info_refuses_an_emptied_chunks_file_even_without_checksums(tiny_index, tmp_path, capsys):
    import json

    from index import store

    index = tmp_path / "index"
    shutil.copytree(tiny_index, index, symlinks=True)
    folder = (index / "current").resolve()
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta["checksums"], meta["meta_sha256"] = {}, ""  # as an older build wrote it
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    (folder / "chunks.jsonl").write_bytes(b"")
    assert store.read_meta(index).n_chunks > 0
    assert main(["info", "--index", str(index)]) == 1
    assert "inconsistent" in _one_sentence(capsys)
