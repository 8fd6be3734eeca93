"""Nothing silent: `qa build` lists every file it did not index with the reason, and counts per format;
`qa info` shows how each document was read."""

from __future__ import annotations

import io
import json

import pytest

from app.cli import main
from index import extract
from index.load import open_index
from tests.conftest import FakeEmbedder


def _pdf(pages: int = 1, password: str | None = None) -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    for _ in range(pages):
        w.add_blank_page(595, 842)
    if password:
        w.encrypt(password)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


@pytest.fixture
def mixed(tmp_path, monkeypatch):
    """A folder as people have them: a good article, one in GB18030, and files the build cannot index."""
    monkeypatch.setattr("index.embed.load_embedder", lambda model=None: FakeEmbedder())
    monkeypatch.setattr(extract, "MAX_TEXT_BYTES", 4000)
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "001_alpha.txt").write_text("量子计算新进展\n\n某研究院发布了新的量子计算机，拥有 72 个量子比特。\n",
                                          encoding="utf-8")
    (folder / "002_gb.txt").write_bytes("量子通信网络\n\n京沪干线全长两千多公里，是世界上第一条量子保密通信干线。\n"
                                        .encode("gb18030"))
    (folder / "report.xlsx").write_bytes(b"PK\x03\x04" + bytes(60))
    (folder / "locked.pdf").write_bytes(_pdf(password="secret"))
    (folder / "blank.pdf").write_bytes(_pdf(pages=2))
    (folder / "notes.docx").write_bytes(b"this is not a zip file")
    (folder / "empty.md").write_text("  \n\n", encoding="utf-8")
    (folder / "huge.txt").write_text("量子" * 3000, encoding="utf-8")
    (folder / "weird.txt").write_bytes(b"\xff" * 80)
    (folder / ".DS_Store").write_bytes(b"\x00\x01")  # hidden: not a document, not listed
    return folder


REASONS = {
    "report.xlsx": "format .xlsx is not read",
    "locked.pdf": "an encrypted PDF",
    "blank.pdf": "no text on its 2 page(s)",
    "notes.docx": "not a readable DOCX file",
    "empty.md": "no text",
    "huge.txt": "over the 4 KB limit for a txt file",
    "weird.txt": "no text encoding fits",
}


def test_build_lists_every_skipped_file_with_its_reason(mixed, tmp_path, capsys):
    assert main(["build", "--corpus", str(mixed), "--index", str(tmp_path / "idx"), "--quiet"]) == 0
    out = capsys.readouterr().out
    first, *rest = out.strip().splitlines()
    assert first.startswith("indexed 2 documents (2 txt)")
    assert rest[0].startswith(f"skipped {len(REASONS)} file(s)") and "未编入索引" in rest[0]
    listed = {line.strip().split(":", 1)[0]: line for line in rest[1:]}
    assert set(listed) == set(REASONS), ".DS_Store is hidden, the catalog is not a document"
    for name, says in REASONS.items():
        assert says in listed[name], listed[name]
    assert "请另存为无密码的副本" in listed["locked.pdf"] and "请拆分" in listed["huge.txt"]

    data = open_index(tmp_path / "idx")  # the skipped files, unchanged, are no change to the corpus
    assert sorted(data.meta.skipped) == sorted(REASONS)
    assert data.meta.skipped["blank.pdf"]["facts"]["pages"] == 2


def test_info_shows_format_pages_encoding_and_skips(mixed, tmp_path, capsys):
    main(["build", "--corpus", str(mixed), "--index", str(tmp_path / "idx"), "--quiet"])
    capsys.readouterr()
    assert main(["info", "--index", str(tmp_path / "idx")]) == 0
    out = capsys.readouterr().out
    assert "documents 2 (2 txt)" in out and "txt, gb18030  002_gb.txt" in out and "txt, utf-8  001_alpha.txt" in out
    assert "locked.pdf: an encrypted PDF" in out
    assert main(["info", "--json", "--index", str(tmp_path / "idx")]) == 0
    info = json.loads(capsys.readouterr().out)
    gb = next(d for d in info["documents"] if d["file"] == "002_gb.txt")
    assert (gb["format"], gb["encoding"], gb["pages"], gb["ocr"]) == ("txt", "gb18030", 0, False)
    assert info["formats"] == {"txt": 2}
    assert {s["file"]: s["reason"] for s in info["skipped"]}["locked.pdf"] == "encrypted"


def test_a_folder_of_nothing_readable_says_why_for_each_file(mixed, tmp_path, capsys):
    for name in ("001_alpha.txt", "002_gb.txt"):
        (mixed / name).unlink()
    assert main(["build", "--corpus", str(mixed), "--index", str(tmp_path / "idx"), "--quiet"]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and f"none of the {len(REASONS)} file(s)" in err and "没有一个文件可以读取" in err
    assert "blank.pdf: no text" in err


def test_the_corpus_folder_may_be_named_without_its_flag(mixed, tmp_path, capsys):
    assert main(["build", str(mixed), "--index", str(tmp_path / "idx"), "--quiet"]) == 0
    assert "indexed 2 documents" in capsys.readouterr().out
    other = tmp_path / "other"
    other.mkdir()
    assert main(["build", str(mixed), "--corpus", str(other), "--index", str(tmp_path / "idx"), "--quiet"]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "two corpus folders given" in err and "Traceback" not in err
    assert len(open_index(tmp_path / "idx").documents) == 2  # the index built before is left as it was
