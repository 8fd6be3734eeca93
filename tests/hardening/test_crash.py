"""A build killed at any moment loses nothing; a damaged index file is detected on load, never used."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from app.messages import sentence
from index import record_rows, store
from index.bm25 import field_files
from index.build import build
from index.errors import CorruptIndex, IndexNotFound, QAError
from index.load import open_index
from index.table import TABLES
from tests.conftest import FakeEmbedder
from tests.hardening.conftest import snapshot, write_corpus

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("build_child.py")


def start_child(corpus: Path, index: Path, *flags: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(CHILD), str(corpus), str(index), *flags], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(proc: subprocess.Popen, point: str, timeout: float = 120) -> float:
    """Read the child's points until ``point``; the seconds it took. Kills the child on timeout."""
    t0 = time.monotonic()
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        for line in proc.stdout:
            if line.strip() == f"at {point}":
                return time.monotonic() - t0
    finally:
        timer.cancel()
    raise AssertionError(f"the build never reached {point!r}: {proc.stderr.read()[-2000:]}")


def kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        stream.close()


def leftovers(index: Path) -> list[str]:
    builds = [p.name for p in (index / "builds").iterdir()]
    current = os.readlink(index / "current")
    return sorted([b for b in builds if not current.endswith(b)] + [p.name for p in index.glob(".current.*")])


def change_corpus(corpus: Path) -> None:
    """A file added: the previous index still answers every question from the files it knows."""
    (corpus / "005_epsilon.txt").write_text("新增文章\n\n合肥的量子实验室于2020年建成，共有120名研究人员。\n",
                                            encoding="utf-8")


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_the_previous_index_answering(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    build(corpus, index, embedder=FakeEmbedder())
    old = snapshot(index)
    change_corpus(corpus)
    build(corpus, tmp_path / "reference", embedder=FakeEmbedder())
    new = snapshot(tmp_path / "reference")
    assert new != old

    # killed at each step of a build: before the switch the previous index is current, after it the new one
    expected = {"read": old, "embed chunks": old, "embed sentences": old, "lexical": old, "faiss": old,
                "meta": old, "switch": old}
    took = 0.0
    for point, state in expected.items():
        proc = start_child(corpus, index, "--hold-at", point)
        took = max(took, wait_for(proc, point))
        kill(proc)
        assert snapshot(index) == state, f"killed at {point}"
        left = leftovers(index)
        if point == "switch":
            assert any(not name.startswith(".") for name in left), "a complete build, never switched to"
        else:
            assert any(name.startswith(".tmp-") for name in left), "a half-written build folder"
    # and at random moments (seeded): either index, never a mix of the two
    rng = random.Random(8)
    for _ in range(3):
        proc = start_child(corpus, index)
        time.sleep(rng.uniform(0.2, took))
        kill(proc)
        assert snapshot(index) in (old, new)
    proc = start_child(corpus, index, "--hold-at", "prune")
    wait_for(proc, "prune")
    kill(proc)
    assert snapshot(index) == new, "killed after the switch: the new build is complete and current"

    assert leftovers(index), "the previous build, not yet removed"
    report = build(corpus, index, embedder=FakeEmbedder())
    assert report.embedded == 0, "the next build reuses the vectors of the complete build"
    assert leftovers(index) == [], "the next build removed what the killed ones left"
    assert snapshot(index) == new
    open_index(index)  # the corpus check passes too


def test_leftovers_of_a_killed_build_do_not_break_loading_and_are_cleaned(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    build(corpus, index, embedder=FakeEmbedder())
    before = snapshot(index)
    tmp = index / "builds" / ".tmp-20990101T000000000000Z-99999"
    tmp.mkdir()
    (tmp / "chunks.jsonl").write_text('{"half a line', encoding="utf-8")
    unswitched = index / "builds" / "20990101T000000000001Z"
    shutil.copytree(store.current_dir(index).resolve(), unswitched)
    (unswitched / "vectors.faiss").write_bytes(b"garbage")
    os.symlink("builds/nowhere", index / ".current.99999")

    from qa.pipeline.assistant import Assistant

    a = Assistant.load(index, embedder=FakeEmbedder())
    assert snapshot(index) == before
    assert a.newer() is None, "leftovers are not a newer build"
    build(corpus, index, embedder=FakeEmbedder())
    assert leftovers(index) == []
    assert snapshot(index) == before


# ---------------------------------------------------------------- damaged files
INDEX_FILES = ["chunks.jsonl", "sentences.jsonl", "documents.json", "pairs.json", *field_files("lexical-zh"),
               *field_files("lexical-en"), "embeddings.npy", "sentences.npy",
               "vectors.faiss", *TABLES, "meta.json"]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("pristine")
    corpus = write_corpus(base / "corpus")
    build(corpus, base / "index", embedder=FakeEmbedder())
    return base


def _copy(pristine: Path, tmp_path: Path) -> Path:
    shutil.copytree(pristine, tmp_path / "copy", symlinks=True)
    return tmp_path / "copy" / "index"


def test_every_index_file_is_covered_by_a_checksum(pristine):
    folder = store.current_dir(pristine / "index")
    meta = store.read_meta(pristine / "index")
    assert sorted([*meta.checksums, "meta.json"]) == sorted(INDEX_FILES)
    kept = {"text", "pages"}  # content-addressed: each file's digest is in documents.json, which is checksummed
    assert sorted(p.name for p in folder.iterdir() if p.name not in kept) == sorted(INDEX_FILES)
    digests = {d.text_sha256 for d in record_rows.read_documents(folder)}
    texts = sorted((folder / "text").iterdir())
    assert texts and all(hashlib.sha256(p.read_bytes()).hexdigest() in digests for p in texts)


@pytest.mark.parametrize("damage", ["truncated", "bit flipped", "emptied", "deleted"])
@pytest.mark.parametrize("name", INDEX_FILES)
def test_a_damaged_index_file_is_detected_with_the_command_to_run(pristine, tmp_path, name, damage):
    index = _copy(pristine, tmp_path)
    path = store.current_dir(index) / name
    data = bytearray(path.read_bytes())
    rng = random.Random(f"{name}-{damage}")
    if damage == "truncated":
        path.write_bytes(bytes(data[: rng.randrange(len(data))]))
    elif damage == "bit flipped":
        i = rng.randrange(len(data))
        data[i] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
    elif damage == "emptied":
        path.write_bytes(b"")
    else:
        path.unlink()
    with pytest.raises(QAError) as err:
        open_index(index, check_corpus=False)
    assert isinstance(err.value, (CorruptIndex, IndexNotFound)) or name == "meta.json"
    assert "qa build" in sentence(err.value)


def test_any_bit_flip_in_meta_json_is_detected(pristine, tmp_path):
    index = _copy(pristine, tmp_path)
    path = store.current_dir(index) / "meta.json"
    original = path.read_bytes()
    rng = random.Random(0)
    for _ in range(300):
        data = bytearray(original)
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
        with pytest.raises(QAError) as err:
            store.read_meta(index)
        assert "qa build" in sentence(err.value)
    path.write_bytes(original)
    store.read_meta(index)


def test_a_damaged_previous_build_is_not_reused(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    build(corpus, index, embedder=FakeEmbedder())
    fresh = np.load(store.current_dir(index) / "embeddings.npy")
    path = store.current_dir(index) / "embeddings.npy"
    data = bytearray(path.read_bytes())
    data[-5] ^= 0x40  # inside the last vector: the file still parses
    path.write_bytes(bytes(data))
    report = build(corpus, index, embedder=FakeEmbedder())
    assert report.embedded == report.chunks, "nothing is reused from a build whose checksums fail"
    np.testing.assert_array_equal(np.load(store.current_dir(index) / "embeddings.npy"), fresh)
    open_index(index)


def test_a_dangling_current_link_says_what_to_run(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    build(corpus, index, embedder=FakeEmbedder())
    shutil.rmtree(store.current_dir(index).resolve())
    with pytest.raises(IndexNotFound) as err:
        open_index(index)
    assert "qa build" in sentence(err.value)
    build(corpus, index, embedder=FakeEmbedder())
    open_index(index)
