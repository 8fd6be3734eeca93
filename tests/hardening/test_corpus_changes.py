"""Files added, edited, renamed or deleted between builds: picked up; citations of the others unchanged."""

from __future__ import annotations

import pytest

from app.messages import sentence
from index.build import build
from index.errors import StaleIndex
from index.load import open_index
from qa.errors import BadCitation
from qa.provenance.cite import cite
from tests.conftest import FakeEmbedder
from tests.hardening.conftest import write_corpus


def citations(index) -> dict[str, dict[str, str]]:
    """Per document key: every paragraph and sentence id -> the text it cites."""
    data = open_index(index, check_corpus=False)
    out: dict[str, dict[str, str]] = {}
    for key, doc in data.documents.items():
        ids = {p.citation for p in doc.paragraphs}
        ids |= {r.citation for r in data.sentences if r.doc == key}
        out[key] = {cid: cite(data, cid).unit.text for cid in sorted(ids)}
    return out


def test_added_edited_renamed_and_deleted_files_are_picked_up(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    build(corpus, index, embedder=FakeEmbedder())
    before = citations(index)
    assert set(before) == {"001", "002", "003", "004"}

    (corpus / "005_new.txt").write_text("新文章\n\n合肥建成了新的量子实验室。\n", encoding="utf-8")  # added
    gamma = corpus / "003_gamma.md"  # edited: a paragraph inserted before the others
    text = gamma.read_text(encoding="utf-8")
    heading = "# 钢铁工业低碳发展\n\n"
    gamma.write_text(text.replace(heading, heading + "新插入的一段话。\n\n"), encoding="utf-8")
    (corpus / "002_beta.txt").rename(corpus / "002_renamed.txt")  # renamed, same prefix
    (corpus / "004_delta.txt").unlink()  # deleted
    with pytest.raises(StaleIndex) as err:
        open_index(index)
    assert f"qa build --corpus {corpus} --index {index}" in sentence(err.value)

    report = build(corpus, index, embedder=FakeEmbedder())
    after = citations(index)
    data = open_index(index)  # the corpus check passes: every change was picked up
    assert report.documents == 4 and set(after) == {"001", "002", "003", "005"}
    assert after["001"] == before["001"], "an unchanged file keeps every citation"
    assert after["002"] == before["002"], "a renamed file whose prefix is unchanged keeps its citations"
    assert data.documents["002"].path == "002_renamed.txt"
    assert after["003"]["003:p2"] == "新插入的一段话。", "the edit is indexed"
    assert after["003"]["003:p3"] == before["003"]["003:p2"], "paragraphs after it are renumbered"
    assert "合肥" in after["005"]["005:p2"]
    with pytest.raises(BadCitation, match="no document 004"):
        cite(data, "004:p1")
    assert not any(c.doc == "004" for c in data.chunks), "nothing of the deleted file is left"
    new_text = [c for c in data.chunks if c.doc == "005" or c.clean == "新插入的一段话。"]
    assert report.embedded == len(new_text) == 2, "only new text is embedded; renamed and edited files reuse"


def test_a_file_renamed_to_another_prefix_is_cited_by_its_new_name(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    build(corpus, index, embedder=FakeEmbedder())
    before = citations(index)
    (corpus / "002_beta.txt").rename(corpus / "beta.txt")
    report = build(corpus, index, embedder=FakeEmbedder())
    assert report.embedded == 0, "the same content under another name reuses its vectors"
    after = citations(index)
    assert "002" not in after
    assert list(after["beta"].values()) == list(before["002"].values())


def test_a_new_file_with_the_same_prefix_does_not_change_existing_citations(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    build(corpus, index, embedder=FakeEmbedder())
    before = citations(index)
    (corpus / "001_zzz.txt").write_text("另一篇\n\n同一编号的另一篇文章。\n", encoding="utf-8")
    (corpus / "001_aaa.txt").write_text("又一篇\n\n排在前面的同编号文章。\n", encoding="utf-8")
    build(corpus, index, embedder=FakeEmbedder())
    after = citations(index)
    assert after["001"] == before["001"], "001_alpha.txt keeps 001"
    assert {"001_zzz", "001_aaa"} <= set(after), "the newcomers get their stems"
    fresh = tmp_path / "fresh"
    build(corpus, fresh, embedder=FakeEmbedder())
    assert "001" not in citations(fresh), "a fresh index of the same folder gives every such file its stem"


def test_citations_do_not_depend_on_the_chunk_size(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    build(corpus, index, embedder=FakeEmbedder())
    before = citations(index)
    chunks = len(open_index(index).chunks)
    report = build(corpus, index, embedder=FakeEmbedder(), chunk_size=20, chunk_overlap=0)
    assert report.chunks > chunks and citations(index) == before
