"""A large corpus's build path (spilled BM25 segments, on-disk FAISS lists) answers as the small one's,
and the build's memory does not grow with the corpus."""

from __future__ import annotations

import shutil

import pytest

from app.messages import sentence
from bench.build_memory import make_corpus, measure
from index import gloss, lexical, store, vectors
from index.build import build
from index.errors import CorruptIndex
from tests.conftest import FakeEmbedder
from tests.hardening.conftest import snapshot

# the sizes a corpus of hundreds of MB reaches, scaled down so a small corpus takes the same paths
SMALL_SIZES = [("lexical", "SEGMENT_POSTINGS", 7), ("lexical", "MERGE_POSTINGS", 5), ("vectors", "FLAT_MAX", 2),
               ("vectors", "HNSW_MAX", 3), ("vectors", "ADD_BATCH", 4), ("gloss", "MEMO_MAX", 3)]
MODULES = {"lexical": lexical, "vectors": vectors, "gloss": gloss}


def rounded(snap: dict) -> dict:
    """Scores summed in another term order differ in the last float bits; what a user sees does not."""
    snap = dict(snap)
    snap["answers"] = [[(c, s, e, round(score, 5)) for c, s, e, score in passages] for passages in snap["answers"]]
    return snap


def test_the_large_corpus_path_answers_as_the_small_one(tiny_corpus, tmp_path, monkeypatch):
    build(tiny_corpus, tmp_path / "default", embedder=FakeEmbedder())
    expected = rounded(snapshot(tmp_path / "default"))
    for module, name, value in SMALL_SIZES:
        monkeypatch.setattr(MODULES[module], name, value)
    gloss.default_glossary()._terms.clear()
    build(tiny_corpus, tmp_path / "large-path", embedder=FakeEmbedder())
    meta = store.read_meta(tmp_path / "large-path")
    assert meta.faiss_type == "ivf" and vectors.IVF_DATA in meta.checksums
    assert rounded(snapshot(tmp_path / "large-path")) == expected

    moved = tmp_path / "moved"
    shutil.move(tmp_path / "large-path", moved)  # the on-disk lists are found beside their index
    assert rounded(snapshot(moved)) == expected

    data = (store.current_dir(moved) / vectors.IVF_DATA).resolve()
    raw = bytearray(data.read_bytes())
    raw[len(raw) // 3] ^= 0x10
    data.write_bytes(bytes(raw))
    with pytest.raises(CorruptIndex) as err:
        snapshot(moved)
    assert "qa build" in sentence(err.value)


@pytest.mark.slow
def test_build_memory_does_not_grow_with_the_corpus(tmp_path):
    """A corpus 6 times larger needs no more memory to build or rebuild (the vocabulary, postings, vectors
    and the previous build's keys stream)."""
    sizes = [("lexical", "SEGMENT_POSTINGS", 20_000), ("lexical", "MERGE_POSTINGS", 20_000),
             ("vectors", "FLAT_MAX", 500), ("vectors", "HNSW_MAX", 1000), ("vectors", "TRAIN_MAX", 2000),
             ("vectors", "ADD_BATCH", 1024), ("gloss", "MEMO_MAX", 5000)]
    peaks, rebuild_peaks = {}, {}
    for mb in (1, 6):
        make_corpus(tmp_path / f"corpus-{mb}", mb)
        result = measure(tmp_path / f"corpus-{mb}", tmp_path / f"index-{mb}", sizes)
        assert result["faiss"] == "ivf"
        peaks[mb] = result["peak_anon_mb"]
        again = measure(tmp_path / f"corpus-{mb}", tmp_path / f"index-{mb}", sizes)  # everything reused
        assert again["embedded"] == 0
        rebuild_peaks[mb] = again["peak_anon_mb"]
    # before the streamed fields, bounded memo and on-disk lists, the same two builds differed by 86 MB
    assert peaks[6] - peaks[1] < 10, peaks
    assert rebuild_peaks[6] - rebuild_peaks[1] < 10, rebuild_peaks
