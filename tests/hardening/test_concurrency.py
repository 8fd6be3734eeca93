"""Two builds on one folder, and readers during a build: a clear refusal, no corruption, no gap in answering."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

from index.build import build
from index.errors import QAError
from index.load import open_index
from qa.pipeline.assistant import Assistant
from tests.conftest import FakeEmbedder
from tests.hardening.conftest import QUESTIONS, snapshot, write_corpus
from tests.hardening.test_crash import ROOT, start_child, wait_for


def test_a_second_build_on_the_same_folder_is_refused_and_the_first_completes(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    build(corpus, index, embedder=FakeEmbedder())
    before = snapshot(index)
    (corpus / "005_more.txt").write_text("再一篇\n\n合肥的量子实验室于2020年建成。\n", encoding="utf-8")

    first = start_child(corpus, index, "--wait-at", "embed chunks")
    try:
        wait_for(first, "embed chunks")  # it holds the lock, half-way through
        second = subprocess.run([sys.executable, "-m", "app.cli", "build", "--corpus", str(corpus), "--index",
                                 str(index), "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert second.returncode != 0
        err = second.stderr.strip()
        assert "another `qa build` is writing" in err and len(err.splitlines()) == 1 and "Traceback" not in err
        assert snapshot(index) == before, "the refused build changed nothing"
        first.stdin.write("go on\n")
        first.stdin.flush()
        out, errors = first.communicate(timeout=120)
    finally:
        first.kill()
    assert first.returncode == 0, errors
    data = open_index(index)  # complete, current with the corpus, checksums good
    assert any(c.doc == "005" for c in data.chunks)


class GatedEmbedder(FakeEmbedder):
    """Stops inside the build's first call until the test opens the gate."""

    def __init__(self):
        super().__init__()
        self.inside, self.gate = threading.Event(), threading.Event()

    def encode(self, texts, batch_size: int = 64):
        self.inside.set()
        self.gate.wait(60)
        return super().encode(texts, batch_size)


def test_the_app_answers_during_a_rebuild_and_switches_only_when_it_is_complete(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    build(corpus, index, embedder=FakeEmbedder())
    assistant = Assistant.load(index, embedder=FakeEmbedder())
    answers = [[p.citation for p in a.passages] for a in assistant.ask_many(QUESTIONS)]
    (corpus / "005_more.txt").write_text("再一篇\n\n合肥的量子实验室有120名研究人员。\n", encoding="utf-8")

    gated = GatedEmbedder()
    errors: list[BaseException] = []

    def rebuild():
        try:
            build(corpus, index, embedder=gated)
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)

    worker = threading.Thread(target=rebuild)
    worker.start()
    try:
        assert gated.inside.wait(60), "the rebuild reached embedding"
        for _ in range(3):
            assert assistant.newer() is None, "no switch while the build is incomplete"
            assert [[p.citation for p in a.passages] for a in assistant.ask_many(QUESTIONS)] == answers
    finally:
        gated.gate.set()
        worker.join(120)
    assert not errors
    fresh = assistant.newer()
    assert fresh is not None and fresh.data.folder != assistant.data.folder
    assert any(c.doc == "005" for c in fresh.data.chunks)
    assert fresh.newer() is None
    # the old build's folder is gone, and the assistant loaded from it still answers (all of it is in memory)
    assert not assistant.data.folder.exists()
    assert [[p.citation for p in a.passages] for a in assistant.ask_many(QUESTIONS)] == answers


def test_loading_never_fails_while_builds_replace_the_index(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    build(corpus, index, embedder=FakeEmbedder())
    stop = threading.Event()
    loads, failures = [0], []

    def reader():
        while not stop.is_set():
            try:
                data = open_index(index, check_corpus=False)
                assert len(data.chunks) == len(data.embeddings)
                loads[0] += 1
            except (QAError, AssertionError) as exc:
                failures.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        builds = 0
        deadline = time.monotonic() + 8
        while builds < 15 and time.monotonic() < deadline:
            build(corpus, index, embedder=FakeEmbedder())
            builds += 1
    finally:
        stop.set()
        for t in threads:
            t.join(60)
    assert failures == [] and loads[0] > builds >= 3, (loads[0], builds, failures[:3])
